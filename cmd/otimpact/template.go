package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact"
	"github.com/otimpact/otimpact/importers"
)

type templateOptions struct {
	output  string
	example bool
	force   bool
}

func (o *templateOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.output, "output", "o", "", "the workbook to write, `FILE.xlsx` (required)")
	fs.BoolVar(&o.example, "example", false, "write the shipped example site (a water treatment works) instead of an empty template")
	fs.BoolVar(&o.force, "force", false, "overwrite FILE if it exists")
}

func newTemplateCommand(g *globalOptions) *cobra.Command {
	o := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "template -o FILE.xlsx [--example]",
		Short: "Write an empty site model workbook to fill in",
		Long: `Write an empty site model workbook a plant engineer can fill in: the sheets
Assets, Zones, Conduits, Dependencies, Feeds and Scenarios with their headers,
drop-downs for kinds, directions, feed kinds, actions and yes/no columns, and an
Instructions sheet that explains every column with an example. With --example,
write the shipped example site instead.

Exit status: 0 success, 2 bad input or usage.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTemplate(g, o)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runTemplate(g *globalOptions, o *templateOptions) error {
	if o.output == "" {
		return badInput("template needs -o FILE.xlsx")
	}
	if !strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
		return badInput("template writes a workbook: name it FILE.xlsx, not %s", o.output)
	}
	if _, err := os.Stat(o.output); err == nil && !o.force {
		return badInput("%s exists; add --force to overwrite it", o.output)
	}
	data := otimpact.ExampleWorkbook
	if !o.example {
		var buf bytes.Buffer
		if err := importers.WriteTemplate(&buf); err != nil {
			return err
		}
		data = buf.Bytes()
	}
	return writeOutput(g, o.output, data)
}
