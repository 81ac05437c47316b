package discover

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/otimpact/otimpact/graph"
)

// lineTimeOf is the time of the nth data line of testdata/conn.log.
func lineTimeOf(t *testing.T, n int) time.Time {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "conn.log"))
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if i++; i == n {
			us, ok := parseTime([]byte(strings.SplitN(line, "\t", 2)[0]))
			if !ok {
				t.Fatal("no time")
			}
			return time.UnixMicro(us)
		}
	}
	t.Fatalf("conn.log has no line %d", n)
	return time.Time{}
}

// TestFormatsGiveTheSameModel reads conn.log as Zeek writes it, as JSON
// lines (ISO times, nested ids, a dns line among them), without its
// header, gzipped, and with the columns in another order and another
// separator: the model is the same.
func TestFormatsGiveTheSameModel(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "conn.log"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	// gzip is told by its magic bytes, not by the name.
	gzPath := filepath.Join(dir, "conn.log")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	reordered := filepath.Join(dir, "conn.2024-05-01.log")
	if err := os.WriteFile(reordered, reorder(t, data, "|"), 0o644); err != nil {
		t.Fatal(err)
	}

	want, wantRep := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	for _, tc := range []struct{ name, path, format string }{
		{"JSON lines", "conn.json", "zeek json"},
		{"no header", "conn.headerless.log", "zeek"},
		{"gzip", gzPath, "zeek, gzip"},
		{"columns in another order, separated by |", reordered, "zeek"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rep := propose(t, Options{Subnets: testSubnets(t)}, tc.path)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(graph.Model{}), cmpopts.IgnoreFields(graph.Model{}, "Source")); diff != "" {
				t.Errorf("model differs (-conn.log +%s):\n%s", tc.name, diff)
			}
			f := rep.Files[0]
			if f.Format != tc.format || f.Kind != "conn" || f.Records != wantRep.Files[0].Records || f.Malformed != 0 {
				t.Errorf("file stats %+v", f)
			}
		})
	}
}

// reorder writes a conn.log with its columns reversed and sep between
// them, in two blocks as where logs were concatenated.
func reorder(t *testing.T, data []byte, sep string) []byte {
	t.Helper()
	var fields []string
	var rows [][]string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "#fields\t"):
			fields = strings.Split(line, "\t")[1:]
		case line == "" || line[0] == '#':
		default:
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	rev := func(s []string) []string {
		out := make([]string, len(s))
		for i, v := range s {
			out[len(s)-1-i] = v
		}
		return out
	}
	var b strings.Builder
	header := func() {
		b.WriteString("#separator \\x7c\n#unset_field|-\n#empty_field|(empty)\n#path|conn\n")
		b.WriteString("#fields|" + strings.Join(rev(fields), sep) + "\n")
	}
	for i, r := range rows {
		if i == 0 || i == len(rows)/2 {
			if i > 0 {
				b.WriteString("#close|2024-05-01-00-30-00\n")
			}
			header()
		}
		b.WriteString(strings.Join(rev(r), sep) + "\n")
	}
	return []byte(b.String())
}

func TestMalformedLinesAreCountedAndLocated(t *testing.T) {
	log := strings.Join([]string{
		"#separator \\x09",
		"#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_bytes\tresp_bytes\tconn_state",
		"1714521600.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\t10\t20\tSF",
		"1714521601.0\t10.0.0.x\t40000\t10.0.0.2\t502\ttcp\t10\t20\tSF",
		"1714521602.0\t10.0.0.1\thttp\t10.0.0.2\t502\ttcp\t10\t20\tSF",
		"1714521603.0\t10.0.0.1\t40000\t10.0.0.2",
		"1714521604.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\tabc\t20\tSF",
		"XXXXXXXXXX.XXXXXX\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\t10\t20\tSF",
		"1714521605.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\t10\t20\tSF\textra",
		"1714521606.0\t10.0.0.1\t40000\t10.0.0.2\t99999\ttcp\t10\t20\tSF",
		"",
	}, "\n")
	d := New(Options{})
	st := d.Read("site/conn.log", strings.NewReader(log))
	var got []string
	for _, p := range st.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		`site/conn.log:4: id.orig_h is not an address: "10.0.0.x"`,
		`site/conn.log:5: id.orig_p is not a port: "http"`,
		`site/conn.log:6: 4 columns, but the header has 9`,
		`site/conn.log:7: orig_bytes is not a count: "abc"`,
		`site/conn.log:9: 10 columns, but the header has 9`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if st.Malformed != 6 || st.Records != 2 || st.Undated != 1 || st.Lines != 10 {
		t.Errorf("malformed %d, used %d, undated %d, lines %d", st.Malformed, st.Records, st.Undated, st.Lines)
	}
}

func TestALineTooLongIsMalformed(t *testing.T) {
	log := "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n" +
		"1714521600.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\n" +
		strings.Repeat("x", readBuffer+10) + "\n" +
		"1714521601.0\t10.0.0.1\t40000\t10.0.0.3\t502\ttcp\n"
	st := New(Options{}).Read("conn.log", strings.NewReader(log))
	if st.Malformed != 1 || st.Records != 2 || st.Problems[0].Line != 3 {
		t.Errorf("%+v %v", st, st.Problems)
	}
}

func TestLogsDiscoverDoesNotRead(t *testing.T) {
	d := New(Options{})
	dns := "#separator \\x09\n#path\tdns\n#fields\tts\tquery\n1.0\texample.org\n"
	if st := d.Read("dns.log", strings.NewReader(dns)); st.Skipped == "" || st.Records != 0 {
		t.Errorf("dns.log: %+v", st)
	}
	if st := d.Read("http.json", strings.NewReader(`{"_path":"http","id.orig_h":"10.0.0.1"}`+"\n")); st.Skipped == "" || st.Lines != 0 {
		t.Errorf("http.json: %+v", st)
	}
	if st := d.Read("notes.txt", strings.NewReader("hello world\n")); st.Skipped == "" {
		t.Errorf("notes.txt: %+v", st)
	}
	if st := d.Read("modbus.log", strings.NewReader("1.0\ta\tb\n")); !strings.Contains(st.Skipped, "no #fields header") {
		t.Errorf("a headerless log of an unknown layout: %+v", st)
	}
	if st := d.Read("empty.log", strings.NewReader("")); st.Format != "empty" {
		t.Errorf("empty: %+v", st)
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]int64{
		"1352718180.474505":           1352718180474505,
		"1352718180":                  1352718180000000,
		"1352718180.4":                1352718180400000,
		"2012-11-12T11:03:00.474505Z": 1352718180474505,
		"1.352718180474505e9":         1352718180474505,
	} {
		if got, ok := parseTime([]byte(in)); !ok || got != want {
			t.Errorf("parseTime(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"XXXXXXXXXX.XXXXXX", "", "-", "1.2.3"} {
		if _, ok := parseTime([]byte(in)); ok {
			t.Errorf("parseTime(%q) reads", in)
		}
	}
}

func TestAMalformedLineAddsNoAddress(t *testing.T) {
	log := "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n" +
		"1714521600.0\t10.0.0.1\t40000\t10.0.0.2\t502\ttcp\n" +
		"1714521601.0\t10.9.9.9\t40000\tnot-an-address\t502\ttcp\n"
	d := New(Options{})
	if st := d.Read("conn.log", strings.NewReader(log)); st.Malformed != 1 {
		t.Fatalf("%+v", st)
	}
	m, _, err := d.Propose()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"10.0.0.1", "10.0.0.2"}, assetIDs(m)); diff != "" {
		t.Errorf("assets (-want +got):\n%s", diff)
	}
}
