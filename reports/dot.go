package reports

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/otimpact/otimpact/graph"
)

// maxPictureAssets is how many assets a picture draws. Past a few hundred
// boxes nobody can read it and graphviz takes seconds (minutes at a few
// thousand), so a larger site is drawn as its blast radius, most severe
// first, and the zone neighbours of it, up to this many.
const maxPictureAssets = 300

// maxPictureExtraZones is how many zones with nothing drawn in them a
// large site's picture shows because an action isolated them or cut a
// conduit of theirs.
const maxPictureExtraZones = 40

// maxLegendFeeds is how many feeds the picture's feed table lists.
const maxLegendFeeds = 40

// Colors of the picture: red where things are lost, amber where they are
// degraded, grey where nothing happens.
const (
	picRedFill     = "#ef9a9a"
	picRedLine     = "#c62828"
	picRedText     = "#8e0000"
	picAmberFill   = "#ffe082"
	picAmberLine   = "#ef8f00"
	picOkFill      = "#ffffff"
	picOkLine      = "#9e9e9e"
	picOkText      = "#424242"
	picZoneFill    = "#f5f7fa"
	picZoneLine    = "#90a4ae"
	picIsolateFill = "#fff1f1"
	picAttackColor = "#6a1b9a"
)

// DOT writes a Graphviz picture of the blast radius: zones as clusters
// stacked by Purdue level (enterprise at the top, field at the bottom),
// conduits between them (red and dashed when cut or down, one arrow when
// one-way), assets colored by what the actions did to them, operator
// stations as 3-D boxes, the consumers a feed no longer reaches outlined in
// red, a table of the feeds lost and a legend. The result does not say where
// a feed comes from, so feeds are not drawn as arrows. Every id and label is
// quoted, so no model string can change the graph.
//
// Without res.Topology (simulate with graph.Options{Topology: true}) the
// picture has no zones: it shows the affected assets and lost feeds only.
func DOT(w io.Writer, res *graph.Result) error {
	p := newPicture(res)
	p.write()
	_, err := w.Write(p.buf.Bytes())
	return err
}

// pictureAsset is an asset as the picture draws it.
type pictureAsset struct {
	graph.AssetState
	status      string // what it is colored by: its status, else its operator-station status
	after       int64
	station     bool
	compromised bool
	reachable   bool // a protected asset the attacker still reaches after the actions
	zone        int  // index of the cluster it is drawn in, -1 outside every zone
}

type picture struct {
	res    *graph.Result
	buf    bytes.Buffer
	taken  map[string]bool // node ids in use: synthetic ids must not meet an asset's
	zones  []graph.ZoneState
	levels [][]int // zone indexes by level, highest level first
	tiers  [][]int // the levels again, a crowded one wrapped into bands
	assets []pictureAsset
	shown  []bool // by zone: drawn as a cluster
	// What the picture leaves out of a large site: assets, affected or not,
	// by zone (the last entry counts assets outside every zone), and zones.
	left, leftAffected     int
	leftIn, leftAffectedIn []int
	zonesLeft              int
	missing                map[string][]graph.FeedImpact // consumer → the feeds that no longer reach it
	top                    []string                      // per zone: invisible node at its top, for ranking
	bottom                 []string                      // per zone: invisible node at its bottom
	legend                 string
	feedTab                string
}

func newPicture(res *graph.Result) *picture {
	p := &picture{res: res, taken: map[string]bool{}}
	all := pictureAssets(res)
	for _, a := range all {
		p.taken[a.ID] = true
	}
	if res.Topology != nil {
		p.zones = res.Topology.Zones
	}
	p.missing = missingFeeds(res)
	p.assets = p.choose(all)
	p.levels = zonesByLevel(p.zones, p.shown)
	p.tiers = p.bands()
	p.top = make([]string, len(p.zones))
	p.bottom = make([]string, len(p.zones))
	for i, z := range p.zones {
		p.top[i] = p.fresh("zone top " + z.ID)
		p.bottom[i] = p.fresh("zone bottom " + z.ID)
	}
	p.legend = p.fresh("legend")
	p.feedTab = p.fresh("feeds lost")
	return p
}

// fresh returns an unused node id built from base.
func (p *picture) fresh(base string) string {
	id := base
	for n := 2; p.taken[id]; n++ {
		id = fmt.Sprintf("%s #%d", base, n)
	}
	p.taken[id] = true
	return id
}

// pictureAssets lists every asset of the site with what happened to it; a
// result without topology gives the affected assets only.
func pictureAssets(res *graph.Result) []pictureAsset {
	impacts := map[string]graph.AssetImpact{}
	stations := map[string]graph.AssetImpact{}
	for _, a := range res.Assets {
		impacts[a.ID] = a
	}
	for _, o := range res.OperatorStations {
		stations[o.ID] = o
	}
	var states []graph.AssetState
	if res.Topology != nil {
		states = res.Topology.Assets
	} else {
		seen := map[string]bool{}
		for _, list := range [][]graph.AssetImpact{res.OperatorStations, res.Assets} {
			for _, a := range list {
				if !seen[a.ID] {
					seen[a.ID] = true
					states = append(states, graph.AssetState{ID: a.ID, Name: a.Name, Kind: a.Kind, Owner: a.Owner})
				}
			}
		}
	}
	var attackerOn, reachable map[string]bool
	if a := res.Attacker; a != nil {
		attackerOn, reachable = idSet(a.Compromised), idSet(a.ProtectedReachableAfter)
	}
	out := make([]pictureAsset, 0, len(states))
	for _, s := range states {
		pa := pictureAsset{AssetState: s, zone: -1, compromised: attackerOn[s.ID], reachable: reachable[s.ID]}
		if imp, ok := impacts[s.ID]; ok {
			pa.status, pa.after = imp.Status, imp.AfterS
		} else if s.Status != "" {
			pa.status, pa.after = s.Status, s.AfterS
		}
		if o, ok := stations[s.ID]; ok && pa.status == "" {
			pa.status, pa.after = o.Status, o.AfterS
		}
		pa.station = s.Kind == graph.KindOperatorStation || s.Station != "" || stations[s.ID].ID != ""
		out = append(out, pa)
	}
	// A feed's consumer is drawn even when the result does not know it as an
	// asset (a result without topology), so that every loss shows.
	known := map[string]bool{}
	for _, a := range out {
		known[a.ID] = true
	}
	for _, f := range res.Feeds {
		for _, id := range f.LostAt {
			if !known[id] {
				known[id] = true
				out = append(out, pictureAsset{AssetState: graph.AssetState{ID: id}, zone: -1})
			}
		}
	}
	return out
}

func idSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// zonesByLevel groups the indexes of the zones shown by Purdue level,
// highest first; zones without a level come last. Within a level zones keep
// the model's order.
func zonesByLevel(zones []graph.ZoneState, shown []bool) [][]int {
	var order []int
	for i := range zones {
		if shown[i] {
			order = append(order, i)
		}
	}
	key := func(i int) float64 {
		if zones[i].Level < 0 {
			return math.Inf(-1)
		}
		return zones[i].Level
	}
	sort.SliceStable(order, func(a, b int) bool { return key(order[a]) > key(order[b]) })
	var levels [][]int
	for i, z := range order {
		if i == 0 || key(z) != key(order[i-1]) {
			levels = append(levels, nil)
		}
		levels[len(levels)-1] = append(levels[len(levels)-1], z)
	}
	return levels
}

// maxTierColumns is how many asset columns a row of zones holds before
// the level wraps onto a second band below: six cells of level 1 side by
// side make a picture too wide to read on a page.
const maxTierColumns = 10

// bands splits each level whose zones are too wide for one row into bands
// of about equal width, in the model's order.
func (p *picture) bands() [][]int {
	drawn := make([]int, len(p.zones))
	for _, a := range p.assets {
		if a.zone >= 0 {
			drawn[a.zone]++
		}
	}
	width := func(z int) int {
		n := drawn[z]
		if p.leftIn[z]+p.leftAffectedIn[z] > 0 {
			n++
		}
		return max(pictureColumns(n), 2) // a zone is at least as wide as its label
	}
	budget := maxTierColumns
	for _, level := range p.levels {
		for _, z := range level {
			budget = max(budget, width(z))
		}
	}
	var tiers [][]int
	for _, level := range p.levels {
		total := 0
		for _, z := range level {
			total += width(z)
		}
		n := (total + budget - 1) / budget
		target := (total + n - 1) / n
		start, acc := len(tiers), 0
		tiers = append(tiers, nil)
		for _, z := range level {
			if acc >= target && len(tiers)-start < n {
				tiers = append(tiers, nil)
				acc = 0
			}
			tiers[len(tiers)-1] = append(tiers[len(tiers)-1], z)
			acc += width(z)
		}
	}
	return tiers
}

// missingFeeds lists, for each consumer, the feeds that no longer reach it.
func missingFeeds(res *graph.Result) map[string][]graph.FeedImpact {
	m := map[string][]graph.FeedImpact{}
	for _, f := range res.Feeds {
		for _, k := range f.LostAt {
			m[k] = append(m[k], f)
		}
	}
	return m
}

// affected says whether the picture must show a: it is hit, it misses a
// feed, or the attacker holds or reaches it.
func (p *picture) affected(a pictureAsset) bool {
	return a.status != "" || len(p.missing[a.ID]) > 0 || a.compromised || a.reachable
}

// choose places each asset in its zone's cluster and, on a site too large
// to read, keeps to maxPictureAssets: the affected assets, most severe first
// (affected operator stations, lost, degraded, missing a feed, in the
// attacker's path), then their zone neighbours, and only the zones that hold
// something drawn or where an action cut the network.
func (p *picture) choose(all []pictureAsset) []pictureAsset {
	zoneIndex := map[string]int{}
	for i, z := range p.zones {
		zoneIndex[graph.Key(z.ID)] = i
	}
	for i := range all {
		for _, z := range all[i].Zones {
			if zi, ok := zoneIndex[graph.Key(z)]; ok {
				all[i].zone = zi
				break
			}
		}
	}
	p.leftIn = make([]int, len(p.zones)+1)
	p.leftAffectedIn = make([]int, len(p.zones)+1)
	p.shown = make([]bool, len(p.zones))
	if len(all) <= maxPictureAssets {
		for i := range p.shown {
			p.shown[i] = true
		}
		return all
	}
	const unaffected = 4
	priority := func(a pictureAsset) int {
		switch {
		case a.station && a.status != "":
			return 0
		case a.status != "":
			return 1 + severity(a.status)
		case p.affected(a):
			return 3
		}
		return unaffected
	}
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return priority(all[order[x]]) < priority(all[order[y]]) })
	keep := make([]bool, len(all))
	hot := map[int]bool{} // zones with something affected drawn in them
	n := 0
	for _, i := range order {
		if n == maxPictureAssets || priority(all[i]) == unaffected {
			break
		}
		keep[i] = true
		n++
		for _, z := range all[i].Zones {
			if zi, ok := zoneIndex[graph.Key(z)]; ok {
				hot[zi] = true
			}
		}
	}
	for i, a := range all {
		if n == maxPictureAssets {
			break
		}
		if keep[i] {
			continue
		}
		for _, z := range a.Zones {
			if zi, ok := zoneIndex[graph.Key(z)]; ok && hot[zi] {
				keep[i] = true
				n++
				break
			}
		}
	}
	var drawn []pictureAsset
	for i, a := range all {
		if keep[i] {
			drawn = append(drawn, a)
			if a.zone >= 0 {
				p.shown[a.zone] = true
			}
			continue
		}
		z := a.zone
		if z < 0 {
			z = len(p.zones)
		}
		p.left++
		if priority(a) < unaffected {
			p.leftAffected++
			p.leftAffectedIn[z]++
		} else {
			p.leftIn[z]++
		}
	}
	// Zones that an action cut off are shown even with nothing drawn in
	// them, so that the cut shows, as many as the picture can hold.
	extra := 0
	show := func(zi int) {
		if !p.shown[zi] && extra < maxPictureExtraZones {
			p.shown[zi] = true
			extra++
		}
	}
	for i, z := range p.zones {
		if z.Isolated {
			show(i)
		}
	}
	if p.res.Topology != nil {
		for _, c := range p.res.Topology.Conduits {
			if c.State != "" && c.State != "ok" {
				for _, end := range []string{c.From, c.To} {
					if zi, ok := zoneIndex[graph.Key(end)]; ok {
						show(zi)
					}
				}
			}
		}
	}
	for _, shown := range p.shown {
		if !shown {
			p.zonesLeft++
		}
	}
	return drawn
}

// severity orders a cluster's assets: lost first, then degraded, then the
// rest in the model's order.
func severity(status string) int {
	switch status {
	case graph.StatusLost, graph.StatusShutdown:
		return 0
	case graph.StatusDegraded, graph.StatusIsolated:
		return 1
	}
	return 2
}

func (p *picture) write() {
	b := &p.buf
	b.WriteString("digraph \"blast radius\" {\n")
	fmt.Fprintf(b, "\tgraph [label=%s, labelloc=t, labeljust=l, fontname=\"Arial\", fontsize=20, rankdir=TB, newrank=true, compound=true, nodesep=0.2, ranksep=0.45, pad=0.3, bgcolor=\"white\"];\n",
		dotLabelLeft(p.title()...))
	fmt.Fprintf(b, "\tnode [fontname=\"Arial\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=%q, color=%q, fontcolor=%q, margin=\"0.16,0.07\"];\n", picOkFill, picOkLine, picOkText)
	b.WriteString("\tedge [fontname=\"Arial\", fontsize=10, color=\"#607d8b\", arrowsize=0.7];\n")

	inZone := make([][]pictureAsset, len(p.zones))
	var outside []pictureAsset
	for _, a := range p.assets {
		if a.zone >= 0 {
			inZone[a.zone] = append(inZone[a.zone], a)
		} else {
			outside = append(outside, a)
		}
	}
	for i := range p.zones {
		if p.shown[i] {
			p.cluster(i, inZone[i])
		}
	}
	for _, a := range outside {
		p.node(a, "\t")
	}
	if out := len(p.zones); p.leftIn[out]+p.leftAffectedIn[out] > 0 {
		fmt.Fprintf(b, "\t%s [shape=plaintext, style=\"\", label=%s];\n", dotQuote(p.fresh("outside zones not drawn")),
			dotLabel(notDrawn(p.leftAffectedIn[out], p.leftIn[out])+" outside any zone"))
	}
	p.ranks()
	p.conduits()
	p.writeLegend()
	b.WriteString("}\n")
}

// title is the picture's heading: what was done, what it costs, and what
// the picture leaves out.
func (p *picture) title() []string {
	lines := []string{"Blast radius: " + scenarioTitle(p.res.Actions), ResultLine(p.res)}
	if a := p.res.Attacker; a != nil {
		lines = append(lines, fmt.Sprintf("Attacker on %s reaches %d protected assets before the actions, %d after.",
			list(a.Compromised, 6), len(a.ProtectedReachableBefore), len(a.ProtectedReachableAfter)))
	}
	if p.left > 0 {
		lines = append(lines, fmt.Sprintf("%s: the site has more than %d assets, so the picture keeps to the most affected and their zone neighbours; the report lists every loss.",
			notDrawn(p.leftAffected, p.left-p.leftAffected), maxPictureAssets))
	}
	if p.zonesLeft > 0 {
		lines = append(lines, fmt.Sprintf("%d zones with nothing drawn left out.", p.zonesLeft))
	}
	if p.res.Topology == nil {
		lines = append(lines, "No zones or conduits: the simulation was run without topology.")
	}
	return lines
}

// notDrawn says how many assets a picture leaves out: "3 affected and 214
// unaffected assets not drawn".
func notDrawn(affected, unaffected int) string {
	switch {
	case affected == 0:
		return fmt.Sprintf("%d unaffected assets not drawn", unaffected)
	case unaffected == 0:
		return fmt.Sprintf("%d affected assets not drawn", affected)
	}
	return fmt.Sprintf("%d affected and %d unaffected assets not drawn", affected, unaffected)
}

func levelName(l float64) string {
	if l < 0 {
		return "level unknown"
	}
	return "L" + strconv.FormatFloat(l, 'f', -1, 64)
}

// isolatedBy names the actions that isolated zone z.
func (p *picture) isolatedBy(z string) string {
	var by []string
	for _, a := range p.res.Actions {
		if a.Action == string(graph.Isolate) && slices.ContainsFunc(a.Matched, func(m string) bool { return graph.Key(m) == graph.Key(z) }) {
			by = append(by, a.Action+" "+a.Target)
		}
	}
	if len(by) == 0 {
		return "ISOLATED"
	}
	return "ISOLATED by " + strings.Join(by, ", ")
}

// pictureColumns is how many assets a row of a zone holds: the square root
// of the count keeps a busy zone from stretching the picture sideways.
func pictureColumns(n int) int {
	if n <= 2 {
		return max(n, 1)
	}
	return int(math.Ceil(math.Sqrt(float64(n))))
}

func (p *picture) cluster(i int, assets []pictureAsset) {
	b := &p.buf
	z := p.zones[i]
	head := z.ID
	if name := strings.TrimSpace(z.Name); name != "" && name != z.ID {
		head += " — " + name
	}
	lines := wrapWords(head+" ("+levelName(z.Level)+")", 44)
	fill, line, width, font := picZoneFill, picZoneLine, 1.2, picOkText
	if z.Isolated {
		lines = append(lines, p.isolatedBy(z.ID))
		fill, line, width, font = picIsolateFill, picRedLine, 3.0, picRedText
	}
	fmt.Fprintf(b, "\tsubgraph %s {\n", dotQuote(fmt.Sprintf("cluster_zone_%d", i)))
	fmt.Fprintf(b, "\t\tgraph [label=%s, labeljust=l, fontsize=13, fontcolor=%q, style=\"filled,rounded\", fillcolor=%q, color=%q, penwidth=%g, margin=12];\n",
		dotLabelLeft(lines...), font, fill, line, width)
	fmt.Fprintf(b, "\t\t%s [shape=point, style=invis, width=0, height=0, label=\"\"];\n", dotQuote(p.top[i]))
	fmt.Fprintf(b, "\t\t%s [shape=point, style=invis, width=0, height=0, label=\"\"];\n", dotQuote(p.bottom[i]))

	sort.SliceStable(assets, func(a, c int) bool { return severity(assets[a].status) < severity(assets[c].status) })
	ids := make([]string, 0, len(assets)+1)
	for _, a := range assets {
		p.node(a, "\t\t")
		ids = append(ids, a.ID)
	}
	if p.leftIn[i]+p.leftAffectedIn[i] > 0 {
		id := p.fresh("not drawn in " + z.ID)
		color := picOkText
		if p.leftAffectedIn[i] > 0 {
			color = picRedText
		}
		fmt.Fprintf(b, "\t\t%s [shape=box, style=\"dashed,rounded\", fontcolor=%q, label=%s];\n", dotQuote(id), color,
			dotLabel(wrapWords(notDrawn(p.leftAffectedIn[i], p.leftIn[i]), 24)...))
		ids = append(ids, id)
	}
	// A grid of invisible edges keeps the zone compact and its rows in order.
	cols := pictureColumns(len(ids))
	for j, id := range ids {
		from := p.top[i]
		if j >= cols {
			from = ids[j-cols]
		}
		fmt.Fprintf(b, "\t\t%s -> %s [style=invis, weight=10];\n", dotQuote(from), dotQuote(id))
		if j+cols >= len(ids) {
			fmt.Fprintf(b, "\t\t%s -> %s [style=invis, weight=1];\n", dotQuote(id), dotQuote(p.bottom[i]))
		}
	}
	if len(ids) == 0 {
		fmt.Fprintf(b, "\t\t%s -> %s [style=invis];\n", dotQuote(p.top[i]), dotQuote(p.bottom[i]))
	}
	b.WriteString("\t}\n")
}

func (p *picture) node(a pictureAsset, indent string) {
	lines := []string{a.ID}
	if name := strings.TrimSpace(a.Name); name != "" && name != a.ID {
		lines = append(lines, wrapWords(name, 26)...)
	}
	if others := p.otherZones(a); len(others) > 0 {
		lines = append(lines, "also in "+strings.Join(others, ", "))
	}
	fill, line, font, width := picOkFill, picOkLine, picOkText, 1.0
	switch a.status {
	case graph.StatusLost, graph.StatusShutdown:
		fill, line, font, width = picRedFill, picRedLine, picRedText, 2.0
		lines = append(lines, strings.ToUpper(statusWord(a.status))+" "+when(a.after))
	case graph.StatusDegraded, graph.StatusIsolated:
		fill, line, font, width = picAmberFill, picAmberLine, "#000000", 2.0
		lines = append(lines, statusWord(a.status)+" "+when(a.after))
	}
	if missed := p.missing[a.ID]; len(missed) > 0 {
		lines = append(lines, missesLine(missed))
		if a.status == "" {
			line, font, width = picRedLine, picRedText, 2.5
		}
	}
	if a.compromised {
		line, width = picAttackColor, 3.0
		lines = append(lines, "attacker foothold")
	} else if a.reachable {
		line, width = picAttackColor, 2.5
		lines = append(lines, "attacker still reaches")
	}
	shape := "box"
	style := "rounded,filled"
	if a.station {
		shape, style = "box3d", "filled"
	}
	if a.status == graph.StatusShutdown {
		style += ",bold"
	}
	fmt.Fprintf(&p.buf, "%s%s [label=%s, shape=%s, style=%q, fillcolor=%q, color=%q, fontcolor=%q, penwidth=%g];\n",
		indent, dotQuote(a.ID), dotLabel(lines...), shape, style, fill, line, font, width)
}

// missesLine says which feeds no longer reach a consumer.
func missesLine(feeds []graph.FeedImpact) string {
	safety := 0
	for _, f := range feeds {
		if f.Safety {
			safety++
		}
	}
	switch {
	case len(feeds) == 1 && safety == 1:
		return "misses SAFETY feed " + feeds[0].ID
	case len(feeds) == 1:
		return "misses feed " + feeds[0].ID
	case safety > 0:
		return fmt.Sprintf("misses %d feeds, %d SAFETY", len(feeds), safety)
	}
	return fmt.Sprintf("misses %d feeds", len(feeds))
}

// otherZones are the zones an asset is in besides the one it is drawn in.
func (p *picture) otherZones(a pictureAsset) []string {
	if a.zone < 0 {
		return a.Zones
	}
	var out []string
	for _, z := range a.Zones {
		if graph.Key(z) != graph.Key(p.zones[a.zone].ID) {
			out = append(out, z)
		}
	}
	return out
}

func statusWord(s string) string {
	if s == graph.StatusShutdown {
		return "shut down"
	}
	return s
}

// ranks stacks the zones by level: every zone of a level starts on one rank,
// below the bottom of every zone of the level above.
func (p *picture) ranks() {
	b := &p.buf
	for li, level := range p.tiers {
		tops := make([]string, len(level))
		for j, z := range level {
			tops[j] = dotQuote(p.top[z])
		}
		fmt.Fprintf(b, "\t{ rank=same; %s; }\n", strings.Join(tops, "; "))
		if li+1 == len(p.tiers) {
			continue
		}
		step := dotQuote(p.fresh(fmt.Sprintf("below level %d", li)))
		fmt.Fprintf(b, "\t%s [shape=point, style=invis, width=0, height=0, label=\"\"];\n", step)
		for _, z := range level {
			fmt.Fprintf(b, "\t%s -> %s [style=invis, weight=5];\n", dotQuote(p.bottom[z]), step)
		}
		for _, z := range p.tiers[li+1] {
			fmt.Fprintf(b, "\t%s -> %s [style=invis, weight=5];\n", step, dotQuote(p.top[z]))
		}
	}
}

// conduits draws each conduit from the higher zone's bottom to the lower
// zone's top, so the arrows run with the levels; a one-way conduit that
// points up keeps its direction with dir=back.
func (p *picture) conduits() {
	if p.res.Topology == nil {
		return
	}
	zoneIndex := map[string]int{}
	tierOf := map[int]int{}
	for ti, tier := range p.tiers {
		for _, z := range tier {
			tierOf[z] = ti
		}
	}
	for i, z := range p.zones {
		zoneIndex[graph.Key(z.ID)] = i
	}
	for _, c := range p.res.Topology.Conduits {
		from, okf := zoneIndex[graph.Key(c.From)]
		to, okt := zoneIndex[graph.Key(c.To)]
		if !okf || !okt || from == to || !p.shown[from] || !p.shown[to] {
			continue
		}
		upward := tierOf[from] > tierOf[to]
		hi, lo := from, to
		if upward {
			hi, lo = to, from
		}
		dir := "both"
		if c.OneWay {
			dir = "forward"
			if upward {
				dir = "back"
			}
		}
		lines := []string{c.ID}
		if len(c.Via) > 0 {
			lines = append(lines, "via "+list(c.Via, 4))
		}
		if c.OneWay {
			lines = append(lines, "one-way")
		}
		color, style, width, font := "#607d8b", "solid", 1.5, picOkText
		switch c.State {
		case "cut":
			lines = append(lines, "CUT")
		case "zone-isolated":
			lines = append(lines, "DOWN: zone isolated")
		case "via-down":
			lines = append(lines, "DOWN: "+list(c.Via, 4)+" down")
		}
		if c.State != "" && c.State != "ok" {
			color, style, width, font = picRedLine, "dashed", 2.5, picRedText
		}
		constraint := "true"
		if tierOf[from] == tierOf[to] {
			constraint = "false"
		}
		fmt.Fprintf(&p.buf, "\t%s -> %s [ltail=%s, lhead=%s, dir=%s, label=%s, color=%q, fontcolor=%q, style=%s, penwidth=%g, constraint=%s, arrowhead=normal, arrowtail=normal];\n",
			dotQuote(p.bottom[hi]), dotQuote(p.top[lo]), dotQuote(fmt.Sprintf("cluster_zone_%d", hi)), dotQuote(fmt.Sprintf("cluster_zone_%d", lo)),
			dir, dotLabel(lines...), color, font, style, width, constraint)
	}
}

// writeLegend draws the key to the picture and the table of lost feeds.
func (p *picture) writeLegend() {
	b := &p.buf
	cell := func(bg, border, text string) string {
		return fmt.Sprintf(`<TR><TD BGCOLOR="%s" COLOR="%s" BORDER="2" WIDTH="28"> </TD><TD ALIGN="LEFT">%s</TD></TR>`, bg, border, htmlLabelText(text))
	}
	line := func(color, style, text string) string {
		return fmt.Sprintf(`<TR><TD><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="LEFT">%s</TD></TR>`, color, style, htmlLabelText(text))
	}
	var t strings.Builder
	t.WriteString(`<TABLE BORDER="1" COLOR="#90a4ae" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3" BGCOLOR="white">`)
	t.WriteString(`<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>`)
	t.WriteString(cell(picRedFill, picRedLine, "lost or shut down"))
	t.WriteString(cell(picAmberFill, picAmberLine, "degraded or isolated (still running)"))
	t.WriteString(cell(picOkFill, picOkLine, "not affected"))
	t.WriteString(cell(picIsolateFill, picRedLine, "zone isolated by an action"))
	t.WriteString(`<TR><TD>3-D box</TD><TD ALIGN="LEFT">operator station (HMI)</TD></TR>`)
	t.WriteString(line(picRedLine, "- - - ▶", "conduit cut or down"))
	t.WriteString(line("#607d8b", "——— ▶", "conduit working; one arrow: one-way (diode)"))
	t.WriteString(cell(picOkFill, picRedLine, "misses a feed (see the feed table)"))
	if p.res.Attacker != nil {
		t.WriteString(cell(picOkFill, picAttackColor, "attacker foothold, or protected asset it still reaches"))
	}
	t.WriteString(`</TABLE>`)
	fmt.Fprintf(b, "\t%s [shape=plaintext, style=\"\", margin=0, label=<%s>];\n", dotQuote(p.legend), t.String())
	// The legend and the feed table sit side by side below the lowest level.
	if n := len(p.tiers); n > 0 {
		for _, z := range p.tiers[n-1] {
			fmt.Fprintf(b, "\t%s -> %s [style=invis];\n", dotQuote(p.bottom[z]), dotQuote(p.legend))
		}
	}

	var lost []graph.FeedImpact
	for _, f := range p.res.Feeds {
		if len(f.LostAt) > 0 {
			lost = append(lost, f)
		}
	}
	if len(lost) == 0 {
		return
	}
	t.Reset()
	t.WriteString(`<TABLE BORDER="1" COLOR="#90a4ae" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR="white">`)
	fmt.Fprintf(&t, `<TR><TD COLSPAN="4" ALIGN="LEFT"><B>Feeds lost or degraded (%d)</B></TD></TR>`, len(lost))
	t.WriteString(`<TR><TD ALIGN="LEFT"><B>feed</B></TD><TD ALIGN="LEFT"><B>name</B></TD><TD ALIGN="LEFT"><B>when</B></TD><TD ALIGN="LEFT"><B>no longer reaches</B></TD></TR>`)
	for i, f := range lost {
		if i == maxLegendFeeds {
			fmt.Fprintf(&t, `<TR><TD COLSPAN="4" ALIGN="LEFT">… %d more: see the HTML or text report</TD></TR>`, len(lost)-i)
			break
		}
		color := picRedText
		if f.Status == graph.StatusDegraded {
			color = "#8a5a00"
		}
		kind := f.Kind
		if f.Safety {
			kind = "SAFETY " + kind
		}
		bg := "white"
		if i%2 == 0 {
			bg = "#f5f7fa"
		}
		fmt.Fprintf(&t, `<TR><TD ALIGN="LEFT" BGCOLOR="%s"><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="LEFT" BGCOLOR="%s">%s</TD><TD ALIGN="LEFT" BGCOLOR="%s">%s</TD><TD ALIGN="LEFT" BGCOLOR="%s">%s</TD></TR>`,
			bg, color, htmlLabelText(f.ID), bg, htmlLabelText(clipRunes(f.Name, 48)+" ("+kind+")"), bg, htmlLabelText(f.Status+" "+when(f.AfterS)), bg, htmlLabelText(list(f.LostAt, 4)))
	}
	t.WriteString(`</TABLE>`)
	fmt.Fprintf(b, "\t%s [shape=plaintext, style=\"\", margin=0, label=<%s>];\n", dotQuote(p.feedTab), t.String())
	fmt.Fprintf(b, "\t{ rank=same; %s; %s; }\n", dotQuote(p.legend), dotQuote(p.feedTab))
}

// dotQuote writes s as a DOT double-quoted string that says s and nothing
// else: a backslash, a quote, a line break or a control character cannot
// end the string or start a statement, and distinct strings stay distinct.
func dotQuote(s string) string { return `"` + dotEscape(s) + `"` }

// dotEscape is the inside of dotQuote.
func dotEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case controlRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// controlRune reports runes that must not reach a picture as themselves:
// C0 and C1 controls, and the code points XML forbids.
func controlRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff
}

// dotLabel is a plain graphviz label of centered lines.
func dotLabel(lines ...string) string {
	return `"` + strings.Join(labelLines(lines), `\n`) + `"`
}

// dotLabelLeft is a label of left-aligned lines.
func dotLabelLeft(lines ...string) string {
	return `"` + strings.Join(labelLines(lines), `\l`) + `\l"`
}

// labelLines escapes each line for a label. Graphviz reads entities such as
// &lt; in labels, so & is escaped for a name to read as written, and each
// line is kept on its line.
func labelLines(lines []string) []string {
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = dotEscape(strings.ReplaceAll(oneLine(strings.ToValidUTF8(l, "\uFFFD")), "&", "&amp;"))
	}
	return esc
}

// htmlLabelText is a model string inside a graphviz HTML label.
func htmlLabelText(s string) string {
	return html.EscapeString(oneLine(strings.ToValidUTF8(s, "\uFFFD")))
}

// wrapWords breaks s into lines of about width runes at spaces.
func wrapWords(s string, width int) []string {
	words := strings.Fields(oneLine(s))
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		if utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur += " " + w
	}
	return append(lines, cur)
}

// clipRunes shortens s to n runes with an ellipsis.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
