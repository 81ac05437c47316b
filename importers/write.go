package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
		t.header, t.numeric = sc.header()
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
		return assetCells(&m.Assets[i]), m.Assets[i].Attrs
	})
	add(sheetZones, len(m.Zones), func(i int) ([]string, map[string]string) {
		return zoneCells(&m.Zones[i]), m.Zones[i].Attrs
	})
	add(sheetConduits, len(m.Conduits), func(i int) ([]string, map[string]string) {
		return conduitCells(&m.Conduits[i]), m.Conduits[i].Attrs
	})
	add(sheetDependencies, len(m.Dependencies), func(i int) ([]string, map[string]string) {
		return dependencyCells(&m.Dependencies[i]), m.Dependencies[i].Attrs
	})
	add(sheetFeeds, len(m.Feeds), func(i int) ([]string, map[string]string) {
		return feedCells(&m.Feeds[i]), m.Feeds[i].Attrs
	})
	var actions []graph.Action
	for _, s := range m.Scenarios {
		for _, a := range s.Actions {
			a.Scenario = s.Name
			actions = append(actions, a)
		}
	}
	add(sheetScenarios, len(actions), func(i int) ([]string, map[string]string) {
		return actionCells(&actions[i]), nil
	})
	return out
}

// The cells of one row of each sheet, in the order of its schema's columns.

func assetCells(a *graph.Asset) []string {
	return []string{a.ID, a.Name, a.Kind, joinList(a.Zones), a.Owner, yes(a.Safety), joinList(a.Tags), a.IP}
}

// zoneCells is nil for a zone created for an asset's zone (Implicit):
// reading the model back creates it again.
func zoneCells(z *graph.Zone) []string {
	if z.Implicit {
		return nil
	}
	level := ""
	if z.Level >= 0 {
		level = strconv.FormatFloat(z.Level, 'f', -1, 64)
	}
	return []string{z.ID, z.Name, level, z.Owner}
}

func conduitCells(c *graph.Conduit) []string {
	dir := "both"
	if c.OneWay {
		dir = "one-way"
	}
	return []string{c.ID, c.From, c.To, joinList(c.Via), dir}
}

func dependencyCells(d *graph.Dependency) []string {
	need, grace := "", ""
	if d.Need > 0 {
		need = strconv.Itoa(d.Need)
	}
	if d.GraceMS != 0 {
		grace = graph.FormatDuration(d.GraceMS)
	}
	return []string{d.Consumer, joinList(d.Providers), d.Service, need, grace}
}

func feedCells(f *graph.Feed) []string {
	hops := make([]string, len(f.Via))
	for j, h := range f.Via {
		hops[j] = joinList(h)
	}
	kind := f.Kind
	if kind == "" {
		kind = graph.FeedView
	}
	return []string{f.ID, f.Name, joinList(f.Source), strings.Join(hops, " > "), joinList(f.To), kind, yes(f.Safety), f.Owner}
}

func actionCells(a *graph.Action) []string {
	return []string{a.Scenario, string(a.Verb), a.Target}
}

// header is the sheet's canonical header, and which of its columns a
// workbook holds as numbers.
func (sc *schema) header() (names []string, numeric []bool) {
	for _, c := range sc.columns {
		names = append(names, c.name)
		numeric = append(numeric, c.name == "level" || c.name == "need")
	}
	return names, numeric
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

func writeCSV(path string, t *table) error {
	c, err := createCSV(path, t.header)
	if err != nil {
		return err
	}
	for _, cells := range t.rows {
		if err := c.put(cells); err != nil {
			c.f.Close()
			return err
		}
	}
	return c.close()
}

// csvFile is one CSV file being written, row by row.
type csvFile struct {
	path string
	f    *os.File
	b    *bufio.Writer
	w    *csv.Writer
}

func createCSV(path string, header []string) (*csvFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(f, 64<<10)
	c := &csvFile{path: path, f: f, b: b, w: csv.NewWriter(b)}
	if err := c.put(header); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

func (c *csvFile) put(cells []string) error {
	if err := c.w.Write(cells); err != nil {
		return fmt.Errorf("%s: %w", c.path, err)
	}
	return nil
}

func (c *csvFile) close() error {
	c.w.Flush()
	err := c.w.Error()
	if err == nil {
		err = c.b.Flush()
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteXLSX writes the model as a workbook with the same sheets and cells as
// WriteCSVDir. Every cell is a plain value, text or number: a name that
// looks like a formula stays text.
func WriteXLSX(m *graph.Model, path string) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(newSortedZip)
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
	ws, err := newWorksheet(f, t.sc.name, t.header, t.numeric)
	if err != nil {
		return err
	}
	for _, cells := range t.rows {
		if err := ws.put(cells); err != nil {
			return err
		}
	}
	return ws.sw.Flush()
}

// worksheet is one sheet of a workbook being written, row by row.
type worksheet struct {
	sw      *excelize.StreamWriter
	numeric []bool
	row     []any
	n       int // rows written
}

func newWorksheet(f *excelize.File, name string, header []string, numeric []bool) (*worksheet, error) {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	ws := &worksheet{sw: sw, row: make([]any, len(header))}
	if err := ws.put(header); err != nil {
		return nil, err
	}
	ws.numeric = numeric
	return ws, nil
}

func (ws *worksheet) put(cells []string) error {
	for i := range ws.row {
		ws.row[i] = nil
		if i >= len(cells) || cells[i] == "" {
			continue
		}
		ws.row[i] = cells[i]
		if ws.numeric != nil && ws.numeric[i] {
			if v, err := strconv.ParseFloat(cells[i], 64); err == nil {
				ws.row[i] = v
			}
		}
	}
	ws.n++
	cell, err := excelize.CoordinatesToCellName(1, ws.n)
	if err != nil {
		return err
	}
	return ws.sw.SetRow(cell, ws.row)
}

// ModelWriter writes a model that comes in parts, one after the other, to a
// folder of CSV files or a workbook: the files, sheets, headers and cells of
// WriteCSVDir and WriteXLSX, holding no more than one part at a time, for
// models too large to build whole. Attributes (Attrs) are not written.
type ModelWriter struct {
	path  string
	book  *excelize.File // nil for a folder of CSV files
	csv   [numSheets]*csvFile
	sheet [numSheets]*worksheet
}

// CreateCSVDir starts writing a model into dir, created if need be. Close
// removes the files of sheets left empty, as WriteCSVDir does.
func CreateCSVDir(dir string) (*ModelWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &ModelWriter{path: dir}, nil
}

// CreateXLSX starts writing a model as a workbook at path, with description
// in the workbook's document properties. Sheets appear in the order of their
// first rows.
func CreateXLSX(path, description string) (*ModelWriter, error) {
	f := excelize.NewFile()
	f.SetZipWriter(newSortedZip)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "otimpact", Description: description}); err != nil {
		f.Close()
		return nil, err
	}
	return &ModelWriter{path: path, book: f}, nil
}

// Write appends the part's rows to the sheets.
func (w *ModelWriter) Write(part *graph.Model) error {
	var actions []graph.Action
	for _, s := range part.Scenarios {
		for _, a := range s.Actions {
			a.Scenario = s.Name
			actions = append(actions, a)
		}
	}
	var err error
	putRows(&err, w, sheetAssets, part.Assets, assetCells)
	putRows(&err, w, sheetZones, part.Zones, zoneCells)
	putRows(&err, w, sheetConduits, part.Conduits, conduitCells)
	putRows(&err, w, sheetDependencies, part.Dependencies, dependencyCells)
	putRows(&err, w, sheetFeeds, part.Feeds, feedCells)
	putRows(&err, w, sheetScenarios, actions, actionCells)
	return err
}

// putRows writes the rows of one sheet, unless *err is set already, and
// sets it when a row fails.
func putRows[T any](err *error, w *ModelWriter, k sheetKind, rows []T, cells func(*T) []string) {
	for i := 0; *err == nil && i < len(rows); i++ {
		*err = w.put(k, cells(&rows[i]))
	}
}

// put writes one row, starting the sheet's file or worksheet on its first.
func (w *ModelWriter) put(k sheetKind, cells []string) error {
	if cells == nil {
		return nil
	}
	if err := w.start(k); err != nil {
		return err
	}
	if w.book == nil {
		return w.csv[k].put(cells)
	}
	if err := w.sheet[k].put(cells); err != nil {
		return fmt.Errorf("%s: sheet %s: %w", w.path, schemas[k].name, err)
	}
	return nil
}

func (w *ModelWriter) start(k sheetKind) error {
	if w.csv[k] != nil || w.sheet[k] != nil {
		return nil
	}
	sc := schemas[k]
	header, numeric := sc.header()
	if w.book == nil {
		c, err := createCSV(filepath.Join(w.path, sc.fileName()), header)
		w.csv[k] = c
		return err
	}
	var err error
	if len(w.book.GetSheetList()) == 1 && w.book.GetSheetName(0) == "Sheet1" {
		err = w.book.SetSheetName("Sheet1", sc.name)
	} else {
		_, err = w.book.NewSheet(sc.name)
	}
	if err == nil {
		w.sheet[k], err = newWorksheet(w.book, sc.name, header, numeric)
	}
	if err != nil {
		return fmt.Errorf("%s: sheet %s: %w", w.path, sc.name, err)
	}
	return nil
}

// Close finishes the model — an Assets sheet is written even when empty —
// and closes its files.
func (w *ModelWriter) Close() error {
	err := w.start(sheetAssets)
	for k, sc := range schemas {
		switch {
		case w.book != nil && w.sheet[k] != nil:
			if ferr := w.sheet[k].sw.Flush(); err == nil && ferr != nil {
				err = fmt.Errorf("%s: sheet %s: %w", w.path, sc.name, ferr)
			}
		case w.csv[k] != nil:
			if cerr := w.csv[k].close(); err == nil {
				err = cerr
			}
		case w.book == nil:
			if rerr := os.Remove(filepath.Join(w.path, sc.fileName())); err == nil && rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				err = rerr
			}
		}
	}
	if w.book != nil {
		if err == nil {
			err = w.book.SaveAs(w.path)
		}
		if cerr := w.book.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// sortedZip stores a workbook's parts in the order of their names: excelize
// stores streamed worksheets in the order of a map, which would make the
// same workbook come out as different bytes. Parts are compressed for
// speed: a workbook of a million assets is a quarter larger and written in
// half the time.
type sortedZip struct {
	zw    *zip.Writer
	parts []*zipPart
}

// zipPart is one part, compressed as it is written.
type zipPart struct {
	name string
	raw  bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func newSortedZip(w io.Writer) excelize.ZipWriter { return &sortedZip{zw: zip.NewWriter(w)} }

func (z *sortedZip) Create(name string) (io.Writer, error) {
	p := &zipPart{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&p.raw, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	p.fw = fw
	z.parts = append(z.parts, p)
	return p, nil
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

func (z *sortedZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *sortedZip) Close() error {
	slices.SortFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(a.name, b.name) })
	for _, p := range z.parts {
		if err := p.fw.Close(); err != nil {
			return err
		}
		w, err := z.zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc.Sum32(),
			CompressedSize64: uint64(p.raw.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := p.raw.WriteTo(w); err != nil {
			return err
		}
	}
	return z.zw.Close()
}
