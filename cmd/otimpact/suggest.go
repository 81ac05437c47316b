package main

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/reports"
)

type suggestOptions struct {
	compromised string
	protect     string
	maxActions  int
	top         int
	format      string
	output      string
	skipInvalid bool
}

func (o *suggestOptions) addFlags(fs *pflag.FlagSet) {
	selectorOnce(fs, &o.compromised, "compromised", "assets an attacker holds (selector; required)")
	selectorOnce(fs, &o.protect, "protect", "only these protected assets must become unreachable (selector; default: every protected asset)")
	fs.IntVar(&o.maxActions, "max-actions", graph.DefaultSuggestActions, "the most actions an option may take (1 to 4)")
	fs.IntVar(&o.top, "top", 10, "how many options to show (0: all)")
	fs.StringVar(&o.format, "format", "", "output format: text, json or markdown (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "go on without the model rows that have errors (the report says so)")
}

func newSuggestCommand(g *globalOptions) *cobra.Command {
	o := &suggestOptions{}
	cmd := &cobra.Command{
		Use:   "suggest MODEL --compromised SELECTOR [--protect SELECTOR] [--max-actions N]",
		Short: "Suggest containment options that cut an attacker off from every protected asset",
		Long: `Suggest containment options against an attacker on the compromised assets:
every set of at most N actions (--max-actions, default 2) that leaves no
protected asset reachable, none holding a smaller one that also works, ranked
from least to most loss to operations: safety views lost, then operator
stations lost, then feeds lost, then degraded items, then other assets
affected, then fewer actions. Each option comes with its cost, who must sign
off, and for each action how many protected assets would be reachable without
it, with an attacker path it breaks (✂ marks where).

The actions considered are isolating the foothold (the --compromised selector
itself), isolating an asset or a zone, and cutting a conduit, wherever they
break an attacker path. Shutting an asset down cuts the attacker exactly as
isolating it does and never costs less, so it is not offered.

Protected assets are PLCs, RTUs, SIS, controllers, IEDs, safety assets and
assets in a zone of level 1 or below, the compromised ones left out.
--protect narrows them to the protected assets it selects (a selector that
selects none is an error).

When no set of at most N actions cuts every path, suggest says so and shows
the best option found: the one that leaves the fewest protected assets
reachable, and which (every set is tried on a small site). The JSON then
carries "partial": true.

Exit status: 0 an option cuts the attacker off from every protected asset (or
there is nothing to cut off), 1 none of at most N actions does (the partial
case), 2 bad input or usage.`,
		Example: `  otimpact suggest testdata/waterworks --compromised asset:VGW-01
  otimpact suggest site.xlsx --compromised zone:DMZ --max-actions 3 --format json
  otimpact suggest site.xlsx --compromised asset:VGW-01 --protect kind:sis -o options.md`,
		Args: onlyModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSuggest(cmd.Context(), g, o, args[0])
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func (o *suggestOptions) complete() {
	o.format = settleFormat(o.format, o.output)
}

func (o *suggestOptions) validate() error {
	switch o.format {
	case "text", "json", "markdown":
	default:
		return badInput("unknown format %q for suggest (use --format text, json or markdown)", o.format)
	}
	if strings.TrimSpace(o.compromised) == "" {
		return badInput("suggest needs --compromised SELECTOR: the assets an attacker holds (e.g. --compromised asset:VGW-01)")
	}
	if o.maxActions < 1 || o.maxActions > graph.MaxSuggestActions {
		return badInput("--max-actions must be 1 to %d, not %d", graph.MaxSuggestActions, o.maxActions)
	}
	if o.top < 0 {
		return badInput("--top must be 0 (all) or more, not %d", o.top)
	}
	return nil
}

func runSuggest(ctx context.Context, g *globalOptions, o *suggestOptions, path string) error {
	o.complete()
	if err := o.validate(); err != nil {
		return err
	}
	m, err := loadModel(path, o.skipInvalid)
	if err != nil {
		return err
	}
	sg, err := m.Suggest(graph.SuggestOptions{Compromised: o.compromised, Protect: o.protect, MaxActions: o.maxActions, Top: o.top})
	if err != nil {
		return badInput("%s", err)
	}
	warnElsewhere(g, m, 0)
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = reports.SuggestJSON(&buf, sg)
	case "markdown":
		err = reports.SuggestMarkdown(&buf, sg)
	default:
		err = reports.SuggestText(&buf, sg, reports.TextOptions{Color: g.color && o.output == ""})
	}
	if err != nil {
		return err
	}
	if err := writeOutput(g, o.output, buf.Bytes()); err != nil {
		return err
	}
	if sg.Partial {
		// The report says so; the status tells a script.
		return &exitError{code: exitFindings, err: errors.New("")}
	}
	return nil
}
