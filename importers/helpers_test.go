package importers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// site is a site model given as the text of its CSV files, by file name.
type site map[string]string

// writeCSV writes the site as a folder of CSV files and returns the folder.
func (s site) writeCSV(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range s {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeXLSX writes the site as a workbook, one sheet per file named like
// the file without ".csv", each record at the row of its line, every cell a
// string. It returns the workbook's path.
func (s site) writeXLSX(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		sheet := strings.TrimSuffix(name, filepath.Ext(name))
		var err error
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), sheet)
		} else {
			_, err = f.NewSheet(sheet)
		}
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(s[name]))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			line, _ := r.FieldPos(0)
			row := make([]any, len(rec))
			for j, c := range rec {
				row[j] = c
			}
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", line), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// formats are the two ways a site is read; each test that can runs both.
var formats = []struct {
	name string
	read func(t testing.TB, s site, opts Options) (*graph.Model, error)
}{
	{"csv", func(t testing.TB, s site, opts Options) (*graph.Model, error) { return Load(s.writeCSV(t), opts) }},
	{"xlsx", func(t testing.TB, s site, opts Options) (*graph.Model, error) { return Load(s.writeXLSX(t), opts) }},
}

// problems returns the problems an error holds.
func problems(t testing.TB, err error) graph.ProblemList {
	t.Helper()
	if err == nil {
		return nil
	}
	var l graph.ProblemList
	if !errors.As(err, &l) {
		t.Fatalf("error is %T, want graph.ProblemList: %v", err, err)
	}
	return l
}

// located writes a problem without its file, which differs between a folder
// and a workbook: `Assets row 4, column "Safety": message`.
func located(p *graph.Problem) string {
	q := *p
	q.File = ""
	return q.Error()
}

// locatedAll is located over a list.
func locatedAll(l graph.ProblemList) []string {
	out := make([]string, len(l))
	for i, p := range l {
		out[i] = located(p)
	}
	return out
}

// wantProblems checks that got holds exactly the wanted problems, in order;
// each want is a prefix of the problem as located() writes it.
func wantProblems(t testing.TB, what string, got graph.ProblemList, want []string) {
	t.Helper()
	lines := locatedAll(got)
	ok := len(lines) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(lines[i], want[i])
	}
	if !ok {
		t.Errorf("%s:\ngot\n\t%s\nwant (prefixes)\n\t%s", what, strings.Join(lines, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// mustLoad reads a site that must have no errors.
func mustLoad(t testing.TB, read func(testing.TB, site, Options) (*graph.Model, error), s site) *graph.Model {
	t.Helper()
	m, err := read(t, s, Options{})
	if err != nil {
		t.Fatalf("unexpected errors:\n%v", err)
	}
	return m
}

// assets is a minimal asset register for sites whose other sheets refer to
// these ids.
const assets = "id,kind,zone\nHMI-01,HMI,L2\nHMI-02,HMI,L2\nDC-01,DC,L3\nDC-02,DC,L3\nPLC-01,PLC,L1\nFW-01,firewall,L2\nSCADA-1,SCADA,L3\nSCADA-2,SCADA,L3\n"

// crlf turns line ends into CRLF, as Excel writes CSV.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
