package graph

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// SuggestSchema names the containment suggestion's JSON contract.
const SuggestSchema = "otimpact/suggest/v1"

// MaxSuggestActions is the most actions one suggested option may take: the
// search grows with the path length to this power, and a longer list is a
// change plan, not a containment.
const MaxSuggestActions = 4

// DefaultSuggestActions is how many actions an option may take unless told.
const DefaultSuggestActions = 2

// SuggestOptions say what to look for.
type SuggestOptions struct {
	// Compromised is a selector of the assets an attacker holds.
	Compromised string
	// Protect, when set, narrows the assets that must become unreachable to
	// the protected assets (rule 9) it selects.
	Protect string
	// MaxActions is the most actions an option may take (default 2).
	MaxActions int
	// Top is how many options to write up in full (0: all of them).
	Top int
}

// Suggestion is what suggest found: the containment options that leave no
// protected asset reachable from the compromised assets, least loss to
// operations first. Its JSON form is the otimpact/suggest/v1 contract.
type Suggestion struct {
	Schema                   string   `json:"schema"`
	Compromised              []string `json:"compromised"`
	Protect                  string   `json:"protect,omitempty"`
	ProtectedReachableBefore []string `json:"protected_reachable_before"`
	MaxActions               int      `json:"max_actions"`
	// Found counts the options that sever every path; Options holds the
	// first of them.
	Found int `json:"found"`
	// Partial is true when no combination of up to MaxActions actions
	// severs every path: Options then holds the one that leaves the fewest
	// protected assets reachable.
	Partial bool              `json:"partial,omitempty"`
	Options []SuggestedOption `json:"options"`

	// Foothold is the compromised selector as given.
	Foothold string    `json:"-"`
	Model    ModelInfo `json:"-"`
}

// SuggestedOption is one set of actions and what it costs operations.
type SuggestedOption struct {
	Actions                 []SuggestedAction `json:"actions"`
	Summary                 Summary           `json:"summary"`
	ProtectedReachableAfter []string          `json:"protected_reachable_after"`
	// Severs says, for each action, what it alone keeps the attacker from.
	Severs []Severance `json:"severs"`
	// SignOff lists the owners who must approve the losses.
	SignOff []string `json:"sign_off"`

	// OtherAssets counts the affected assets that are not operator stations.
	OtherAssets int `json:"-"`
}

// SuggestedAction is one containment step of an option.
type SuggestedAction struct {
	Action string `json:"action"`
	Target string `json:"target"`
}

// Severance is what one action of an option severs: without it (the rest of
// the option taken), CutsOff more protected assets would be reachable, for
// example along Path, which the action breaks at BrokenAt. Path and BrokenAt
// name steps as "asset:ID" and "conduit:ID".
type Severance struct {
	Action   string   `json:"action"`
	Target   string   `json:"target"`
	CutsOff  int      `json:"cuts_off"`
	Path     []string `json:"path"`
	BrokenAt []string `json:"broken_at"`
}

// Suggest looks for containment options against an attacker on the
// compromised assets: every set of at most MaxActions actions that leaves no
// protected asset reachable (rule 9) and holds no smaller such set, ranked
// by what it costs operations — safety views lost, then operator stations
// lost, then feeds lost, then degraded items, then other assets affected,
// then fewer actions.
//
// The actions considered are isolating the foothold (the compromised
// selector itself), isolating an asset, isolating a zone and cutting a
// conduit. Shutting an asset down cuts the attacker exactly as isolating it
// does and never costs operations less, so it is not offered; nor is shutting
// a zone down, which powers off every asset of the zone.
//
// The search is a bounded search tree: an option that works must break the
// shortest path the attacker still has, so each step branches only on the
// actions that break that one path. It finds every minimal option of at
// most MaxActions actions, and judges each by reach alone before the full
// assessment is run on the ones that work.
func (m *Model) Suggest(opts SuggestOptions) (*Suggestion, error) {
	if m.ix == nil {
		return nil, errors.New("model is not resolved")
	}
	n := opts.MaxActions
	if n == 0 {
		n = DefaultSuggestActions
	}
	if n < 1 || n > MaxSuggestActions {
		return nil, fmt.Errorf("max actions must be 1 to %d, not %d", MaxSuggestActions, n)
	}
	if strings.TrimSpace(opts.Compromised) == "" {
		return nil, errors.New("suggest needs the compromised assets (a selector)")
	}
	ix := m.ix
	var errs []string
	foot, err := m.Select(Action{Verb: Isolate, Target: opts.Compromised})
	if err != nil {
		errs = append(errs, strings.Replace(err.Error(), "isolate ", "--compromised ", 1))
	}
	var protect Selection
	if opts.Protect != "" {
		protect, err = m.Select(Action{Verb: Isolate, Target: opts.Protect})
		if err != nil {
			errs = append(errs, strings.Replace(err.Error(), "isolate ", "--protect ", 1))
		}
	}
	if len(errs) > 0 {
		return nil, &SelectError{Problems: errs}
	}

	s := newSuggester(m, foot, strings.TrimSpace(opts.Compromised), n)
	if opts.Protect != "" {
		only := make([]bool, len(m.Assets))
		some := false
		for _, a := range compromisedAssets(ix, protect) {
			if s.target[a] {
				only[a], some = true, true
			}
		}
		if !some {
			return nil, &SelectError{Problems: []string{fmt.Sprintf(
				"--protect %s: selects no protected asset that is not compromised (protected: PLCs, RTUs, SIS, controllers, IEDs, safety assets and assets in a zone of level 1 or below)",
				strings.TrimSpace(opts.Protect))}}
		}
		s.target = only
	}

	sg := &Suggestion{
		Schema: SuggestSchema, Compromised: m.ids(s.compromised), Protect: strings.TrimSpace(opts.Protect),
		MaxActions: n, Options: []SuggestedOption{}, Foothold: strings.TrimSpace(opts.Compromised),
		Model: ModelInfo{Source: m.Source, Assets: len(m.Assets), Zones: len(m.Zones), Conduits: len(m.Conduits),
			Dependencies: len(m.Dependencies), Feeds: len(m.Feeds), SkippedRows: m.Skipped},
	}
	for _, w := range m.Warnings {
		sg.Model.Warnings = append(sg.Model.Warnings, w.Error())
	}
	s.eval(nil, false)
	sg.ProtectedReachableBefore = m.ids(s.walk.found)
	if len(s.walk.found) == 0 {
		return sg, nil
	}

	s.search(nil)
	var chosen []suggestRanked
	if len(s.working) > 0 {
		chosen, err = s.rank(s.minimal())
		sg.Found = len(chosen)
	} else {
		sg.Partial = true
		chosen, err = s.bestPartial()
	}
	if err != nil {
		return nil, err
	}
	if opts.Top > 0 && len(chosen) > opts.Top {
		chosen = chosen[:opts.Top]
	}
	for _, r := range chosen {
		opt, err := s.writeUp(r.set)
		if err != nil {
			return nil, err
		}
		sg.Options = append(sg.Options, opt)
	}
	return sg, nil
}

// suggestCand is one containment action the search may take.
type suggestCand struct {
	verb   Verb
	target string
	sel    Selection
}

func (c suggestCand) action() Action { return Action{Verb: c.verb, Target: c.target} }

// suggestCandKey names a candidate: what kind of element it acts on, and which.
type suggestCandKey struct {
	kind byte // 'a' asset, 'z' zone, 'c' conduit, 'f' the foothold as a whole
	i    int32
}

// suggester is one search for options: the candidates met so far, the sets
// of them tried, and the working memory of the walks.
type suggester struct {
	m          *Model
	ix         *index
	maxActions int

	compromised []int32
	target      []bool // the assets that must become unreachable

	cands    []suggestCand
	candOf   map[suggestCandKey]int32
	foothold int32 // the candidate that isolates the foothold as a whole, or none

	net  netState
	walk attackWalk

	seen    map[string]bool
	working [][]int32 // sets that sever every path, as found
	isWork  map[string]bool
	visited [][]int32 // every set tried, for the partial case
}

func newSuggester(m *Model, foot Selection, selector string, maxActions int) *suggester {
	ix := m.ix
	s := &suggester{
		m: m, ix: ix, maxActions: maxActions,
		compromised: compromisedAssets(ix, foot),
		candOf:      map[suggestCandKey]int32{}, foothold: none,
		seen: map[string]bool{}, isWork: map[string]bool{},
	}
	s.target = make([]bool, len(m.Assets))
	copy(s.target, ix.protected)
	for _, a := range s.compromised {
		s.target[a] = false
	}
	// Isolating the foothold is always a candidate. When it is one asset or
	// one zone it is that element's own candidate.
	switch {
	case len(foot.Zones) == 1 && len(foot.Assets) == 0:
		s.zoneCand(foot.Zones[0])
	case len(foot.Assets) == 1 && len(foot.Zones) == 0:
		s.assetCand(foot.Assets[0])
	default:
		s.foothold = s.add(suggestCandKey{'f', 0}, suggestCand{verb: Isolate, target: selector, sel: foot})
	}
	return s
}

func (s *suggester) add(k suggestCandKey, c suggestCand) int32 {
	if id, ok := s.candOf[k]; ok {
		return id
	}
	id := int32(len(s.cands))
	s.cands = append(s.cands, c)
	s.candOf[k] = id
	return id
}

func (s *suggester) assetCand(a int32) int32 {
	return s.add(suggestCandKey{'a', a}, suggestCand{Isolate, "asset:" + s.m.Assets[a].ID, Selection{Assets: []int32{a}}})
}

func (s *suggester) zoneCand(z int32) int32 {
	return s.add(suggestCandKey{'z', z}, suggestCand{Isolate, "zone:" + s.m.Zones[z].ID, Selection{Zones: []int32{z}}})
}

func (s *suggester) conduitCand(c int32) int32 {
	return s.add(suggestCandKey{'c', c}, suggestCand{Cut, "conduit:" + s.m.Conduits[c].ID, Selection{Conduits: []int32{c}}})
}

// eval applies a set of candidates to a fresh network and walks the
// attacker's reach over it; with stopFirst the walk ends at the first
// protected asset reached. It returns that asset, or none.
func (s *suggester) eval(set []int32, stopFirst bool) int32 {
	ix := s.ix
	s.net.init(ix, len(s.m.Assets), len(s.m.Zones), len(s.m.Conduits))
	for i, id := range set {
		c := &s.cands[id]
		s.net.apply(int32(i), c.verb, c.sel)
	}
	s.net.settle()
	return s.walk.run(&s.net, s.compromised, s.target, stopFirst)
}

// search grows set one action at a time. A set that works is kept and not
// grown: a larger one would hold it. One that does not branches on the
// actions that break the attacker's shortest remaining path, since every
// option that works must break that path.
func (s *suggester) search(set []int32) {
	k := setKey(set)
	if s.seen[k] || s.holdsWorking(set) {
		return
	}
	s.seen[k] = true
	s.visited = append(s.visited, set)
	p := s.eval(set, true)
	if p == none {
		s.working = append(s.working, set)
		s.isWork[k] = true
		return
	}
	if len(set) == s.maxActions {
		return
	}
	for _, e := range s.breakers(s.walk.pathTo(p)) {
		if slices.Contains(set, e) {
			continue // applied already, and the path goes round it
		}
		next := append(slices.Clone(set), e)
		slices.Sort(next)
		s.search(next)
	}
}

// holdsWorking reports whether a proper subset of set is known to work.
func (s *suggester) holdsWorking(set []int32) bool {
	n := len(set)
	for mask := 1; mask < 1<<n-1; mask++ {
		var sub []int32
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				sub = append(sub, set[i])
			}
		}
		if s.isWork[setKey(sub)] {
			return true
		}
	}
	return false
}

// minimal drops every working set that holds another one.
func (s *suggester) minimal() [][]int32 {
	var out [][]int32
	for _, set := range s.working {
		if !s.holdsWorking(set) {
			out = append(out, set)
		}
	}
	return out
}

// breakers lists the candidates that break a path: isolating one of its
// assets, cutting one of its conduits, isolating a zone at either end of
// one, or isolating one of its via devices (which breaks it once the others
// are down too), and isolating the foothold as a whole.
func (s *suggester) breakers(path []attackStep) []int32 {
	ix := s.ix
	var out []int32
	add := func(id int32) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if s.foothold != none {
		add(s.foothold)
	}
	for _, st := range path {
		if st.conduit == none {
			add(s.assetCand(st.asset))
			continue
		}
		c := st.conduit
		add(s.conduitCand(c))
		add(s.zoneCand(ix.conduitFrom[c]))
		add(s.zoneCand(ix.conduitTo[c]))
		for _, v := range ix.conduitVia.of(c) {
			add(s.assetCand(v))
		}
	}
	return out
}

// suggestRanked is a set of candidates with what it costs.
type suggestRanked struct {
	set   []int32
	text  string
	sum   Summary
	other int
}

// rank assesses each set and orders them by what they cost operations.
func (s *suggester) rank(sets [][]int32) ([]suggestRanked, error) {
	out := make([]suggestRanked, 0, len(sets))
	for _, set := range sets {
		r, err := s.cost(set)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return lessSuggestCost(&out[i], &out[j]) })
	return out, nil
}

func lessSuggestCost(a, b *suggestRanked) bool {
	ka, kb := suggestCostKey(a), suggestCostKey(b)
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return a.text < b.text
}

func suggestCostKey(r *suggestRanked) [6]int {
	return [6]int{r.sum.SafetyVisibilityLost, r.sum.OperatorStationsLost, r.sum.FeedsLost,
		r.sum.Degraded(), r.other, len(r.set)}
}

// actions returns a set's actions in the order of their text.
func (s *suggester) actions(set []int32) []Action {
	out := make([]Action, len(set))
	for i, id := range set {
		out[i] = s.cands[id].action()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func suggestActionsText(actions []Action) string {
	parts := make([]string, len(actions))
	for i, a := range actions {
		parts[i] = a.String()
	}
	return strings.Join(parts, " + ")
}

// cost runs the assessment (rules 1–8) for a set and counts its losses
// without writing the result up.
func (s *suggester) cost(set []int32) (suggestRanked, error) {
	actions := s.actions(set)
	a, err := s.m.Assess(actions, Options{})
	if err != nil {
		return suggestRanked{}, err
	}
	defer a.Release()
	sum, other := suggestLosses(a.r)
	return suggestRanked{set: set, text: suggestActionsText(actions), sum: sum, other: other}, nil
}

// suggestLosses counts what result() would list — operator stations, feeds and
// safety views lost or degraded, and the other assets affected — without
// the explanations.
func suggestLosses(r *run) (sum Summary, other int) {
	ix, net := r.ix, r.net
	for a := int32(0); a < int32(len(r.m.Assets)); a++ {
		down := net.shutdownBy[a] != none || net.isolatedBy[a] != none || r.fail[a] != Never
		degraded := !down && r.degradedSince(a) != Never
		if !ix.operator[a] {
			if down || degraded {
				other++
			}
			continue
		}
		if down {
			sum.OperatorStationsLost++
			continue
		}
		for _, f := range ix.consFeeds.of(a) {
			degraded = degraded || r.feedToward(f, a) != Never
		}
		if degraded {
			sum.OperatorStationsDegraded++
		}
	}
	for f := int32(0); f < int32(len(r.m.Feeds)); f++ {
		to, d := ix.feedTo.of(f), r.feedD[f]
		tally(reachLevel(to, d, countAll), &sum.FeedsLost, &sum.FeedsDegraded)
		fd := &r.m.Feeds[f]
		if !fd.Safety || fd.Kind != FeedView {
			continue
		}
		tally(reachLevel(to, d, safetyCounts(ix, to)), &sum.SafetyVisibilityLost, &sum.SafetyVisibilityDegraded)
	}
	return sum, other
}

// suggestExhaustive is how many sets the partial case tries one by one before
// it settles for the sets the search tried.
const suggestExhaustive = 20000

// bestPartial finds, when no set of at most maxActions actions works, the
// one that leaves the fewest protected assets reachable, least loss first.
// On a small site every set of every action is tried; on a large one, the
// sets the search tried, each stripped of actions that change nothing.
func (s *suggester) bestPartial() ([]suggestRanked, error) {
	pool := s.visited
	if all := s.allCandidates(); suggestCombinations(len(all), s.maxActions) <= suggestExhaustive {
		pool = nil
		var grow func(set []int32, from int)
		grow = func(set []int32, from int) {
			if len(set) > 0 {
				pool = append(pool, slices.Clone(set))
			}
			if len(set) == s.maxActions {
				return
			}
			for i := from; i < len(all); i++ {
				grow(append(set, all[i]), i+1)
			}
		}
		grow(nil, 0)
	}
	best := -1
	var ties [][]int32
	seen := map[string]bool{}
	for _, set := range pool {
		if len(set) == 0 {
			continue
		}
		set, n := s.strip(set)
		k := setKey(set)
		if seen[k] {
			continue
		}
		seen[k] = true
		switch {
		case best < 0 || n < best:
			best, ties = n, [][]int32{set}
		case n == best:
			ties = append(ties, set)
		}
	}
	// Only the sets that leave the fewest reachable are assessed; past a
	// few hundred, the ones with fewer actions.
	const maxAssessed = 500
	if len(ties) > maxAssessed {
		sort.SliceStable(ties, func(i, j int) bool { return len(ties[i]) < len(ties[j]) })
		ties = ties[:maxAssessed]
	}
	out, err := s.rank(ties)
	if err != nil {
		return nil, err
	}
	return out[:min(1, len(out))], nil
}

// strip drops the actions of a set that change nothing about the attacker's
// reach, and returns it with how many protected assets stay reachable.
func (s *suggester) strip(set []int32) ([]int32, int) {
	s.eval(set, false)
	n := len(s.walk.found)
	for i := 0; i < len(set) && len(set) > 1; {
		rest := slices.Delete(slices.Clone(set), i, i+1)
		s.eval(rest, false)
		if len(s.walk.found) == n {
			set = rest
			continue
		}
		i++
	}
	return set, n
}

// allCandidates registers every action there is: isolating each asset and
// zone, cutting each conduit, and isolating the foothold.
func (s *suggester) allCandidates() []int32 {
	var out []int32
	if s.foothold != none {
		out = append(out, s.foothold)
	}
	for a := range s.m.Assets {
		out = append(out, s.assetCand(int32(a)))
	}
	for z := range s.m.Zones {
		out = append(out, s.zoneCand(int32(z)))
	}
	for c := range s.m.Conduits {
		out = append(out, s.conduitCand(int32(c)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// suggestCombinations counts the sets of 1 to k of n things, saturating past the
// exhaustive limit.
func suggestCombinations(n, k int) int {
	total, c := 0, 1
	for i := 1; i <= k && i <= n; i++ {
		c = c * (n - i + 1) / i
		total += c
		if total > suggestExhaustive {
			return suggestExhaustive + 1
		}
	}
	return total
}

// writeUp simulates an option in full for its summary and sign-off, and
// tells what each of its actions severs.
func (s *suggester) writeUp(set []int32) (SuggestedOption, error) {
	m := s.m
	actions := s.actions(set)
	res, err := m.Simulate(actions, Options{})
	if err != nil {
		return SuggestedOption{}, err
	}
	opt := SuggestedOption{Summary: res.Summary, Severs: []Severance{}, SignOff: []string{}}
	for _, a := range actions {
		opt.Actions = append(opt.Actions, SuggestedAction{Action: string(a.Verb), Target: a.Target})
	}
	for _, so := range res.SignOff {
		opt.SignOff = append(opt.SignOff, so.Owner)
	}
	for _, a := range res.Assets {
		if a.Kind != KindOperatorStation {
			opt.OtherAssets++
		}
	}

	// The option's own reach, and which conduits it takes down.
	s.eval(set, false)
	after := slices.Clone(s.walk.found)
	opt.ProtectedReachableAfter = m.ids(after)
	stillReached := make([]bool, len(m.Assets))
	for _, a := range after {
		stillReached[a] = true
	}
	conduitDown := make([]bool, len(m.Conduits))
	for c := range conduitDown {
		conduitDown[c] = !s.net.conduitWorks[c]
	}

	order := slices.Clone(set)
	sort.Slice(order, func(i, j int) bool {
		return s.cands[order[i]].action().String() < s.cands[order[j]].action().String()
	})
	for _, e := range order {
		c := s.cands[e]
		sv := Severance{Action: string(c.verb), Target: c.target, Path: []string{}, BrokenAt: []string{}}
		s.eval(slices.DeleteFunc(slices.Clone(set), func(x int32) bool { return x == e }), false)
		for _, p := range s.walk.found {
			if stillReached[p] {
				continue
			}
			sv.CutsOff++
			if len(sv.Path) == 0 {
				sv.Path, sv.BrokenAt = s.describe(s.walk.pathTo(p), c.sel, conduitDown)
			}
		}
		opt.Severs = append(opt.Severs, sv)
	}
	return opt, nil
}

// describe names a path's steps and the ones an action breaks.
func (s *suggester) describe(path []attackStep, sel Selection, conduitDown []bool) (steps, broken []string) {
	ix, m := s.ix, s.m
	broken = []string{}
	for _, st := range path {
		if st.conduit == none {
			name := "asset:" + m.Assets[st.asset].ID
			steps = append(steps, name)
			if slices.Contains(sel.Assets, st.asset) {
				broken = append(broken, name)
			}
			continue
		}
		c := st.conduit
		name := "conduit:" + m.Conduits[c].ID
		steps = append(steps, name)
		hit := slices.Contains(sel.Conduits, c) ||
			slices.Contains(sel.Zones, ix.conduitFrom[c]) || slices.Contains(sel.Zones, ix.conduitTo[c])
		if !hit && conduitDown[c] {
			for _, v := range ix.conduitVia.of(c) {
				hit = hit || slices.Contains(sel.Assets, v)
			}
		}
		if hit {
			broken = append(broken, name)
		}
	}
	return steps, broken
}

// attackStep is one step of an attacker path: an asset, or the conduit
// crossed to reach the next one.
type attackStep struct {
	asset   int32
	conduit int32 // none for an asset
}

// attackWalk is rule 9's walk (as attackerReach) in breadth-first order, and
// remembers the way back from everything it reaches, so that the shortest
// path to a protected asset can be told.
type attackWalk struct {
	reached, sourced, opened []bool
	assetVia                 []int32 // asset → the zone it was reached in; none for the foothold
	zoneFrom                 []int32 // zone → the zone a pivot sent from to reach it
	zoneConduit              []int32 // zone → the conduit crossed to reach it; none within a zone
	zonePivot                []int32 // zone → the pivot that sent from it
	queue                    []int32
	// found lists the protected assets reached, in the order reached.
	found []int32

	s         *netState
	target    []bool
	stopFirst bool
}

// run walks from the compromised assets; with stopFirst it ends at the
// first protected asset reached and returns it. It returns none when it
// reaches no protected asset.
func (w *attackWalk) run(s *netState, compromised []int32, target []bool, stopFirst bool) int32 {
	ix := s.ix
	na, nz := len(s.networked), len(s.zoneIsolatedBy)
	w.s, w.target, w.stopFirst = s, target, stopFirst
	w.reached = clearBools(&w.reached, na)
	w.sourced = clearBools(&w.sourced, nz)
	w.opened = clearBools(&w.opened, nz)
	w.assetVia = reuse(w.assetVia, na)
	w.zoneFrom = reuse(w.zoneFrom, nz)
	w.zoneConduit = reuse(w.zoneConduit, nz)
	w.zonePivot = reuse(w.zonePivot, nz)
	w.found = w.found[:0]
	w.queue = w.queue[:0]
	for _, a := range compromised {
		if s.networked[a] && !w.reached[a] {
			w.reached[a] = true
			w.assetVia[a] = none
			w.queue = append(w.queue, a)
		}
	}
	for head := 0; head < len(w.queue); head++ {
		x := w.queue[head]
		for _, z := range ix.assetZones.of(x) {
			if w.sourced[z] {
				continue
			}
			w.sourced[z] = true
			w.zonePivot[z] = x
			if w.open(z, z, none) {
				return w.found[0]
			}
			for _, c := range ix.zoneConduit.of(z) {
				f, t := ix.conduitFrom[c], ix.conduitTo[c]
				if !s.conduitWorks[c] || f == t {
					continue
				}
				switch {
				case f == z:
				case ix.conduitBoth[c]:
					t = f
				default:
					continue // one-way, into z
				}
				if w.open(t, z, c) {
					return w.found[0]
				}
			}
		}
	}
	if len(w.found) == 0 {
		return none
	}
	return w.found[0]
}

// open reaches the networked assets of zone t, sent to from zone from
// through conduit c; it reports whether the walk should stop.
func (w *attackWalk) open(t, from, c int32) bool {
	if w.opened[t] {
		return false
	}
	w.opened[t] = true
	w.zoneFrom[t], w.zoneConduit[t] = from, c
	s := w.s
	for _, y := range s.ix.zoneAssets.of(t) {
		if !s.networked[y] || w.reached[y] {
			continue
		}
		w.reached[y] = true
		w.assetVia[y] = t
		if w.target[y] {
			w.found = append(w.found, y)
			if w.stopFirst {
				return true
			}
		}
		if !s.ix.boundary[y] {
			w.queue = append(w.queue, y)
		}
	}
	return false
}

// pathTo is the way the walk took to asset p, from the foothold.
func (w *attackWalk) pathTo(p int32) []attackStep {
	var rev []attackStep
	for a := p; ; {
		rev = append(rev, attackStep{asset: a, conduit: none})
		z := w.assetVia[a]
		if z == none {
			break
		}
		if c := w.zoneConduit[z]; c != none {
			rev = append(rev, attackStep{asset: none, conduit: c})
		}
		a = w.zonePivot[w.zoneFrom[z]]
	}
	slices.Reverse(rev)
	return rev
}
