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
	"sync"

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
	results := readSheets(tasks, read, opts, serial)
	return build(source, results, readSubnetResult(subnets, read, opts), problems, warnings, opts)
}

// readSheets runs the tasks, concurrently unless serial, and returns the
// results indexed by sheet kind.
func readSheets(tasks []sheetTask, read func(p *sheetParser, c *candidate), opts Options, serial bool) [numSheets]*sheetResult {
	var out [numSheets]*sheetResult
	var wg sync.WaitGroup
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
				out[t.sc.kind] = p.finish()
			}()
			read(p, t.c)
		}
		if serial {
			run()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	wg.Wait()
	return out
}

// build assembles the model from the sheets read, resolves it, and returns
// every error found. problems are file-level problems found before reading
// the sheets; warnings go to the model. subnets is the Subnets sheet, if
// any (see zoning).
func build(source string, results [numSheets]*sheetResult, subnets *sheetResult, problems, warnings graph.ProblemList, opts Options) (*graph.Model, error) {
	m := &graph.Model{Source: source}
	m.Warnings = append(m.Warnings, warnings...)
	errs := problems
	for _, r := range results {
		if r == nil {
			continue
		}
		m.Sheets = append(m.Sheets, r.stat)
		m.Warnings = append(m.Warnings, r.warnings...)
		errs = append(errs, r.fatal...)
		if opts.SkipInvalid {
			m.Warnings = append(m.Warnings, r.rowErrs...)
		} else {
			errs = append(errs, r.rowErrs...)
		}
		m.Skipped += r.skipped
		// Each sheet fills one list: take it as it is, without a copy.
		m.Assets = appendOrTake(m.Assets, r.assets)
		m.Zones = appendOrTake(m.Zones, r.zones)
		m.Conduits = appendOrTake(m.Conduits, r.conduits)
		m.Dependencies = appendOrTake(m.Dependencies, r.deps)
		m.Feeds = appendOrTake(m.Feeds, r.feeds)
		m.Scenarios = appendOrTake(m.Scenarios, r.scenarios)
	}
	errs = append(errs, zoning(m, results[sheetAssets], subnets, opts)...)
	// Without a readable asset register every reference would be unknown:
	// resolving would bury the one problem that matters.
	if a := results[sheetAssets]; a != nil && a.ok && len(problems) == 0 {
		errs = append(errs, m.Resolve(opts.SkipInvalid)...)
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

// appendOrTake appends more to list, or returns more itself when list is
// empty, so a sheet's rows are not copied.
func appendOrTake[T any](list, more []T) []T {
	if len(list) == 0 {
		return more
	}
	return append(list, more...)
}
