package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/synth"
)

// TestRestoreOrderOnTheExample holds the restore plans of the example
// site's scenarios, one by one and all at once, to their promises.
func TestRestoreOrderOnTheExample(t *testing.T) {
	m, err := importers.Load("../testdata/waterworks", importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []graph.Action
	for _, s := range m.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			graph.RestorePlanHolds(t, m, s.Actions)
		})
		all = append(all, s.Actions...)
	}
	t.Run("every scenario at once", func(t *testing.T) {
		graph.RestorePlanHolds(t, m, all)
	})
	t.Run("the control network shut down", func(t *testing.T) {
		graph.RestorePlanHolds(t, m, []graph.Action{{Verb: graph.Shutdown, Target: "zone:CTRL"}})
	})

	// Time, then identity, then SCADA, then the control room.
	plan := graph.RestorePlanHolds(t, m, []graph.Action{
		{Verb: graph.Shutdown, Target: "kind:operator-station"},
		{Verb: graph.Isolate, Target: "kind:scada-server"},
		{Verb: graph.Shutdown, Target: "asset:DC-01"},
		{Verb: graph.Shutdown, Target: "asset:DC-02"},
		{Verb: graph.Shutdown, Target: "asset:NTP-01"},
		{Verb: graph.Isolate, Target: "asset:LIC-01"},
	})
	var order []string
	for _, s := range plan.Steps {
		order = append(order, strings.Join(s.IDs, "+"))
	}
	at := func(id string) int { return slices.Index(order, id) }
	for _, pair := range [][2]string{
		{"NTP-01", "DC-01"}, {"DC-01", "DC-02"}, {"DC-02", "LIC-01"}, {"LIC-01", "SCADA-01"},
		{"SCADA-01", "SCADA-02"}, {"SCADA-02", "HMI-CR-01"}, {"SCADA-02", "HMI-PS-LP-01"},
	} {
		if at(pair[0]) < 0 || at(pair[1]) < 0 || at(pair[0]) > at(pair[1]) {
			t.Errorf("%s should come back before %s: %q", pair[0], pair[1], order)
		}
	}
}

// TestRestoreOrderOnAGeneratedSite plans a restoration on a synthetic site
// of a few thousand assets, where the steps run to the hundreds.
func TestRestoreOrderOnAGeneratedSite(t *testing.T) {
	if testing.Short() {
		t.Skip("a larger site")
	}
	m := synth.Generate(3000, 1, 1)
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	graph.RestorePlanHolds(t, m, []graph.Action{
		{Verb: graph.Shutdown, Target: "asset:S1-NTP"},
		{Verb: graph.Shutdown, Target: "asset:S1-DC-1"},
		{Verb: graph.Isolate, Target: "zone:DMZ"},
		{Verb: graph.Shutdown, Target: "kind:operator-station"},
	})
}
