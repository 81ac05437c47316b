package graph

import (
	"encoding/json"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

// stepIDs renders a plan's order compactly: one entry a step, the ids of a
// step joined with "+", and "(cycle)" after a step that is a cycle.
func stepIDs(p *RestorePlan) []string {
	var out []string
	for _, s := range p.Steps {
		e := strings.Join(s.IDs, "+")
		if s.Cycle {
			e += "(cycle)"
		}
		out = append(out, e)
	}
	return out
}

func parseActions(t testing.TB, specs []string) []Action {
	t.Helper()
	var acts []Action
	for _, a := range specs {
		verb, target, _ := strings.Cut(a, " ")
		v, err := ParseVerb(verb)
		if err != nil {
			t.Fatal(err)
		}
		acts = append(acts, Action{Verb: v, Target: target})
	}
	return acts
}

func TestRestoreOrder(t *testing.T) {
	cases := []struct {
		name    string
		site    *site
		actions []string
		want    []string
	}{
		{
			name: "time and identity come back before SCADA, SCADA before operator stations",
			site: newSite().zone("OPS", 3).
				asset("NTP-01 ntp OPS").asset("DC-01 dc OPS").asset("SCADA-01 scada OPS").asset("HMI-01 hmi OPS").
				dep("DC-01", 1, "NTP-01", 3*24*time.Hour, "ntp").
				dep("SCADA-01", 1, "DC-01", 8*time.Hour, "auth").
				dep("HMI-01", 1, "SCADA-01", 0, "data"),
			actions: []string{"shutdown asset:HMI-01", "shutdown asset:SCADA-01", "shutdown asset:DC-01", "shutdown asset:NTP-01"},
			want:    []string{"NTP-01", "DC-01", "SCADA-01", "HMI-01"},
		},
		{
			name: "with nothing between them, the kind order decides, then the id",
			site: newSite().zone("OPS", 3).
				asset("A-HMI hmi OPS").asset("B-PLC plc OPS").asset("Z-DC dc OPS").asset("Y-NTP ntp OPS").
				asset("FW-1 firewall OPS").asset("HIST historian OPS").asset("SCADA scada OPS").asset("LIC server OPS").asset("EWS ews OPS").
				dep("SCADA", 1, "LIC", 0, "license"),
			actions: []string{"shutdown zone:OPS"},
			// The operator station brings itself back: it goes first.
			want: []string{"A-HMI", "Y-NTP", "Z-DC", "FW-1", "LIC", "HIST", "SCADA", "EWS", "B-PLC"},
		},
		{
			name: "with nothing between them, the step that brings back a safety view goes first, whatever the kinds",
			site: newSite().zone("OPS", 3).zone("CELL", 1).
				asset("NTP-01 ntp OPS").asset("HIST-01 historian OPS").asset("HMI-01 hmi OPS").asset("PLC-01 plc CELL").
				conduit("OPS-CELL", "OPS~CELL").
				dep("HIST-01", 1, "NTP-01", 0, "ntp").
				feed("S-1", "view", true, "PLC-01 => HMI-01"),
			actions: []string{"shutdown asset:NTP-01", "isolate asset:PLC-01"},
			want:    []string{"PLC-01", "NTP-01"},
		},
		{
			name: "with nothing between them, more operator stations back before fewer, partly back before nothing",
			site: newSite().zone("OPS", 3).
				asset("DC-01 dc OPS").asset("DC-02 dc OPS").asset("NTP-01 ntp OPS").asset("HIST-01 historian OPS").
				asset("HMI-01 hmi OPS").asset("HMI-02 hmi OPS").asset("HMI-03 hmi OPS").
				dep("HMI-01", 1, "DC-02", 0, "auth").
				dep("HMI-02", 1, "DC-02", 0, "auth").
				dep("HMI-03", 1, "DC-01", 0, "auth").
				feed("F-1", "view", false, "HIST-01 => HMI-03").
				dep("HIST-01", 1, "NTP-01", 0, "ntp"),
			actions: []string{"shutdown asset:DC-01", "shutdown asset:DC-02", "shutdown asset:NTP-01"},
			// DC-02 brings back two stations; DC-01 one station (the feed
			// still misses it: degraded); NTP-01 then brings back its feed.
			want: []string{"DC-02", "DC-01", "NTP-01"},
		},
		{
			name: "a step that brings back much still waits for what it needs",
			site: newSite().zone("OPS", 3).
				asset("NTP-01 ntp OPS").asset("SCADA-01 scada OPS").asset("HMI-01 hmi OPS").asset("HMI-02 hmi OPS").
				dep("SCADA-01", 1, "NTP-01", 0, "ntp").
				dep("HMI-01", 1, "SCADA-01", 0, "data").
				dep("HMI-02", 1, "SCADA-01", 0, "data"),
			actions: []string{"shutdown asset:SCADA-01", "shutdown asset:NTP-01"},
			want:    []string{"NTP-01", "SCADA-01"},
		},
		{
			name: "a provider comes back before its consumer whatever their kinds",
			site: newSite().zone("OPS", 3).
				asset("NTP-01 ntp OPS").asset("GPS-01 other OPS").
				dep("NTP-01", 1, "GPS-01", 0, "time"),
			actions: []string{"shutdown asset:NTP-01", "shutdown asset:GPS-01"},
			want:    []string{"GPS-01", "NTP-01"},
		},
		{
			name: "a dependency cycle comes back as one step, before what needs it",
			site: newSite().zone("OPS", 3).
				asset("DC-01 dc OPS").asset("DNS-01 dns OPS").asset("HMI-01 hmi OPS").
				dep("DC-01", 1, "DNS-01", 0, "dns").
				dep("DNS-01", 1, "DC-01", 0, "auth").
				dep("HMI-01", 1, "DC-01", 0, "auth"),
			actions: []string{"shutdown asset:HMI-01", "shutdown asset:DC-01", "isolate asset:DNS-01"},
			want:    []string{"DC-01+DNS-01(cycle)", "HMI-01"},
		},
		{
			name: "a cycle through an asset lost through dependencies is named on the step that brings it back",
			site: newSite().zone("OPS", 3).
				asset("DC-01 dc OPS").asset("DNS-01 dns OPS").
				dep("DC-01", 1, "DNS-01", 0, "dns").
				dep("DNS-01", 1, "DC-01", 0, "auth"),
			actions: []string{"shutdown asset:DNS-01"},
			want:    []string{"DNS-01(cycle)"},
		},
		{
			name: "a cut conduit comes back before what needs it across it",
			site: newSite().zone("L3", 3).zone("L2", 2).
				asset("DC-01 dc L3").asset("NTP-01 ntp L2").
				conduit("L3-L2", "L3~L2").
				dep("DC-01", 1, "NTP-01", 0, "ntp"),
			actions: []string{"shutdown asset:DC-01", "cut conduit:L3-L2"},
			want:    []string{"L3-L2", "DC-01"},
		},
		{
			name: "a boundary device comes back before what needs its conduit",
			site: newSite().zone("L3", 3).zone("L2", 2).
				asset("DC-01 dc L3").asset("NTP-01 ntp L2").asset("FW-01 firewall L3").
				conduit("L3-L2", "L3~L2", "FW-01").
				dep("DC-01", 1, "NTP-01", 0, "ntp"),
			actions: []string{"shutdown asset:DC-01", "shutdown asset:FW-01"},
			want:    []string{"FW-01", "DC-01"},
		},
		{
			name: "a via device comes back before the conduit it carries",
			site: newSite().zone("L3", 3).zone("L2", 2).
				asset("NTP-01 ntp L2").asset("GW-01 server L3").
				conduit("A-L3-L2", "L3~L2", "GW-01"),
			actions: []string{"cut conduit:A-L3-L2", "isolate asset:GW-01"},
			want:    []string{"GW-01", "A-L3-L2"},
		},
		{
			name: "an isolated zone is lifted before what needs its conduits",
			site: newSite().zone("L3", 3).zone("L2", 2).
				asset("DC-01 dc L3").asset("NTP-01 ntp L2").
				conduit("L3-L2", "L3~L2").
				dep("DC-01", 1, "NTP-01", 0, "ntp"),
			actions: []string{"shutdown asset:DC-01", "isolate zone:L2"},
			want:    []string{"L2", "DC-01"},
		},
		{
			name: "a feed's source comes back before the stations that view it",
			site: newSite().zone("OPS", 3).zone("CELL", 1).
				asset("HMI-01 hmi OPS").asset("PLC-01 plc CELL").
				conduit("OPS-CELL", "OPS~CELL").
				feed("F-1", "view", false, "PLC-01 => HMI-01"),
			actions: []string{"shutdown asset:HMI-01", "isolate asset:PLC-01"},
			want:    []string{"PLC-01", "HMI-01"},
		},
		{
			name:    "an asset shut down and isolated comes back in one step",
			site:    newSite().zone("OPS", 3).asset("HMI-01 hmi OPS"),
			actions: []string{"isolate asset:HMI-01", "shutdown zone:OPS"},
			want:    []string{"HMI-01"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.site.build(t)
			plan := RestorePlanHolds(t, m, parseActions(t, tc.actions))
			if got := stepIDs(plan); !slices.Equal(got, tc.want) {
				t.Errorf("steps %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRestoreStepSaysWhatComesBack(t *testing.T) {
	m := newSite().zone("OPS", 3).
		asset("NTP-01 ntp OPS", "owner=OT").asset("DC-01 dc OPS", "owner=IT").asset("DNS-01 dns OPS", "owner=IT").
		asset("SCADA-01 scada OPS", "owner=OT").asset("HMI-01 hmi OPS", "owner=OT").asset("PLC-01 plc OPS").
		dep("DC-01", 1, "DNS-01", 0, "dns").
		dep("DNS-01", 1, "DC-01", 0, "auth").
		dep("SCADA-01", 1, "DC-01", 0, "auth").
		dep("HMI-01", 1, "SCADA-01", 0, "data").
		feed("F-1", "view", true, "PLC-01 > SCADA-01 => HMI-01").
		build(t)
	plan := RestorePlanHolds(t, m, parseActions(t, []string{"shutdown asset:DNS-01", "shutdown asset:DC-01"}))
	if got, want := stepIDs(plan), []string{"DC-01+DNS-01(cycle)"}; !slices.Equal(got, want) {
		t.Fatalf("steps %q, want %q", got, want)
	}
	s := plan.Steps[0]
	if want := []string{"IT"}; !slices.Equal(s.Owners, want) {
		t.Errorf("owners %q, want %q", s.Owners, want)
	}
	// HMI-01 is brought back as an operator station, not again as an asset.
	if want := []string{"DC-01", "DNS-01", "SCADA-01"}; !slices.Equal(s.BringsBack.Assets, want) {
		t.Errorf("brings back assets %q, want %q", s.BringsBack.Assets, want)
	}
	if want := []string{"HMI-01"}; !slices.Equal(s.BringsBack.OperatorStations, want) {
		t.Errorf("brings back stations %q, want %q", s.BringsBack.OperatorStations, want)
	}
	if want := []string{"F-1"}; !slices.Equal(s.BringsBack.SafetyVisibility, want) {
		t.Errorf("brings back safety views %q, want %q", s.BringsBack.SafetyVisibility, want)
	}
	verify := strings.Join(s.Verify, "\n")
	for _, want := range []string{
		"DC-01 and DNS-01 need each other: they come back together in this step",
		`before: the reason for "shutdown asset:DNS-01" and "shutdown asset:DC-01" is dealt with`,
		"SCADA-01 (scada-server) should recover on its own: check it, restart it if it does not",
		"operator station HMI-01 works again",
		"safety view F-1 shows at HMI-01 again",
	} {
		if !strings.Contains(verify, want) {
			t.Errorf("verify lacks %q:\n%s", want, verify)
		}
	}
	// Within a step, the kind order holds too: DNS before the domain controller.
	if r := s.Restore; len(r) != 2 || r[0].Target != "asset:DNS-01" || r[0].By != "shutdown asset:DNS-01" || r[1].Target != "asset:DC-01" {
		t.Errorf("restore %+v", r)
	}
}

func TestRestoreOrderPartlyBack(t *testing.T) {
	m := newSite().zone("OPS", 3).
		asset("DC-01 dc OPS").asset("DC-02 dc OPS").asset("HMI-01 hmi OPS").
		dep("HMI-01", 1, "DC-01|DC-02", 0, "auth").
		build(t)
	plan := RestorePlanHolds(t, m, parseActions(t, []string{"shutdown asset:DC-01", "shutdown asset:DC-02"}))
	if got, want := stepIDs(plan), []string{"DC-01", "DC-02"}; !slices.Equal(got, want) {
		t.Fatalf("steps %q, want %q", got, want)
	}
	if got := plan.Steps[0].PartlyBack.OperatorStations; !slices.Equal(got, []string{"HMI-01"}) {
		t.Errorf("step 1 partly brings back %q, want HMI-01", got)
	}
	if got := plan.Steps[1].BringsBack.OperatorStations; !slices.Equal(got, []string{"HMI-01"}) {
		t.Errorf("step 2 brings back %q, want HMI-01", got)
	}
}

// TestRestoreOrderOnRandomSites holds the plan to its promises on random
// models and actions: every element the actions took down is put back by
// one step, providers before consumers, each step brings back exactly what
// simulating the actions still in force says, and after the last step
// nothing the actions caused is lost or degraded.
func TestRestoreOrderOnRandomSites(t *testing.T) {
	ran, steps, cycles := 0, 0, 0
	for seed := int64(1); seed <= 1500; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, actions, _ := randomModel(rng)
		if m == nil {
			continue
		}
		ran++
		t.Run("", func(t *testing.T) {
			plan := RestorePlanHolds(t, m, actions)
			steps += len(plan.Steps)
			for _, s := range plan.Steps {
				if s.Cycle {
					cycles++
				}
			}
			if t.Failed() {
				t.Logf("seed %d:\n%s", seed, refDump(m, actions, ""))
			}
		})
	}
	t.Logf("%d random sites, %d steps, %d cycles", ran, steps, cycles)
	if cycles == 0 {
		t.Error("no random site made a cycle: the test does not exercise them")
	}
}

func TestRestoreOrderIsDeterministic(t *testing.T) {
	for seed := int64(1); seed <= 200; seed++ {
		m, actions, _ := randomModel(rand.New(rand.NewSource(seed)))
		if m == nil {
			continue
		}
		var first []byte
		for i := 0; i < 3; i++ {
			plan, err := m.RestoreOrder(actions)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(plan)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = b
			} else if string(b) != string(first) {
				t.Fatalf("seed %d: run %d differs:\n%s\n%s", seed, i, first, b)
			}
		}
	}
}

func TestRestoreOrderRejectsBadSelectors(t *testing.T) {
	m := newSite().zone("OPS", 3).asset("HMI-01 hmi OPS").build(t)
	if _, err := m.RestoreOrder(parseActions(t, []string{"shutdown asset:NOPE"})); err == nil {
		t.Error("a selector that matches nothing was accepted")
	}
}

// notOK is what one simulation lists as lost or degraded, by category and
// id, with its status.
type notOK map[string]string

func notOKOf(res *Result) notOK {
	out := notOK{}
	for _, o := range res.OperatorStations {
		out["station "+o.ID] = o.Status
	}
	for _, f := range res.Feeds {
		out["feed "+f.ID] = f.Status
	}
	for _, v := range res.SafetyVisibility {
		out["safety "+v.Feed] = v.Status
	}
	// Operator stations count once, as stations: the other assets are
	// those simulate's summary counts.
	for _, a := range res.Assets {
		if a.Kind != KindOperatorStation {
			out["asset "+a.ID] = a.Status
		}
	}
	return out
}

func (n notOK) keys() []string {
	return slices.Sorted(maps.Keys(n))
}

func restoredKeys(r Restored) []string {
	var out []string
	for _, id := range r.OperatorStations {
		out = append(out, "station "+id)
	}
	for _, id := range r.Feeds {
		out = append(out, "feed "+id)
	}
	for _, id := range r.SafetyVisibility {
		out = append(out, "safety "+id)
	}
	for _, id := range r.Assets {
		out = append(out, "asset "+id)
	}
	slices.Sort(out)
	return out
}

// RestorePlanHolds plans the restoration of the actions and checks the plan
// against Simulate alone: the steps put back exactly what the actions took
// down, in an order that keeps providers, boundary devices and zones before
// what needs them; simulating the actions still in force after each step
// shows exactly what the step says it brings back; and after the last step
// only what is broken with no action at all is left.
func RestorePlanHolds(t testing.TB, m *Model, actions []Action) *RestorePlan {
	t.Helper()
	plan, err := m.RestoreOrder(actions)
	if err != nil {
		t.Fatalf("RestoreOrder: %v", err)
	}
	simulate := func(acts []Action) *Result {
		t.Helper()
		res, err := m.Simulate(acts, Options{Topology: true})
		if err != nil {
			t.Fatalf("Simulate %v: %v", acts, err)
		}
		return res
	}
	full := simulate(actions)

	// What the actions took down, from the simulation's picture of the site.
	down := map[string]bool{}
	for _, a := range full.Topology.Assets {
		if a.Status == StatusShutdown || a.Status == StatusIsolated {
			down["asset:"+a.ID] = true
		}
	}
	for _, z := range full.Topology.Zones {
		if z.Isolated {
			down["zone:"+z.ID] = true
		}
	}
	for _, c := range full.Topology.Conduits {
		if c.State == "cut" {
			down["conduit:"+c.ID] = true
		}
	}
	stepOf := map[string]int{}
	var remaining []Action
	for i, s := range plan.Steps {
		if s.Step != i+1 {
			t.Errorf("step %d is numbered %d", i+1, s.Step)
		}
		if !slices.IsSorted(s.IDs) || !slices.IsSorted(s.Owners) || !slices.IsSorted(s.AfterSteps) {
			t.Errorf("step %d: lists not sorted: %q %q %v", s.Step, s.IDs, s.Owners, s.AfterSteps)
		}
		for _, a := range s.AfterSteps {
			if a >= s.Step {
				t.Errorf("step %d waits for a later step %d", s.Step, a)
			}
		}
		if len(s.Restore) == 0 {
			t.Errorf("step %d restores nothing", s.Step)
		}
		for _, r := range s.Restore {
			target := r.Element + ":" + r.ID
			if r.Target != target {
				t.Errorf("step %d: target %q names %q", s.Step, r.Target, target)
			}
			if !down[target] {
				t.Errorf("step %d restores %s, which the actions did not take down", s.Step, target)
			}
			if prev, ok := stepOf[target]; ok && prev != s.Step {
				t.Errorf("%s is restored by steps %d and %d", target, prev, s.Step)
			}
			stepOf[target] = s.Step
			remaining = append(remaining, Action{Verb: Verb(r.Action), Target: r.Target})
		}
	}
	for target := range down {
		if stepOf[target] == 0 {
			t.Errorf("no step restores %s", target)
		}
	}

	// Order: a provider before its consumer, a via device before its
	// conduit, an isolated zone before its conduits.
	before := func(x, y, why string) {
		if sx, sy := stepOf[x], stepOf[y]; sx > 0 && sy > 0 && sx > sy {
			t.Errorf("%s comes back at step %d, after %s at step %d, though %s", x, sx, y, sy, why)
		}
	}
	for _, d := range m.Dependencies {
		for _, p := range d.Providers {
			before("asset:"+m.Assets[m.ix.assetIndex(p)].ID, "asset:"+m.Assets[m.ix.assetIndex(d.Consumer)].ID, "its consumer needs it")
		}
	}
	for _, c := range full.Topology.Conduits {
		for _, v := range c.Via {
			before("asset:"+v, "conduit:"+c.ID, "it carries the conduit")
		}
		before("zone:"+c.From, "conduit:"+c.ID, "the conduit touches the zone")
		before("zone:"+c.To, "conduit:"+c.ID, "the conduit touches the zone")
	}

	// Each step brings back what simulating the rest says it does; of the
	// steps that could go next, none would bring back more.
	prev := notOKOf(full)
	for i, s := range plan.Steps {
		if len(s.Checks) != len(s.Verify) {
			t.Errorf("step %d: %d checks for %d verify lines", s.Step, len(s.Checks), len(s.Verify))
		}
		for j, c := range s.Checks {
			if j < len(s.Verify) && c.Text != s.Verify[j] {
				t.Errorf("step %d: check %d says %q, verify says %q", s.Step, j, c.Text, s.Verify[j])
			}
			if c.About == "" {
				t.Errorf("step %d: check %q is about nothing", s.Step, c.Text)
			}
		}
		if len(plan.Steps) <= maxCheckedSteps {
			without := func(n int) []Action {
				var out []Action
				for _, a := range remaining {
					if stepOf[a.Target] != n {
						out = append(out, a)
					}
				}
				return out
			}
			chosen := gainBetween(prev, notOKOf(simulate(without(i+1))))
			for _, o := range plan.Steps[i+1:] {
				if len(o.AfterSteps) > 0 && o.AfterSteps[len(o.AfterSteps)-1] > i {
					continue // it waits for this step or a later one
				}
				if g := gainBetween(prev, notOKOf(simulate(without(o.Step)))); slices.Compare(g[:], chosen[:]) > 0 {
					t.Errorf("step %d (%s) brings back %v; step %d (%s), which could go instead, would bring back %v",
						s.Step, strings.Join(s.IDs, "+"), chosen, o.Step, strings.Join(o.IDs, "+"), g)
				}
			}
		}
		kept := remaining[:0:0]
		for _, a := range remaining {
			if stepOf[a.Target] != i+1 {
				kept = append(kept, a)
			}
		}
		remaining = kept
		if i == 0 {
			// The elements one by one do what the actions do.
			var all []Action
			for _, st := range plan.Steps {
				for _, r := range st.Restore {
					all = append(all, Action{Verb: Verb(r.Action), Target: r.Target})
				}
			}
			if got := notOKOf(simulate(all)); !maps.Equal(got, prev) {
				t.Errorf("the restore targets do not add up to the actions:\n%v\n%v", got, prev)
			}
		}
		cur := notOKOf(simulate(remaining))
		var back, partly []string
		for k, was := range prev {
			now, still := cur[k]
			switch {
			case !still:
				back = append(back, k)
			case now == StatusDegraded && was != StatusDegraded:
				partly = append(partly, k)
			}
		}
		for k := range cur {
			if _, was := prev[k]; !was {
				t.Errorf("step %d: %s is lost or degraded after the step and was not before", s.Step, k)
			}
		}
		slices.Sort(back)
		slices.Sort(partly)
		if got := restoredKeys(s.BringsBack); !slices.Equal(got, back) {
			t.Errorf("step %d brings back %q; simulating says %q", s.Step, got, back)
		}
		if got := restoredKeys(s.PartlyBack); !slices.Equal(got, partly) {
			t.Errorf("step %d partly brings back %q; simulating says %q", s.Step, got, partly)
		}
		prev = cur
	}
	base := notOKOf(simulate(nil))
	if !maps.Equal(prev, base) {
		t.Errorf("after the last step, still out %v; with no action %v", prev, base)
	}
	if got, want := restoredKeys(plan.StillOut), base.keys(); !slices.Equal(got, want) {
		t.Errorf("still out %q, want what is out with no action %q", got, want)
	}
	totalsAgree(t, plan, full, base)
	return plan
}

// maxCheckedSteps bounds the plans whose choice of each next step is
// checked against every step that could have gone instead.
const maxCheckedSteps = 40

// gainBetween counts what comes back between two simulations, in the order
// that decides between steps that could go next: safety views, operator
// stations, feeds back, then the same partly back.
func gainBetween(was, now notOK) [6]int {
	var g [6]int
	for k, st := range was {
		i := 0
		switch {
		case strings.HasPrefix(k, "safety "):
		case strings.HasPrefix(k, "station "):
			i = 1
		case strings.HasPrefix(k, "feed "):
			i = 2
		default:
			continue
		}
		switch after, out := now[k]; {
		case !out:
			g[i]++
		case st == StatusLost && after == StatusDegraded:
			g[3+i]++
		}
	}
	return g
}

// totalsAgree holds the plan's totals to simulating the actions: it took
// what the simulation lists, counted as its summary counts them, and brings
// back each of those items once, in one step, unless it stays out with no
// action at all.
func totalsAgree(t testing.TB, plan *RestorePlan, full *Result, base notOK) {
	t.Helper()
	took := notOKOf(full)
	if got, want := restoredKeys(plan.Took), took.keys(); !slices.Equal(got, want) {
		t.Errorf("the plan says the actions took %q; simulating them says %q", got, want)
	}
	if plan.Summary != full.Summary {
		t.Errorf("the plan's summary %+v; simulating the actions says %+v", plan.Summary, full.Summary)
	}
	others := 0
	for _, a := range full.Assets {
		if a.Kind != KindOperatorStation {
			others++
		}
	}
	if len(plan.Took.Assets) != others {
		t.Errorf("the plan counts %d other assets taken; simulate counts %d", len(plan.Took.Assets), others)
	}
	var back []string
	for _, k := range took.keys() {
		if _, out := base[k]; !out {
			back = append(back, k)
		}
	}
	if got := restoredKeys(plan.BroughtBack); !slices.Equal(got, back) {
		t.Errorf("the plan says it brings back %q; what the actions took less what is out with no action is %q", got, back)
	}
	stepOf := map[string]int{}
	for _, s := range plan.Steps {
		for _, k := range restoredKeys(s.BringsBack) {
			if prev, ok := stepOf[k]; ok {
				t.Errorf("%s is brought back by steps %d and %d", k, prev, s.Step)
			}
			stepOf[k] = s.Step
		}
		for _, l := range [][]string{s.BringsBack.Assets, s.PartlyBack.Assets} {
			for _, id := range l {
				if slices.Contains(s.BringsBack.OperatorStations, id) || slices.Contains(s.PartlyBack.OperatorStations, id) {
					t.Errorf("step %d lists %s both as an operator station and as an asset", s.Step, id)
				}
			}
		}
	}
	if got := slices.Sorted(maps.Keys(stepOf)); !slices.Equal(got, back) {
		t.Errorf("the steps bring back %q in all; the plan's total is %q", got, back)
	}
}
