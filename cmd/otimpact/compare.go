package main

import (
	"bytes"
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/reports"
)

type compareOptions struct {
	scenarios   []string
	all         bool
	compromised string
	format      string
	output      string
}

func (o *compareOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&o.scenarios, "scenario", nil, "a scenario of the model's Scenarios sheet to compare (repeatable)")
	fs.BoolVar(&o.all, "all", false, "compare every scenario of the model")
	fs.StringVar(&o.compromised, "compromised", "", "assets an attacker holds (selector): also compare the protected assets still reachable")
	fs.StringVar(&o.format, "format", "", "output format: text, markdown, xlsx or json (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of standard output")
}

func newCompareCommand(g *globalOptions) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare MODEL (--scenario NAME... | --all)",
		Short: "Compare scenarios side by side: what each costs operations",
		Long: `Simulate each scenario on its own and put them side by side: operator stations
lost, feeds lost, safety views lost, degraded items, the earliest loss, and with
--compromised the protected assets an attacker still reaches.

Exit status: 0 success, 2 bad input or usage.`,
		Example: `  otimpact compare testdata/waterworks --all
  otimpact compare site.xlsx --scenario "Isolate IT from OT" --scenario "Kill vendor access" --compromised asset:VGW-01
  otimpact compare site.xlsx --all -o comparison.xlsx`,
		Args: onlyModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd.Context(), g, o, args[0])
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runCompare(ctx context.Context, g *globalOptions, o *compareOptions, path string) error {
	o.format = settleFormat(o.format, o.output)
	switch o.format {
	case "text", "markdown", "xlsx", "json":
	default:
		return badInput("unknown format %q for compare (use --format text, markdown, xlsx or json)", o.format)
	}
	if o.format == "xlsx" && o.output == "" {
		return badInput("xlsx goes to a file: add -o FILE.xlsx")
	}
	if !o.all && len(o.scenarios) == 0 {
		return badInput("name the scenarios to compare with --scenario NAME, or use --all")
	}
	m, err := loadWhole(path)
	if err != nil {
		return err
	}
	var chosen []graph.Scenario
	if o.all {
		chosen = m.Scenarios
		if len(chosen) == 0 {
			return badInput("%s has no scenarios yet: add rows to a Scenarios sheet (columns scenario, action, target)", path)
		}
	}
	for _, name := range o.scenarios {
		steps, err := expandSteps(m, []step{{scenario: name}})
		if err != nil {
			return err
		}
		chosen = append(chosen, graph.Scenario{Name: findScenario(m, name).Name, Actions: steps})
	}
	c, err := m.Compare(chosen, graph.Options{Compromised: o.compromised})
	if err != nil {
		return badInput("%s", err)
	}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = reports.CompareJSON(&buf, c)
	case "markdown":
		err = reports.CompareMarkdown(&buf, c)
	case "xlsx":
		err = reports.CompareXLSX(&buf, c)
	default:
		err = reports.CompareText(&buf, c)
	}
	if err != nil {
		return err
	}
	return writeOutput(g, o.output, buf.Bytes())
}
