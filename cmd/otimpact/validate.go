package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/reports"
)

type validateOptions struct {
	model       string
	format      string
	output      string
	skipInvalid bool
}

func (o *validateOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "", "output format: text, markdown or json (default: from -o's extension, else text)")
	fs.StringVarP(&o.output, "output", "o", "", "write the findings to `FILE` instead of standard output")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "check the model without the rows that have errors (an error finding says so)")
}

func newValidateCommand(g *globalOptions) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate MODEL [flags]",
		Short: "Lint the site model: contradictions, false redundancy, cycles and segmentation smells",
		Long: `Check a site model the way an architect reviews it, and list each finding with
its severity, its place (sheet, row, id) and how to fix it.

  error    the model contradicts itself: something is lost or degraded with
           no action at all (a dependency with no two-way reach, a feed step
           that cannot send)
  warning  false redundancy that one fault defeats (a shared license or time
           server, one firewall under both links, a provider the other
           needs), dependency cycles, unknown kinds, zones without a Purdue
           level, providers in no zone, conduits that skip levels or bypass
           the DMZ, safety feeds that cross IT, hosts that bridge zones
  info     redundancy that cutting one conduit takes with it: worth knowing
           before that containment step

Every loss a finding claims is the simulation's answer, never a guess.

A model with errors (an unknown asset, a duplicate id) is not checked unless
--skip-invalid is given: then the rows that have them are left out, each
problem is listed, and an error-level finding says how many rows are missing.

Exit status: 0 no findings, or only warnings and info; 1 error-level
findings (rows left out by --skip-invalid among them); 2 bad input or usage
(a model that does not load, an unknown format).`,
		Example: `  otimpact validate testdata/waterworks
  otimpact validate site.xlsx --format json
  otimpact validate site.xlsx -o findings.md`,
		Args: onlyModel,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(g, o, args)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runValidate(g *globalOptions, o *validateOptions, args []string) error {
	o.model = args[0]
	o.format = settleFormat(o.format, o.output)
	if o.format != "text" && o.format != "markdown" && o.format != "json" {
		return badInput("unknown format %q (use --format text, markdown or json)", o.format)
	}
	m, err := loadModel(o.model, o.skipInvalid)
	if err != nil {
		return err
	}
	findings, err := m.Validate()
	if err != nil {
		return badInput("%s", err)
	}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = reports.ValidateJSON(&buf, findings)
	case "markdown":
		err = reports.ValidateMarkdown(&buf, o.model, findings)
	default:
		err = reports.ValidateText(&buf, o.model, findings, reports.TextOptions{Color: g.color && o.output == ""})
	}
	if err != nil {
		return err
	}
	if err := writeOutput(g, o.output, buf.Bytes()); err != nil {
		return err
	}
	for _, f := range findings {
		if f.Severity == graph.SeverityError {
			// The report says it all when it is on the screen; a file
			// needs a line saying why the status is 1.
			msg := ""
			if o.output != "" && o.output != "-" {
				msg = fmt.Sprintf("otimpact: %s in %s", reports.ValidateSummary(findings), o.model)
			}
			return &exitError{code: exitFindings, err: errors.New(msg)}
		}
	}
	return nil
}
