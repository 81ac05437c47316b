package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/otimpact/otimpact/graph"
)

func TestCSVDialects(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"comma", "id,kind,zone\nHMI-01,HMI,L2|L3\nPLC-01,PLC,L1\n"},
		{"CRLF line ends", crlf("id,kind,zone\nHMI-01,HMI,L2|L3\nPLC-01,PLC,L1\n")},
		{"a UTF-8 byte order mark", "\ufeffid,kind,zone\nHMI-01,HMI,L2|L3\nPLC-01,PLC,L1\n"},
		{"semicolons, as Excel writes in much of Europe", "id;kind;zone\nHMI-01;HMI;L2|L3\nPLC-01;PLC;L1\n"},
		{"semicolons with a title row", "Asset register; rev 3\nid;kind;zone\nHMI-01;HMI;L2,L3\nPLC-01;PLC;L1\n"},
		{"tabs", "id\tkind\tzone\nHMI-01\tHMI\tL2|L3\nPLC-01\tPLC\tL1\n"},
		{"Excel's sep= line", "sep=;\nid;kind;zone\nHMI-01;HMI;L2,L3\nPLC-01;PLC;L1\n"},
		{"ragged rows", "id,kind,zone\nHMI-01,HMI,L2|L3,,\nPLC-01,PLC,L1\n"},
		{"short rows", "id,zone,kind\nHMI-01,L2|L3,HMI\nPLC-01,L1,PLC\n"},
		{"a bare quote", "id,kind,zone,name\nHMI-01,HMI,L2|L3,\nPLC-01,PLC,L1,12\" pipe\n"},
		{"no line end at the end", "id,kind,zone\nHMI-01,HMI,L2|L3\nPLC-01,PLC,L1"},
	}
	want := []graph.Asset{
		{ID: "HMI-01", Kind: graph.KindOperatorStation, Zones: []string{"L2", "L3"}},
		{ID: "PLC-01", Kind: graph.KindPLC, Zones: []string{"L1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Load(site{"assets.csv": tt.text}.writeCSV(t), Options{})
			if err != nil {
				t.Fatalf("unexpected errors:\n%v", err)
			}
			if diff := cmp.Diff(want, m.Assets, ignoreSrc); diff != "" {
				t.Errorf("assets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVRowNumbersAreTheSpreadsheetRows(t *testing.T) {
	text := "title\n\nid,name,safety\nA,\"two\nlines\",\n\n\nB,,maybe\n\"C\",\"three\r\nline\nname\",perhaps\nD,,nope\n"
	_, err := Load(site{"assets.csv": text}.writeCSV(t), Options{})
	wantProblems(t, "errors", problems(t, err), []string{
		`assets row 7, column "safety": "maybe"`,
		`assets row 8, column "safety": "perhaps"`,
		`assets row 9, column "safety": "nope"`,
	})
}

func TestCSVNotInUTF8IsReadAsWindows1252(t *testing.T) {
	text := "id,name,owner\nHMI-01,Station \xe9lectrique \x80,Usine \x93Nord\x94\n"
	m, err := Load(site{"assets.csv": text}.writeCSV(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Assets[0]; a.Name != "Station électrique €" || a.Owner != "Usine “Nord”" {
		t.Errorf("asset = %q, %q", a.Name, a.Owner)
	}
	wantProblems(t, "warnings", m.Warnings, []string{`assets: not UTF-8: read as Windows-1252`})
}

func TestHostileCSVGivesAClearErrorQuickly(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"an empty file", "", `assets: empty file: want a header row with the column(s) "id"`},
		{"only blank lines", "\n \r\n\t\n", `assets: empty file`},
		{"a binary file", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", `assets: not a text CSV file: it holds NUL bytes`},
		{"a UTF-16 file", "\xff\xfei\x00d\x00\n\x00", `assets: not a text CSV file: it is UTF-16`},
		{"no header row", "name,kind\nHMI-01,HMI\n", `assets: no header row: no row holds the required column(s) "id"`},
		{"an unterminated quote", "id,kind\n\"HMI-01,HMI\nPLC-01,PLC\n", `assets row 2, column "id": id "HMI-01,HMI"… spans several lines: is a quote (") left open?`},
		{"only a byte order mark", "\ufeff", `assets: empty file`},
		{"a lone quote", `"`, `assets: no header row`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Load(site{"assets.csv": tt.data}.writeCSV(t), Options{})
			got := problems(t, err)
			if len(got) == 0 || !strings.HasPrefix(located(got[0]), tt.want) {
				t.Errorf("got\n%v\nwant an error starting %q", err, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestLoadTellsFilesApart(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("a single CSV file is the asset register", func(t *testing.T) {
		p := write("plant inventory.csv", "Asset Tag,Type\nHMI-01,HMI\n")
		m, err := Load(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkAssetIDs(t, m, "HMI-01")
		if m.Source != p || m.Assets[0].Src.Sheet() != "plant inventory" || m.Assets[0].Src.File() != p {
			t.Errorf("source = %q, asset source = %+v", m.Source, m.Assets[0].Src)
		}
	})
	for _, tt := range []struct {
		name, file, data, want string
	}{
		{"a missing file", "nothing-here.xlsx", "", "no such file or directory"},
		{"an old binary workbook", "old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 512), "an old .xls workbook"},
		{"an old binary workbook named .xlsx", "old.xlsx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 512), "an old .xls workbook"},
		{"something else", "notes.md", "# notes\n", "not a site model"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.file)
			if tt.data != "" {
				p = write(tt.file, tt.data)
			}
			m, err := Load(p, Options{})
			got := problems(t, err)
			if len(got) != 1 || got[0].File != p || !strings.Contains(got[0].Msg, tt.want) {
				t.Errorf("got %v, want one problem on %s containing %q", err, p, tt.want)
			}
			if m == nil {
				t.Error("no model returned")
			}
		})
	}
}
