package graph

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// RankSchema names the ranking's JSON contract.
const RankSchema = "otimpact/rank/v1"

// RankOptions choose the actions a ranking tries and what it counts.
type RankOptions struct {
	// Verbs are the actions to try: shutdown (each asset), isolate (each
	// asset and each zone), cut (each conduit). Empty: all of them.
	Verbs []Verb
	// Within, when Limited, counts only what is lost or degraded by Within
	// milliseconds after the action: each operator station, feed and safety
	// view counts as it stands then — lost if it is lost by then, degraded if
	// it is not lost but degraded by then, not at all otherwise — and the
	// earliest loss is the earliest of those.
	Within  int64
	Limited bool
	// KeepHarmless lists the harmless actions too, after the others.
	KeepHarmless bool
	// Workers is how many actions are assessed at once; 0: one per CPU.
	Workers int
	// Progress, when set, is told how many of the actions have been
	// assessed so far; it is called from one goroutine at a time.
	Progress func(done, total int)
}

// Ranking is every single action, most harmful first: the architect's list
// of single points of failure.
type Ranking struct {
	Schema string    `json:"schema"`
	Model  ModelInfo `json:"model"`
	// WithinS is the --within limit in seconds, when there is one.
	WithinS *int64 `json:"within_s,omitempty"`
	// Candidates counts the actions tried; Harmless those that take nothing
	// away (left out of Items unless asked for).
	Candidates int        `json:"candidates"`
	Harmless   int        `json:"harmless"`
	Items      []RankItem `json:"items"`

	// NoAction is what is lost or degraded with no action at all: every
	// action's counts include it, since statuses are absolute.
	NoAction RankItem `json:"-"`
}

// RankItem is one action and what it costs operations.
type RankItem struct {
	Action  string  `json:"action"`
	Target  string  `json:"target"`
	Summary Summary `json:"summary"`
	// EarliestAfterS is when operations first lose something — an operator
	// station, a feed or a safety view, lost or degraded — in seconds after
	// the action; null when nothing is.
	EarliestAfterS *int64 `json:"earliest_after_s"`

	// Name is the target's name, for readers.
	Name string `json:"-"`
	// Harmless is true when the action takes nothing away: the same counts
	// and the same earliest loss, in whole seconds, as no action at all.
	Harmless bool `json:"-"`
}

// Degraded counts the degraded operator stations and feeds; a degraded
// safety view is one of those feeds and is not counted twice.
func (s Summary) Degraded() int { return s.OperatorStationsDegraded + s.FeedsDegraded }

// Rank simulates every single action — shut down each asset, isolate each
// asset, isolate each zone, cut each conduit — and orders them most harmful
// first: more safety views lost, then more operator stations lost, then
// more feeds lost, then more degraded operator stations and feeds, then the
// earlier first loss, then by action and target. Each action's counts are
// those of Simulate with that action alone; the actions are assessed
// incrementally from the simulation with no action (incremental.go), so a
// ranking costs about what the actions' impacts add up to.
func (m *Model) Rank(opts RankOptions) (*Ranking, error) {
	if m.ix == nil {
		return nil, errors.New("model is not resolved")
	}
	try := map[Verb]bool{}
	for _, v := range opts.Verbs {
		switch v {
		case Shutdown, Isolate, Cut:
			try[v] = true
		default:
			return nil, fmt.Errorf("unknown action %q (use shutdown, isolate or cut)", v)
		}
	}
	if len(try) == 0 {
		try = map[Verb]bool{Shutdown: true, Isolate: true, Cut: true}
	}
	if opts.Limited && opts.Within < 0 {
		return nil, errors.New("--within must not be negative")
	}
	b, err := m.baseline()
	if err != nil {
		return nil, err
	}
	within := Never
	rk := &Ranking{Schema: RankSchema, Items: []RankItem{}}
	if opts.Limited {
		within = opts.Within
		s := within / 1000
		rk.WithinS = &s
	}
	rk.Model = ModelInfo{
		Source: m.Source, Assets: len(m.Assets), Zones: len(m.Zones), Conduits: len(m.Conduits),
		Dependencies: len(m.Dependencies), Feeds: len(m.Feeds), SkippedRows: m.Skipped, Sheets: m.Sheets,
	}
	for _, w := range m.Warnings {
		rk.Model.Warnings = append(rk.Model.Warnings, w.Error())
	}

	cands := m.singleActions(try)
	rk.Candidates = len(cands)
	nb := b.noAction(within)
	outs := b.assessAll(cands, nb, opts)
	rk.NoAction = RankItem{Summary: nb.sum, EarliestAfterS: afterS(nb.earliest)}
	// Order the outcomes before making items of them: the candidates come
	// in the order of their action and target text, so a candidate's
	// number breaks the last ties.
	order := make([]int32, 0, len(cands))
	for i, o := range outs {
		// Harmless as the ranking shows it: the same counts and the same
		// first loss in whole seconds as with no action.
		if o.sum == nb.sum && o.earliest/1000 == nb.earliest/1000 {
			rk.Harmless++
			outs[i].harmless = true
			if !opts.KeepHarmless {
				continue
			}
		}
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(i, j int32) int {
		if c := compareOutcomes(outs[i], outs[j]); c != 0 {
			return c
		}
		return int(i - j)
	})
	rk.Items = make([]RankItem, len(order))
	for n, i := range order {
		o := outs[i]
		verb, target, name := m.selectorOf(cands[i])
		rk.Items[n] = RankItem{Action: string(verb), Target: target, Name: name,
			Summary: o.sum, EarliestAfterS: afterS(o.earliest), Harmless: o.harmless}
	}
	return rk, nil
}

// compareOutcomes orders two actions' outcomes: harmful before harmless,
// then more safety views lost, stations lost, feeds lost, degraded items,
// then the earlier first loss in seconds (none last).
func compareOutcomes(a, b rankOutcome) int {
	if a.harmless != b.harmless {
		if b.harmless {
			return -1
		}
		return 1
	}
	sa, sb := a.sum, b.sum
	for _, d := range [...]int{
		sb.SafetyVisibilityLost - sa.SafetyVisibilityLost,
		sb.OperatorStationsLost - sa.OperatorStationsLost,
		sb.FeedsLost - sa.FeedsLost,
		sb.Degraded() - sa.Degraded(),
	} {
		if d != 0 {
			return d
		}
	}
	// In whole seconds, as the ranking shows it.
	switch ea, eb := a.earliest/1000, b.earliest/1000; {
	case ea < eb:
		return -1
	case ea > eb:
		return 1
	}
	return 0
}

// compareRankItems is the ranking's order for items: compareOutcomes, then
// by action and target.
func compareRankItems(a, b RankItem) int {
	outcome := func(it RankItem) rankOutcome {
		o := rankOutcome{sum: it.Summary, earliest: Never, harmless: it.Harmless}
		if it.EarliestAfterS != nil {
			o.earliest = *it.EarliestAfterS * 1000
		}
		return o
	}
	if c := compareOutcomes(outcome(a), outcome(b)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Action, b.Action); c != 0 {
		return c
	}
	return strings.Compare(a.Target, b.Target)
}

func afterS(ms int64) *int64 {
	if ms == Never {
		return nil
	}
	s := ms / 1000
	return &s
}

// singleAction is one single action: a kind and the asset, zone or conduit.
type singleAction struct {
	kind actionKind
	i    int32
}

// singleActions lists the single actions of the verbs asked for, in the
// order of their action and target text: cut conduit:…, isolate asset:…,
// isolate zone:…, shutdown asset:…, each by id.
func (m *Model) singleActions(try map[Verb]bool) []singleAction {
	ix := m.ix
	var out []singleAction
	if try[Cut] {
		for _, c := range sortedBy(len(m.Conduits), func(i int) string { return m.Conduits[i].ID }) {
			out = append(out, singleAction{cutConduit, c})
		}
	}
	if try[Isolate] {
		for _, a := range ix.assetsByID() {
			out = append(out, singleAction{isolateAsset, a})
		}
		for _, z := range sortedBy(len(m.Zones), func(i int) string { return m.Zones[i].ID }) {
			out = append(out, singleAction{isolateZone, z})
		}
	}
	if try[Shutdown] {
		for _, a := range ix.assetsByID() {
			out = append(out, singleAction{shutdownAsset, a})
		}
	}
	return out
}

// selectorOf gives a single action's verb, selector and target name.
func (m *Model) selectorOf(c singleAction) (Verb, string, string) {
	switch c.kind {
	case shutdownAsset:
		return Shutdown, "asset:" + m.Assets[c.i].ID, m.Assets[c.i].Name
	case isolateAsset:
		return Isolate, "asset:" + m.Assets[c.i].ID, m.Assets[c.i].Name
	case isolateZone:
		return Isolate, "zone:" + m.Zones[c.i].ID, m.Zones[c.i].Name
	default:
		return Cut, "conduit:" + m.Conduits[c.i].ID, ""
	}
}

// noActionCounts is the baseline as a ranking counts it: each item's times
// with no action (operator stations by asset number, then feeds, then
// safety views), the summary, and for the earliest loss the items it counts
// in the order of their times.
type noActionCounts struct {
	within    int64
	lost, deg []int64
	sum       Summary
	earliest  int64
	order     []int32 // items counted with no action, earliest first
	at        []int64 // their times
}

func (b *baseline) noAction(within int64) *noActionCounts {
	nb := &noActionCounts{within: within, earliest: Never}
	n := len(b.m.Assets) + 2*len(b.m.Feeds)
	nb.lost, nb.deg = make([]int64, n), make([]int64, n)
	w := newOneAction(b)
	for i := range n {
		nb.lost[i], nb.deg[i] = w.itemTimes(int32(i), within)
		st, t := statusAt(nb.lost[i], nb.deg[i], within)
		if st == atOK {
			continue
		}
		b.count(&nb.sum, int32(i), st, 1)
		nb.order = append(nb.order, int32(i))
		nb.at = append(nb.at, t)
	}
	idx := make([]int, len(nb.order))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		switch {
		case nb.at[x] < nb.at[y]:
			return -1
		case nb.at[x] > nb.at[y]:
			return 1
		}
		return 0
	})
	order, at := make([]int32, len(idx)), make([]int64, len(idx))
	for i, j := range idx {
		order[i], at[i] = nb.order[j], nb.at[j]
	}
	nb.order, nb.at = order, at
	if len(at) > 0 {
		nb.earliest = at[0]
	}
	return nb
}

// An item's status as a ranking counts it.
const (
	atOK int8 = iota
	atLost
	atDegraded
)

// statusAt is an item's status within a time: lost if it is lost by then,
// degraded if not lost but degraded by then (itemTimes has left out the
// rows that failed by then). With no limit (Never) it is the status
// Simulate reports.
func statusAt(lost, deg, within int64) (int8, int64) {
	switch {
	case lost != Never && lost <= within:
		return atLost, lost
	case deg != Never && deg <= within:
		return atDegraded, deg
	}
	return atOK, 0
}

// count adds n of an item with a status to a summary.
func (b *baseline) count(s *Summary, item int32, st int8, n int) {
	if st == atOK {
		return
	}
	na, nf := int32(len(b.m.Assets)), int32(len(b.m.Feeds))
	lost := st == atLost
	switch {
	case item < na && lost:
		s.OperatorStationsLost += n
	case item < na:
		s.OperatorStationsDegraded += n
	case item < na+nf && lost:
		s.FeedsLost += n
	case item < na+nf:
		s.FeedsDegraded += n
	case lost:
		s.SafetyVisibilityLost += n
	default:
		s.SafetyVisibilityDegraded += n
	}
}

// rankOutcome is what one action costs: counts and the earliest loss in ms
// (Never for none), and whether that is all the site loses with no action.
type rankOutcome struct {
	sum      Summary
	earliest int64
	harmless bool
}

// outcome counts the assessed action: the items it touched as it leaves
// them, the others as they are with no action.
func (w *oneAction) outcome(nb *noActionCounts) rankOutcome {
	b := w.b
	o := rankOutcome{sum: nb.sum, earliest: Never}
	for _, it := range w.touched {
		st, _ := statusAt(nb.lost[it], nb.deg[it], nb.within)
		b.count(&o.sum, it, st, -1)
		lost, deg := w.itemTimes(it, nb.within)
		st, t := statusAt(lost, deg, nb.within)
		b.count(&o.sum, it, st, 1)
		if st != atOK {
			o.earliest = min(o.earliest, t)
		}
	}
	for i, it := range nb.order {
		if w.itemMk[it] != w.gen {
			o.earliest = min(o.earliest, nb.at[i])
			break
		}
	}
	return o
}

// assess assesses one singleAction.
func (w *oneAction) assess(c singleAction, nb *noActionCounts) rankOutcome {
	w.apply(c.kind, c.i)
	o := w.outcome(nb)
	w.reset()
	return o
}

// assessAll assesses the single actions on several goroutines, each with its
// own working memory, taking them in chunks.
func (b *baseline) assessAll(cands []singleAction, nb *noActionCounts, opts RankOptions) []rankOutcome {
	outs := make([]rankOutcome, len(cands))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 256
	workers = max(1, min(workers, (len(cands)+chunk-1)/chunk))
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newOneAction(b)
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(cands) {
					return
				}
				hi := min(lo+chunk, len(cands))
				for i := lo; i < hi; i++ {
					outs[i] = w.assess(cands[i], nb)
				}
				if opts.Progress != nil {
					mu.Lock()
					done += hi - lo
					opts.Progress(done, len(cands))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return outs
}
