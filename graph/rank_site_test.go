package graph_test

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// bruteForce simulates each single action on its own (Compare runs
// Simulate for each) and returns the outcomes in the ranking's order,
// harmless ones included.
func bruteForce(t *testing.T, m *graph.Model) []graph.RankItem {
	t.Helper()
	scenarios := []graph.Scenario{{Name: "no action"}}
	add := func(verb graph.Verb, target string) {
		scenarios = append(scenarios, graph.Scenario{Actions: []graph.Action{{Verb: verb, Target: target}}})
	}
	for _, a := range m.Assets {
		add(graph.Shutdown, "asset:"+a.ID)
		add(graph.Isolate, "asset:"+a.ID)
	}
	for _, z := range m.Zones {
		add(graph.Isolate, "zone:"+z.ID)
	}
	for _, c := range m.Conduits {
		add(graph.Cut, "conduit:"+c.ID)
	}
	c, err := m.Compare(scenarios, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	item := func(s graph.ScenarioOutcome) graph.RankItem {
		it := graph.RankItem{Summary: s.Summary}
		if len(s.Actions) > 0 {
			it.Action, it.Target = s.Actions[0].Action, s.Actions[0].Target
		}
		if s.EarliestLossS >= 0 {
			it.EarliestAfterS = &s.EarliestLossS
		}
		return it
	}
	base := item(c.Scenarios[0])
	var items []graph.RankItem
	for _, s := range c.Scenarios[1:] {
		it := item(s)
		it.Harmless = it.Summary == base.Summary && equalPtr(it.EarliestAfterS, base.EarliestAfterS)
		items = append(items, it)
	}
	slices.SortFunc(items, compareItems)
	return items
}

// compareItems is the documented order, written out again: harmful first,
// then safety views lost, stations lost, feeds lost, degraded stations and
// feeds (more first), the earlier first loss, action, target.
func compareItems(a, b graph.RankItem) int {
	key := func(x graph.RankItem) []int64 {
		e := int64(1 << 62)
		if x.EarliestAfterS != nil {
			e = *x.EarliestAfterS
		}
		h := int64(0)
		if x.Harmless {
			h = 1
		}
		s := x.Summary
		return []int64{h, -int64(s.SafetyVisibilityLost), -int64(s.OperatorStationsLost), -int64(s.FeedsLost),
			-int64(s.OperatorStationsDegraded + s.FeedsDegraded), e}
	}
	if c := slices.Compare(key(a), key(b)); c != 0 {
		return c
	}
	if a.Action != b.Action {
		if a.Action < b.Action {
			return -1
		}
		return 1
	}
	if a.Target < b.Target {
		return -1
	} else if a.Target > b.Target {
		return 1
	}
	return 0
}

func equalPtr(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// sameItems compares rankings item for item.
func sameItems(t *testing.T, got, want []graph.RankItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items, brute force %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Action != w.Action || g.Target != w.Target || g.Summary != w.Summary || !equalPtr(g.EarliestAfterS, w.EarliestAfterS) || g.Harmless != w.Harmless {
			t.Errorf("item %d: rank says %s %s %+v earliest %v harmless %v; brute force %s %s %+v earliest %v harmless %v",
				i+1, g.Action, g.Target, g.Summary, ptr(g.EarliestAfterS), g.Harmless, w.Action, w.Target, w.Summary, ptr(w.EarliestAfterS), w.Harmless)
		}
	}
}

func ptr(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestRankExampleAgreesWithBruteForce ranks every single action of the
// shipped example and holds each to Simulate of that action alone.
func TestRankExampleAgreesWithBruteForce(t *testing.T) {
	m, err := importers.Load("../testdata/waterworks", importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rk, err := m.Rank(graph.RankOptions{KeepHarmless: true})
	if err != nil {
		t.Fatal(err)
	}
	want := bruteForce(t, m)
	sameItems(t, rk.Items, want)
	if rk.Candidates != len(want) {
		t.Errorf("%d candidates, want %d", rk.Candidates, len(want))
	}
	harmless := 0
	for _, it := range want {
		if it.Harmless {
			harmless++
		}
	}
	if rk.Harmless != harmless {
		t.Errorf("%d harmless, brute force %d", rk.Harmless, harmless)
	}
	t.Logf("top: %s %s %+v", rk.Items[0].Action, rk.Items[0].Target, rk.Items[0].Summary)

	// Without KeepHarmless the harmless actions are left out, nothing else.
	short, err := m.Rank(graph.RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameItems(t, short.Items, want[:len(want)-harmless])
}

// randomSite builds a small random site: zones, assets, conduits with via
// devices, dependencies with redundancy and grace, and feeds with hops.
func randomSite(rng *rand.Rand) *graph.Model {
	m := &graph.Model{Source: "random"}
	nz := 1 + rng.Intn(4)
	for i := 0; i < nz; i++ {
		m.Zones = append(m.Zones, graph.Zone{ID: string(rune('A' + i)), Level: float64(rng.Intn(5))})
	}
	kinds := []string{graph.KindOperatorStation, graph.KindOperatorStation, graph.KindPLC, graph.KindFirewall,
		graph.KindDomainController, graph.KindSCADAServer, graph.KindNTP, graph.KindServer}
	na := 4 + rng.Intn(14)
	var ids []string
	for i := 0; i < na; i++ {
		id := string(rune('a'+i)) + "-" + kinds[i%len(kinds)][:3]
		a := graph.Asset{ID: id, Kind: kinds[rng.Intn(len(kinds))], Zones: []string{m.Zones[rng.Intn(nz)].ID}}
		if rng.Intn(5) == 0 {
			a.Zones = append(a.Zones, m.Zones[rng.Intn(nz)].ID)
		}
		m.Assets = append(m.Assets, a)
		ids = append(ids, id)
	}
	pick := func(n int) []string {
		out := []string{}
		for _, i := range rng.Perm(na)[:min(n, na)] {
			out = append(out, ids[i])
		}
		return out
	}
	for i := 0; i < rng.Intn(2*nz+1); i++ {
		c := graph.Conduit{ID: "C" + string(rune('0'+i)), From: m.Zones[rng.Intn(nz)].ID, To: m.Zones[rng.Intn(nz)].ID, OneWay: rng.Intn(4) == 0}
		if rng.Intn(2) == 0 {
			c.Via = pick(1 + rng.Intn(2))
		}
		m.Conduits = append(m.Conduits, c)
	}
	graces := []int64{0, 500, 1000, 1500, 1800_000, 28_800_000} // 500 and 1500 show as 0 and 1 s: ties
	for i := 0; i < na; i++ {
		provs := pick(1 + rng.Intn(3))
		m.Dependencies = append(m.Dependencies, graph.Dependency{Consumer: ids[rng.Intn(na)], Providers: provs,
			Need: 1 + rng.Intn(len(provs)), GraceMS: graces[rng.Intn(len(graces))]})
	}
	for i := 0; i < 1+rng.Intn(5); i++ {
		f := graph.Feed{ID: "F" + string(rune('0'+i)), Source: pick(1 + rng.Intn(2)), To: pick(1 + rng.Intn(3)),
			Kind: graph.FeedView, Safety: rng.Intn(3) == 0}
		for h := rng.Intn(3); h > 0; h-- {
			f.Via = append(f.Via, pick(1+rng.Intn(2)))
		}
		m.Feeds = append(m.Feeds, f)
	}
	return m
}

// TestRankTopAgreesWithBruteForce: on small random sites, rank's order —
// and so its top item — is that of simulating every single action.
func TestRankTopAgreesWithBruteForce(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 50
	}
	ranked := 0
	for seed := int64(1); seed <= int64(n); seed++ {
		m := randomSite(rand.New(rand.NewSource(seed)))
		if probs := m.Resolve(false); len(probs) > 0 {
			continue
		}
		rk, err := m.Rank(graph.RankOptions{KeepHarmless: true, Workers: 1 + int(seed%3)})
		if err != nil {
			t.Fatal(err)
		}
		want := bruteForce(t, m)
		if len(rk.Items) == 0 || rk.Items[0].Target != want[0].Target || rk.Items[0].Action != want[0].Action {
			t.Errorf("seed %d: top item %v, brute force %v", seed, rk.Items[0], want[0])
		}
		sameItems(t, rk.Items, want)
		ranked++
	}
	t.Logf("%d random sites ranked", ranked)
	if ranked < n/2 {
		t.Errorf("only %d of %d random sites were valid", ranked, n)
	}
}
