package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Selection is what a target selector matched.
type Selection struct {
	Assets   []int32
	Zones    []int32
	Conduits []int32
}

func (s Selection) empty() bool { return len(s.Assets)+len(s.Zones)+len(s.Conduits) == 0 }

// Select resolves an action's target against the model: asset:ID, zone:ID,
// conduit:ID, kind:KIND, tag:TAG, owner:OWNER, or a bare id that names
// exactly one asset, zone or conduit. A selector that matches nothing, an
// ambiguous bare id, or a verb that does not fit its target is an error.
func (m *Model) Select(a Action) (Selection, error) {
	if m.ix == nil {
		return Selection{}, fmt.Errorf("model is not resolved")
	}
	return selectIn(m, m.ix.assetKey, m.ix.zoneKey, m.ix.conduitKey, a)
}

// MatchedIDs returns the ids a selection matched, sorted.
func (m *Model) MatchedIDs(s Selection) []string {
	out := make([]string, 0, len(s.Assets)+len(s.Zones)+len(s.Conduits))
	for _, i := range s.Assets {
		out = append(out, m.Assets[i].ID)
	}
	for _, i := range s.Zones {
		out = append(out, m.Zones[i].ID)
	}
	for _, i := range s.Conduits {
		out = append(out, m.Conduits[i].ID)
	}
	sort.Strings(out)
	return out
}

func selectIn(m *Model, assetKey, zoneKey, conduitKey *keyTable, a Action) (Selection, error) {
	var sel Selection
	target := strings.TrimSpace(a.Target)
	prefix, value, hasPrefix := strings.Cut(target, ":")
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	value = strings.TrimSpace(value)
	if !hasPrefix || !knownPrefix(prefix) {
		prefix, value = "", target
	}
	if value == "" {
		return sel, fmt.Errorf("%s: empty target", a)
	}
	k := Key(value)
	one := func(known *keyTable) []int32 {
		if i, ok := known.get(value); ok {
			return []int32{i}
		}
		return nil
	}
	switch prefix {
	case "asset":
		sel.Assets = one(assetKey)
	case "zone":
		sel.Zones = one(zoneKey)
	case "conduit":
		sel.Conduits = one(conduitKey)
	case "kind":
		want, known := CanonicalKind(value)
		for i := range m.Assets {
			if ak := m.Assets[i].Kind; ak == want || (!known && Norm(ak) == Norm(value)) {
				sel.Assets = append(sel.Assets, int32(i))
			}
		}
	case "tag":
		for i := range m.Assets {
			for _, t := range m.Assets[i].Tags {
				if Key(t) == k {
					sel.Assets = append(sel.Assets, int32(i))
					break
				}
			}
		}
	case "owner":
		for i := range m.Assets {
			if Key(m.Assets[i].Owner) == k {
				sel.Assets = append(sel.Assets, int32(i))
			}
		}
	default:
		sel.Assets = one(assetKey)
		sel.Zones = one(zoneKey)
		sel.Conduits = one(conduitKey)
		var cands []string
		for _, i := range sel.Assets {
			cands = append(cands, "asset:"+m.Assets[i].ID)
		}
		for _, i := range sel.Zones {
			cands = append(cands, "zone:"+m.Zones[i].ID)
		}
		for _, i := range sel.Conduits {
			cands = append(cands, "conduit:"+m.Conduits[i].ID)
		}
		if len(cands) > 1 {
			return Selection{}, fmt.Errorf("%s: %q names more than one thing; say which: %s", a, value, strings.Join(cands, ", "))
		}
	}
	if sel.empty() {
		return sel, fmt.Errorf("%s: %s", a, nothingMatched(m, prefix, value, assetKey, zoneKey, conduitKey))
	}
	switch a.Verb {
	case Cut:
		if len(sel.Conduits) == 0 {
			use := "shutdown or isolate"
			if len(sel.Zones) > 0 {
				use = "isolate"
			}
			return Selection{}, fmt.Errorf("%s: cut takes a conduit, but %q is %s (use %s)", a, value, whatIs(sel), use)
		}
	case Shutdown, Isolate:
		if len(sel.Conduits) > 0 {
			return Selection{}, fmt.Errorf("%s: %s takes an asset or a zone, but %q is a conduit (use cut)", a, a.Verb, value)
		}
	default:
		return Selection{}, fmt.Errorf("unknown action %q (use shutdown, isolate or cut)", a.Verb)
	}
	return sel, nil
}

func knownPrefix(p string) bool {
	switch p {
	case "asset", "zone", "conduit", "kind", "tag", "owner":
		return true
	}
	return false
}

func whatIs(s Selection) string {
	if len(s.Zones) > 0 {
		return "a zone"
	}
	if len(s.Assets) > 1 {
		return "a set of assets"
	}
	return "an asset"
}

func nothingMatched(m *Model, prefix, value string, assetKey, zoneKey, conduitKey *keyTable) string {
	msg := fmt.Sprintf("%q matches nothing", value)
	var hint string
	switch prefix {
	case "asset":
		hint = nearestOf(m.Assets, value, func(a Asset) string { return a.ID })
	case "zone":
		hint = nearestOf(m.Zones, value, func(z Zone) string { return z.ID })
	case "conduit":
		hint = nearestOf(m.Conduits, value, func(c Conduit) string { return c.ID })
	case "kind", "tag", "owner":
		return msg + valueHint(prefix, value, assetValues(m, prefix))
	default:
		if h := bareValueHint(m, value, assetKey, zoneKey, conduitKey); h != "" {
			return msg + h
		}
		for _, h := range []string{
			nearestOf(m.Assets, value, func(a Asset) string { return a.ID }),
			nearestOf(m.Zones, value, func(z Zone) string { return z.ID }),
			nearestOf(m.Conduits, value, func(c Conduit) string { return c.ID }),
		} {
			if h != "" {
				hint = h
				break
			}
		}
		if hint == "" {
			if ids := idsStartingWith(m, value, 4); len(ids) > 0 {
				return msg + fmt.Sprintf(" (did you mean %s?)", strings.Join(ids, " or "))
			}
		}
	}
	if hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	}
	return msg
}

// bareValueHint points from a kind, tag or owner written without its prefix
// to its selector, says how many assets that takes, and offers the ids that
// begin with it too; "" when the value is none of these.
func bareValueHint(m *Model, value string, assetKey, zoneKey, conduitKey *keyTable) string {
	for _, p := range []string{"kind", "tag", "owner"} {
		named := func(v string) bool { return Key(v) == Key(value) || p == "kind" && sameKind(v, value) }
		if !slices.ContainsFunc(assetValues(m, p), named) {
			continue
		}
		sel, _ := selectIn(m, assetKey, zoneKey, conduitKey, Action{Verb: Shutdown, Target: p + ":" + value})
		hints := []string{fmt.Sprintf("%s (%s)", quoteSelector(p+":"+value), countOf(len(sel.Assets), "asset"))}
		hints = append(hints, idsStartingWith(m, value, 4)...)
		return fmt.Sprintf(" (did you mean %s?)", strings.Join(hints, " or "))
	}
	return ""
}

// idsStartingWith returns up to max asset, zone and conduit ids that begin
// with value, as selectors, quoted; none when more than max do.
func idsStartingWith(m *Model, value string, max int) []string {
	k := Key(value)
	var out []string
	add := func(prefix, id string) bool {
		if strings.HasPrefix(Key(id), k) {
			out = append(out, fmt.Sprintf("%q", prefix+":"+id))
		}
		return len(out) <= max
	}
	for i := range m.Assets {
		if !add("asset", m.Assets[i].ID) {
			return nil
		}
	}
	for i := range m.Zones {
		if !add("zone", m.Zones[i].ID) {
			return nil
		}
	}
	for i := range m.Conduits {
		if !add("conduit", m.Conduits[i].ID) {
			return nil
		}
	}
	sort.Strings(out)
	return out
}

// quoteSelector quotes a selector for a hint: in single quotes, as a shell
// takes it, when it holds a space, else in double quotes.
func quoteSelector(s string) string {
	if strings.ContainsAny(s, " \t") && !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return fmt.Sprintf("%q", s)
}

// sameKind reports whether value names the kind as the Kind column would.
func sameKind(kind, value string) bool {
	want, known := CanonicalKind(value)
	return known && want == kind
}

// assetValues lists the kinds, tags or owners (by prefix) the assets have,
// each in its first spelling, sorted.
func assetValues(m *Model, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if k := Key(v); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimSpace(v))
		}
	}
	for i := range m.Assets {
		a := &m.Assets[i]
		switch prefix {
		case "kind":
			add(a.Kind)
		case "tag":
			for _, t := range a.Tags {
				add(t)
			}
		case "owner":
			add(a.Owner)
		}
	}
	sort.Strings(out)
	return out
}

// valueHint points from a kind, tag or owner that matches nothing to the
// ones the model has: those that contain it, else the nearest, else a list.
func valueHint(prefix, value string, values []string) string {
	if len(values) == 0 {
		return fmt.Sprintf(" (no asset has a %s)", prefix)
	}
	k := Key(value)
	var within []string
	for _, v := range values {
		if strings.Contains(Key(v), k) {
			within = append(within, quoteSelector(prefix+":"+v))
		}
	}
	if len(within) > 0 && len(within) <= 3 {
		return fmt.Sprintf(" (did you mean %s?)", strings.Join(within, " or "))
	}
	if near := newNearIndex(values).nearest(k); near != "" {
		return fmt.Sprintf(" (did you mean %s?)", quoteSelector(prefix+":"+near))
	}
	if len(values) <= 12 {
		return fmt.Sprintf(" (the model's %ss: %s)", prefix, strings.Join(values, ", "))
	}
	return fmt.Sprintf(" (no asset has that %s)", prefix)
}

func nearestOf[T any](items []T, value string, id func(T) string) string {
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = id(items[i])
	}
	return newNearIndex(ids).nearest(Key(value))
}
