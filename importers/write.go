package importers

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// table is one sheet of a model as cells: canonical headers first, then the
// attributes sorted by name. numeric marks the columns a workbook holds as
// numbers.
type table struct {
	sc      *schema
	header  []string
	numeric []bool
	rows    [][]string
}

// tables lays the model out as its sheets. Empty sheets are left out, but
// for Assets, which a model needs to be read at all. Zones created for an
// asset's zone (Implicit) are not written: reading the model back creates
// them again.
func tables(m *graph.Model) []*table {
	var out []*table
	add := func(k sheetKind, n int, row func(i int) ([]string, map[string]string)) {
		if n == 0 && k != sheetAssets {
			return
		}
		sc := schemas[k]
		t := &table{sc: sc}
		fixed := make([][]string, 0, n)
		attrs := make([]map[string]string, 0, n)
		names := map[string]bool{}
		for i := range n {
			cells, a := row(i)
			if cells == nil {
				continue
			}
			fixed = append(fixed, cells)
			attrs = append(attrs, a)
			for name := range a {
				names[name] = true
			}
		}
		if len(fixed) == 0 && k != sheetAssets {
			return
		}
		extra := make([]string, 0, len(names))
		for name := range names {
			extra = append(extra, name)
		}
		sort.Strings(extra)
		for _, c := range sc.columns {
			t.header = append(t.header, c.name)
			t.numeric = append(t.numeric, c.name == "level" || c.name == "need")
		}
		t.header = append(t.header, extra...)
		t.numeric = append(t.numeric, make([]bool, len(extra))...)
		for i, cells := range fixed {
			if len(extra) > 0 {
				for _, name := range extra {
					cells = append(cells, attrs[i][name])
				}
			}
			t.rows = append(t.rows, cells)
		}
		out = append(out, t)
	}
	add(sheetAssets, len(m.Assets), func(i int) ([]string, map[string]string) {
		a := &m.Assets[i]
		return []string{a.ID, a.Name, a.Kind, joinList(a.Zones), a.Owner, yes(a.Safety), joinList(a.Tags), a.IP}, a.Attrs
	})
	add(sheetZones, len(m.Zones), func(i int) ([]string, map[string]string) {
		z := &m.Zones[i]
		if z.Implicit {
			return nil, nil
		}
		level := ""
		if z.Level >= 0 {
			level = strconv.FormatFloat(z.Level, 'f', -1, 64)
		}
		return []string{z.ID, z.Name, level, z.Owner}, z.Attrs
	})
	add(sheetConduits, len(m.Conduits), func(i int) ([]string, map[string]string) {
		c := &m.Conduits[i]
		dir := "both"
		if c.OneWay {
			dir = "one-way"
		}
		return []string{c.ID, c.From, c.To, joinList(c.Via), dir}, c.Attrs
	})
	add(sheetDependencies, len(m.Dependencies), func(i int) ([]string, map[string]string) {
		d := &m.Dependencies[i]
		need, grace := "", ""
		if d.Need > 0 {
			need = strconv.Itoa(d.Need)
		}
		if d.GraceMS != 0 {
			grace = graph.FormatDuration(d.GraceMS)
		}
		return []string{d.Consumer, joinList(d.Providers), d.Service, need, grace}, d.Attrs
	})
	add(sheetFeeds, len(m.Feeds), func(i int) ([]string, map[string]string) {
		f := &m.Feeds[i]
		hops := make([]string, len(f.Via))
		for j, h := range f.Via {
			hops[j] = joinList(h)
		}
		kind := f.Kind
		if kind == "" {
			kind = graph.FeedView
		}
		return []string{f.ID, f.Name, joinList(f.Source), strings.Join(hops, " > "), joinList(f.To), kind, yes(f.Safety), f.Owner}, f.Attrs
	})
	var actions []graph.Action
	for _, s := range m.Scenarios {
		for _, a := range s.Actions {
			a.Scenario = s.Name
			actions = append(actions, a)
		}
	}
	add(sheetScenarios, len(actions), func(i int) ([]string, map[string]string) {
		a := &actions[i]
		return []string{a.Scenario, string(a.Verb), a.Target}, nil
	})
	return out
}

func joinList(l []string) string { return strings.Join(l, "|") }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// WriteCSVDir writes the model into dir, created if need be, as one CSV file
// per non-empty sheet (assets.csv, zones.csv, …; assets.csv always) with
// canonical headers: lists joined with "|", feed hops with " > ", durations
// like "1d12h", booleans as yes or blank, attributes as extra columns sorted
// by name. A file of an empty sheet left in dir by an earlier write is
// removed, so the folder reads back as this model.
func WriteCSVDir(m *graph.Model, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var written [numSheets]bool
	for _, t := range tables(m) {
		if err := writeCSV(filepath.Join(dir, t.sc.fileName()), t); err != nil {
			return err
		}
		written[t.sc.kind] = true
	}
	for k, sc := range schemas {
		if !written[k] {
			if err := os.Remove(filepath.Join(dir, sc.fileName())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

func writeCSV(path string, t *table) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	b := bufio.NewWriterSize(f, 64<<10)
	w := csv.NewWriter(b)
	if err := w.Write(t.header); err != nil {
		return err
	}
	if err := w.WriteAll(t.rows); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return b.Flush()
}

// WriteXLSX writes the model as a workbook with the same sheets and cells as
// WriteCSVDir. Every cell is a plain value, text or number: a name that
// looks like a formula stays text.
func WriteXLSX(m *graph.Model, path string) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	for i, t := range tables(m) {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), t.sc.name)
		} else {
			_, err = f.NewSheet(t.sc.name)
		}
		if err != nil {
			return err
		}
		if err := writeWorksheet(f, t); err != nil {
			return fmt.Errorf("%s: sheet %s: %w", path, t.sc.name, err)
		}
	}
	return f.SaveAs(path)
}

func writeWorksheet(f *excelize.File, t *table) error {
	sw, err := f.NewStreamWriter(t.sc.name)
	if err != nil {
		return err
	}
	row := make([]any, len(t.header))
	put := func(n int, cells []string, numeric []bool) error {
		for i := range row {
			row[i] = nil
			if i >= len(cells) || cells[i] == "" {
				continue
			}
			row[i] = cells[i]
			if numeric != nil && numeric[i] {
				if v, err := strconv.ParseFloat(cells[i], 64); err == nil {
					row[i] = v
				}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	}
	if err := put(1, t.header, nil); err != nil {
		return err
	}
	for i, cells := range t.rows {
		if err := put(i+2, cells, t.numeric); err != nil {
			return err
		}
	}
	return sw.Flush()
}
