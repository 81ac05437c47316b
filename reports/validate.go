package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/otimpact/otimpact/graph"
)

// validateSections are the findings' groups, most serious first.
var validateSections = []struct {
	severity graph.Severity
	title    string
	color    string
}{
	{graph.SeverityError, "Errors", ansiBold + ansiRed},
	{graph.SeverityWarning, "Warnings", ansiBold + ansiYellow},
	{graph.SeverityInfo, "Info", ansiBold},
}

// ValidateSummary counts findings by severity in one line: "1 error,
// 3 warnings, 8 info".
func ValidateSummary(findings []graph.Finding) string {
	var n [3]int
	for _, f := range findings {
		n[min(int(f.Severity), 2)]++
	}
	return fmt.Sprintf("%s, %s, %d info", plural(n[0], "error"), plural(n[1], "warning"), n[2])
}

// placeText says where a finding points: "Dependencies row 14, HMI-01".
func placeText(p graph.Place) string {
	s := p.Sheet
	if p.Row > 0 {
		s += " row " + strconv.Itoa(p.Row)
	}
	if s != "" && p.ID != "" {
		s += ", "
	}
	return s + p.ID
}

// validateWidth is the width validate's text wraps findings to: messages
// run to several hundred characters, which a terminal would break anywhere.
const validateWidth = 100

// ValidateText writes validate's findings for a terminal, the way a
// compiler lists problems: grouped by severity, each with its code and
// place on a line, the message and the fix under it wrapped to
// validateWidth, then a one-line summary.
func ValidateText(w io.Writer, source string, findings []graph.Finding, opts TextOptions) error {
	t := &textReport{opts: opts}
	fmt.Fprintf(&t.buf, "Site model %s\n", oneLine(source))
	for _, sec := range validateSections {
		var rows, bodies [][]string
		for _, f := range findings {
			if f.Severity != sec.severity {
				continue
			}
			rows = append(rows, []string{f.Code, placeText(f.Place)})
			body := wrapText(f.Message, validateWidth-6)
			for i, line := range wrapText(f.Hint, validateWidth-11) {
				if i == 0 {
					body = append(body, "fix: "+line)
				} else {
					body = append(body, "     "+line)
				}
			}
			bodies = append(bodies, body)
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&t.buf, "\n%s\n", t.color(sec.color, fmt.Sprintf("%s (%d)", sec.title, len(rows))))
		var b bytes.Buffer
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintf(tw, "  %s\t%s\n", oneLine(r[0]), oneLine(r[1]))
		}
		tw.Flush()
		for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if i > 0 {
				t.buf.WriteByte('\n')
			}
			t.buf.WriteString(strings.TrimRight(line, " ") + "\n")
			for _, l := range bodies[i] {
				t.buf.WriteString("      " + l + "\n")
			}
		}
	}
	t.buf.WriteString("\n")
	if len(findings) == 0 {
		t.buf.WriteString("No findings.\n")
	}
	t.buf.WriteString(t.color(ansiBold, ValidateSummary(findings)+".") + "\n")
	_, err := w.Write(t.buf.Bytes())
	return err
}

// wrapText breaks a model string, kept on its line (oneLine), into lines of
// at most width runes at spaces; a word longer than that has a line of its
// own. Spaces are kept as written.
func wrapText(s string, width int) []string {
	words := strings.Split(oneLine(s), " ")
	lines := []string{words[0]}
	n := utf8.RuneCountInString(words[0])
	for _, w := range words[1:] {
		wn := utf8.RuneCountInString(w)
		if n > 0 && n+1+wn > width {
			lines = append(lines, w)
			n = wn
			continue
		}
		lines[len(lines)-1] += " " + w
		n += 1 + wn
	}
	return lines
}

// ValidateMarkdown writes validate's findings for a ticket or a review: a
// table a severity, every cell escaped.
func ValidateMarkdown(w io.Writer, source string, findings []graph.Finding) error {
	var md markdownReport
	fmt.Fprintf(&md.buf, "# Model validation: %s\n\n**%s.**\n", markdownCell(source), markdownCell(ValidateSummary(findings)))
	if len(findings) == 0 {
		md.buf.WriteString("\nNo findings.\n")
	}
	for _, sec := range validateSections {
		var rows [][]string
		for _, f := range findings {
			if f.Severity == sec.severity {
				rows = append(rows, []string{f.Code, placeText(f.Place), f.Message, f.Hint})
			}
		}
		if len(rows) > 0 {
			md.table(sec.title, []string{"code", "place", "finding", "fix"}, rows)
		}
	}
	_, err := w.Write(md.buf.Bytes())
	return err
}

// ValidateJSON writes the findings as the otimpact/validate/v1 contract:
// {"schema", "findings": [{"severity", "code", "message", "ids", "place",
// "hint"}]}, where place is an object {"sheet", "row", "id"} (row 0 when
// the finding is about no single row) and findings is always an array.
func ValidateJSON(w io.Writer, findings []graph.Finding) error {
	if findings == nil {
		findings = []graph.Finding{}
	}
	return encodeJSON(w, struct {
		Schema   string          `json:"schema"`
		Findings []graph.Finding `json:"findings"`
	}{graph.ValidateSchema, findings})
}
