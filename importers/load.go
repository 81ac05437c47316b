// Package importers reads a site model — an .xlsx workbook or a folder of CSV
// files with the sheets Assets, Zones, Conduits, Dependencies, Feeds and
// Scenarios — into a graph.Model, and writes one back. Sheet and column names
// match loosely and through aliases; every problem is located by file,
// sheet, row and column, and all of them are reported at once.
package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// Options tune how a model is read.
type Options struct {
	// SkipInvalid goes on without rows that have problems: they are left
	// out, counted in Model.Skipped and reported as warnings.
	SkipInvalid bool
}

// Load reads a site model: an .xlsx workbook, a folder of CSV files named
// like the sheets, or a single .csv file taken as the Assets sheet. It
// resolves the model's references; the error, when there is one, is a
// graph.ProblemList holding every error found. The model is returned even
// then, with its warnings.
func Load(path string, opts Options) (*graph.Model, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return failed(path, fileProblem(path, err))
	}
	if fi.IsDir() {
		return ReadCSVDir(path, opts)
	}
	if !fi.Mode().IsRegular() {
		// Opening a named pipe would wait for a writer.
		return failed(path, &graph.Problem{File: path, Msg: "not a regular file"})
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm":
		return ReadXLSX(path, opts)
	case ".csv", ".tsv", ".txt":
		return readCSVFile(path, opts)
	}
	magic := make([]byte, 8)
	if f, err := os.Open(path); err == nil {
		n, _ := io.ReadFull(f, magic)
		magic = magic[:n]
		f.Close()
	}
	switch {
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")):
		return ReadXLSX(path, opts)
	case bytes.HasPrefix(magic, oleMagic):
		return failed(path, &graph.Problem{File: path, Msg: oldXLSMsg})
	}
	return failed(path, &graph.Problem{File: path,
		Msg: "not a site model: want an .xlsx workbook, a .csv file or a folder of CSV files"})
}

// failed returns an empty model and the problem that stopped reading.
func failed(path string, p *graph.Problem) (*graph.Model, error) {
	return &graph.Model{Source: path}, graph.ProblemList{p}
}

// fileProblem turns an I/O error into a problem naming the file.
func fileProblem(path string, err error) *graph.Problem {
	msg := err.Error()
	var pe *os.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &graph.Problem{File: path, Msg: msg, Err: err}
}

// sheetTask is one sheet to read, and the part of the model it holds.
type sheetTask struct {
	sc *schema
	c  *candidate
}

// readModel reads the candidates that are sheets of the model, with read,
// and builds the model. serial reads one sheet after the other.
func readModel(source string, cands []candidate, read func(p *sheetParser, c *candidate), opts Options, serial bool) (*graph.Model, error) {
	cands, subnets, ignored := takeSubnetSheet(cands)
	chosen, warnings := matchSheets(cands)
	warnings = append(warnings, ignored...)
	var problems graph.ProblemList
	if chosen[sheetAssets] == nil {
		problems.Add(noAssets(source))
	}
	var tasks []sheetTask
	for k, c := range chosen {
		if c != nil {
			tasks = append(tasks, sheetTask{schemas[k], c})
		}
	}
	reading := readSheets(tasks, read, opts, serial)
	return build(source, reading, readSubnetResult(subnets, read, opts), problems, warnings, opts)
}

// reading is the sheets of a model being read, each of which can be waited
// for on its own.
type reading struct {
	out  [numSheets]*sheetResult
	done [numSheets]chan struct{}
}

// sheet waits for the sheet of a kind and returns it, nil when the model
// has none.
func (rd *reading) sheet(kind sheetKind) *sheetResult {
	if c := rd.done[kind]; c != nil {
		<-c
	}
	return rd.out[kind]
}

// readSheets starts the tasks, concurrently unless serial (then they are
// done when it returns).
func readSheets(tasks []sheetTask, read func(p *sheetParser, c *candidate), opts Options, serial bool) *reading {
	rd := &reading{}
	for _, t := range tasks {
		run := func() {
			p := newSheetParser(t.sc, t.c.file, t.c.sheet, opts)
			defer func() {
				// A reader bug must not take the whole program down.
				if r := recover(); r != nil {
					p.fatal.Add(&graph.Problem{File: t.c.file, Sheet: t.c.sheet,
						Msg: fmt.Sprintf("internal error while reading: %v\n%s", r, debug.Stack())})
					p.ok = false
				}
				rd.out[t.sc.kind] = p.finish()
			}()
			read(p, t.c)
		}
		if serial {
			run()
			continue
		}
		done := make(chan struct{})
		rd.done[t.sc.kind] = done
		go func() {
			defer close(done)
			run()
		}()
	}
	return rd
}

// build assembles the model from the sheets being read, resolves it, and
// returns every error found. problems are file-level problems found before
// reading the sheets; warnings go to the model. subnets is the Subnets
// sheet, if any (see zoning). The assets, zones and conduits are resolved
// as soon as they are read, while the larger sheets of dependencies and
// feeds are still being read.
func build(source string, rd *reading, subnets *sheetResult, problems, warnings graph.ProblemList, opts Options) (*graph.Model, error) {
	m := &graph.Model{Source: source}
	m.Warnings = append(m.Warnings, warnings...)
	errs := problems
	take := func(kind sheetKind) {
		r := rd.sheet(kind)
		if r == nil {
			return
		}
		m.Warnings = append(m.Warnings, r.warnings...)
		errs = append(errs, r.fatal...)
		if opts.SkipInvalid {
			m.Warnings = append(m.Warnings, r.rowErrs...)
		} else {
			errs = append(errs, r.rowErrs...)
		}
		m.Skipped += r.skipped
		// Each sheet fills one list: take it as it is, without a copy, and
		// touch no other (the first are being resolved meanwhile).
		switch kind {
		case sheetAssets:
			m.Assets = r.assets
		case sheetZones:
			m.Zones = r.zones
		case sheetConduits:
			m.Conduits = r.conduits
		case sheetDependencies:
			m.Dependencies = r.deps
		case sheetFeeds:
			m.Feeds = r.feeds
		case sheetScenarios:
			m.Scenarios = r.scenarios
		}
	}
	for _, k := range []sheetKind{sheetAssets, sheetZones, sheetConduits} {
		take(k)
	}
	errs = append(errs, zoning(m, rd.out[sheetAssets], subnets, opts)...)
	// Without a readable asset register every reference would be unknown:
	// resolving would bury the one problem that matters.
	var res *graph.Resolution
	if a := rd.out[sheetAssets]; a != nil && a.ok && len(problems) == 0 {
		res = m.StartResolve(opts.SkipInvalid)
	}
	// The dependencies are read long before the feeds, the largest sheet:
	// resolve them while the feeds are still being read.
	take(sheetDependencies)
	if res != nil {
		res.StartDependencies()
	}
	for k := range numSheets {
		if k != sheetAssets && k != sheetZones && k != sheetConduits && k != sheetDependencies {
			take(k)
		}
	}
	// The sheets' counts in the order of the model's sheets, before the
	// Subnets sheet's that zoning added.
	var stats []graph.SheetStat
	for _, r := range rd.out {
		if r != nil {
			stats = append(stats, r.stat)
		}
	}
	m.Sheets = append(stats, m.Sheets...)
	if res != nil {
		errs = append(errs, res.Finish()...)
	}
	m.Warnings.Sort()
	errs.Sort()
	return m, errs.Err()
}

// candidate is a sheet of a workbook, or a CSV file of a folder, that may
// hold a sheet of the model.
type candidate struct {
	file, sheet string
}

// matchSheets picks, among a workbook's sheets or a folder's files, the one
// for each sheet of the model: the one named exactly, else the first alias.
// Candidates that are no sheet of the model, and second candidates for one,
// are ignored with a warning.
func matchSheets(cands []candidate) (chosen [numSheets]*candidate, warnings graph.ProblemList) {
	var exact [numSheets]bool
	ignore := func(c *candidate, why string) {
		warnings.Add(&graph.Problem{File: c.file, Sheet: c.sheet, Msg: why})
	}
	for i := range cands {
		c := &cands[i]
		sc, isExact := lookupSheet(c.sheet)
		switch {
		case sc == nil && graph.Norm(c.sheet) == "instructions":
			// The template's own help sheet.
		case sc == nil:
			ignore(c, "not a sheet of the model (Assets, Zones, Conduits, Dependencies, Feeds, Scenarios); ignored")
		case chosen[sc.kind] == nil || isExact && !exact[sc.kind]:
			if prev := chosen[sc.kind]; prev != nil {
				ignore(prev, fmt.Sprintf("%q is the %s sheet; this one is ignored", c.sheet, sc.name))
			}
			chosen[sc.kind], exact[sc.kind] = c, isExact
		default:
			ignore(c, fmt.Sprintf("%q is the %s sheet; this one is ignored", chosen[sc.kind].sheet, sc.name))
		}
	}
	return chosen, warnings
}

// noAssets is the problem of a model without its asset register.
func noAssets(file string) *graph.Problem {
	return &graph.Problem{File: file,
		Msg: "no Assets sheet (also read as Asset Register, Asset Inventory or Inventory): it is required"}
}
