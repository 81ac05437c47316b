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

// TestRestorePlanTotalsOnTheExample is the plan a user compared with
// simulate: three actions that need nothing of each other. What the plan
// says the actions took is what simulate says; what it brings back is all
// of it, each item once; and of the steps that need no earlier one, the
// one that brings back the control room goes before the one that brings
// back little.
func TestRestorePlanTotalsOnTheExample(t *testing.T) {
	m, err := importers.Load("../testdata/waterworks", importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	actions := []graph.Action{
		{Verb: graph.Isolate, Target: "zone:DMZ"},
		{Verb: graph.Shutdown, Target: "asset:NTP-01"},
		{Verb: graph.Cut, Target: "conduit:OPS-CTRL"},
	}
	plan := graph.RestorePlanHolds(t, m, actions)
	var order []string
	for _, s := range plan.Steps {
		order = append(order, strings.Join(s.IDs, "+"))
		if len(s.AfterSteps) > 0 {
			t.Errorf("step %d waits for %v: the three need nothing of each other", s.Step, s.AfterSteps)
		}
	}
	// NTP-01 first: without time SCADA fails within days, and nothing the
	// conduit carries would come back for good.
	if want := []string{"NTP-01", "OPS-CTRL", "DMZ"}; !slices.Equal(order, want) {
		t.Errorf("order %q, want %q", order, want)
	}
	res, err := m.Simulate(actions, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := plan.Summary, res.Summary; got != want {
		t.Errorf("summary %+v, simulate says %+v", got, want)
	}
	took, back := plan.Took, plan.BroughtBack
	for _, c := range []struct {
		what      string
		took, bak []string
		want      int
	}{
		{"operator stations", took.OperatorStations, back.OperatorStations, 9},
		{"feeds", took.Feeds, back.Feeds, 23},
		{"safety views", took.SafetyVisibility, back.SafetyVisibility, 4},
		{"other assets", took.Assets, back.Assets, 16},
	} {
		if len(c.took) != c.want || !slices.Equal(c.took, c.bak) {
			t.Errorf("%s: took %d %q, brought back %d %q; want %d, all of them", c.what, len(c.took), c.took, len(c.bak), c.bak, c.want)
		}
	}
	if slices.Contains(plan.Steps[0].BringsBack.Assets, "HMI-CR-01") || slices.Contains(plan.Steps[0].PartlyBack.Assets, "HMI-CR-01") {
		t.Errorf("step 1 counts operator station HMI-CR-01 as an asset: %+v", plan.Steps[0])
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
