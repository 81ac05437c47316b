package importers

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTemplateHasEverySheetHeadersAndDropDowns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), templateSheetNames(); !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	for _, sc := range schemas {
		rows, err := f.GetRows(sc.name)
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v %v", sc.name, rows, err)
		}
		for i, c := range sc.columns {
			if rows[0][i] != c.name {
				t.Errorf("%s header %d is %q, want %q", sc.name, i, rows[0][i], c.name)
			}
		}
	}
	for sheet, n := range map[string]int{"Assets": 2, "Conduits": 1, "Feeds": 2, "Scenarios": 1} {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) != n {
			t.Errorf("%s has %d drop-downs, want %d", sheet, len(dvs), n)
		}
	}
	help, _ := f.GetRows("Instructions")
	if len(help) < len(templateHelp)+5 {
		t.Errorf("Instructions has %d rows", len(help))
	}
}

func TestTemplateLoadsAsAnEmptyModel(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Load(path, Options{})
	if err != nil {
		t.Fatalf("the template does not load: %v", err)
	}
	if len(m.Assets) != 0 {
		t.Errorf("%d assets in an empty template", len(m.Assets))
	}
}
