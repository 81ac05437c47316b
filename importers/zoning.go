package importers

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// takeSubnetSheet takes the Subnets sheet out of a workbook's sheets or a
// folder's files: the one named exactly, else the first alias. Others that
// answer to the name are ignored with a warning.
func takeSubnetSheet(cands []candidate) (rest []candidate, subnets *candidate, warnings graph.ProblemList) {
	exact := func(c candidate) bool { return graph.Norm(c.sheet) == graph.Norm(subnetSchema.name) }
	chosen := -1
	for i, c := range cands {
		if isSubnetSheet(c.sheet) && (chosen < 0 || exact(c) && !exact(cands[chosen])) {
			chosen = i
		}
	}
	if chosen < 0 {
		return cands, nil, nil
	}
	for i, c := range cands {
		switch {
		case i == chosen:
		case isSubnetSheet(c.sheet):
			warnings.Add(&graph.Problem{File: c.file, Sheet: c.sheet,
				Msg: fmt.Sprintf("%q is the Subnets sheet; this one is ignored", cands[chosen].sheet)})
		default:
			rest = append(rest, c)
		}
	}
	return rest, &cands[chosen], warnings
}

// readSubnetResult reads the Subnets sheet c, if there is one.
func readSubnetResult(c *candidate, read func(p *sheetParser, c *candidate), opts Options) *sheetResult {
	if c == nil {
		return nil
	}
	p := newSheetParser(subnetSchema, c.file, c.sheet, opts)
	read(p, c)
	return p.finish()
}

// zoning completes the zones of a model before it is resolved: the Subnets
// sheet places each asset that has an IP address but no zone in the zone
// of the most specific subnet holding it, and zones take the Purdue level
// that a subnet, else their assets in a vendor export, give them when the
// Zones sheet gives none. It adds what it did to the model's notes and
// returns the problems that are errors. Without a Subnets sheet or a
// vendor export it does nothing.
func zoning(m *graph.Model, assets, sub *sheetResult, opts Options) graph.ProblemList {
	var v *vendorSheet
	if assets != nil {
		v = assets.vendor
	}
	if sub == nil && v == nil {
		return nil
	}
	var errs graph.ProblemList
	var set *Subnets
	if sub != nil {
		m.Sheets = append(m.Sheets, sub.stat)
		m.Warnings = append(m.Warnings, sub.warnings...)
		errs = append(errs, sub.fatal...)
		var err error
		set, err = NewSubnets(sub.subnets)
		rowErrs := sub.rowErrs
		if err != nil {
			rowErrs = append(rowErrs, err.(graph.ProblemList)...)
		}
		if opts.SkipInvalid {
			m.Warnings = append(m.Warnings, rowErrs...)
			rows := map[int]bool{}
			for _, p := range rowErrs {
				rows[p.Row] = true
			}
			m.Skipped += len(rows)
		} else {
			errs = append(errs, rowErrs...)
		}
	}
	if assets == nil || !assets.ok {
		return errs
	}
	if v != nil {
		m.ImportNotes = append(m.ImportNotes, v.notes(assets.stat)...)
		if w := v.unnamedWarning(assets.stat); w != nil {
			m.Warnings.Add(w)
		}
	}
	if set != nil {
		placeBySubnet(m, set, sub.stat)
	}
	levelZones(m, set, v)
	return errs
}

// placeBySubnet gives each asset that has an IP address but no zone the
// zones of the subnets holding its addresses, and says, in one warning,
// which assets no subnet holds.
func placeBySubnet(m *graph.Model, set *Subnets, stat graph.SheetStat) {
	placed := 0
	var left []string
	for i := range m.Assets {
		a := &m.Assets[i]
		if len(a.Zones) > 0 || strings.TrimSpace(a.IP) == "" {
			continue
		}
		var zones []string
		bad := ""
		for _, text := range strings.FieldsFunc(a.IP, isAddressSep) {
			// An address may come with its prefix length: 10.1.2.3/24.
			addr, err := netip.ParseAddr(strings.SplitN(text, "/", 2)[0])
			if err != nil {
				bad = text
				continue
			}
			if sn, ok := set.Lookup(addr); ok && !slices.ContainsFunc(zones, func(z string) bool { return graph.Key(z) == graph.Key(sn.Zone) }) {
				zones = append(zones, sn.Zone)
			}
		}
		switch {
		case len(zones) > 0:
			a.Zones = zones
			placed++
		case bad != "":
			left = append(left, fmt.Sprintf("%s (%q is no IP address)", a.ID, bad))
		default:
			left = append(left, fmt.Sprintf("%s (%s)", a.ID, strings.TrimSpace(a.IP)))
		}
	}
	note := fmt.Sprintf("Subnets from %s: %s placed in a zone by IP address", sheetPlace(stat), countOf(placed, "asset"))
	if len(left) > 0 {
		note += fmt.Sprintf(", %d in no subnet left without a zone", len(left))
		shown := left[:min(len(left), 10)]
		msg := fmt.Sprintf("%s in no subnet, so without a zone: %s", countOf(len(left), "asset has an IP address", "assets have an IP address"), strings.Join(shown, ", "))
		if len(left) > len(shown) {
			msg += fmt.Sprintf(" and %d more", len(left)-len(shown))
		}
		m.Warnings.Add(&graph.Problem{File: stat.File, Sheet: stat.Sheet, Msg: msg})
	}
	m.ImportNotes = append(m.ImportNotes, note)
}

// isAddressSep separates the addresses of an IP cell: "10.1.2.3,
// 10.1.3.3", one a line, or a space between.
func isAddressSep(r rune) bool {
	return r < 0x80 && isListSep[r] || r == ' ' || r == '\t'
}

// zoneLevel gathers what gives one zone its Purdue level.
type zoneLevel struct {
	id       string       // first spelling
	src      graph.Source // where it is first named
	sheet    int          // index in m.Zones, or -1
	subnet   float64      // level a subnet gives, or graph.NoLevel
	subnetAt graph.Source
	assets   map[float64]int // levels of the zone's assets in a vendor export
}

// levelZones gives zones the levels that subnets and a vendor export's
// assets give them, where the Zones sheet gives none: a subnet's level
// first, else the lowest of the assets' levels (the one that protects
// most: level 1 and below are protected). A zone not in the Zones sheet
// that gets a level this way is created with it.
func levelZones(m *graph.Model, set *Subnets, v *vendorSheet) {
	byKey := map[string]*zoneLevel{}
	var order []*zoneLevel
	get := func(id string, src graph.Source) *zoneLevel {
		k := graph.Key(id)
		z, ok := byKey[k]
		if !ok {
			z = &zoneLevel{id: strings.TrimSpace(id), src: src, sheet: -1, subnet: graph.NoLevel}
			byKey[k] = z
			order = append(order, z)
		}
		return z
	}
	for i := range m.Zones {
		if z := get(m.Zones[i].ID, m.Zones[i].Src); z.sheet < 0 {
			z.sheet = i
		}
	}
	for _, sn := range set.All() {
		if sn.Level == graph.NoLevel {
			continue
		}
		z := get(sn.Zone, sn.Src)
		switch {
		case z.subnet == graph.NoLevel:
			z.subnet, z.subnetAt = sn.Level, sn.Src
		case z.subnet != sn.Level:
			m.Warnings.Add(graph.At(sn.Src, "level", "zone %q is level %g here and level %g at %s; it takes %g",
				z.id, sn.Level, z.subnet, rowName(z.subnetAt), min(z.subnet, sn.Level)))
			z.subnet = min(z.subnet, sn.Level)
		}
	}
	named := map[string]bool{} // zones an asset names
	levels := map[string]float64{}
	for i := range m.Assets {
		a := &m.Assets[i]
		level := graph.NoLevel
		if v != nil && v.levelAttr != "" {
			level = assetLevel(m, a, v, levels)
		}
		for _, zid := range a.Zones {
			if strings.TrimSpace(zid) == "" {
				continue
			}
			z := get(zid, a.Src)
			named[graph.Key(zid)] = true
			if level != graph.NoLevel {
				if z.assets == nil {
					z.assets = map[float64]int{}
				}
				z.assets[level]++
			}
		}
	}
	for _, z := range order {
		level, from := z.subnet, "the Subnets sheet"
		if level == graph.NoLevel && len(z.assets) > 0 {
			level, from = z.lowest(m, v), fmt.Sprintf("its assets' %q", v.levelCol)
		}
		switch {
		case level == graph.NoLevel:
		case z.sheet >= 0 && m.Zones[z.sheet].HasLevel():
			if have := m.Zones[z.sheet].Level; z.subnet != graph.NoLevel && z.subnet != have {
				m.Warnings.Add(graph.At(z.subnetAt, "level", "zone %q is level %g in the Zones sheet and level %g here; it stays %g", z.id, have, z.subnet, have))
			}
		case z.sheet >= 0:
			m.Zones[z.sheet].Level = level
			m.Warnings.Add(graph.At(m.Zones[z.sheet].Src, "level", "zone %q has no level in the Zones sheet: it takes level %g from %s", z.id, level, from))
		case named[graph.Key(z.id)]:
			m.Zones = append(m.Zones, graph.Zone{ID: z.id, Level: level, Src: z.src})
			m.Warnings.Add(graph.At(z.src, "zone", "zone %q is not in the Zones sheet; created with level %g from %s", z.id, level, from))
		}
	}
}

// assetLevel reads the Purdue level a vendor export gives an asset;
// levels caches it by text. A level that does not read is a warning, once.
func assetLevel(m *graph.Model, a *graph.Asset, v *vendorSheet, levels map[string]float64) float64 {
	text := a.Attrs[v.levelAttr]
	if text == "" {
		return graph.NoLevel
	}
	if l, ok := levels[text]; ok {
		return l
	}
	l, err := parseLevel(text)
	if err != nil {
		p := graph.At(a.Src, "", "%v: the asset's zones do not take it", err)
		p.Column = v.levelCol
		m.Warnings.Add(p)
	}
	levels[text] = l
	return l
}

// lowest is the lowest level the zone's assets have; a warning says so when
// they do not agree.
func (z *zoneLevel) lowest(m *graph.Model, v *vendorSheet) float64 {
	ls := make([]float64, 0, len(z.assets))
	for l := range z.assets {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	if len(ls) > 1 {
		parts := make([]string, len(ls))
		for i, l := range ls {
			parts[i] = fmt.Sprintf("%s (%s)", strconv.FormatFloat(l, 'f', -1, 64), countOf(z.assets[l], "asset"))
		}
		p := graph.At(z.src, "zone", "zone %q: its assets' %q are %s; the zone takes %g, the lowest",
			z.id, v.levelCol, strings.Join(parts, ", "), ls[0])
		m.Warnings.Add(p)
	}
	return ls[0]
}
