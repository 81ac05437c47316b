package importers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// sheetResult is what one sheet or CSV file gave: its elements, its
// problems, and how many of its rows were read and used.
type sheetResult struct {
	sc        *schema
	stat      graph.SheetStat
	assets    []graph.Asset
	zones     []graph.Zone
	conduits  []graph.Conduit
	deps      []graph.Dependency
	feeds     []graph.Feed
	scenarios []graph.Scenario
	// rowErrs are problems with single rows: errors, or warnings when the
	// user asked to go on without the offending rows.
	rowErrs graph.ProblemList
	// fatal are problems with the sheet or file as a whole: always errors.
	fatal    graph.ProblemList
	warnings graph.ProblemList
	skipped  int
	// ok is true once the sheet's header row was found.
	ok bool

	subnets []Subnet     // the rows of a Subnets sheet (subnets.go)
	vendor  *vendorSheet // the vendor export an Assets sheet is, if any (vendor.go)
}

// attrCol is a column the model does not know, kept as an attribute.
type attrCol struct {
	idx  int
	name string
}

// sheetParser turns the rows of one sheet into model elements. Readers feed
// it every row, blank or not, with the row's one-based number.
type sheetParser struct {
	sheetResult
	skipInvalid bool
	src         graph.Source // File, Sheet and Cols shared by every row
	cols        []int        // schema column → cell index, or -1
	attrs       []attrCol
	noHeader    []int // cell indices whose header is blank
	width       int   // number of cells in the header row
	warnedExtra bool

	kinds        map[string]string // kind as written → canonical kind
	lists        listStore         // backing store for the lists of many rows
	text         []byte            // backing store for the cells own copies
	hint         int               // rows expected, to size the element slices
	bytes        int               // bytes of the file or sheet, to bound hint
	scenarioIdx  map[string]int    // graph.Key(name) → index in scenarios
	lastScenario string

	// The row, before the header, that came nearest to being it.
	nearRow     int
	nearMissing []string

	// The row being parsed.
	row   int
	cells []string
	bad   bool
}

func newSheetParser(sc *schema, file, sheet string, opts Options) *sheetParser {
	p := &sheetParser{skipInvalid: opts.SkipInvalid}
	p.sc = sc
	p.src = graph.Source{Origin: &graph.Origin{File: file, Sheet: sheet}}
	p.stat = graph.SheetStat{Sheet: sheet, File: file}
	return p
}

// add takes one row. Cells are trimmed in place.
func (p *sheetParser) add(row int, cells []string) {
	blank := true
	for i, c := range cells {
		if c == "" {
			continue
		}
		c = trimSpace(c)
		cells[i] = c
		if c != "" {
			blank = false
		}
	}
	if blank {
		return
	}
	if !p.ok {
		p.row = row
		p.ok = p.header(cells)
		return
	}
	if p.stat.Read == 0 {
		p.reserve()
	}
	p.stat.Read++
	p.row, p.cells, p.bad = row, cells, false
	if !p.warnedExtra {
		p.checkExtra()
	}
	switch p.sc.kind {
	case sheetAssets:
		p.asset()
	case sheetZones:
		p.zone()
	case sheetConduits:
		p.conduit()
	case sheetDependencies:
		p.dependency()
	case sheetFeeds:
		p.feed()
	case sheetScenarios:
		p.scenario()
	case sheetSubnets:
		p.subnet()
	}
}

// reserve sizes the sheet's elements for the rows expected, so that
// appending them does not copy a large slice again and again: on a model of
// a million assets the copies would come to more than a gigabyte. The
// reservation stays within a few times the file's size, so that a file of
// many blank lines cannot make it huge.
func (p *sheetParser) reserve() {
	switch p.sc.kind {
	case sheetAssets:
		p.assets = make([]graph.Asset, 0, p.rowsFor(unsafe.Sizeof(graph.Asset{})))
	case sheetZones:
		p.zones = make([]graph.Zone, 0, p.rowsFor(unsafe.Sizeof(graph.Zone{})))
	case sheetConduits:
		p.conduits = make([]graph.Conduit, 0, p.rowsFor(unsafe.Sizeof(graph.Conduit{})))
	case sheetDependencies:
		p.deps = make([]graph.Dependency, 0, p.rowsFor(unsafe.Sizeof(graph.Dependency{})))
	case sheetFeeds:
		p.feeds = make([]graph.Feed, 0, p.rowsFor(unsafe.Sizeof(graph.Feed{})))
	}
}

// rowsFor is how many rows of size bytes each to reserve: the rows expected,
// within four times the bytes read.
func (p *sheetParser) rowsFor(size uintptr) int {
	return min(p.hint, 4*p.bytes/int(size))
}

// header takes a row as the header when it holds all the required columns.
func (p *sheetParser) header(cells []string) bool {
	if p.sc.kind == sheetAssets && p.vendorHeader(cells) {
		return true
	}
	cols, taken, missing := p.sc.matchHeader(cells)
	if missing != nil {
		if p.nearRow == 0 || len(missing) < len(p.nearMissing) {
			p.nearRow, p.nearMissing = p.row, missing
		}
		return false
	}
	p.useHeader(cells, cols, taken)
	return true
}

// useHeader takes cells as the header row, cols[f] being the cell of schema
// column f and taken the cells that some column took; the others are
// attributes.
func (p *sheetParser) useHeader(cells []string, cols []int, taken []bool) {
	// The header outlives the file's buffer (see own).
	for i, c := range cells {
		cells[i] = strings.Clone(c)
	}
	p.cols = cols
	p.width = len(cells)
	// The rows from here on share one Origin holding the headers.
	p.src.Origin = &graph.Origin{File: p.src.File(), Sheet: p.src.Sheet(),
		Cols: make(map[string]string, len(cols))}
	for f, i := range cols {
		if i >= 0 {
			p.src.Origin.Cols[p.sc.columns[f].name] = cells[i]
		}
	}
	seen := make(map[string]int)
	for i, c := range cells {
		switch {
		case taken[i]:
		case c == "":
			p.noHeader = append(p.noHeader, i)
		default:
			name := c
			if seen[c]++; seen[c] > 1 {
				name = fmt.Sprintf("%s (%d)", c, seen[c])
			}
			p.attrs = append(p.attrs, attrCol{i, name})
		}
	}
}

// matchHeader maps header cells to the schema's columns (cols[f] is the cell
// of column f, or -1; taken marks the cells a column took). A header that is
// a column's canonical name wins over an alias, an alias listed earlier over
// a later one, and the leftmost cell over the others. missing lists the
// required columns the cells lack; it is nil when they are all there.
func (sc *schema) matchHeader(cells []string) (cols []int, taken []bool, missing []string) {
	norms := make([]string, len(cells))
	for i, c := range cells {
		norms[i] = graph.Norm(c)
	}
	taken = make([]bool, len(cells))
	cols = make([]int, len(sc.columns))
	take := func(f int, n string) bool {
		for i, cn := range norms {
			if cn == n && !taken[i] {
				cols[f], taken[i] = i, true
				return true
			}
		}
		return false
	}
	for f, col := range sc.columns {
		cols[f] = -1
		take(f, col.name)
	}
	for f, col := range sc.columns {
		for _, key := range col.keys {
			if cols[f] >= 0 || take(f, key) {
				break
			}
		}
	}
	for _, req := range sc.required {
		if cols[sc.index(req)] < 0 {
			missing = append(missing, req)
		}
	}
	return cols, taken, missing
}

// index is the position of a canonical column in the schema.
func (sc *schema) index(name string) int {
	for i, c := range sc.columns {
		if c.name == name {
			return i
		}
	}
	panic("importers: no column " + name + " in " + sc.name)
}

// checkExtra warns, once per sheet, about values in a column without a
// header: they cannot be named, so they cannot be kept.
func (p *sheetParser) checkExtra() {
	col := -1
	for _, i := range p.noHeader {
		if i < len(p.cells) && p.cells[i] != "" {
			col = i
			break
		}
	}
	for i := p.width; col < 0 && i < len(p.cells); i++ {
		if p.cells[i] != "" {
			col = i
		}
	}
	if col < 0 {
		return
	}
	p.warnedExtra = true
	name, _ := excelize.ColumnNumberToName(col + 1)
	p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row,
		Msg: fmt.Sprintf("column %s has values but no header; its values are ignored", name)})
}

// list splits a cell that lists ids, into storage shared by many rows:
// a site has about as many lists as rows, and one allocation each adds up.
func (p *sheetParser) list(f int) []string { return p.lists.list(p.get(f)) }

// own returns a cell of the Feeds sheet as a copy, so that the file's
// buffer can be let go once the model is resolved: the feeds' references
// to assets then point at the assets' own ids, and what is left of each row
// is its id and name, half the row or less. On a million-asset model that
// is about 70 MB less. Other sheets' cells are returned as they are.
func (p *sheetParser) own(s string) string {
	if p.sc.kind != sheetFeeds {
		return s
	}
	if s == "" {
		return "" // an empty cell is still a pointer into the buffer
	}
	if cap(p.text)-len(p.text) < len(s) {
		p.text = make([]byte, 0, max(64<<10, len(s)))
	}
	start := len(p.text)
	p.text = append(p.text, s...)
	return unsafe.String(&p.text[start], len(s))
}

// get returns the cell of a schema column in the current row.
func (p *sheetParser) get(f int) string {
	if i := p.cols[f]; i >= 0 && i < len(p.cells) {
		return p.cells[i]
	}
	return ""
}

// source locates the current row.
func (p *sheetParser) source() graph.Source {
	s := p.src
	s.Row = p.row
	return s
}

// fail records a problem with a cell of the current row.
func (p *sheetParser) fail(f int, err error) {
	p.bad = true
	p.rowErrs.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row,
		Column: p.src.Column(p.sc.columns[f].name), Msg: err.Error(), Err: err})
}

// keep says whether the current row goes into the model: a row with
// problems is left out when the user asked to go on without such rows.
func (p *sheetParser) keep() bool {
	if p.bad && p.skipInvalid {
		p.skipped++
		return false
	}
	p.stat.Used++
	return true
}

// attributes collects the current row's cells in columns the model does not
// know; nil when there are none.
func (p *sheetParser) attributes() map[string]string {
	var m map[string]string
	for _, a := range p.attrs {
		if a.idx < len(p.cells) && p.cells[a.idx] != "" {
			if m == nil {
				m = make(map[string]string, len(p.attrs))
			}
			m[a.name] = p.own(p.cells[a.idx])
		}
	}
	return m
}

// id returns the id in a column of the current row. An id never spans lines:
// one that does is most likely cells swallowed by a quote left open.
func (p *sheetParser) id(f int) string {
	s := p.get(f)
	if strings.ContainsAny(s, "\n\r") {
		short, _, _ := strings.Cut(s, "\n")
		p.fail(f, fmt.Errorf("id %q… spans several lines: is a quote (\") left open?", strings.TrimSpace(short)))
	}
	return s
}

// parsed reads the cell of a column with parse; when the cell does not
// parse, it records the problem and returns fallback.
func parsed[T any](p *sheetParser, f int, parse func(string) (T, error), fallback T) T {
	v, err := parse(p.get(f))
	if err != nil {
		p.fail(f, err)
		return fallback
	}
	return v
}

// kind maps an asset kind to its canonical name; an unknown kind is kept as
// written, with one warning per sheet.
func (p *sheetParser) kind(f int) string {
	s := p.get(f)
	if k, ok := p.kinds[s]; ok {
		return k
	}
	k, known := graph.CanonicalKind(s)
	if !known {
		p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row,
			Column: p.src.Column(p.sc.columns[f].name),
			Msg:    fmt.Sprintf("unknown kind %q is kept as written", s)})
	}
	if p.kinds == nil {
		p.kinds = make(map[string]string)
	}
	p.kinds[s] = k
	return k
}

func (p *sheetParser) asset() {
	a := graph.Asset{
		ID:     p.id(aID),
		Name:   p.get(aName),
		Kind:   p.kind(aKind),
		Zones:  p.list(aZone),
		Owner:  p.get(aOwner),
		Safety: parsed(p, aSafety, parseBool, false),
		Tags:   p.list(aTags),
		IP:     p.get(aIP),
		Attrs:  p.attributes(),
		Src:    p.source(),
	}
	if p.vendor != nil {
		p.vendorAsset(&a)
	}
	if p.keep() {
		p.assets = append(p.assets, a)
	}
}

func (p *sheetParser) zone() {
	z := graph.Zone{
		ID:    p.id(zID),
		Name:  p.get(zName),
		Level: parsed(p, zLevel, parseLevel, graph.NoLevel),
		Owner: p.get(zOwner),
		Attrs: p.attributes(),
		Src:   p.source(),
	}
	if p.keep() {
		p.zones = append(p.zones, z)
	}
}

func (p *sheetParser) conduit() {
	c := graph.Conduit{
		ID:     p.id(cID),
		From:   p.get(cFrom),
		To:     p.get(cTo),
		Via:    p.list(cVia),
		OneWay: parsed(p, cDirection, parseDirection, false),
		Attrs:  p.attributes(),
		Src:    p.source(),
	}
	if p.keep() {
		p.conduits = append(p.conduits, c)
	}
}

func (p *sheetParser) dependency() {
	d := graph.Dependency{
		Consumer:  p.get(dConsumer),
		Providers: p.list(dProvider),
		Service:   p.get(dService),
		Need:      parsed(p, dNeed, parseNeed, 1),
		GraceMS:   parsed(p, dGrace, parseDuration, 0),
		Attrs:     p.attributes(),
		Src:       p.source(),
	}
	if p.keep() {
		p.deps = append(p.deps, d)
	}
}

func (p *sheetParser) feed() {
	f := graph.Feed{
		ID:     p.own(p.id(fID)),
		Name:   p.own(p.get(fName)),
		Source: p.list(fSource),
		Via:    p.lists.path(p.get(fVia)),
		To:     p.list(fTo),
		Kind:   parsed(p, fKind, parseFeedKind, graph.FeedView),
		Safety: parsed(p, fSafety, parseBool, false),
		Owner:  p.own(p.get(fOwner)),
		Attrs:  p.attributes(),
		Src:    p.source(),
	}
	if p.keep() {
		p.feeds = append(p.feeds, f)
	}
}

// scenario adds the row's action to the scenario it names; rows naming the
// same scenario (as ids match) gather into one, in row order. A row with a
// problem adds no action: there is nothing sensible to simulate.
func (p *sheetParser) scenario() {
	name, verb, target := p.get(sScenario), p.get(sAction), p.get(sTarget)
	if name == "" {
		// A blank name continues the scenario above, as merged cells do.
		name = p.lastScenario
	}
	p.lastScenario = name
	a := graph.Action{Target: target, Scenario: name, Src: p.source()}
	if name == "" {
		p.fail(sScenario, errors.New("scenario name is blank"))
	}
	var err error
	if verb == "" {
		p.fail(sAction, errors.New("action is blank (use shutdown, isolate or cut)"))
	} else if a.Verb, err = graph.ParseVerb(verb); err != nil {
		p.fail(sAction, err)
	}
	if target == "" {
		p.fail(sTarget, errors.New("target is blank (asset:ID, zone:ID, conduit:ID, kind:KIND, tag:TAG, owner:OWNER or an id)"))
	}
	if p.bad {
		if p.skipInvalid {
			p.skipped++
		}
		return
	}
	p.stat.Used++
	k := graph.Key(name)
	i, ok := p.scenarioIdx[k]
	if !ok {
		if p.scenarioIdx == nil {
			p.scenarioIdx = make(map[string]int)
		}
		i = len(p.scenarios)
		p.scenarioIdx[k] = i
		p.scenarios = append(p.scenarios, graph.Scenario{Name: name, Src: a.Src})
	}
	p.scenarios[i].Actions = append(p.scenarios[i].Actions, a)
}

// finish reports a sheet without a header row.
func (p *sheetParser) finish() *sheetResult {
	if !p.ok && len(p.fatal) == 0 {
		msg := "no header row: no row holds the required column(s) " + quoteAll(p.sc.required)
		if p.nearRow > 0 && len(p.nearMissing) < len(p.sc.required) {
			msg += fmt.Sprintf(" (row %d lacks %s)", p.nearRow, quoteAll(p.nearMissing))
		}
		p.fatal.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Msg: msg})
	}
	return &p.sheetResult
}

// quoteAll writes names quoted, separated by commas.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
