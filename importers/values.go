package importers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// listSeps separate the members of a set inside one cell.
const listSeps = "|;,\n\r"

// isListSep is listSeps as a table: strings.IndexAny builds one on every
// call, and lists are split in every row.
var isListSep = func() (t [256]bool) {
	for i := range len(listSeps) {
		t[listSeps[i]] = true
	}
	return t
}()

// indexListSep is strings.IndexAny(s, listSeps).
func indexListSep(s string) int {
	for i := range len(s) {
		if isListSep[s[i]] {
			return i
		}
	}
	return -1
}

// splitList splits a cell that lists alternatives or members; blank items
// are dropped.
func splitList(s string) []string {
	if indexListSep(s) < 0 {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return appendList(make([]string, 0, countListSeps(s)+1), s)
}

// appendList appends the items a cell lists to l.
func appendList(l []string, s string) []string {
	for s != "" {
		item := s
		if i := indexListSep(s); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if item = trimSpace(item); item != "" {
			l = append(l, item)
		}
	}
	if len(l) == 0 {
		return nil
	}
	return l
}

// trimSpace is strings.TrimSpace, without the call for the usual cell that
// begins and ends with a printable ASCII character (Unicode's spaces beyond
// ASCII all begin and end with bytes of 0x80 or more).
func trimSpace(s string) string {
	if n := len(s); n > 0 && ' ' < s[0] && s[0] < 0x80 && ' ' < s[n-1] && s[n-1] < 0x80 {
		return s
	}
	return strings.TrimSpace(s)
}

// countListSeps counts the separators in a cell.
func countListSeps(s string) int {
	n := 0
	for i := range len(s) {
		if isListSep[s[i]] {
			n++
		}
	}
	return n
}

// splitPath splits an ordered path "A > B|C -> D → E" into hops, each a
// list of alternatives. Empty hops are dropped.
func splitPath(s string) [][]string {
	var st listStore
	return st.path(s)
}

// listStore hands out the lists of many cells from shared backing arrays:
// a few allocations for a thousand rows instead of one or two a row.
type listStore struct {
	strs []string
	hops [][]string
}

// list splits a cell that lists alternatives or members (see splitList).
func (st *listStore) list(s string) []string {
	if s == "" {
		return nil
	}
	n := 1
	if indexListSep(s) >= 0 {
		n += countListSeps(s)
	}
	if cap(st.strs)-len(st.strs) < n {
		st.strs = make([]string, 0, max(1024, n))
	}
	start := len(st.strs)
	st.strs = appendList(st.strs, s)
	if len(st.strs) == start {
		return nil
	}
	return st.strs[start:len(st.strs):len(st.strs)]
}

// path splits an ordered path into hops (see splitPath).
func (st *listStore) path(s string) [][]string {
	if s == "" {
		return nil
	}
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == '>' || s[i] == arrow[0] {
			n++
		}
	}
	if cap(st.hops)-len(st.hops) < n {
		st.hops = make([][]string, 0, max(256, n))
	}
	start := len(st.hops)
	for s != "" {
		hop := s
		if i, w := indexArrow(s); i >= 0 {
			hop, s = s[:i], s[i+w:]
			if w == 1 {
				hop = strings.TrimSuffix(hop, "-") // "->"
			}
		} else {
			s = ""
		}
		if alts := st.list(trimSpace(hop)); alts != nil {
			st.hops = append(st.hops, alts)
		}
	}
	if len(st.hops) == start {
		return nil
	}
	return st.hops[start:len(st.hops):len(st.hops)]
}

const arrow = "→"

// indexArrow finds the first '>' or '→' of s and its width in bytes.
func indexArrow(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '>':
			return i, 1
		case s[i] == arrow[0] && strings.HasPrefix(s[i:], arrow):
			return i, len(arrow)
		}
	}
	return -1, 0
}

// parseBool reads yes/no, true/false, y/n, 1/0, x/blank in any case.
func parseBool(s string) (bool, error) {
	if s == "" {
		return false, nil
	}
	for _, t := range [...]string{"yes", "true", "y", "1", "x", "✓", "✔"} {
		if strings.EqualFold(s, t) {
			return true, nil
		}
	}
	for _, f := range [...]string{"", "no", "false", "n", "0"} {
		if strings.EqualFold(s, f) {
			return false, nil
		}
	}
	return false, fmt.Errorf("%q is not a yes/no value (use yes/no, true/false, y/n, 1/0, x or blank)", s)
}

// durationUnits are the units a grace period may use, in milliseconds: Go's
// time.ParseDuration units, days, and the words people type.
var durationUnits = map[string]float64{
	"ns": 1e-6, "us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1,
	"s": 1e3, "sec": 1e3, "secs": 1e3, "second": 1e3, "seconds": 1e3,
	"m": 6e4, "min": 6e4, "mins": 6e4, "minute": 6e4, "minutes": 6e4,
	"h": 3.6e6, "hr": 3.6e6, "hrs": 3.6e6, "hour": 3.6e6, "hours": 3.6e6,
	"d": 8.64e7, "day": 8.64e7, "days": 8.64e7,
	"w": 6.048e8, "week": 6.048e8, "weeks": 6.048e8,
}

// maxDurationMS bounds a grace period (about 292 years, what time.Duration
// holds), so sums cannot overflow.
const maxDurationMS = math.MaxInt64 / 1e6

var errDurationSyntax = errors.New("write a duration like 30m, 8h, 3d or 1d12h")

// parseDuration reads a grace period in Go syntax plus days (30m, 8h, 3d,
// 1d12h) or as h:mm[:ss]; blank is 0. It returns milliseconds.
func parseDuration(s string) (int64, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	in := s
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	bad := func(why error) (int64, error) { return 0, fmt.Errorf("%q is not a duration: %w", in, why) }
	switch {
	case strings.HasPrefix(s, "-"):
		return bad(errors.New("it is negative"))
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if strings.Contains(s, ":") {
		return parseClock(s, bad)
	}
	total := 0.0
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		num, rest := s[:i], s[i:]
		j := 0
		for j < len(rest) && !(rest[j] >= '0' && rest[j] <= '9' || rest[j] == '.') {
			j++
		}
		unit := rest[:j]
		s = rest[j:]
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || num == "" {
			return bad(errDurationSyntax)
		}
		if unit == "" {
			return bad(errors.New("missing unit (30m, 8h, 3d)"))
		}
		f, ok := durationUnits[unit]
		if !ok {
			return bad(fmt.Errorf("unknown unit %q (%v)", unit, errDurationSyntax))
		}
		if total += v * f; total > maxDurationMS {
			return bad(errors.New("it is too long"))
		}
	}
	return int64(math.Round(total)), nil
}

// parseClock reads h:mm or h:mm:ss, the way a spreadsheet shows a time span.
func parseClock(s string, bad func(error) (int64, error)) (int64, error) {
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return bad(errDurationSyntax)
	}
	total := 0.0
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) || (i > 0 && v >= 60) {
			return bad(errDurationSyntax)
		}
		total = total*60 + v
	}
	if len(parts) == 2 {
		total *= 60
	}
	if total *= 1e3; total > maxDurationMS {
		return bad(errors.New("it is too long"))
	}
	return int64(math.Round(total)), nil
}

// parseNeed reads how many providers of a row must be available; blank is 1.
func parseNeed(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		// A spreadsheet may show a whole number as "2.0".
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || f > math.MaxInt32 || f < math.MinInt32 {
			return 0, fmt.Errorf("need %q is not a whole number", s)
		}
		n = int(f)
	}
	if n < 1 {
		return 0, fmt.Errorf("need %q must be at least 1", s)
	}
	return n, nil
}

// purdueLevels are the levels a zone may have: 0–5, and 3.5 for the IT/OT DMZ.
var purdueLevels = [...]float64{0, 1, 2, 3, 3.5, 4, 5}

// parseLevel reads a Purdue level: "2", "3.5", "L2", "Level 3", "DMZ";
// blank is graph.NoLevel.
func parseLevel(s string) (float64, error) {
	if s == "" {
		return graph.NoLevel, nil
	}
	switch graph.Norm(s) {
	case "dmz", "idmz", "itotdmz":
		return 3.5, nil
	}
	// Not graph.Norm: it would read "-1" as 1.
	n := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), ""))
	for _, prefix := range [...]string{"purduelevel", "purdue", "level", "l"} {
		if strings.HasPrefix(n, prefix) {
			n = strings.TrimLeft(n[len(prefix):], "-")
			break
		}
	}
	if v, err := strconv.ParseFloat(n, 64); err == nil {
		for _, l := range purdueLevels {
			if v == l {
				return v, nil
			}
		}
	}
	return graph.NoLevel, fmt.Errorf("Purdue level %q is not one of 0–5 (or 3.5 for the IT/OT DMZ)", s)
}

// parseDirection reads a conduit's direction: both (default) or one-way.
func parseDirection(s string) (oneWay bool, err error) {
	switch graph.Norm(s) {
	case "", "both", "bidirectional", "twoway", "bidi":
		return false, nil
	case "oneway", "unidirectional", "diode", "datadiode", "uni":
		return true, nil
	}
	return false, fmt.Errorf("direction %q is not both or one-way", s)
}

// parseFeedKind reads a feed's kind: view (default) or control.
func parseFeedKind(s string) (string, error) {
	switch s {
	case "", graph.FeedView:
		return graph.FeedView, nil
	case graph.FeedControl:
		return graph.FeedControl, nil
	}
	switch graph.Norm(s) {
	case "", "view", "telemetry", "monitoring", "status", "alarm", "alarms", "read", "visibility":
		return graph.FeedView, nil
	case "control", "command", "commands", "write", "setpoint", "setpoints":
		return graph.FeedControl, nil
	}
	return "", fmt.Errorf("feed kind %q is not view or control", s)
}
