package graph

import (
	"fmt"
	"strings"
)

// Resolve checks every reference of the model — a dependency's or feed's
// assets, a conduit's zones and via devices, duplicate ids, need larger than
// the providers listed — and builds the index the simulation runs on. All
// problems are returned together. With skipInvalid, rows that have problems
// are dropped instead (counted in Skipped, and each still reported as a
// warning) so the rest of the model can be simulated.
func (m *Model) Resolve(skipInvalid bool) ProblemList {
	r := resolver{m: m, skip: skipInvalid}
	r.assets()
	r.zones()
	r.conduits()
	r.dependencies()
	r.feeds()
	r.scenarios()
	m.Warnings.Sort()
	r.errs.Sort()
	if skipInvalid {
		for _, p := range r.errs {
			m.Warnings.Add(p)
		}
		m.Warnings.Sort()
		r.errs = nil
	}
	if len(r.errs) == 0 {
		m.ix = buildIndex(m, r.assetKey, r.zoneKey, r.conduitKey)
	}
	return r.errs
}

type resolver struct {
	m    *Model
	skip bool
	errs ProblemList

	assetKey   map[string]int32
	zoneKey    map[string]int32
	conduitKey map[string]int32

	suggested int
	nearIx    map[string]*nearIndex
}

// reject records a problem with a row; it reports whether the row must be
// dropped (only when skipping invalid rows).
func (r *resolver) reject(p *Problem) {
	r.errs.Add(p)
	if r.skip {
		r.m.Skipped++
		for i := range r.m.Sheets {
			if r.m.Sheets[i].Sheet == p.Sheet && r.m.Sheets[i].File == p.File && r.m.Sheets[i].Used > 0 {
				r.m.Sheets[i].Used--
				break
			}
		}
	}
}

func (r *resolver) assets() {
	m := r.m
	r.assetKey = make(map[string]int32, len(m.Assets))
	out := m.Assets[:0]
	for _, a := range m.Assets {
		a.ID = strings.TrimSpace(a.ID)
		if a.ID == "" {
			r.reject(At(a.Src, "id", "asset has no id"))
			continue
		}
		k := Key(a.ID)
		if first, dup := r.assetKey[k]; dup {
			r.reject(At(a.Src, "id", "duplicate asset id %q (first at %s)", a.ID, rowOf(out[first].Src)))
			continue
		}
		a.Zones = uniqueIDs(a.Zones)
		a.Tags = uniqueIDs(a.Tags)
		r.assetKey[k] = int32(len(out))
		out = append(out, a)
	}
	m.Assets = out
}

func (r *resolver) zones() {
	m := r.m
	r.zoneKey = make(map[string]int32, len(m.Zones))
	out := m.Zones[:0]
	for _, z := range m.Zones {
		z.ID = strings.TrimSpace(z.ID)
		if z.ID == "" {
			r.reject(At(z.Src, "id", "zone has no id"))
			continue
		}
		k := Key(z.ID)
		if first, dup := r.zoneKey[k]; dup {
			r.reject(At(z.Src, "id", "duplicate zone id %q (first at %s)", z.ID, rowOf(out[first].Src)))
			continue
		}
		r.zoneKey[k] = int32(len(out))
		out = append(out, z)
	}
	m.Zones = out
	// A zone named by an asset but absent from the Zones sheet is created.
	for i := range m.Assets {
		a := &m.Assets[i]
		for _, zid := range a.Zones {
			k := Key(zid)
			if k == "" {
				continue
			}
			if _, ok := r.zoneKey[k]; ok {
				continue
			}
			r.zoneKey[k] = int32(len(m.Zones))
			m.Zones = append(m.Zones, Zone{ID: strings.TrimSpace(zid), Level: NoLevel, Src: a.Src, Implicit: true})
			m.Warnings.Add(At(a.Src, "zone", "zone %q is not in the Zones sheet; created without a level", strings.TrimSpace(zid)))
		}
	}
}

func (r *resolver) conduits() {
	m := r.m
	r.conduitKey = make(map[string]int32, len(m.Conduits))
	out := m.Conduits[:0]
	for _, c := range m.Conduits {
		c.ID = strings.TrimSpace(c.ID)
		bad := false
		for _, f := range [...]struct {
			col string
			id  string
		}{{"from", c.From}, {"to", c.To}} {
			if p := r.ref(c.Src, f.col, "zone", f.id, r.zoneKey); p != nil {
				r.reject(p)
				bad = true
			}
		}
		for _, v := range c.Via {
			if p := r.ref(c.Src, "via", "asset", v, r.assetKey); p != nil {
				r.reject(p)
				bad = true
			}
		}
		if bad {
			continue
		}
		c.Via = uniqueIDs(c.Via)
		if c.ID == "" {
			c.ID = r.uniqueConduitID(strings.TrimSpace(c.From) + "-" + strings.TrimSpace(c.To))
		}
		k := Key(c.ID)
		if first, dup := r.conduitKey[k]; dup {
			r.reject(At(c.Src, "id", "duplicate conduit id %q (first at %s)", c.ID, rowOf(out[first].Src)))
			continue
		}
		r.conduitKey[k] = int32(len(out))
		out = append(out, c)
	}
	m.Conduits = out
}

// uniqueConduitID names a conduit that has no id: FROM-TO, or FROM-TO-2 and
// so on when two conduits join the same zones.
func (r *resolver) uniqueConduitID(base string) string {
	id := base
	for n := 2; ; n++ {
		if _, taken := r.conduitKey[Key(id)]; !taken {
			return id
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

func (r *resolver) dependencies() {
	m := r.m
	out := m.Dependencies[:0]
	for _, d := range m.Dependencies {
		bad := false
		if p := r.ref(d.Src, "consumer", "asset", d.Consumer, r.assetKey); p != nil {
			r.reject(p)
			bad = true
		}
		seen := make(map[string]bool, len(d.Providers))
		provs := d.Providers[:0:0]
		for _, pv := range d.Providers {
			if p := r.ref(d.Src, "provider", "asset", pv, r.assetKey); p != nil {
				r.reject(p)
				bad = true
				continue
			}
			k := Key(pv)
			if seen[k] {
				m.Warnings.Add(At(d.Src, "provider", "provider %q is listed twice; counted once", strings.TrimSpace(pv)))
				continue
			}
			seen[k] = true
			provs = append(provs, pv)
		}
		if bad {
			continue
		}
		if len(provs) == 0 {
			r.reject(At(d.Src, "provider", "dependency of %q lists no provider", d.Consumer))
			continue
		}
		if d.Need < 1 {
			d.Need = 1
		}
		if d.Need > len(provs) {
			r.reject(At(d.Src, "need", "need %d is larger than the %d provider(s) listed", d.Need, len(provs)))
			continue
		}
		d.Providers = provs
		out = append(out, d)
	}
	m.Dependencies = out
}

func (r *resolver) feeds() {
	m := r.m
	keys := make(map[string]int, len(m.Feeds))
	out := m.Feeds[:0]
	for _, f := range m.Feeds {
		f.ID = strings.TrimSpace(f.ID)
		bad := false
		check := func(col string, ids []string) {
			for _, id := range ids {
				if p := r.ref(f.Src, col, "asset", id, r.assetKey); p != nil {
					r.reject(p)
					bad = true
				}
			}
		}
		if f.ID == "" {
			r.reject(At(f.Src, "id", "feed has no id"))
			continue
		}
		check("source", f.Source)
		for _, hop := range f.Via {
			check("via", hop)
			if len(hop) == 0 {
				r.reject(At(f.Src, "via", "feed %q has an empty hop", f.ID))
				bad = true
			}
		}
		check("to", f.To)
		if len(f.Source) == 0 {
			r.reject(At(f.Src, "source", "feed %q has no source", f.ID))
			bad = true
		}
		if len(f.To) == 0 {
			r.reject(At(f.Src, "to", "feed %q has no consumer", f.ID))
			bad = true
		}
		if bad {
			continue
		}
		if f.Kind == "" {
			f.Kind = FeedView
		}
		f.Source = uniqueIDs(f.Source)
		for i := range f.Via {
			f.Via[i] = uniqueIDs(f.Via[i])
		}
		f.To = uniqueIDs(f.To)
		k := Key(f.ID)
		if first, dup := keys[k]; dup {
			r.reject(At(f.Src, "id", "duplicate feed id %q (first at %s)", f.ID, rowOf(out[first].Src)))
			continue
		}
		keys[k] = len(out)
		out = append(out, f)
	}
	m.Feeds = out
}

// scenarios checks that each scenario's targets name something; a target
// that names nothing is an error when that scenario is run, a warning here.
func (r *resolver) scenarios() {
	m := r.m
	for _, s := range m.Scenarios {
		for _, a := range s.Actions {
			if _, err := selectIn(m, r.assetKey, r.zoneKey, r.conduitKey, a); err != nil {
				m.Warnings.Add(At(a.Src, "target", "scenario %q: %v", s.Name, err))
			}
		}
	}
}

// ref checks that id names a known element; it returns the problem to report
// otherwise, with the nearest known id as a suggestion.
func (r *resolver) ref(src Source, col, what, id string, known map[string]int32) *Problem {
	k := Key(id)
	if k == "" {
		return At(src, col, "empty %s reference", what)
	}
	if _, ok := known[k]; ok {
		return nil
	}
	msg := fmt.Sprintf("unknown %s %q", what, strings.TrimSpace(id))
	// Finding the nearest id costs a scan of the known ids; do it for the
	// first problems only, which are the ones a person reads.
	if r.suggested < 50 {
		r.suggested++
		if s := r.nearest(what, k, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	}
	return At(src, col, "%s", msg)
}

func (r *resolver) nearest(what, key string, known map[string]int32) string {
	if r.nearIx == nil {
		r.nearIx = make(map[string]*nearIndex)
	}
	ni := r.nearIx[what]
	if ni == nil {
		var ids []string
		switch what {
		case "asset":
			ids = make([]string, len(r.m.Assets))
			for i := range r.m.Assets {
				ids[i] = r.m.Assets[i].ID
			}
		case "zone":
			ids = make([]string, len(r.m.Zones))
			for i := range r.m.Zones {
				ids[i] = r.m.Zones[i].ID
			}
		}
		ni = newNearIndex(ids)
		r.nearIx[what] = ni
	}
	return ni.nearest(key)
}

func rowOf(s Source) string {
	if s.Row > 0 {
		return fmt.Sprintf("row %d", s.Row)
	}
	return "an earlier row"
}

// uniqueIDs drops blank entries and repeats (as ids match) from a list,
// keeping the first spelling; it returns the list itself when it is clean.
func uniqueIDs(ids []string) []string {
	clean := len(ids) <= 16
	for i, id := range ids {
		if !clean {
			break
		}
		if Key(id) == "" {
			clean = false
			break
		}
		for _, prev := range ids[:i] {
			if Key(prev) == Key(id) {
				clean = false
				break
			}
		}
	}
	if clean {
		return ids
	}
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		k := Key(id)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.TrimSpace(id))
	}
	return out
}
