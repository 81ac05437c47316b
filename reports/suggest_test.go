package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// hostileSuggestion suggests options on a site whose ids — the ones that
// end up in actions, paths and sign-off — try to escape their place.
func hostileSuggestion(t *testing.T) *graph.Suggestion {
	t.Helper()
	const (
		gateway = "VGW\x1b[2J"
		plc     = "PLC\nFAKE LINE"
		dmz     = "DMZ|*x*"
		cell    = hostileScript
		conduit = "C|`x`"
	)
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones:  []graph.Zone{{ID: dmz, Level: 3.5}, {ID: cell, Level: 1}},
		Assets: []graph.Asset{
			{ID: gateway, Kind: graph.KindVendorGateway, Zones: []string{dmz}, Owner: hostileMarkup},
			{ID: plc, Kind: graph.KindPLC, Zones: []string{cell}, Owner: hostileLines},
			{ID: "HMI-1", Kind: graph.KindOperatorStation, Zones: []string{cell}, Owner: hostileLink},
		},
		Conduits: []graph.Conduit{{ID: conduit, From: dmz, To: cell}},
		Feeds:    []graph.Feed{{ID: "F", Source: []string{plc}, To: []string{"HMI-1"}, Kind: graph.FeedView}},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	sg, err := m.Suggest(graph.SuggestOptions{Compromised: "asset:" + gateway, Protect: "zone:" + cell})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Options) < 3 {
		t.Fatalf("want several options, got %d", len(sg.Options))
	}
	return sg
}

func TestSuggestTextKeepsHostileIDsOnTheirLine(t *testing.T) {
	var buf bytes.Buffer
	if err := SuggestText(&buf, hostileSuggestion(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("control characters in the report:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "FAKE LINE") || strings.HasPrefix(line, "lines") {
			t.Errorf("a model string started a line of its own:\n%s", out)
		}
	}
	for _, want := range []string{
		`Attacker on VGW\x1b[2J reaches 2 protected assets of zone:<script>alert(1)</script> now: HMI-1, PLC FAKE LINE`,
		"cut conduit:C|`x`",
		"→[✂C|`x`]→ PLC FAKE LINE",
		`--compromised 'asset:VGW\x1b[2J'`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestSuggestMarkdownEscapesHostileIDs(t *testing.T) {
	var buf bytes.Buffer
	if err := SuggestMarkdown(&buf, hostileSuggestion(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "<>\x1b\r") {
		t.Errorf("raw HTML or control characters in the report:\n%s", out)
	}
	width, rows := 0, 0
	shown := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			width = 0
			continue
		}
		rows++
		cells := markdownRow(line)
		if width == 0 {
			width = len(cells)
		}
		if len(cells) != width {
			t.Errorf("row has %d cells, its table %d: an id broke the table:\n%s", len(cells), width, line)
		}
		for _, c := range cells {
			shown[unescapeMarkdown(c)] = true
		}
	}
	if rows == 0 {
		t.Fatalf("no table:\n%s", out)
	}
	if !shown["cut conduit:C|`x`"] || !shown["isolate zone:DMZ|*x*"] {
		t.Errorf("the actions are not cells as written:\n%s", out)
	}
	if !strings.HasPrefix(out, `# Containment options: attacker on VGW\\x1b\[2J`+"\n") {
		t.Errorf("title:\n%s", out)
	}
}

func TestSuggestJSONKeepsTheContract(t *testing.T) {
	var buf bytes.Buffer
	sg := hostileSuggestion(t)
	if err := SuggestJSON(&buf, sg); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["schema"] != graph.SuggestSchema {
		t.Errorf("schema %v", got["schema"])
	}
	if _, ok := got["partial"]; ok {
		t.Error("partial is present though an option cuts every path")
	}
	opts, ok := got["options"].([]any)
	if !ok || len(opts) != len(sg.Options) {
		t.Fatalf("options %v", got["options"])
	}
	first := opts[0].(map[string]any)
	for _, k := range []string{"actions", "summary", "protected_reachable_after", "severs", "sign_off"} {
		if _, ok := first[k]; !ok {
			t.Errorf("an option lacks %q: %v", k, first)
		}
	}
	summary := first["summary"].(map[string]any)
	for _, k := range []string{"operator_stations_lost", "operator_stations_degraded", "feeds_lost", "feeds_degraded", "safety_visibility_lost", "safety_visibility_degraded"} {
		if _, ok := summary[k]; !ok {
			t.Errorf("the summary lacks %q: %v", k, summary)
		}
	}
	if len(summary) != 6 {
		t.Errorf("the summary has keys the simulation's does not: %v", summary)
	}
	action := first["actions"].([]any)[0].(map[string]any)
	if len(action) != 2 || action["action"] == nil || action["target"] == nil {
		t.Errorf("an action is not {action, target}: %v", action)
	}
	if got["compromised"].([]any)[0] != "VGW\x1b[2J" {
		t.Errorf("compromised %v: JSON carries ids as written", got["compromised"])
	}
}

func TestSuggestTextNothingToCut(t *testing.T) {
	m := &graph.Model{
		Source: "site",
		Zones:  []graph.Zone{{ID: "A", Level: 3}, {ID: "C", Level: 1}},
		Assets: []graph.Asset{{ID: "X", Zones: []string{"A"}}, {ID: "P", Kind: graph.KindPLC, Zones: []string{"C"}}},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	sg, err := m.Suggest(graph.SuggestOptions{Compromised: "X"})
	if err != nil {
		t.Fatal(err)
	}
	var text, md, js bytes.Buffer
	if err := SuggestText(&text, sg, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := SuggestMarkdown(&md, sg); err != nil {
		t.Fatal(err)
	}
	if err := SuggestJSON(&js, sg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "Attacker on X reaches 0 protected assets now: there is nothing to cut off.\n") {
		t.Errorf("text:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "there is nothing to cut off.") {
		t.Errorf("markdown:\n%s", md.String())
	}
	if !strings.Contains(js.String(), `"options": []`) {
		t.Errorf("JSON options are not an empty array:\n%s", js.String())
	}
}
