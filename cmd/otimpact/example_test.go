package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

const (
	exampleDir      = "../../testdata/waterworks"
	exampleWorkbook = "../../testdata/waterworks.xlsx"
)

// exampleSheets says how the shipped workbook writes each CSV file: the sheet
// name and the headers a plant's own workbook would use (aliases of the
// canonical names), so the workbook also shows the importer's aliases at work.
var exampleSheets = []struct {
	file, sheet string
	headers     map[string]string
}{
	{"assets.csv", "Asset Register", map[string]string{"id": "Asset ID", "kind": "Device Type", "zone": "Network Zone", "owner": "Owned By", "ip": "IP Address"}},
	{"zones.csv", "Zones", map[string]string{"level": "Purdue Level"}},
	{"conduits.csv", "Conduits", nil},
	{"dependencies.csv", "Dependencies", map[string]string{"consumer": "Dependent", "provider": "Depends On", "grace": "Ride Through"}},
	{"feeds.csv", "Data Flows", map[string]string{"to": "Consumers", "via": "Hops"}},
	{"scenarios.csv", "Scenarios", nil},
}

// TestExampleWorkbookMatchesCSVFolder keeps the example's two forms in sync:
// the workbook loads to the same model as the CSV folder. With -update the
// workbook is rewritten from the CSV files.
func TestExampleWorkbookMatchesCSVFolder(t *testing.T) {
	if *update {
		if err := writeExampleWorkbook(exampleDir, exampleWorkbook); err != nil {
			t.Fatal(err)
		}
	}
	fromCSV, err := importers.Load(exampleDir, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := importers.Load(exampleWorkbook, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ignore := cmp.Options{
		cmpopts.IgnoreFields(graph.Model{}, "Source", "Sheets", "Warnings"),
		cmpopts.IgnoreTypes(graph.Source{}),
		cmpopts.IgnoreUnexported(graph.Model{}),
		cmpopts.EquateEmpty(),
	}
	if diff := cmp.Diff(fromCSV, fromXLSX, ignore); diff != "" {
		t.Errorf("%s and %s differ (-csv +xlsx); run go test ./cmd/otimpact -update:\n%s", exampleDir, exampleWorkbook, diff)
	}
	if len(fromXLSX.Warnings) != 0 {
		t.Errorf("the example workbook has warnings: %v", fromXLSX.Warnings)
	}
}

func writeExampleWorkbook(dir, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	for i, s := range exampleSheets {
		rows, err := readCSV(filepath.Join(dir, s.file))
		if err != nil {
			return err
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.sheet); err != nil {
			return err
		}
		// A title row and a blank row above the header, as plants keep them.
		if err := f.SetCellStr(s.sheet, "A1", "Millbrook Water Treatment Works: "+s.sheet+" (rev 7)"); err != nil {
			return err
		}
		if err := f.SetCellStyle(s.sheet, "A1", "A1", title); err != nil {
			return err
		}
		for r, row := range rows {
			for c, v := range row {
				if r == 0 {
					if alias, ok := s.headers[v]; ok {
						v = alias
					}
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+3)
				if err != nil {
					return err
				}
				if err := f.SetCellStr(s.sheet, cell, v); err != nil {
					return err
				}
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), 3)
		if err := f.SetCellStyle(s.sheet, "A3", last, bold); err != nil {
			return err
		}
		if err := f.SetPanes(s.sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(len(rows[0]))
		if err := f.SetColWidth(s.sheet, "A", col, 18); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

func readCSV(path string) ([][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}
