package importers

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/otimpact/otimpact/graph"
)

// fuzzSite is a valid site whose sheets the fuzzers replace one at a time.
var fuzzSite = site{
	"assets.csv":       "Asset ID,Type,Zone,Safety,Notes\nHMI-01,HMI,L2,,a\nDC-01,DC,L3,yes,\nPLC-01,PLC,L1,,\nFW-01,firewall,L2|L1,,\n",
	"zones.csv":        "id,level\nL1,1\nL2,L2\nL3,3.5\n",
	"conduits.csv":     "from,to,via,direction\nL1,L2,FW-01,one-way\nL2,L3,,\n",
	"dependencies.csv": "consumer,provider,need,grace\nHMI-01,DC-01,1,1d12h\n",
	"feeds.csv":        "id,source,via,to,kind,safety\nF-1,PLC-01,FW-01 > DC-01,HMI-01,view,x\n",
	"scenarios.csv":    "scenario,action,target\nS,isolate,zone:L3\nS,shutdown,DC-01\n",
}

var fuzzFiles = []string{"assets.csv", "zones.csv", "conduits.csv", "dependencies.csv", "feeds.csv", "scenarios.csv"}

// watchdog crashes the fuzzing worker when reading one input takes too
// long, so that the fuzzer keeps the input as a failure: a reader must
// never hang.
func watchdog() (stop func() bool) {
	return time.AfterFunc(20*time.Second, func() { panic("reading the input took more than 20s") }).Stop
}

// checkLoaded holds for any input: a model comes back, and the error, if
// any, is a list of problems that each name their file.
func checkLoaded(t *testing.T, m *graph.Model, err error) {
	t.Helper()
	if m == nil {
		t.Fatal("no model returned")
	}
	if err != nil {
		var l graph.ProblemList
		if !errors.As(err, &l) || len(l) == 0 {
			t.Fatalf("error is %T, not a list of problems: %v", err, err)
		}
		for _, p := range l {
			if p.File == "" || p.Row < 0 || p.Msg == "" {
				t.Fatalf("problem not located: %#v", p)
			}
		}
	}
	for _, a := range m.Assets {
		if a.Src.File() == "" || a.Src.Row < 1 || a.Src.Row > excelMaxRows {
			t.Fatalf("asset %q located at %+v", a.ID, a.Src)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for i, name := range fuzzFiles {
		f.Add(uint8(i), []byte(fuzzSite[name]))
	}
	for _, seed := range []string{
		"", "\ufeff", "\x00", `"`, "sep=;\nid;kind\nA;PLC\n", "\xff\xfei\x00d\x00",
		"id\tkind\nA\tHMI\n", "title\n\nid,kind\n\"A\nB\",x\n", "id,kind\n\"A,PLC\nB,HMI\n",
		"Asset,Depends On,Need,Grace\nHMI-01,DC-01|DC-01,2,-1h\nHMI-01,,x,1e400h\n",
		"id,source,via,to\nF,PLC-01,→ > -> |,HMI-01\n",
		"scenario,action,target\n,cut,x\nS,,\n",
		"id,level\nL1,nan\nL2,Level -3\n",
	} {
		for i := range fuzzFiles {
			f.Add(uint8(i), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		dir := t.TempDir()
		target := fuzzFiles[int(which)%len(fuzzFiles)]
		for _, name := range fuzzFiles {
			text := []byte(fuzzSite[name])
			if name == target {
				text = data
			}
			if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		defer watchdog()()
		for _, skip := range []bool{false, true} {
			m, err := Load(dir, Options{SkipInvalid: skip})
			checkLoaded(t, m, err)
		}
	})
}

func FuzzReadXLSX(f *testing.F) {
	dir := f.TempDir()
	valid := filepath.Join(dir, "valid.xlsx")
	m := trickySite(20)
	if errs := m.Resolve(false); len(errs) > 0 {
		f.Fatal(errs)
	}
	if err := WriteXLSX(m, valid); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(valid)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(craftWorkbook(f, workbookParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2000000"><c r="A2000000" t="inlineStr"><is><t>X</t></is></c></row>`)))
	f.Add(craftWorkbook(f, workbookParts(`<row><c t="s"><v>7</v></c></row><row r="3"><c r="XFD3"><v>1</v></c></row>`)))
	f.Add(craftWorkbook(f, workbookParts(""), rawPart{"xl/styles.xml", zeros(f, 1000), 100}))
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add(data[:len(data)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "site.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer watchdog()()
		m, err := Load(path, Options{})
		checkLoaded(t, m, err)
	})
}
