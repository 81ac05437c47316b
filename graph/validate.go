package graph

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/graph/topo"
)

// ValidateSchema names the JSON contract of validate's findings.
const ValidateSchema = "otimpact/validate/v1"

// Severity says how much a finding matters.
type Severity int

// Severities, most serious first: that is the order findings are listed in.
const (
	// SeverityError: the model contradicts itself; simulations of it show
	// losses that no action caused.
	SeverityError Severity = iota
	// SeverityWarning: the model is consistent but the site, or the model's
	// picture of it, has a flaw an architect must weigh.
	SeverityWarning
	// SeverityInfo: worth knowing when planning containment; no flaw.
	SeverityInfo
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "info"
}

// MarshalText writes the severity as its word, for the JSON contract.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the severity back from its word.
func (s *Severity) UnmarshalText(b []byte) error {
	for _, v := range []Severity{SeverityError, SeverityWarning, SeverityInfo} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q (error, warning or info)", b)
}

// Finding codes: stable names that scripts and suppressions can rely on.
const (
	CodeBaselineLoss        = "baseline-loss"
	CodeUnusableAlternative = "unusable-alternative"
	CodeFalseRedundancy     = "false-redundancy"
	CodeDependencyCycle     = "dependency-cycle"
	CodeUnknownKind         = "unknown-kind"
	CodeZoneWithoutLevel    = "zone-without-level"
	CodeUnzonedProvider     = "unzoned-provider"
	CodeConduitSkipsLevels  = "conduit-skips-levels"
	CodeConduitBypassesDMZ  = "conduit-bypasses-dmz"
	CodeSafetyFeedCrossesIT = "safety-feed-crosses-it"
	CodeMultiHomedBridge    = "multi-homed-bridge"
	CodeModelWarning        = "model-warning"
	CodeRowsLeftOut         = "rows-left-out"
	CodeNoAssets            = "no-assets"
)

// Place is where a finding points in the model: the sheet and one-based row
// as the user wrote them (Row 0 when the finding is about no single row) and
// the id of the element the row defines.
type Place struct {
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	ID    string `json:"id"`
}

// Finding is one thing validate reports: what is wrong, where, and how to
// fix it. IDs are the model ids it concerns, the one at Place first.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	IDs      []string `json:"ids"`
	Place    Place    `json:"place"`
	Hint     string   `json:"hint"`
}

// Validate lints the model: what it loses with no action at all (the model
// contradicting itself), redundancy that one action defeats, dependency
// cycles, unknown kinds, zones without a level, providers in no zone,
// segmentation smells, rows read past for their errors and a model with
// no assets. Every finding about losses is the engine's answer,
// never a guess. Findings come sorted: severity, code, place, ids.
func (m *Model) Validate() ([]Finding, error) {
	if m.ix == nil {
		return nil, errors.New("model is not resolved")
	}
	base, err := m.Assess(nil, Options{})
	if err != nil {
		return nil, err
	}
	defer base.Release()
	v := &validator{m: m, ix: m.ix, base: base.r, ex: newExplainer(base.r)}
	v.baselineLosses()
	v.unusableAlternatives()
	if err := v.falseRedundancy(); err != nil {
		return nil, err
	}
	v.cycles()
	v.kinds()
	v.levels()
	v.unzoned()
	v.conduitSmells()
	v.safetyFeeds()
	v.multiHomed()
	v.modelWarnings()
	v.leftOut()
	v.noAssets()
	sortFindings(v.out)
	return v.out, nil
}

type validator struct {
	m    *Model
	ix   *index
	base *run // the site with no action
	ex   *explainer
	out  []Finding
	// unusable holds the feeds with an alternative that carries nothing with
	// no action: their redundancy is not there to be defeated.
	unusable map[int32]bool
	// covered holds the cells whose model warnings a finding already says
	// better (an unknown kind, a zone missing from the Zones sheet).
	covered map[string]bool
}

func (v *validator) add(f Finding) {
	if f.IDs == nil {
		f.IDs = []string{}
	}
	v.out = append(v.out, f)
}

func placeOf(src Source, id string) Place { return Place{Sheet: src.Sheet(), Row: src.Row, ID: id} }

func (v *validator) id(a int32) string { return v.m.Assets[a].ID }

func (v *validator) ids(as []int32) []string { return v.m.ids(as) }

// sortFindings orders findings for reading: severity, code, place, ids.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Severity, b.Severity),
			strings.Compare(a.Code, b.Code),
			strings.Compare(a.Place.Sheet, b.Place.Sheet),
			cmp.Compare(a.Place.Row, b.Place.Row),
			strings.Compare(a.Place.ID, b.Place.ID),
			slices.Compare(a.IDs, b.IDs),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// ---- Baseline losses: the model contradicts itself ----

// baselineLosses reports what the simulation loses with no action: each
// dependency row with a provider its consumer cannot reach both ways (with
// what fails behind it), and each feed that misses consumers. An error: a
// model that loses things by itself makes every simulation of it wrong.
func (v *validator) baselineLosses() {
	r, ix := v.base, v.ix
	behind := v.behindRoots()
	for row := int32(0); row < int32(len(ix.depConsumer)); row++ {
		c := ix.depConsumer[row]
		var unreachable []int32
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			if !r.slotUp[s] {
				unreachable = append(unreachable, ix.depProv.items[s])
			}
		}
		if len(unreachable) == 0 {
			continue
		}
		l := newLines()
		for _, p := range unreachable {
			v.ex.noReach(l, c, p, true)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "with no action, %s; but %s", v.ex.rowDescription(row, false), strings.Join(l.result(), "; "))
		if r.rowFail[row] != Never {
			fmt.Fprintf(&b, "; so %s fails %s", v.id(c), when(satAdd(r.rowFail[row], ix.depGrace[row])))
		} else {
			fmt.Fprintf(&b, "; so %s runs degraded (%d of %d providers unreachable)", v.id(c), len(unreachable), len(ix.depProv.of(row)))
		}
		if after := behind[row]; len(after) > 0 {
			fmt.Fprintf(&b, "; behind it also %s", v.affectedList(after))
		}
		d := &v.m.Dependencies[row]
		v.add(Finding{
			Severity: SeverityError, Code: CodeBaselineLoss, Message: b.String(),
			IDs:   append([]string{v.id(c)}, v.ids(unreachable)...),
			Place: placeOf(d.Src, v.id(c)),
			Hint:  v.reachHint(c, unreachable[0], true),
		})
	}
	for _, f := range ix.feedsByID() {
		to := ix.feedTo.of(f)
		var lost []string
		var lostIDs []int32
		for j, k := range to {
			if d := r.feedD[f][j]; d != Never {
				lost = append(lost, fmt.Sprintf("%s (%s)", v.id(k), when(d)))
				lostIDs = append(lostIDs, k)
			}
		}
		if len(lost) == 0 {
			continue
		}
		status := StatusDegraded
		if len(lost) == len(to) {
			status = StatusLost
		}
		k := lostIDs[0]
		l := newLines()
		v.ex.feedCauses(l, f, k)
		fd := &v.m.Feeds[f]
		msg := fmt.Sprintf("with no action, feed %s is %s: it stops reaching %s; %s",
			fd.ID, status, listSome(lost, 8), strings.Join(l.result(), "; "))
		v.add(Finding{
			Severity: SeverityError, Code: CodeBaselineLoss, Message: msg,
			IDs:   append([]string{fd.ID}, v.ids(lostIDs)...),
			Place: placeOf(fd.Src, fd.ID),
			Hint:  v.feedHint(f, k),
		})
	}
}

// behindRoots maps each dependency row that lacks reach with no action to
// the other assets that fail or degrade because of it.
func (v *validator) behindRoots() map[int32][]int32 {
	r, ix := v.base, v.ix
	memo := map[int32][]int32{}
	var roots func(a int32) []int32
	// roots are the rows without reach that a's failure follows from.
	roots = func(a int32) []int32 {
		if got, ok := memo[a]; ok {
			return got
		}
		memo[a] = nil // in progress: a cycle adds nothing
		var out []int32
		row := r.failRow[a]
		if row != none {
			for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
				if r.slotAvail(s) > r.rowFail[row] {
					continue
				}
				if !r.slotUp[s] {
					out = append(out, row)
				} else {
					out = append(out, roots(ix.depProv.items[s])...)
				}
			}
		}
		out = compactRows(out)
		memo[a] = out
		return out
	}
	behind := map[int32][]int32{}
	for a := int32(0); a < int32(len(v.m.Assets)); a++ {
		var rs []int32
		if r.fail[a] != Never {
			rs = roots(a)
		} else {
			// Degraded: a provider of a holding row failed behind a root.
			for _, row := range ix.consRows.of(a) {
				for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
					if r.slotUp[s] && r.fail[ix.depProv.items[s]] != Never {
						rs = append(rs, roots(ix.depProv.items[s])...)
					}
				}
			}
		}
		for _, row := range compactRows(rs) {
			if ix.depConsumer[row] != a {
				behind[row] = append(behind[row], a)
			}
		}
	}
	return behind
}

func compactRows(rs []int32) []int32 {
	slices.Sort(rs)
	return slices.Compact(rs)
}

// affectedList names assets with what happens to them, a few at most.
func (v *validator) affectedList(as []int32) string {
	r := v.base
	as = slices.Clone(as)
	v.ix.sortByID(as)
	parts := make([]string, 0, len(as))
	for _, a := range as {
		if r.fail[a] != Never {
			parts = append(parts, fmt.Sprintf("%s (lost %s)", v.id(a), when(r.fail[a])))
		} else {
			parts = append(parts, v.id(a)+" (degraded)")
		}
	}
	return listSome(parts, 8)
}

// listSome joins items, eliding past max.
func listSome(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + fmt.Sprintf(", … (%d more)", len(items)-max)
}

// reachHint says how to give a reach to b (both ways for a dependency).
func (v *validator) reachHint(a, b int32, twoWay bool) string {
	m, ix := v.m, v.ix
	for _, x := range []int32{a, b} {
		if len(ix.assetZones.of(x)) == 0 {
			return fmt.Sprintf("put %s in a zone (Assets sheet, zone column)", v.id(x))
		}
	}
	za, zb := ix.assetZones.of(a), ix.assetZones.of(b)
	for _, z := range za {
		for _, c := range ix.zoneConduit.of(z) {
			other := ix.conduitTo[c]
			if other == z {
				other = ix.conduitFrom[c]
			}
			if contains(zb, other) && !ix.conduitBoth[c] {
				return fmt.Sprintf("conduit %s is one-way from %s to %s: make it both ways if %s and %s really talk that way, or use a provider or hop that needs no traffic against it",
					m.Conduits[c].ID, m.Zones[ix.conduitFrom[c]].ID, m.Zones[ix.conduitTo[c]].ID, v.id(a), v.id(b))
			}
		}
	}
	if twoWay {
		return fmt.Sprintf("add a conduit (both ways) between zone %s and zone %s in the Conduits sheet, or list a provider in a zone %s reaches",
			v.ex.zoneList(za), v.ex.zoneList(zb), v.id(a))
	}
	return fmt.Sprintf("add a conduit from zone %s to zone %s in the Conduits sheet, or route the feed through a hop both reach (traffic is not routed across two conduits)",
		v.ex.zoneList(za), v.ex.zoneList(zb))
}

// feedHint says how to mend a feed that misses consumer k: the first step
// that no alternative can send across, else the members' dependencies.
func (v *validator) feedHint(f, k int32) string {
	layers := v.layers(f, k)
	for i := 1; i < len(layers); i++ {
		sends := false
		for _, x := range layers[i-1] {
			for _, y := range layers[i] {
				sends = sends || v.base.net.canSend(x, y)
			}
		}
		if !sends {
			return v.reachHint(layers[i-1][0], layers[i][0], false)
		}
	}
	return "mend the dependency rows reported for the feed's members (baseline-loss); the feed follows"
}

// layers are a feed's chain toward consumer k: the source alternatives,
// each hop's alternatives, then k.
func (v *validator) layers(f, k int32) [][]int32 {
	ix := v.ix
	out := [][]int32{ix.feedSource.of(f)}
	for _, h := range ix.feedHops.of(f) {
		out = append(out, ix.hopAlts.of(h))
	}
	return append(out, []int32{k})
}

// upAt says whether an asset still works at time t of a run: networked
// and not failed by then.
func (v *validator) upAt(r *run, t int64) func(int32) bool {
	return func(a int32) bool { return r.net.networked[a] && r.fail[a] > t }
}

// ---- Unusable alternatives ----

// unusableAlternatives reports alternatives of a feed's source or hops that
// lie on no working chain with no action at all, in a feed that still
// reaches its consumers: the redundancy they promise is not there. A
// warning: nothing is lost yet, but the model says the site has a spare it
// does not have.
func (v *validator) unusableAlternatives() {
	r, ix := v.base, v.ix
	up := v.upAt(r, Never-1)
	v.unusable = map[int32]bool{}
	for _, f := range ix.feedsByID() {
		if slices.ContainsFunc(r.feedD[f], func(d int64) bool { return d != Never }) {
			continue // a baseline loss, reported as such
		}
		to := ix.feedTo.of(f)
		layers := [][]int32{ix.feedSource.of(f)}
		for _, h := range ix.feedHops.of(f) {
			layers = append(layers, ix.hopAlts.of(h))
		}
		n := len(layers)
		fwd := make([][]bool, n)
		bwd := make([][]bool, n)
		for i := 0; i < n; i++ {
			fwd[i] = make([]bool, len(layers[i]))
			for j, y := range layers[i] {
				if !up(y) {
					continue
				}
				if i == 0 {
					fwd[i][j] = true
					continue
				}
				for xi, x := range layers[i-1] {
					if fwd[i-1][xi] && r.net.canSend(x, y) {
						fwd[i][j] = true
						break
					}
				}
			}
		}
		for i := n - 1; i >= 0; i-- {
			bwd[i] = make([]bool, len(layers[i]))
			for j, x := range layers[i] {
				if !up(x) {
					continue
				}
				if i == n-1 {
					for _, k := range to {
						if up(k) && r.net.canSend(x, k) {
							bwd[i][j] = true
							break
						}
					}
					continue
				}
				for yi, y := range layers[i+1] {
					if bwd[i+1][yi] && r.net.canSend(x, y) {
						bwd[i][j] = true
						break
					}
				}
			}
		}
		fd := &v.m.Feeds[f]
		for i, layer := range layers {
			if len(layer) < 2 {
				continue
			}
			for j, x := range layer {
				if fwd[i][j] && bwd[i][j] {
					continue
				}
				v.unusable[f] = true
				if !up(x) {
					continue // a failed member is a baseline loss of its own
				}
				where := "the source"
				if i > 0 {
					where = "hop " + strconv.Itoa(i)
				}
				var next []int32
				if i+1 < n {
					next = layers[i+1]
				} else {
					next = to
				}
				l := newLines()
				var hint string
				if !fwd[i][j] {
					for _, p := range layers[i-1] {
						v.ex.noReach(l, p, x, false)
					}
					hint = v.reachHint(layers[i-1][0], x, false)
				} else {
					for _, y := range next {
						v.ex.noReach(l, x, y, false)
					}
					hint = v.reachHint(x, next[0], false)
				}
				v.add(Finding{
					Severity: SeverityWarning, Code: CodeUnusableAlternative,
					Message: fmt.Sprintf("feed %s lists %s as an alternative of %s, but with no action it can carry nothing: %s",
						fd.ID, v.id(x), where, strings.Join(l.result(), "; ")),
					IDs:   []string{fd.ID, v.id(x)},
					Place: placeOf(fd.Src, fd.ID),
					Hint:  hint + "; or drop " + v.id(x) + " from the feed if it is no alternative",
				})
			}
		}
	}
}

// ---- False redundancy ----

// cause is a single action that may take redundant providers down together.
type cause struct {
	verb Verb
	kind byte  // 'a' asset, 'c' conduit
	n    int32 // the asset or conduit
}

// takenSet is a redundant set a loss runs through, and the assets on the
// other side of the links the cause severs.
type takenSet struct {
	set  []int32
	side []int32
}

// defeat is one confirmed loss of redundancy: a dependency row that fails,
// or a feed that stops reaching a consumer, under a cause.
type defeat struct {
	row, feed, consumer int32 // the row (or none); the feed (or none) and its consumer
	sets                []takenSet
}

// setNote is what one cause does to one redundant set.
type setNote struct {
	members []int32
	failed  string         // why members failed; "" when none did
	down    []int32        // members that failed
	gone    []int32        // members that work but are out of reach
	sides   map[int32]bool // zones on the other side of the severed links
	derived bool           // it falls only because another set of the cause fell
	direct  bool           // the cause takes each member itself, not through its providers
}

// causeResult is what one cause defeats, and how.
type causeResult struct {
	c       cause
	defeats []defeat
	notes   map[string]*setNote
	order   []string // set keys in the order first seen
	viaDown []int32  // conduits a boundary device cause takes down
	// What the simulation of the cause loses, as simulate and rank count
	// it: the summary and the first loss in ms (Never for none).
	sum   Summary
	first int64
}

// falseRedundancy looks for single actions that take down together the
// redundant providers of a dependency row, or the alternatives of a feed's
// source or hop. Candidates come from the model's structure — assets that
// two or more alternatives depend on (directly or through their
// providers, or one alternative the others need), boundary devices and
// conduits — and each is confirmed by the engine: a finding means the
// simulation of that one action really fails the row or loses the
// consumer, while the row survives the loss of any one provider.
//
// Each candidate is assessed incrementally from the simulation with no
// action, as rank assesses single actions (incremental.go): the cost of a
// candidate follows what it takes down, not the size of the model, and the
// counts a finding gives are rank's, which are simulate's.
//
// Isolating a zone is no candidate: it takes every set inside the zone
// from every user outside it, by definition, which says nothing about the
// redundancy. An action on an asset is a fault of one thing and makes a
// warning; a cut conduit is a containment step the redundancy was not
// built for, worth knowing when planning (info).
func (v *validator) falseRedundancy() error {
	m, ix, r := v.m, v.ix, v.base
	// Rows and feeds that hold with no action, for a consumer that works,
	// and have a spare to lose.
	judged := judgedItems{rows: make([]bool, len(ix.depConsumer)), feeds: make([]bool, len(m.Feeds))}
	var rows []int32
	for row := int32(0); row < int32(len(ix.depConsumer)); row++ {
		start, end := ix.depProv.start[row], ix.depProv.start[row+1]
		intact := r.fail[ix.depConsumer[row]] == Never
		for s := start; s < end; s++ {
			intact = intact && r.slotAvail(s) == Never
		}
		if intact && end-start > ix.depNeed[row] {
			rows = append(rows, row)
			judged.rows[row] = true
		}
	}
	var feeds []int32
	for f := int32(0); f < int32(len(m.Feeds)); f++ {
		intact := !slices.ContainsFunc(r.feedD[f], func(d int64) bool { return d != Never })
		redundant := len(ix.feedSource.of(f)) > 1
		for _, h := range ix.feedHops.of(f) {
			redundant = redundant || len(ix.hopAlts.of(h)) > 1
		}
		if intact && redundant && !v.unusable[f] {
			feeds = append(feeds, f)
			judged.feeds[f] = true
		}
	}
	if len(rows) == 0 && len(feeds) == 0 {
		return nil
	}

	var causes []cause
	for _, a := range v.sharedProviders(rows, feeds) {
		causes = append(causes, cause{Shutdown, 'a', a})
	}
	for c := int32(0); c < int32(len(m.Conduits)); c++ {
		causes = append(causes, cause{Cut, 'c', c})
	}
	b, err := m.baseline()
	if err != nil {
		return err
	}
	nb := b.noAction(Never)
	// Each cause is assessed on its own: side by side, each worker with its
	// own working memory, taking the causes in chunks.
	results := make([]*causeResult, len(causes))
	const chunk = 32
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), (len(causes)+chunk-1)/chunk)) {
		wg.Go(func() {
			w := newOneAction(b)
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(causes) {
					return
				}
				for i := lo; i < min(lo+chunk, len(causes)); i++ {
					c := causes[i]
					kind := cutConduit
					if c.kind == 'a' {
						kind = shutdownAsset
					}
					w.apply(kind, c.n)
					results[i] = v.confirm(actionRun{w}, c, judged, nb)
					w.reset()
				}
			}
		})
	}
	wg.Wait()
	results = slices.DeleteFunc(results, func(r *causeResult) bool { return r == nil })
	v.keepMostSpecific(results)
	for _, res := range results {
		if len(res.defeats) > 0 {
			v.add(v.redundancyFinding(res))
		}
	}
	return nil
}

// judgedItems marks the rows and feeds whose redundancy is judged: those
// that hold with no action and have a spare to lose.
type judgedItems struct{ rows, feeds []bool }

// actionRun is one single action's simulation as confirm reads it: the
// incremental assessment while it is applied. With one action, the only
// asset that is not networked is the one it shuts down.
type actionRun struct{ w *oneAction }

func (r actionRun) fail(a int32) int64         { return r.w.fail[a] }
func (r actionRun) networked(a int32) bool     { return a != r.w.x }
func (r actionRun) canSend(a, b int32) bool    { return r.w.canSend(a, b) }
func (r actionRun) rowFail(row int32) int64    { return r.w.rowFail[row] }
func (r actionRun) slotAvail(s int32) int64    { return r.w.slotAvail(s) }
func (r actionRun) slotUp(s int32) bool        { return r.w.b.slotUp[s] && !r.w.slotDown[s] }
func (r actionRun) feedD(f int32, j int) int64 { return r.w.feedD[int(r.w.b.ix.feedTo.start[f])+j] }

// failRow is the dependency row that set a's failure time (none when it
// was shut down or does not fail): the first of its rows whose failure
// plus grace is that time. Where two rows tie, a full simulation keeps the
// one it met first, which may be the other: both are true causes.
func (r actionRun) failRow(a int32) int32 {
	ix, t := r.w.b.ix, r.w.fail[a]
	if t == Never || (a == r.w.x && r.w.shut) {
		return none
	}
	for _, row := range ix.consRows.of(a) {
		if rf := r.w.rowFail[row]; rf != Never && satAdd(rf, ix.depGrace[row]) == t {
			return row
		}
	}
	return none
}

// upAt says whether an asset still works at time t: networked and not
// failed by then.
func (r actionRun) upAt(t int64) func(int32) bool {
	return func(a int32) bool { return r.networked(a) && r.fail(a) > t }
}

func (v *validator) action(c cause) Action {
	if c.kind == 'c' {
		return Action{Verb: c.verb, Target: "conduit:" + v.m.Conduits[c.n].ID}
	}
	return Action{Verb: c.verb, Target: "asset:" + v.m.Assets[c.n].ID}
}

// sharedProviders are the candidate assets: boundary devices of conduits,
// and every asset that two or more members of a redundant set depend on,
// directly or through their providers (a member the others need included).
func (v *validator) sharedProviders(rows, feeds []int32) []int32 {
	ix := v.ix
	var sets [][]int32
	for _, row := range rows {
		sets = append(sets, ix.depProv.of(row))
	}
	for _, f := range feeds {
		sets = append(sets, ix.feedSource.of(f))
		for _, h := range ix.feedHops.of(f) {
			sets = append(sets, ix.hopAlts.of(h))
		}
	}
	chosen := make([]bool, len(v.m.Assets))
	for _, a := range ix.conduitVia.items {
		chosen[a] = true
	}
	seen := map[string]bool{}
	upstream := map[int32][]int32{}
	for _, set := range sets {
		key := setKey(set)
		if len(set) < 2 || seen[key] {
			continue
		}
		seen[key] = true
		members := map[int32]int{} // asset → how many members depend on it
		for _, member := range set {
			up, ok := upstream[member]
			if !ok {
				up = v.upstream(member)
				upstream[member] = up
			}
			for _, a := range up {
				members[a]++
			}
		}
		for a, n := range members {
			chosen[a] = chosen[a] || n >= 2
		}
	}
	var out []int32
	for a, ok := range chosen {
		if ok {
			out = append(out, int32(a))
		}
	}
	return out
}

// upstream is a and everything a depends on, directly or through its
// providers, each once.
func (v *validator) upstream(a int32) []int32 {
	ix := v.ix
	out := []int32{a}
	seen := map[int32]bool{a: true}
	for i := 0; i < len(out); i++ {
		for _, row := range ix.consRows.of(out[i]) {
			for _, p := range ix.depProv.of(row) {
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func setKey(set []int32) string {
	s := slices.Clone(set)
	slices.Sort(s)
	var b strings.Builder
	for _, a := range s {
		b.WriteString(strconv.Itoa(int(a)))
		b.WriteByte(',')
	}
	return b.String()
}

// confirm reads one cause's simulation: the judged rows it fails and the
// feed consumers it loses through a redundant set taken out as a whole, and
// what the simulation loses in all. Only the rows and feeds the action
// touched can have changed.
func (v *validator) confirm(r actionRun, c cause, judged judgedItems, nb *noActionCounts) *causeResult {
	ix, w := v.ix, r.w
	var rows, feeds []int32
	for _, row := range w.rowSet {
		if judged.rows[row] && !(c.kind == 'a' && ix.depConsumer[row] == c.n) {
			rows = append(rows, row)
		}
	}
	for _, f := range w.feeds {
		if judged.feeds[f] {
			feeds = append(feeds, f)
		}
	}
	if len(rows) == 0 && len(feeds) == 0 {
		return nil
	}
	slices.Sort(rows)
	rows = slices.Compact(rows)
	slices.Sort(feeds)
	res := &causeResult{c: c, notes: map[string]*setNote{}}
	for _, row := range rows {
		cons, t := ix.depConsumer[row], r.rowFail(row)
		if t == Never {
			continue
		}
		var failed, gone []int32
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			p := ix.depProv.items[s]
			switch {
			case r.slotAvail(s) > t:
			case r.networked(p) && r.fail(p) > t:
				gone = append(gone, p)
			default:
				failed = append(failed, p)
			}
		}
		ts := takenSet{ix.depProv.of(row), []int32{cons}}
		res.defeats = append(res.defeats, defeat{row: row, feed: none, consumer: none, sets: []takenSet{ts}})
		v.note(res, r, ts, failed, gone)
	}
	for _, f := range feeds {
		for j, k := range ix.feedTo.of(f) {
			t := r.feedD(f, j)
			if t == Never {
				continue
			}
			sets := v.takenOut(r, v.layers(f, k), t)
			if len(sets) == 0 {
				continue
			}
			res.defeats = append(res.defeats, defeat{row: none, feed: f, consumer: k, sets: sets})
			up := r.upAt(t)
			for _, ts := range sets {
				var failed, gone []int32
				for _, a := range ts.set {
					if up(a) {
						gone = append(gone, a)
					} else {
						failed = append(failed, a)
					}
				}
				v.note(res, r, ts, failed, gone)
			}
		}
	}
	if len(res.defeats) == 0 {
		return nil
	}
	v.markDerived(res, r)
	if c.kind == 'a' {
		// The conduits whose only boundary device it is (rule 2).
		for _, cd := range ix.viaConduits.of(c.n) {
			if !slices.ContainsFunc(ix.conduitVia.of(cd), func(a int32) bool { return a != c.n }) {
				res.viaDown = append(res.viaDown, cd)
			}
		}
	}
	o := w.outcome(nb)
	res.sum, res.first = o.sum, o.earliest
	return res
}

// takenOut applies rule 5 layer by layer at time t, when the feed stops
// reaching its consumer: a layer is taken out when none of its members
// works and, where the layer before has working members, receives from one
// of them. It returns the redundant sets behind the loss: a taken-out layer
// with alternatives, or alternatives none of which can send to the single
// member after them. A single member that fails, or that a single member
// cannot reach, is a single point by the model's own account, not false
// redundancy.
func (v *validator) takenOut(r actionRun, layers [][]int32, t int64) []takenSet {
	up := r.upAt(t)
	var out []takenSet
	var prevUp []int32
	for i, layer := range layers {
		var curUp []int32
		reached := false
		for _, y := range layer {
			if !up(y) {
				continue
			}
			curUp = append(curUp, y)
			if len(prevUp) == 0 || slices.ContainsFunc(prevUp, func(x int32) bool { return r.canSend(x, y) }) {
				reached = true
			}
		}
		if !reached {
			switch {
			case len(layer) > 1:
				out = append(out, takenSet{layer, prevUp})
			case len(curUp) == 1 && len(layers[i-1]) > 1:
				out = append(out, takenSet{layers[i-1], layer})
			}
		}
		prevUp = curUp
	}
	return out
}

// note records what the cause does to a set: which members failed and
// why, which fell out of reach and from which zones.
func (v *validator) note(res *causeResult, r actionRun, ts takenSet, failed, gone []int32) {
	key := setKey(ts.set)
	n := res.notes[key]
	if n == nil {
		n = &setNote{members: ts.set, sides: map[int32]bool{}, direct: true}
		if len(failed) > 0 {
			n.failed, n.direct = v.failedWhy(res.c, r, failed)
		}
		res.notes[key] = n
		res.order = append(res.order, key)
	}
	for _, a := range gone {
		if !contains(n.gone, a) {
			n.gone = append(n.gone, a)
		}
	}
	for _, a := range failed {
		if !contains(n.down, a) {
			n.down = append(n.down, a)
		}
	}
	if len(gone) > 0 {
		for _, a := range ts.side {
			for _, z := range v.ix.assetZones.of(a) {
				n.sides[z] = true
			}
		}
	}
}

// failedWhy says why members failed under a cause: shut down, or failing
// (when) because they need the asset shut down; direct when each needs it
// itself.
func (v *validator) failedWhy(c cause, r actionRun, failed []int32) (why string, direct bool) {
	var rest []int32
	var parts []string
	for _, a := range failed {
		if c.kind == 'a' && a == c.n {
			parts = append(parts, v.id(a)+" is the one shut down")
		} else {
			rest = append(rest, a)
		}
	}
	if len(rest) == 0 {
		return parts[0], true
	}
	var times []int64
	direct, service := c.kind == 'a', ""
	for _, a := range rest {
		times = append(times, r.fail(a))
		if !direct {
			continue
		}
		if row := v.rowNeeding(a, c.n); row != none {
			service = cmp.Or(service, strings.TrimSpace(v.m.Dependencies[row].Service))
		} else {
			direct = false
		}
	}
	slices.Sort(times)
	whens := make([]string, 0, len(times))
	for _, t := range slices.Compact(times) {
		whens = append(whens, when(t))
	}
	var subject string
	switch {
	case len(rest) == 1 && len(parts) > 0:
		subject = v.id(rest[0]) + " fails"
	case len(rest) == 1:
		subject = "fails"
	case len(parts) > 0:
		subject = "the others fail"
	case len(rest) == 2:
		subject = "both fail"
	default:
		subject = "all fail"
	}
	each := "each needs"
	if len(rest) == 1 {
		each = "it needs"
	}
	s := subject + " " + strings.Join(whens, " and ")
	switch {
	case direct && service != "":
		s += fmt.Sprintf(": %s %s from %s", each, service, v.id(c.n))
	case direct:
		s += fmt.Sprintf(": %s %s", each, v.id(c.n))
	case c.kind == 'a':
		s += fmt.Sprintf(": %s %s through its providers", strings.Replace(each, "needs", "depends on", 1), v.id(c.n))
	default:
		s += ": their own providers fall out of reach"
	}
	return strings.Join(append(parts, s), ", and "), direct
}

// describe writes what the cause does to one set, for the finding.
func (v *validator) describe(res *causeResult, n *setNote) string {
	m := v.m
	var parts []string
	if n.failed != "" {
		parts = append(parts, n.failed)
	}
	if len(n.gone) > 0 {
		var what string
		switch {
		case len(n.down) > 0: // some failed: say which are out of reach
			what = andList(v.ids(n.gone)) + " out of reach"
		case len(n.gone) == 1:
			what = "out of reach"
		case len(n.gone) == 2:
			what = "both out of reach"
		default:
			what = "all out of reach"
		}
		var zs []string
		for z := range n.sides {
			zs = append(zs, m.Zones[z].ID)
		}
		slices.Sort(zs)
		between := "every link to them"
		if len(zs) > 0 {
			between = "every link between them and zone " + strings.Join(zs, "|")
		}
		switch res.c.kind {
		case 'c':
			c := &m.Conduits[res.c.n]
			via := ""
			switch len(c.Via) {
			case 0:
			case 1:
				via = " (boundary device " + c.Via[0] + ")"
			default:
				via = " (boundary devices " + strings.Join(c.Via, ", ") + ")"
			}
			parts = append(parts, fmt.Sprintf("%s: %s runs through conduit %s%s", what, between, c.ID, via))
		default:
			cs := make([]string, len(res.viaDown))
			for i, c := range res.viaDown {
				cs[i] = m.Conduits[c].ID
			}
			parts = append(parts, fmt.Sprintf("%s: %s runs through conduits %s, whose only boundary device is %s",
				what, between, strings.Join(cs, ", "), v.id(res.c.n)))
		}
	}
	names := andList(v.ids(n.members))
	if taken := len(n.down) + len(n.gone); taken < len(n.members) {
		// Of a row that needs several, the ones that fall.
		names = fmt.Sprintf("%s of %s", andList(v.ids(append(slices.Clone(n.down), n.gone...))), names)
	}
	return fmt.Sprintf("%s (%s)", names, strings.Join(parts, "; "))
}

// markDerived marks the sets that fall only because another set of the
// same cause fell (operator stations that need the SCADA pair), so the
// finding names the root: every member failed through a member of another
// set.
func (v *validator) markDerived(res *causeResult, r actionRun) {
	for key, n := range res.notes {
		others := map[int32]bool{}
		for k2, n2 := range res.notes {
			if k2 != key {
				for _, a := range n2.members {
					others[a] = true
				}
			}
		}
		derived := len(others) > 0 && len(n.gone) == 0
		for _, a := range n.members {
			derived = derived && v.failsThrough(r, a, others)
		}
		n.derived = derived
	}
	if !slices.ContainsFunc(res.order, func(k string) bool { return !res.notes[k].derived }) {
		for _, n := range res.notes {
			n.derived = false // each through the other: keep them all
		}
	}
}

// failsThrough reports whether a's failure in the run follows from the
// failure of one of targets.
func (v *validator) failsThrough(r actionRun, a int32, targets map[int32]bool) bool {
	ix := v.ix
	seen := map[int32]bool{}
	var walk func(x int32) bool
	walk = func(x int32) bool {
		row := r.failRow(x)
		if seen[x] || row == none {
			return false
		}
		seen[x] = true
		for s := ix.depProv.start[row]; s < ix.depProv.start[row+1]; s++ {
			p := ix.depProv.items[s]
			if r.slotUp(s) && r.slotAvail(s) <= r.rowFail(row) && (targets[p] || walk(p)) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// keepMostSpecific drops, for each row or feed consumer, a boundary device
// cause when cutting a conduit it alone carries does the same: the conduit
// is the place to look, and its message names the device.
func (v *validator) keepMostSpecific(results []*causeResult) {
	type target struct{ row, feed, consumer int32 }
	key := func(d defeat) target { return target{d.row, d.feed, d.consumer} }
	cutBy := map[target][]int32{}
	for _, res := range results {
		if res.c.kind == 'c' {
			for _, d := range res.defeats {
				cutBy[key(d)] = append(cutBy[key(d)], res.c.n)
			}
		}
	}
	for _, res := range results {
		if len(res.viaDown) > 0 {
			res.defeats = slices.DeleteFunc(res.defeats, func(d defeat) bool {
				return slices.ContainsFunc(cutBy[key(d)], func(c int32) bool { return contains(res.viaDown, c) })
			})
		}
	}
}

// maxSetsNamed is how many redundant sets a finding describes; a license
// server under a hundred redundant pairs of stations is said in one line.
const maxSetsNamed = 3

// uniqueStrings drops repeats, keeping the first of each.
func uniqueStrings(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	return slices.DeleteFunc(ss, func(s string) bool {
		if seen[s] {
			return true
		}
		seen[s] = true
		return false
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// redundancyFinding writes up what one cause defeats.
func (v *validator) redundancyFinding(res *causeResult) Finding {
	m, ix := v.m, v.ix
	act := v.action(res.c)
	live := map[string]int{} // set → how many losses run through it
	var rowNames, feedNames []string
	var users []int32
	feedSeen := map[int32]bool{}
	for _, d := range res.defeats {
		for _, ts := range d.sets {
			live[setKey(ts.set)]++
		}
		if d.row != none {
			rowNames = append(rowNames, v.id(ix.depConsumer[d.row])+" "+serviceOf(&m.Dependencies[d.row]))
			users = append(users, ix.depConsumer[d.row])
		} else if !feedSeen[d.feed] {
			feedSeen[d.feed] = true
			feedNames = append(feedNames, m.Feeds[d.feed].ID)
		}
	}
	// The sets named: roots first, those the cause takes itself first, then
	// those it takes most with.
	var keys []string
	for _, key := range res.order {
		if live[key] > 0 {
			keys = append(keys, key)
		}
	}
	slices.SortStableFunc(keys, func(a, b string) int {
		na, nb := res.notes[a], res.notes[b]
		return cmp.Or(cmp.Compare(boolRank(na.derived), boolRank(nb.derived)), cmp.Compare(boolRank(!na.direct), boolRank(!nb.direct)), cmp.Compare(live[b], live[a]))
	})
	var whys []string
	var members []int32
	gone := false
	for i, key := range keys {
		n := res.notes[key]
		if n.derived && i > 0 {
			break
		}
		if len(whys) == maxSetsNamed {
			whys = append(whys, fmt.Sprintf("and %s with them", countOf(len(keys)-i, "more redundant set")))
			break
		}
		whys = append(whys, v.describe(res, n))
		members = append(members, n.members...)
		gone = gone || len(n.gone) > 0
	}
	slices.Sort(feedNames)
	var through []string
	if len(rowNames) > 0 {
		through = append(through, fmt.Sprintf("%s (%s)", countOf(len(rowNames), "dependency row", "fails", "fail"), listSome(rowNames, 6)))
	}
	if len(feedNames) > 0 {
		through = append(through, fmt.Sprintf("%s (%s)", countOf(len(feedNames), "feed", "misses consumers", "miss consumers"), listSome(feedNames, 6)))
	}
	f := Finding{Code: CodeFalseRedundancy, Message: fmt.Sprintf(
		"%q takes redundant alternatives down together: %s. Through them %s. Simulated, that action %s",
		act.String(), strings.Join(whys, "; "), strings.Join(through, " and "), simulatedLoss(res.sum, res.first))}
	ix.sortByID(members)
	members = slices.Compact(members)
	ix.sortByID(users)
	names := append(v.ids(members), v.ids(slices.Compact(users))...)
	names = append(names, feedNames...)
	switch res.c.kind {
	case 'a':
		a := &m.Assets[res.c.n]
		f.Severity, f.Place = SeverityWarning, placeOf(a.Src, a.ID)
		f.IDs = []string{a.ID}
		if gone {
			// The conduits that go with the device belong to the finding.
			for _, c := range res.viaDown {
				f.IDs = append(f.IDs, m.Conduits[c].ID)
			}
		}
		f.IDs = append(f.IDs, slices.DeleteFunc(names, func(s string) bool { return s == a.ID })...)
		switch {
		case contains(members, res.c.n):
			f.Hint = fmt.Sprintf("the alternatives must not need %s, which is one of them: give the others a provider of their own", a.ID)
		case gone:
			cs := make([]string, len(res.viaDown))
			for i, c := range res.viaDown {
				cs[i] = m.Conduits[c].ID
			}
			f.Hint = fmt.Sprintf("add a second boundary device to conduit(s) %s (via lists alternatives), or reach the alternatives through conduits that do not all rely on %s",
				strings.Join(cs, ", "), a.ID)
		default:
			f.Hint = fmt.Sprintf("give the alternatives independent supplies: an alternative to %s for some of them (listed in their dependency rows), or record %s as an accepted single point of failure",
				a.ID, a.ID)
		}
	default:
		c := &m.Conduits[res.c.n]
		f.Severity, f.Place = SeverityInfo, placeOf(c.Src, c.ID)
		f.IDs = append([]string{c.ID}, names...)
		f.Hint = fmt.Sprintf("if this redundancy must survive cutting conduit %s, place one alternative where the others' users reach it without %s (in their own zone, or behind another conduit with its own boundary devices)",
			c.ID, c.ID)
	}
	f.IDs = uniqueStrings(f.IDs)
	return f
}

// simulatedLoss says what the simulation of an action loses, in the
// numbers of simulate's summary and rank's first loss (whole seconds):
// "loses 5 operator stations (4 more degraded), 19 feeds and 4 safety
// views, the first after 1d12h". Safety views are feeds too, counted again
// as simulate counts them.
func simulatedLoss(s Summary, first int64) string {
	var lost, degraded []string
	for _, c := range []struct {
		lost, degraded int
		noun           string
	}{
		{s.OperatorStationsLost, s.OperatorStationsDegraded, "operator station"},
		{s.FeedsLost, s.FeedsDegraded, "feed"},
		{s.SafetyVisibilityLost, s.SafetyVisibilityDegraded, "safety view"},
	} {
		switch {
		case c.lost > 0 && c.degraded > 0:
			lost = append(lost, fmt.Sprintf("%s (%d more degraded)", countOf(c.lost, c.noun), c.degraded))
		case c.lost > 0:
			lost = append(lost, countOf(c.lost, c.noun))
		case c.degraded > 0:
			degraded = append(degraded, countOf(c.degraded, c.noun))
		}
	}
	var parts []string
	if len(lost) > 0 {
		parts = append(parts, "loses "+andList(lost))
	}
	if len(degraded) > 0 {
		parts = append(parts, "degrades "+andList(degraded))
	}
	if len(parts) == 0 || first == Never {
		return "loses no operator station, feed or safety view, only other assets"
	}
	return strings.Join(parts, ", and ") + ", the first " + when(first-first%1000)
}

func serviceOf(d *Dependency) string {
	if s := strings.TrimSpace(d.Service); s != "" {
		return s
	}
	return "unnamed service"
}

// countOf counts a noun, with the verb that agrees when given as the
// singular and plural form: countOf(2, "feed", "loses", "lose").
func countOf(n int, noun string, verb ...string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	if len(verb) == 2 {
		s += " " + verb[min(n, 2)-1]
	}
	return s
}

// ---- Dependency cycles ----

// dependencyGraph is the provider → consumer graph of the dependency rows
// as dense lists: node ids are asset numbers.
type dependencyGraph struct {
	consumers [][]int32 // provider → the assets that need it
	providers [][]int32 // consumer → the assets it needs
}

func newDependencyGraph(m *Model) *dependencyGraph {
	ix := m.ix
	g := &dependencyGraph{consumers: make([][]int32, len(m.Assets)), providers: make([][]int32, len(m.Assets))}
	for row, c := range ix.depConsumer {
		for _, p := range ix.depProv.of(int32(row)) {
			if !slices.Contains(g.providers[c], p) {
				g.providers[c] = append(g.providers[c], p)
				g.consumers[p] = append(g.consumers[p], c)
			}
		}
	}
	return g
}

// cycles reports each knot of assets that need each other (a strongly
// connected component of the dependency graph, found by gonum's Tarjan),
// naming one cycle through it in order. A warning: the simulation lets a
// cycle stand (rule 4), so it hides that after an outage of the whole knot
// nothing in it can start first.
func (v *validator) cycles() {
	m, ix := v.m, v.ix
	g := newDependencyGraph(m)
	// gonum's Tarjan over the lists, through the adapter restore-order
	// uses for its order graph.
	all := make([]bool, len(m.Assets))
	for i := range all {
		all[i] = true
	}
	for _, scc := range topo.TarjanSCC(&orderGraph{in: all, out: g.consumers}) {
		knot := make([]int32, len(scc))
		for i, n := range scc {
			knot[i] = int32(n.ID())
		}
		if len(knot) == 1 && !slices.Contains(g.providers[knot[0]], knot[0]) {
			continue
		}
		ix.sortByID(knot)
		cycle := g.shortestCycle(knot[0], knot)
		steps := make([]string, len(cycle))
		var firstRow int32 = none
		for i, a := range cycle {
			next := cycle[(i+1)%len(cycle)]
			row := v.rowNeeding(a, next)
			if i == 0 {
				firstRow = row
			}
			steps[i] = fmt.Sprintf("%s needs %s (%s)", v.id(a), v.id(next), serviceOf(&m.Dependencies[row]))
		}
		msg := "dependency cycle: " + strings.Join(steps, ", ")
		if len(knot) > len(cycle) {
			msg += fmt.Sprintf("; it is part of a knot of %d assets that all need each other: %s", len(knot), listSome(v.ids(knot), 12))
		}
		msg += "; the simulation lets it stand, but after an outage of all of them none can start first"
		ids := make([]string, len(cycle))
		for i, a := range cycle {
			ids[i] = v.id(a)
		}
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeDependencyCycle, Message: msg, IDs: ids,
			Place: placeOf(m.Dependencies[firstRow].Src, v.id(cycle[0])),
			Hint: fmt.Sprintf("break the cycle so the site can start from cold: let %s get %s from a provider outside it, or give that row a grace that covers the start-up, and write down the start order",
				v.id(cycle[0]), serviceOf(&m.Dependencies[firstRow])),
		})
	}
}

// shortestCycle is the shortest cycle from start back to start within the
// knot, following "needs" (consumer → provider), as a list of assets.
func (g *dependencyGraph) shortestCycle(start int32, knot []int32) []int32 {
	if slices.Contains(g.providers[start], start) {
		return []int32{start}
	}
	parent := map[int32]int32{}
	queue := []int32{start}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, p := range g.providers[x] {
			if !slices.Contains(knot, p) {
				continue
			}
			if p == start {
				var path []int32
				for y := x; y != start; y = parent[y] {
					path = append(path, y)
				}
				path = append(path, start)
				slices.Reverse(path)
				return path
			}
			if _, seen := parent[p]; !seen {
				parent[p] = x
				queue = append(queue, p)
			}
		}
	}
	return knot // unreachable for a strongly connected knot
}

// rowNeeding is the first dependency row in which c needs p.
func (v *validator) rowNeeding(c, p int32) int32 {
	for _, row := range v.ix.consRows.of(c) {
		if contains(v.ix.depProv.of(row), p) {
			return row
		}
	}
	return none
}

// ---- Kinds, levels and zones ----

// kinds reports assets whose kind is none of the known kinds or aliases. A
// warning: such an asset silently counts as no operator station (rule 6),
// no boundary device and no protected controller (rule 9).
func (v *validator) kinds() {
	var names []string
	for _, k := range Kinds {
		names = append(names, k.Kind)
		names = append(names, k.Aliases...)
	}
	near := newNearIndex(names)
	for i := range v.m.Assets {
		a := &v.m.Assets[i]
		if _, ok := CanonicalKind(a.Kind); ok {
			continue
		}
		hint := "use one of the known kinds (operator-station, engineering-workstation, plc, rtu, ied, sis, controller, scada-server, historian, domain-controller, dns, ntp, jump-host, remote-access, vendor-gateway, firewall, switch, router, data-diode, server, workstation, other) or an alias of one"
		if s := near.nearest(Key(a.Kind)); s != "" {
			k, _ := CanonicalKind(s)
			hint = fmt.Sprintf("did you mean %q? ", k) + hint
		}
		v.cover(a.Src, "kind")
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeUnknownKind,
			Message: fmt.Sprintf("%s has kind %q, which is not a known kind: it counts as no operator station, boundary device or controller", a.ID, a.Kind),
			IDs:     []string{a.ID}, Place: placeOf(a.Src, a.ID), Hint: hint,
		})
	}
}

// levels reports zones without a Purdue level. A warning: the level decides
// which assets are protected (rule 9: level 1 and below) and is what the
// segmentation checks judge conduits by; a zone without one escapes both.
func (v *validator) levels() {
	for i := range v.m.Zones {
		z := &v.m.Zones[i]
		if z.HasLevel() {
			continue
		}
		msg := fmt.Sprintf("zone %s has no Purdue level", z.ID)
		hint := fmt.Sprintf("set the level of zone %s in the Zones sheet (0–5, 3.5 for the IT/OT DMZ)", z.ID)
		if z.Implicit {
			msg = fmt.Sprintf("zone %s is named by an asset but missing from the Zones sheet, so it has no Purdue level", z.ID)
			hint = fmt.Sprintf("add zone %s to the Zones sheet with its level (0–5, 3.5 for the IT/OT DMZ), or correct the asset's zone if it is a typo", z.ID)
			v.cover(z.Src, "zone")
		}
		v.add(Finding{Severity: SeverityWarning, Code: CodeZoneWithoutLevel, Message: msg,
			IDs: []string{z.ID}, Place: placeOf(z.Src, z.ID), Hint: hint})
	}
}

// unzoned reports assets in no zone that others need: dependency providers
// and feed sources and hops. Nothing can reach an asset in no zone (rule 3),
// so what needs it is a baseline loss too; this names the cause. A warning,
// since the loss it causes is already an error.
func (v *validator) unzoned() {
	m, ix := v.m, v.ix
	unzoned := func(a int32) bool { return len(ix.assetZones.of(a)) == 0 }
	if !slices.ContainsFunc(ix.assetsByID(), unzoned) {
		return
	}
	needs := map[int32][]string{}
	for row, c := range ix.depConsumer {
		for _, p := range ix.depProv.of(int32(row)) {
			if p != c && unzoned(p) {
				needs[p] = append(needs[p], fmt.Sprintf("%s (%s)", v.id(c), serviceOf(&m.Dependencies[row])))
			}
		}
	}
	for _, f := range ix.feedsByID() {
		for _, s := range ix.feedSource.of(f) {
			if unzoned(s) {
				needs[s] = append(needs[s], "feed "+m.Feeds[f].ID)
			}
		}
		for _, h := range ix.feedHops.of(f) {
			for _, a := range ix.hopAlts.of(h) {
				if unzoned(a) {
					needs[a] = append(needs[a], "feed "+m.Feeds[f].ID)
				}
			}
		}
	}
	for _, a := range ix.assetsByID() {
		if !unzoned(a) || len(needs[a]) == 0 {
			continue
		}
		as := &m.Assets[a]
		users := slices.Compact(needs[a])
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeUnzonedProvider,
			Message: fmt.Sprintf("%s is in no zone, so nothing can reach it, yet %s it: %s", as.ID, countOf(len(users), "user", "needs", "need"), listSome(users, 8)),
			IDs:     []string{as.ID}, Place: placeOf(as.Src, as.ID),
			Hint: fmt.Sprintf("set the zone of %s in the Assets sheet (several, separated by |, only for a boundary device)", as.ID),
		})
	}
}

// ---- Segmentation smells ----

// IT zones are Purdue level 4 and above; OT zones level 3 and below; the
// IT/OT DMZ (3.5) is neither.
func isIT(level float64) bool { return level >= 4 }
func isOT(level float64) bool { return level >= 0 && level <= 3 }

// conduitSmells reports conduits that join IT straight to level 2 or below
// (skipping levels) or straight to level 3 (bypassing the DMZ). A one-way
// conduit out of OT into IT (a data diode pushing data out) is exempt: it
// lets nothing in, which is what the DMZ is for. Warnings: the site works,
// but the segmentation is not what Purdue and IEC 62443 expect.
func (v *validator) conduitSmells() {
	m, ix := v.m, v.ix
	for c := range m.Conduits {
		cd := &m.Conduits[c]
		from, to := &m.Zones[ix.conduitFrom[c]], &m.Zones[ix.conduitTo[c]]
		if !from.HasLevel() || !to.HasLevel() {
			continue
		}
		it, ot := from, to
		if isIT(to.Level) {
			it, ot = to, from
		}
		if !isIT(it.Level) || !isOT(ot.Level) {
			continue
		}
		if cd.OneWay && ot == from {
			continue
		}
		f := Finding{
			Severity: SeverityWarning, Code: CodeConduitBypassesDMZ,
			Message: fmt.Sprintf("conduit %s joins IT zone %s (level %s) directly to OT zone %s (level %s), with no DMZ (level 3.5) between",
				cd.ID, it.ID, levelText(it.Level), ot.ID, levelText(ot.Level)),
			IDs: []string{cd.ID, it.ID, ot.ID}, Place: placeOf(cd.Src, cd.ID),
			Hint: "route it through a DMZ zone (level 3.5): an IT–DMZ and a DMZ–OT conduit, with the service ended in the DMZ; or make it one-way out of OT through a data diode",
		}
		if ot.Level <= 2 {
			f.Code = CodeConduitSkipsLevels
			f.Message = fmt.Sprintf("conduit %s joins zone %s (level %s) straight to zone %s (level %s), skipping level 3 and the IT/OT DMZ",
				cd.ID, it.ID, levelText(it.Level), ot.ID, levelText(ot.Level))
			f.Hint = "end the traffic in a level-3 zone (or the DMZ) and start it again from there, as a hop of a feed; or correct the zone levels if they are wrong"
		}
		v.add(f)
	}
}

func levelText(l float64) string { return strconv.FormatFloat(l, 'f', -1, 64) }

// safetyFeeds reports safety feeds that cross IT zones: a member that sits
// only in IT zones, or a step that can only be carried through one. A
// warning: safety data belongs inside OT, where an IT incident, or its
// containment, cannot take it.
func (v *validator) safetyFeeds() {
	m, ix, net := v.m, v.ix, v.base.net
	itZone := func(z int32) bool { return isIT(m.Zones[z].Level) }
	for _, f := range ix.feedsByID() {
		fd := &m.Feeds[f]
		if !fd.Safety {
			continue
		}
		layers := [][]int32{ix.feedSource.of(f)}
		for _, h := range ix.feedHops.of(f) {
			layers = append(layers, ix.hopAlts.of(h))
		}
		layers = append(layers, ix.feedTo.of(f))
		var crossings []string
		var ids []string
		for _, layer := range layers {
			for _, a := range layer {
				zs := ix.assetZones.of(a)
				if len(zs) > 0 && !slices.ContainsFunc(zs, func(z int32) bool { return !itZone(z) }) {
					crossings = append(crossings, fmt.Sprintf("%s sits in IT zone %s", v.id(a), v.ex.zoneList(zs)))
					ids = append(ids, v.id(a))
				}
			}
		}
		for i := 1; i < len(layers); i++ {
			for _, x := range layers[i-1] {
				for _, y := range layers[i] {
					if !net.canSend(x, y) || v.allIT(x) || v.allIT(y) {
						continue
					}
					if z := v.onlyThroughIT(x, y); z != "" {
						crossings = append(crossings, fmt.Sprintf("%s → %s runs through IT zone %s", v.id(x), v.id(y), z))
						ids = append(ids, v.id(x), v.id(y))
					}
				}
			}
		}
		if len(crossings) == 0 {
			continue
		}
		slices.Sort(ids)
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeSafetyFeedCrossesIT,
			Message: fmt.Sprintf("safety feed %s crosses IT: %s", fd.ID, listSome(slices.Compact(crossings), 6)),
			IDs:     append([]string{fd.ID}, slices.Compact(ids)...), Place: placeOf(fd.Src, fd.ID),
			Hint: "keep safety feeds inside OT zones (level 3 and below); if IT needs a copy, send it one-way through the DMZ as a feed of its own",
		})
	}
}

func (v *validator) allIT(a int32) bool {
	zs := v.ix.assetZones.of(a)
	return len(zs) > 0 && !slices.ContainsFunc(zs, func(z int32) bool { return !isIT(v.m.Zones[z].Level) })
}

// onlyThroughIT returns the IT zone every way from x to y passes through,
// or "" when some way avoids IT.
func (v *validator) onlyThroughIT(x, y int32) string {
	net := v.base.net
	itZone := ""
	for _, zx := range v.ix.assetZones.of(x) {
		for _, zy := range v.ix.assetZones.of(y) {
			if zx != zy && !net.zoneLinked(zx, zy) {
				continue
			}
			switch {
			case isIT(v.m.Zones[zx].Level):
				itZone = v.m.Zones[zx].ID
			case isIT(v.m.Zones[zy].Level):
				itZone = v.m.Zones[zy].ID
			default:
				return ""
			}
		}
	}
	return itZone
}

// multiHomed reports hosts listed in several zones that are no boundary
// device. A warning: such a host joins its zones outside any conduit, and an
// attacker pivots through it (rule 9) whatever the conduits say.
func (v *validator) multiHomed() {
	m, ix := v.m, v.ix
	for _, a := range ix.assetsByID() {
		zs := ix.assetZones.of(a)
		if len(zs) < 2 || ix.boundary[a] {
			continue
		}
		as := &m.Assets[a]
		names := make([]string, len(zs))
		ids := []string{as.ID}
		it, ot := false, false
		for i, z := range zs {
			zone := &m.Zones[z]
			names[i] = zone.ID
			if zone.HasLevel() {
				names[i] += " (level " + levelText(zone.Level) + ")"
			}
			ids = append(ids, zone.ID)
			it = it || isIT(zone.Level)
			ot = ot || isOT(zone.Level)
		}
		msg := fmt.Sprintf("%s sits in zones %s but is no boundary device: it joins them outside any conduit, and an attacker on one reaches the others through it", as.ID, andList(names))
		cross := "a conduit"
		if it && ot {
			msg += "; it bridges IT and OT around the DMZ"
			cross = "conduits through the DMZ between IT and OT"
		}
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeMultiHomedBridge, Message: msg, IDs: ids,
			Place: placeOf(as.Src, as.ID),
			Hint: fmt.Sprintf("give %s one zone and let what it needs from the other cross %s; if it really is a boundary device, give it a boundary kind (firewall, router, switch, data-diode) or name it in a conduit's via",
				as.ID, cross),
		})
	}
}

// ---- Model warnings ----

func coverKey(sheet string, row int, col string) string {
	return sheet + "\x00" + strconv.Itoa(row) + "\x00" + col
}

// cover notes that a finding says what the model warning at this cell says.
func (v *validator) cover(src Source, canonicalCol string) {
	if v.covered == nil {
		v.covered = map[string]bool{}
	}
	v.covered[coverKey(src.Sheet(), src.Row, src.Column(canonicalCol))] = true
}

// modelWarnings passes on what reading and resolving the model warned about
// (sheets or columns ignored, providers listed twice, scenario targets that
// match nothing), unless a finding already says it. Warnings: the model is
// read, but not quite as written.
func (v *validator) modelWarnings() {
	for _, w := range v.m.Warnings {
		if v.covered[coverKey(w.Sheet, w.Row, w.Column)] {
			continue
		}
		msg := w.Msg
		if w.Column != "" {
			msg = fmt.Sprintf("column %q: %s", w.Column, msg)
		}
		v.add(Finding{
			Severity: SeverityWarning, Code: CodeModelWarning, Message: msg,
			Place: Place{Sheet: w.Sheet, Row: w.Row},
			Hint:  "correct the sheet as the message says; until then otimpact reads it as described",
		})
	}
}

// leftOut reports the rows the model was read without because they have
// errors (the user asked to go on without them). An error: the model has
// them, and every other finding is about the model without those rows.
func (v *validator) leftOut() {
	m := v.m
	if m.Skipped == 0 {
		return
	}
	var sheets []string
	for _, s := range m.Sheets {
		if s.Read > s.Used {
			sheets = append(sheets, fmt.Sprintf("%s %d of %d", s.Sheet, s.Read-s.Used, s.Read))
		}
	}
	msg := fmt.Sprintf("%s with errors left out, as asked", countOf(m.Skipped, "row"))
	if len(sheets) > 0 {
		msg += " (" + strings.Join(sheets, ", ") + ")"
	}
	msg += ": the model-warning findings say what is wrong with each, and every other finding is about the model without them"
	v.add(Finding{
		Severity: SeverityError, Code: CodeRowsLeftOut, Message: msg,
		Hint: "correct those rows as the model warnings say; until then the site is checked without them",
	})
}

// noAssets reports a model without a single asset: a template not filled
// in, or the wrong file. A warning, since an empty model contradicts
// nothing; but it checks nothing either, and "no findings" alone would
// read as a clean bill.
func (v *validator) noAssets() {
	m := v.m
	if len(m.Assets) > 0 {
		return
	}
	var p Place
	msg := "the model has no assets, so there is nothing to check"
	if len(m.Sheets) > 0 {
		s := m.Sheets[0] // the asset register is read first
		p.Sheet = s.Sheet
		switch {
		case s.Read > 0:
			msg = fmt.Sprintf("the model has no assets: all %s of sheet %s were left out for errors, so there is nothing to check", countOf(s.Read, "row"), s.Sheet)
		default:
			msg = fmt.Sprintf("the model has no assets: sheet %s has a header and no rows, so there is nothing to check", s.Sheet)
		}
	}
	v.add(Finding{
		Severity: SeverityWarning, Code: CodeNoAssets, Message: msg, Place: p,
		Hint: "fill in the asset register, one row per asset (id, kind, zone, owner), with the zones, conduits, dependencies and feeds between them; or give validate the file or folder that holds the site model",
	})
}
