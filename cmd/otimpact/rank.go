package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/reports"
)

// defaultTop is how many actions the text and Markdown rankings list.
const defaultTop = 20

type rankOptions struct {
	top     int
	within  string
	actions []string
	format  string
	output  string

	skipInvalid bool

	verbs  []graph.Verb
	limit  int64 // --within in ms
	topSet bool
}

func (o *rankOptions) addFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.top, "top", defaultTop, "list the `N` most harmful actions; 0 lists all (json and xlsx list all unless --top is given)")
	fs.StringVar(&o.within, "within", "", "count only what is lost or degraded within `DURATION` of the action (30m, 8h, 3d)")
	fs.StringSliceVar(&o.actions, "actions", nil, "the actions to try: shutdown, isolate, cut (default all)")
	fs.StringVar(&o.format, "format", "", "output format: text, markdown, xlsx or json (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of standard output")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "go on without the model rows that have errors (the report says so)")
}

func newRankCommand(g *globalOptions) *cobra.Command {
	o := &rankOptions{}
	cmd := &cobra.Command{
		Use:   "rank MODEL [--top N] [--within DURATION] [--actions shutdown,isolate,cut]",
		Short: "Rank every single action by what it costs operations: the single points of failure",
		Long: `Simulate every single action on its own — shut down each asset, isolate each
asset, isolate each zone, cut each conduit — and list them most harmful first:
more safety views lost, then more operator stations lost, then more feeds lost,
then more degraded operator stations and feeds (a degraded safety view is one
of those feeds), then the earlier first loss, then by action and target. This
is the list of single points of failure: a license server or a time server that
everything quietly needs shows up near the top.

Each action's counts are exactly those of 'otimpact simulate MODEL VERB TARGET'.
Actions that take nothing away (the same counts and first loss as no action at
all) are not listed; the last line says how many there are.

--within DURATION counts each operator station, feed and safety view as it
stands DURATION after the action: lost if it is lost by then, degraded if it is
not lost but degraded by then, not at all otherwise; the first loss is the
earliest of those. A feed that misses one of its two stations after 1h and both
after 8h counts as degraded within 2h and as lost within 8h.

--top N lists the N most harmful actions (default 20 in text and Markdown;
json and xlsx list all unless --top is given); --top 0 lists all.

While it runs on a terminal, a progress bar is drawn on standard error.

Exit status: 0 success, 2 bad input or usage.`,
		Example: `  otimpact rank testdata/waterworks
  otimpact rank site.xlsx --within 8h --top 10
  otimpact rank site.xlsx --actions shutdown,isolate --format json -o ranking.json`,
		Args: onlyModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.topSet = cmd.Flags().Changed("top")
			return runRank(cmd.Context(), g, o, args[0])
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func (o *rankOptions) complete() error {
	o.format = settleFormat(o.format, o.output)
	if !o.topSet && (o.format == "json" || o.format == "xlsx") {
		o.top = 0
	}
	for _, a := range o.actions {
		v, err := graph.ParseVerb(a)
		if err != nil {
			return badInput("--actions: %v", err)
		}
		o.verbs = append(o.verbs, v)
	}
	if o.within != "" {
		ms, err := parseWithin(o.within)
		if err != nil {
			return badInput("--within: %q is not a duration: write one like 30m, 8h, 3d or 1d12h", o.within)
		}
		o.limit = ms
	}
	return nil
}

// parseWithin reads a duration as the model's grace column does: Go syntax
// with days in front (30m, 8h, 3d, 1d12h). It returns milliseconds.
func parseWithin(s string) (int64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	var days int64
	if d, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseInt(d, 10, 32)
		if err != nil || n < 0 {
			return 0, errors.New("bad days")
		}
		days, s = n, rest
	}
	var t time.Duration
	if s != "" {
		var err error
		if t, err = time.ParseDuration(s); err != nil || t < 0 {
			return 0, errors.New("bad duration")
		}
	}
	return days*86_400_000 + t.Milliseconds(), nil
}

func (o *rankOptions) validate() error {
	switch o.format {
	case "text", "markdown", "json":
	case "xlsx":
		if o.output == "" || o.output == "-" {
			return badInput("xlsx goes to a file: add -o FILE.xlsx")
		}
	default:
		return badInput("unknown format %q for rank (use --format text, markdown, xlsx or json)", o.format)
	}
	if o.top < 0 {
		return badInput("--top takes a number of actions, 0 for all; got %d", o.top)
	}
	if o.limit < 0 {
		return badInput("--within must not be negative")
	}
	return nil
}

func runRank(ctx context.Context, g *globalOptions, o *rankOptions, path string) error {
	if err := o.complete(); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	m, err := loadModel(path, o.skipInvalid)
	if err != nil {
		return err
	}
	opts := graph.RankOptions{Verbs: o.verbs, Within: o.limit, Limited: o.within != ""}
	if bar := progressBar(g); bar != nil {
		opts.Progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
		defer bar.Clear()
	}
	rk, err := m.Rank(opts)
	if err != nil {
		return badInput("%s", err)
	}
	if o.format != "text" {
		warnElsewhere(g, m, 0)
	}
	var buf bytes.Buffer
	ro := reports.RankOptions{Top: o.top}
	switch o.format {
	case "json":
		err = reports.RankJSON(&buf, rk, ro)
	case "markdown":
		err = reports.RankMarkdown(&buf, rk, ro)
	case "xlsx":
		err = reports.RankXLSX(&buf, rk, ro)
	default:
		err = reports.RankText(&buf, rk, ro)
	}
	if err != nil {
		return err
	}
	return writeOutput(g, o.output, buf.Bytes())
}

// progressBar is a bar on standard error while that is a terminal, else nil:
// nothing is drawn into a file or a pipe.
func progressBar(g *globalOptions) *progressbar.ProgressBar {
	f, ok := g.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("ranking single actions"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)
}
