package reports

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// RestoreJSON writes the restore plan as the otimpact/restore/v1 contract.
func RestoreJSON(w io.Writer, p *graph.RestorePlan) error {
	return encodeJSON(w, p)
}

// maxVerify is how many checks the text runbook prints under a step one by
// one; past it, it names the first safety views and operator stations and
// counts the rest, and counts the feeds by kind. The JSON and Markdown
// plans keep every check.
const maxVerify = 25

// maxListed is how many safety views, operator stations, elements of the
// step and recovery checks a long step names one by one.
const maxListed = 10

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
	fmt.Fprintf(&t.buf, "%s%s\n", pad, afterSteps(s.AfterSteps, "(no earlier step needed)"))
	fmt.Fprintf(&t.buf, "%sundoes: %s\n", pad, oneLine(undone(s)))
	fmt.Fprintf(&t.buf, "%ssign-off: %s\n", pad, oneLine(strings.Join(s.Owners, ", ")))
	fmt.Fprintf(&t.buf, "%sbrings back: %s\n", pad, broughtBack(s.BringsBack, s.IDs))
	if restoredCount(s.PartlyBack) > 0 {
		fmt.Fprintf(&t.buf, "%spartly back: %s\n", pad, broughtBack(s.PartlyBack, s.IDs))
	}
	fmt.Fprintf(&t.buf, "%sverify:\n", pad)
	for _, v := range verifyLines(s) {
		fmt.Fprintf(&t.buf, "%s  - %s\n", pad, v)
	}
}

// afterSteps says which earlier steps a step waits for, or none.
func afterSteps(after []int, none string) string {
	if len(after) == 0 {
		return none
	}
	return "after " + stepList(after)
}

// verifyLines are the checks of a step as the runbook prints them: all of
// them when they fit, else the first few of each kind that names items one
// by one and a count of the rest, and the feeds counted by kind.
func verifyLines(s graph.RestoreStep) []string {
	var lines []string
	if len(s.Checks) != len(s.Verify) {
		// A plan read back from JSON: the checks are text alone.
		for i, v := range s.Verify {
			if i == maxVerify {
				lines = append(lines, fmt.Sprintf("… %s more: see --format json or markdown", howMany(len(s.Verify)-maxVerify, "check")))
				break
			}
			lines = append(lines, oneLine(v))
		}
		return lines
	}
	if len(s.Checks) <= maxVerify {
		return appendTexts(lines, s.Checks)
	}
	for checks := s.Checks; len(checks) > 0; {
		about := checks[0].About
		n := 1
		for n < len(checks) && checks[n].About == about {
			n++
		}
		run := checks[:n]
		checks = checks[n:]
		switch about {
		case graph.CheckFeed:
			if len(lines)+len(run) <= maxVerify {
				lines = appendTexts(lines, run)
			} else {
				reach := " reach their consumers again"
				if len(run) == 1 {
					reach = " reaches its consumers again"
				}
				lines = append(lines, feedsByKind(run)+reach+": see --format json or markdown")
			}
		case graph.CheckCycle:
			if ids := run[0].IDs; len(run) == 1 && len(ids) > maxListed {
				lines = append(lines, fmt.Sprintf("%s need each other: they come back together in this step: %s", howMany(len(ids), "element"), oneLine(list(ids, maxListed))))
				continue
			}
			lines = appendTexts(lines, run)
		case graph.CheckProviders:
			for _, c := range run {
				if len(c.IDs) > 12 {
					lines = append(lines, fmt.Sprintf("%s have all providers again: %s", howMany(len(c.IDs), "asset"), oneLine(list(c.IDs, 12))))
				} else {
					lines = append(lines, oneLine(c.Text))
				}
			}
		default:
			rest := 0
			if len(run) > maxListed {
				for _, c := range run[maxListed:] {
					rest += max(len(c.IDs), 1)
				}
				run = run[:maxListed]
			}
			lines = appendTexts(lines, run)
			if rest > 0 {
				lines = append(lines, moreOf(about, rest)+": see --format json or markdown")
			}
		}
	}
	return lines
}

func appendTexts(lines []string, checks []graph.RestoreCheck) []string {
	for _, c := range checks {
		lines = append(lines, oneLine(c.Text))
	}
	return lines
}

// moreOf counts the checks of one kind past those the runbook names.
func moreOf(about graph.CheckAbout, n int) string {
	switch about {
	case graph.CheckSafetyView:
		return howMany(n, "more safety view") + " show" + verbS(n) + " again"
	case graph.CheckStation:
		return howMany(n, "more operator station") + " work" + verbS(n) + " again"
	case graph.CheckElement:
		return howMany(n, "more element") + " of this step " + isAre(n) + " back"
	case graph.CheckRecovery:
		return howMany(n, "more asset") + " should recover on " + pronoun(n) + " own"
	}
	return howMany(n, "more check")
}

// feedsByKind counts feed checks by the feeds' kinds, the commonest first:
// "1,084 view feeds and 120 control feeds".
func feedsByKind(checks []graph.RestoreCheck) string {
	count := map[string]int{}
	var kinds []string
	for _, c := range checks {
		if count[c.Kind] == 0 {
			kinds = append(kinds, c.Kind)
		}
		count[c.Kind]++
	}
	slices.SortFunc(kinds, func(a, b string) int {
		if c := count[b] - count[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = howMany(count[k], oneLine(strings.TrimSpace(k+" feed")))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// howMany counts a noun with thousands separated: "1 feed", "1,204 feeds".
func howMany(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func pronoun(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
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
	others := len(withoutOwn(r, own).Assets)
	var parts []string
	if n := len(r.OperatorStations); n > 0 {
		parts = append(parts, howMany(n, "operator station"))
	}
	if n := len(r.Feeds); n > 0 {
		parts = append(parts, howMany(n, "feed"))
	}
	if n := len(r.SafetyVisibility); n > 0 {
		parts = append(parts, howMany(n, "safety view"))
	}
	if others > 0 {
		parts = append(parts, howMany(others, "other asset"))
	}
	if len(parts) == 0 {
		return "nothing else on its own"
	}
	return strings.Join(parts, ", ")
}

// RestoreSummary says the plan in one line: what the actions take, in
// the numbers simulate gives for them (other assets being the assets
// affected that are not operator stations), then what the steps bring
// back, each item once however many steps it took.
func RestoreSummary(p *graph.RestorePlan) string {
	if len(p.Steps) == 0 {
		return "Nothing to restore."
	}
	steps, verb := howMany(len(p.Steps), "step"), "bring"
	if len(p.Steps) == 1 {
		verb = "brings"
	}
	if restoredCount(p.Took) == 0 {
		return fmt.Sprintf("The actions take out no operator station, feed, safety view or other asset; %s %s back what they act on.", steps, verb)
	}
	s := p.Summary
	took := fmt.Sprintf("The actions leave %s, %s, %s; %s affected",
		lostAnd(s.OperatorStationsLost, s.OperatorStationsDegraded, "operator station"),
		lostAnd(s.FeedsLost, s.FeedsDegraded, "feed"),
		lostAnd(s.SafetyVisibilityLost, s.SafetyVisibilityDegraded, "safety view"),
		howMany(len(p.Took.Assets), "other asset"))
	b := p.BroughtBack
	others := howMany(len(b.Assets), "other asset")
	own := map[string]bool{}
	for _, st := range p.Steps {
		for _, id := range st.IDs {
			own[id] = true
		}
	}
	ownBack := 0
	for _, id := range b.Assets {
		if own[id] {
			ownBack++
		}
	}
	switch {
	case ownBack == 1:
		others += " (1 of them by a step of its own)"
	case ownBack > 1:
		others += fmt.Sprintf(" (%s of them by steps of their own)", thousands(ownBack))
	}
	back := fmt.Sprintf("%s %s back %s, %s, %s and %s", steps, verb,
		howMany(len(b.OperatorStations), "operator station"), howMany(len(b.Feeds), "feed"),
		howMany(len(b.SafetyVisibility), "safety view"), others)
	if n := restoredCount(p.StillOut); n > 0 {
		return fmt.Sprintf("%s. %s; %s stay out even with no action.", took, back, howMany(n, "item"))
	}
	return took + ". " + back + ": all of it."
}

// lostAnd says "5 operator stations lost and 4 degraded", or "23 feeds lost"
// when none is degraded.
func lostAnd(lost, degraded int, noun string) string {
	s := howMany(lost, noun) + " lost"
	if degraded > 0 {
		s += " and " + thousands(degraded) + " degraded"
	}
	return s
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

// withoutOwn is what a step brings back besides its own elements.
func withoutOwn(r graph.Restored, own []string) graph.Restored {
	var others []string
	for _, id := range r.Assets {
		if !slices.Contains(own, id) {
			others = append(others, id)
		}
	}
	r.Assets = others
	return r
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
		{"other assets", r.Assets},
	}
}

// RestoreMarkdown writes the plan for a ticket or a chat: the actions, then
// one section a step with its checks as a task list. Every model string is
// escaped.
func RestoreMarkdown(w io.Writer, p *graph.RestorePlan) error {
	var md markdownReport
	md.intro("Restore order: "+scenarioTitle(p.Actions), p.Model, RestoreSummary(p))
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
		item("After", afterSteps(s.AfterSteps, "no earlier step needed"))
		item("Undoes", markdownCell(undone(s)))
		item("Sign-off", markdownCell(strings.Join(s.Owners, ", ")))
		item("Brings back", markdownRestored(withoutOwn(s.BringsBack, s.IDs)))
		if partly := withoutOwn(s.PartlyBack, s.IDs); restoredCount(partly) > 0 {
			item("Partly back", markdownRestored(partly))
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
