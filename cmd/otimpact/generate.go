package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/graph"
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
	fs.IntVar(&o.assets, "assets", 1000, "how many assets")
	fs.IntVar(&o.sites, "sites", 0, "how many sites share the enterprise zone and DMZ (default: one, and one more per 5,000 assets)")
	fs.Int64Var(&o.seed, "seed", 1, "the same seed gives the same model")
	fs.StringVarP(&o.output, "output", "o", "", "a folder for CSV files, or a FILE.xlsx workbook (required)")
	fs.BoolVar(&o.force, "force", false, "write even where generate did not write before")
}

func newGenerateCommand(g *globalOptions) *cobra.Command {
	o := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate --assets N [--sites S] [--seed S] -o DIR|FILE.xlsx",
		Short: "Write a realistic synthetic site model, for trials and benchmarks",
		Long: `Write a synthetic site model of exactly N assets: an enterprise zone and IT/OT
DMZ shared by the sites, and in each site an operations zone, a control room,
cells of PLCs, DCS controllers and IEDs, a SIS zone and remote stations; domain
controller and SCADA server pairs, a historian mirrored through a data diode
to the DMZ, a license server and time servers that many things need, vendor
access through a gateway and jump host; telemetry, control and safety feeds;
grace times for cached credentials, licenses and historian buffers. With no
action nothing is lost. A few deliberate design flaws are planted for validate
to find; README.txt in the folder (or the workbook's description) lists them.
The same flags give the same bytes.

-o DIR writes assets.csv, zones.csv, conduits.csv, dependencies.csv, feeds.csv,
scenarios.csv and README.txt; -o FILE.xlsx a workbook. Output that generate
wrote before is replaced; anything else only with --force.

Exit status: 0 success, 2 bad input or usage.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGenerate(g, o)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

const (
	maxGenerateAssets = 10_000_000
	maxWorkbookAssets = 1_000_000
	// generatedMark begins README.txt and the workbook's description: what
	// generate wrote, it may write over.
	generatedMark  = "Synthetic site model written by otimpact generate"
	generateReadme = "README.txt"
)

func runGenerate(g *globalOptions, o *generateOptions) error {
	sites := o.sites
	if sites == 0 {
		sites = synth.DefaultSites(o.assets)
	}
	workbook := strings.EqualFold(filepath.Ext(o.output), ".xlsx")
	if err := o.validate(sites, workbook); err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Unlike a simulation, generate streams: what it makes is written
		// and dropped at once, so collecting keeps it small, and fast.
		debug.SetGCPercent(200)
	}
	flaws := synth.Flaws(o.assets, sites, o.seed)
	command := fmt.Sprintf("otimpact generate --assets %d --sites %d --seed %d", o.assets, sites, o.seed)
	var (
		w   *importers.ModelWriter
		err error
	)
	if workbook {
		w, err = importers.CreateXLSX(o.output, generatedMark+": "+command+". Not a real plant. "+
			fmt.Sprintf("%d deliberate design flaws for validate to find: ", len(flaws))+flawIDs(flaws)+".")
	} else {
		err = os.MkdirAll(o.output, 0o755)
		if err == nil {
			// Written first: a run cut short leaves a folder the next run may replace.
			err = os.WriteFile(filepath.Join(o.output, generateReadme), []byte(generatedMark+".\n"), 0o644)
		}
		if err == nil {
			w, err = importers.CreateCSVDir(o.output)
		}
	}
	if err != nil {
		return badInput("%v", err)
	}
	var count graph.ModelInfo
	scenarios := 0
	err = synth.Stream(o.assets, sites, o.seed, func(part *graph.Model) error {
		count.Assets += len(part.Assets)
		count.Zones += len(part.Zones)
		count.Conduits += len(part.Conduits)
		count.Dependencies += len(part.Dependencies)
		count.Feeds += len(part.Feeds)
		scenarios += len(part.Scenarios)
		return w.Write(part)
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	summary := fmt.Sprintf("%d assets, %d zones, %d conduits, %d dependencies, %d feeds, %d scenarios",
		count.Assets, count.Zones, count.Conduits, count.Dependencies, count.Feeds, scenarios)
	if err == nil && !workbook {
		err = os.WriteFile(filepath.Join(o.output, generateReadme), readme(command, summary, flaws), 0o644)
	}
	if err != nil {
		return badInput("%v", err)
	}
	plural := "s"
	if sites == 1 {
		plural = ""
	}
	fmt.Fprintf(g.stderr, "wrote %s: %s; %d site%s, %d planted design flaws\n", o.output, summary, sites, plural, len(flaws))
	return nil
}

func (o *generateOptions) validate(sites int, workbook bool) error {
	if o.output == "" {
		return badInput("generate needs -o DIR or -o FILE.xlsx")
	}
	switch ext := strings.ToLower(filepath.Ext(o.output)); ext {
	case ".csv", ".tsv", ".txt", ".xls", ".xlsm", ".ods", ".json", ".md", ".html", ".svg", ".dot":
		return badInput("generate writes a folder of CSV files or a FILE.xlsx workbook, not %s", o.output)
	}
	if o.sites < 0 {
		return badInput("--sites must be at least 1")
	}
	if o.assets < synth.MinAssets(1) || o.assets > maxGenerateAssets {
		return badInput("--assets must be between %d and %d", synth.MinAssets(1), maxGenerateAssets)
	}
	if o.assets < synth.MinAssets(sites) {
		return badInput("%d assets are too few for %d sites: the enterprise zone and DMZ take %d and each site at least %d (at most %d sites for %d assets)",
			o.assets, sites, synth.SharedAssets, synth.MinSiteAssets, (o.assets-synth.SharedAssets)/synth.MinSiteAssets, o.assets)
	}
	if workbook && o.assets > maxWorkbookAssets {
		return badInput("a workbook holds at most %d assets (an Excel sheet has 1,048,576 rows, and feeds are about as many as assets): write more as a folder of CSV files", maxWorkbookAssets)
	}
	if o.force {
		return nil
	}
	if workbook {
		return checkWorkbookOutput(o.output)
	}
	return checkFolderOutput(o.output)
}

// checkFolderOutput lets generate write into a folder that is new, empty or
// holds only what generate wrote there before.
func checkFolderOutput(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return badInput("%s is a file: generate writes a folder of CSV files or a FILE.xlsx workbook", dir)
		}
		return badInput("%s: %v", dir, err)
	}
	ours := len(entries) == 0
	for _, e := range entries {
		if e.Name() == generateReadme {
			ours = hasPrefixFile(filepath.Join(dir, generateReadme), generatedMark)
		}
	}
	for _, e := range entries {
		if !ours || !generatedFile(e) {
			return badInput("%s holds files generate did not write; name a new or empty folder, or add --force to write into it", dir)
		}
	}
	return nil
}

// generatedFile reports whether a folder entry is one generate writes.
func generatedFile(e fs.DirEntry) bool {
	if !e.Type().IsRegular() {
		return false
	}
	switch e.Name() {
	case generateReadme, "assets.csv", "zones.csv", "conduits.csv", "dependencies.csv", "feeds.csv", "scenarios.csv":
		return true
	}
	return false
}

func hasPrefixFile(path, prefix string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(prefix))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == prefix
}

// checkWorkbookOutput lets generate write a workbook that is new or that
// generate wrote before.
func checkWorkbookOutput(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return badInput("%s: %v", path, err)
	}
	if fi.IsDir() {
		return badInput("%s is a folder: name the workbook to write", path)
	}
	if !generatedWorkbook(path) {
		return badInput("%s exists and generate did not write it; add --force to overwrite it", path)
	}
	return nil
}

// generatedWorkbook reports whether the workbook's description says
// generate wrote it.
func generatedWorkbook(path string) bool {
	z, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "docProps/core.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return false
		}
		defer r.Close()
		core, err := io.ReadAll(io.LimitReader(r, 1<<20))
		return err == nil && bytes.Contains(core, []byte("<dc:description>"+generatedMark))
	}
	return false
}

func flawIDs(flaws []synth.Flaw) string {
	ids := make([]string, len(flaws))
	for i, f := range flaws {
		ids[i] = f.ID
	}
	return strings.Join(ids, ", ")
}

// readme says what the folder holds and lists the planted flaws.
func readme(command, summary string, flaws []synth.Flaw) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s:\n\n    %s\n\n%s. It is not a real plant.\n\n", generatedMark, command, summary)
	fmt.Fprintf(&b, "It holds %d deliberate design flaws, for otimpact validate to find:\n\n", len(flaws))
	for _, f := range flaws {
		fmt.Fprintf(&b, "%s (%s): %s. %s\n", f.ID, f.Check, f.Note, strings.Join(f.Where, " "))
	}
	return b.Bytes()
}
