package graph

// none marks "no action did this" in the per-element cause arrays.
const none = -1

// netState is the network after a set of actions: which assets are shut
// down or isolated (and by which action), which zones are isolated, which
// conduits are cut or down, and which zone pairs a working conduit joins.
// It does not change over time: a failed asset still forwards and answers
// on the network (rule 2's firewall that lost its management server).
type netState struct {
	ix *index

	shutdownBy     []int32 // asset → action that shut it down
	isolatedBy     []int32 // asset → action that isolated it
	zoneIsolatedBy []int32 // zone → action that isolated it
	cutBy          []int32 // conduit → action that cut it

	networked    []bool // asset runs and is not isolated
	conduitWorks []bool
	zoneOut      csr // zone → zones a working conduit lets it send to
	// The same as a set of (from, to) zone pairs: a bit matrix while the
	// site has few enough zones, else a hash set.
	dense   []uint64
	isDense bool
	links   pairSet
	next    []int32
}

// denseZones is the most zones for which zone pairs are kept as a bit
// matrix (2 MiB at most).
const denseZones = 4096

// init readies the state for a new set of actions, reusing its arrays.
func (s *netState) init(ix *index, na, nz, nc int) {
	s.ix = ix
	s.shutdownBy = fill(reuse(s.shutdownBy, na), none)
	s.isolatedBy = fill(reuse(s.isolatedBy, na), none)
	s.zoneIsolatedBy = fill(reuse(s.zoneIsolatedBy, nz), none)
	s.cutBy = fill(reuse(s.cutBy, nc), none)
}

// reuse returns s with length n, on its own array when that is large
// enough; the contents are left to the caller to set.
func reuse[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

func fill(s []int32, v int32) []int32 {
	for i := range s {
		s[i] = v
	}
	return s
}

// apply records what one action does to its selection.
func (s *netState) apply(act int32, verb Verb, sel Selection) {
	set := func(arr []int32, i int32) {
		if arr[i] == none {
			arr[i] = act
		}
	}
	switch verb {
	case Shutdown:
		for _, a := range sel.Assets {
			set(s.shutdownBy, a)
		}
		for _, z := range sel.Zones {
			for _, a := range s.ix.zoneAssets.of(z) {
				set(s.shutdownBy, a)
			}
		}
	case Isolate:
		for _, a := range sel.Assets {
			set(s.isolatedBy, a)
		}
		for _, z := range sel.Zones {
			set(s.zoneIsolatedBy, z)
		}
	case Cut:
		for _, c := range sel.Conduits {
			set(s.cutBy, c)
		}
	}
}

// settle derives the network from the recorded actions (rules 1 and 2).
func (s *netState) settle() {
	ix := s.ix
	na, nc := len(s.shutdownBy), len(s.cutBy)
	s.networked = reuse(s.networked, na)
	for a := 0; a < na; a++ {
		s.networked[a] = s.shutdownBy[a] == none && s.isolatedBy[a] == none
	}
	s.conduitWorks = reuse(s.conduitWorks, nc)
	for c := int32(0); c < int32(nc); c++ {
		s.conduitWorks[c] = s.conduitState(c) == conduitOK
	}
	// Directed zone adjacency over working conduits.
	nz := len(s.zoneIsolatedBy)
	count := reuse(s.zoneOut.start, nz+1)
	clear(count)
	for c := 0; c < nc; c++ {
		if !s.conduitWorks[c] {
			continue
		}
		count[ix.conduitFrom[c]+1]++
		if ix.conduitBoth[c] {
			count[ix.conduitTo[c]+1]++
		}
	}
	for i := 1; i <= nz; i++ {
		count[i] += count[i-1]
	}
	items := reuse(s.zoneOut.items, int(count[nz]))
	next := append(s.next[:0], count[:nz]...)
	s.next = next
	for c := 0; c < nc; c++ {
		if !s.conduitWorks[c] {
			continue
		}
		f, t := ix.conduitFrom[c], ix.conduitTo[c]
		items[next[f]] = t
		next[f]++
		if ix.conduitBoth[c] {
			items[next[t]] = f
			next[t]++
		}
	}
	s.zoneOut = csr{start: count, items: items}
	s.isDense = nz <= denseZones
	if s.isDense {
		s.dense = reuse(s.dense, (nz*nz+63)/64)
		clear(s.dense)
		for z := int32(0); z < int32(nz); z++ {
			for _, t := range s.zoneOut.of(z) {
				i := int(z)*nz + int(t)
				s.dense[i>>6] |= 1 << (i & 63)
			}
		}
		return
	}
	s.links.reset(len(items))
	for z := int32(0); z < int32(nz); z++ {
		for _, t := range s.zoneOut.of(z) {
			s.links.add(z, t)
		}
	}
}

// pairSet is an open-addressing hash set of zone pairs: the hot loops ask
// "does a working conduit run from zone x to zone y" millions of times.
type pairSet struct {
	slots []uint64 // 0 is empty; a pair is stored as x<<32 | y, plus one
	mask  uint64
}

// reset empties the set and sizes it for n pairs.
func (p *pairSet) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	p.slots = reuse(p.slots, size)
	clear(p.slots)
	p.mask = uint64(size - 1)
}

func pairKey(x, y int32) uint64 { return (uint64(uint32(x))<<32 | uint64(uint32(y))) + 1 }

func pairHash(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> 17 }

func (p *pairSet) add(x, y int32) {
	k := pairKey(x, y)
	for i := pairHash(k) & p.mask; ; i = (i + 1) & p.mask {
		switch p.slots[i] {
		case k:
			return
		case 0:
			p.slots[i] = k
			return
		}
	}
}

func (p *pairSet) has(x, y int32) bool {
	k := pairKey(x, y)
	for i := pairHash(k) & p.mask; ; i = (i + 1) & p.mask {
		switch p.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

type conduitCondition int

const (
	conduitOK conduitCondition = iota
	conduitCut
	conduitZoneIsolated
	conduitViaDown
)

// conduitState applies rule 2: a conduit works unless it is cut, one of its
// zones is isolated, or it has via devices and none of them is networked.
func (s *netState) conduitState(c int32) conduitCondition {
	ix := s.ix
	if s.cutBy[c] != none {
		return conduitCut
	}
	if s.zoneIsolatedBy[ix.conduitFrom[c]] != none || s.zoneIsolatedBy[ix.conduitTo[c]] != none {
		return conduitZoneIsolated
	}
	via := ix.conduitVia.of(c)
	if len(via) == 0 {
		return conduitOK
	}
	for _, v := range via {
		if s.shutdownBy[v] == none && s.isolatedBy[v] == none {
			return conduitOK
		}
	}
	return conduitViaDown
}

// zoneLinked reports whether a working conduit lets zone x send to zone y.
func (s *netState) zoneLinked(x, y int32) bool {
	if s.isDense {
		i := int(x)*len(s.zoneIsolatedBy) + int(y)
		return s.dense[i>>6]&(1<<(i&63)) != 0
	}
	return s.links.has(x, y)
}

// canSend applies rule 3: a can send to b if both are networked and they
// share a zone, or a working conduit runs from a zone of a to a zone of b.
func (s *netState) canSend(a, b int32) bool {
	if !s.networked[a] || !s.networked[b] {
		return false
	}
	if x, y := s.ix.onlyZone[a], s.ix.onlyZone[b]; x >= 0 && y >= 0 {
		if x == y {
			return true
		}
		if s.isDense {
			i := int(x)*len(s.zoneIsolatedBy) + int(y)
			return s.dense[i>>6]&(1<<(i&63)) != 0
		}
	}
	return s.zonesLinked(a, b)
}

// zonesLinked is canSend without the networked check.
func (s *netState) zonesLinked(a, b int32) bool {
	// Most assets sit in one zone: answer those without walking lists.
	if x, y := s.ix.onlyZone[a], s.ix.onlyZone[b]; x >= 0 && y >= 0 {
		return x == y || s.zoneLinked(x, y)
	}
	za, zb := s.ix.assetZones.of(a), s.ix.assetZones.of(b)
	for _, x := range za {
		for _, y := range zb {
			if x == y || s.zoneLinked(x, y) {
				return true
			}
		}
	}
	return false
}

// twoWay is the reach a dependency needs: request and response.
func (s *netState) twoWay(a, b int32) bool {
	return s.canSend(a, b) && s.canSend(b, a)
}
