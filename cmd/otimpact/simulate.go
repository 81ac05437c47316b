package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/reports"
)

type simulateOptions struct {
	model       string
	steps       []step // actions and scenarios, in the order given
	compromised string
	format      string
	output      string
	skipInvalid bool
	record      string
	note        string
}

// step is one --shutdown/--isolate/--cut/--scenario flag or positional
// "VERB SELECTOR" pair, kept in command-line order.
type step struct {
	verb     graph.Verb // empty for a scenario
	target   string
	scenario string
}

// stepFlag appends to the shared list of steps, so flags of different names
// keep the order the user gave them in.
type stepFlag struct {
	steps *[]step
	verb  graph.Verb
}

func (f *stepFlag) String() string { return "" }
func (f *stepFlag) Type() string {
	if f.verb == "" {
		return "NAME"
	}
	return "SELECTOR"
}
func (f *stepFlag) Set(v string) error {
	if f.verb == "" {
		*f.steps = append(*f.steps, step{scenario: v})
	} else {
		*f.steps = append(*f.steps, step{verb: f.verb, target: v})
	}
	return nil
}

// addStepFlags adds --shutdown, --isolate, --cut and --scenario, which
// append to steps in the order given.
func addStepFlags(fs *pflag.FlagSet, steps *[]step) {
	fs.Var(&stepFlag{steps, graph.Shutdown}, "shutdown", "power off the selected assets, or every asset of a zone (repeatable)")
	fs.Var(&stepFlag{steps, graph.Isolate}, "isolate", "network-contain the selected assets, or cut every conduit of a zone (repeatable)")
	fs.Var(&stepFlag{steps, graph.Cut}, "cut", "cut the selected conduit (repeatable)")
	fs.Var(&stepFlag{steps, ""}, "scenario", "add the actions of a scenario from the model's Scenarios sheet (repeatable)")
}

func (o *simulateOptions) addFlags(fs *pflag.FlagSet) {
	addStepFlags(fs, &o.steps)
	selectorOnce(fs, &o.compromised, "compromised", "assets an attacker holds (selector): report which protected assets they reach before and after")
	fs.StringVar(&o.format, "format", "", "output format: text, json, markdown, xlsx, svg, dot or html (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "go on without the model rows that have errors (the report says so)")
	fs.StringVar(&o.record, "record", "", "append a decision record line (time, note, model SHA-256, actions, summary) to `FILE.jsonl`")
	fs.StringVar(&o.note, "note", "", "why this action is being weighed, kept in the decision record")
}

func newSimulateCommand(g *globalOptions) *cobra.Command {
	o := &simulateOptions{}
	cmd := &cobra.Command{
		Use:   "simulate MODEL [VERB SELECTOR]... [flags]",
		Short: "Simulate containment actions and list what operations lose, when and why",
		Long: `Simulate containment actions on a site model and list the operator stations,
telemetry and control feeds and safety-relevant views that would be lost or
degraded, when, why, and who must sign off.

MODEL is an .xlsx workbook or a folder of CSV files. Actions are given as flags
(--shutdown, --isolate, --cut, --scenario) or as VERB SELECTOR pairs after the
model. A selector is asset:ID, zone:ID, conduit:ID, kind:KIND, tag:TAG,
owner:OWNER, or a bare id that names exactly one asset, zone or conduit.

  shutdown  an asset is powered off; on a zone, every asset of the zone
  isolate   an asset is network-contained but keeps running locally;
            on a zone, every conduit touching the zone is cut
  cut       a conduit carries nothing

Exit status: 0 success, 2 bad input or usage (a model with errors, a selector
that matches nothing, an unknown format).`,
		Example: `  otimpact simulate testdata/waterworks --isolate zone:DMZ
  otimpact simulate site.xlsx shutdown asset:DC-01 --format json
  otimpact simulate site.xlsx --scenario "Kill vendor access" --compromised asset:VGW-01`,
		Args: needModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSimulate(cmd.Context(), g, o, args)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

// alreadyAffected counts the operator stations, assets and feeds lost or
// degraded with no action at all, when there are actions to blame.
func alreadyAffected(m *graph.Model, actions bool) int {
	if !actions {
		return 0
	}
	base, err := m.Simulate(nil, graph.Options{})
	if err != nil {
		return 0
	}
	ids := map[string]bool{}
	for _, o := range base.OperatorStations {
		ids[o.ID] = true
	}
	for _, a := range base.Assets {
		ids[a.ID] = true
	}
	for _, f := range base.Feeds {
		ids["feed "+f.ID] = true
	}
	return len(ids)
}

func runSimulate(ctx context.Context, g *globalOptions, o *simulateOptions, args []string) error {
	if err := o.complete(args); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	m, err := loadModel(o.model, o.skipInvalid)
	if err != nil {
		return err
	}
	actions, err := expandSteps(m, o.steps)
	if err != nil {
		return err
	}
	// What is broken with no action at all is the model's doing, not the
	// action's: count it, so nobody blames the cable for it. The count runs
	// beside the simulation, on the other core.
	already := make(chan int, 1)
	go func() { already <- alreadyAffected(m, len(actions) > 0) }()
	picture := o.format == "svg" || o.format == "dot" || o.format == "html"
	res, err := m.Simulate(actions, graph.Options{Compromised: o.compromised, Topology: picture})
	if err != nil {
		return badInput("%s", err)
	}
	if o.format != "text" {
		warnElsewhere(g, m, <-already)
	}
	var buf bytes.Buffer
	// Text and JSON are built in a buffer of their own: to the terminal
	// they go as they are.
	direct := (o.format == "text" || o.format == "json") && (o.output == "" || o.output == "-")
	out := io.Writer(&buf)
	if direct {
		out = g.stdout
	}
	switch o.format {
	case "json":
		err = reports.JSON(out, res)
	case "markdown":
		err = reports.Markdown(&buf, res)
	case "xlsx":
		err = reports.XLSX(&buf, res)
	case "dot":
		err = reports.DOT(&buf, res)
	case "svg":
		err = reports.SVG(&buf, res)
	case "html":
		err = reports.HTML(&buf, res)
	default:
		err = reports.Text(out, res, reports.TextOptions{Color: g.color && o.output == "", AlreadyAffected: <-already})
	}
	if err != nil {
		return err
	}
	if !direct {
		if err := writeOutput(g, o.output, buf.Bytes()); err != nil {
			return err
		}
	}
	if o.record != "" {
		if err := appendDecision(o.record, o.note, o.model, res, time.Now()); err != nil {
			return &exitError{code: exitBadInput, err: err}
		}
	}
	return nil
}

// needModel checks that a command got its MODEL argument first.
func needModel(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return badInput("%s needs a MODEL: an .xlsx workbook or a folder of CSV files (e.g. otimpact %s testdata/waterworks)", cmd.Name(), cmd.Name())
	}
	if _, err := graph.ParseVerb(args[0]); err == nil {
		if _, statErr := os.Stat(args[0]); statErr != nil {
			return badInput("%q is an action, not a model: the model comes first (otimpact %s MODEL %s ...)", args[0], cmd.Name(), strings.Join(args, " "))
		}
	}
	return nil
}

// onlyModel checks that a command got its MODEL argument and nothing else.
func onlyModel(cmd *cobra.Command, args []string) error {
	if err := needModel(cmd, args); err != nil {
		return err
	}
	return cobra.ExactArgs(1)(cmd, args)
}

// complete takes the model and the positional VERB SELECTOR pairs from args
// and settles the format.
func (o *simulateOptions) complete(args []string) error {
	o.model = args[0]
	if err := appendStepArgs(&o.steps, args[1:]); err != nil {
		return err
	}
	o.format = settleFormat(o.format, o.output)
	return nil
}

// appendStepArgs appends the VERB SELECTOR pairs given after the model.
func appendStepArgs(steps *[]step, rest []string) error {
	const pairs = "actions after the model come in pairs, VERB SELECTOR, e.g. isolate zone:DMZ (a selector with spaces goes in quotes)"
	for i := 0; i < len(rest); i += 2 {
		word := rest[i]
		v, err := graph.ParseVerb(word)
		switch {
		case err != nil && i == len(rest)-1 && strings.Contains(word, ":"):
			verb := "isolate"
			if strings.HasPrefix(strings.ToLower(word), "conduit:") {
				verb = "cut"
			}
			return badInput("%q has no action before it: write e.g. %s %s (actions: shutdown, isolate, cut)", word, verb, word)
		case err != nil:
			return badInput("%v; %s", err, pairs)
		case i == len(rest)-1:
			return badInput("%q has no selector: %s", word, pairs)
		}
		*steps = append(*steps, step{verb: v, target: rest[i+1]})
	}
	return nil
}

func (o *simulateOptions) validate() error {
	if o.note != "" && o.record == "" {
		return badInput("--note goes with --record FILE.jsonl")
	}
	switch o.format {
	case "text", "json", "markdown", "dot", "svg", "html":
		return nil
	case "xlsx":
		if o.output == "" || o.output == "-" {
			return badInput("xlsx goes to a file: add -o FILE.xlsx")
		}
		return nil
	}
	return badInput("unknown format %q (use --format text, json, markdown, xlsx, svg, dot or html)", o.format)
}

// settleFormat is the format a report is written in: --format as given (md
// for markdown), else the one -o's extension names.
func settleFormat(format, output string) string {
	if format == "" {
		return formatFromPath(output)
	}
	format = strings.ToLower(format)
	if format == "md" {
		return "markdown"
	}
	return format
}

// formatFromPath takes a report's format from the extension of the file it
// goes to.
func formatFromPath(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return "json"
	case ".md", ".markdown":
		return "markdown"
	case ".xlsx":
		return "xlsx"
	case ".svg":
		return "svg"
	case ".dot", ".gv":
		return "dot"
	case ".html", ".htm":
		return "html"
	case "", ".txt", ".text", ".log":
		return "text"
	}
	// An extension that names no format: the format check says so
	// (unknown format ".pdf"), rather than writing text into report.pdf.
	return filepath.Ext(path)
}

// loadModel reads and resolves a site model; problems become one located
// error per line and exit status 2.
func loadModel(path string, skipInvalid bool) (*graph.Model, error) {
	return load(path, skipInvalid, true)
}

// loadWhole reads a model for a command that has no --skip-invalid: its
// errors do not suggest the flag.
func loadWhole(path string) (*graph.Model, error) {
	return load(path, false, false)
}

func load(path string, skipInvalid, offerSkip bool) (*graph.Model, error) {
	prepareHeap(path)
	m, err := importers.Load(path, importers.Options{SkipInvalid: skipInvalid})
	if err == nil {
		return m, nil
	}
	var pl graph.ProblemList
	if errors.As(err, &pl) {
		hint := "nothing was done"
		if offerSkip && !skipInvalid && rowProblems(pl) {
			hint = "nothing was done; fix them, or add --skip-invalid to go on without those rows"
			if len(pl) == 1 {
				hint = "nothing was done; fix it, or add --skip-invalid to go on without that row"
			}
		}
		return nil, badInput("%s\notimpact: %s in %s; %s", pl.Error(), reports.Plural(len(pl), "problem"), path, hint)
	}
	return nil, badInput("%v", err)
}

// warnElsewhere puts on standard error what the text report would say about
// the model, for formats that have no place for it.
func warnElsewhere(g *globalOptions, m *graph.Model, already int) {
	for _, n := range m.ImportNotes {
		if !strings.HasPrefix(n, " ") {
			n = "otimpact: " + n
		}
		fmt.Fprintf(g.stderr, "%s\n", reports.OneLine(n))
	}
	if n := len(m.Warnings); n > 0 {
		fmt.Fprintf(g.stderr, "otimpact: %d warning(s) about the model:\n", n)
		for i, w := range m.Warnings {
			if i == 5 {
				fmt.Fprintf(g.stderr, "  … and %d more (the text report lists them)\n", n-5)
				break
			}
			fmt.Fprintf(g.stderr, "  %s\n", reports.OneLine(w.Error()))
		}
	}
	if already > 0 {
		fmt.Fprintf(g.stderr, "otimpact: %d item(s) are lost or degraded even with no action: the model contradicts itself there (simulate with no action to see them)\n", already)
	}
}

// rowProblems reports whether some problems are about rows, which
// --skip-invalid could leave out.
func rowProblems(pl graph.ProblemList) bool {
	for _, p := range pl {
		if p.Row > 0 {
			return true
		}
	}
	return false
}

// expandSteps turns flags and scenario names into actions, in order.
func expandSteps(m *graph.Model, steps []step) ([]graph.Action, error) {
	var actions []graph.Action
	for _, s := range steps {
		if s.scenario == "" {
			actions = append(actions, graph.Action{Verb: s.verb, Target: s.target})
			continue
		}
		sc := findScenario(m, s.scenario)
		if sc == nil {
			var names []string
			for _, sc := range m.Scenarios {
				names = append(names, fmt.Sprintf("%q", sc.Name))
			}
			if len(names) == 0 {
				return nil, badInput("unknown scenario %q: the model has no Scenarios sheet", s.scenario)
			}
			return nil, badInput("unknown scenario %q; the model has %s", s.scenario, strings.Join(names, ", "))
		}
		actions = append(actions, sc.Actions...)
	}
	return actions, nil
}

func findScenario(m *graph.Model, name string) *graph.Scenario {
	for i := range m.Scenarios {
		if graph.Key(m.Scenarios[i].Name) == graph.Key(name) {
			return &m.Scenarios[i]
		}
	}
	return nil
}

// writeOutput writes a report to the file named, or to standard output.
func writeOutput(g *globalOptions, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := g.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return badInput("writing the report: %v", err)
	}
	return nil
}
