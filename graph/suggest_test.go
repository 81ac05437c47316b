package graph

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
)

// suggestCombo is one set of actions simulated by brute force.
type suggestCombo struct {
	set   []int // indices into the action family
	key   string
	after []string // protected assets still reachable (of the protected set)
	sum   Summary
	other int
}

// suggestBruteForce simulates every set of up to n actions of the whole family —
// isolating the foothold, each asset and each zone, cutting each conduit —
// with Simulate and Options.Compromised, as a user would one by one.
func suggestBruteForce(t *testing.T, m *Model, foothold, protect string, n int) []suggestCombo {
	t.Helper()
	family := suggestFamily(t, m, foothold)
	keep := suggestProtectFilter(t, m, protect)
	var out []suggestCombo
	var grow func(set []int, from int)
	grow = func(set []int, from int) {
		if len(set) > 0 {
			actions := make([]Action, len(set))
			for i, j := range set {
				actions[i] = family[j]
			}
			res, err := m.Simulate(actions, Options{Compromised: foothold})
			if err != nil {
				t.Fatalf("simulate %v: %v", actions, err)
			}
			var after []string
			for _, id := range res.Attacker.ProtectedReachableAfter {
				if keep(id) {
					after = append(after, id)
				}
			}
			out = append(out, suggestCombo{set: slices.Clone(set), key: suggestActionKey(actions), after: after,
				sum: res.Summary, other: otherAssets(res)})
		}
		if len(set) == n {
			return
		}
		for i := from; i < len(family); i++ {
			grow(append(set, i), i+1)
		}
	}
	grow(nil, 0)
	return out
}

// suggestFamily lists every action suggest may take. Isolating a foothold of
// one asset or one zone is that element's own isolation.
func suggestFamily(t *testing.T, m *Model, foothold string) []Action {
	sel, err := m.Select(Action{Verb: Isolate, Target: foothold})
	if err != nil {
		t.Fatal(err)
	}
	var out []Action
	if !(len(sel.Assets) == 1 && len(sel.Zones) == 0) && !(len(sel.Zones) == 1 && len(sel.Assets) == 0) {
		out = append(out, Action{Verb: Isolate, Target: foothold})
	}
	for _, a := range m.Assets {
		out = append(out, Action{Verb: Isolate, Target: "asset:" + a.ID})
	}
	for _, z := range m.Zones {
		out = append(out, Action{Verb: Isolate, Target: "zone:" + z.ID})
	}
	for _, c := range m.Conduits {
		out = append(out, Action{Verb: Cut, Target: "conduit:" + c.ID})
	}
	return out
}

// suggestProtectFilter says which protected ids count: all of them, or those a
// --protect selector names.
func suggestProtectFilter(t *testing.T, m *Model, protect string) func(string) bool {
	if protect == "" {
		return func(string) bool { return true }
	}
	sel, err := m.Select(Action{Verb: Isolate, Target: protect})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range compromisedAssets(m.ix, sel) {
		ids[m.Assets[a].ID] = true
	}
	return func(id string) bool { return ids[id] }
}

func suggestActionKey(actions []Action) string {
	parts := make([]string, len(actions))
	for i, a := range actions {
		parts[i] = a.String()
	}
	sort.Strings(parts)
	return strings.Join(parts, " + ")
}

func suggestOptionKey(o SuggestedOption) string {
	parts := make([]string, len(o.Actions))
	for i, a := range o.Actions {
		parts[i] = a.Action + " " + a.Target
	}
	sort.Strings(parts)
	return strings.Join(parts, " + ")
}

// suggestSubset reports whether every element of a is in b.
func suggestSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// suggestMinimal is brute force's answer: the sets of at most n actions that
// leave nothing protected reachable and hold no smaller such set.
func suggestMinimal(combos []suggestCombo, n int) map[string]suggestCombo {
	var working []suggestCombo
	for _, c := range combos {
		if len(c.set) <= n && len(c.after) == 0 {
			working = append(working, c)
		}
	}
	out := map[string]suggestCombo{}
	for _, c := range working {
		minimal := true
		for _, d := range working {
			if len(d.set) < len(c.set) && suggestSubset(d.set, c.set) {
				minimal = false
				break
			}
		}
		if minimal {
			out[c.key] = c
		}
	}
	return out
}

func suggestBruteCost(c suggestCombo) [6]int {
	s := c.sum
	return [6]int{s.SafetyVisibilityLost, s.OperatorStationsLost, s.FeedsLost,
		s.OperatorStationsDegraded + s.FeedsDegraded, c.other, len(c.set)}
}

// suggestCompromise picks what an attacker holds on a random model: one
// asset, a zone, or every asset of a kind (a foothold of several assets).
func suggestCompromise(rng *rand.Rand, m *Model, fromModel []string) string {
	if len(fromModel) > 0 && rng.Intn(2) == 0 {
		return fromModel[0]
	}
	a := m.Assets[rng.Intn(len(m.Assets))]
	switch rng.Intn(4) {
	case 0:
		return "kind:" + a.Kind
	case 1:
		if zs := m.ix.assetZones.of(m.ix.assetIndex(a.ID)); len(zs) > 0 {
			return "zone:" + m.Zones[zs[rng.Intn(len(zs))]].ID
		}
	}
	return "asset:" + a.ID
}

// suggestProtect sometimes narrows the protected set to one protected asset
// or its zone; "" keeps rule 9's.
func suggestProtect(rng *rand.Rand, m *Model, foothold string) string {
	if rng.Intn(4) != 0 {
		return ""
	}
	sel, _ := m.Select(Action{Verb: Isolate, Target: foothold})
	comp := map[int32]bool{}
	for _, a := range compromisedAssets(m.ix, sel) {
		comp[a] = true
	}
	var cands []int32
	for a := range m.Assets {
		if m.ix.protected[a] && !comp[int32(a)] {
			cands = append(cands, int32(a))
		}
	}
	if len(cands) == 0 {
		return ""
	}
	a := cands[rng.Intn(len(cands))]
	if zs := m.ix.assetZones.of(a); len(zs) > 0 && rng.Intn(2) == 0 {
		return "zone:" + m.Zones[zs[0]].ID
	}
	return "asset:" + m.Assets[a].ID
}

// TestSuggestAgreesWithBruteForce holds suggest to brute force on random
// small models: every set of up to N actions simulated with Simulate. The
// options offered are exactly the minimal sets that leave nothing protected
// reachable, none holds another, each really cuts the attacker off when
// simulated, they come least loss first, and when none exists the partial
// option leaves as few protected assets reachable as any set can.
func TestSuggestAgreesWithBruteForce(t *testing.T) {
	cases := 300
	if testing.Short() {
		cases = 60
	}
	ran, withOptions, partial, narrowed, nothing := 0, 0, 0, 0, 0
	for seed := int64(1); ran < cases && seed < int64(cases)*4; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, _, comp := randomModel(rng)
		if m == nil || len(m.Assets) == 0 {
			continue
		}
		foothold := suggestCompromise(rng, m, comp)
		protect := suggestProtect(rng, m, foothold)
		maxN := 2
		if len(suggestFamily(t, m, foothold)) <= 22 {
			maxN = 3
		}
		combos := suggestBruteForce(t, m, foothold, protect, maxN)
		ran++
		if protect != "" {
			narrowed++
		}
		for n := 1; n <= maxN; n++ {
			name := fmt.Sprintf("seed %d, --compromised %s --protect %q --max-actions %d", seed, foothold, protect, n)
			sg, err := m.Suggest(SuggestOptions{Compromised: foothold, Protect: protect, MaxActions: n})
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, refDump(m, nil, foothold))
			}
			checkSuggestion(t, name, m, sg, foothold, protect, combos, n)
			switch {
			case sg.Partial:
				partial++
			case len(sg.Options) > 0:
				withOptions++
			default:
				nothing++
			}
			if t.Failed() {
				t.Fatalf("%s: model:\n%s", name, refDump(m, nil, foothold))
			}
		}
	}
	t.Logf("%d models (%d with --protect): %d answers with options, %d partial, %d with nothing reachable", ran, narrowed, withOptions, partial, nothing)
	if withOptions < cases/2 || partial == 0 {
		t.Errorf("the random models exercise too little: %d with options, %d partial", withOptions, partial)
	}
}

func checkSuggestion(t *testing.T, name string, m *Model, sg *Suggestion, foothold, protect string, combos []suggestCombo, n int) {
	t.Helper()
	keep := suggestProtectFilter(t, m, protect)
	base, err := m.Simulate(nil, Options{Compromised: foothold})
	if err != nil {
		t.Fatal(err)
	}
	var before []string
	for _, id := range base.Attacker.ProtectedReachableBefore {
		if keep(id) {
			before = append(before, id)
		}
	}
	if !slices.Equal(before, sg.ProtectedReachableBefore) {
		t.Errorf("%s: reachable before %v, simulation says %v", name, sg.ProtectedReachableBefore, before)
	}
	want := suggestMinimal(combos, n)
	if len(before) == 0 {
		if len(sg.Options) != 0 || sg.Partial || sg.Found != 0 {
			t.Errorf("%s: nothing is reachable, yet %d options (partial %v)", name, len(sg.Options), sg.Partial)
		}
		return
	}
	byKey := map[string]suggestCombo{}
	for _, c := range combos {
		byKey[c.key] = c
	}

	if len(want) == 0 {
		// The partial case: the best that any set of up to n actions does.
		best := -1
		for _, c := range combos {
			if len(c.set) <= n && (best < 0 || len(c.after) < best) {
				best = len(c.after)
			}
		}
		if !sg.Partial || sg.Found != 0 || len(sg.Options) != 1 {
			t.Errorf("%s: brute force finds no option, suggest says partial=%v found=%d with %d options", name, sg.Partial, sg.Found, len(sg.Options))
			return
		}
		o := sg.Options[0]
		c, ok := byKey[suggestOptionKey(o)]
		if !ok {
			t.Errorf("%s: partial option %q is not a set of up to %d actions of the family", name, suggestOptionKey(o), n)
			return
		}
		if !slices.Equal(c.after, o.ProtectedReachableAfter) || c.sum != o.Summary {
			t.Errorf("%s: partial option %q says %v reachable and %+v, simulation says %v and %+v", name, suggestOptionKey(o), o.ProtectedReachableAfter, o.Summary, c.after, c.sum)
		}
		if len(c.after) != best {
			t.Errorf("%s: partial option %q leaves %d reachable; %d is possible", name, suggestOptionKey(o), len(c.after), best)
		}
		checkSuggestSevers(t, name, sg, o)
		return
	}

	if sg.Partial {
		t.Errorf("%s: partial, but brute force finds %d options", name, len(want))
		return
	}
	if sg.Found != len(want) || len(sg.Options) != len(want) {
		t.Errorf("%s: found %d (%d written up), brute force finds %d", name, sg.Found, len(sg.Options), len(want))
	}
	got := map[string]bool{}
	var prev *suggestCombo
	for i, o := range sg.Options {
		k := suggestOptionKey(o)
		got[k] = true
		c, ok := want[k]
		if !ok {
			t.Errorf("%s: option %d %q is not a minimal working set (brute force: %v)", name, i+1, k, byKey[k].after)
			continue
		}
		if len(o.ProtectedReachableAfter) != 0 || c.sum != o.Summary || c.other != o.OtherAssets {
			t.Errorf("%s: option %q says %v reachable, %+v, %d other; simulation says %v, %+v, %d", name, k,
				o.ProtectedReachableAfter, o.Summary, o.OtherAssets, c.after, c.sum, c.other)
		}
		if prev != nil {
			pk, ck := suggestBruteCost(*prev), suggestBruteCost(c)
			if slices.Compare(pk[:], ck[:]) > 0 || (pk == ck && prev.key > c.key) {
				t.Errorf("%s: option %d %q (%v) ranks after %q (%v)", name, i+1, k, ck, prev.key, pk)
			}
		}
		prev = &c
		checkSuggestSevers(t, name, sg, o)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("%s: missed the option %q (cost %v)", name, k, suggestBruteCost(want[k]))
		}
	}
	for i, a := range sg.Options {
		for j, b := range sg.Options {
			if i != j && suggestHolds(b, a) {
				t.Errorf("%s: option %q holds option %q", name, suggestOptionKey(b), suggestOptionKey(a))
			}
		}
	}
}

// checkSuggestSevers checks that each action says what it severs along a path from
// the foothold to a protected asset that it breaks.
func checkSuggestSevers(t *testing.T, name string, sg *Suggestion, o SuggestedOption) {
	t.Helper()
	if len(o.Severs) != len(o.Actions) {
		t.Errorf("%s: option %q: %d severances for %d actions", name, suggestOptionKey(o), len(o.Severs), len(o.Actions))
		return
	}
	for _, s := range o.Severs {
		if s.CutsOff == 0 {
			t.Errorf("%s: option %q: %s %s cuts nothing off", name, suggestOptionKey(o), s.Action, s.Target)
			continue
		}
		if len(s.Path) == 0 || len(s.BrokenAt) == 0 {
			t.Errorf("%s: option %q: %s %s has no path or no break: %v %v", name, suggestOptionKey(o), s.Action, s.Target, s.Path, s.BrokenAt)
			continue
		}
		first, last := strings.TrimPrefix(s.Path[0], "asset:"), strings.TrimPrefix(s.Path[len(s.Path)-1], "asset:")
		if !slices.Contains(sg.Compromised, first) || !slices.Contains(sg.ProtectedReachableBefore, last) {
			t.Errorf("%s: option %q: path %v does not run from the foothold to a protected asset", name, suggestOptionKey(o), s.Path)
		}
		for _, b := range s.BrokenAt {
			if !slices.Contains(s.Path, b) {
				t.Errorf("%s: option %q: broken at %s, which is not on %v", name, suggestOptionKey(o), b, s.Path)
			}
		}
		if len(o.Actions) == 1 && len(o.ProtectedReachableAfter) == 0 && s.CutsOff != len(sg.ProtectedReachableBefore) {
			t.Errorf("%s: option %q alone cuts off %d of %d", name, suggestOptionKey(o), s.CutsOff, len(sg.ProtectedReachableBefore))
		}
	}
}

// TestSuggestNoSupersets: no offered option holds another offered one.
func TestSuggestNoSupersets(t *testing.T) {
	for seed := int64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, _, comp := randomModel(rng)
		if m == nil || len(m.Assets) == 0 {
			continue
		}
		foothold := suggestCompromise(rng, m, comp)
		sg, err := m.Suggest(SuggestOptions{Compromised: foothold, MaxActions: 3})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range sg.Options {
			for j, b := range sg.Options {
				if i != j && suggestHolds(b, a) {
					t.Errorf("seed %d: option %q holds option %q", seed, suggestOptionKey(b), suggestOptionKey(a))
				}
			}
		}
	}
}

func suggestHolds(big, small SuggestedOption) bool {
	if len(small.Actions) >= len(big.Actions) {
		return false
	}
	for _, a := range small.Actions {
		if !slices.Contains(big.Actions, a) {
			return false
		}
	}
	return true
}

// TestSuggestShutdownCutsAsIsolate backs suggest's choice to offer isolate
// and never shutdown for an asset: on random models, both leave the same
// protected assets reachable and cost operations the same.
func TestSuggestShutdownCutsAsIsolate(t *testing.T) {
	checked := 0
	for seed := int64(1); seed <= 500; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, actions, comp := randomModel(rng)
		if m == nil || len(m.Assets) == 0 {
			continue
		}
		foothold := suggestCompromise(rng, m, comp)
		id := m.Assets[rng.Intn(len(m.Assets))].ID
		iso := suggestSimulate(t, m, foothold, append(slices.Clone(actions), Action{Verb: Isolate, Target: "asset:" + id}))
		shut := suggestSimulate(t, m, foothold, append(slices.Clone(actions), Action{Verb: Shutdown, Target: "asset:" + id}))
		if iso.Summary != shut.Summary || otherAssets(iso) != otherAssets(shut) ||
			!slices.Equal(iso.Attacker.ProtectedReachableAfter, shut.Attacker.ProtectedReachableAfter) {
			t.Errorf("seed %d: isolating %s: %+v, %d other, reach %v; shutting it down: %+v, %d other, reach %v",
				seed, id, iso.Summary, otherAssets(iso), iso.Attacker.ProtectedReachableAfter,
				shut.Summary, otherAssets(shut), shut.Attacker.ProtectedReachableAfter)
		}
		checked++
	}
	t.Logf("%d random models", checked)
}

func suggestSimulate(t *testing.T, m *Model, foothold string, actions []Action) *Result {
	t.Helper()
	res, err := m.Simulate(actions, Options{Compromised: foothold})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// suggestTwoRoutes: the attacker holds zone A, whose X and Y are also in zones B
// and D, each with a PLC. An operator station in B watches PLC1.
func suggestTwoRoutes(t *testing.T) *Model {
	return newSite().
		zone("A", 3).zone("B", 2).zone("D", 2).
		asset("X server A|B").asset("Y server A|D").asset("H server A").
		asset("PLC1 plc B").asset("PLC2 plc D").asset("HMI1 hmi B").
		feed("F1", FeedView, false, "PLC1 => HMI1").
		build(t)
}

func TestSuggestPartial(t *testing.T) {
	m := suggestTwoRoutes(t)
	sg, err := m.Suggest(SuggestOptions{Compromised: "zone:A", MaxActions: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !sg.Partial || sg.Found != 0 || len(sg.Options) != 1 {
		t.Fatalf("want the partial case with one option, got partial=%v found=%d options=%d", sg.Partial, sg.Found, len(sg.Options))
	}
	o := sg.Options[0]
	// Isolating X, Y or PLC2 leaves one PLC reachable and loses nothing
	// (PLC2 keeps controlling its process); PLC1 is watched, so isolating
	// it would lose a feed. The tie goes to the first in text.
	if got := suggestOptionKey(o); got != "isolate asset:PLC2" {
		t.Errorf("best partial option %q, want isolate asset:PLC2", got)
	}
	if !slices.Equal(o.ProtectedReachableAfter, []string{"PLC1"}) {
		t.Errorf("still reachable %v, want [PLC1]", o.ProtectedReachableAfter)
	}
	if s := o.Severs[0]; s.CutsOff != 1 || !slices.Equal(s.Path, []string{"asset:Y", "asset:PLC2"}) {
		t.Errorf("severs %+v", s)
	}

	sg, err = m.Suggest(SuggestOptions{Compromised: "zone:A", MaxActions: 2})
	if err != nil {
		t.Fatal(err)
	}
	keys := suggestOptionKeys(sg)
	want := []string{
		"isolate asset:PLC2 + isolate asset:X",
		"isolate asset:X + isolate asset:Y",
		"isolate asset:PLC1 + isolate asset:PLC2",
		"isolate asset:PLC1 + isolate asset:Y",
	}
	if sg.Partial || sg.Found != 4 || !slices.Equal(keys, want) {
		t.Errorf("two actions: partial=%v found=%d\n got %q\nwant %q", sg.Partial, sg.Found, keys, want)
	}
}

func TestSuggestOptions(t *testing.T) {
	m := newSite().
		zone("DMZ", 3.5).zone("OPS", 3).zone("CELL", 1).
		asset("VGW vendor-gateway DMZ", "owner=Vendor").asset("FW1 firewall DMZ").asset("FW2 firewall DMZ").
		asset("SCADA scada OPS").asset("HMI hmi OPS", "owner=OT").asset("SW switch OPS").
		asset("PLC1 plc CELL").asset("PLC2 plc CELL").
		conduit("DMZ-OPS", "DMZ~OPS", "FW1", "FW2").
		conduit("OPS-CELL", "OPS~CELL", "SW").
		dep("HMI", 1, "SCADA", 0, "data").
		feed("F1", FeedView, false, "PLC1 > SCADA => HMI").
		build(t)

	t.Run("the foothold, a conduit, a zone or a via pair each sever every path", func(t *testing.T) {
		sg, err := m.Suggest(SuggestOptions{Compromised: "asset:VGW"})
		if err != nil {
			t.Fatal(err)
		}
		keys := suggestOptionKeys(sg)
		// Least loss first: cutting DMZ-OPS (or isolating DMZ, which cuts
		// only it) costs nothing; isolating the gateway affects the gateway;
		// the firewall pair two assets. Past OPS, PLC1's telemetry is lost
		// and the HMI degraded; isolating the HMI loses it.
		want := []string{
			"cut conduit:DMZ-OPS",
			"isolate zone:DMZ",
			"isolate asset:VGW",
			"isolate asset:FW1 + isolate asset:FW2",
			"cut conduit:OPS-CELL",
			"isolate zone:CELL",
			"isolate zone:OPS",
			"isolate asset:SW",
			"isolate asset:PLC1 + isolate asset:PLC2",
			"isolate asset:HMI + isolate asset:SCADA",
		}
		if !slices.Equal(keys, want) {
			t.Errorf("options\n got %q\nwant %q", keys, want)
		}
		if !slices.Equal(sg.ProtectedReachableBefore, []string{"PLC1", "PLC2"}) {
			t.Errorf("before %v", sg.ProtectedReachableBefore)
		}
		s := sg.Options[0].Severs[0]
		if s.CutsOff != 2 || !slices.Equal(s.Path, []string{"asset:VGW", "conduit:DMZ-OPS", "asset:SCADA", "conduit:OPS-CELL", "asset:PLC1"}) ||
			!slices.Equal(s.BrokenAt, []string{"conduit:DMZ-OPS"}) {
			t.Errorf("cut conduit:DMZ-OPS severs %+v", s)
		}
		pair := sg.Options[3]
		if got := pair.Severs[0].BrokenAt; !slices.Equal(got, []string{"conduit:DMZ-OPS"}) {
			t.Errorf("isolating FW1 of the pair breaks %v", got)
		}
	})

	t.Run("--top writes up the first options and counts them all", func(t *testing.T) {
		sg, err := m.Suggest(SuggestOptions{Compromised: "asset:VGW", Top: 3})
		if err != nil {
			t.Fatal(err)
		}
		if sg.Found != 10 || len(sg.Options) != 3 {
			t.Errorf("found %d, %d written up", sg.Found, len(sg.Options))
		}
	})

	t.Run("--protect narrows what must become unreachable", func(t *testing.T) {
		sg, err := m.Suggest(SuggestOptions{Compromised: "asset:VGW", Protect: "asset:PLC2", MaxActions: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(suggestOptionKeys(sg), "isolate asset:PLC2") || slices.Contains(suggestOptionKeys(sg), "isolate asset:PLC1") {
			t.Errorf("options %q", suggestOptionKeys(sg))
		}
		if !slices.Equal(sg.ProtectedReachableBefore, []string{"PLC2"}) || sg.Protect != "asset:PLC2" {
			t.Errorf("before %v, protect %q", sg.ProtectedReachableBefore, sg.Protect)
		}
	})

	t.Run("nothing reachable: no option, not partial", func(t *testing.T) {
		sg, err := m.Suggest(SuggestOptions{Compromised: "asset:PLC1", Protect: "asset:PLC2"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sg.ProtectedReachableBefore) != 1 {
			t.Fatalf("PLC1 shares its cell with PLC2: before %v", sg.ProtectedReachableBefore)
		}
		sg, err = newSite().zone("A", 3).zone("C", 1).asset("X server A").asset("P plc C").build(t).
			Suggest(SuggestOptions{Compromised: "asset:X"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sg.Options) != 0 || sg.Partial || sg.Found != 0 || len(sg.ProtectedReachableBefore) != 0 {
			t.Errorf("%+v", sg)
		}
	})

	for _, tc := range []struct {
		name string
		opts SuggestOptions
		want string
	}{
		{"an unknown foothold names the flag", SuggestOptions{Compromised: "asset:VGX"}, `--compromised asset:VGX: "VGX" matches nothing (did you mean "VGW"?)`},
		{"--protect that selects nothing protected", SuggestOptions{Compromised: "asset:VGW", Protect: "asset:HMI"}, "--protect asset:HMI: selects no protected asset"},
		{"--protect of the foothold itself", SuggestOptions{Compromised: "zone:CELL", Protect: "asset:PLC1"}, "selects no protected asset that is not compromised"},
		{"too many actions", SuggestOptions{Compromised: "asset:VGW", MaxActions: 5}, "max actions must be 1 to 4"},
		{"no foothold", SuggestOptions{}, "needs the compromised assets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.Suggest(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func suggestOptionKeys(sg *Suggestion) []string {
	var out []string
	for _, o := range sg.Options {
		out = append(out, suggestOptionKey(o))
	}
	return out
}
