package importers

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// vendorFormat is the asset export of an inventory or OT monitoring tool:
// the headers that give it away, and the headers each part of an asset
// comes from, most preferred first. Headers are written as the tool writes
// them and matched like column names.
type vendorFormat struct {
	name string
	// marks are groups of headers; a header row holds one of each group.
	marks [][]string
	// id is the asset's name; an asset without one takes its IP address,
	// else its MAC address (mac).
	id, mac []string
	// kind is the role or type, mapped through the vocabulary; zone, ip and
	// kind take the first header whose cell is not blank.
	kind, zone, ip []string
	// level is the Purdue level, which the asset's zones take.
	level []string
	// owner, when set, stands for the owner column; otherwise an owner,
	// safety or tags column is found the ordinary way.
	owner []string
}

// vendorFormats are the exports recognised, each by headers no plant
// spreadsheet and no other export has together.
var vendorFormats = foldFormats([]vendorFormat{
	{
		// NetBox's device export, as its bulk import and export name the
		// fields; custom fields come as cf_NAME, kept like any other column.
		// The zone is the device's location, else its site: a location is a
		// room or cabinet inside a site, nearer to what a zone is.
		name: "NetBox device export",
		marks: [][]string{{"role", "device_role"}, {"device_type", "type", "manufacturer"}, {"site", "location"},
			{"primary_ip4", "primary_ip", "primary_ip6", "primary_ipv4", "primary_ipv6", "platform", "tenant"}},
		id:    []string{"name"},
		kind:  []string{"role", "device_role"},
		zone:  []string{"location", "site"},
		ip:    []string{"primary_ip4", "primary_ipv4", "primary_ip", "ip_address", "primary_ip6", "primary_ipv6"},
		level: []string{"cf_purdue_level", "cf_purdue", "cf_level"},
		owner: []string{"tenant"},
	},
	{
		name:  "Claroty asset export",
		marks: [][]string{{"class_type"}, {"virtual_zone_name"}},
		id:    []string{"name"},
		mac:   []string{"mac"},
		kind:  []string{"asset_type"},
		zone:  []string{"virtual_zone_name"},
		ip:    []string{"ipv4"},
		level: []string{"purdue_level"},
	},
	{
		name:  "Nozomi Guardian asset export",
		marks: [][]string{{"mac_address"}, {"product_name"}, {"zones", "zone"}},
		id:    []string{"name"},
		mac:   []string{"mac_address"},
		kind:  []string{"type"},
		zone:  []string{"zones", "zone"},
		ip:    []string{"ip"},
		level: []string{"level"},
	},
	{
		// A Tenable OT asset's type is specific (PLC, Engineering Station);
		// its category (Controllers, Network Assets) stands in when it is blank.
		name:  "Tenable OT asset export",
		marks: [][]string{{"segments"}, {"family"}, {"ips"}},
		id:    []string{"name"},
		mac:   []string{"macs", "mac"},
		kind:  []string{"type", "category"},
		zone:  []string{"segments"},
		ip:    []string{"ips"},
		level: []string{"purdue_level"},
	},
})

// foldFormats folds the headers of the formats by graph.Norm, once.
func foldFormats(fs []vendorFormat) []*vendorFormat {
	fold := func(l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = graph.Norm(s)
		}
		return out
	}
	out := make([]*vendorFormat, len(fs))
	for i := range fs {
		f := &fs[i]
		for j := range f.marks {
			f.marks[j] = fold(f.marks[j])
		}
		f.id, f.mac, f.kind, f.zone = fold(f.id), fold(f.mac), fold(f.kind), fold(f.zone)
		f.ip, f.level, f.owner = fold(f.ip), fold(f.level), fold(f.owner)
		out[i] = f
	}
	return out
}

// plantIDs are the headers a plant's own register names its asset ids by;
// the tools name theirs "name" ("id" is their record number, "asset_tag" a
// label on the box).
var plantIDs = []string{graph.Norm("Asset ID"), graph.Norm("Asset")}

// recognise finds the vendor format of an Assets header row, given its
// cells folded by graph.Norm; nil when it is none, or when the row names
// asset ids the way a plant's own register does: by Asset ID, or by "id"
// without a "name".
func recognise(norms []string) *vendorFormat {
	for _, key := range plantIDs {
		if slices.Contains(norms, key) {
			return nil
		}
	}
	if slices.Contains(norms, "id") && !slices.Contains(norms, "name") {
		return nil
	}
outer:
	for _, f := range vendorFormats {
		for _, group := range f.marks {
			if !slices.ContainsFunc(group, func(h string) bool { return slices.Contains(norms, h) }) {
				continue outer
			}
		}
		return f
	}
	return nil
}

// isHeaderRow reports whether cells could be the header row of the sheet:
// the ordinary one, or a vendor export's.
func (sc *schema) isHeaderRow(cells []string) bool {
	if _, _, missing := sc.matchHeader(cells); missing == nil {
		return true
	}
	return sc.kind == sheetAssets && recognise(foldAll(cells)) != nil
}

func foldAll(cells []string) []string {
	norms := make([]string, len(cells))
	for i, c := range cells {
		norms[i] = graph.Norm(c)
	}
	return norms
}

// vendorSheet is an Assets sheet recognised as a vendor export: where each
// part of an asset is, and what the rows used.
type vendorSheet struct {
	format *vendorFormat
	// Cells of the header row, most preferred first.
	id, mac, kind, zone, ip []int
	header                  []string // the header row as written
	levelAttr               string   // attribute holding the level, "" if none
	levelCol                string   // its header as written

	uses    map[string]*kindUse // role as written, and as folded, → its use
	order   []*kindUse
	unnamed []int // rows whose asset took its address as its id
	// The zone (folded) → the place that holds it (NetBox: location → site),
	// to tell when one name stands in two places.
	locSite map[string]string
	twoSite map[string]bool
}

// kindUse is one role or type as an export writes it, the kind it maps to,
// and how many assets have it.
type kindUse struct {
	text, header, kind string
	known              bool
	renamed            bool // the kind is not the text, folded
	n                  int
}

// vendorHeader takes a row as the header of a vendor export when it is
// one. The columns the format reads are no attributes; all others are.
func (p *sheetParser) vendorHeader(cells []string) bool {
	norms := foldAll(cells)
	f := recognise(norms)
	if f == nil {
		return false
	}
	v := &vendorSheet{format: f, header: slices.Clone(cells), uses: map[string]*kindUse{}}
	// The first header of each part is the column it is read from; the
	// others stand in for a blank cell and stay attributes, as do the MAC
	// address and the level.
	used := make([]bool, len(cells))
	pick := func(keys []string, take bool) []int {
		var out []int
		for _, k := range keys {
			if i := slices.Index(norms, k); i >= 0 && !used[i] {
				out = append(out, i)
				used[i] = take && len(out) == 1
			}
		}
		return out
	}
	v.id, v.kind, v.zone, v.ip = pick(f.id, true), pick(f.kind, true), pick(f.zone, true), pick(f.ip, true)
	owner := pick(f.owner, true)
	v.mac = pick(f.mac, false)
	level := pick(f.level, false)
	cols, taken, _ := p.sc.matchHeader(cells)
	for c := range cols {
		// A column the ordinary way may not take what the format reads.
		if i := cols[c]; i >= 0 && used[i] {
			cols[c] = -1
		}
	}
	at := func(l []int) int {
		if len(l) == 0 {
			return -1
		}
		return l[0]
	}
	cols[aID], cols[aName], cols[aKind], cols[aZone], cols[aIP] = at(v.id), -1, -1, at(v.zone), at(v.ip)
	if f.owner != nil {
		cols[aOwner] = at(owner)
	}
	for i := range taken {
		taken[i] = slices.Contains(cols, i) || used[i]
	}
	p.useHeader(cells, cols, taken)
	if i := at(v.kind); i >= 0 {
		p.src.Origin.Cols["kind"] = cells[i]
	}
	if len(level) > 0 {
		v.levelCol = cells[level[0]]
		for _, a := range p.attrs {
			if a.idx == level[0] {
				v.levelAttr = a.name
			}
		}
	}
	p.vendor = v
	return true
}

// vendorAsset completes an asset read from a vendor export: its id, kind,
// zones and IP address, where the ordinary columns have left them.
func (p *sheetParser) vendorAsset(a *graph.Asset) {
	v := p.vendor
	cell := func(i int) string {
		if i < len(p.cells) {
			return p.cells[i]
		}
		return ""
	}
	first := func(l []int) (string, int) {
		for _, i := range l {
			if s := cell(i); s != "" {
				return s, i
			}
		}
		return "", -1
	}
	if ips, i := first(v.ip); ips != "" {
		a.IP = firstAddress(ips)
		if strings.ContainsAny(ips, listSeps+" \t") {
			// Every address the tool knows is kept; the first is the asset's.
			a.Attrs = setAttr(a.Attrs, v.header[i], ips)
		}
	}
	if a.ID == "" {
		mac, _ := first(v.mac)
		if a.ID = cmp.Or(a.IP, mac); a.ID != "" {
			v.unnamed = append(v.unnamed, p.row)
		}
	}
	if a.Zones == nil && len(v.zone) > 1 {
		if z, _ := first(v.zone[1:]); z != "" {
			a.Zones = splitList(z)
		}
	}
	if len(v.zone) > 1 {
		v.checkNesting(p, cell(v.zone[0]), cell(v.zone[1]))
	}
	if role, i := first(v.kind); role != "" {
		u := v.use(p, role, i)
		a.Kind = u.kind
		if u.renamed {
			// What the tool called it says more than "other" or "server".
			a.Attrs = setAttr(a.Attrs, u.header, role)
		}
	}
	a.Safety = a.Safety || a.Kind == graph.KindSIS
}

// use counts a role or type and maps it once; an unknown one is kept as
// written, with the warning an unknown kind has.
func (v *vendorSheet) use(p *sheetParser, role string, col int) *kindUse {
	if u, ok := v.uses[role]; ok {
		u.n++
		return u
	}
	key := graph.Norm(role)
	u, ok := v.uses[key]
	if !ok {
		kind, known := vendorKind(role)
		u = &kindUse{text: role, header: v.header[col], kind: kind, known: known, renamed: key != graph.Norm(kind)}
		v.uses[key] = u
		v.order = append(v.order, u)
		if !known {
			p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row, Column: v.header[col],
				Msg: fmt.Sprintf("unknown kind %q is kept as written", role)})
		}
	}
	v.uses[role] = u
	u.n++
	return u
}

// checkNesting warns, once a name, of a zone found in two of the places
// that hold it (a NetBox location in two sites): both become one zone.
func (v *vendorSheet) checkNesting(p *sheetParser, loc, site string) {
	if loc == "" || site == "" {
		return
	}
	if v.locSite == nil {
		v.locSite, v.twoSite = map[string]string{}, map[string]bool{}
	}
	k := graph.Key(loc)
	prev, seen := v.locSite[k]
	switch {
	case !seen:
		v.locSite[k] = site
	case graph.Key(prev) != graph.Key(site) && !v.twoSite[k]:
		v.twoSite[k] = true
		p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row, Column: v.header[v.zone[0]],
			Msg: fmt.Sprintf("%s %q is in %s %q and %q: it is one zone for both", v.header[v.zone[0]], loc, v.header[v.zone[1]], prev, site)})
	}
}

// setAttr sets an attribute, making the map when there is none.
func setAttr(m map[string]string, name, value string) map[string]string {
	if m == nil {
		m = make(map[string]string, 1)
	}
	m[name] = value
	return m
}

// firstAddress is the first address a cell lists, without a prefix length
// ("10.1.2.3/24" is 10.1.2.3).
func firstAddress(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, listSeps+" \t"); i >= 0 {
		s = s[:i]
	}
	if addr, _, ok := strings.Cut(s, "/"); ok {
		s = addr
	}
	return s
}

// notes say how the sheet was read: the format, where each part of an
// asset came from, each role and the kind it took, unknown ones last.
func (v *vendorSheet) notes(stat graph.SheetStat) []string {
	var from []string
	add := func(l []int, what string) {
		if len(l) == 0 {
			return
		}
		names := make([]string, len(l))
		for i, c := range l {
			names[i] = v.header[c]
		}
		from = append(from, strings.Join(names, " (else ")+strings.Repeat(")", len(l)-1)+" → "+what)
	}
	add(v.id, "id")
	add(v.kind, "kind")
	add(v.zone, "zone")
	add(v.ip, "ip")
	if v.levelCol != "" {
		from = append(from, v.levelCol+" → zone level")
	}
	out := []string{fmt.Sprintf("Read %s as a %s: %s", sheetPlace(stat), v.format.name, strings.Join(from, ", "))}
	uses := slices.Clone(v.order)
	slices.SortStableFunc(uses, func(a, b *kindUse) int {
		if a.known != b.known {
			if a.known {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.text, b.text))
	})
	for _, u := range uses {
		if u.known {
			out = append(out, fmt.Sprintf("  %s %q → %s (%s)", u.header, u.text, u.kind, countOf(u.n, "asset")))
		} else {
			out = append(out, fmt.Sprintf("  %s %q unknown (%s), kept as written", u.header, u.text, countOf(u.n, "asset")))
		}
	}
	if n := len(v.unnamed); n > 0 {
		out = append(out, fmt.Sprintf("  %s without a name took the IP (or MAC) address as id", countOf(n, "asset")))
	}
	return out
}

// sheetPlace names a sheet for the user: a CSV file by its path, a
// workbook's sheet by its name and the workbook's path.
func sheetPlace(stat graph.SheetStat) string {
	if isWorkbookName(stat.File) || !strings.EqualFold(sheetName(stat.File), stat.Sheet) {
		return fmt.Sprintf("sheet %s of %s", stat.Sheet, stat.File)
	}
	return stat.File
}

// unnamedWarning says which rows had no name, in one warning.
func (v *vendorSheet) unnamedWarning(stat graph.SheetStat) *graph.Problem {
	if len(v.unnamed) == 0 {
		return nil
	}
	rows := make([]string, 0, 10)
	for i, r := range v.unnamed {
		if i == 10 {
			rows = append(rows, fmt.Sprintf("and %d more", len(v.unnamed)-i))
			break
		}
		rows = append(rows, fmt.Sprint(r))
	}
	col := ""
	if len(v.id) > 0 {
		col = v.header[v.id[0]]
	}
	return &graph.Problem{File: stat.File, Sheet: stat.Sheet, Row: v.unnamed[0], Column: col,
		Msg: fmt.Sprintf("%s no name: the IP address (else the MAC address) is the id (%s %s)",
			countOf(len(v.unnamed), "asset has", "assets have"), plural(len(v.unnamed), "row"), strings.Join(rows, ", "))}
}

// countOf writes n and a noun, plural when n is not 1: one with an "s", or
// many when given.
func countOf(n int, one string, many ...string) string {
	if len(many) > 0 && n != 1 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %s", n, plural(n, one))
}

// plural is a noun, with an "s" when n is not 1.
func plural(n int, one string) string {
	if n == 1 {
		return one
	}
	return one + "s"
}
