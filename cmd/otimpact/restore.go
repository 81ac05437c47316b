package main

import (
	"bytes"
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/reports"
)

type restoreOrderOptions struct {
	model       string
	steps       []step // actions and scenarios, in the order given
	format      string
	output      string
	skipInvalid bool
}

func (o *restoreOrderOptions) addFlags(fs *pflag.FlagSet) {
	addStepFlags(fs, &o.steps)
	fs.StringVar(&o.format, "format", "", "output format: text, json or markdown (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write the plan to `FILE` instead of standard output")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "go on without the model rows that have errors (the plan says so)")
}

func newRestoreOrderCommand(g *globalOptions) *cobra.Command {
	o := &restoreOrderOptions{}
	cmd := &cobra.Command{
		Use:   "restore-order MODEL [VERB SELECTOR]... [flags]",
		Short: "Plan the order to bring back what containment actions took down",
		Long: `Plan how to bring back what containment actions took down, one step at a time:
providers before consumers (time and identity before SCADA before operator
stations), boundary devices before the conduits they carry, an isolated zone or
a cut conduit before what needs it. Of the steps that could go next, the one
that brings back the most safety views, then operator stations, then feeds goes
first, so that operations recover soonest; between equals, the kind order.
Assets that need each other come back as one step. Assets lost only through
their dependencies get no step of their own: the step that brings back their
providers says to check them.

Each step says what to do, which earlier steps it waits for, which action it
undoes, who signs off, what it brings back (operator stations, feeds, safety
views, other assets) and what to verify; a long list of checks is counted by
kind in text, and kept whole in JSON and Markdown. The last line says what the
actions take, in the numbers simulate gives, and what the steps bring back.

Actions are given exactly as for simulate: flags (--shutdown, --isolate, --cut,
--scenario) or VERB SELECTOR pairs after the model.

Exit status: 0 success, 2 bad input or usage (a model with errors, no action, a
selector that matches nothing, an unknown format).`,
		Example: `  otimpact restore-order testdata/waterworks --scenario "Shut down domain controllers"
  otimpact restore-order site.xlsx shutdown asset:NTP-01 isolate zone:DMZ --format json
  otimpact restore-order site.xlsx --scenario "Kill vendor access" -o runbook.md`,
		Args: needModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRestoreOrder(cmd.Context(), g, o, args)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runRestoreOrder(ctx context.Context, g *globalOptions, o *restoreOrderOptions, args []string) error {
	o.model = args[0]
	if err := appendStepArgs(&o.steps, args[1:]); err != nil {
		return err
	}
	o.format = settleFormat(o.format, o.output)
	switch o.format {
	case "text", "json", "markdown":
	default:
		return badInput("unknown format %q for restore-order (use --format text, json or markdown)", o.format)
	}
	if len(o.steps) == 0 {
		return badInput("restore-order needs the actions to undo: --shutdown, --isolate, --cut, --scenario NAME, or VERB SELECTOR pairs after the model")
	}
	m, err := loadModel(o.model, o.skipInvalid)
	if err != nil {
		return err
	}
	actions, err := expandSteps(m, o.steps)
	if err != nil {
		return err
	}
	plan, err := m.RestoreOrder(actions)
	if err != nil {
		return badInput("%s", err)
	}
	if o.format != "text" {
		warnElsewhere(g, m, 0)
	}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = reports.RestoreJSON(&buf, plan)
	case "markdown":
		err = reports.RestoreMarkdown(&buf, plan)
	default:
		err = reports.RestoreText(&buf, plan, reports.TextOptions{Color: g.color && o.output == ""})
	}
	if err != nil {
		return err
	}
	return writeOutput(g, o.output, buf.Bytes())
}
