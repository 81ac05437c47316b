// Command otimpact simulates a containment action on an OT site model before
// anyone pulls the cable: which operator stations, feeds and safety views are
// lost, when, why, and who must sign off.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // the analysis found what it looks for
	exitBadInput = 2 // bad input or usage
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC trades memory for time: a run reads a model, simulates and exits,
// and nearly everything it allocates stays live until then, so collecting
// before the heap nears a soft limit only slows it down. The limit keeps a
// million-asset site under a gigabyte. GOGC and GOMEMLIMIT still win.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(900 << 20)
}

// globalOptions is what every command shares: where output goes and whether
// that is a terminal a person reads.
type globalOptions struct {
	stdout, stderr io.Writer
	// color is true when stdout is a terminal and NO_COLOR is not set.
	color bool
}

// exitError carries the exit status a failure must end with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(format string, args ...any) error {
	return &exitError{code: exitBadInput, err: fmt.Errorf(format, args...)}
}

func run(args []string, stdout, stderr io.Writer) int {
	g := &globalOptions{stdout: stdout, stderr: stderr}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" {
		g.color = true
	}
	root := newRootCommand(g)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown flags, wrong argument counts.
	fmt.Fprintf(stderr, "otimpact: %v\nRun 'otimpact --help' for usage.\n", err)
	return exitBadInput
}

func newRootCommand(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "otimpact",
		Short: "Simulate a containment action on an OT site before anyone pulls the cable",
		Long: `otimpact reads a site model — an .xlsx workbook or a folder of CSV files with the
sheets Assets, Zones, Conduits, Dependencies, Feeds and Scenarios — and simulates a
containment action (shut down, isolate, cut) to list the operator stations,
telemetry and control feeds and safety-relevant views that would be lost, when,
why, and who must sign off.

Exit status: 0 success, 1 the analysis found what it looks for, 2 bad input or usage.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.AddCommand(newSimulateCommand(g), newSuggestCommand(g), newRankCommand(g), newRestoreOrderCommand(g), newValidateCommand(g), newCompareCommand(g), newScenariosCommand(g), newTemplateCommand(g), newGenerateCommand(g), newDiscoverCommand(g), newVersionCommand(g))
	return cmd
}
