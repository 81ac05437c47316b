package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// maxWhy bounds an explanation: the first lines of the chain are the ones a
// responder reads; a chain through hundreds of assets helps nobody.
const maxWhy = 12

// explainer writes the why of reported items: the shortest chain from the
// item back to the actions that caused it, one cause per line, each line
// ending at an action or at a fact of the model.
type explainer struct {
	r *run
	m *Model
	// causes caches the explanation of each asset that is down, since many
	// items share the same causes (every station behind one lost server).
	causes  map[int32][]string
	rowText map[int32]string
}

func newExplainer(r *run) *explainer {
	return &explainer{r: r, m: r.m, causes: map[int32][]string{}, rowText: map[int32]string{}}
}

// lines gathers an explanation without repeats and within maxWhy.
type lines struct {
	out  []string
	done []int32 // assets already explained
}

func newLines() *lines { return &lines{} }

func (l *lines) add(format string, args ...any) {
	if l.full() {
		return
	}
	l.addLine(fmt.Sprintf(format, args...))
}

func (l *lines) addLine(s string) {
	if l.full() {
		return
	}
	for _, o := range l.out {
		if o == s {
			return
		}
	}
	l.out = append(l.out, s)
}

func (l *lines) seenAsset(a int32) bool {
	for _, d := range l.done {
		if d == a {
			return true
		}
	}
	l.done = append(l.done, a)
	return false
}

func (l *lines) full() bool { return len(l.out) >= maxWhy }

func (l *lines) result() []string {
	if l.out == nil {
		return []string{}
	}
	return l.out
}

func (e *explainer) action(i int32) string {
	return fmt.Sprintf("%q", e.r.actions[i].String())
}

func (e *explainer) id(a int32) string { return e.m.Assets[a].ID }

func (e *explainer) asset(a int32) []string {
	l := newLines()
	e.assetCause(l, a)
	if l.out == nil {
		if t := e.r.degradedSince(a); t != Never {
			e.degraded(l, a)
		}
	}
	return l.result()
}

// assetCause explains why asset a is down: shut down, isolated, or failed
// through its dependencies.
func (e *explainer) assetCause(l *lines, a int32) {
	if l.full() || l.seenAsset(a) {
		return
	}
	cached, ok := e.causes[a]
	if !ok {
		e.causes[a] = nil // in progress: a cycle back to a adds nothing
		own := newLines()
		own.done = append(own.done, a)
		e.assetCauseUncached(own, a)
		cached = own.out
		e.causes[a] = cached
	}
	for _, line := range cached {
		l.addLine(line)
	}
}

func (e *explainer) assetCauseUncached(l *lines, a int32) {
	net := e.r.net
	switch {
	case net.shutdownBy[a] != none:
		l.add("%s shut down by %s", e.id(a), e.action(net.shutdownBy[a]))
	case net.isolatedBy[a] != none:
		l.add("%s isolated by %s", e.id(a), e.action(net.isolatedBy[a]))
	case e.r.fail[a] != Never:
		row := e.r.failRow[a]
		if row == none {
			return
		}
		l.add("%s lost %s: %s", e.id(a), when(e.r.fail[a]), e.rowDescription(row, true))
		e.rowCauses(l, row, e.r.rowFail[row])
	}
}

// rowDescription describes a dependency row: "HMI-1 needs auth from 1 of
// [DC-01, DC-02]", with its grace when it failed.
func (e *explainer) rowDescription(row int32, failed bool) string {
	key := row
	if failed {
		key = -row - 1
	}
	if s, ok := e.rowText[key]; ok {
		return s
	}
	s := e.rowDescriptionUncached(row, failed)
	e.rowText[key] = s
	return s
}

func (e *explainer) rowDescriptionUncached(row int32, failed bool) string {
	d := &e.m.Dependencies[row]
	svc := d.Service
	if svc == "" {
		svc = "it"
	}
	var b strings.Builder
	c := e.id(e.r.ix.depConsumer[row])
	if len(d.Providers) == 1 {
		fmt.Fprintf(&b, "%s needs %s from %s", c, svc, e.id(e.r.ix.depProv.of(row)[0]))
	} else {
		fmt.Fprintf(&b, "%s needs %s from %d of [%s]", c, svc, d.Need, strings.Join(e.m.ids(e.r.ix.depProv.of(row)), ", "))
	}
	if failed && d.GraceMS > 0 {
		fmt.Fprintf(&b, ", works %s without it", FormatDuration(d.GraceMS))
	}
	return b.String()
}

// rowCauses explains the providers of a row that are unavailable by time t.
func (e *explainer) rowCauses(l *lines, row int32, t int64) {
	ix := e.r.ix
	c := ix.depConsumer[row]
	for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
		if e.r.slotAvail(s) > t {
			continue
		}
		p := ix.depProv.items[s]
		if !e.r.slotUp[s] {
			e.noReach(l, c, p, true)
			continue
		}
		e.assetCause(l, p)
	}
}

// degraded explains rule 8's degraded: providers of holding rows that are
// unavailable.
func (e *explainer) degraded(l *lines, a int32) {
	ix := e.r.ix
	for _, row := range ix.consRows.of(a) {
		if e.r.rowFail[row] != Never {
			continue
		}
		var down []string
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			if e.r.slotAvail(s) != Never {
				down = append(down, e.id(ix.depProv.items[s]))
			}
		}
		if len(down) == 0 {
			continue
		}
		l.add("%s; %s unavailable, the rest still hold", e.rowDescription(row, false), strings.Join(down, ", "))
		e.rowCauses(l, row, Never-1)
	}
}

// noReach explains why a cannot reach b (both ways when twoWay, else a→b).
func (e *explainer) noReach(l *lines, a, b int32, twoWay bool) {
	net := e.r.net
	verb := "cannot send to"
	if twoWay {
		verb = "has no two-way reach to"
	}
	for _, x := range []int32{b, a} {
		if net.shutdownBy[x] != none || net.isolatedBy[x] != none {
			e.assetCause(l, x)
			return
		}
	}
	ix := e.r.ix
	za, zb := ix.assetZones.of(a), ix.assetZones.of(b)
	if len(za) == 0 || len(zb) == 0 {
		x := a
		if len(zb) == 0 {
			x = b
		}
		l.add("%s %s %s: %s is in no zone", e.id(a), verb, e.id(b), e.id(x))
		return
	}
	found := false
	for _, z := range za {
		for _, c := range ix.conduitZonesTouching(z) {
			other := ix.conduitTo[c]
			if other == z {
				other = ix.conduitFrom[c]
			}
			if !contains(zb, other) {
				continue
			}
			found = true
			e.conduitCause(l, a, b, c, verb)
		}
	}
	if !found {
		l.add("%s %s %s: no conduit between zone %s and zone %s", e.id(a), verb, e.id(b),
			e.zoneList(za), e.zoneList(zb))
	}
}

func (ix *index) conduitZonesTouching(z int32) []int32 { return ix.zoneConduit.of(z) }

func (e *explainer) conduitCause(l *lines, a, b, c int32, verb string) {
	net, ix, m := e.r.net, e.r.ix, e.m
	cid := m.Conduits[c].ID
	switch net.conduitState(c) {
	case conduitCut:
		l.add("%s %s %s: conduit %s cut by %s", e.id(a), verb, e.id(b), cid, e.action(net.cutBy[c]))
	case conduitZoneIsolated:
		z := ix.conduitFrom[c]
		if net.zoneIsolatedBy[z] == none {
			z = ix.conduitTo[c]
		}
		l.add("%s %s %s: conduit %s down, zone %s isolated by %s", e.id(a), verb, e.id(b), cid, m.Zones[z].ID, e.action(net.zoneIsolatedBy[z]))
	case conduitViaDown:
		via := ix.conduitVia.of(c)
		l.add("%s %s %s: conduit %s down, no boundary device of [%s] is up", e.id(a), verb, e.id(b), cid, strings.Join(m.ids(via), ", "))
		for _, v := range via {
			e.assetCause(l, v)
		}
	default:
		if ix.conduitBoth[c] {
			return
		}
		l.add("%s %s %s: conduit %s is one-way from %s to %s", e.id(a), verb, e.id(b), cid,
			m.Zones[ix.conduitFrom[c]].ID, m.Zones[ix.conduitTo[c]].ID)
	}
}

func (e *explainer) zoneList(zs []int32) string {
	ids := make([]string, len(zs))
	for i, z := range zs {
		ids[i] = e.m.Zones[z].ID
	}
	return strings.Join(ids, "|")
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// operatorStation explains rule 6: lost when shut down, isolated or failed;
// degraded by a provider or a feed that stops reaching it.
func (e *explainer) operatorStation(a int32, status string, at int64) []string {
	l := newLines()
	e.assetCause(l, a)
	if status == StatusDegraded {
		e.degraded(l, a)
		ix := e.r.ix
		for _, f := range ix.consFeeds.of(a) {
			if d := e.r.feedToward(f, a); d != Never {
				l.add("feed %s stops reaching %s %s", e.m.Feeds[f].ID, e.id(a), when(d))
				e.feedCauses(l, f, a)
			}
		}
	}
	return l.result()
}

// feed explains a lost or degraded feed through its first lost consumer.
func (e *explainer) feed(f int32) []string {
	l := newLines()
	ix := e.r.ix
	for j, k := range ix.feedTo.of(f) {
		if e.r.feedD[f][j] != Never {
			l.add("%s stops reaching %s %s", e.m.Feeds[f].ID, e.id(k), when(e.r.feedD[f][j]))
			e.feedCauses(l, f, k)
			break
		}
	}
	return l.result()
}

// feedCauses walks the feed's chains back from consumer k to the member whose
// failure, or the step that cannot send, ends the feed there.
func (e *explainer) feedCauses(l *lines, f, k int32) {
	ix, r := e.r.ix, e.r
	layers := [][]int32{ix.feedSource.of(f)}
	for _, h := range ix.feedHops.of(f) {
		layers = append(layers, ix.hopAlts.of(h))
	}
	layers = append(layers, []int32{k})
	vals := make([][]int64, len(layers))
	vals[0] = make([]int64, len(layers[0]))
	for i, a := range layers[0] {
		vals[0][i] = r.fail[a]
	}
	for li := 1; li < len(layers); li++ {
		vals[li] = make([]int64, len(layers[li]))
		for j, y := range layers[li] {
			v := int64(-1)
			for i, x := range layers[li-1] {
				if vals[li-1][i] > v && r.net.canSend(x, y) {
					v = vals[li-1][i]
				}
			}
			if v >= 0 && r.fail[y] < v {
				v = r.fail[y]
			}
			vals[li][j] = v
		}
	}
	var walk func(li, j int)
	walk = func(li, j int) {
		if l.full() {
			return
		}
		y, v := layers[li][j], vals[li][j]
		if v >= 0 && r.fail[y] == v {
			e.assetCause(l, y)
			return
		}
		if li == 0 {
			return
		}
		for i, x := range layers[li-1] {
			switch {
			case !r.net.canSend(x, y):
				if v < 0 {
					e.noReach(l, x, y, false)
				}
			case vals[li-1][i] == v || (v < 0 && vals[li-1][i] < 0):
				walk(li-1, i)
				if v >= 0 {
					return // one bottleneck suffices
				}
			}
		}
	}
	walk(len(layers)-1, 0)
}

// when says when a loss happens, in a responder's words.
func when(ms int64) string {
	if ms <= 0 {
		return "immediately"
	}
	return "after " + FormatDuration(ms)
}

// FormatDuration writes milliseconds the way the readers accept them back:
// "8h", "3d", "1d12h", "1h30m", "45s", "250ms"; 0 is "0s".
func FormatDuration(ms int64) string {
	if ms == Never {
		return "never"
	}
	if ms == 0 {
		return "0s"
	}
	var b strings.Builder
	u := uint64(ms)
	if ms < 0 {
		b.WriteByte('-')
		u = uint64(-(ms + 1)) + 1 // no overflow at math.MinInt64
	}
	for _, unit := range [...]struct {
		name string
		ms   uint64
	}{{"d", 86_400_000}, {"h", 3_600_000}, {"m", 60_000}, {"s", 1000}, {"ms", 1}} {
		if n := u / unit.ms; n > 0 {
			b.WriteString(strconv.FormatUint(n, 10))
			b.WriteString(unit.name)
			u -= n * unit.ms
		}
	}
	return b.String()
}
