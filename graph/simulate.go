package graph

import (
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
)

// Never is the failure time of something nothing forces down.
const Never = int64(math.MaxInt64)

// Options tune a simulation.
type Options struct {
	// Compromised, when set, is a selector of the assets an attacker holds;
	// the result then says which protected assets the attacker can reach
	// before and after the actions.
	Compromised string
	// Topology asks for Result.Topology, the site as the actions left it,
	// which pictures need and other reports do not.
	Topology bool
}

// run is one simulation in progress: the network after the actions, then
// the failure times and feed reach derived from it.
type run struct {
	m       *Model
	ix      *index
	actions []Action
	net     *netState

	fail    []int64   // asset → failure time T in ms (Never when nothing forces it down)
	failRow []int32   // asset → the dependency row that set its failure time
	slotUp  []bool    // provider slot → consumer and provider have two-way reach
	rowFail []int64   // row → when fewer than need of its providers remain
	feedD   [][]int64 // feed → per consumer, when the feed stops reaching it

	withTopology bool
}

// Simulate applies the actions to the model and reports what operations
// lose, when and why (design.md, "Semantics").
func (m *Model) Simulate(actions []Action, opts Options) (*Result, error) {
	a, err := m.Assess(actions, opts)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	return a.Result(), nil
}

// Assessment is a simulation's answer before it is written up: failure
// times, feed reach and attacker reach as numbers. Analyses that run many
// simulations read it without paying for explanations.
type Assessment struct {
	r           *run
	sc          *scratch
	sels        []Selection
	compromised []int32
	reachBefore []int32
	reachAfter  []int32
	attacker    bool
}

// Assess runs rules 1–9 for the actions.
func (m *Model) Assess(actions []Action, opts Options) (*Assessment, error) {
	if m.ix == nil {
		return nil, errors.New("model is not resolved")
	}
	ix := m.ix
	na, nz, nc := len(m.Assets), len(m.Zones), len(m.Conduits)

	var errs []string
	sels := make([]Selection, len(actions))
	for i, a := range actions {
		sel, err := m.Select(a)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		sels[i] = sel
	}
	var compromised Selection
	if opts.Compromised != "" {
		sel, err := m.Select(Action{Verb: Isolate, Target: opts.Compromised})
		if err != nil {
			errs = append(errs, strings.Replace(err.Error(), "isolate ", "--compromised ", 1))
		}
		compromised = sel
	}
	if len(errs) > 0 {
		return nil, &SelectError{Problems: errs}
	}

	sc := ix.getScratch()
	net := &sc.net
	net.init(ix, na, nz, nc)
	for i, a := range actions {
		net.apply(int32(i), a.Verb, sels[i])
	}
	net.settle()

	r := &run{m: m, ix: ix, actions: actions, net: net, withTopology: opts.Topology}
	r.failureTimes(sc)
	r.feedReach(sc)
	as := &Assessment{r: r, sc: sc, sels: sels}
	if opts.Compromised != "" {
		as.attacker = true
		as.compromised = compromisedAssets(ix, compromised)
		as.reachBefore = ix.reachBefore(opts.Compromised, as.compromised, &sc.att)
		as.reachAfter = attackerReach(net, as.compromised, &sc.att)
	}
	return as, nil
}

// Release hands the assessment's working memory back for the next one; the
// assessment must not be used after. Analyses that assess thousands of
// actions call it so that they allocate nothing per action.
func (a *Assessment) Release() {
	if a.sc != nil {
		a.r.ix.scratchPool.Put(a.sc)
		a.sc, a.r = nil, nil
	}
}

// scratch is the working memory of one assessment, reused across them.
type scratch struct {
	net      netState
	fail     []int64
	failRow  []int32
	slotUp   []bool
	rowFail  []int64
	avail    []int32
	feedFlat []int64
	feedD    [][]int64
	cur, nxt []int64
	heap     timeHeap
	att      attackScratch
}

func (ix *index) getScratch() *scratch {
	if sc, ok := ix.scratchPool.Get().(*scratch); ok {
		return sc
	}
	return &scratch{}
}

// reachBefore is the attacker's reach with no action, remembered for the
// last compromised selector: analyses weigh many actions against one
// compromise.
func (ix *index) reachBefore(selector string, compromised []int32, sc *attackScratch) []int32 {
	ix.beforeMu.Lock()
	if ix.beforeSel == selector && ix.beforeReach != nil {
		out := ix.beforeReach
		ix.beforeMu.Unlock()
		return out
	}
	ix.beforeMu.Unlock()
	out := attackerReach(ix.before(), compromised, sc)
	ix.beforeMu.Lock()
	ix.beforeSel, ix.beforeReach = selector, out
	ix.beforeMu.Unlock()
	return out
}

// before is the network with no action at all, built once.
func (ix *index) before() *netState {
	ix.beforeOnce.Do(func() {
		ix.beforeNet = &netState{}
		ix.beforeNet.init(ix, len(ix.model.Assets), len(ix.model.Zones), len(ix.conduitFrom))
		ix.beforeNet.settle()
	})
	return ix.beforeNet
}

// Result writes the assessment up: statuses, times, why chains, sign-off.
func (a *Assessment) Result() *Result {
	res := a.r.result(a.sels)
	if a.attacker {
		m := a.r.m
		res.Attacker = &AttackerReach{
			Compromised:              m.ids(a.compromised),
			ProtectedReachableBefore: m.ids(a.reachBefore),
			ProtectedReachableAfter:  m.ids(a.reachAfter),
		}
	}
	return res
}

// SelectError lists every action target that could not be resolved.
type SelectError struct{ Problems []string }

func (e *SelectError) Error() string { return strings.Join(e.Problems, "\n") }

// failureTimes applies rule 4: the greatest fixed point of the failure times,
// found like shortest paths (times only grow along dependencies), so a cycle
// of dependencies stands unless something from outside breaks it. Each
// dependency row keeps a count of its providers still available; a provider
// is unavailable from 0 when consumer and provider lack two-way reach, else
// from its own failure time.
func (r *run) failureTimes(sc *scratch) {
	ix, net := r.ix, r.net
	na := len(r.m.Assets)
	nd := len(ix.depConsumer)
	sc.fail = reuse(sc.fail, na)
	r.fail = sc.fail
	for i := range r.fail {
		r.fail[i] = Never
	}
	sc.failRow = fill(reuse(sc.failRow, na), none)
	r.failRow = sc.failRow
	sc.slotUp = reuse(sc.slotUp, len(ix.depProv.items))
	r.slotUp = sc.slotUp
	clear(r.slotUp)
	sc.rowFail = reuse(sc.rowFail, nd)
	r.rowFail = sc.rowFail
	sc.avail = reuse(sc.avail, nd)
	avail := sc.avail
	q := &sc.heap
	q.t, q.a = q.t[:0], q.a[:0]
	for a := 0; a < na; a++ {
		if net.shutdownBy[a] != none {
			r.fail[a] = 0
			q.push(0, int32(a))
		}
	}
	for row := int32(0); row < int32(nd); row++ {
		c := ix.depConsumer[row]
		r.rowFail[row] = Never
		n := int32(0)
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			if net.twoWay(c, ix.depProv.items[s]) {
				r.slotUp[s] = true
				n++
			}
		}
		avail[row] = n
		if n < ix.depNeed[row] {
			r.rowFail[row] = 0
			r.lower(q, c, ix.depGrace[row], row)
		}
	}
	for q.len() > 0 {
		t, p := q.pop()
		if t > r.fail[p] {
			continue // a stale entry: p failed earlier
		}
		for _, s := range ix.provSlots.of(p) {
			if !r.slotUp[s] {
				continue // counted as unavailable from the start
			}
			row := ix.slotRow[s]
			if r.rowFail[row] != Never {
				continue
			}
			avail[row]--
			if avail[row] < ix.depNeed[row] {
				r.rowFail[row] = t
				r.lower(q, ix.depConsumer[row], satAdd(t, ix.depGrace[row]), row)
			}
		}
	}
}

func (r *run) lower(q *timeHeap, a int32, t int64, row int32) {
	if t < r.fail[a] {
		r.fail[a] = t
		r.failRow[a] = row
		q.push(t, a)
	}
}

func satAdd(a, b int64) int64 {
	if a > Never-b {
		return Never - 1
	}
	return a + b
}

// slotAvail is when the provider in slot s stops being available to its
// consumer: 0 without two-way reach, else the provider's failure time.
func (r *run) slotAvail(s int32) int64 {
	if !r.slotUp[s] {
		return 0
	}
	return r.fail[r.ix.depProv.items[s]]
}

// feedReach applies rule 5: for each feed and consumer k, D(k) is the latest,
// over the chains that can send (one alternative of the source, one of each
// hop, then k), of the earliest failure on the chain; 0 when none can send.
// Computed layer by layer as a bottleneck path.
func (r *run) feedReach(sc *scratch) {
	ix := r.ix
	nf := len(r.m.Feeds)
	sc.feedD = reuse(sc.feedD, nf)
	r.feedD = sc.feedD
	sc.feedFlat = reuse(sc.feedFlat, len(ix.feedTo.items))
	flat := sc.feedFlat
	cur, nxt := sc.cur, sc.nxt
	defer func() { sc.cur, sc.nxt = cur, nxt }()
	for f := int32(0); f < int32(nf); f++ {
		prev := ix.feedSource.of(f)
		cur = cur[:0]
		for _, a := range prev {
			cur = append(cur, r.fail[a])
		}
		hops := ix.feedHops.of(f)
		for h := 0; h <= len(hops); h++ {
			var layer []int32
			if h < len(hops) {
				layer = ix.hopAlts.of(hops[h])
			} else {
				layer = ix.feedTo.of(f)
			}
			nxt = nxt[:0]
			for _, y := range layer {
				v := int64(-1) // no chain reaches y
				for i, x := range prev {
					if cur[i] > v && r.net.canSend(x, y) {
						v = cur[i]
					}
				}
				if v >= 0 && r.fail[y] < v {
					v = r.fail[y]
				}
				nxt = append(nxt, v)
			}
			prev = layer
			cur, nxt = nxt, cur
		}
		d := flat[ix.feedTo.start[f]:ix.feedTo.start[f+1]:ix.feedTo.start[f+1]]
		for j, v := range cur {
			if v < 0 {
				v = 0 // no chain can send at all
			}
			d[j] = v
		}
		r.feedD[f] = d
	}
}

// feedToward returns D for consumer a of feed f.
func (r *run) feedToward(f, a int32) int64 {
	for j, k := range r.ix.feedTo.of(f) {
		if k == a {
			return r.feedD[f][j]
		}
	}
	return Never
}

// degradedSince applies rule 8's degraded: the earliest time a provider of a
// still-holding row becomes unavailable (Never if none does).
func (r *run) degradedSince(a int32) int64 {
	ix := r.ix
	at := Never
	for _, row := range ix.consRows.of(a) {
		if r.rowFail[row] != Never {
			continue
		}
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			if t := r.slotAvail(s); t < at {
				at = t
			}
		}
	}
	return at
}

func (r *run) result(sels []Selection) *Result {
	m, ix, net := r.m, r.ix, r.net
	res := &Result{
		Schema: Schema,
		Model: ModelInfo{
			Source: m.Source, Assets: len(m.Assets), Zones: len(m.Zones), Conduits: len(m.Conduits),
			Dependencies: len(m.Dependencies), Feeds: len(m.Feeds), SkippedRows: m.Skipped,
			Sheets: m.Sheets, ImportNotes: m.ImportNotes,
		},
		Actions:          make([]ActionResult, len(r.actions)),
		OperatorStations: []AssetImpact{},
		Feeds:            []FeedImpact{},
		SafetyVisibility: []SafetyImpact{},
		Assets:           []AssetImpact{},
		SignOff:          []SignOff{},
	}
	for _, w := range m.Warnings {
		res.Model.Warnings = append(res.Model.Warnings, w.Error())
	}
	for i, a := range r.actions {
		res.Actions[i] = ActionResult{Action: string(a.Verb), Target: a.Target, Matched: m.MatchedIDs(sels[i]), Scenario: a.Scenario}
	}
	// The feeds are written up beside the assets, each side with its own
	// explanations and sign-off lists: both only read the run.
	feedOwners := map[string][]string{}
	feedsDone := make(chan struct{})
	go func() {
		defer close(feedsDone)
		r.feedResults(res, newExplainer(r), feedOwners)
	}()
	ex := newExplainer(r)
	owners := map[string][]string{}
	signOff := func(owner, id string) { addSignOff(owners, owner, id) }

	// Most assets and feeds are not affected: their rows are read only for
	// those that are, and only those are sorted by id.
	for a := range int32(len(m.Assets)) {
		status, at := "", int64(0)
		switch {
		case net.shutdownBy[a] != none:
			status = StatusShutdown
		case net.isolatedBy[a] != none:
			status = StatusIsolated
		case r.fail[a] != Never:
			status, at = StatusLost, r.fail[a]
		default:
			if t := r.degradedSince(a); t != Never {
				status, at = StatusDegraded, t
			}
		}
		if ix.operator[a] {
			opStatus, opAt := status, at
			switch status {
			case StatusShutdown, StatusIsolated:
				opStatus = StatusLost
			case StatusLost:
			default:
				// Degraded by a provider or by a feed that stops reaching it.
				t := Never
				if status == StatusDegraded {
					t = at
				}
				for _, f := range ix.consFeeds.of(a) {
					if d := r.feedToward(f, a); d < t {
						t = d
					}
				}
				if t != Never {
					opStatus, opAt = StatusDegraded, t
				}
			}
			if opStatus != "" {
				as := &m.Assets[a]
				res.OperatorStations = append(res.OperatorStations, AssetImpact{
					ID: as.ID, Status: opStatus, AfterS: seconds(opAt), Owner: as.Owner,
					Why: ex.operatorStation(a, opStatus, opAt), Name: as.Name, Kind: as.Kind,
				})
				if status == "" {
					signOff(as.Owner, as.ID)
				}
			}
		}
		if status != "" {
			as := &m.Assets[a]
			res.Assets = append(res.Assets, AssetImpact{
				ID: as.ID, Status: status, AfterS: seconds(at), Owner: as.Owner,
				Why: ex.asset(a), Name: as.Name, Kind: as.Kind, Safety: as.Safety,
			})
			signOff(as.Owner, as.ID)
		}
	}

	sortImpacts(res.OperatorStations)
	sortImpacts(res.Assets)
	<-feedsDone
	for owner, items := range feedOwners {
		owners[owner] = append(owners[owner], items...)
	}

	for owner, items := range owners {
		sort.Strings(items)
		res.SignOff = append(res.SignOff, SignOff{Owner: owner, Items: items})
	}
	sort.Slice(res.SignOff, func(i, j int) bool { return res.SignOff[i].Owner < res.SignOff[j].Owner })

	if r.withTopology {
		res.Topology = r.topology(res)
	}
	s := &res.Summary
	for _, o := range res.OperatorStations {
		if o.Status == StatusLost {
			s.OperatorStationsLost++
		} else {
			s.OperatorStationsDegraded++
		}
	}
	for _, f := range res.Feeds {
		if f.Status == StatusLost {
			s.FeedsLost++
		} else {
			s.FeedsDegraded++
		}
	}
	for _, v := range res.SafetyVisibility {
		if v.Status == StatusLost {
			s.SafetyVisibilityLost++
		} else {
			s.SafetyVisibilityDegraded++
		}
	}
	return res
}

// feedResults writes up the feeds and safety views the run affects, in the
// order of their ids, and adds them to owners' sign-off lists.
func (r *run) feedResults(res *Result, ex *explainer, owners map[string][]string) {
	m, ix := r.m, r.ix
	for f := range int32(len(m.Feeds)) {
		to := ix.feedTo.of(f)
		status, at, lost, still := reachStatus(m, to, r.feedD[f], nil)
		if status == "" && !ix.safetyView[f] {
			continue
		}
		fd := &m.Feeds[f]
		if status != "" {
			res.Feeds = append(res.Feeds, FeedImpact{
				ID: fd.ID, Status: status, Kind: fd.Kind, Safety: fd.Safety, AfterS: seconds(at),
				LostAt: lost, StillAt: still, Why: ex.feed(f), Name: fd.Name, Owner: r.feedOwner(f),
			})
			addSignOff(owners, r.feedOwner(f), fd.ID)
		}
		if !ix.safetyView[f] {
			continue
		}
		// Rule 7: a safety view counts at the operator stations among its
		// consumers, or at all its consumers when it lists none.
		var onlyOps []bool
		for _, k := range to {
			if ix.operator[k] {
				onlyOps = make([]bool, len(to))
				for j, k2 := range to {
					onlyOps[j] = ix.operator[k2]
				}
				break
			}
		}
		status, at, lost, still = reachStatus(m, to, r.feedD[f], onlyOps)
		if status != "" {
			res.SafetyVisibility = append(res.SafetyVisibility, SafetyImpact{
				Feed: fd.ID, Status: status, AfterS: seconds(at), LostAt: lost, StillAt: still,
				Why: ex.feed(f), Name: fd.Name,
			})
		}
	}
	slices.SortFunc(res.Feeds, func(a, b FeedImpact) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(res.SafetyVisibility, func(a, b SafetyImpact) int { return strings.Compare(a.Feed, b.Feed) })
}

// sortImpacts orders assets by id, as reports list them.
func sortImpacts(as []AssetImpact) {
	slices.SortFunc(as, func(a, b AssetImpact) int { return strings.Compare(a.ID, b.ID) })
}

// addSignOff puts id on owner's list of items to approve.
func addSignOff(owners map[string][]string, owner, id string) {
	if strings.TrimSpace(owner) == "" {
		owner = "unassigned"
	}
	owners[owner] = append(owners[owner], id)
}

// reachStatus turns per-consumer reach times into a status: lost when no
// counted consumer is reached any more (at the latest time), degraded when
// some are missed (at the earliest). count, when non-nil, says which
// consumers count.
func reachStatus(m *Model, to []int32, d []int64, count []bool) (status string, at int64, lost, still []string) {
	first, last := Never, int64(0)
	nLost, nStill := 0, 0
	for j := range to {
		if count != nil && !count[j] {
			continue
		}
		if d[j] == Never {
			nStill++
			continue
		}
		nLost++
		first = min(first, d[j])
		last = max(last, d[j])
	}
	if nLost == 0 {
		return "", 0, nil, nil
	}
	lostIx, stillIx := make([]int32, 0, nLost), make([]int32, 0, nStill)
	for j, k := range to {
		switch {
		case count != nil && !count[j]:
		case d[j] == Never:
			stillIx = append(stillIx, k)
		default:
			lostIx = append(lostIx, k)
		}
	}
	status, at = StatusDegraded, first
	if nStill == 0 {
		status, at = StatusLost, last
	}
	return status, at, m.ids(lostIx), m.ids(stillIx)
}

// feedOwner is who must approve losing a feed: its own owner column, else the
// owner of its source.
func (r *run) feedOwner(f int32) string {
	if o := strings.TrimSpace(r.m.Feeds[f].Owner); o != "" {
		return o
	}
	for _, s := range r.ix.feedSource.of(f) {
		if o := strings.TrimSpace(r.m.Assets[s].Owner); o != "" {
			return o
		}
	}
	return ""
}

func seconds(ms int64) int64 {
	if ms == Never {
		return -1
	}
	return ms / 1000
}

// ids returns the ids of the assets, sorted. A long list of distinct
// assets is picked out of the order of all ids (sorted once per model),
// which costs less than comparing its strings.
func (m *Model) ids(as []int32) []string {
	out := make([]string, 0, len(as))
	if len(as) > len(m.Assets)/16 {
		in := make([]bool, len(m.Assets))
		distinct := true
		for _, a := range as {
			distinct = distinct && !in[a]
			in[a] = true
		}
		if distinct {
			for _, a := range m.ix.assetsByID() {
				if in[a] {
					out = append(out, m.Assets[a].ID)
				}
			}
			return out
		}
	}
	for _, a := range as {
		out = append(out, m.Assets[a].ID)
	}
	slices.Sort(out)
	return out
}

// timeHeap is a binary min-heap of (time, asset).
type timeHeap struct {
	t []int64
	a []int32
}

func (h *timeHeap) len() int { return len(h.t) }

func (h *timeHeap) push(t int64, a int32) {
	h.t = append(h.t, t)
	h.a = append(h.a, a)
	i := len(h.t) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.t[p] <= t {
			break
		}
		h.t[i], h.a[i] = h.t[p], h.a[p]
		i = p
	}
	h.t[i], h.a[i] = t, a
}

func (h *timeHeap) pop() (int64, int32) {
	t, a := h.t[0], h.a[0]
	n := len(h.t) - 1
	lt, la := h.t[n], h.a[n]
	h.t, h.a = h.t[:n], h.a[:n]
	if n > 0 {
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && h.t[c+1] < h.t[c] {
				c++
			}
			if lt <= h.t[c] {
				break
			}
			h.t[i], h.a[i] = h.t[c], h.a[c]
			i = c
		}
		h.t[i], h.a[i] = lt, la
	}
	return t, a
}

// topology records the site as the actions left it, for pictures.
func (r *run) topology(res *Result) *Topology {
	m, ix, net := r.m, r.ix, r.net
	t := &Topology{
		Zones:    make([]ZoneState, len(m.Zones)),
		Conduits: make([]ConduitState, len(m.Conduits)),
		Assets:   make([]AssetState, len(m.Assets)),
	}
	for i := range m.Zones {
		z := &m.Zones[i]
		t.Zones[i] = ZoneState{ID: z.ID, Name: z.Name, Level: z.Level, Isolated: net.zoneIsolatedBy[i] != none}
	}
	for i := range m.Conduits {
		c := &m.Conduits[i]
		state := "ok"
		switch net.conduitState(int32(i)) {
		case conduitCut:
			state = "cut"
		case conduitZoneIsolated:
			state = "zone-isolated"
		case conduitViaDown:
			state = "via-down"
		}
		t.Conduits[i] = ConduitState{ID: c.ID, From: m.Zones[ix.conduitFrom[i]].ID, To: m.Zones[ix.conduitTo[i]].ID,
			Via: m.ids(ix.conduitVia.of(int32(i))), OneWay: c.OneWay, State: state}
	}
	status := make(map[string]*AssetImpact, len(res.Assets))
	for i := range res.Assets {
		status[res.Assets[i].ID] = &res.Assets[i]
	}
	station := make(map[string]string, len(res.OperatorStations))
	for _, o := range res.OperatorStations {
		station[o.ID] = o.Status
	}
	for i := range m.Assets {
		a := &m.Assets[i]
		zones := make([]string, 0, 2)
		for _, z := range ix.assetZones.of(int32(i)) {
			zones = append(zones, m.Zones[z].ID)
		}
		st := AssetState{ID: a.ID, Name: a.Name, Kind: a.Kind, Zones: zones, Owner: a.Owner,
			Station: station[a.ID], Boundary: ix.boundary[i]}
		if imp := status[a.ID]; imp != nil {
			st.Status, st.AfterS = imp.Status, imp.AfterS
		}
		t.Assets[i] = st
	}
	return t
}
