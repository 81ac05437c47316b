package graph

import "sort"

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
	zoneOut      csr // zone → zones a working conduit lets it send to, sorted
}

func newNetState(ix *index, na, nz, nc int) *netState {
	s := &netState{
		ix:             ix,
		shutdownBy:     fill(make([]int32, na), none),
		isolatedBy:     fill(make([]int32, na), none),
		zoneIsolatedBy: fill(make([]int32, nz), none),
		cutBy:          fill(make([]int32, nc), none),
	}
	return s
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
	s.networked = make([]bool, na)
	for a := 0; a < na; a++ {
		s.networked[a] = s.shutdownBy[a] == none && s.isolatedBy[a] == none
	}
	s.conduitWorks = make([]bool, nc)
	for c := int32(0); c < int32(nc); c++ {
		s.conduitWorks[c] = s.conduitState(c) == conduitOK
	}
	// Directed zone adjacency over working conduits, as sorted lists.
	nz := len(s.zoneIsolatedBy)
	count := make([]int32, nz+1)
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
	items := make([]int32, count[nz])
	next := append([]int32(nil), count[:nz]...)
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
	for z := int32(0); z < int32(nz); z++ {
		if l := s.zoneOut.of(z); len(l) > 8 {
			sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
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
	l := s.zoneOut.of(x)
	if len(l) <= 8 {
		for _, z := range l {
			if z == y {
				return true
			}
		}
		return false
	}
	i := sort.Search(len(l), func(i int) bool { return l[i] >= y })
	return i < len(l) && l[i] == y
}

// canSend applies rule 3: a can send to b if both are networked and they
// share a zone, or a working conduit runs from a zone of a to a zone of b.
func (s *netState) canSend(a, b int32) bool {
	if !s.networked[a] || !s.networked[b] {
		return false
	}
	return s.zonesLinked(a, b)
}

// zonesLinked is canSend without the networked check.
func (s *netState) zonesLinked(a, b int32) bool {
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
