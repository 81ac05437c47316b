package graph

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Resolve checks every reference of the model — a dependency's or feed's
// assets, a conduit's zones and via devices, duplicate ids, need larger than
// the providers listed — and builds the index the simulation runs on. All
// problems are returned together. With skipInvalid, rows that have problems
// are dropped instead (counted in Skipped, and each problem kept as a
// warning) so the rest of the model can be simulated.
func (m *Model) Resolve(skipInvalid bool) ProblemList {
	return m.StartResolve(skipInvalid).Finish()
}

// Resolution is a model being resolved in two steps: see StartResolve.
type Resolution struct {
	m *Model
	r *resolver

	deps     *resolver     // resolving the dependencies, once started
	depsDone chan struct{} // closed when deps is done
}

// StartResolve resolves the model's assets, zones and conduits, the first
// part of Resolve, so that a reader can do it while it still reads the
// other sheets: until Finish, it may go on setting the model's
// Dependencies, Feeds, Scenarios, Sheets, Warnings and Skipped, but not its
// assets, zones or conduits.
func (m *Model) StartResolve(skipInvalid bool) *Resolution {
	m.ix = nil
	r := &resolver{m: m, skip: skipInvalid, ix: &index{}}
	r.assets()
	s := &Resolution{m: m, r: r}
	r.zones()
	r.conduits()
	return s
}

// StartDependencies starts resolving the model's dependencies, which refer
// to assets only, so that a reader can do it while it still reads the
// feeds. Call it after StartResolve, once the model's Dependencies are set
// for good; without it Finish starts them itself.
func (s *Resolution) StartDependencies() {
	if s.depsDone != nil {
		return
	}
	s.deps = s.r.child()
	s.depsDone = make(chan struct{})
	go func() {
		defer close(s.depsDone)
		s.deps.dependencies()
	}()
}

// Finish resolves the rest of the model and builds its index, and returns
// the problems of both steps, as Resolve does. Call it once.
func (s *Resolution) Finish() ProblemList {
	m, r := s.m, s.r
	// Dependencies and feeds refer to assets only and fill lists of their
	// own: resolve them side by side.
	s.StartDependencies()
	keyed := r.lookUpFeeds()
	// What the index derives from the assets, zones, conduits and
	// dependencies is built while the feeds are taken in order.
	<-s.depsDone
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		indexModel(m, r.ix)
	}()
	r.feeds(keyed)
	// The ids remembered point into the feeds file's text, which the
	// model no longer needs: let it go before the index is built.
	clear(r.recent[:])
	<-indexed
	r.merge(s.deps)
	r.scenarios()
	for _, src := range r.dropped {
		r.countDrop(src)
	}
	for _, w := range r.warnings {
		m.Warnings.Add(w)
	}
	r.errs.Sort()
	if r.skip {
		for _, p := range r.errs {
			m.Warnings.Add(p)
		}
		r.errs = nil
	}
	m.Warnings.Sort()
	if len(r.errs) == 0 {
		m.ix = finishIndex(m, r.ix)
	}
	return r.errs
}

// resolver looks every reference up once, keeping the rows that resolve and
// building the index's lists as it goes.
type resolver struct {
	m    *Model
	skip bool
	errs ProblemList
	ix   *index
	buf  []byte

	recent [256]recentID

	// pre holds the assets a sheet's references name, looked up ahead on
	// several goroutines, in the order refs reads them (-1: unknown), in
	// one chunk per goroutine.
	pre   [][]int32
	preAt [2]int // chunk of pre, and place in it

	suggested int
	nearIx    map[string]*nearIndex

	warnings ProblemList
	dropped  []Source
}

// child is a resolver for work done beside r: it shares the model and the
// keys, and keeps its own problems until merged.
func (r *resolver) child() *resolver {
	return &resolver{m: r.m, skip: r.skip, ix: r.ix}
}

func (r *resolver) merge(c *resolver) {
	r.errs = append(r.errs, c.errs...)
	r.warnings = append(r.warnings, c.warnings...)
	r.dropped = append(r.dropped, c.dropped...)
}

func (r *resolver) warn(p *Problem) { r.warnings.Add(p) }

// find looks an id up as ids match (trimmed, case-folded) without
// allocating for the common ASCII case. Plants name the same few providers
// and hops on thousands of rows (the domain controllers, the SCADA pair), so
// the ids last found are remembered.
func (r *resolver) find(known *keyTable, id string) (int32, bool) {
	slot := -1
	if n := len(id); n > 0 {
		slot = (n*31 + int(id[n-1])*7 + int(id[n/2])) & (len(r.recent) - 1)
		if e := &r.recent[slot]; e.known == known && e.id == id {
			return e.v, true
		}
	}
	v, ok := known.get(id)
	if ok && slot >= 0 {
		r.recent[slot] = recentID{known: known, id: id, v: v}
	}
	return v, ok
}

// recentID is an id found lately, and in which table.
type recentID struct {
	known *keyTable
	id    string
	v     int32
}

// problem records a problem of a row.
func (r *resolver) problem(p *Problem) { r.errs.Add(p) }

// drop records that a row with problems is left out; only when skipping
// invalid rows does that matter, for the counts the report shows.
func (r *resolver) drop(src Source) {
	if r.skip {
		r.dropped = append(r.dropped, src)
	}
}

func (r *resolver) countDrop(src Source) {
	r.m.Skipped++
	for i := range r.m.Sheets {
		s := &r.m.Sheets[i]
		if s.Sheet == src.Sheet() && s.File == src.File() && s.Used > 0 {
			s.Used--
			break
		}
	}
}

func (r *resolver) assets() {
	m := r.m
	// As for feeds (see feeds), only assets whose id hashes like another's
	// are checked for a duplicate, in a small table; the table of all ids
	// is then filled in the order of its slots, not all over memory.
	keyed := make([]uint64, len(m.Assets))
	hashOf := make([]uint32, len(m.Assets))
	for i := range m.Assets {
		a := &m.Assets[i]
		a.ID = strings.TrimSpace(a.ID)
		hashOf[i] = keyHash(a.ID)
		keyed[i] = uint64(hashOf[i])<<32 | uint64(i)
	}
	suspect := sharedHashes(keyed)
	dups := newKeyTable(0, func(v int32) string { return m.Assets[v].ID })
	var hashes []uint32 // of the assets kept, in their new order
	out := m.Assets[:0]
	for i := range m.Assets {
		a := &m.Assets[i]
		if a.ID == "" {
			r.problem(At(a.Src, "id", "asset has no id"))
			r.drop(a.Src)
			continue
		}
		if suspect[i] {
			if first, dup := dups.get(a.ID); dup {
				r.problem(At(a.Src, "id", "duplicate asset id %q (first at %s)", a.ID, rowOf(out[first].Src)))
				r.drop(a.Src)
				continue
			}
			dups.put(a.ID, int32(len(out)))
		}
		a.Tags = uniqueIDs(a.Tags)
		hashes = append(hashes, hashOf[i])
		if len(out) != i {
			m.Assets[len(out)] = *a // close the gap a dropped row left
		}
		out = out[:len(out)+1]
	}
	m.Assets = out
	r.ix.assetKey = newKeyTable(len(out), func(v int32) string { return m.Assets[v].ID })
	r.ix.assetKey.fill(hashes)
}

// zones keys the Zones sheet, creates the zones that assets name but the
// sheet lacks, and lists each asset's zones.
func (r *resolver) zones() {
	m := r.m
	r.ix.zoneKey = newKeyTable(len(m.Zones), func(v int32) string { return m.Zones[v].ID })
	out := m.Zones[:0]
	for _, z := range m.Zones {
		z.ID = strings.TrimSpace(z.ID)
		if z.ID == "" {
			r.problem(At(z.Src, "id", "zone has no id"))
			r.drop(z.Src)
			continue
		}
		if first, dup := r.ix.zoneKey.get(z.ID); dup {
			r.problem(At(z.Src, "id", "duplicate zone id %q (first at %s)", z.ID, rowOf(out[first].Src)))
			r.drop(z.Src)
			continue
		}
		r.ix.zoneKey.put(z.ID, int32(len(out)))
		out = append(out, z)
	}
	m.Zones = out
	sheetZones := len(out)
	az := newCSRBuilder(len(m.Assets), len(m.Assets))
	for i := range m.Assets {
		a := &m.Assets[i]
		start := len(az.c.items)
		for _, zid := range a.Zones {
			if strings.TrimSpace(zid) == "" {
				continue
			}
			z, ok := r.find(r.ix.zoneKey, zid)
			if !ok {
				msg := fmt.Sprintf("zone %q is not in the Zones sheet; created without a level", strings.TrimSpace(zid))
				// A near miss of a zone the sheet has is most likely a typo:
				// say so, or the new zone's assets turn up as losses.
				if sheetZones > 0 && r.suggested < 50 {
					r.suggested++
					if near := r.nearest("zone", Key(zid)); near != "" {
						msg += fmt.Sprintf(" (did you mean %q?)", near)
					}
				}
				z = int32(len(m.Zones))
				r.ix.zoneKey.put(zid, z)
				m.Zones = append(m.Zones, Zone{ID: strings.TrimSpace(zid), Level: NoLevel, Src: a.Src, Implicit: true})
				r.warn(At(a.Src, "zone", "%s", msg))
			}
			az.c.items = append(az.c.items, z)
		}
		if az.endList(start) {
			a.Zones = uniqueIDs(a.Zones)
		}
	}
	r.ix.assetZones = az.c
	// Later suggestions choose among every zone, the created ones too.
	delete(r.nearIx, "zone")
}

// refs resolves a list of references into the builder's open list, dropping
// repeats; it reports whether all resolved and whether repeats were dropped.
func (r *resolver) refs(b *csrBuilder, src Source, col, what string, ids []string, known *keyTable) (ok, repeats bool) {
	ok = true
	start := len(b.c.items)
	pre := r.pre != nil && known == r.ix.assetKey
	for j, id := range ids {
		var i int32
		var found bool
		if pre {
			for r.preAt[1] == len(r.pre[r.preAt[0]]) {
				r.preAt = [2]int{r.preAt[0] + 1, 0}
			}
			i = r.pre[r.preAt[0]][r.preAt[1]]
			found = i >= 0
			r.preAt[1]++
		} else {
			i, found = r.find(known, id)
		}
		if !found {
			r.problem(r.unknown(src, col, what, id, known))
			ok = false
			continue
		}
		if known == r.ix.assetKey && !pre {
			// The asset's own id, so that the row's text can be let go.
			ids[j] = r.m.Assets[i].ID
		}
		b.c.items = append(b.c.items, i)
	}
	repeats = dedupe(b, start)
	return ok, repeats
}

// dedupe drops repeated items of the builder's open list (from start on).
func dedupe(b *csrBuilder, start int) bool {
	l := b.c.items[start:]
	n := 0
	var seen map[int32]bool
	if len(l) > 16 {
		seen = make(map[int32]bool, len(l))
	}
outer:
	for _, v := range l {
		if seen != nil {
			if seen[v] {
				continue
			}
			seen[v] = true
		} else {
			for _, w := range l[:n] {
				if w == v {
					continue outer
				}
			}
		}
		l[n] = v
		n++
	}
	b.c.items = b.c.items[:start+n]
	return n < len(l)
}

func (r *resolver) conduits() {
	m := r.m
	ix := r.ix
	ix.conduitKey = newKeyTable(len(m.Conduits), func(v int32) string { return m.Conduits[v].ID })
	via := newCSRBuilder(len(m.Conduits), len(m.Conduits))
	out := m.Conduits[:0]
	for _, c := range m.Conduits {
		c.ID = strings.TrimSpace(c.ID)
		from, okFrom := r.find(ix.zoneKey, c.From)
		if !okFrom {
			r.problem(r.unknown(c.Src, "from", "zone", c.From, ix.zoneKey))
		}
		to, okTo := r.find(ix.zoneKey, c.To)
		if !okTo {
			r.problem(r.unknown(c.Src, "to", "zone", c.To, ix.zoneKey))
		}
		start := len(via.c.items)
		okVia, repeats := r.refs(via, c.Src, "via", "asset", c.Via, ix.assetKey)
		if c.ID == "" && okFrom && okTo {
			c.ID = r.uniqueConduitID(strings.TrimSpace(c.From) + "-" + strings.TrimSpace(c.To))
		}
		first, dup := ix.conduitKey.get(c.ID)
		if dup {
			r.problem(At(c.Src, "id", "duplicate conduit id %q (first at %s)", c.ID, rowOf(out[first].Src)))
		}
		if !okFrom || !okTo || !okVia || dup {
			via.c.items = via.c.items[:start]
			r.drop(c.Src)
			continue
		}
		if repeats {
			c.Via = uniqueIDs(c.Via)
		}
		via.endList(start)
		ix.conduitKey.put(c.ID, int32(len(out)))
		ix.conduitFrom = append(ix.conduitFrom, from)
		ix.conduitTo = append(ix.conduitTo, to)
		ix.conduitBoth = append(ix.conduitBoth, !c.OneWay)
		out = append(out, c)
	}
	m.Conduits = out
	ix.conduitVia = via.c
}

// idHash is a feed's id hash (as keyTable hashes ids) in the upper 32 bits
// and its number in the lower, for sharedHashes.
func idHash(feeds []Feed, k int) uint64 {
	return uint64(keyHash(strings.TrimSpace(feeds[k].ID)))<<32 | uint64(k)
}

// sharedHashes marks the feeds whose id has the hash of another feed's id,
// given every feed's idHash: only these can have a duplicate id. It sorts
// keyed by hash.
func sharedHashes(keyed []uint64) []bool {
	radixSortHigh(keyed)
	suspect := make([]bool, len(keyed))
	for i := 1; i < len(keyed); i++ {
		if keyed[i]>>32 == keyed[i-1]>>32 {
			suspect[uint32(keyed[i-1])] = true
			suspect[uint32(keyed[i])] = true
		}
	}
	return suspect
}

// radixSortHigh sorts keyed by their upper 32 bits (a large slice in two
// radix passes of 16 bits).
func radixSortHigh(keyed []uint64) {
	if len(keyed) < 1<<14 {
		slices.Sort(keyed)
		return
	}
	tmp := make([]uint64, len(keyed))
	for shift := 32; shift < 64; shift += 16 {
		var count [1<<16 + 1]int
		for _, v := range keyed {
			count[(v>>shift)&0xffff+1]++
		}
		for b := 1; b < len(count); b++ {
			count[b] += count[b-1]
		}
		for _, v := range keyed {
			d := (v >> shift) & 0xffff
			tmp[count[d]] = v
			count[d]++
		}
		keyed, tmp = tmp, keyed
	}
	// After an even number of passes the result is back in keyed.
}

// minParallelFeeds is the number of feeds from which feedAssets looks
// their assets up on several goroutines.
var minParallelFeeds = 4096

// feedAssets looks up the assets every feed names — sources, hops and
// consumers, in the order feeds reads them — on as many goroutines as there
// are cores, and points each reference at the asset's own id, so that the
// feeds file's text can be let go; and it fills keyed with each feed's
// idHash. Looking ids up is most of resolving a large model, and the other
// work beside it leaves a core idle. It returns nil, and leaves keyed alone,
// for a small model, which feeds resolves as it goes.
func (r *resolver) feedAssets(keyed []uint64) [][]int32 {
	feeds := r.m.Feeds
	parts := min(runtime.GOMAXPROCS(0), 8)
	if len(feeds) < minParallelFeeds || parts < 2 {
		return nil
	}
	found := make([][]int32, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(feeds)/parts, (p+1)*len(feeds)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := r.child()
			n := 0
			for k := lo; k < hi; k++ {
				n += len(feeds[k].Source) + len(feeds[k].To)
				for _, hop := range feeds[k].Via {
					n += len(hop)
				}
			}
			out := make([]int32, 0, n)
			look := func(ids []string) {
				for j, id := range ids {
					i, ok := c.find(c.ix.assetKey, id)
					if !ok {
						out = append(out, -1)
						continue
					}
					ids[j] = c.m.Assets[i].ID
					out = append(out, i)
				}
			}
			for k := lo; k < hi; k++ {
				keyed[k] = idHash(feeds, k)
				f := &feeds[k]
				look(f.Source)
				for _, hop := range f.Via {
					look(hop)
				}
				look(f.To)
			}
			found[p] = out
		}()
	}
	wg.Wait()
	return found
}

// uniqueConduitID names a conduit that has no id: FROM-TO, or FROM-TO-2 and
// so on when two conduits join the same zones.
func (r *resolver) uniqueConduitID(base string) string {
	id := base
	for n := 2; ; n++ {
		if _, taken := r.ix.conduitKey.get(id); !taken {
			return id
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

func (r *resolver) dependencies() {
	m := r.m
	ix := r.ix
	prov := newCSRBuilder(len(m.Dependencies), 2*len(m.Dependencies))
	out := m.Dependencies[:0]
	for _, d := range m.Dependencies {
		consumer, okC := r.find(ix.assetKey, d.Consumer)
		if !okC {
			r.problem(r.unknown(d.Src, "consumer", "asset", d.Consumer, ix.assetKey))
		}
		start := len(prov.c.items)
		okP, repeats := r.refs(prov, d.Src, "provider", "asset", d.Providers, ix.assetKey)
		n := len(prov.c.items) - start
		bad := !okC || !okP
		if repeats {
			r.warn(At(d.Src, "provider", "a provider is listed twice; counted once"))
			d.Providers = uniqueIDs(d.Providers)
		}
		if !bad && n == 0 {
			r.problem(At(d.Src, "provider", "dependency of %q lists no provider", strings.TrimSpace(d.Consumer)))
			bad = true
		}
		if d.Need < 1 {
			d.Need = 1
		}
		if !bad && d.Need > n {
			r.problem(At(d.Src, "need", "need %d is larger than the %d provider(s) listed", d.Need, n))
			bad = true
		}
		if bad {
			prov.c.items = prov.c.items[:start]
			r.drop(d.Src)
			continue
		}
		prov.endList(start)
		ix.depConsumer = append(ix.depConsumer, consumer)
		ix.depNeed = append(ix.depNeed, int32(d.Need))
		ix.depGrace = append(ix.depGrace, d.GraceMS)
		out = append(out, d)
	}
	m.Dependencies = out
	ix.depProv = prov.c
}

// lookUpFeeds looks up the assets the feeds name, on several goroutines
// when there are many, for feeds to take in order, and returns the hash of
// each feed's id.
func (r *resolver) lookUpFeeds() (keyed []uint64) {
	m := r.m
	keyed = make([]uint64, len(m.Feeds))
	r.pre, r.preAt = r.feedAssets(keyed), [2]int{}
	if r.pre == nil {
		for k := range keyed {
			keyed[k] = idHash(m.Feeds, k)
		}
	}
	return keyed
}

// feeds resolves the feeds, given lookUpFeeds' hashes of their ids.
func (r *resolver) feeds(keyed []uint64) {
	m := r.m
	ix := r.ix
	// Only feeds whose id hashes like another's can be duplicates: the
	// others skip the table, whose lookups cost more than the rest of
	// resolving a feed.
	suspect := sharedHashes(keyed)
	keys := newKeyTable(0, func(v int32) string { return m.Feeds[v].ID })
	defer func() { r.pre = nil }()
	src := newCSRBuilder(len(m.Feeds), len(m.Feeds))
	to := newCSRBuilder(len(m.Feeds), len(m.Feeds))
	hops := newCSRBuilder(len(m.Feeds), len(m.Feeds))
	alts := newCSRBuilder(len(m.Feeds), len(m.Feeds))
	out := m.Feeds[:0]
	for k := range m.Feeds {
		f := &m.Feeds[k]
		f.ID = strings.TrimSpace(f.ID)
		bad := false
		if f.ID == "" {
			r.problem(At(f.Src, "id", "feed has no id"))
			bad = true
		} else if suspect[k] {
			if first, dup := keys.get(f.ID); dup {
				r.problem(At(f.Src, "id", "duplicate feed id %q (first at %s)", f.ID, rowOf(out[first].Src)))
				bad = true
			}
		}
		sStart, tStart := len(src.c.items), len(to.c.items)
		ok, repeats := r.refs(src, f.Src, "source", "asset", f.Source, ix.assetKey)
		bad = bad || !ok
		if repeats {
			f.Source = uniqueIDs(f.Source)
		}
		aStart, hStart := len(alts.c.items), len(alts.c.start)
		for i, hop := range f.Via {
			start := len(alts.c.items)
			ok, repeats := r.refs(alts, f.Src, "via", "asset", hop, ix.assetKey)
			bad = bad || !ok
			if repeats {
				f.Via[i] = uniqueIDs(hop)
			}
			if ok && len(alts.c.items) == start {
				r.problem(At(f.Src, "via", "feed %q has an empty hop", f.ID))
				bad = true
			}
			alts.endList(start)
		}
		ok, repeats = r.refs(to, f.Src, "to", "asset", f.To, ix.assetKey)
		bad = bad || !ok
		if repeats {
			f.To = uniqueIDs(f.To)
		}
		if len(f.Source) == 0 {
			r.problem(At(f.Src, "source", "feed %q has no source", f.ID))
			bad = true
		}
		if len(f.To) == 0 {
			r.problem(At(f.Src, "to", "feed %q has no consumer", f.ID))
			bad = true
		}
		if bad {
			src.c.items = src.c.items[:sStart]
			to.c.items = to.c.items[:tStart]
			alts.c.items = alts.c.items[:aStart]
			alts.c.start = alts.c.start[:hStart]
			r.drop(f.Src)
			continue
		}
		src.endList(sStart)
		to.endList(tStart)
		for h := hStart - 1; h < len(alts.c.start)-1; h++ {
			hops.c.items = append(hops.c.items, int32(h))
		}
		hops.c.start = append(hops.c.start, int32(len(hops.c.items)))
		if f.Kind == "" {
			f.Kind = FeedView
		}
		if suspect[k] {
			keys.put(f.ID, int32(len(out)))
		}
		if len(out) != k {
			m.Feeds[len(out)] = *f // close the gap a dropped row left
		}
		out = out[:len(out)+1]
	}
	m.Feeds = out
	ix.feedSource = src.c
	ix.feedTo = to.c
	ix.feedHops = hops.c
	ix.hopAlts = alts.c
}

// scenarios checks that each scenario's targets name something; a target
// that names nothing is an error when that scenario is run, a warning here.
func (r *resolver) scenarios() {
	m := r.m
	for _, s := range m.Scenarios {
		for _, a := range s.Actions {
			if _, err := selectIn(m, r.ix.assetKey, r.ix.zoneKey, r.ix.conduitKey, a); err != nil {
				r.warn(At(a.Src, "target", "scenario %q: %v", s.Name, err))
			}
		}
	}
}

// unknown makes the problem of a reference that names nothing, with the
// nearest known id as a suggestion.
func (r *resolver) unknown(src Source, col, what, id string, known *keyTable) *Problem {
	if Key(id) == "" {
		return At(src, col, "empty %s reference", what)
	}
	msg := fmt.Sprintf("unknown %s %q", what, strings.TrimSpace(id))
	// Finding the nearest id costs a scan of the known ids; do it for the
	// first problems only, which are the ones a person reads.
	if r.suggested < 50 {
		r.suggested++
		if s := r.nearest(what, Key(id)); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	}
	return At(src, col, "%s", msg)
}

func (r *resolver) nearest(what, key string) string {
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
// keeping the first spelling; a clean list comes back as it is.
func uniqueIDs(ids []string) []string {
	if len(ids) <= 1 {
		if len(ids) == 1 && Key(ids[0]) == "" {
			return nil
		}
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
