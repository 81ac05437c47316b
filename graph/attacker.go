package graph

// compromisedAssets lists the assets a compromised selection holds: the
// assets it names and every asset of the zones it names.
func compromisedAssets(ix *index, sel Selection) []int32 {
	out := append([]int32(nil), sel.Assets...)
	for _, z := range sel.Zones {
		out = append(out, ix.zoneAssets.of(z)...)
	}
	return out
}

// attackerReach applies rule 9: the protected assets an attacker on the
// compromised assets reaches by sending and pivoting host to host. Boundary
// devices are reached but are no pivots, unless compromised themselves; the
// attacker crosses zones only through working conduits. Reach into a zone
// does not depend on which pivot got there, so each zone is opened once and
// the walk is linear in the model. The assets come in the model's order.
func attackerReach(s *netState, compromised []int32, sc *attackScratch) []int32 {
	ix := s.ix
	na, nz := len(s.networked), len(s.zoneIsolatedBy)
	reached := clearBools(&sc.reached, na)
	isCompromised := clearBools(&sc.compromised, na)
	sourced := clearBools(&sc.sourced, nz) // a pivot sends from this zone
	opened := clearBools(&sc.opened, nz)   // this zone's assets are reached
	queue := sc.queue[:0]
	defer func() { sc.queue = queue[:0] }()
	for _, a := range compromised {
		isCompromised[a] = true
		if s.networked[a] && !reached[a] {
			reached[a] = true
			queue = append(queue, a)
		}
	}
	open := func(t int32) {
		if opened[t] {
			return
		}
		opened[t] = true
		for _, y := range ix.zoneAssets.of(t) {
			if s.networked[y] && !reached[y] {
				reached[y] = true
				if !ix.boundary[y] {
					queue = append(queue, y)
				}
			}
		}
	}
	for len(queue) > 0 {
		x := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, z := range ix.assetZones.of(x) {
			if sourced[z] {
				continue
			}
			sourced[z] = true
			open(z)
			for _, t := range s.zoneOut.of(z) {
				open(t)
			}
		}
	}
	n := 0
	for a := range reached {
		if reached[a] && ix.protected[a] && !isCompromised[a] {
			n++
		}
	}
	out := make([]int32, 0, n)
	for a := range int32(len(reached)) {
		if reached[a] && ix.protected[a] && !isCompromised[a] {
			out = append(out, a)
		}
	}
	return out
}

// attackScratch is the working memory of attackerReach, reused.
type attackScratch struct {
	reached, compromised, sourced, opened []bool
	queue                                 []int32
}

func clearBools(s *[]bool, n int) []bool {
	*s = reuse(*s, n)
	clear(*s)
	return *s
}
