package graph

import (
	"slices"
	"sync"
)

// Assessing one action at a time, incrementally.
//
// Ranking every single action of a site means one simulation per asset,
// zone and conduit. A full assessment costs as much as the model, so that
// would cost the square of it. One action, though, changes little: one
// asset stops being networked, or some conduits stop working and with them
// a few zone pairs lose their link. The assessment here starts from the
// simulation with no action (the baseline), finds the dependency slots and
// feed steps whose reach that change touches, lowers failure times from
// there only (the same shortest-path order as failureTimes, rule 4: times
// only grow along dependencies, and an action only takes reach away, so
// every time can only come down), re-evaluates the feeds and operator
// stations it touched, and puts everything back for the next action. Its
// cost follows the size of the action's impact, not the size of the model.
//
// The answers are those of a full simulation of the action, item for item
// (rank_test.go holds it to that on thousands of random models).

// rankCache holds the baseline, built once per model on first use.
type rankCache struct {
	once sync.Once
	b    *baseline
}

// baseline is the simulation with no action, and the reverse lists that say
// what a change of reach touches.
type baseline struct {
	m   *Model
	ix  *index
	net *netState // the network with no action: every asset networked, every conduit working

	fail    []int64
	rowFail []int64
	slotUp  []bool
	feedD   []int64 // D(k) by position in feedTo

	// Directed zone pairs (x ≠ y) that some conduit joins, numbered.
	pairs      pairIndex
	pairCount  []int32 // pair → conduits letting x send to y
	conduitFwd []int32 // conduit → its pair from → to, or -1
	conduitBwd []int32 // conduit → its pair to → from (both-way conduits), or -1
	pairSlots  csr     // pair → dependency slots whose two-way reach uses it
	pairFeeds  csr     // pair → feeds with a step that uses it
	assetFeeds csr     // asset → feeds it is a source, hop or consumer of

	safetyView []bool // feed → counted as safety-relevant visibility (rule 7)
	counted    []bool // by position in feedTo: the consumer counts for the safety view
}

// baseline returns the model's baseline, building it on first use.
func (m *Model) baseline() (*baseline, error) {
	ix := m.ix
	var err error
	ix.rank.once.Do(func() {
		ix.rank.b, err = newBaseline(m)
	})
	if err != nil {
		return nil, err
	}
	return ix.rank.b, nil
}

func newBaseline(m *Model) (*baseline, error) {
	a, err := m.Assess(nil, Options{})
	if err != nil {
		return nil, err
	}
	defer a.Release()
	r, ix := a.r, m.ix
	b := &baseline{
		m: m, ix: ix, net: ix.before(),
		fail:    slices.Clone(r.fail),
		rowFail: slices.Clone(r.rowFail),
		slotUp:  slices.Clone(r.slotUp),
		feedD:   make([]int64, len(ix.feedTo.items)),
	}
	for f := range r.feedD {
		copy(b.feedD[ix.feedTo.start[f]:], r.feedD[f])
	}
	b.zonePairs()
	b.reachUsers()
	b.items()
	return b, nil
}

// zonePairs numbers the directed zone pairs the conduits join.
func (b *baseline) zonePairs() {
	ix := b.ix
	nc := len(ix.conduitFrom)
	b.pairs.reset(2 * nc)
	b.conduitFwd = fill(make([]int32, nc), none)
	b.conduitBwd = fill(make([]int32, nc), none)
	add := func(x, y int32) int32 {
		id := b.pairs.put(x, y, int32(len(b.pairCount)))
		if int(id) == len(b.pairCount) {
			b.pairCount = append(b.pairCount, 0)
		}
		b.pairCount[id]++
		return id
	}
	for c := 0; c < nc; c++ {
		f, t := ix.conduitFrom[c], ix.conduitTo[c]
		if f == t {
			continue // the zone's assets share it already (a conduit adds nothing)
		}
		b.conduitFwd[c] = add(f, t)
		if ix.conduitBoth[c] {
			b.conduitBwd[c] = add(t, f)
		}
	}
}

// shareZone reports whether two assets list a common zone: their reach
// then depends on no conduit.
func shareZone(ix *index, a, c int32) bool {
	if x, y := ix.onlyZone[a], ix.onlyZone[c]; x >= 0 && y >= 0 {
		return x == y
	}
	for _, x := range ix.assetZones.of(a) {
		if slices.Contains(ix.assetZones.of(c), x) {
			return true
		}
	}
	return false
}

// linksUsed calls use for each zone pair that lets a send to b, when they
// share no zone.
func (b *baseline) linksUsed(a, c int32, use func(pair int32)) {
	ix := b.ix
	if a == c || shareZone(ix, a, c) {
		return
	}
	for _, x := range ix.assetZones.of(a) {
		for _, y := range ix.assetZones.of(c) {
			if id := b.pairs.get(x, y); id >= 0 {
				use(id)
			}
		}
	}
}

// reachUsers builds the reverse lists: which slots and feeds use each zone
// pair, and which feeds each asset is in.
func (b *baseline) reachUsers() {
	ix := b.ix
	np := len(b.pairCount)
	var slotPairs, feedPairs pairLists
	for s, p := range ix.depProv.items {
		if !b.slotUp[s] {
			continue // unavailable already: losing reach changes nothing
		}
		c := ix.depConsumer[ix.slotRow[s]]
		use := func(id int32) { slotPairs.add(id, int32(s)) }
		b.linksUsed(c, p, use)
		b.linksUsed(p, c, use)
	}
	nf := len(ix.feedTo.start) - 1
	members := newCSRBuilder(nf, len(ix.feedSource.items)+len(ix.hopAlts.items)+len(ix.feedTo.items))
	var seen []int32
	for f := int32(0); f < int32(nf); f++ {
		seen = seen[:0]
		use := func(id int32) { seen = append(seen, id) }
		start := len(members.c.items)
		prev := ix.feedSource.of(f)
		members.c.items = append(members.c.items, prev...)
		hops := ix.feedHops.of(f)
		for h := 0; h <= len(hops); h++ {
			layer := ix.feedTo.of(f)
			if h < len(hops) {
				layer = ix.hopAlts.of(hops[h])
			}
			members.c.items = append(members.c.items, layer...)
			for _, y := range layer {
				for _, x := range prev {
					b.linksUsed(x, y, use)
				}
			}
			prev = layer
		}
		members.endList(start)
		slices.Sort(seen)
		for _, id := range slices.Compact(seen) {
			feedPairs.add(id, f)
		}
	}
	b.pairSlots = slotPairs.csr(np)
	b.pairFeeds = feedPairs.csr(np)
	b.assetFeeds = invert(members.c, len(b.m.Assets), false)
}

// items says which feeds are safety views and which of their consumers
// count (rule 7).
func (b *baseline) items() {
	m, ix := b.m, b.ix
	b.safetyView = make([]bool, len(m.Feeds))
	b.counted = make([]bool, len(ix.feedTo.items))
	for f := range m.Feeds {
		if !m.Feeds[f].Safety || m.Feeds[f].Kind != FeedView {
			continue
		}
		b.safetyView[f] = true
		start, to := ix.feedTo.start[f], ix.feedTo.of(int32(f))
		anyStation := slices.ContainsFunc(to, func(k int32) bool { return ix.operator[k] })
		for j, k := range to {
			b.counted[int(start)+j] = ix.operator[k] || !anyStation
		}
	}
}

// pairLists collects (pair, item) entries and turns them into a csr.
type pairLists struct{ pair, item []int32 }

func (l *pairLists) add(pair, item int32) {
	l.pair = append(l.pair, pair)
	l.item = append(l.item, item)
}

func (l *pairLists) csr(n int) csr {
	out := csr{start: make([]int32, n+1), items: make([]int32, len(l.item))}
	for _, p := range l.pair {
		out.start[p+1]++
	}
	for i := 1; i <= n; i++ {
		out.start[i] += out.start[i-1]
	}
	next := slices.Clone(out.start[:n])
	for i, p := range l.pair {
		out.items[next[p]] = l.item[i]
		next[p]++
	}
	return out
}

// pairIndex numbers zone pairs: open addressing over pairKey.
type pairIndex struct {
	keys []uint64 // 0 is empty
	ids  []int32
	mask uint64
}

func (p *pairIndex) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	p.keys, p.ids = make([]uint64, size), make([]int32, size)
	p.mask = uint64(size - 1)
}

// put returns the pair's number, giving it id when it has none yet.
func (p *pairIndex) put(x, y, id int32) int32 {
	i := p.slot(x, y)
	if p.keys[i] == 0 {
		p.keys[i], p.ids[i] = pairKey(x, y), id
	}
	return p.ids[i]
}

// get returns the pair's number, or -1 when no conduit joins the zones.
func (p *pairIndex) get(x, y int32) int32 {
	if i := p.slot(x, y); p.keys[i] != 0 {
		return p.ids[i]
	}
	return -1
}

// slot is where the pair is kept, or the empty slot where it would go.
func (p *pairIndex) slot(x, y int32) uint64 {
	k := pairKey(x, y)
	i := pairHash(k) & p.mask
	for p.keys[i] != k && p.keys[i] != 0 {
		i = (i + 1) & p.mask
	}
	return i
}

// oneAction assesses single actions against the baseline. It is the
// working memory of one goroutine: its arrays start equal to the
// baseline's and every assessment puts back what it changed.
type oneAction struct {
	b *baseline

	// The action: the asset that stops being networked (-1 for none) and
	// whether it is shut down.
	x    int32
	shut bool

	fail      []int64
	rowFail   []int64
	slotDown  []bool // slots up with no action and down after it
	pairCount []int32
	feedD     []int64
	lostPairs []int32 // pairs no working conduit joins any more

	// What to put back.
	failSet, rowSet, slotSet, pairSet []int32

	// Stamps: a row, feed or item was seen in this assessment when its
	// stamp equals gen.
	gen                       uint32
	rowMark, feedMark, itemMk []uint32
	dirtyRows, changed        []int32
	feeds, touched            []int32

	heap          timeHeap
	buf, cur, nxt []int64
}

func newOneAction(b *baseline) *oneAction {
	na, nf := len(b.m.Assets), len(b.m.Feeds)
	return &oneAction{
		b: b, x: none,
		fail:      slices.Clone(b.fail),
		rowFail:   slices.Clone(b.rowFail),
		slotDown:  make([]bool, len(b.slotUp)),
		pairCount: slices.Clone(b.pairCount),
		feedD:     slices.Clone(b.feedD),
		rowMark:   make([]uint32, len(b.rowFail)),
		feedMark:  make([]uint32, nf),
		itemMk:    make([]uint32, na+2*nf),
	}
}

// actionKind says what a single action acts on.
type actionKind uint8

const (
	shutdownAsset actionKind = iota
	isolateAsset
	isolateZone
	cutConduit
)

// apply assesses one action (on asset, zone or conduit number i) and leaves
// its answer in the working arrays and the touched items, until reset.
func (w *oneAction) apply(kind actionKind, i int32) {
	ix := w.b.ix
	w.gen++
	if w.gen == 0 { // wrapped: old stamps could be mistaken for new ones
		clear(w.rowMark)
		clear(w.feedMark)
		clear(w.itemMk)
		w.gen = 1
	}
	switch kind {
	case shutdownAsset, isolateAsset:
		w.x, w.shut = i, kind == shutdownAsset
		for _, c := range ix.viaConduits.of(i) {
			if !slices.ContainsFunc(ix.conduitVia.of(c), func(v int32) bool { return v != i }) {
				w.conduitDown(c) // its only via device is gone (rule 2)
			}
		}
	case isolateZone:
		for _, c := range ix.zoneConduit.of(i) {
			w.conduitDown(c)
		}
	case cutConduit:
		w.conduitDown(i)
	}

	// Seeds: the asset shut down, and the slots that lost two-way reach.
	if w.x >= 0 {
		if w.shut {
			w.lower(w.x, 0)
		}
		for _, row := range ix.consRows.of(w.x) {
			for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
				w.checkSlot(s)
			}
		}
		for _, s := range ix.provSlots.of(w.x) {
			w.checkSlot(s)
		}
		w.touchItem(w.x)
	}
	for _, id := range w.lostPairs {
		for _, s := range w.b.pairSlots.of(id) {
			w.checkSlot(s)
		}
	}
	for _, row := range w.dirtyRows {
		w.touchItem(ix.depConsumer[row])
		w.recompute(row)
	}
	w.failureTimes()
	w.feedReach()
}

// conduitDown takes a working conduit away; the zone pairs it alone joined
// lose their link.
func (w *oneAction) conduitDown(c int32) {
	for _, id := range [2]int32{w.b.conduitFwd[c], w.b.conduitBwd[c]} {
		if id < 0 {
			continue
		}
		w.pairSet = append(w.pairSet, id)
		if w.pairCount[id]--; w.pairCount[id] == 0 {
			w.lostPairs = append(w.lostPairs, id)
		}
	}
}

// checkSlot marks a slot down when its consumer and provider lost two-way
// reach.
func (w *oneAction) checkSlot(s int32) {
	ix := w.b.ix
	if !w.b.slotUp[s] || w.slotDown[s] {
		return
	}
	row := ix.slotRow[s]
	c, p := ix.depConsumer[row], ix.depProv.items[s]
	if w.canSend(c, p) && w.canSend(p, c) {
		return
	}
	w.slotDown[s] = true
	w.slotSet = append(w.slotSet, s)
	if w.rowMark[row] != w.gen {
		w.rowMark[row] = w.gen
		w.dirtyRows = append(w.dirtyRows, row)
	}
}

// canSend is rule 3 after the action.
func (w *oneAction) canSend(a, b int32) bool {
	if a == w.x || b == w.x {
		return false
	}
	net := w.b.net
	if len(w.lostPairs) == 0 {
		return net.canSend(a, b)
	}
	ix := w.b.ix
	if x, y := ix.onlyZone[a], ix.onlyZone[b]; x >= 0 && y >= 0 {
		return x == y || w.linked(x, y)
	}
	for _, x := range ix.assetZones.of(a) {
		for _, y := range ix.assetZones.of(b) {
			if x == y || w.linked(x, y) {
				return true
			}
		}
	}
	return false
}

// linked reports whether a working conduit still lets zone x send to y.
func (w *oneAction) linked(x, y int32) bool {
	if !w.b.net.zoneLinked(x, y) {
		return false
	}
	return w.pairCount[w.b.pairs.get(x, y)] > 0
}

// slotAvail is when slot s's provider stops being available to its consumer.
func (w *oneAction) slotAvail(s int32) int64 {
	if !w.b.slotUp[s] || w.slotDown[s] {
		return 0
	}
	return w.fail[w.b.ix.depProv.items[s]]
}

func (w *oneAction) lower(a int32, t int64) {
	if t < w.fail[a] {
		w.fail[a] = t
		w.failSet = append(w.failSet, a)
		w.heap.push(t, a)
	}
}

// recompute sets a row's failure time from its providers' current times:
// the row fails when fewer than need remain, that is at the need-th latest
// time a provider becomes unavailable.
func (w *oneAction) recompute(row int32) {
	ix := w.b.ix
	lo, hi := ix.depProv.start[row], ix.depProv.start[row+1]
	need := int(ix.depNeed[row])
	var t int64
	if need == 1 {
		t = 0
		for s := lo; s < hi; s++ {
			t = max(t, w.slotAvail(s))
		}
	} else {
		buf := w.buf[:0]
		for s := lo; s < hi; s++ {
			buf = append(buf, w.slotAvail(s))
		}
		slices.Sort(buf)
		t = buf[len(buf)-need]
		w.buf = buf
	}
	if t >= w.rowFail[row] {
		return
	}
	w.rowFail[row] = t
	w.rowSet = append(w.rowSet, row)
	w.lower(ix.depConsumer[row], satAdd(t, ix.depGrace[row]))
}

// failureTimes lowers failure times from the seeds, in time order like
// run.failureTimes: when an asset is taken from the heap its time is final,
// and each row it provides for is recomputed unless it failed by then.
func (w *oneAction) failureTimes() {
	ix := w.b.ix
	q := &w.heap
	for q.len() > 0 {
		t, p := q.pop()
		if t > w.fail[p] {
			continue // stale: p failed earlier
		}
		w.changed = append(w.changed, p)
		w.touchItem(p)
		for _, s := range ix.provSlots.of(p) {
			row := ix.slotRow[s]
			w.touchItem(ix.depConsumer[row])
			if !w.b.slotUp[s] || w.slotDown[s] || w.rowFail[row] <= t {
				continue
			}
			w.recompute(row)
		}
	}
}

// touchItem marks an operator station for re-evaluation.
func (w *oneAction) touchItem(a int32) {
	if w.b.ix.operator[a] {
		w.touch(a)
	}
}

func (w *oneAction) touch(item int32) {
	if w.itemMk[item] != w.gen {
		w.itemMk[item] = w.gen
		w.touched = append(w.touched, item)
	}
}

// feedReach re-evaluates the feeds the action can have changed: those with
// a member whose failure time or networking changed, and those with a step
// over a zone pair that lost its link.
func (w *oneAction) feedReach() {
	b, ix := w.b, w.b.ix
	add := func(f int32) {
		if w.feedMark[f] != w.gen {
			w.feedMark[f] = w.gen
			w.feeds = append(w.feeds, f)
		}
	}
	if w.x >= 0 {
		for _, f := range b.assetFeeds.of(w.x) {
			add(f)
		}
	}
	for _, a := range w.changed {
		for _, f := range b.assetFeeds.of(a) {
			add(f)
		}
	}
	for _, id := range w.lostPairs {
		for _, f := range b.pairFeeds.of(id) {
			add(f)
		}
	}
	na, nf := int32(len(b.m.Assets)), int32(len(b.m.Feeds))
	for _, f := range w.feeds {
		w.reach(f)
		start := ix.feedTo.start[f]
		changed := false
		for j, k := range ix.feedTo.of(f) {
			if w.feedD[int(start)+j] != b.feedD[int(start)+j] {
				changed = true
				w.touchItem(k)
			}
		}
		if changed {
			w.touch(na + f)
			if b.safetyView[f] {
				w.touch(na + nf + f)
			}
		}
	}
}

// reach sets D for each consumer of feed f (rule 5), as run.feedReach does.
func (w *oneAction) reach(f int32) {
	ix := w.b.ix
	prev := ix.feedSource.of(f)
	cur, nxt := w.cur[:0], w.nxt
	for _, a := range prev {
		cur = append(cur, w.fail[a])
	}
	hops := ix.feedHops.of(f)
	for h := 0; h <= len(hops); h++ {
		layer := ix.feedTo.of(f)
		if h < len(hops) {
			layer = ix.hopAlts.of(hops[h])
		}
		nxt = nxt[:0]
		for _, y := range layer {
			v := int64(-1)
			for i, x := range prev {
				if cur[i] > v && w.canSend(x, y) {
					v = cur[i]
				}
			}
			nxt = append(nxt, min(v, w.fail[y]))
		}
		prev = layer
		cur, nxt = nxt, cur
	}
	d := w.feedD[ix.feedTo.start[f]:]
	for j, v := range cur {
		d[j] = max(v, 0) // no chain can send at all: 0
	}
	w.cur, w.nxt = cur, nxt
}

// itemTimes says when an item (an operator station by asset number, a feed
// after them, a safety view after the feeds) is lost and when degraded, as
// the action leaves it and as it stands within a time (Never: no limit);
// Never when it is not.
func (w *oneAction) itemTimes(item int32, within int64) (lost, deg int64) {
	b, ix := w.b, w.b.ix
	na, nf := int32(len(b.m.Assets)), int32(len(b.m.Feeds))
	switch {
	case item < na: // rule 6
		a := item
		if !ix.operator[a] {
			return Never, Never
		}
		if a == w.x {
			return 0, 0
		}
		deg = Never
		for _, row := range ix.consRows.of(a) {
			if !holding(w.rowFail[row], within) {
				continue
			}
			for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
				deg = min(deg, w.slotAvail(s))
			}
		}
		for _, f := range ix.consFeeds.of(a) {
			start := ix.feedTo.start[f]
			for j, k := range ix.feedTo.of(f) {
				if k == a {
					deg = min(deg, w.feedD[int(start)+j])
					break
				}
			}
		}
		return w.fail[a], deg
	case item < na+nf: // rule 5
		f := item - na
		return reachTimes(w.feedD[ix.feedTo.start[f]:ix.feedTo.start[f+1]], nil)
	default: // rule 7
		f := item - na - nf
		if !b.safetyView[f] {
			return Never, Never
		}
		lo, hi := ix.feedTo.start[f], ix.feedTo.start[f+1]
		return reachTimes(w.feedD[lo:hi], b.counted[lo:hi])
	}
}

// holding reports whether a dependency row that fails at rowFail still
// holds within a time: only a row that holds makes its consumer degraded
// when it loses a redundant provider (rules 6 and 8); one that failed makes
// it lost once the grace is over. With no limit (Never), a row holds when
// it never fails.
func holding(rowFail, within int64) bool {
	return rowFail == Never || (within != Never && rowFail > within)
}

// reachTimes is reachStatus as times: lost when no counted consumer is
// reached any more (at the latest D), degraded from the earliest finite D.
func reachTimes(d []int64, counted []bool) (lost, deg int64) {
	first, last, still := Never, int64(0), false
	for j, v := range d {
		if counted != nil && !counted[j] {
			continue
		}
		if v == Never {
			still = true
			continue
		}
		first, last = min(first, v), max(last, v)
	}
	if first == Never || still {
		return Never, first
	}
	return last, first
}

// reset puts the working arrays back to the baseline.
func (w *oneAction) reset() {
	b := w.b
	for _, a := range w.failSet {
		w.fail[a] = b.fail[a]
	}
	for _, r := range w.rowSet {
		w.rowFail[r] = b.rowFail[r]
	}
	for _, s := range w.slotSet {
		w.slotDown[s] = false
	}
	for _, id := range w.pairSet {
		w.pairCount[id] = b.pairCount[id]
	}
	ix := b.ix
	for _, f := range w.feeds {
		lo, hi := ix.feedTo.start[f], ix.feedTo.start[f+1]
		copy(w.feedD[lo:hi], b.feedD[lo:hi])
	}
	w.x, w.shut = none, false
	w.failSet, w.rowSet, w.slotSet, w.pairSet = w.failSet[:0], w.rowSet[:0], w.slotSet[:0], w.pairSet[:0]
	w.lostPairs, w.dirtyRows, w.changed = w.lostPairs[:0], w.dirtyRows[:0], w.changed[:0]
	w.feeds, w.touched = w.feeds[:0], w.touched[:0]
	w.heap.t, w.heap.a = w.heap.t[:0], w.heap.a[:0]
}
