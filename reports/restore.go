package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// RestoreJSON writes the restore plan as the otimpact/restore/v1 contract.
func RestoreJSON(w io.Writer, p *graph.RestorePlan) error {
	return encodeJSON(w, p)
}

// maxVerify is how many checks the text runbook prints under a step; the
// JSON and Markdown plans keep them all.
const maxVerify = 25

// RestoreText writes the plan as a runbook for the responder who brings the
// site back: the actions being undone, then numbered steps, each with what
// to do, who signs off, what it brings back and what to check, then a
// one-line summary.
func RestoreText(w io.Writer, p *graph.RestorePlan, opts TextOptions) error {
	t := &textReport{opts: opts}
	view := &graph.Result{Model: p.Model, Actions: p.Actions}
	t.header(view)
	t.actions(view)
	t.section("Restore order", len(p.Steps))
	if len(p.Steps) == 0 {
		t.buf.WriteString("  nothing to bring back: the actions take nothing down\n")
	}
	// Every line of a step starts under its first word, however many steps.
	pad := strings.Repeat(" ", len(fmt.Sprintf("Step %d  ", len(p.Steps))))
	for _, s := range p.Steps {
		t.restoreStep(s, pad)
	}
	if n := restoredCount(p.StillOut); n > 0 {
		t.section("Still out after the last step", n)
		t.buf.WriteString("  lost or degraded even with no action: the model contradicts itself there, not the actions\n")
		t.restoredLines(p.StillOut, "  ")
	}
	t.buf.WriteString("\n" + t.color(ansiBold, RestoreSummary(p)) + "\n")
	_, err := w.Write(t.buf.Bytes())
	return err
}

func (t *textReport) restoreStep(s graph.RestoreStep, pad string) {
	head := fmt.Sprintf("Step %d", s.Step)
	fmt.Fprintf(&t.buf, "\n%s%s", t.color(ansiBold, head), pad[len(head):])
	if len(s.Restore) == 1 {
		fmt.Fprintf(&t.buf, "%s\n", oneLine(restorePhrase(s.Restore[0])))
	} else {
		t.buf.WriteString("bring these back together:\n")
		for _, r := range s.Restore {
			fmt.Fprintf(&t.buf, "%s%s\n", pad, oneLine(restorePhrase(r)))
		}
	}
	fmt.Fprintf(&t.buf, "%sundoes: %s\n", pad, oneLine(undone(s)))
	if len(s.AfterSteps) > 0 {
		fmt.Fprintf(&t.buf, "%safter %s\n", pad, stepList(s.AfterSteps))
	}
	fmt.Fprintf(&t.buf, "%ssign-off: %s\n", pad, oneLine(strings.Join(s.Owners, ", ")))
	fmt.Fprintf(&t.buf, "%sbrings back: %s\n", pad, broughtBack(s.BringsBack, s.IDs))
	if restoredCount(s.PartlyBack) > 0 {
		fmt.Fprintf(&t.buf, "%spartly back: %s\n", pad, broughtBack(s.PartlyBack, s.IDs))
	}
	fmt.Fprintf(&t.buf, "%sverify:\n", pad)
	for i, v := range s.Verify {
		if i == maxVerify {
			fmt.Fprintf(&t.buf, "%s  … %d more check(s): see --format json or markdown\n", pad, len(s.Verify)-maxVerify)
			break
		}
		fmt.Fprintf(&t.buf, "%s  - %s\n", pad, oneLine(v))
	}
}

func (t *textReport) restoredLines(r graph.Restored, indent string) {
	for _, l := range restoredGroups(r) {
		if len(l.ids) > 0 {
			fmt.Fprintf(&t.buf, "%s%s: %s\n", indent, l.what, oneLine(list(l.ids, 12)))
		}
	}
}

// restorePhrase says what to do to undo one action, in a responder's words.
func restorePhrase(r graph.RestoreAction) string {
	var do string
	switch {
	case r.Element == "zone":
		do = "lift the isolation of zone " + r.ID
	case r.Element == "conduit":
		do = "reconnect conduit " + r.ID
	case r.Action == string(graph.Shutdown):
		do = "power on " + r.ID
	default:
		do = "reconnect " + r.ID + " to the network"
	}
	var about []string
	if r.Element == "asset" && r.Kind != "" {
		about = append(about, r.Kind)
	}
	if strings.TrimSpace(r.Name) != "" {
		about = append(about, r.Name)
	}
	if len(about) > 0 {
		do += " (" + strings.Join(about, ": ") + ")"
	}
	return do
}

// broughtBack counts what a step brings back; the step's own elements are
// not counted as other assets.
func broughtBack(r graph.Restored, own []string) string {
	stations := map[string]bool{}
	for _, id := range r.OperatorStations {
		stations[id] = true
	}
	others := 0
	for _, id := range r.Assets {
		if !stations[id] && !slices.Contains(own, id) {
			others++
		}
	}
	var parts []string
	if n := len(r.OperatorStations); n > 0 {
		parts = append(parts, plural(n, "operator station"))
	}
	if n := len(r.Feeds); n > 0 {
		parts = append(parts, plural(n, "feed"))
	}
	if n := len(r.SafetyVisibility); n > 0 {
		parts = append(parts, plural(n, "safety view"))
	}
	if others > 0 {
		parts = append(parts, plural(others, "other asset"))
	}
	if len(parts) == 0 {
		return "nothing else on its own"
	}
	return strings.Join(parts, ", ")
}

// RestoreSummary says the plan in one sentence. Like each step's "brings
// back" line, it counts as other assets those that come back without a step
// of their own.
func RestoreSummary(p *graph.RestorePlan) string {
	if len(p.Steps) == 0 {
		return "Nothing to restore."
	}
	var stations, feeds, views, others int
	for _, s := range p.Steps {
		stations += len(s.BringsBack.OperatorStations)
		feeds += len(s.BringsBack.Feeds)
		views += len(s.BringsBack.SafetyVisibility)
		for _, id := range s.BringsBack.Assets {
			if !slices.Contains(s.BringsBack.OperatorStations, id) && !slices.Contains(s.IDs, id) {
				others++
			}
		}
	}
	verb := "bring"
	if len(p.Steps) == 1 {
		verb = "brings"
	}
	line := fmt.Sprintf("%s %s back %s, %s, %s and %s.", plural(len(p.Steps), "step"), verb,
		plural(stations, "operator station"), plural(feeds, "feed"), plural(views, "safety view"), plural(others, "other asset"))
	if n := restoredCount(p.StillOut); n > 0 {
		line = strings.TrimSuffix(line, ".") + fmt.Sprintf("; %d item(s) stay out even with no action.", n)
	}
	return line
}

func restoredCount(r graph.Restored) int {
	return len(r.OperatorStations) + len(r.Feeds) + len(r.SafetyVisibility) + len(r.Assets)
}

// stepList says "step 2" or "steps 1, 3".
func stepList(steps []int) string {
	s := make([]string, len(steps))
	for i, n := range steps {
		s[i] = fmt.Sprint(n)
	}
	if len(s) == 1 {
		return "step " + s[0]
	}
	return "steps " + strings.Join(s, ", ")
}

// undone lists the actions as given that a step undoes, each once.
func undone(s graph.RestoreStep) string {
	var out []string
	for _, r := range s.Restore {
		if !slices.Contains(out, r.By) {
			out = append(out, r.By)
		}
	}
	return strings.Join(out, "; ")
}

// restoredGroups names the lists of a Restored, in the order reports show them.
func restoredGroups(r graph.Restored) []struct {
	what string
	ids  []string
} {
	return []struct {
		what string
		ids  []string
	}{
		{"operator stations", r.OperatorStations},
		{"feeds", r.Feeds},
		{"safety views", r.SafetyVisibility},
		{"assets", r.Assets},
	}
}

// RestoreMarkdown writes the plan for a ticket or a chat: the actions, then
// one section a step with its checks as a task list. Every model string is
// escaped.
func RestoreMarkdown(w io.Writer, p *graph.RestorePlan) error {
	var md markdownReport
	m := p.Model
	fmt.Fprintf(&md.buf, "# Restore order: %s\n\n", markdownCell(scenarioTitle(p.Actions)))
	fmt.Fprintf(&md.buf, "Site model %s: %d assets, %d zones, %d conduits, %d dependencies, %d feeds.\n\n",
		markdownCell(m.Source), m.Assets, m.Zones, m.Conduits, m.Dependencies, m.Feeds)
	if m.SkippedRows > 0 {
		fmt.Fprintf(&md.buf, "**Went on without %d row(s) that have errors: this answer leaves them out.**\n\n", m.SkippedRows)
	}
	fmt.Fprintf(&md.buf, "**%s**\n", RestoreSummary(p))
	md.actions(&graph.Result{Actions: p.Actions})
	fmt.Fprintf(&md.buf, "\n## Steps (%d)\n", len(p.Steps))
	if len(p.Steps) == 0 {
		md.buf.WriteString("\nNothing to bring back: the actions take nothing down.\n")
	}
	for _, s := range p.Steps {
		var do []string
		for _, r := range s.Restore {
			do = append(do, markdownCell(restorePhrase(r)))
		}
		title := strings.Join(do, "; ")
		if len(do) > 1 {
			title = "bring back together: " + title
		}
		fmt.Fprintf(&md.buf, "\n### Step %d: %s\n\n", s.Step, title)
		item := func(label, text string) {
			fmt.Fprintf(&md.buf, "- **%s:** %s\n", label, text)
		}
		item("Undoes", markdownCell(undone(s)))
		if len(s.AfterSteps) > 0 {
			item("After", stepList(s.AfterSteps))
		}
		item("Sign-off", markdownCell(strings.Join(s.Owners, ", ")))
		item("Brings back", markdownRestored(s.BringsBack))
		if restoredCount(s.PartlyBack) > 0 {
			item("Partly back", markdownRestored(s.PartlyBack))
		}
		md.buf.WriteString("- **Verify:**\n")
		for _, v := range s.Verify {
			fmt.Fprintf(&md.buf, "  - [ ] %s\n", markdownCell(v))
		}
	}
	if restoredCount(p.StillOut) > 0 {
		fmt.Fprintf(&md.buf, "\n## Still out after the last step (%d)\n\nLost or degraded even with no action: the model contradicts itself there, not the actions.\n\n%s\n",
			restoredCount(p.StillOut), markdownRestored(p.StillOut))
	}
	_, err := w.Write(md.buf.Bytes())
	return err
}

func markdownRestored(r graph.Restored) string {
	var parts []string
	for _, l := range restoredGroups(r) {
		if len(l.ids) > 0 {
			parts = append(parts, l.what+" "+markdownCell(listAll(l.ids)))
		}
	}
	if len(parts) == 0 {
		return "nothing else on its own"
	}
	return strings.Join(parts, "; ")
}
