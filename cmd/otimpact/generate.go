package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/synth"
)

type generateOptions struct {
	assets int
	sites  int
	seed   int64
	output string
	force  bool
}

func (o *generateOptions) addFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.assets, "assets", 1000, "about how many assets")
	fs.IntVar(&o.sites, "sites", 0, "how many plants share the enterprise zone and DMZ (default: one per 5,000 assets)")
	fs.Int64Var(&o.seed, "seed", 1, "the same seed gives the same site")
	fs.StringVarP(&o.output, "output", "o", "", "a folder for CSV files, or a FILE.xlsx workbook (required)")
	fs.BoolVar(&o.force, "force", false, "overwrite the output if it exists")
}

func newGenerateCommand(g *globalOptions) *cobra.Command {
	o := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate --assets N -o DIR|FILE.xlsx",
		Short: "Write a realistic synthetic site model, for trials and benchmarks",
		Long: `Write a synthetic site model: a shared enterprise zone and IT/OT DMZ, and per
plant an operations zone, a control room, cells of PLCs and a SIS zone, with
redundant domain controllers and SCADA servers, a historian mirrored through a
data diode, license and time servers, and telemetry, control and safety feeds.
The same seed gives the same model.

Exit status: 0 success, 2 bad input or usage.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGenerate(g, o)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runGenerate(g *globalOptions, o *generateOptions) error {
	if o.output == "" {
		return badInput("generate needs -o DIR or -o FILE.xlsx")
	}
	if _, err := os.Stat(o.output); err == nil && !o.force {
		return badInput("%s exists; add --force to overwrite it", o.output)
	}
	if strings.EqualFold(filepath.Ext(o.output), ".csv") {
		return badInput("generate writes a folder of CSV files or a FILE.xlsx workbook; name a folder, not %s", o.output)
	}
	if o.assets < 1 || o.assets > 10_000_000 {
		return badInput("--assets must be between 1 and 10,000,000")
	}
	sites := o.sites
	if sites == 0 {
		sites = o.assets/5000 + 1
	}
	m := synth.Generate(o.assets, sites, o.seed)
	var err error
	if strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
		err = importers.WriteXLSX(m, o.output)
	} else {
		err = importers.WriteCSVDir(m, o.output)
	}
	if err != nil {
		return badInput("writing %s: %v", o.output, err)
	}
	fmt.Fprintf(g.stderr, "wrote %s: %d assets, %d zones, %d conduits, %d dependencies, %d feeds\n",
		o.output, len(m.Assets), len(m.Zones), len(m.Conduits), len(m.Dependencies), len(m.Feeds))
	return nil
}
