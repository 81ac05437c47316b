package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/otimpact/otimpact/graph"
)

// TextOptions tune the text report.
type TextOptions struct {
	Color bool // ANSI color; only on a terminal and never under NO_COLOR
	// AlreadyAffected counts the items lost or degraded with no action at
	// all, which the report must not let anyone blame on the actions.
	AlreadyAffected int
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

// maxWarnings is how many model warnings the text report lists in full.
const maxWarnings = 10

// Text writes the result as a plan a responder reads before acting: the
// actions and what they matched, then what is lost, what is degraded, who
// must sign off, and a one-line summary.
func Text(w io.Writer, res *graph.Result, opts TextOptions) error {
	t := &textReport{opts: opts}
	// A line of about 120 columns an item and its why chain: growing the
	// buffer from nothing would copy a large report several times.
	t.buf.Grow(textSize(res))
	t.header(res)
	t.actions(res)
	t.stations(res, graph.StatusLost, "Operator stations lost")
	t.feeds(res, graph.StatusLost, "Telemetry and control feeds lost")
	t.safety(res, graph.StatusLost, "Safety-relevant visibility lost")
	t.degraded(res)
	t.otherAssets(res)
	t.signOff(res)
	t.attacker(res)
	t.summary(res)
	_, err := w.Write(t.buf.Bytes())
	return err
}

// textSize estimates the length of the text report of res.
func textSize(res *graph.Result) int {
	n := 4096
	why := func(lines []string) {
		n += 120
		for _, l := range lines {
			n += len(l) + 8
		}
	}
	for _, o := range res.OperatorStations {
		why(o.Why)
	}
	for _, f := range res.Feeds {
		why(f.Why)
	}
	for _, v := range res.SafetyVisibility {
		why(v.Why)
	}
	for _, a := range res.Assets {
		why(a.Why)
	}
	return n
}

type textReport struct {
	opts TextOptions
	buf  bytes.Buffer
}

func (t *textReport) color(code, s string) string {
	if !t.opts.Color {
		return s
	}
	return code + s + ansiReset
}

func (t *textReport) section(title string, n int) {
	code := ansiBold
	switch {
	case n > 0 && strings.HasSuffix(title, " lost"):
		code = ansiBold + ansiRed
	case n > 0 && title == "Degraded":
		code = ansiBold + ansiYellow
	}
	fmt.Fprintf(&t.buf, "\n%s\n", t.color(code, fmt.Sprintf("%s (%d)", title, n)))
}

// briefWhy is how many why lines the text report prints in full under a
// feed or an asset; operator stations and safety views get their whole
// chain.
const briefWhy = 4

// brief shortens a long why chain to its first two lines — what is lost,
// and the failure that explains it — and the first line after them that
// names an action at its root, saying how many lines it left out.
func brief(why []string) []string {
	if len(why) <= briefWhy {
		return why
	}
	out := []string{why[0], why[1]}
	for _, w := range why[2:] {
		if len(out) < briefWhy-1 && strings.Contains(w, ` by "`) {
			out = append(out, w)
		}
	}
	if left := len(why) - len(out); left > 0 {
		out = append(out, "… "+plural(left, "more cause")+": see --format json")
	}
	return out
}

// table writes aligned rows, each followed by its why lines.
func (t *textReport) table(rows [][]string, whys [][]string) {
	// Every cell on its line: a model string with a line break or a tab
	// must not shift the table.
	cells := make([][]string, len(rows))
	var widths []int
	uniform := true
	for i, r := range rows {
		cells[i] = make([]string, len(r))
		for j, c := range r {
			cells[i][j] = oneLine(c)
		}
		if i > 0 && len(r) != len(rows[0]) {
			uniform = false
		}
	}
	if !uniform {
		t.tabwriterTable(cells, whys)
		return
	}
	// Columns as text/tabwriter lays them out (two spaces apart, widths in
	// runes), without its cost on a report of thousands of lines.
	for _, r := range cells {
		for j, c := range r {
			w := utf8.RuneCountInString(c)
			if j == 0 {
				w += 2 // the indent
			}
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], w)
		}
	}
	for i, r := range cells {
		start := t.buf.Len()
		t.buf.WriteString("  ")
		for j, c := range r {
			t.buf.WriteString(c)
			w := utf8.RuneCountInString(c)
			if j == 0 {
				w += 2
			}
			if j < len(r)-1 {
				for range widths[j] + 2 - w {
					t.buf.WriteByte(' ')
				}
			}
		}
		line := t.buf.Bytes()[start:]
		t.buf.Truncate(start + len(bytes.TrimRight(line, " ")))
		t.buf.WriteByte('\n')
		for _, why := range whys[i] {
			t.buf.WriteString(t.color(ansiDim, "      "+oneLine(why)))
			t.buf.WriteByte('\n')
		}
	}
}

// tabwriterTable lays out rows of different lengths with text/tabwriter.
func (t *textReport) tabwriterTable(cells [][]string, whys [][]string) {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range cells {
		fmt.Fprintf(tw, "  %s\t\n", strings.Join(r, "\t"))
	}
	tw.Flush()
	for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		t.buf.WriteString(strings.TrimRight(line, " "))
		t.buf.WriteByte('\n')
		for _, why := range whys[i] {
			t.buf.WriteString(t.color(ansiDim, "      "+oneLine(why)))
			t.buf.WriteByte('\n')
		}
	}
}

func (t *textReport) header(res *graph.Result) {
	m := res.Model
	fmt.Fprintf(&t.buf, "Site model %s: %s\n", oneLine(m.Source), modelCounts(m))
	if len(m.Sheets) > 0 {
		var parts []string
		for _, s := range m.Sheets {
			if s.Read == s.Used {
				parts = append(parts, fmt.Sprintf("%s %d", s.Sheet, s.Read))
			} else {
				parts = append(parts, fmt.Sprintf("%s %d of %d", s.Sheet, s.Used, s.Read))
			}
		}
		fmt.Fprintf(&t.buf, "Rows used: %s\n", oneLine(strings.Join(parts, ", ")))
	}
	for _, n := range m.ImportNotes {
		fmt.Fprintf(&t.buf, "%s\n", oneLine(n))
	}
	if m.Dependencies == 0 && m.Feeds == 0 {
		fmt.Fprintf(&t.buf, "%s\n", t.color(ansiYellow,
			"This model has no dependencies and no feeds: nothing here can show what operations would lose."))
	}
	if t.opts.AlreadyAffected > 0 {
		fmt.Fprintf(&t.buf, "%s\n", t.color(ansiYellow, fmt.Sprintf(
			"Note: %s lost or degraded even with no action: the model contradicts itself there (simulate with no action to see them).",
			counted(t.opts.AlreadyAffected, "item below is", "items below are"))))
	}
	if m.SkippedRows > 0 {
		fmt.Fprintf(&t.buf, "%s\n", t.color(ansiYellow, fmt.Sprintf(
			"Went on without %s: this answer leaves them out.", rowsWithErrors(m.SkippedRows))))
	}
	if n := len(m.Warnings); n > 0 {
		fmt.Fprintf(&t.buf, "Warnings (%d):\n", n)
		for i, w := range m.Warnings {
			if i == maxWarnings {
				fmt.Fprintf(&t.buf, "  … and %d more\n", n-maxWarnings)
				break
			}
			fmt.Fprintf(&t.buf, "  %s\n", oneLine(w))
		}
	}
}

func (t *textReport) actions(res *graph.Result) {
	t.section("Actions", len(res.Actions))
	if len(res.Actions) == 0 {
		t.buf.WriteString("  none: this is the site as it stands\n")
		return
	}
	rows := make([][]string, len(res.Actions))
	whys := make([][]string, len(res.Actions))
	for i, a := range res.Actions {
		from := ""
		if a.Scenario != "" {
			from = fmt.Sprintf("(scenario %q)", a.Scenario)
		}
		rows[i] = []string{a.Action, oneLine(a.Target), "matches " + oneLine(list(a.Matched, 8)), from}
	}
	t.table(rows, whys)
}

func (t *textReport) stations(res *graph.Result, status, title string) {
	var rows, whys [][]string
	for _, o := range res.OperatorStations {
		if o.Status != status {
			continue
		}
		rows = append(rows, []string{oneLine(o.ID), oneLine(o.Name), when(o.AfterS), owner(o.Owner)})
		whys = append(whys, o.Why)
	}
	t.section(title, len(rows))
	if len(rows) == 0 {
		t.buf.WriteString("  none\n")
		return
	}
	t.table(rows, whys)
}

func (t *textReport) feeds(res *graph.Result, status, title string) {
	var rows, whys [][]string
	for _, f := range res.Feeds {
		if f.Status != status {
			continue
		}
		rows = append(rows, []string{oneLine(f.ID), oneLine(f.Name), feedKind(f.Kind, f.Safety), when(f.AfterS), "at " + oneLine(list(f.LostAt, 6))})
		whys = append(whys, brief(f.Why))
	}
	t.section(title, len(rows))
	if len(rows) == 0 {
		t.buf.WriteString("  none\n")
		return
	}
	t.table(rows, whys)
}

func (t *textReport) safety(res *graph.Result, status, title string) {
	var rows, whys [][]string
	for _, s := range res.SafetyVisibility {
		if s.Status != status {
			continue
		}
		rows = append(rows, []string{oneLine(s.Feed), oneLine(s.Name), when(s.AfterS), "at " + oneLine(list(s.LostAt, 6))})
		whys = append(whys, s.Why)
	}
	t.section(title, len(rows))
	if len(rows) == 0 {
		t.buf.WriteString("  none\n")
		return
	}
	t.table(rows, whys)
}

func (t *textReport) degraded(res *graph.Result) {
	// A degraded safety view is always a degraded feed too: it is listed
	// once, as a safety view feed.
	var rows, whys [][]string
	for _, o := range res.OperatorStations {
		if o.Status == graph.StatusDegraded {
			rows = append(rows, []string{"operator station", oneLine(o.ID), oneLine(o.Name), when(o.AfterS), owner(o.Owner)})
			whys = append(whys, o.Why)
		}
	}
	for _, f := range res.Feeds {
		if f.Status == graph.StatusDegraded {
			rows = append(rows, []string{feedKind(f.Kind, f.Safety) + " feed", oneLine(f.ID), oneLine(f.Name), when(f.AfterS), "lost at " + oneLine(list(f.LostAt, 6)) + "; still at " + oneLine(list(f.StillAt, 6))})
			whys = append(whys, brief(f.Why))
		}
	}
	t.section("Degraded", len(rows))
	if len(rows) == 0 {
		t.buf.WriteString("  none\n")
		return
	}
	t.table(rows, whys)
}

// otherAssets lists the assets that are not operator stations: what the
// actions take down directly and what fails behind them.
func (t *textReport) otherAssets(res *graph.Result) {
	var rows, whys [][]string
	for _, a := range res.Assets {
		if a.Kind == graph.KindOperatorStation {
			continue
		}
		status := a.Status
		if a.Safety {
			// Safety equipment taken down is no feed or view, but a
			// responder must not miss it in this list. (No color here:
			// escape codes would shift the aligned columns.)
			status = "SAFETY " + status
		}
		rows = append(rows, []string{oneLine(a.ID), oneLine(a.Name), status, when(a.AfterS), owner(a.Owner)})
		whys = append(whys, brief(a.Why))
	}
	t.section("Other assets affected", len(rows))
	if len(rows) == 0 {
		t.buf.WriteString("  none\n")
		return
	}
	t.table(rows, whys)
}

func (t *textReport) signOff(res *graph.Result) {
	t.section("Sign-off needed", len(res.SignOff))
	if len(res.SignOff) == 0 {
		t.buf.WriteString("  nobody: nothing is affected\n")
		return
	}
	rows := make([][]string, len(res.SignOff))
	for i, s := range res.SignOff {
		rows[i] = []string{oneLine(s.Owner), plural(len(s.Items), "item") + ":", oneLine(list(s.Items, 12))}
	}
	t.table(rows, make([][]string, len(rows)))
}

func (t *textReport) attacker(res *graph.Result) {
	a := res.Attacker
	if a == nil {
		return
	}
	t.buf.WriteString("\n" + t.color(ansiBold, "Attacker reach") + "\n")
	fmt.Fprintf(&t.buf, "  compromised: %s\n", oneLine(list(a.Compromised, 12)))
	fmt.Fprintf(&t.buf, "  protected assets reachable before the actions: %d  %s\n", len(a.ProtectedReachableBefore), oneLine(list(a.ProtectedReachableBefore, 12)))
	after := fmt.Sprintf("%d  %s", len(a.ProtectedReachableAfter), oneLine(list(a.ProtectedReachableAfter, 12)))
	if len(a.ProtectedReachableAfter) == 0 {
		after = "0  (the actions cut the attacker off from every protected asset)"
	}
	fmt.Fprintf(&t.buf, "  protected assets reachable after the actions:  %s\n", after)
}

func (t *textReport) summary(res *graph.Result) {
	line := ResultLine(res)
	t.buf.WriteString("\n")
	t.buf.WriteString(t.color(ansiBold, line))
	t.buf.WriteString("\n")
}

// otherAssets counts the affected assets that are not operator stations.
func otherAssets(res *graph.Result) int {
	n := 0
	for _, a := range res.Assets {
		if a.Kind != graph.KindOperatorStation {
			n++
		}
	}
	return n
}

// safetyAssets counts the affected safety-relevant assets that are not
// operator stations.
func safetyAssets(res *graph.Result) int {
	n := 0
	for _, a := range res.Assets {
		if a.Safety && a.Kind != graph.KindOperatorStation {
			n++
		}
	}
	return n
}

// ResultLine says a simulation's outcome in one sentence: the summary, then
// the other assets affected and how many of them are safety-relevant.
func ResultLine(res *graph.Result) string {
	line := SummaryLine(res.Summary)
	if n := otherAssets(res); n > 0 {
		line = strings.TrimSuffix(line, ".") + fmt.Sprintf("; %s affected", plural(n, "other asset"))
		if k := safetyAssets(res); k > 0 {
			line += fmt.Sprintf(", %d of them safety-relevant", k)
		}
		line += "."
	}
	return line
}

// SummaryLine says the summary in one sentence. Degraded counts operator
// stations and feeds: a degraded safety view is one of those feeds.
func SummaryLine(s graph.Summary) string {
	degraded := s.OperatorStationsDegraded + s.FeedsDegraded
	if s.OperatorStationsLost+s.FeedsLost+s.SafetyVisibilityLost+degraded+s.SafetyVisibilityDegraded == 0 {
		return "No operator station, feed or safety view is affected."
	}
	return fmt.Sprintf("%s lost, %s lost, %s lost, %d degraded.",
		plural(s.OperatorStationsLost, "operator station"), plural(s.FeedsLost, "feed"),
		plural(s.SafetyVisibilityLost, "safety view"), degraded)
}

// modelCounts says how large a model is: "81 assets, 12 zones, 1 conduit, …".
func modelCounts(m graph.ModelInfo) string {
	return fmt.Sprintf("%s, %s, %s, %s, %s", plural(m.Assets, "asset"), plural(m.Zones, "zone"),
		plural(m.Conduits, "conduit"), counted(m.Dependencies, "dependency", "dependencies"), plural(m.Feeds, "feed"))
}

// rowsWithErrors says how many rows were left out for their errors.
func rowsWithErrors(n int) string { return counted(n, "row that has errors", "rows that have errors") }

// counted is n followed by the words that agree with it: one for 1, else
// many.
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func plural(n int, noun string) string { return counted(n, noun, noun+"s") }

func when(s int64) string {
	if s <= 0 {
		return "immediately"
	}
	return "after " + graph.FormatDuration(s*1000)
}

func owner(o string) string {
	if strings.TrimSpace(o) == "" {
		return "owner: unassigned"
	}
	return "owner: " + oneLine(o)
}

func feedKind(kind string, safety bool) string {
	if safety {
		return "safety " + kind
	}
	return kind
}

// list joins ids, eliding past max.
func list(ids []string, max int) string {
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) <= max {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:max], ", ") + fmt.Sprintf(", … (%d more)", len(ids)-max)
}

// OneLine is oneLine for other commands' text output.
func OneLine(s string) string { return oneLine(s) }

// Plural counts n of a noun: "1 scenario", "7 scenarios".
func Plural(n int, noun string) string { return plural(n, noun) }

// oneLine keeps a model string on its line and free of terminal control
// characters, so a hostile name cannot redraw the responder's screen.
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
