package graph

// An independent, deliberately naive second implementation of the simulation
// rules of design.md ("Semantics", rules 1–9), written from the design only,
// without reading the engine (simulate.go, state.go, explain.go, attacker.go,
// index.go). TestSimulateAgreesWithReference runs both on thousands of random
// models and reports every disagreement with its seed and a shrunk model.
//
// Everything here is written for clarity, not speed: reach is a literal
// pairwise check of rule 3, failure times are the greatest fixed point of
// rule 4 found by plain iteration from "infinity", and feed chains are
// enumerated one by one.
//
// Readings of design.md where it leaves room (marked "READING" below):
//
//  R1 (rule 3) An asset "shares a zone" with itself only if it lists at least
//     one zone, and only while it is networked; so an asset can send to itself
//     only if it is networked and in some zone. This matters for a
//     self-dependency (c needs c) and for a feed chain that repeats an asset
//     (source k, consumer k).
//  R2 (rule 4) The consumer's own state counts: an isolated or shut-down
//     consumer lacks two-way reach with every provider, so all its providers
//     are unavailable from 0 and it "fails" at the row's grace. This is never
//     visible in a status (shutdown/isolated come first, rule 8) and nothing
//     can reach it anyway, so it changes no answer.
//  R3 (rule 5) A feed whose consumer k is shut down or isolated misses k at 0:
//     the last step of every chain cannot send to k. Likewise a feed whose
//     source is isolated is lost at 0.
//  R4 (rule 5) lost_at lists the consumers with a finite D (the feed stops
//     reaching them at some time), still_at those with D = infinity. For a lost
//     feed still_at is empty.
//  R5 (rules 4, 8) Statuses are absolute, not relative to the model before
//     the actions: a dependency or feed that never worked (no reach even with
//     no action) reports lost/degraded at 0 even with no action.
//  R6 (rule 6) An operator station that is shut down or isolated is reported
//     in operator_stations with status "lost" (after 0), not "shutdown" or
//     "isolated" (the example in "Output contract" shows "lost"); the asset
//     list carries "shutdown"/"isolated" (rule 8).
//  R7 (rule 6) A station is "degraded" at the earliest of: any provider of any
//     of its rows becoming unavailable (with T = infinity every row holds, so
//     such a provider is a redundant one), or the finite D of a feed that
//     lists the station among its consumers.
//  R8 (rule 8) An asset's "degraded" status only looks at dependency rows, not
//     at feeds: an operator station degraded only because a feed misses it is
//     degraded in operator_stations but ok (absent) in assets.
//  R9 (rule 7) lost_at/still_at of a safety view list only the counted
//     consumers (the operator stations among the feed's consumers, or all of
//     them when none is a station); a safety view's status/after_s follow the
//     same lost/degraded rule as a feed, over that set.
//  R10 (rule 9) Attacker reach uses rule 3's "send to" from a pivot: a pivot
//     x reaches y if y is networked and x can send to y (one direction is
//     enough). Compromised assets are pivots only while networked (a shut-down
//     or isolated compromised asset reaches nothing after the actions); a
//     compromised boundary device is a pivot. "before" is the model with no
//     actions at all. The compromised list holds every asset the selector
//     matched, sorted by id, whether or not it is still networked.
//  R11 (rule 9) "In a zone of level 1 or below" means any of the asset's
//     zones has a known level (>= 0) that is <= 1; NoLevel zones are not low.
//  R12 (rule 2) "One of its zones is isolated" means a zone named by an
//     "isolate zone:Z" action; isolating a zone does not isolate its assets.
//     A failed asset (finite T, still running) is still networked: it still
//     carries conduits, sends and receives.
//  R13 (output) Reported ids use the asset register's spelling, whatever case
//     a dependency, feed or action used; lists are sorted by plain byte order
//     of the ids; after_s is floor(ms / 1000).
//  R14 (rule 9) An asset named in any conduit's via is a boundary device
//     whether or not that conduit works (cut, or its zones isolated), and
//     whatever its kind.
//  R15 (rule 3) A conduit from a zone to itself adds nothing: the assets of
//     that zone already share it.

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// refInf is "infinity": nothing forces the asset down.
const refInf = int64(math.MaxInt64)

type refItem struct {
	ID     string
	Status string
	AfterS int64
}

type refFeed struct {
	ID      string
	Status  string
	AfterS  int64
	LostAt  []string
	StillAt []string
}

type refAttacker struct {
	Compromised []string
	Before      []string
	After       []string
}

// refResult is the part of a Result that the reference computes.
type refResult struct {
	Summary  Summary
	Stations []refItem
	Feeds    []refFeed
	Safety   []refFeed
	Assets   []refItem
	Attacker *refAttacker
}

// refWorld is the state of the site after a list of actions.
type refWorld struct {
	m       *Model
	n       int
	byKey   map[string]int
	zones   [][]string // zone keys of each asset
	shut    []bool
	iso     []bool
	zoneIso map[string]bool
	cut     []bool // per conduit
	send    [][]bool
	T       []int64 // failure time in ms, refInf when never
}

func (w *refWorld) idx(id string) int {
	i, ok := w.byKey[Key(id)]
	if !ok {
		panic(fmt.Sprintf("reference: unknown asset %q", id))
	}
	return i
}

func newRefWorld(m *Model, actions []Action) *refWorld {
	w := &refWorld{m: m, n: len(m.Assets), byKey: map[string]int{}, zoneIso: map[string]bool{}}
	w.shut = make([]bool, w.n)
	w.iso = make([]bool, w.n)
	w.cut = make([]bool, len(m.Conduits))
	w.zones = make([][]string, w.n)
	for i, a := range m.Assets {
		w.byKey[Key(a.ID)] = i
		for _, z := range a.Zones {
			if Key(z) != "" {
				w.zones[i] = append(w.zones[i], Key(z))
			}
		}
	}
	for _, a := range actions {
		prefix, value, ok := strings.Cut(strings.TrimSpace(a.Target), ":")
		if !ok {
			panic("reference: targets must be asset:, zone: or conduit: selectors, got " + a.Target)
		}
		k := Key(value)
		switch strings.ToLower(strings.TrimSpace(prefix)) {
		case "asset":
			i := w.idx(value)
			switch a.Verb {
			case Shutdown:
				w.shut[i] = true
			case Isolate:
				w.iso[i] = true
			default:
				panic("reference: bad verb for an asset: " + a.String())
			}
		case "zone":
			switch a.Verb {
			case Shutdown: // every asset that lists the zone is shut down
				for i := range w.zones {
					for _, z := range w.zones[i] {
						if z == k {
							w.shut[i] = true
						}
					}
				}
			case Isolate: // every conduit touching the zone is cut (rule 2)
				w.zoneIso[k] = true
			default:
				panic("reference: bad verb for a zone: " + a.String())
			}
		case "conduit":
			if a.Verb != Cut {
				panic("reference: bad verb for a conduit: " + a.String())
			}
			found := false
			for c := range m.Conduits {
				if Key(m.Conduits[c].ID) == k {
					w.cut[c] = true
					found = true
				}
			}
			if !found {
				panic("reference: unknown conduit " + value)
			}
		default:
			panic("reference: unsupported selector " + a.Target)
		}
	}
	w.send = make([][]bool, w.n)
	for a := 0; a < w.n; a++ {
		w.send[a] = make([]bool, w.n)
		for b := 0; b < w.n; b++ {
			w.send[a][b] = w.canSend(a, b)
		}
	}
	w.failureTimes()
	return w
}

// Rule 1: an asset runs unless shut down; it is networked if it runs and is
// not isolated. Failure through dependencies does not change it.
func (w *refWorld) networked(a int) bool { return !w.shut[a] && !w.iso[a] }

// Rule 2: a conduit works unless it is cut, one of its zones is isolated, or
// it has via devices and none of them is networked.
func (w *refWorld) conduitWorks(c int) bool {
	cd := w.m.Conduits[c]
	if w.cut[c] || w.zoneIso[Key(cd.From)] || w.zoneIso[Key(cd.To)] {
		return false
	}
	if len(cd.Via) == 0 {
		return true
	}
	for _, v := range cd.Via {
		if w.networked(w.idx(v)) {
			return true
		}
	}
	return false
}

func refHas(list []string, k string) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

// Rule 3: a can send to b if both are networked and they share a zone, or a
// working conduit runs from a zone of a to a zone of b (a both-way conduit
// runs either way). No routing across two conduits.
//
// READING R1: "share a zone" is literal, so a can send to itself only when
// it is networked and lists at least one zone.
func (w *refWorld) canSend(a, b int) bool {
	if !w.networked(a) || !w.networked(b) {
		return false
	}
	for _, z := range w.zones[a] {
		if refHas(w.zones[b], z) {
			return true
		}
	}
	for c, cd := range w.m.Conduits {
		if !w.conduitWorks(c) {
			continue
		}
		from, to := Key(cd.From), Key(cd.To)
		if refHas(w.zones[a], from) && refHas(w.zones[b], to) {
			return true
		}
		if !cd.OneWay && refHas(w.zones[a], to) && refHas(w.zones[b], from) {
			return true
		}
	}
	return false
}

// twoWay is the reach a dependency needs: request and response.
func (w *refWorld) twoWay(a, b int) bool { return w.send[a][b] && w.send[b][a] }

// availUntil is the time from which provider p of a row of consumer c is
// unavailable (rule 4): 0 without two-way reach, else T(p).
func (w *refWorld) availUntil(c, p int) int64 {
	if !w.twoWay(c, p) {
		return 0
	}
	return w.T[p]
}

// rowFailTime: with providers available until a1 >= a2 >= ... >= an, fewer
// than need remain available from a_need on.
func (w *refWorld) rowFailTime(d Dependency) int64 {
	c := w.idx(d.Consumer)
	var avail []int64
	for _, p := range d.Providers {
		avail = append(avail, w.availUntil(c, w.idx(p)))
	}
	sort.Slice(avail, func(i, j int) bool { return avail[i] > avail[j] })
	need := d.Need
	if need < 1 {
		need = 1
	}
	return avail[need-1]
}

func refAdd(t, grace int64) int64 {
	if t == refInf || grace >= refInf-t {
		return refInf
	}
	return t + grace
}

// failureTimes computes rule 4's greatest fixed point: start every T at
// infinity (0 for shut-down assets) and recompute every T from the others
// until nothing changes. The values only go down, so this ends.
//
// READING R2: the consumer's own reach counts (an isolated consumer lacks
// two-way reach with all its providers).
func (w *refWorld) failureTimes() {
	w.T = make([]int64, w.n)
	for i := range w.T {
		w.T[i] = refInf
		if w.shut[i] {
			w.T[i] = 0
		}
	}
	for iter := 0; ; iter++ {
		if iter > 100000 {
			panic("reference: failure times do not converge")
		}
		changed := false
		for c := 0; c < w.n; c++ {
			t := refInf
			if w.shut[c] {
				t = 0
			}
			for _, d := range w.m.Dependencies {
				if w.idx(d.Consumer) != c {
					continue
				}
				if rf := w.rowFailTime(d); rf != refInf {
					t = refMin(t, refAdd(rf, d.GraceMS))
				}
			}
			if t > w.T[c] {
				panic("reference: a failure time went up")
			}
			if t != w.T[c] {
				w.T[c] = t
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// feedUntil is D(k) of rule 5: the latest, over every chain (one source
// alternative, one alternative of each hop, then k) whose every step can
// send, of the earliest failure time of the chain's members (k included);
// 0 when no chain can send.
//
// READING R3: a shut-down or isolated consumer cannot be sent to, so D = 0.
func (w *refWorld) feedUntil(f Feed, k int) int64 {
	layers := append([][]string{f.Source}, f.Via...)
	best := int64(-1)
	var walk func(layer, prev int, earliest int64)
	walk = func(layer, prev int, earliest int64) {
		if layer == len(layers) {
			if w.send[prev][k] {
				best = refMax(best, refMin(earliest, w.T[k]))
			}
			return
		}
		for _, id := range layers[layer] {
			x := w.idx(id)
			if layer > 0 && !w.send[prev][x] {
				continue
			}
			walk(layer+1, x, refMin(earliest, w.T[x]))
		}
	}
	walk(0, -1, refInf)
	if best < 0 {
		return 0
	}
	return best
}

// refReachStatus turns the D of each consumer in a set into a status:
// lost when none is reached in the end (at the latest D), degraded when
// some are missed (at the earliest finite D). READING R4: lost_at are those
// with a finite D, still_at the rest.
func refReachStatus(ids []string, d []int64) (status string, at int64, lostAt, stillAt []string) {
	lostAt, stillAt = []string{}, []string{}
	latest, earliest := int64(-1), refInf
	for i, id := range ids {
		if d[i] == refInf {
			stillAt = append(stillAt, id)
			continue
		}
		lostAt = append(lostAt, id)
		latest = refMax(latest, d[i])
		earliest = refMin(earliest, d[i])
	}
	sort.Strings(lostAt)
	sort.Strings(stillAt)
	switch {
	case len(lostAt) == 0:
		return "", 0, lostAt, stillAt
	case len(stillAt) == 0:
		return StatusLost, latest, lostAt, stillAt
	default:
		return StatusDegraded, earliest, lostAt, stillAt
	}
}

// degradedSince is the earliest time a provider of one of the asset's rows
// becomes unavailable (rules 6 and 8); refInf if never. It is asked only of
// assets with T = infinity, whose rows all hold.
func (w *refWorld) degradedSince(a int) int64 {
	t := refInf
	for _, d := range w.m.Dependencies {
		if w.idx(d.Consumer) != a {
			continue
		}
		for _, p := range d.Providers {
			t = refMin(t, w.availUntil(a, w.idx(p)))
		}
	}
	return t
}

func refSec(ms int64) int64 { return ms / 1000 }

func refMin[T int | int64](a, b T) T {
	if a < b {
		return a
	}
	return b
}

func refMax[T int | int64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func (w *refWorld) result() *refResult {
	m := w.m
	r := &refResult{Stations: []refItem{}, Feeds: []refFeed{}, Safety: []refFeed{}, Assets: []refItem{}}

	// Rule 5: feeds, and D(k) of every consumer of every feed.
	feedD := make([]map[int]int64, len(m.Feeds))
	for fi, f := range m.Feeds {
		feedD[fi] = map[int]int64{}
		ids := make([]string, len(f.To))
		d := make([]int64, len(f.To))
		for i, to := range f.To {
			k := w.idx(to)
			ids[i] = m.Assets[k].ID // READING R13: the register's spelling
			d[i] = w.feedUntil(f, k)
			feedD[fi][k] = d[i]
		}
		status, at, lostAt, stillAt := refReachStatus(ids, d)
		if status != "" {
			r.Feeds = append(r.Feeds, refFeed{f.ID, status, refSec(at), lostAt, stillAt})
		}

		// Rule 7: safety-relevant views, counted over the operator stations
		// among the consumers, or every consumer when none is one.
		// READING R9: lost_at/still_at list only that set.
		if f.Safety && f.Kind == FeedView {
			var sids []string
			var sd []int64
			for i, to := range f.To {
				if m.Assets[w.idx(to)].Kind == KindOperatorStation {
					sids = append(sids, ids[i])
					sd = append(sd, d[i])
				}
			}
			if len(sids) == 0 {
				sids, sd = ids, d
			}
			status, at, lostAt, stillAt := refReachStatus(sids, sd)
			if status != "" {
				r.Safety = append(r.Safety, refFeed{f.ID, status, refSec(at), lostAt, stillAt})
			}
		}
	}

	for a, as := range m.Assets {
		// Rule 6: operator stations. READING R6, R7.
		if as.Kind == KindOperatorStation {
			switch {
			case w.shut[a] || w.iso[a]:
				r.Stations = append(r.Stations, refItem{as.ID, StatusLost, 0})
			case w.T[a] != refInf:
				r.Stations = append(r.Stations, refItem{as.ID, StatusLost, refSec(w.T[a])})
			default:
				t := w.degradedSince(a)
				for fi := range m.Feeds {
					if d, ok := feedD[fi][a]; ok {
						t = refMin(t, d)
					}
				}
				if t != refInf {
					r.Stations = append(r.Stations, refItem{as.ID, StatusDegraded, refSec(t)})
				}
			}
		}
		// Rule 8: every asset, first status that applies. READING R8.
		switch {
		case w.shut[a]:
			r.Assets = append(r.Assets, refItem{as.ID, StatusShutdown, 0})
		case w.iso[a]:
			r.Assets = append(r.Assets, refItem{as.ID, StatusIsolated, 0})
		case w.T[a] != refInf:
			r.Assets = append(r.Assets, refItem{as.ID, StatusLost, refSec(w.T[a])})
		default:
			if t := w.degradedSince(a); t != refInf {
				r.Assets = append(r.Assets, refItem{as.ID, StatusDegraded, refSec(t)})
			}
		}
	}

	sortItems := func(s []refItem) { sort.Slice(s, func(i, j int) bool { return s[i].ID < s[j].ID }) }
	sortFeeds := func(s []refFeed) { sort.Slice(s, func(i, j int) bool { return s[i].ID < s[j].ID }) }
	sortItems(r.Stations)
	sortItems(r.Assets)
	sortFeeds(r.Feeds)
	sortFeeds(r.Safety)
	r.Summary = refSummary(r)
	return r
}

func refSummary(r *refResult) Summary {
	var s Summary
	for _, x := range r.Stations {
		switch x.Status {
		case StatusLost:
			s.OperatorStationsLost++
		case StatusDegraded:
			s.OperatorStationsDegraded++
		}
	}
	for _, x := range r.Feeds {
		switch x.Status {
		case StatusLost:
			s.FeedsLost++
		case StatusDegraded:
			s.FeedsDegraded++
		}
	}
	for _, x := range r.Safety {
		switch x.Status {
		case StatusLost:
			s.SafetyVisibilityLost++
		case StatusDegraded:
			s.SafetyVisibilityDegraded++
		}
	}
	return s
}

// Rule 9: boundary devices — firewalls, routers, switches, data diodes, and
// any asset named in a conduit's via.
func (w *refWorld) boundary(a int) bool {
	if IsBoundaryKind(w.m.Assets[a].Kind) {
		return true
	}
	for _, c := range w.m.Conduits {
		for _, v := range c.Via {
			if w.idx(v) == a {
				return true
			}
		}
	}
	return false
}

// Rule 9: protected — PLCs, RTUs, SIS, controllers, IEDs, safety assets and
// anything in a zone of level 1 or below (READING R11: a known level <= 1).
func (w *refWorld) protected(a int) bool {
	as := w.m.Assets[a]
	if IsControlKind(as.Kind) || as.Safety {
		return true
	}
	for _, zk := range w.zones[a] {
		for _, z := range w.m.Zones {
			if Key(z.ID) == zk && z.Level >= 0 && z.Level <= 1 {
				return true
			}
		}
	}
	return false
}

// attacker is the breadth-first search of rule 9: compromised networked
// assets are pivots; from a pivot x the attacker reaches every networked y
// that x can send to; a reached asset that is not a boundary device is a
// pivot in turn. It returns the protected assets reached, compromised ones
// left out, sorted. READING R10.
func (w *refWorld) attacker(compromised []int) []string {
	isComp := map[int]bool{}
	reached := map[int]bool{}
	pivoted := map[int]bool{}
	var queue []int
	for _, c := range compromised {
		isComp[c] = true
		if w.networked(c) && !pivoted[c] {
			pivoted[c] = true
			queue = append(queue, c)
		}
	}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for y := 0; y < w.n; y++ {
			if !w.networked(y) || !w.send[x][y] || reached[y] {
				continue
			}
			reached[y] = true
			if !w.boundary(y) && !pivoted[y] {
				pivoted[y] = true
				queue = append(queue, y)
			}
		}
	}
	out := []string{}
	for y := range reached {
		if !isComp[y] && w.protected(y) {
			out = append(out, w.m.Assets[y].ID)
		}
	}
	sort.Strings(out)
	return out
}

// refSimulate runs the reference on a resolved model. compromised lists asset
// ids (nil: no attacker section).
func refSimulate(m *Model, actions []Action, compromised []string) *refResult {
	after := newRefWorld(m, actions)
	r := after.result()
	if compromised != nil {
		before := newRefWorld(m, nil)
		var comp []int
		ids := []string{}
		seen := map[int]bool{}
		for _, id := range compromised {
			i := after.idx(id)
			if !seen[i] {
				seen[i] = true
				comp = append(comp, i)
				ids = append(ids, m.Assets[i].ID)
			}
		}
		sort.Strings(ids)
		r.Attacker = &refAttacker{Compromised: ids, Before: before.attacker(comp), After: after.attacker(comp)}
	}
	return r
}

// refSelectAssets is what an "asset:X" or "zone:Z" selector names.
func refSelectAssets(m *Model, sel string) []string {
	prefix, value, _ := strings.Cut(sel, ":")
	k := Key(value)
	out := []string{}
	for _, a := range m.Assets {
		switch prefix {
		case "asset":
			if Key(a.ID) == k {
				out = append(out, a.ID)
			}
		case "zone":
			for _, z := range a.Zones {
				if Key(z) == k {
					out = append(out, a.ID)
					break
				}
			}
		default:
			panic("reference: unsupported compromised selector " + sel)
		}
	}
	return out
}

// refFromResult projects the engine's Result onto what the reference computes.
func refFromResult(res *Result) *refResult {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	r := &refResult{Summary: res.Summary, Stations: []refItem{}, Feeds: []refFeed{}, Safety: []refFeed{}, Assets: []refItem{}}
	for _, x := range res.OperatorStations {
		r.Stations = append(r.Stations, refItem{x.ID, x.Status, x.AfterS})
	}
	for _, x := range res.Feeds {
		r.Feeds = append(r.Feeds, refFeed{x.ID, x.Status, x.AfterS, nz(x.LostAt), nz(x.StillAt)})
	}
	for _, x := range res.SafetyVisibility {
		r.Safety = append(r.Safety, refFeed{x.Feed, x.Status, x.AfterS, nz(x.LostAt), nz(x.StillAt)})
	}
	for _, x := range res.Assets {
		r.Assets = append(r.Assets, refItem{x.ID, x.Status, x.AfterS})
	}
	if res.Attacker != nil {
		r.Attacker = &refAttacker{nz(res.Attacker.Compromised), nz(res.Attacker.ProtectedReachableBefore), nz(res.Attacker.ProtectedReachableAfter)}
	}
	return r
}

// lines renders a result compactly, one item a line.
func (r *refResult) lines() []string {
	out := []string{}
	for _, x := range r.Stations {
		out = append(out, fmt.Sprintf("station %s %s %d", x.ID, x.Status, x.AfterS))
	}
	for _, x := range r.Feeds {
		out = append(out, fmt.Sprintf("feed %s %s %d lost=%v still=%v", x.ID, x.Status, x.AfterS, x.LostAt, x.StillAt))
	}
	for _, x := range r.Safety {
		out = append(out, fmt.Sprintf("safety %s %s %d lost=%v still=%v", x.ID, x.Status, x.AfterS, x.LostAt, x.StillAt))
	}
	for _, x := range r.Assets {
		out = append(out, fmt.Sprintf("asset %s %s %d", x.ID, x.Status, x.AfterS))
	}
	if r.Attacker != nil {
		out = append(out, fmt.Sprintf("attacker compromised=%v before=%v after=%v", r.Attacker.Compromised, r.Attacker.Before, r.Attacker.After))
	}
	return out
}

// ---------------------------------------------------------------------------
// Random models.

var refGenKinds = []struct {
	kind, abbr string
	weight     int
}{
	{KindOperatorStation, "HMI", 5},
	{KindPLC, "PLC", 2},
	{KindFirewall, "FW", 2},
	{KindDataDiode, "DD", 1},
	{KindSIS, "SIS", 1},
	{KindDomainController, "DC", 2},
	{KindServer, "SRV", 2},
	{KindSCADAServer, "SCADA", 2},
	{KindHistorian, "HIST", 1},
	{KindDNS, "DNS", 1},
	{KindSwitch, "SW", 1},
	{KindRouter, "RT", 1},
	{KindRTU, "RTU", 1},
	{KindEngineeringStation, "EWS", 1},
	{KindWorkstation, "WS", 1},
}

func refPick[T any](rng *rand.Rand, s []T) T { return s[rng.Intn(len(s))] }

// refSpell sometimes changes the case of a reference: ids match
// case-insensitively.
func refSpell(rng *rand.Rand, id string) string {
	if rng.Intn(10) == 0 {
		return strings.ToLower(id)
	}
	return id
}

// refDistinct picks up to n distinct ids.
func refDistinct(rng *rand.Rand, pool []string, n int) []string {
	perm := rng.Perm(len(pool))
	if n > len(pool) {
		n = len(pool)
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = pool[perm[i]]
	}
	return out
}

// randomModel builds a random resolved model, 0–3 random actions and, in the
// third result, either nothing or one compromised selector ("asset:X" or
// "zone:Z" naming at least one asset). It returns a nil model when Resolve
// finds problems.
func randomModel(rng *rand.Rand) (*Model, []Action, []string) {
	m := &Model{Source: "random"}
	nz := 1 + rng.Intn(6)
	// Dense models (few zones, many conduits) keep more of the site
	// reachable, so that losses come later and through redundancy.
	dense := rng.Intn(10) < 4
	if dense {
		nz = 1 + rng.Intn(3)
	}
	levels := []float64{NoLevel, NoLevel, 0, 1, 2, 3, 3.5, 4, 5}
	var zonePool []string
	for i := 0; i < nz; i++ {
		id := fmt.Sprintf("Z%d", i)
		m.Zones = append(m.Zones, Zone{ID: id, Level: refPick(rng, levels)})
		zonePool = append(zonePool, id)
	}

	na := 3 + rng.Intn(23)
	total := 0
	for _, k := range refGenKinds {
		total += k.weight
	}
	var ids, boundary, stations []string
	implicit := false
	for i := 0; i < na; i++ {
		x := rng.Intn(total)
		kind := refGenKinds[0]
		for _, k := range refGenKinds {
			if x < k.weight {
				kind = k
				break
			}
			x -= k.weight
		}
		id := fmt.Sprintf("%s%d", kind.abbr, i)
		a := Asset{ID: id, Kind: kind.kind, Owner: refPick(rng, []string{"IT", "OT", "Vendor"}), Safety: rng.Intn(7) == 0}
		switch r := rng.Intn(20); {
		case r < 2: // in no zone
		case r < 5: // multi-homed
			for _, z := range refDistinct(rng, zonePool, 2+rng.Intn(2)) {
				a.Zones = append(a.Zones, refSpell(rng, z))
			}
		default:
			a.Zones = []string{refSpell(rng, refPick(rng, zonePool))}
		}
		if rng.Intn(25) == 0 { // a zone the Zones sheet lacks
			a.Zones = append(a.Zones, "ZX")
			implicit = true
		}
		m.Assets = append(m.Assets, a)
		ids = append(ids, id)
		if IsBoundaryKind(kind.kind) {
			boundary = append(boundary, id)
		}
		if kind.kind == KindOperatorStation {
			stations = append(stations, id)
		}
	}
	if implicit {
		zonePool = append(zonePool, "ZX")
	}

	viaDevice := func() string {
		if len(boundary) > 0 && rng.Intn(10) < 7 {
			return refPick(rng, boundary)
		}
		return refPick(rng, ids)
	}
	nc := rng.Intn(2*len(zonePool) + 1)
	if dense {
		nc = len(zonePool) + rng.Intn(2*len(zonePool)+1)
	}
	for i := 0; i < nc; i++ {
		c := Conduit{ID: fmt.Sprintf("C%d", i), From: refPick(rng, zonePool), To: refPick(rng, zonePool), OneWay: rng.Intn(10) < 3}
		if rng.Intn(10) == 0 {
			c.To = c.From // a conduit between a zone and itself
		}
		c.From, c.To = refSpell(rng, c.From), refSpell(rng, c.To)
		switch r := rng.Intn(20); {
		case r < 9:
		case r < 15:
			c.Via = []string{refSpell(rng, viaDevice())}
		default: // a redundant pair
			v1, v2 := viaDevice(), viaDevice()
			for tries := 0; Key(v1) == Key(v2) && tries < 10; tries++ {
				v2 = viaDevice()
			}
			c.Via = []string{refSpell(rng, v1), refSpell(rng, v2)}
		}
		if rng.Intn(10) == 0 {
			c.ID = "" // becomes FROM-TO
		}
		m.Conduits = append(m.Conduits, c)
	}

	graces := []int64{0, 0, 1000, 30 * 60 * 1000, 8 * 3600 * 1000, 0, 1000, 30 * 60 * 1000, 8 * 3600 * 1000, 1500}
	nd := rng.Intn(na + na/2 + 1)
	for i := 0; i < nd; i++ {
		consumer := refPick(rng, ids)
		provs := refDistinct(rng, ids, 1+rng.Intn(3))
		if rng.Intn(20) == 0 && !refHas(provs, consumer) {
			provs[0] = consumer // self-dependency
		}
		for j := range provs {
			provs[j] = refSpell(rng, provs[j])
		}
		m.Dependencies = append(m.Dependencies, Dependency{
			Consumer:  refSpell(rng, consumer),
			Providers: provs,
			Service:   refPick(rng, []string{"auth", "dns", "data", "ntp", "license"}),
			Need:      1 + rng.Intn(len(provs)),
			GraceMS:   refPick(rng, graces),
		})
	}

	nf := rng.Intn(6)
	for i := 0; i < nf; i++ {
		alts := func() []string {
			out := refDistinct(rng, ids, 1+rng.Intn(2))
			for j := range out {
				out[j] = refSpell(rng, out[j])
			}
			return out
		}
		f := Feed{ID: fmt.Sprintf("F%d", i), Source: alts(), Safety: rng.Intn(10) < 3,
			Kind: refPick(rng, []string{FeedView, FeedView, FeedView, FeedControl, FeedControl, ""})}
		for h := rng.Intn(4); h > 0; h-- {
			f.Via = append(f.Via, alts())
		}
		for n := 1 + rng.Intn(3); n > 0; n-- {
			k := refPick(rng, ids)
			if len(stations) > 0 && rng.Intn(10) < 6 {
				k = refPick(rng, stations)
			}
			if !refHas(f.To, k) {
				f.To = append(f.To, k)
			}
		}
		for j := range f.To {
			f.To[j] = refSpell(rng, f.To[j])
		}
		m.Feeds = append(m.Feeds, f)
	}

	if probs := m.Resolve(false); len(probs) > 0 {
		return nil, nil, nil
	}

	var actions []Action
	for n := rng.Intn(4); n > 0; n-- {
		switch r := rng.Intn(5); {
		case r == 4 && len(m.Conduits) > 0:
			actions = append(actions, Action{Verb: Cut, Target: "conduit:" + refSpell(rng, refPick(rng, m.Conduits).ID)})
		case r == 2 || r == 3:
			verb := Shutdown
			if r == 3 {
				verb = Isolate
			}
			actions = append(actions, Action{Verb: verb, Target: "zone:" + refSpell(rng, refPick(rng, m.Zones).ID)})
		default:
			verb := Shutdown
			if r == 1 {
				verb = Isolate
			}
			target := refPick(rng, ids)
			if len(boundary) > 0 && rng.Intn(4) == 0 {
				target = refPick(rng, boundary) // often a via device
			}
			actions = append(actions, Action{Verb: verb, Target: "asset:" + refSpell(rng, target)})
		}
	}

	var compromised []string
	if rng.Intn(10) < 4 {
		if rng.Intn(2) == 0 {
			compromised = []string{"asset:" + refSpell(rng, refPick(rng, ids))}
		} else {
			var used []string
			for _, z := range m.Zones {
				if len(refSelectAssets(m, "zone:"+z.ID)) > 0 {
					used = append(used, z.ID)
				}
			}
			if len(used) > 0 {
				compromised = []string{"zone:" + refSpell(rng, refPick(rng, used))}
			}
		}
	}
	return m, actions, compromised
}

func refDur(ms int64) string { return (time.Duration(ms) * time.Millisecond).String() }

// refDump prints a model, its actions and the compromised selector compactly.
func refDump(m *Model, actions []Action, compromised string) string {
	var b strings.Builder
	b.WriteString("zones:")
	for _, z := range m.Zones {
		if z.Level == NoLevel {
			fmt.Fprintf(&b, " %s(L?)", z.ID)
		} else {
			fmt.Fprintf(&b, " %s(L%g)", z.ID, z.Level)
		}
	}
	b.WriteString("\nassets:")
	for _, a := range m.Assets {
		fmt.Fprintf(&b, " %s[%s]{%s}", a.ID, a.Kind, strings.Join(a.Zones, "|"))
		if a.Safety {
			b.WriteString("!safety")
		}
	}
	b.WriteString("\n")
	for _, c := range m.Conduits {
		dir := "<->"
		if c.OneWay {
			dir = "->"
		}
		fmt.Fprintf(&b, "conduit %s: %s %s %s", c.ID, c.From, dir, c.To)
		if len(c.Via) > 0 {
			fmt.Fprintf(&b, " via %s", strings.Join(c.Via, "|"))
		}
		b.WriteString("\n")
	}
	for _, d := range m.Dependencies {
		fmt.Fprintf(&b, "dep %s needs %d of %s grace %s\n", d.Consumer, d.Need, strings.Join(d.Providers, "|"), refDur(d.GraceMS))
	}
	for _, f := range m.Feeds {
		path := []string{strings.Join(f.Source, "|")}
		for _, h := range f.Via {
			path = append(path, strings.Join(h, "|"))
		}
		fmt.Fprintf(&b, "feed %s %s safety=%v: %s => %s\n", f.ID, f.Kind, f.Safety, strings.Join(path, " > "), strings.Join(f.To, "|"))
	}
	for _, a := range actions {
		fmt.Fprintf(&b, "action: %s\n", a)
	}
	if compromised != "" {
		fmt.Fprintf(&b, "compromised: %s\n", compromised)
	}
	return b.String()
}

// refClone deep-copies the parts of a model the simulation reads.
func refClone(m *Model) *Model {
	c := &Model{Source: m.Source}
	for _, a := range m.Assets {
		a.Zones = append([]string(nil), a.Zones...)
		c.Assets = append(c.Assets, a)
	}
	c.Zones = append([]Zone(nil), m.Zones...)
	for _, x := range m.Conduits {
		x.Via = append([]string(nil), x.Via...)
		c.Conduits = append(c.Conduits, x)
	}
	for _, d := range m.Dependencies {
		d.Providers = append([]string(nil), d.Providers...)
		c.Dependencies = append(c.Dependencies, d)
	}
	for _, f := range m.Feeds {
		f.Source = append([]string(nil), f.Source...)
		f.To = append([]string(nil), f.To...)
		var via [][]string
		for _, h := range f.Via {
			via = append(via, append([]string(nil), h...))
		}
		f.Via = via
		c.Feeds = append(c.Feeds, f)
	}
	return c
}

// refCase is one random case: a resolved model, actions, a compromised
// selector ("" for none).
type refCase struct {
	m           *Model
	actions     []Action
	compromised string
}

// refCheck runs both sides on a fresh copy of the case. ok is false when the
// case is not valid (the model has problems, or the engine rejects it).
func refCheck(c refCase) (diff string, want, got *refResult, ok bool, err error) {
	m := refClone(c.m)
	if probs := m.Resolve(false); len(probs) > 0 {
		return "", nil, nil, false, nil
	}
	var comp []string
	if c.compromised != "" {
		if comp = refSelectAssets(m, c.compromised); len(comp) == 0 {
			return "", nil, nil, false, nil
		}
	}
	res, err := m.Simulate(c.actions, Options{Compromised: c.compromised})
	if err != nil {
		return "", nil, nil, false, err
	}
	want = refSimulate(m, c.actions, comp)
	got = refFromResult(res)
	return cmp.Diff(want, got), want, got, true, nil
}

// refTally counts what the reference found, to show that the random models
// reach every kind of answer.
func refTally(stats map[string]int, r *refResult) {
	when := func(s int64) string {
		if s == 0 {
			return "at 0"
		}
		return "later"
	}
	for _, x := range r.Stations {
		stats["station "+x.Status+" "+when(x.AfterS)]++
	}
	for _, x := range r.Feeds {
		stats["feed "+x.Status+" "+when(x.AfterS)]++
	}
	for _, x := range r.Safety {
		stats["safety "+x.Status+" "+when(x.AfterS)]++
	}
	for _, x := range r.Assets {
		stats["asset "+x.Status+" "+when(x.AfterS)]++
	}
	if a := r.Attacker; a != nil {
		switch {
		case len(a.Before) == 0:
			stats["attacker reaches nothing"]++
		case len(a.After) < len(a.Before):
			stats["attacker reach reduced"]++
		default:
			stats["attacker reach kept"]++
		}
	}
}

// refSize measures a case for shrinking.
func refSize(c refCase) int {
	n := len(c.actions) + len(c.m.Assets) + len(c.m.Zones)
	if c.compromised != "" {
		n++
	}
	for _, a := range c.m.Assets {
		n += len(a.Zones)
		if a.Safety {
			n++
		}
	}
	for _, z := range c.m.Zones {
		if z.Level != NoLevel {
			n++
		}
	}
	for _, x := range c.m.Conduits {
		n += 1 + len(x.Via)
		if x.OneWay {
			n++
		}
	}
	for _, d := range c.m.Dependencies {
		n += 1 + len(d.Providers) + d.Need
		if d.GraceMS != 0 {
			n++
		}
	}
	for _, f := range c.m.Feeds {
		n += 1 + len(f.Source) + len(f.To)
		for _, h := range f.Via {
			n += 1 + len(h)
		}
		if f.Safety {
			n++
		}
	}
	return n
}

// refShrink removes parts of a failing case while the two sides still
// disagree, to find a small reproduction.
func refShrink(c refCase) refCase {
	fails := func(x refCase) bool {
		d, _, _, ok, err := refCheck(x)
		return ok && err == nil && d != ""
	}
	for progress := true; progress; {
		progress = false
		var cands []refCase
		add := func(edit func(x *refCase)) {
			x := refCase{m: refClone(c.m), actions: append([]Action(nil), c.actions...), compromised: c.compromised}
			edit(&x)
			cands = append(cands, x)
		}
		for i := range c.actions {
			add(func(x *refCase) { x.actions = append(x.actions[:i:i], x.actions[i+1:]...) })
		}
		if c.compromised != "" {
			add(func(x *refCase) { x.compromised = "" })
		}
		for i, d := range c.m.Dependencies {
			add(func(x *refCase) { x.m.Dependencies = append(x.m.Dependencies[:i:i], x.m.Dependencies[i+1:]...) })
			for j := range d.Providers {
				if len(d.Providers) > 1 {
					add(func(x *refCase) {
						dd := &x.m.Dependencies[i]
						dd.Providers = append(dd.Providers[:j:j], dd.Providers[j+1:]...)
						dd.Need = refMin(dd.Need, len(dd.Providers))
					})
				}
			}
			if d.Need > 1 {
				add(func(x *refCase) { x.m.Dependencies[i].Need-- })
			}
			if d.GraceMS != 0 {
				add(func(x *refCase) { x.m.Dependencies[i].GraceMS = 0 })
			}
		}
		for i, f := range c.m.Feeds {
			add(func(x *refCase) { x.m.Feeds = append(x.m.Feeds[:i:i], x.m.Feeds[i+1:]...) })
			for h := range f.Via {
				add(func(x *refCase) { ff := &x.m.Feeds[i]; ff.Via = append(ff.Via[:h:h], ff.Via[h+1:]...) })
				for j := range f.Via[h] {
					if len(f.Via[h]) > 1 {
						add(func(x *refCase) { hh := &x.m.Feeds[i].Via[h]; *hh = append((*hh)[:j:j], (*hh)[j+1:]...) })
					}
				}
			}
			for j := range f.Source {
				if len(f.Source) > 1 {
					add(func(x *refCase) { s := &x.m.Feeds[i].Source; *s = append((*s)[:j:j], (*s)[j+1:]...) })
				}
			}
			for j := range f.To {
				if len(f.To) > 1 {
					add(func(x *refCase) { s := &x.m.Feeds[i].To; *s = append((*s)[:j:j], (*s)[j+1:]...) })
				}
			}
			if f.Safety {
				add(func(x *refCase) { x.m.Feeds[i].Safety = false })
			}
		}
		for i, cd := range c.m.Conduits {
			add(func(x *refCase) { x.m.Conduits = append(x.m.Conduits[:i:i], x.m.Conduits[i+1:]...) })
			for j := range cd.Via {
				add(func(x *refCase) { v := &x.m.Conduits[i].Via; *v = append((*v)[:j:j], (*v)[j+1:]...) })
			}
			if cd.OneWay {
				add(func(x *refCase) { x.m.Conduits[i].OneWay = false })
			}
		}
		for i, a := range c.m.Assets {
			add(func(x *refCase) { x.m.Assets = append(x.m.Assets[:i:i], x.m.Assets[i+1:]...) })
			for j := range a.Zones {
				add(func(x *refCase) { z := &x.m.Assets[i].Zones; *z = append((*z)[:j:j], (*z)[j+1:]...) })
			}
			if a.Safety {
				add(func(x *refCase) { x.m.Assets[i].Safety = false })
			}
		}
		for i, z := range c.m.Zones {
			add(func(x *refCase) { x.m.Zones = append(x.m.Zones[:i:i], x.m.Zones[i+1:]...) })
			if z.Level != NoLevel {
				add(func(x *refCase) { x.m.Zones[i].Level = NoLevel })
			}
		}
		for _, x := range cands {
			m := refClone(x.m)
			m.Resolve(false)
			x.m = m
			// Only a strictly smaller case counts (dropping a zone that an
			// asset names brings it back, implicitly).
			if refSize(x) < refSize(c) && fails(x) {
				c = x
				progress = true
				break
			}
		}
	}
	return c
}

func TestSimulateAgreesWithReference(t *testing.T) {
	const cases = 3000
	var failing []int64
	ran, withActions, withAttacker := 0, 0, 0
	reported := 0
	stats := map[string]int{}
	for seed := int64(1); seed <= cases; seed++ {
		rng := rand.New(rand.NewSource(seed))
		m, actions, comp := randomModel(rng)
		if m == nil {
			continue
		}
		c := refCase{m: refClone(m), actions: actions}
		if len(comp) > 0 {
			c.compromised = comp[0]
		}
		diff, want, got, ok, err := refCheck(c)
		if err != nil {
			t.Errorf("seed %d: Simulate: %v\n%s", seed, err, refDump(m, actions, c.compromised))
			continue
		}
		if !ok {
			continue
		}
		ran++
		refTally(stats, want)
		if len(actions) > 0 {
			withActions++
		}
		if c.compromised != "" {
			withAttacker++
		}
		if diff == "" {
			continue
		}
		failing = append(failing, seed)
		if reported < 6 {
			reported++
			s := refShrink(c)
			sdiff, swant, sgot, _, _ := refCheck(s)
			t.Errorf("seed %d: engine and reference disagree (-reference +engine):\n%s\nmodel:\n%s\nreference:\n  %s\nengine:\n  %s\n\nshrunk:\n%s\nreference:\n  %s\nengine:\n  %s\ndiff (-reference +engine):\n%s",
				seed, diff, refDump(m, actions, c.compromised),
				strings.Join(want.lines(), "\n  "), strings.Join(got.lines(), "\n  "),
				refDump(s.m, s.actions, s.compromised),
				strings.Join(swant.lines(), "\n  "), strings.Join(sgot.lines(), "\n  "), sdiff)
		}
	}
	t.Logf("%d cases ran (%d with actions, %d with an attacker)", ran, withActions, withAttacker)
	var keys []string
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("  %-32s %d", k, stats[k])
	}
	if ran < cases*9/10 {
		t.Errorf("only %d of %d random models were valid", ran, cases)
	}
	if len(failing) > 0 {
		t.Errorf("%d of %d cases disagree; seeds: %v", len(failing), ran, failing)
	}
}

// ---------------------------------------------------------------------------
// Hand-computed cases: the reference itself against answers worked out by
// hand from the rules, and the engine against the same answers.

type refHand struct {
	name        string
	m           *Model
	actions     []string // "verb target"
	compromised string
	want        []string // refResult.lines(), in that order
}

func refA(id, kind string, zones ...string) Asset {
	return Asset{ID: id, Kind: kind, Zones: zones, Owner: "OT"}
}

func refDep(consumer string, need int, grace time.Duration, providers ...string) Dependency {
	return Dependency{Consumer: consumer, Providers: providers, Need: need, GraceMS: grace.Milliseconds()}
}

func refHandCases() []refHand {
	// A domain controller that needs DNS that needs the domain controller,
	// and an operator station that needs the domain controller.
	cycle := func() *Model {
		return &Model{
			Zones:  []Zone{{ID: "L3", Level: 3}},
			Assets: []Asset{refA("DC1", KindDomainController, "L3"), refA("DNS1", KindDNS, "L3"), refA("HMI1", KindOperatorStation, "L3")},
			Dependencies: []Dependency{
				refDep("DC1", 1, 0, "DNS1"), refDep("DNS1", 1, 0, "DC1"), refDep("HMI1", 1, 8*time.Hour, "DC1"),
			},
		}
	}
	needTwo := func() *Model {
		return &Model{
			Zones:        []Zone{{ID: "L3", Level: 3}},
			Assets:       []Asset{refA("HMI1", KindOperatorStation, "L3"), refA("S1", KindServer, "L3"), refA("S2", KindServer, "L3"), refA("S3", KindServer, "L3")},
			Dependencies: []Dependency{refDep("HMI1", 2, 30*time.Minute, "S1", "S2", "S3")},
		}
	}
	graceChain := &Model{
		Zones:  []Zone{{ID: "L3", Level: 3}},
		Assets: []Asset{refA("HMI1", KindOperatorStation, "L3"), refA("HIST1", KindHistorian, "L3"), refA("DC1", KindDomainController, "L3"), refA("DNS1", KindDNS, "L3")},
		Dependencies: []Dependency{
			refDep("HMI1", 1, 30*time.Minute, "HIST1"), refDep("HIST1", 1, 8*time.Hour, "DC1"), refDep("DC1", 1, time.Second, "DNS1"),
		},
	}
	// A data diode from L1 to L3: the historian's request cannot get an
	// answer, but telemetry flows up; commands down do not.
	oneWay := &Model{
		Zones:        []Zone{{ID: "L1", Level: 1}, {ID: "L3", Level: 3}},
		Assets:       []Asset{refA("PLC1", KindPLC, "L1"), refA("HIST1", KindHistorian, "L3"), refA("HMI1", KindOperatorStation, "L3"), refA("DD1", KindDataDiode, "L1", "L3")},
		Conduits:     []Conduit{{ID: "D1", From: "L1", To: "L3", Via: []string{"DD1"}, OneWay: true}},
		Dependencies: []Dependency{refDep("HIST1", 1, 0, "PLC1")},
		Feeds: []Feed{
			{ID: "F1", Source: []string{"PLC1"}, To: []string{"HMI1"}, Kind: FeedView, Safety: true},
			{ID: "F2", Source: []string{"HMI1"}, To: []string{"PLC1"}, Kind: FeedControl},
		},
	}
	// Zones A - B - C: nothing routes from A to C; a hop in B carries it.
	noRouting := &Model{
		Zones:    []Zone{{ID: "A", Level: 2}, {ID: "B", Level: 3}, {ID: "C", Level: 3}},
		Assets:   []Asset{refA("SCADA1", KindSCADAServer, "A"), refA("SRV1", KindServer, "B"), refA("HMI1", KindOperatorStation, "C")},
		Conduits: []Conduit{{ID: "AB", From: "A", To: "B"}, {ID: "BC", From: "B", To: "C"}},
		Feeds: []Feed{
			{ID: "F1", Source: []string{"SCADA1"}, To: []string{"HMI1"}, Kind: FeedView},
			{ID: "F2", Source: []string{"SCADA1"}, Via: [][]string{{"SRV1"}}, To: []string{"HMI1"}, Kind: FeedView},
		},
	}
	redundantVia := func() *Model {
		return &Model{
			Zones:        []Zone{{ID: "IT", Level: 4}, {ID: "OT", Level: 2}},
			Assets:       []Asset{refA("FW1", KindFirewall, "IT", "OT"), refA("FW2", KindFirewall, "IT", "OT"), refA("DC1", KindDomainController, "IT"), refA("HMI1", KindOperatorStation, "OT")},
			Conduits:     []Conduit{{ID: "IT-OT", From: "IT", To: "OT", Via: []string{"FW1", "FW2"}}},
			Dependencies: []Dependency{refDep("HMI1", 1, 0, "DC1")},
		}
	}
	// A firewall in IT and in the cell zone: reached, but no pivot.
	boundary := func(extra ...Asset) *Model {
		return &Model{
			Zones:  []Zone{{ID: "IT", Level: 4}, {ID: "CELL", Level: 1}},
			Assets: append([]Asset{refA("WS1", KindWorkstation, "IT"), refA("FW1", KindFirewall, "IT", "CELL"), refA("PLC1", KindPLC, "CELL")}, extra...),
		}
	}
	viaServer := boundary(refA("SRV1", KindServer, "IT", "CELL"))
	viaServer.Conduits = []Conduit{{ID: "C1", From: "IT", To: "CELL", Via: []string{"SRV1"}, OneWay: true}}
	// With the conduit the workstation reaches the cell directly, through
	// the server (a via device) but not by pivoting on it.
	isolatedConsumer := &Model{
		Zones:  []Zone{{ID: "L2", Level: 2}},
		Assets: []Asset{refA("SCADA1", KindSCADAServer, "L2"), refA("HMI1", KindOperatorStation, "L2"), refA("HMI2", KindOperatorStation, "L2")},
		Feeds:  []Feed{{ID: "F1", Source: []string{"SCADA1"}, To: []string{"HMI1", "HMI2"}, Kind: FeedView, Safety: true}},
	}
	return []refHand{
		{name: "cycle stands", m: cycle(), want: []string{}},
		{name: "cycle broken from outside", m: cycle(), actions: []string{"shutdown asset:DNS1"}, want: []string{
			"station HMI1 lost 28800",
			"asset DC1 lost 0", "asset DNS1 shutdown 0", "asset HMI1 lost 28800",
		}},
		{name: "need 2 of 3, one gone", m: needTwo(), actions: []string{"shutdown asset:S1"}, want: []string{
			"station HMI1 degraded 0",
			"asset HMI1 degraded 0", "asset S1 shutdown 0",
		}},
		{name: "need 2 of 3, two gone", m: needTwo(), actions: []string{"shutdown asset:S1", "isolate asset:s2"}, want: []string{
			"station HMI1 lost 1800",
			"asset HMI1 lost 1800", "asset S1 shutdown 0", "asset S2 isolated 0",
		}},
		{name: "grace chains add up", m: graceChain, actions: []string{"shutdown asset:DNS1"}, want: []string{
			"station HMI1 lost 30601",
			"asset DC1 lost 1", "asset DNS1 shutdown 0", "asset HIST1 lost 28801", "asset HMI1 lost 30601",
		}},
		{name: "one-way conduit blocks a dependency, lets a feed through", m: oneWay, want: []string{
			"feed F2 lost 0 lost=[PLC1] still=[]",
			"asset HIST1 lost 0",
		}},
		{name: "no routing across two conduits", m: noRouting, want: []string{
			"station HMI1 degraded 0",
			"feed F1 lost 0 lost=[HMI1] still=[]",
		}},
		{name: "redundant via pair survives one shutdown", m: redundantVia(), actions: []string{"shutdown asset:FW1"}, want: []string{
			"asset FW1 shutdown 0",
		}},
		{name: "redundant via pair: both gone", m: redundantVia(), actions: []string{"shutdown asset:FW1", "isolate asset:FW2"}, want: []string{
			"station HMI1 lost 0",
			"asset FW1 shutdown 0", "asset FW2 isolated 0", "asset HMI1 lost 0",
		}},
		{name: "isolating a zone cuts its conduits", m: redundantVia(), actions: []string{"isolate zone:ot"}, want: []string{
			"station HMI1 lost 0",
			"asset HMI1 lost 0",
		}},
		{name: "boundary device reached but not a pivot", m: boundary(), compromised: "asset:WS1", want: []string{
			"attacker compromised=[WS1] before=[FW1] after=[FW1]",
		}},
		{name: "a multi-homed host is a pivot", m: boundary(refA("EWS1", KindEngineeringStation, "IT", "CELL")), compromised: "asset:WS1",
			actions: []string{"isolate asset:EWS1"}, want: []string{
				"asset EWS1 isolated 0",
				"attacker compromised=[WS1] before=[EWS1 FW1 PLC1] after=[FW1]",
			}},
		{name: "a compromised boundary device is a foothold", m: boundary(), compromised: "asset:FW1", want: []string{
			"attacker compromised=[FW1] before=[PLC1] after=[PLC1]",
		}},
		{name: "a via device is a boundary device", m: viaServer, compromised: "zone:IT", actions: []string{"cut conduit:C1"}, want: []string{
			"attacker compromised=[FW1 SRV1 WS1] before=[PLC1] after=[PLC1]",
		}},
		{name: "a via device is a boundary device, seen from one host", m: viaServer, compromised: "asset:WS1", actions: []string{"cut conduit:C1"}, want: []string{
			"attacker compromised=[WS1] before=[FW1 PLC1 SRV1] after=[FW1 SRV1]",
		}},
		{name: "an isolated consumer misses the feed", m: isolatedConsumer, actions: []string{"isolate asset:HMI1"}, want: []string{
			"station HMI1 lost 0",
			"feed F1 degraded 0 lost=[HMI1] still=[HMI2]",
			"safety F1 degraded 0 lost=[HMI1] still=[HMI2]",
			"asset HMI1 isolated 0",
		}},
	}
}

func refParseActions(t *testing.T, specs []string) []Action {
	var out []Action
	for _, s := range specs {
		verb, target, _ := strings.Cut(s, " ")
		v, err := ParseVerb(verb)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Action{Verb: v, Target: target})
	}
	return out
}

func TestReferenceHandCases(t *testing.T) {
	for _, hc := range refHandCases() {
		t.Run(hc.name, func(t *testing.T) {
			m := refClone(hc.m)
			if probs := m.Resolve(false); len(probs) > 0 {
				t.Fatalf("model has problems: %v", probs)
			}
			actions := refParseActions(t, hc.actions)
			var comp []string
			if hc.compromised != "" {
				comp = refSelectAssets(m, hc.compromised)
			}
			got := refSimulate(m, actions, comp).lines()
			if d := cmp.Diff(hc.want, got); d != "" {
				t.Errorf("reference (-hand +reference):\n%s", d)
			}
		})
	}
}

// TestReferenceHandCasesEngine holds the engine to the same hand answers.
func TestReferenceHandCasesEngine(t *testing.T) {
	for _, hc := range refHandCases() {
		t.Run(hc.name, func(t *testing.T) {
			m := refClone(hc.m)
			if probs := m.Resolve(false); len(probs) > 0 {
				t.Fatalf("model has problems: %v", probs)
			}
			res, err := m.Simulate(refParseActions(t, hc.actions), Options{Compromised: hc.compromised})
			if err != nil {
				t.Fatal(err)
			}
			got := refFromResult(res).lines()
			if d := cmp.Diff(hc.want, got); d != "" {
				t.Errorf("engine (-hand +engine):\n%s\nmodel:\n%s", d, refDump(m, refParseActions(t, hc.actions), hc.compromised))
			}
		})
	}
}
