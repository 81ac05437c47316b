package graph

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

// fullItemTimes is what a full assessment says of an item (operator station
// by asset number, then feeds, then safety views): when it is lost and when
// degraded within a time (Never: no limit), by the definitions of rules
// 5–7, read straight off the run.
func fullItemTimes(m *Model, r *run, item int32, within int64) (lost, deg int64) {
	ix, net := m.ix, r.net
	na, nf := int32(len(m.Assets)), int32(len(m.Feeds))
	switch {
	case item < na:
		a := item
		if !ix.operator[a] {
			return Never, Never
		}
		if net.shutdownBy[a] != none || net.isolatedBy[a] != none {
			return 0, 0
		}
		deg = Never
		for _, row := range ix.consRows.of(a) {
			failed := r.rowFail[row] != Never && (within == Never || r.rowFail[row] <= within)
			if failed {
				continue // its consumer is lost after the grace, not degraded
			}
			for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
				deg = min(deg, r.slotAvail(s))
			}
		}
		for _, f := range ix.consFeeds.of(a) {
			deg = min(deg, r.feedToward(f, a))
		}
		return r.fail[a], deg
	case item < na+nf:
		return reachTimes(r.feedD[item-na], nil)
	default:
		f := item - na - nf
		fd := m.Feeds[f]
		if !fd.Safety || fd.Kind != FeedView {
			return Never, Never
		}
		to := ix.feedTo.of(f)
		counted := make([]bool, len(to))
		stations := false
		for j, k := range to {
			counted[j] = ix.operator[k]
			stations = stations || ix.operator[k]
		}
		if !stations {
			counted = nil
		}
		return reachTimes(r.feedD[f], counted)
	}
}

var rankWithins = []int64{0, 999, 1000, 30 * 60 * 1000, 8 * 3600 * 1000, 36 * 3600 * 1000}

// checkOneAction assesses every single action of m incrementally and
// against a full simulation; it returns the disagreements.
func checkOneAction(m *Model, rng *rand.Rand) []string {
	var problems []string
	bad := func(format string, args ...any) {
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	b, err := m.baseline()
	if err != nil {
		return []string{err.Error()}
	}
	w := newOneAction(b)
	nbAll := b.noAction(Never)
	within := rankWithins[rng.Intn(len(rankWithins))]
	nbWithin := b.noAction(within)
	nItems := int32(len(nbAll.lost))
	for _, c := range m.singleActions(map[Verb]bool{Shutdown: true, Isolate: true, Cut: true}) {
		verb, target, _ := m.selectorOf(c)
		act := []Action{{Verb: verb, Target: target}}
		a, err := m.Assess(act, Options{})
		if err != nil {
			bad("%s %s: %v", verb, target, err)
			continue
		}
		r := a.r

		w.apply(c.kind, c.i)
		for p := range m.Assets {
			if w.fail[p] != r.fail[p] {
				bad("%s %s: T(%s) = %d, full simulation %d", verb, target, m.Assets[p].ID, w.fail[p], r.fail[p])
			}
		}
		for row := range r.rowFail {
			if w.rowFail[row] != r.rowFail[row] {
				bad("%s %s: row %d fails at %d, full simulation %d", verb, target, row, w.rowFail[row], r.rowFail[row])
			}
		}
		for f := range m.Feeds {
			got := w.feedD[m.ix.feedTo.start[f]:m.ix.feedTo.start[f+1]]
			if !slices.Equal(got, r.feedD[f]) {
				bad("%s %s: feed %s reaches until %v, full simulation %v", verb, target, m.Feeds[f].ID, got, r.feedD[f])
			}
		}
		touched := map[int32]bool{}
		for _, it := range w.touched {
			touched[it] = true
		}
		// Within a time, every item counts as it stands then.
		var want Summary
		first := Never
		for it := int32(0); it < nItems; it++ {
			for _, nb := range []*noActionCounts{nbAll, nbWithin} {
				lost, deg := nb.lost[it], nb.deg[it]
				if touched[it] {
					lost, deg = w.itemTimes(it, nb.within)
				}
				if fl, fd := fullItemTimes(m, r, it, nb.within); lost != fl || deg != fd {
					bad("%s %s: item %d (touched %v) within %d lost %d degraded %d, full simulation %d %d",
						verb, target, it, touched[it], nb.within, lost, deg, fl, fd)
				}
			}
			fl, fd := fullItemTimes(m, r, it, within)
			st, t := statusAt(fl, fd, within)
			b.count(&want, it, st, 1)
			if st != atOK {
				first = min(first, t)
			}
		}
		got, gotWithin := w.outcome(nbAll), w.outcome(nbWithin)
		w.reset()
		res := a.Result()
		a.Release()

		if got.sum != res.Summary || seconds(got.earliest) != earliestLoss(res) {
			bad("%s %s: incremental %+v earliest %dms, Simulate %+v earliest %ds", verb, target, got.sum, got.earliest, res.Summary, earliestLoss(res))
		}
		if gotWithin.sum != want || gotWithin.earliest != first {
			bad("%s %s within %dms: incremental %+v earliest %d, full %+v earliest %d", verb, target, within, gotWithin.sum, gotWithin.earliest, want, first)
		}
	}
	// Every assessment put the working arrays back.
	if !slices.Equal(w.fail, b.fail) || !slices.Equal(w.rowFail, b.rowFail) || !slices.Equal(w.feedD, b.feedD) ||
		!slices.Equal(w.pairCount, b.pairCount) || slices.Contains(w.slotDown, true) {
		bad("the working arrays differ from the baseline after the last reset")
	}
	return problems
}

// TestOneActionAgreesWithSimulate holds the incremental assessment to the
// full simulation: for every single action on thousands of random models,
// the same failure time for every asset, the same reach for every feed, the
// same status and time for every item, the same summary and earliest loss.
func TestOneActionAgreesWithSimulate(t *testing.T) {
	cases := int64(3000)
	if testing.Short() {
		cases = 300
	}
	ran, actions := 0, 0
	for seed := int64(1); seed <= cases; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, _, _ := randomModel(rng)
		if m == nil {
			continue
		}
		ran++
		actions += 2*len(m.Assets) + len(m.Zones) + len(m.Conduits)
		if problems := checkOneAction(m, rng); len(problems) > 0 {
			t.Errorf("seed %d: the incremental assessment disagrees with the full simulation:\n  %s\nmodel:\n%s",
				seed, strings.Join(problems, "\n  "), refDump(m, nil, ""))
		}
	}
	t.Logf("%d random models, %d single actions", ran, actions)
}

// rankOf finds an action in a ranking: its place (from 1) and the item.
func rankOf(rk *Ranking, action, target string) (int, RankItem) {
	for i, it := range rk.Items {
		if it.Action == action && it.Target == target {
			return i + 1, it
		}
	}
	return 0, RankItem{}
}

// graceSite: two operator stations need the domain controller, one for 1h
// on cached credentials, the other for 8h; a safety view reaches both.
func graceSite(t *testing.T) *Model {
	return newSite().zone("L2", 2).
		asset("DC1 domain-controller L2").asset("SCADA1 scada-server L2").
		asset("HMI1 hmi L2").asset("HMI2 hmi L2").
		dep("HMI1", 1, "DC1", time.Hour, "auth").dep("HMI2", 1, "DC1", 8*time.Hour, "auth").
		feed("F1", FeedView, true, "SCADA1 => HMI1|HMI2").
		build(t)
}

func TestRankWithin(t *testing.T) {
	m := graceSite(t)
	hour := int64(3600 * 1000)
	cases := []struct {
		name    string
		opts    RankOptions
		want    Summary
		firstS  int64
		withinS *int64
	}{
		{"with no limit every loss counts, at its time", RankOptions{},
			Summary{OperatorStationsLost: 2, FeedsLost: 1, SafetyVisibilityLost: 1}, 3600, nil},
		{"within 2h one station is lost and the view only degraded; the other station runs on its grace",
			RankOptions{Within: 2 * hour, Limited: true},
			Summary{OperatorStationsLost: 1, FeedsDegraded: 1, SafetyVisibilityDegraded: 1}, 3600, ptrTo(7200)},
		{"within 8h both are lost", RankOptions{Within: 8 * hour, Limited: true},
			Summary{OperatorStationsLost: 2, FeedsLost: 1, SafetyVisibilityLost: 1}, 3600, ptrTo(28800)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rk, err := m.Rank(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			_, it := rankOf(rk, "shutdown", "asset:DC1")
			if it.Summary != tc.want {
				t.Errorf("shutdown asset:DC1 counts %+v, want %+v", it.Summary, tc.want)
			}
			if it.EarliestAfterS == nil || *it.EarliestAfterS != tc.firstS {
				t.Errorf("first loss %v, want %d", it.EarliestAfterS, tc.firstS)
			}
			if (rk.WithinS == nil) != (tc.withinS == nil) || rk.WithinS != nil && *rk.WithinS != *tc.withinS {
				t.Errorf("within_s %v, want %v", rk.WithinS, tc.withinS)
			}
		})
	}
	// Within 30 minutes the domain controller's shutdown takes nothing away.
	rk, err := m.Rank(RankOptions{Within: hour / 2, Limited: true})
	if err != nil {
		t.Fatal(err)
	}
	if place, _ := rankOf(rk, "shutdown", "asset:DC1"); place != 0 {
		t.Errorf("shutdown asset:DC1 is ranked %d within 30m; it harms nothing by then", place)
	}
}

func ptrTo(n int64) *int64 { return &n }

func TestRankActions(t *testing.T) {
	m := newSite().zone("L2", 2).zone("L3", 3).
		asset("FW1 firewall L2|L3").asset("DC1 domain-controller L3").asset("HMI1 hmi L2").
		conduit("L2-L3", "L2~L3", "FW1").
		dep("HMI1", 1, "DC1", 0, "auth").
		build(t)
	cases := []struct {
		name  string
		verbs []Verb
		want  []string // every action tried, harmless ones included
	}{
		{"cut tries each conduit", []Verb{Cut}, []string{"cut conduit:L2-L3"}},
		{"isolate tries each asset and each zone", []Verb{Isolate}, []string{
			"isolate asset:DC1", "isolate asset:FW1", "isolate asset:HMI1", "isolate zone:L2", "isolate zone:L3"}},
		{"shutdown tries each asset", []Verb{Shutdown}, []string{"shutdown asset:DC1", "shutdown asset:FW1", "shutdown asset:HMI1"}},
		{"all verbs when none is given", nil, []string{"cut conduit:L2-L3",
			"isolate asset:DC1", "isolate asset:FW1", "isolate asset:HMI1", "isolate zone:L2", "isolate zone:L3",
			"shutdown asset:DC1", "shutdown asset:FW1", "shutdown asset:HMI1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rk, err := m.Rank(RankOptions{Verbs: tc.verbs, KeepHarmless: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range rk.Items {
				got = append(got, it.Action+" "+it.Target)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) || rk.Candidates != len(tc.want) {
				t.Errorf("tried %v (%d candidates), want %v", got, rk.Candidates, tc.want)
			}
		})
	}
	if _, err := m.Rank(RankOptions{Verbs: []Verb{"reboot"}}); err == nil {
		t.Error("an unknown verb is not an error")
	}
}

func TestRankOrder(t *testing.T) {
	item := func(target string, safety, stations, feeds, degraded int, first *int64) RankItem {
		return RankItem{Action: "shutdown", Target: target, EarliestAfterS: first, Summary: Summary{
			SafetyVisibilityLost: safety, OperatorStationsLost: stations, FeedsLost: feeds, FeedsDegraded: degraded}}
	}
	cases := []struct {
		name          string
		first, second RankItem
	}{
		{"a safety view lost outweighs any number of stations", item("b", 1, 0, 0, 0, ptrTo(0)), item("a", 0, 9, 9, 9, ptrTo(0))},
		{"then stations lost outweigh feeds", item("b", 1, 1, 0, 0, ptrTo(0)), item("a", 1, 0, 9, 9, ptrTo(0))},
		{"then feeds lost outweigh degraded items", item("b", 0, 0, 1, 0, ptrTo(0)), item("a", 0, 0, 0, 9, ptrTo(0))},
		{"then more degraded items", item("b", 0, 0, 0, 2, ptrTo(0)), item("a", 0, 0, 0, 1, ptrTo(0))},
		{"then the earlier loss", item("b", 0, 0, 1, 0, ptrTo(60)), item("a", 0, 0, 1, 0, ptrTo(3600))},
		{"a loss before none", item("b", 0, 0, 0, 0, ptrTo(60)), item("a", 0, 0, 0, 0, nil)},
		{"then by action", RankItem{Action: "cut", Target: "z"}, RankItem{Action: "isolate", Target: "a"}},
		{"then by target", item("a", 0, 0, 1, 0, nil), item("b", 0, 0, 1, 0, nil)},
		{"harmful before harmless", item("b", 0, 0, 0, 1, nil), RankItem{Action: "cut", Target: "a", Harmless: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if compareRankItems(tc.first, tc.second) >= 0 || compareRankItems(tc.second, tc.first) <= 0 {
				t.Errorf("%+v does not come before %+v", tc.first, tc.second)
			}
		})
	}
}

// TestRankBrokenWithNoAction: statuses are absolute, so what the model
// loses with no action counts in every action; an action is harmless when
// it changes nothing of it.
func TestRankBrokenWithNoAction(t *testing.T) {
	m := newSite().zone("L2", 2).zone("L3", 3).
		asset("DC1 domain-controller L3").asset("HMI1 hmi L2").asset("HMI2 hmi L2").asset("SRV1 server L2").
		dep("HMI1", 1, "DC1", 0, "auth"). // no conduit: never reachable
		dep("HMI2", 1, "SRV1", 0, "data").
		build(t)
	rk, err := m.Rank(RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Summary{OperatorStationsLost: 1}); rk.NoAction.Summary != want {
		t.Errorf("with no action %+v, want %+v", rk.NoAction.Summary, want)
	}
	var got []string
	for _, it := range rk.Items {
		got = append(got, fmt.Sprintf("%s %s %d", it.Action, it.Target, it.Summary.OperatorStationsLost))
	}
	want := []string{"isolate asset:HMI2 2", "isolate asset:SRV1 2", "shutdown asset:HMI2 2", "shutdown asset:SRV1 2"}
	if !slices.Equal(got, want) {
		t.Errorf("ranked %q, want %q", got, want)
	}
	if rk.Harmless != rk.Candidates-len(want) {
		t.Errorf("%d harmless of %d", rk.Harmless, rk.Candidates)
	}
}
