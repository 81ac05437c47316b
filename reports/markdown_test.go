package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// Hostile model strings: markup, HTML, spreadsheet formulas, quotes, line
// breaks and DOT syntax, each of which must come out as literal text.
const (
	hostileScript  = `<script>alert(1)</script>`
	hostileLink    = `=HYPERLINK("http://x","y")`
	hostilePlus    = `+cmd`
	hostileAt      = `@SUM(A1)`
	hostileMinus   = `-2+3`
	hostileFormula = `=1+1`
	hostileMarkup  = "say \"hi\" | it's *bold* _u_ `code` [x](y) # \\ & ~"
	hostileLines   = "two\nlines\r\nthree"
	hostileDOT     = `"]; a -> b; [`
	hostileZone    = "<b>Z2</b>|=Z3"
)

// hostileResult simulates a small site whose every name, owner and some ids
// try to escape their place in a report.
func hostileResult(t *testing.T) *graph.Result {
	t.Helper()
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones:  []graph.Zone{{ID: "Z", Name: hostileDOT, Level: 2}},
		Assets: []graph.Asset{
			{ID: "DC-1", Name: hostileAt, Kind: graph.KindDomainController, Zones: []string{"Z"}, Owner: hostilePlus},
			{ID: hostileFormula, Name: hostileLink, Kind: graph.KindPLC, Zones: []string{"Z"}, Owner: hostileMinus},
			{ID: "HMI-1", Name: hostileScript, Kind: graph.KindOperatorStation, Zones: []string{"Z"}, Owner: hostileLink},
			// A zone that the Zones sheet lacks makes a warning that names it.
			{ID: "HMI-2", Name: hostileLines, Kind: graph.KindOperatorStation, Zones: []string{"Z", hostileZone}, Owner: hostileMarkup},
		},
		Dependencies: []graph.Dependency{
			{Consumer: "HMI-1", Providers: []string{"DC-1"}, Need: 1, Service: "auth"},
			{Consumer: "HMI-2", Providers: []string{"DC-1"}, Need: 1, Service: "auth", GraceMS: 8 * 3600 * 1000},
		},
		Feeds: []graph.Feed{
			{ID: hostileAt, Name: hostileDOT, Source: []string{hostileFormula}, To: []string{"HMI-1", "HMI-2"}, Kind: graph.FeedView, Safety: true, Owner: hostilePlus},
		},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	res, err := m.Simulate([]graph.Action{
		{Verb: graph.Shutdown, Target: "asset:DC-1", Scenario: hostileMarkup},
		{Verb: graph.Isolate, Target: "asset:" + hostileFormula, Scenario: hostileMarkup},
	}, graph.Options{Compromised: "asset:HMI-2"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestMarkdownGolden holds the Markdown reports of the example site to the
// files under testdata/golden.
func TestMarkdownGolden(t *testing.T) {
	cases := []struct {
		name     string
		scenario string
		actions  []graph.Action
		opts     graph.Options
	}{
		{name: "shutdown-dcs.md", scenario: "Shut down domain controllers"},
		{name: "isolate-ops-compromised.md", actions: []graph.Action{{Verb: graph.Isolate, Target: "zone:OPS"}}, opts: graph.Options{Compromised: "asset:VGW-01"}},
		{name: "nothing.md"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, exampleResult(t, tc.scenario, tc.actions, tc.opts)); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name, buf.Bytes())
		})
	}
}

func TestMarkdownEmptySectionsSayNone(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, exampleResult(t, "", nil, graph.Options{})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, title := range []string{"Actions", "Operator stations lost", "Telemetry and control feeds lost",
		"Safety-relevant visibility lost", "Degraded", "Other assets affected", "Sign-off needed"} {
		if !strings.Contains(out, "## "+title+" (0)\n\nNone.\n") {
			t.Errorf("section %q does not say None.:\n%s", title, out)
		}
	}
	if strings.Contains(out, "Attacker reach") {
		t.Error("an attacker section without --compromised")
	}
}

// markdownRow splits a Markdown table row into its cells at the pipes that
// are not escaped.
func markdownRow(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "| "), " |")
	var cells []string
	var cell strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			cell.WriteString(line[i : i+2])
			i++
		case strings.HasPrefix(line[i:], " | "):
			cells = append(cells, cell.String())
			cell.Reset()
			i += 2
		default:
			cell.WriteByte(line[i])
		}
	}
	return append(cells, cell.String())
}

// unescapeMarkdown reads a cell as a Markdown renderer shows it.
func unescapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(b.String())
}

func TestMarkdownShowsHostileNamesAsWritten(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, hostileResult(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "<>\x1b\r") {
		t.Errorf("raw HTML or control characters in the report:\n%s", out)
	}
	shown := map[string]bool{}
	width := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			width = 0
			continue
		}
		cells := markdownRow(line)
		if width == 0 {
			width = len(cells)
		}
		if len(cells) != width {
			t.Errorf("row has %d cells, its table %d: a name broke the table:\n%s", len(cells), width, line)
		}
		for _, c := range cells {
			for i := 0; i < len(c); i++ {
				if c[i] == '\\' {
					i++
					continue
				}
				if strings.IndexByte("|*_`[]#~", c[i]) >= 0 {
					t.Errorf("unescaped %q in cell %q", c[i], c)
				}
			}
			shown[unescapeMarkdown(c)] = true
		}
	}
	for _, h := range []string{hostileScript, hostileLink, hostilePlus, hostileAt, hostileMinus, hostileFormula, hostileMarkup, hostileLines, hostileDOT} {
		if !shown[oneLine(h)] {
			t.Errorf("%q is not a cell of its own, shown as written", h)
		}
	}
	if want := `# Containment impact: scenario "` + markdownCell(hostileMarkup) + `"`; !strings.HasPrefix(out, want+"\n") {
		t.Errorf("title is not %q:\n%s", want, out)
	}
}
