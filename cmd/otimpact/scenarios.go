package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/reports"
)

type scenariosOptions struct {
	format string
}

func (o *scenariosOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output format: text or json")
}

func newScenariosCommand(g *globalOptions) *cobra.Command {
	o := &scenariosOptions{}
	cmd := &cobra.Command{
		Use:   "scenarios MODEL",
		Short: "List the model's what-if scenarios and their actions",
		Long: `List the scenarios of the model's Scenarios sheet, each with its actions, ready
to run with 'otimpact simulate MODEL --scenario NAME'.

Exit status: 0 success, 2 bad input or usage.`,
		Args: onlyModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScenarios(g, o, args[0])
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

type scenarioJSON struct {
	Name    string       `json:"name"`
	Actions []actionJSON `json:"actions"`
}

type actionJSON struct {
	Action string `json:"action"`
	Target string `json:"target"`
}

func runScenarios(g *globalOptions, o *scenariosOptions, path string) error {
	if o.format != "text" && o.format != "json" {
		return badInput("unknown format %q (use text or json)", o.format)
	}
	m, err := loadWhole(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if o.format == "json" {
		out := struct {
			Schema    string         `json:"schema"`
			Scenarios []scenarioJSON `json:"scenarios"`
		}{Schema: "otimpact/scenarios/v1", Scenarios: []scenarioJSON{}}
		for _, s := range m.Scenarios {
			sj := scenarioJSON{Name: s.Name, Actions: []actionJSON{}}
			for _, a := range s.Actions {
				sj.Actions = append(sj.Actions, actionJSON{Action: string(a.Verb), Target: a.Target})
			}
			out.Scenarios = append(out.Scenarios, sj)
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
		return writeOutput(g, "", buf.Bytes())
	}
	if len(m.Scenarios) == 0 {
		fmt.Fprintf(&buf, "%s has no scenarios yet: add rows to a Scenarios sheet (columns scenario, action, target).\n", path)
		return writeOutput(g, "", buf.Bytes())
	}
	// Each scenario's name, then its actions, the targets in one column.
	width := 0
	for _, s := range m.Scenarios {
		for _, a := range s.Actions {
			width = max(width, len(a.Verb))
		}
	}
	for _, s := range m.Scenarios {
		fmt.Fprintf(&buf, "%s\n", reports.OneLine(s.Name))
		for _, a := range s.Actions {
			fmt.Fprintf(&buf, "  %-*s  %s\n", width, a.Verb, reports.OneLine(a.Target))
		}
	}
	fmt.Fprintf(&buf, "\n%s. Run one with: otimpact simulate %s --scenario NAME\n", reports.Plural(len(m.Scenarios), "scenario"), path)
	return writeOutput(g, "", buf.Bytes())
}
