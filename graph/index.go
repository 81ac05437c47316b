package graph

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
)

// index is the resolved model as dense integer-indexed arrays: the
// simulation's hot loops run on these, never on maps or strings.
type index struct {
	assetKey   *keyTable
	zoneKey    *keyTable
	conduitKey *keyTable

	assetZones csr     // asset → zones
	onlyZone   []int32 // asset → its zone when it has exactly one, else -1
	zoneAssets csr     // zone → assets listing it

	conduitFrom []int32
	conduitTo   []int32
	conduitBoth []bool
	conduitVia  csr // conduit → via devices
	zoneConduit csr // zone → conduits touching it
	viaConduits csr // asset → conduits it carries as a via device

	depConsumer []int32
	depNeed     []int32
	depGrace    []int64
	depProv     csr     // row → providers; slot numbers index the flat list
	slotRow     []int32 // provider slot → its row
	provSlots   csr     // asset → the slots where it is a provider
	consRows    csr     // asset → rows where it is the consumer

	feedSource csr // feed → source alternatives
	feedHops   csr // feed → its hops, as numbers into hopAlts
	hopAlts    csr // hop → its alternatives
	feedTo     csr // feed → consumers
	consFeeds  csr // asset → feeds it is a consumer of

	// The assets and feeds in the order of their ids, as reports list
	// them, and each asset's place in that order: sorted on first use, as
	// one simulation lists only what it affects and sorts that.
	model     *Model
	assetOnce sync.Once
	assetByID []int32
	assetRank []int32
	feedOnce  sync.Once
	feedByID  []int32

	scratchPool sync.Pool // *scratch: the working memory of assessments
	beforeOnce  sync.Once
	beforeNet   *netState
	beforeMu    sync.Mutex
	beforeSel   string
	beforeReach []int32
	rank        rankCache // the no-action baseline of single-action assessments (incremental.go)

	boundary  []bool // firewalls, routers, switches, diodes and conduit via devices
	protected []bool // control kinds, safety assets, assets in a zone of level ≤ 1
	operator  []bool // operator stations

	safetyView []bool // feed → a safety-relevant view (rule 7)
}

// sortAssets orders the assets by id, once.
func (ix *index) sortAssets() {
	ix.assetOnce.Do(func() {
		m := ix.model
		ix.assetByID = sortedBy(len(m.Assets), func(i int) string { return m.Assets[i].ID })
		ix.assetRank = make([]int32, len(m.Assets))
		for r, a := range ix.assetByID {
			ix.assetRank[a] = int32(r)
		}
	})
}

// assetsByID returns the assets in the order of their ids.
func (ix *index) assetsByID() []int32 { ix.sortAssets(); return ix.assetByID }

// assetRanks returns each asset's place in the order of ids.
func (ix *index) assetRanks() []int32 { ix.sortAssets(); return ix.assetRank }

// sortByID orders assets by id.
func (ix *index) sortByID(as []int32) {
	rank := ix.assetRanks()
	slices.SortFunc(as, func(a, b int32) int { return cmp.Compare(rank[a], rank[b]) })
}

// feedsByID returns the feeds in the order of their ids.
func (ix *index) feedsByID() []int32 {
	ix.feedOnce.Do(func() {
		m := ix.model
		ix.feedByID = sortedBy(len(m.Feeds), func(i int) string { return m.Feeds[i].ID })
	})
	return ix.feedByID
}

// sortedBy returns 0..n-1 ordered by the strings key gives them. It
// sorts the first 16 bytes of each string as two integers and reads the
// strings only to break ties past them: ids are short, and following each
// string's pointer made this one of the longest steps of loading a model.
func sortedBy(n int, key func(int) string) []int32 {
	type keyed struct {
		hi, lo uint64 // the first 16 bytes, big-endian, zero-padded
		i      int32
	}
	tmp := make([]keyed, n)
	for i := range tmp {
		var b [16]byte
		copy(b[:], key(i))
		tmp[i] = keyed{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), int32(i)}
	}
	slices.SortFunc(tmp, func(a, b keyed) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		ak, bk := key(int(a.i)), key(int(b.i))
		if len(ak) <= 16 && len(bk) <= 16 {
			return cmp.Compare(len(ak), len(bk))
		}
		return strings.Compare(ak[min(16, len(ak)):], bk[min(16, len(bk)):])
	})
	out := make([]int32, n)
	for i, t := range tmp {
		out[i] = t.i
	}
	return out
}

// csr is a compressed list of lists: the items of list i are
// items[start[i]:start[i+1]].
type csr struct {
	start []int32
	items []int32
}

func (c *csr) of(i int32) []int32 { return c.items[c.start[i]:c.start[i+1]] }

// csrBuilder builds a csr from lists added in order.
type csrBuilder struct{ c csr }

func newCSRBuilder(n, m int) *csrBuilder {
	b := &csrBuilder{c: csr{start: make([]int32, 1, n+1), items: make([]int32, 0, m)}}
	return b
}

func (b *csrBuilder) add(items ...int32) {
	b.c.items = append(b.c.items, items...)
	b.c.start = append(b.c.start, int32(len(b.c.items)))
}

// endList closes the list whose items were appended from start on; it
// reports whether repeated items had to be dropped.
func (b *csrBuilder) endList(start int) bool {
	repeats := dedupe(b, start)
	b.c.start = append(b.c.start, int32(len(b.c.items)))
	return repeats
}

// invert builds the reverse relation of c over n targets: for each target,
// the lists (or, with slots, the item positions) that hold it.
func invert(c csr, n int, slots bool) csr {
	count := make([]int32, n+1)
	for _, t := range c.items {
		count[t+1]++
	}
	for i := 1; i <= n; i++ {
		count[i] += count[i-1]
	}
	out := csr{start: append([]int32(nil), count...), items: make([]int32, len(c.items))}
	next := count[:n]
	for i := 0; i+1 < len(c.start); i++ {
		for p := c.start[i]; p < c.start[i+1]; p++ {
			t := c.items[p]
			v := int32(i)
			if slots {
				v = p
			}
			out.items[next[t]] = v
			next[t]++
		}
	}
	return out
}

// indexModel derives the reverse lists and per-asset facts from the lists
// the resolver built for the assets, zones, conduits and dependencies.
func indexModel(m *Model, ix *index) {
	na, nz := len(m.Assets), len(m.Zones)

	ix.zoneAssets = invert(ix.assetZones, nz, false)
	ix.onlyZone = make([]int32, na)
	for a := range ix.onlyZone {
		ix.onlyZone[a] = -1
		if zs := ix.assetZones.of(int32(a)); len(zs) == 1 {
			ix.onlyZone[a] = zs[0]
		}
	}
	nc := len(ix.conduitFrom)
	ends := newCSRBuilder(nc, 2*nc)
	for c := 0; c < nc; c++ {
		if ix.conduitFrom[c] == ix.conduitTo[c] {
			ends.add(ix.conduitFrom[c])
		} else {
			ends.add(ix.conduitFrom[c], ix.conduitTo[c])
		}
	}
	ix.zoneConduit = invert(ends.c, nz, false)
	ix.viaConduits = invert(ix.conduitVia, na, false)

	nd := len(ix.depConsumer)
	ix.slotRow = make([]int32, len(ix.depProv.items))
	for r := 0; r < nd; r++ {
		for s := ix.depProv.start[r]; s < ix.depProv.start[r+1]; s++ {
			ix.slotRow[s] = int32(r)
		}
	}
	ix.provSlots = invert(ix.depProv, na, true)
	cons := csr{start: make([]int32, nd+1), items: ix.depConsumer}
	for i := range cons.start {
		cons.start[i] = int32(i)
	}
	ix.consRows = invert(cons, na, false)

	ix.boundary = make([]bool, na)
	ix.protected = make([]bool, na)
	ix.operator = make([]bool, na)
	for i := range m.Assets {
		a := &m.Assets[i]
		ix.boundary[i] = IsBoundaryKind(a.Kind)
		ix.protected[i] = IsControlKind(a.Kind) || a.Safety
		ix.operator[i] = a.Kind == KindOperatorStation
		for _, z := range ix.assetZones.of(int32(i)) {
			if zl := m.Zones[z].Level; zl >= 0 && zl <= 1 {
				ix.protected[i] = true
			}
		}
	}
	for _, v := range ix.conduitVia.items {
		ix.boundary[v] = true
	}
}

// finishIndex completes the index with what it derives from the feeds
// (indexModel has done the rest).
func finishIndex(m *Model, ix *index) *index {
	ix.model = m
	ix.consFeeds = invert(ix.feedTo, len(m.Assets), false)
	ix.safetyView = make([]bool, len(m.Feeds))
	for f := range m.Feeds {
		ix.safetyView[f] = m.Feeds[f].Safety && m.Feeds[f].Kind == FeedView
	}
	return ix
}
