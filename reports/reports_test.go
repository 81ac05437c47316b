package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// hostileSite has names that try to break out of their place in a report.
func hostileSite(t *testing.T) *graph.Result {
	t.Helper()
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones:  []graph.Zone{{ID: "Z", Level: 3}},
		Assets: []graph.Asset{
			{ID: "DC-1", Kind: graph.KindDomainController, Zones: []string{"Z"}, Owner: "IT\nOT"},
			{ID: "HMI-1", Name: "<script>alert(1)</script>\r\nfake line", Kind: graph.KindOperatorStation, Zones: []string{"Z"}, Owner: `=HYPERLINK("http://x","y")`},
		},
		Dependencies: []graph.Dependency{{Consumer: "HMI-1", Providers: []string{"DC-1"}, Need: 1, Service: "auth"}},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	res, err := m.Simulate([]graph.Action{{Verb: graph.Shutdown, Target: "asset:DC-1"}}, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestTextKeepsEveryModelStringOnItsLine(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, hostileSite(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") {
		t.Errorf("an escape sequence from the model reached the terminal:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "fake line") {
			t.Errorf("a name broke onto its own line:\n%s", out)
		}
	}
	if !strings.Contains(out, "<script>alert(1)</script>  fake line") {
		t.Errorf("the name is not shown as written on one line:\n%s", out)
	}
}

func TestTextWithoutColorHasNoEscapes(t *testing.T) {
	var plain, color bytes.Buffer
	res := hostileSite(t)
	if err := Text(&plain, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&color, res, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("escape codes without color")
	}
	if !strings.Contains(color.String(), "\x1b[") {
		t.Error("no escape codes with color")
	}
}

func TestJSONListsAreNeverNull(t *testing.T) {
	m := &graph.Model{Assets: []graph.Asset{{ID: "A"}}}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	res, err := m.Simulate(nil, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"actions", "operator_stations", "feeds", "safety_visibility", "assets", "sign_off"} {
		if _, ok := got[key].([]any); !ok {
			t.Errorf("%s is %v, want a list", key, got[key])
		}
	}
	if _, ok := got["attacker"]; ok {
		t.Error("attacker present without --compromised")
	}
	if got["schema"] != graph.Schema {
		t.Errorf("schema %v", got["schema"])
	}
}

func TestSummaryLine(t *testing.T) {
	tests := []struct {
		s    graph.Summary
		want string
	}{
		{graph.Summary{}, "No operator station, feed or safety view is affected."},
		{graph.Summary{OperatorStationsLost: 3, FeedsLost: 4, SafetyVisibilityLost: 1, OperatorStationsDegraded: 2, FeedsDegraded: 3},
			"3 operator stations lost, 4 feeds lost, 1 safety view lost, 5 degraded."},
		{graph.Summary{FeedsDegraded: 1}, "0 operator stations lost, 0 feeds lost, 0 safety views lost, 1 degraded."},
	}
	for _, tc := range tests {
		if got := SummaryLine(tc.s); got != tc.want {
			t.Errorf("SummaryLine(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestModelCountsSaysOneInTheSingular(t *testing.T) {
	for _, tc := range []struct {
		m    graph.ModelInfo
		want string
	}{
		{graph.ModelInfo{Assets: 1, Zones: 1, Conduits: 1, Dependencies: 1, Feeds: 1}, "1 asset, 1 zone, 1 conduit, 1 dependency, 1 feed"},
		{graph.ModelInfo{Assets: 81, Zones: 12, Conduits: 0, Dependencies: 42, Feeds: 30}, "81 assets, 12 zones, 0 conduits, 42 dependencies, 30 feeds"},
	} {
		if got := modelCounts(tc.m); got != tc.want {
			t.Errorf("modelCounts(%+v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}
