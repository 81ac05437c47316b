package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

// TestCompareAllAgreesWithSimulate: compare --all lists every scenario of the
// workbook with the same summary that simulate --scenario gives for each.
func TestCompareAllAgreesWithSimulate(t *testing.T) {
	for _, model := range []string{exampleDir, exampleWorkbook} {
		var out, errb bytes.Buffer
		if code := run([]string{"compare", model, "--all", "--format", "json"}, &out, &errb); code != 0 {
			t.Fatalf("compare: exit %d: %s", code, errb.String())
		}
		var c graph.Comparison
		if err := json.Unmarshal(out.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if c.Schema != "otimpact/compare/v1" {
			t.Errorf("schema %q", c.Schema)
		}
		m, err := loadModel(model, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Scenarios) != len(m.Scenarios) || len(c.Scenarios) == 0 {
			t.Fatalf("%d scenarios compared, the model has %d", len(c.Scenarios), len(m.Scenarios))
		}
		for i, s := range c.Scenarios {
			if s.Name != m.Scenarios[i].Name {
				t.Errorf("scenario %d is %q, want %q", i, s.Name, m.Scenarios[i].Name)
			}
			out.Reset()
			if code := run([]string{"simulate", model, "--scenario", s.Name, "--format", "json"}, &out, &errb); code != 0 {
				t.Fatalf("simulate %q: exit %d: %s", s.Name, code, errb.String())
			}
			var res graph.Result
			if err := json.Unmarshal(out.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			if res.Summary != s.Summary {
				t.Errorf("%s: compare says %+v, simulate says %+v", s.Name, s.Summary, res.Summary)
			}
		}
	}
}

func TestCompareWorkbookHoldsValuesNotFormulas(t *testing.T) {
	path := t.TempDir() + "/c.xlsx"
	var out, errb bytes.Buffer
	if code := run([]string{"compare", exampleDir, "--all", "-o", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Comparison")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][0] != "scenario" {
		t.Fatalf("rows: %v", rows)
	}
	for r := range rows {
		for c := range rows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, _ := f.GetCellFormula("Comparison", cell); fm != "" {
				t.Errorf("%s holds a formula %q", cell, fm)
			}
		}
	}
}
