package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

// renderXLSX writes res as a workbook and opens it again, as a reader would.
func renderXLSX(t *testing.T, res *graph.Result) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := XLSX(&buf, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// findRow returns the cells of the first row whose first cell is id, and
// its one-based row number.
func findRow(t *testing.T, f *excelize.File, sheet, id string) ([]string, int) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return r, i + 1
		}
	}
	t.Fatalf("sheet %s has no row %q", sheet, id)
	return nil, 0
}

func cellAt(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func TestXLSXSheetsAndHeaders(t *testing.T) {
	f, _ := renderXLSX(t, exampleResult(t, "", []graph.Action{{Verb: graph.Isolate, Target: "zone:OPS"}}, graph.Options{Compromised: "asset:VGW-01"}))
	want := map[string][]string{
		"Summary":           {"Item", "Value"},
		"Operator stations": {"ID", "Name", "Status", "After", "After (s)", "Owner", "Why"},
		"Feeds":             {"ID", "Name", "Kind", "Safety", "Status", "After", "After (s)", "Lost at", "Still at", "Owner", "Why"},
		"Safety visibility": {"Feed", "Name", "Status", "After", "After (s)", "Lost at", "Still at", "Why"},
		"Assets":            {"ID", "Name", "Kind", "Status", "After", "After (s)", "Owner", "Why"},
		"Sign-off":          {"Owner", "Items", "Approves the loss of"},
		"Attacker reach":    {"Asset", "Role", "Before the actions", "After the actions"},
		"Actions":           {"Action", "Target", "Matched", "Scenario"},
		"Model":             {"Model", "Value"},
	}
	order := []string{"Summary", "Operator stations", "Feeds", "Safety visibility", "Assets", "Sign-off", "Attacker reach", "Actions", "Model"}
	if diff := cmp.Diff(order, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range order {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[sheet], rows[0]); diff != "" {
			t.Errorf("%s header (-want +got):\n%s", sheet, diff)
		}
		for i := range want[sheet] {
			style, err := f.GetCellStyle(sheet, cellAt(i+1, 1))
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if s.Font == nil || !s.Font.Bold {
				t.Errorf("%s header %q is not bold", sheet, want[sheet][i])
			}
		}
		if sheet == "Summary" || sheet == "Model" {
			continue // lists of items, not tables to filter
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v", sheet, panes)
		}
		wantFilter := fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, strings.TrimRight(cellAt(len(want[sheet]), 1), "1"), len(rows))
		if filters[sheet] != wantFilter {
			t.Errorf("%s: filter over %q, want %q", sheet, filters[sheet], wantFilter)
		}
	}
}

func TestXLSXValues(t *testing.T) {
	res := exampleResult(t, "Shut down domain controllers", nil, graph.Options{})
	f, _ := renderXLSX(t, res)

	row, n := findRow(t, f, "Operator stations", "HMI-CR-01")
	if diff := cmp.Diff([]string{"HMI-CR-01", "Control room operator station 1", "lost", "8h", "28800", "OT"}, row[:6]); diff != "" {
		t.Errorf("HMI-CR-01 (-want +got):\n%s", diff)
	}
	if want := strings.Join(res.OperatorStations[0].Why, "\n"); row[6] != want {
		t.Errorf("why = %q, want the chain one line a cause: %q", row[6], want)
	}
	type number struct{ sheet, cell, want string }
	_, dc := findRow(t, f, "Assets", "DC-01")
	_, ot := findRow(t, f, "Sign-off", "OT")
	_, assets := findRow(t, f, "Model", "assets")
	numbers := []number{
		{"Operator stations", cellAt(5, n), "28800"},
		{"Summary", "B4", "5"}, // operator stations lost
		{"Assets", cellAt(6, dc), "0"},
		{"Sign-off", cellAt(2, ot), "30"},
		{"Model", cellAt(3, assets), "81"},
		{"Model", cellAt(4, assets), "81"},
	}
	for _, c := range numbers {
		typ, err := f.GetCellType(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.GetCellValue(c.sheet, c.cell)
		if (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || got != c.want {
			t.Errorf("%s!%s = %q of type %v, want the number %s", c.sheet, c.cell, got, typ, c.want)
		}
	}
	if row, _ := findRow(t, f, "Assets", "DC-01"); row[3] != "shutdown" || row[4] != "immediately" {
		t.Errorf("DC-01: %q", row)
	}
	if row, _ := findRow(t, f, "Summary", "Summary"); row[1] != ResultLine(res) || !strings.Contains(row[1], "other assets affected") {
		t.Errorf("summary %q", row[1])
	}
	for _, c := range []struct{ sheet, cell string }{{"Operator stations", "A2"}, {"Operator stations", "C2"}, {"Feeds", "D2"}, {"Summary", "B2"}} {
		if typ, _ := f.GetCellType(c.sheet, c.cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s!%s is of type %v, want a string", c.sheet, c.cell, typ)
		}
	}

	// Why cells wrap; every column fits its header and stays within reason.
	style, _ := f.GetCellStyle("Operator stations", cellAt(7, n))
	if s, _ := f.GetStyle(style); s.Alignment == nil || !s.Alignment.WrapText {
		t.Error("why cells do not wrap")
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for i, h := range rows[0] {
			col := strings.TrimRight(cellAt(i+1, 1), "1")
			w, err := f.GetColWidth(sheet, col)
			if err != nil {
				t.Fatal(err)
			}
			if w < float64(utf8.RuneCountInString(h)+2) || w > 122 {
				t.Errorf("%s column %s (%q) is %v wide", sheet, col, h, w)
			}
		}
	}
	if w, _ := f.GetColWidth("Operator stations", "B"); w < float64(len("Shift supervisor station (second NIC on corporate LAN)")) {
		t.Errorf("names cut off: column B is %v wide", w)
	}
}

func TestXLSXColorsStatus(t *testing.T) {
	f, _ := renderXLSX(t, hostileResult(t))
	ex, _ := renderXLSX(t, exampleResult(t, "Shut down domain controllers", nil, graph.Options{}))
	fill := func(f *excelize.File, sheet, id string, col int) string {
		t.Helper()
		_, n := findRow(t, f, sheet, id)
		style, err := f.GetCellStyle(sheet, cellAt(col, n))
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Fill.Color) == 0 {
			return ""
		}
		return s.Fill.Color[0]
	}
	tests := []struct {
		f          *excelize.File
		sheet, id  string
		col        int
		want, what string
	}{
		{ex, "Operator stations", "HMI-CR-01", 3, redFill, "lost"},
		{ex, "Assets", "DC-01", 4, redFill, "shutdown"},
		{ex, "Safety visibility", "S-EVAC", 3, amberFill, "degraded"},
		{f, "Assets", hostileFormula, 4, amberFill, "isolated"},
		{f, "Attacker reach", hostileFormula, 3, redFill, "reachable"},
		{f, "Attacker reach", hostileFormula, 4, "", "cut off"},
		{ex, "Operator stations", "HMI-CR-01", 1, "", "an id"},
	}
	for _, tc := range tests {
		if got := fill(tc.f, tc.sheet, tc.id, tc.col); got != tc.want {
			t.Errorf("%s %s: %s filled %q, want %q", tc.sheet, tc.id, tc.what, got, tc.want)
		}
	}
}

// formulaElement finds a formula in a worksheet's XML.
var formulaElement = regexp.MustCompile(`<f[ >/]`)

func TestXLSXWritesNoFormula(t *testing.T) {
	results := map[string]*graph.Result{
		"hostile":      hostileResult(t),
		"shutdown-dcs": exampleResult(t, "Shut down domain controllers", nil, graph.Options{}),
		"isolate-ops":  exampleResult(t, "", []graph.Action{{Verb: graph.Isolate, Target: "zone:OPS"}}, graph.Options{Compromised: "asset:VGW-01"}),
		"nothing":      exampleResult(t, "", nil, graph.Options{}),
	}
	for name, res := range results {
		t.Run(name, func(t *testing.T) {
			f, raw := renderXLSX(t, res)
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				width := 0
				for _, r := range rows {
					width = max(width, len(r))
				}
				for r := range rows {
					for c := range width {
						cell := cellAt(c+1, r+1)
						if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
							t.Errorf("%s!%s has formula %q (%v)", sheet, cell, formula, err)
						}
						if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeFormula {
							t.Errorf("%s!%s is of type formula", sheet, cell)
						}
					}
				}
			}
			zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
					continue
				}
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatal(err)
				}
				if loc := formulaElement.FindIndex(b); loc != nil {
					t.Errorf("%s holds a formula: %s", zf.Name, b[loc[0]:min(len(b), loc[0]+80)])
				}
			}
		})
	}
}

func TestXLSXKeepsHostileNamesAsText(t *testing.T) {
	f, _ := renderXLSX(t, hostileResult(t))
	type place struct{ sheet, cell string }
	seen := map[string][]place{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				seen[v] = append(seen[v], place{sheet, cellAt(c+1, r+1)})
			}
		}
	}
	for _, h := range []string{hostileScript, hostileLink, hostilePlus, hostileAt, hostileMinus, hostileFormula, hostileMarkup, hostileLines, hostileDOT} {
		want := oneLine(h) // a cell to filter on holds one line
		if len(seen[want]) == 0 {
			t.Errorf("no cell holds %q as written", want)
			continue
		}
		for _, p := range seen[want] {
			typ, err := f.GetCellType(p.sheet, p.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s!%s holds %q as type %v, want a string", p.sheet, p.cell, want, typ)
			}
		}
	}
	if ps := seen["site\\x1b[2J.xlsx"]; len(ps) == 0 {
		t.Error("the control character in the source is not shown escaped")
	}
	warned := slices.ContainsFunc(slices.Collect(maps.Keys(seen)), func(v string) bool {
		return strings.Contains(v, hostileZone) && strings.Contains(v, "not in the Zones sheet")
	})
	if !warned {
		t.Error("the Model sheet does not list the warning about the unknown zone")
	}
}
