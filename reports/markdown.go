package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// whySep joins a why chain in one table cell. The lines after the first are
// the item's causes, often side by side (both of a redundant pair), so they
// are listed rather than chained with arrows.
const whySep = "; "

// Markdown writes the result for a ticket or a chat: a title, the summary
// sentence, the actions, then one table a section in the order of the text
// report. Every model string is escaped, so a name reads as written and
// can neither break its table nor start markup or HTML.
func Markdown(w io.Writer, res *graph.Result) error {
	var md markdownReport
	md.header(res)
	md.actions(res)
	md.stations(res)
	md.feeds(res)
	md.safety(res)
	md.degraded(res)
	md.otherAssets(res)
	md.signOff(res)
	md.attacker(res)
	_, err := w.Write(md.buf.Bytes())
	return err
}

type markdownReport struct {
	buf bytes.Buffer
}

// table writes a titled section: a table whose every cell is escaped, or
// "None." when it has no rows.
func (md *markdownReport) table(title string, header []string, rows [][]string) {
	fmt.Fprintf(&md.buf, "\n## %s (%d)\n\n", title, len(rows))
	if len(rows) == 0 {
		md.buf.WriteString("None.\n")
		return
	}
	md.buf.WriteString("| " + strings.Join(header, " | ") + " |\n|" + strings.Repeat(" --- |", len(header)) + "\n")
	for _, r := range rows {
		md.buf.WriteString("|")
		for _, c := range r {
			md.buf.WriteString(" " + markdownCell(c) + " |")
		}
		md.buf.WriteString("\n")
	}
}

// scenarioTitle says what was simulated: the scenario when every action
// comes from one, else the actions themselves.
func scenarioTitle(actions []graph.ActionResult) string {
	if len(actions) == 0 {
		return "the site as it stands"
	}
	scenario := actions[0].Scenario
	steps := make([]string, len(actions))
	for i, a := range actions {
		steps[i] = a.Action + " " + a.Target
		if a.Scenario != scenario {
			scenario = ""
		}
	}
	if scenario != "" {
		return `scenario "` + scenario + `"`
	}
	return strings.Join(steps, ", ")
}

func (md *markdownReport) header(res *graph.Result) {
	m := res.Model
	md.intro("Containment impact: "+scenarioTitle(res.Actions), m, ResultLine(res))
	if n := len(m.Warnings); n > 0 {
		rows := make([][]string, 0, min(n, maxWarnings+1))
		for i, w := range m.Warnings {
			if i == maxWarnings {
				rows = append(rows, []string{fmt.Sprintf("… and %d more", n-maxWarnings)})
				break
			}
			rows = append(rows, []string{w})
		}
		md.table("Model warnings", []string{"warning"}, rows)
	}
}

// intro writes a report's title, the model it read and its summary line.
func (md *markdownReport) intro(title string, m graph.ModelInfo, summary string) {
	fmt.Fprintf(&md.buf, "# %s\n\n", markdownCell(title))
	fmt.Fprintf(&md.buf, "Site model %s: %s.\n\n", markdownCell(m.Source), modelCounts(m))
	if m.SkippedRows > 0 {
		fmt.Fprintf(&md.buf, "**Went on without %s: this answer leaves them out.**\n\n", rowsWithErrors(m.SkippedRows))
	}
	fmt.Fprintf(&md.buf, "**%s**\n", summary)
}

func (md *markdownReport) actions(res *graph.Result) {
	rows := make([][]string, len(res.Actions))
	for i, a := range res.Actions {
		rows[i] = []string{a.Action, a.Target, listAll(a.Matched)}
	}
	md.table("Actions", []string{"action", "target", "matched"}, rows)
}

func (md *markdownReport) stations(res *graph.Result) {
	var rows [][]string
	for _, o := range res.OperatorStations {
		if o.Status == graph.StatusLost {
			rows = append(rows, []string{o.ID, o.Name, when(o.AfterS), ownerName(o.Owner), strings.Join(o.Why, whySep)})
		}
	}
	md.table("Operator stations lost", []string{"id", "name", "when", "owner", "why"}, rows)
}

func (md *markdownReport) feeds(res *graph.Result) {
	var rows [][]string
	for _, f := range res.Feeds {
		if f.Status == graph.StatusLost {
			rows = append(rows, []string{f.ID, f.Name, feedKind(f.Kind, f.Safety), when(f.AfterS), listAll(f.LostAt), strings.Join(f.Why, whySep)})
		}
	}
	md.table("Telemetry and control feeds lost", []string{"id", "name", "kind", "when", "lost at", "why"}, rows)
}

func (md *markdownReport) safety(res *graph.Result) {
	var rows [][]string
	for _, s := range res.SafetyVisibility {
		if s.Status == graph.StatusLost {
			rows = append(rows, []string{s.Feed, s.Name, when(s.AfterS), listAll(s.LostAt), strings.Join(s.Why, whySep)})
		}
	}
	md.table("Safety-relevant visibility lost", []string{"feed", "name", "when", "lost at", "why"}, rows)
}

func (md *markdownReport) degraded(res *graph.Result) {
	// A degraded safety view is a degraded feed too: listed once, as a feed.
	var rows [][]string
	for _, o := range res.OperatorStations {
		if o.Status == graph.StatusDegraded {
			rows = append(rows, []string{"operator station", o.ID, o.Name, when(o.AfterS), "owner: " + ownerName(o.Owner), strings.Join(o.Why, whySep)})
		}
	}
	for _, f := range res.Feeds {
		if f.Status == graph.StatusDegraded {
			rows = append(rows, []string{feedKind(f.Kind, f.Safety) + " feed", f.ID, f.Name, when(f.AfterS), lostStill(f.LostAt, f.StillAt), strings.Join(f.Why, whySep)})
		}
	}
	md.table("Degraded", []string{"what", "id", "name", "when", "owner or lost at", "why"}, rows)
}

func (md *markdownReport) otherAssets(res *graph.Result) {
	var rows [][]string
	for _, a := range res.Assets {
		if a.Kind != graph.KindOperatorStation {
			rows = append(rows, []string{a.ID, a.Name, a.Status, when(a.AfterS), ownerName(a.Owner), strings.Join(a.Why, whySep)})
		}
	}
	md.table("Other assets affected", []string{"id", "name", "status", "when", "owner", "why"}, rows)
}

func (md *markdownReport) signOff(res *graph.Result) {
	rows := make([][]string, len(res.SignOff))
	for i, s := range res.SignOff {
		rows[i] = []string{ownerName(s.Owner), fmt.Sprint(len(s.Items)), listAll(s.Items)}
	}
	md.table("Sign-off needed", []string{"owner", "items", "approves the loss of"}, rows)
}

func (md *markdownReport) attacker(res *graph.Result) {
	a := res.Attacker
	if a == nil {
		return
	}
	md.table("Attacker reach", []string{"assets", "count", "ids"}, [][]string{
		{"compromised", fmt.Sprint(len(a.Compromised)), listAll(a.Compromised)},
		{"protected, reachable before the actions", fmt.Sprint(len(a.ProtectedReachableBefore)), listAll(a.ProtectedReachableBefore)},
		{"protected, reachable after the actions", fmt.Sprint(len(a.ProtectedReachableAfter)), listAll(a.ProtectedReachableAfter)},
	})
}

// listAll joins every id: a report to circulate leaves none out.
func listAll(ids []string) string { return list(ids, len(ids)) }

func lostStill(lost, still []string) string {
	return "lost at " + listAll(lost) + "; still at " + listAll(still)
}

// ownerName is who must approve, or says that nobody is named.
func ownerName(o string) string {
	if strings.TrimSpace(o) == "" {
		return "unassigned"
	}
	return o
}
