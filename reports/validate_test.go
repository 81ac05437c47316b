package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/otimpact/otimpact/graph"
)

// hostileFindings validates a model whose ids, kinds and zones try to
// escape their place in a report: a spreadsheet formula, HTML, Markdown,
// line breaks and a terminal escape.
func hostileFindings(t *testing.T) []graph.Finding {
	t.Helper()
	const formulaID = `=cmd|' /C calc'!A0`
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones:  []graph.Zone{{ID: "Z", Level: 3}},
		Assets: []graph.Asset{
			{ID: formulaID, Kind: hostileScript, Zones: []string{"Z"}},
			{ID: "HMI-1", Kind: hostileLines + "\x1b[2J", Zones: []string{"Z"}},
			{ID: hostileMarkup, Kind: graph.KindServer, Zones: []string{"Z", hostileZone}},
			{ID: "DC-1", Kind: graph.KindDomainController},
		},
		Dependencies: []graph.Dependency{{Consumer: "HMI-1", Providers: []string{"DC-1"}, Need: 1, Service: "auth"}},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	fs, err := m.Validate()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestValidateTextKeepsEveryModelStringOnItsLine(t *testing.T) {
	fs := hostileFindings(t)
	var buf bytes.Buffer
	if err := ValidateText(&buf, "site\x1b[2J.xlsx", fs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") {
		t.Errorf("an escape sequence from the model reached the terminal:\n%q", out)
	}
	// Messages are wrapped: read them with the breaks undone.
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"=cmd|' /C calc'!A0 has kind \"<script>alert(1)</script>\"",
		`HMI-1 has kind "two\nlines\r\nthree\x1b[2J"`,
		"1 error, 5 warnings, 0 info.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("%q is not shown as written:\n%s", want, out)
		}
	}
	// Every line is a title, a finding's code and place, a line of its
	// message or fix, a blank or the summary.
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case line == "", strings.HasPrefix(line, "Site model "), strings.HasPrefix(line, "Errors ("), strings.HasPrefix(line, "Warnings ("),
			strings.HasPrefix(line, "  baseline-loss"), strings.HasPrefix(line, "  unknown-kind"), strings.HasPrefix(line, "  unzoned-provider"),
			strings.HasPrefix(line, "  multi-homed-bridge"), strings.HasPrefix(line, "  zone-without-level"), strings.HasPrefix(line, "      "),
			strings.HasSuffix(line, " info."):
		default:
			t.Errorf("a model string broke onto a line of its own: %q", line)
		}
	}
}

// TestValidateTextWrapsLongFindings holds the text to a terminal's width: a
// finding of several hundred characters is wrapped under its code and
// place, the fix indented under its "fix:", and nothing of either is lost.
func TestValidateTextWrapsLongFindings(t *testing.T) {
	long := strings.Repeat("HMI-01 auth, ", 60) + "and " + strings.Repeat("X", 130) + " at the end"
	hint := strings.Repeat("add a conduit between zone OPS and zone CTRL, ", 6) + "or move the provider"
	fs := []graph.Finding{{Severity: graph.SeverityWarning, Code: "false-redundancy", Message: long, Hint: hint,
		Place: graph.Place{Sheet: "assets", Row: 25, ID: "NTP-01"}}}
	var buf bytes.Buffer
	if err := ValidateText(&buf, "site.xlsx", fs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	var msg, fix []string
	for i, line := range lines {
		if n := utf8.RuneCountInString(line); n > validateWidth && !strings.Contains(line, "XXXX") {
			t.Errorf("line %d has %d characters, more than %d: %q", i+1, n, validateWidth, line)
		}
		switch {
		case strings.HasPrefix(line, "      fix: "):
			fix = append(fix, strings.TrimPrefix(line, "      fix: "))
		case len(fix) > 0 && strings.HasPrefix(line, "           "):
			fix = append(fix, strings.TrimPrefix(line, "           "))
		case strings.HasPrefix(line, "      "):
			msg = append(msg, strings.TrimPrefix(line, "      "))
		}
	}
	if got := strings.Join(msg, " "); got != long {
		t.Errorf("the message does not read back as written:\n%q\nwant\n%q", got, long)
	}
	if got := strings.Join(fix, " "); got != hint {
		t.Errorf("the fix does not read back as written:\n%q\nwant\n%q", got, hint)
	}
	if len(msg) < 8 || len(fix) < 3 {
		t.Errorf("a %d-character message took %d lines and its fix %d: it is not wrapped\n%s", len(long), len(msg), len(fix), buf.String())
	}
	if !slices.Contains(lines, "  false-redundancy  assets row 25, NTP-01") {
		t.Errorf("no line with the code and place alone:\n%s", buf.String())
	}
}

func TestValidateTextSaysWhenClean(t *testing.T) {
	var buf bytes.Buffer
	if err := ValidateText(&buf, "site.xlsx", nil, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "\nNo findings.\n") || !strings.Contains(out, "0 errors, 0 warnings, 0 info.") {
		t.Errorf("a clean model does not say so:\n%s", out)
	}
}

func TestValidateMarkdownEscapesEveryCell(t *testing.T) {
	fs := hostileFindings(t)
	var buf bytes.Buffer
	if err := ValidateMarkdown(&buf, "site.xlsx", fs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script>", "<b>", "\x1b", " |' /C"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q reached the Markdown unescaped:\n%s", bad, out)
		}
	}
	if want := `=cmd\|' /C calc'!A0 has kind "&lt;script&gt;alert(1)&lt;/script&gt;"`; !strings.Contains(out, want) {
		t.Errorf("the formula id and the script kind are not literal:\n%s", out)
	}
	// Every table row has the header's four cells: no name added a column.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| ") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 5 {
				t.Errorf("a table row has %d cells, want 4: %s", n-1, line)
			}
		}
	}
	if !strings.Contains(out, "## Errors (1)") || !strings.Contains(out, "## Warnings (5)") || strings.Contains(out, "## Info") {
		t.Errorf("sections are not one per severity that has findings:\n%s", out)
	}
}

func TestValidateJSONShape(t *testing.T) {
	fs := hostileFindings(t)
	var buf bytes.Buffer
	if err := ValidateJSON(&buf, fs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema   string                       `json:"schema"`
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if doc.Schema != "otimpact/validate/v1" || len(doc.Findings) != len(fs) {
		t.Fatalf("schema %q with %d findings, want otimpact/validate/v1 with %d", doc.Schema, len(doc.Findings), len(fs))
	}
	for _, f := range doc.Findings {
		var keys []string
		for k := range f {
			keys = append(keys, k)
		}
		if len(f) != 6 || f["severity"] == nil || f["code"] == nil || f["message"] == nil || f["ids"] == nil || f["place"] == nil || f["hint"] == nil {
			t.Errorf("finding keys %v, want severity, code, message, ids, place, hint", keys)
		}
		var place struct {
			Sheet *string `json:"sheet"`
			Row   *int    `json:"row"`
			ID    *string `json:"id"`
		}
		var ids []string
		if json.Unmarshal(f["place"], &place) != nil || place.Sheet == nil || place.Row == nil || place.ID == nil {
			t.Errorf("place is not {sheet, row, id}: %s", f["place"])
		}
		if json.Unmarshal(f["ids"], &ids) != nil || ids == nil {
			t.Errorf("ids is not an array: %s", f["ids"])
		}
	}
	var sev, msg string
	json.Unmarshal(doc.Findings[0]["severity"], &sev)
	json.Unmarshal(doc.Findings[2]["message"], &msg)
	if sev != "error" || !strings.HasPrefix(msg, "=cmd|' /C calc'!A0 has kind \"<script>alert(1)</script>\"") {
		t.Errorf("severity %q, message %q: want words and the literal model strings", sev, msg)
	}
}

func TestValidateJSONReadsBack(t *testing.T) {
	fs := hostileFindings(t)
	var buf bytes.Buffer
	if err := ValidateJSON(&buf, fs); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Findings []graph.Finding }
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Findings, fs) {
		t.Errorf("the findings do not read back as written:\n%+v\n%+v", doc.Findings, fs)
	}
}

func TestValidateJSONHasAnArrayWhenClean(t *testing.T) {
	var buf bytes.Buffer
	if err := ValidateJSON(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("no findings is not an empty array:\n%s", buf.String())
	}
}

func TestValidateSummary(t *testing.T) {
	fs := []graph.Finding{{Severity: graph.SeverityError}, {Severity: graph.SeverityError}, {Severity: graph.SeverityWarning}, {Severity: graph.SeverityInfo}}
	if got := ValidateSummary(fs); got != "2 errors, 1 warning, 1 info" {
		t.Errorf("summary %q", got)
	}
}
