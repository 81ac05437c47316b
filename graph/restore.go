package graph

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"strings"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// RestoreSchema names the restore plan's JSON contract.
const RestoreSchema = "otimpact/restore/v1"

// RestorePlan is the order in which to bring back what containment actions
// took down: one step an asset, zone or conduit to put back (or a group of
// them that need each other), providers before consumers, each with what it
// brings back and what to check. Its JSON form is the contract; reports
// render it.
type RestorePlan struct {
	Schema  string         `json:"schema"`
	Model   ModelInfo      `json:"model"`
	Actions []ActionResult `json:"actions"`
	// Summary counts what the actions take out as simulate's summary does,
	// and Took lists it: the operator stations, feeds and safety views lost
	// or degraded, and the other assets affected.
	Summary Summary       `json:"summary"`
	Took    Restored      `json:"took"`
	Steps   []RestoreStep `json:"steps"`
	// BroughtBack is what is back after the last step: each item once,
	// however many steps it took.
	BroughtBack Restored `json:"brought_back"`
	// StillOut is what stays lost or degraded after the last step: what is
	// broken with no action at all, the model's doing rather than the
	// actions'.
	StillOut Restored `json:"still_out"`
}

// RestoreStep is one step of the plan.
type RestoreStep struct {
	Step int `json:"step"`
	// Restore lists the actions this step undoes, on single elements.
	Restore []RestoreAction `json:"restore"`
	// IDs are the assets, zones and conduits the step puts back.
	IDs []string `json:"ids"`
	// Cycle is true when the step's elements are part of a dependency cycle:
	// they come back together. CycleMembers then names the whole cycle,
	// including what comes back by itself.
	Cycle        bool     `json:"cycle"`
	CycleMembers []string `json:"cycle_members,omitempty"`
	// AfterSteps are the earlier steps this one must wait for.
	AfterSteps []int `json:"after_steps"`
	// Owners must sign off on putting the step's elements back.
	Owners []string `json:"owners"`
	// BringsBack lists what is lost or degraded before the step and ok
	// after it; PartlyBack what goes from lost to degraded.
	BringsBack Restored `json:"brings_back"`
	PartlyBack Restored `json:"partly_back"`
	// Verify says what to check before and after the step.
	Verify []string `json:"verify"`
	// Checks are the same checks, each with what it is about, for reports
	// that summarise a long list.
	Checks []RestoreCheck `json:"-"`
}

// RestoreCheck is one check of a step: its text, what it is about, and the
// ids it names, so that a report can count or shorten a long list.
type RestoreCheck struct {
	About CheckAbout
	Kind  string   // a feed's kind; the kind of the assets recovering
	IDs   []string // the step's element, the view, station or feed, the assets recovering
	Text  string
}

// CheckAbout says what a check is about.
type CheckAbout string

// What checks are about, in the order a step lists them.
const (
	CheckCycle      CheckAbout = "cycle"            // the members of a cycle come back together
	CheckReason     CheckAbout = "reason"           // the reason for the actions is dealt with
	CheckElement    CheckAbout = "element"          // one of the step's own elements is back
	CheckSafetyView CheckAbout = "safety view"      // a safety view shows at stations again
	CheckStation    CheckAbout = "operator station" // an operator station works again
	CheckRecovery   CheckAbout = "recovery"         // assets should recover through their providers
	CheckProviders  CheckAbout = "providers"        // degraded assets have all providers again
	CheckFeed       CheckAbout = "feed"             // a feed reaches consumers again
)

// RestoreAction is one containment action undone: the verb that took the
// element down, the element as a selector, and the action as given that did.
type RestoreAction struct {
	Action string `json:"action"`
	Target string `json:"target"`
	By     string `json:"by"`

	// Element is "asset", "zone" or "conduit"; ID, Name and Kind describe
	// it for human readers (a conduit's Name says which zones it joins).
	Element string `json:"-"`
	ID      string `json:"-"`
	Name    string `json:"-"`
	Kind    string `json:"-"`
}

// Restored lists operator stations, feeds, safety views and assets, each
// sorted by id. An operator station is listed as a station only: Assets are
// the other assets, as simulate's summary counts them.
type Restored struct {
	OperatorStations []string `json:"operator_stations"`
	Feeds            []string `json:"feeds"`
	SafetyVisibility []string `json:"safety_visibility"`
	Assets           []string `json:"assets"`
}

// Item statuses of a site snapshot, worst last.
const (
	snapOK       int8 = iota
	snapDegraded      // degraded (rules 5–8)
	snapLost          // lost; for an asset, failed through its dependencies
	snapDown          // an asset shut down or isolated by an action
)

// snapshot is what is lost or degraded in one state of the site: the
// statuses of rules 5–8 without their explanations, which the plan needs
// once per step.
type snapshot struct {
	asset   []int8
	station []int8 // operator stations only
	feed    []int8
	safety  []int8 // safety-relevant views only
	reached []bool // feed consumer slot (as in index.feedTo) → the feed reaches it
}

// restorer builds a plan. Elements are numbered assets first, then zones,
// then conduits, so one array covers all three.
type restorer struct {
	m          *Model
	ix         *index
	na, nz, nc int

	// What the actions did, by element: the action that did it, or none.
	shutBy, isoBy, zoneIsoBy, cutBy []int32
	actions                         []Action

	in   []bool    // the element is affected: a node of the order graph
	unit []bool    // the element is put back by a step of its own
	out  [][]int32 // hard edges: element → elements that need it back first
	soft [][]int32 // view feed edges: kept where they close no cycle
}

// RestoreOrder plans how to bring back what the actions take down:
// assets shut down or isolated, zones isolated and conduits cut, one step
// each, ordered so that what is needed comes back before what needs it,
// and of the steps that could go next, the one that brings back the most
// first. Assets lost through their dependencies get no step: they come
// back with the step that brings back their providers, which says to check
// them.
func (m *Model) RestoreOrder(actions []Action) (*RestorePlan, error) {
	as, err := m.Assess(actions, Options{})
	if err != nil {
		return nil, err
	}
	ix := m.ix
	p := &restorer{m: m, ix: ix, na: len(m.Assets), nz: len(m.Zones), nc: len(m.Conduits), actions: actions}
	net := as.r.net
	p.shutBy = slices.Clone(net.shutdownBy)
	p.isoBy = slices.Clone(net.isolatedBy)
	p.zoneIsoBy = slices.Clone(net.zoneIsolatedBy)
	p.cutBy = slices.Clone(net.cutBy)
	// The simulation's own write-up names the model and what each action
	// matched, as simulate reports them.
	res := as.Result()
	plan := &RestorePlan{Schema: RestoreSchema, Model: res.Model, Actions: res.Actions, Steps: []RestoreStep{}}
	as.Release()

	restored := make([]bool, p.na+p.nz+p.nc)
	before := p.snapshot(restored)
	plan.Summary, plan.Took = p.summary(before), p.listed(before)
	p.buildGraph(before)
	sched := p.schedule()
	for {
		st, after, ok := sched.next(restored, before)
		if !ok {
			break
		}
		for _, e := range st.units {
			restored[e] = true
		}
		plan.Steps = append(plan.Steps, p.step(len(plan.Steps)+1, st, before, after))
		before = after
	}
	plan.StillOut = p.listed(before)
	plan.BroughtBack = plan.Took.without(plan.StillOut)
	return plan, nil
}

// summary counts what is lost or degraded in a snapshot as simulate's
// summary does.
func (p *restorer) summary(s *snapshot) Summary {
	var sum Summary
	for a, st := range s.station {
		if p.ix.operator[a] {
			tally(st, &sum.OperatorStationsLost, &sum.OperatorStationsDegraded)
		}
	}
	for f := range s.feed {
		tally(s.feed[f], &sum.FeedsLost, &sum.FeedsDegraded)
		tally(s.safety[f], &sum.SafetyVisibilityLost, &sum.SafetyVisibilityDegraded)
	}
	return sum
}

// tally adds a lost or degraded status to its count.
func tally(st int8, lost, degraded *int) {
	switch st {
	case snapLost:
		*lost++
	case snapDegraded:
		*degraded++
	}
}

// without returns the items of r that o does not list.
func (r Restored) without(o Restored) Restored {
	minus := func(a, b []string) []string {
		out := []string{}
		for _, id := range a {
			if _, found := slices.BinarySearch(b, id); !found {
				out = append(out, id)
			}
		}
		return out
	}
	return Restored{
		OperatorStations: minus(r.OperatorStations, o.OperatorStations),
		Feeds:            minus(r.Feeds, o.Feeds),
		SafetyVisibility: minus(r.SafetyVisibility, o.SafetyVisibility),
		Assets:           minus(r.Assets, o.Assets),
	}
}

// snapshot simulates the actions with the restored elements put back.
func (p *restorer) snapshot(restored []bool) *snapshot {
	ix := p.ix
	sc := ix.getScratch()
	defer ix.scratchPool.Put(sc)
	net := &sc.net
	net.init(ix, p.na, p.nz, p.nc)
	keep := func(dst, src []int32, off int) {
		for i, by := range src {
			if !restored[off+i] {
				dst[i] = by
			}
		}
	}
	keep(net.shutdownBy, p.shutBy, 0)
	keep(net.isolatedBy, p.isoBy, 0)
	keep(net.zoneIsolatedBy, p.zoneIsoBy, p.na)
	keep(net.cutBy, p.cutBy, p.na+p.nz)
	net.settle()
	r := &run{m: p.m, ix: ix, actions: p.actions, net: net}
	r.failureTimes(sc)
	r.feedReach(sc)

	s := &snapshot{
		asset:   make([]int8, p.na),
		station: make([]int8, p.na),
		feed:    make([]int8, len(p.m.Feeds)),
		safety:  make([]int8, len(p.m.Feeds)),
		reached: make([]bool, len(ix.feedTo.items)),
	}
	for a := int32(0); a < int32(p.na); a++ {
		switch {
		case net.shutdownBy[a] != none || net.isolatedBy[a] != none:
			s.asset[a] = snapDown
		case r.fail[a] != Never:
			s.asset[a] = snapLost
		case r.degradedSince(a) != Never:
			s.asset[a] = snapDegraded
		}
		if !ix.operator[a] {
			continue
		}
		// Rule 6: a station is lost when down or failed, degraded by a
		// provider or by a feed that stops reaching it.
		switch st := s.asset[a]; {
		case st >= snapLost:
			s.station[a] = snapLost
		case st == snapDegraded:
			s.station[a] = snapDegraded
		default:
			for _, f := range ix.consFeeds.of(a) {
				if r.feedToward(f, a) != Never {
					s.station[a] = snapDegraded
					break
				}
			}
		}
	}
	for f := int32(0); f < int32(len(p.m.Feeds)); f++ {
		to := ix.feedTo.of(f)
		for j, d := range r.feedD[f] {
			s.reached[int(ix.feedTo.start[f])+j] = d == Never
		}
		s.feed[f] = reachLevel(to, r.feedD[f], countAll)
		fd := &p.m.Feeds[f]
		if !fd.Safety || fd.Kind != FeedView {
			continue
		}
		s.safety[f] = reachLevel(to, r.feedD[f], safetyCounts(ix, to))
	}
	return s
}

func countAll(int32) bool { return true }

// safetyCounts is rule 7: a safety view counts at the operator stations
// among its consumers, or at all of them when it lists none.
func safetyCounts(ix *index, to []int32) func(int32) bool {
	if slices.ContainsFunc(to, func(k int32) bool { return ix.operator[k] }) {
		return func(k int32) bool { return ix.operator[k] }
	}
	return countAll
}

// reachLevel is rule 5's status over the consumers that count: lost when
// the feed reaches none of them, degraded when it misses some.
func reachLevel(to []int32, d []int64, counts func(int32) bool) int8 {
	missed, reached := false, false
	for j, k := range to {
		if !counts(k) {
			continue
		}
		if d[j] == Never {
			reached = true
		} else {
			missed = true
		}
	}
	switch {
	case !missed:
		return snapOK
	case reached:
		return snapDegraded
	}
	return snapLost
}

// listed returns the items of a snapshot that are lost or degraded.
func (p *restorer) listed(s *snapshot) Restored {
	m, ix := p.m, p.ix
	out := emptyRestored()
	for _, a := range ix.assetsByID() {
		if s.station[a] != snapOK && ix.operator[a] {
			out.OperatorStations = append(out.OperatorStations, m.Assets[a].ID)
		}
		if s.asset[a] != snapOK && !ix.operator[a] {
			out.Assets = append(out.Assets, m.Assets[a].ID)
		}
	}
	for _, f := range ix.feedsByID() {
		if s.feed[f] != snapOK {
			out.Feeds = append(out.Feeds, m.Feeds[f].ID)
		}
		if s.safety[f] != snapOK {
			out.SafetyVisibility = append(out.SafetyVisibility, m.Feeds[f].ID)
		}
	}
	return out
}

// buildGraph collects the affected elements and the "must be back before"
// edges between them: provider before consumer; a boundary device before
// the conduit it carries; an isolated zone before its conduits; a conduit
// that is down before the consumers and feed hops whose reach crosses it.
// View feeds add soft edges, source before hop before consumer.
func (p *restorer) buildGraph(s *snapshot) {
	ix := p.ix
	n := p.na + p.nz + p.nc
	p.in = make([]bool, n)
	p.unit = make([]bool, n)
	p.out = make([][]int32, n)
	p.soft = make([][]int32, n)
	for a := 0; a < p.na; a++ {
		p.in[a] = s.asset[a] != snapOK
		p.unit[a] = p.shutBy[a] != none || p.isoBy[a] != none
	}
	for z := 0; z < p.nz; z++ {
		p.in[p.na+z] = p.zoneIsoBy[z] != none
		p.unit[p.na+z] = p.in[p.na+z]
	}
	down := make([]bool, p.nc)
	for c := int32(0); c < int32(p.nc); c++ {
		e := p.conduit(c)
		down[c] = p.cutBy[c] != none || p.zoneIsoBy[ix.conduitFrom[c]] != none || p.zoneIsoBy[ix.conduitTo[c]] != none
		if !down[c] && len(ix.conduitVia.of(c)) > 0 {
			down[c] = !slices.ContainsFunc(ix.conduitVia.of(c), func(v int32) bool { return p.shutBy[v] == none && p.isoBy[v] == none })
		}
		p.in[e] = down[c]
		p.unit[e] = p.cutBy[c] != none
	}
	edge := func(lists [][]int32, from, to int32) {
		if from != to && p.in[from] && p.in[to] {
			lists[from] = append(lists[from], to)
		}
	}
	// crossing adds an edge from each conduit that is down and joins a zone
	// of x to a zone of y, to y; none when x and y share a zone.
	crossing := func(lists [][]int32, x, y int32) {
		if !p.in[y] {
			return
		}
		zx, zy := ix.assetZones.of(x), ix.assetZones.of(y)
		for _, z := range zx {
			if slices.Contains(zy, z) {
				return
			}
		}
		for _, z := range zx {
			for _, c := range ix.zoneConduit.of(z) {
				other := ix.conduitTo[c]
				if other == z {
					other = ix.conduitFrom[c]
				}
				if down[c] && slices.Contains(zy, other) {
					edge(lists, p.conduit(c), y)
				}
			}
		}
	}
	for row := int32(0); row < int32(len(ix.depConsumer)); row++ {
		c := ix.depConsumer[row]
		for _, pr := range ix.depProv.of(row) {
			edge(p.out, pr, c)
			crossing(p.out, pr, c)
		}
	}
	for c := int32(0); c < int32(p.nc); c++ {
		for _, v := range ix.conduitVia.of(c) {
			if p.shutBy[v] != none || p.isoBy[v] != none {
				edge(p.out, v, p.conduit(c))
			}
		}
		edge(p.out, int32(p.na)+ix.conduitFrom[c], p.conduit(c))
		edge(p.out, int32(p.na)+ix.conduitTo[c], p.conduit(c))
	}
	for f := int32(0); f < int32(len(p.m.Feeds)); f++ {
		layers := [][]int32{ix.feedSource.of(f)}
		for _, h := range ix.feedHops.of(f) {
			layers = append(layers, ix.hopAlts.of(h))
		}
		layers = append(layers, ix.feedTo.of(f))
		view := p.m.Feeds[f].Kind == FeedView
		var upstream []int32 // the affected members of the nearest layer before
		for i, layer := range layers {
			var here []int32
			for _, y := range layer {
				if i > 0 {
					for _, x := range layers[i-1] {
						crossing(p.out, x, y)
					}
				}
				if view && p.in[y] {
					for _, x := range upstream {
						edge(p.soft, x, y)
					}
					here = append(here, y)
				}
			}
			if len(here) > 0 {
				upstream = here
			}
		}
	}
	for e := range p.out {
		p.out[e] = compact(p.out[e])
		p.soft[e] = compact(p.soft[e])
	}
}

func compact(s []int32) []int32 {
	slices.Sort(s)
	return slices.Compact(s)
}

func (p *restorer) conduit(c int32) int32 { return int32(p.na+p.nz) + c }

// plannedStep is a component of the order graph that holds elements to put
// back: its units, and every member when it is a cycle.
type plannedStep struct {
	units   []int32
	members []int32
	after   []int // earlier steps it waits for
}

// schedule hands out the components of the order graph one at a time, in
// an order that keeps every edge: those with nothing to put back pass as
// soon as they can, the others are one step each.
type schedule struct {
	p       *restorer
	units   [][]int32 // component → its elements to put back
	members [][]int32 // component → all its elements, when a cycle
	succ    [][]int32
	pred    [][]int32
	indeg   []int
	passing []int32 // ready components with nothing to put back
	ready   *stepHeap
	stepOf  []int
	waits   [][]int // for passing components: the steps before them
	steps   int
	trials  int // trial simulations left to choose between ready steps
}

// trialWork bounds the work of choosing between ready steps by simulating
// each: trials cost about the size of the model each, and past the bound
// the steps follow the kind order alone. It lets the example site and
// sites of a few thousand assets try every choice, and adds a few seconds
// at most to a plan on a hundred thousand.
const trialWork = 60_000_000

// schedule groups the affected elements into their strongly connected
// components (gonum's TarjanSCC: a dependency cycle comes back as one) and
// readies the first of them.
func (p *restorer) schedule() *schedule {
	g := &orderGraph{in: p.in, out: p.out}
	sccs := topo.TarjanSCC(g)
	comp := make([]int32, len(p.in))
	for i := range comp {
		comp[i] = none
	}
	for ci, scc := range sccs {
		for _, nd := range scc {
			comp[nd.ID()] = int32(ci)
		}
	}
	nc := len(sccs)
	succ := make([][]int32, nc)
	for e, outs := range p.out {
		for _, t := range outs {
			if cf, ct := comp[e], comp[t]; cf != ct {
				succ[cf] = append(succ[cf], ct)
			}
		}
	}
	for c := range succ {
		succ[c] = compact(succ[c])
	}
	p.addSoft(comp, succ)

	s := &schedule{
		p: p, units: make([][]int32, nc), members: make([][]int32, nc), succ: succ,
		pred: make([][]int32, nc), indeg: make([]int, nc), stepOf: make([]int, nc), waits: make([][]int, nc),
	}
	key := make([]elementKey, nc)
	for ci, scc := range sccs {
		for _, nd := range scc {
			if e := int32(nd.ID()); p.unit[e] {
				s.units[ci] = append(s.units[ci], e)
			}
			if len(scc) > 1 {
				s.members[ci] = append(s.members[ci], int32(nd.ID()))
			}
		}
		slices.SortFunc(s.units[ci], func(a, b int32) int { return p.key(a).compare(p.key(b)) })
		if len(s.units[ci]) > 0 {
			key[ci] = p.key(s.units[ci][0])
		}
	}
	s.ready = &stepHeap{key: key}
	for c, ss := range succ {
		for _, t := range ss {
			s.indeg[t]++
			s.pred[t] = append(s.pred[t], int32(c))
		}
	}
	for c := int32(0); c < int32(nc); c++ {
		if s.indeg[c] == 0 {
			s.push(c)
		}
	}
	size := p.na + p.nz + p.nc + len(p.m.Dependencies) + len(p.m.Feeds) + len(p.ix.feedTo.items) + 1
	s.trials = trialWork / size
	return s
}

func (s *schedule) push(c int32) {
	if len(s.units[c]) == 0 {
		s.passing = append(s.passing, c)
	} else {
		heap.Push(s.ready, c)
	}
}

// release readies what waited for component c only.
func (s *schedule) release(c int32) {
	for _, t := range s.succ[c] {
		if s.indeg[t]--; s.indeg[t] == 0 {
			s.push(t)
		}
	}
}

// after lists the steps component c waits for: those of its predecessors,
// and for a predecessor with nothing to put back, the steps it waited for.
func (s *schedule) after(c int32) []int {
	var after []int
	for _, q := range s.pred[c] {
		if s.stepOf[q] > 0 {
			after = append(after, s.stepOf[q])
		} else {
			after = append(after, s.waits[q]...)
		}
	}
	slices.Sort(after)
	return slices.Compact(after)
}

// next plans the next step from the site as it is before it (the elements
// restored so far, and their snapshot): the step and the snapshot after it.
// It reports false when every step is planned.
func (s *schedule) next(restored []bool, before *snapshot) (plannedStep, *snapshot, bool) {
	for len(s.passing) > 0 {
		c := s.passing[0]
		s.passing = s.passing[1:]
		s.waits[c] = s.after(c)
		s.release(c)
	}
	if s.ready.Len() == 0 {
		return plannedStep{}, nil, false
	}
	c, after := s.pick(restored, before)
	st := plannedStep{units: s.units[c], members: s.members[c], after: s.after(c)}
	s.steps++
	s.stepOf[c] = s.steps
	s.release(c)
	return st, after, true
}

// pick takes the ready step that brings back the most, so that operations
// recover soonest: simulated in turn from the site as it is, the one that
// brings back the most safety views, then operator stations, then feeds,
// then the most of them partly; between equals, the kind order. Past the
// trial budget, the kind order alone.
func (s *schedule) pick(restored []bool, before *snapshot) (int32, *snapshot) {
	h := s.ready
	n := h.Len()
	if n == 1 || n-1 > s.trials {
		c := heap.Pop(h).(int32)
		return c, s.p.trial(restored, s.units[c])
	}
	// The chosen step's simulation is its snapshot after: only the others
	// cost extra.
	s.trials -= n - 1
	best := -1
	var bestGain gain
	var bestAfter *snapshot
	for i, c := range h.c {
		after := s.p.trial(restored, s.units[c])
		g := s.p.gain(before, after)
		if d := g.compare(bestGain); best < 0 || d > 0 || d == 0 && h.key[c].compare(h.key[h.c[best]]) < 0 {
			best, bestGain, bestAfter = i, g, after
		}
	}
	return heap.Remove(h, best).(int32), bestAfter
}

// trial is the snapshot of the site with units put back as well.
func (p *restorer) trial(restored []bool, units []int32) *snapshot {
	for _, e := range units {
		restored[e] = true
	}
	s := p.snapshot(restored)
	for _, e := range units {
		restored[e] = false
	}
	return s
}

// gain counts what comes back between two snapshots, most important first:
// safety views, operator stations and feeds back, then the same from lost
// to degraded.
type gain [6]int

func (g gain) compare(o gain) int {
	for i := range g {
		if c := cmp.Compare(g[i], o[i]); c != 0 {
			return c
		}
	}
	return 0
}

func (p *restorer) gain(was, now *snapshot) gain {
	var g gain
	add := func(i int, w, n int8) {
		switch {
		case w != snapOK && n == snapOK:
			g[i]++
		case w == snapLost && n == snapDegraded:
			g[3+i]++
		}
	}
	for f := range was.feed {
		add(0, was.safety[f], now.safety[f])
		add(2, was.feed[f], now.feed[f])
	}
	for a := range was.station {
		if p.ix.operator[a] {
			add(1, was.station[a], now.station[a])
		}
	}
	return g
}

// softBudget bounds the work of checking soft edges for cycles on very
// large plans; past it the order keeps to the hard edges.
const softBudget = 20_000_000

// addSoft adds the view feed edges between components that close no cycle,
// in a fixed order, so that the order stays a DAG and the same every run.
func (p *restorer) addSoft(comp []int32, succ [][]int32) {
	seen := make([]int32, len(succ))
	mark := int32(0)
	work := 0
	var stack []int32
	reaches := func(from, to int32) bool {
		mark++
		stack = append(stack[:0], from)
		seen[from] = mark
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c == to {
				return true
			}
			for _, t := range succ[c] {
				work++
				if seen[t] != mark {
					seen[t] = mark
					stack = append(stack, t)
				}
			}
		}
		return false
	}
	for e, outs := range p.soft {
		for _, t := range outs {
			cf, ct := comp[e], comp[t]
			if cf == ct || slices.Contains(succ[cf], ct) {
				continue
			}
			if work > softBudget {
				return
			}
			if !reaches(ct, cf) {
				succ[cf] = append(succ[cf], ct)
			}
		}
	}
}

// elementKey orders the elements ready to come back when what they bring
// back does not: by the kind order (time and identity, network, servers,
// stations, the rest), then by id.
type elementKey struct {
	rank int
	id   string
}

func (k elementKey) compare(o elementKey) int {
	if c := cmp.Compare(k.rank, o.rank); c != 0 {
		return c
	}
	return strings.Compare(k.id, o.id)
}

// Restore ranks of zones and conduits, between boundary devices and servers.
const (
	rankZone    = 7
	rankConduit = 8
)

func (p *restorer) key(e int32) elementKey {
	switch {
	case int(e) >= p.na+p.nz:
		return elementKey{rankConduit, p.m.Conduits[int(e)-p.na-p.nz].ID}
	case int(e) >= p.na:
		return elementKey{rankZone, p.m.Zones[int(e)-p.na].ID}
	}
	a := &p.m.Assets[e]
	return elementKey{p.assetRank(e), a.ID}
}

func (p *restorer) assetRank(a int32) int {
	kind := p.m.Assets[a].Kind
	for i, k := range []string{KindNTP, KindDNS, KindDomainController, KindFirewall, KindRouter, KindSwitch, KindDataDiode} {
		if kind == k {
			return i
		}
	}
	if p.ix.boundary[a] {
		return 6 // a via device of another kind
	}
	switch {
	case p.licenseServer(a):
		return 9
	case kind == KindHistorian:
		return 10
	case kind == KindSCADAServer:
		return 11
	case kind == KindServer || kind == KindJumpHost || kind == KindRemoteAccess || kind == KindVendorGateway:
		return 12
	case kind == KindOperatorStation:
		return 13
	case kind == KindEngineeringStation:
		return 14
	}
	return 15
}

// licenseServer reports whether an asset serves licenses: it provides a
// license service, or is tagged so.
func (p *restorer) licenseServer(a int32) bool {
	for _, t := range p.m.Assets[a].Tags {
		if Norm(t) == "license" {
			return true
		}
	}
	for _, s := range p.ix.provSlots.of(a) {
		if Norm(p.m.Dependencies[p.ix.slotRow[s]].Service) == "license" {
			return true
		}
	}
	return false
}

// stepHeap is a min-heap of components by the key of their first unit, for
// container/heap.
type stepHeap struct {
	key []elementKey
	c   []int32
}

func (h *stepHeap) Len() int           { return len(h.c) }
func (h *stepHeap) Less(i, j int) bool { return h.key[h.c[i]].compare(h.key[h.c[j]]) < 0 }
func (h *stepHeap) Swap(i, j int)      { h.c[i], h.c[j] = h.c[j], h.c[i] }
func (h *stepHeap) Push(x any)         { h.c = append(h.c, x.(int32)) }

func (h *stepHeap) Pop() any {
	n := len(h.c) - 1
	c := h.c[n]
	h.c = h.c[:n]
	return c
}

// orderGraph is the order graph as gonum's graph.Directed, on the dense
// edge lists of the restorer: node ids are element numbers.
type orderGraph struct {
	in  []bool
	out [][]int32
}

func (g *orderGraph) Node(id int64) gonum.Node {
	if id < 0 || id >= int64(len(g.in)) || !g.in[id] {
		return nil
	}
	return simple.Node(id)
}

func (g *orderGraph) Nodes() gonum.Nodes {
	var ns []gonum.Node
	for e, ok := range g.in {
		if ok {
			ns = append(ns, simple.Node(e))
		}
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *orderGraph) From(id int64) gonum.Nodes {
	ns := make([]gonum.Node, len(g.out[id]))
	for i, t := range g.out[id] {
		ns[i] = simple.Node(t)
	}
	return iterator.NewOrderedNodes(ns)
}

// To scans every list: TarjanSCC does not ask for it.
func (g *orderGraph) To(id int64) gonum.Nodes {
	var ns []gonum.Node
	for e, outs := range g.out {
		if slices.Contains(outs, int32(id)) {
			ns = append(ns, simple.Node(e))
		}
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *orderGraph) HasEdgeFromTo(uid, vid int64) bool {
	return g.Node(uid) != nil && slices.Contains(g.out[uid], int32(vid))
}

func (g *orderGraph) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || g.HasEdgeFromTo(yid, xid)
}

func (g *orderGraph) Edge(uid, vid int64) gonum.Edge {
	if !g.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return simple.Edge{F: simple.Node(uid), T: simple.Node(vid)}
}

// step writes one step up: what it undoes, who signs off, what comes back
// between the snapshots before and after it, and what to check.
func (p *restorer) step(n int, st plannedStep, before, after *snapshot) RestoreStep {
	m := p.m
	out := RestoreStep{Step: n, AfterSteps: st.after, Verify: []string{}}
	if out.AfterSteps == nil {
		out.AfterSteps = []int{}
	}
	owners := map[string]bool{}
	owner := func(o string) {
		if strings.TrimSpace(o) == "" {
			o = "unassigned"
		}
		owners[o] = true
	}
	var by []string
	undo := func(verb Verb, act int32, element, id, name, kind string) {
		out.Restore = append(out.Restore, RestoreAction{
			Action: string(verb), Target: element + ":" + id, By: p.actions[act].String(),
			Element: element, ID: id, Name: name, Kind: kind,
		})
		if s := fmt.Sprintf("%q", p.actions[act].String()); !slices.Contains(by, s) {
			by = append(by, s)
		}
	}
	var elements []RestoreCheck
	element := func(id, text string) {
		elements = append(elements, RestoreCheck{About: CheckElement, IDs: []string{id}, Text: text})
	}
	for _, e := range st.units {
		switch {
		case int(e) >= p.na+p.nz:
			c := int32(int(e) - p.na - p.nz)
			cd := &m.Conduits[c]
			from, to := m.Zones[p.ix.conduitFrom[c]], m.Zones[p.ix.conduitTo[c]]
			undo(Cut, p.cutBy[c], "conduit", cd.ID, "between zones "+from.ID+" and "+to.ID, "conduit")
			owner(from.Owner)
			owner(to.Owner)
			out.IDs = append(out.IDs, cd.ID)
			element(cd.ID, fmt.Sprintf("conduit %s carries traffic between %s and %s again", cd.ID, from.ID, to.ID))
		case int(e) >= p.na:
			z := int32(int(e) - p.na)
			zd := &m.Zones[z]
			undo(Isolate, p.zoneIsoBy[z], "zone", zd.ID, zd.Name, "zone")
			owner(zd.Owner)
			out.IDs = append(out.IDs, zd.ID)
			var cs []string
			for _, c := range p.ix.zoneConduit.of(z) {
				cs = append(cs, m.Conduits[c].ID)
			}
			slices.Sort(cs)
			if len(cs) > 0 {
				element(zd.ID, fmt.Sprintf("the conduits of zone %s carry traffic again: %s", zd.ID, strings.Join(cs, ", ")))
			}
		default:
			ad := &m.Assets[e]
			if p.shutBy[e] != none {
				undo(Shutdown, p.shutBy[e], "asset", ad.ID, ad.Name, ad.Kind)
			}
			if p.isoBy[e] != none {
				undo(Isolate, p.isoBy[e], "asset", ad.ID, ad.Name, ad.Kind)
			}
			owner(ad.Owner)
			out.IDs = append(out.IDs, ad.ID)
			element(ad.ID, fmt.Sprintf("%s is up and reachable again", ad.ID))
		}
	}
	slices.Sort(out.IDs)
	for o := range owners {
		out.Owners = append(out.Owners, o)
	}
	slices.Sort(out.Owners)

	if len(st.members) > 0 {
		out.Cycle = true
		for _, e := range st.members {
			out.CycleMembers = append(out.CycleMembers, p.elementID(e))
		}
		slices.Sort(out.CycleMembers)
		out.Checks = append(out.Checks, RestoreCheck{About: CheckCycle, IDs: out.CycleMembers,
			Text: fmt.Sprintf("%s need each other: they come back together in this step", andList(out.CycleMembers))})
	}
	out.Checks = append(out.Checks, RestoreCheck{About: CheckReason, Text: fmt.Sprintf("before: the reason for %s is dealt with", andList(by))})
	out.Checks = append(out.Checks, elements...)

	out.BringsBack, out.PartlyBack = emptyRestored(), emptyRestored()
	var whole []string
	var stations, views, feeds []RestoreCheck
	var recovering recoveries
	ix := p.ix
	for _, a := range ix.assetsByID() {
		ad := &m.Assets[a]
		if ix.operator[a] {
			switch was, now := before.station[a], after.station[a]; {
			case was != snapOK && now == snapOK:
				out.BringsBack.OperatorStations = append(out.BringsBack.OperatorStations, ad.ID)
				stations = append(stations, RestoreCheck{About: CheckStation, IDs: []string{ad.ID}, Kind: ad.Kind,
					Text: fmt.Sprintf("operator station %s%s works again", ad.ID, named(ad.Name))})
			case was == snapLost && now == snapDegraded:
				out.PartlyBack.OperatorStations = append(out.PartlyBack.OperatorStations, ad.ID)
				stations = append(stations, RestoreCheck{About: CheckStation, IDs: []string{ad.ID}, Kind: ad.Kind,
					Text: fmt.Sprintf("operator station %s%s works again, still degraded", ad.ID, named(ad.Name))})
			}
		}
		was, now := before.asset[a], after.asset[a]
		switch {
		case was == snapOK || now >= was:
			continue
		case ix.operator[a]:
			// Counted once, as an operator station.
		case now == snapOK:
			out.BringsBack.Assets = append(out.BringsBack.Assets, ad.ID)
		case now == snapDegraded:
			out.PartlyBack.Assets = append(out.PartlyBack.Assets, ad.ID)
		}
		switch {
		case p.unit[a] || ix.operator[a]:
		case was == snapLost && now == snapOK:
			recovering.add(ad.ID, ad.Kind, "")
		case was == snapLost:
			recovering.add(ad.ID, ad.Kind, ", still short of a redundant provider")
		case now == snapOK:
			whole = append(whole, ad.ID)
		}
	}
	for _, f := range ix.feedsByID() {
		fd := &m.Feeds[f]
		view := fd.Safety && fd.Kind == FeedView
		p.compare(before.safety[f], after.safety[f], fd.ID, &out.BringsBack.SafetyVisibility, &out.PartlyBack.SafetyVisibility)
		p.compare(before.feed[f], after.feed[f], fd.ID, &out.BringsBack.Feeds, &out.PartlyBack.Feeds)
		var newly []int32
		for j, k := range ix.feedTo.of(f) {
			if slot := int(ix.feedTo.start[f]) + j; after.reached[slot] && !before.reached[slot] {
				newly = append(newly, k)
			}
		}
		switch {
		case len(newly) == 0:
		case view:
			views = append(views, RestoreCheck{About: CheckSafetyView, IDs: []string{fd.ID}, Kind: fd.Kind,
				Text: fmt.Sprintf("safety view %s%s shows at %s again", fd.ID, named(fd.Name), strings.Join(m.ids(newly), ", "))})
		default:
			feeds = append(feeds, RestoreCheck{About: CheckFeed, IDs: []string{fd.ID}, Kind: fd.Kind,
				Text: fmt.Sprintf("%s feed %s%s reaches %s again", fd.Kind, fd.ID, named(fd.Name), strings.Join(m.ids(newly), ", "))})
		}
	}
	// Safety first, then what operators see, then the rest.
	out.Checks = append(append(append(out.Checks, views...), stations...), recovering.checks()...)
	if len(whole) > 0 {
		out.Checks = append(out.Checks, RestoreCheck{About: CheckProviders, IDs: whole,
			Text: andList(whole) + " " + plural(len(whole), "has", "have") + " all providers again"})
	}
	out.Checks = append(out.Checks, feeds...)
	for _, c := range out.Checks {
		out.Verify = append(out.Verify, c.Text)
	}
	return out
}

// recoveries gathers the assets that come back through their providers,
// by kind, so that a step that brings back a thousand PLCs says so in one
// check rather than a thousand.
type recoveries struct {
	keys []string // kind and remark, in the order first seen
	ids  map[string][]string
}

// maxRecoveryLines is how many assets of one kind get a check each.
const maxRecoveryLines = 3

func (r *recoveries) add(id, kind, remark string) {
	key := kind + "\x00" + remark
	if r.ids == nil {
		r.ids = map[string][]string{}
	}
	if _, ok := r.ids[key]; !ok {
		r.keys = append(r.keys, key)
	}
	r.ids[key] = append(r.ids[key], id)
}

func (r *recoveries) checks() []RestoreCheck {
	var out []RestoreCheck
	for _, key := range r.keys {
		kind, remark, _ := strings.Cut(key, "\x00")
		ids := r.ids[key]
		if len(ids) <= maxRecoveryLines {
			for _, id := range ids {
				out = append(out, RestoreCheck{About: CheckRecovery, Kind: kind, IDs: []string{id},
					Text: fmt.Sprintf("%s (%s) should recover on its own%s: check it, restart it if it does not", id, kind, remark)})
			}
			continue
		}
		out = append(out, RestoreCheck{About: CheckRecovery, Kind: kind, IDs: ids,
			Text: fmt.Sprintf("%d assets of kind %s should recover on their own%s: %s and %d more; check them, restart any that does not",
				len(ids), kind, remark, strings.Join(ids[:maxRecoveryLines], ", "), len(ids)-maxRecoveryLines)})
	}
	return out
}

// compare files an item under back when it is ok after a step, under partly
// back when it went from lost to degraded.
func (p *restorer) compare(was, now int8, id string, back, partly *[]string) {
	switch {
	case was != snapOK && now == snapOK:
		*back = append(*back, id)
	case was == snapLost && now == snapDegraded:
		*partly = append(*partly, id)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func emptyRestored() Restored {
	return Restored{OperatorStations: []string{}, Feeds: []string{}, SafetyVisibility: []string{}, Assets: []string{}}
}

func (p *restorer) elementID(e int32) string {
	switch {
	case int(e) >= p.na+p.nz:
		return p.m.Conduits[int(e)-p.na-p.nz].ID
	case int(e) >= p.na:
		return p.m.Zones[int(e)-p.na].ID
	}
	return p.m.Assets[e].ID
}

func named(name string) string {
	if strings.TrimSpace(name) == "" {
		return ""
	}
	return " (" + name + ")"
}

// andList joins "A", "A and B", "A, B and C".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
