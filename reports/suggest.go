package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// SuggestJSON writes the otimpact/suggest/v1 contract.
func SuggestJSON(w io.Writer, sg *graph.Suggestion) error {
	return encodeJSON(w, sg)
}

// SuggestText writes the options as a responder reads them: what the
// attacker reaches now, then each option numbered with its actions, what it
// costs operations in one line, who signs off, and what it severs.
func SuggestText(w io.Writer, sg *graph.Suggestion, opts TextOptions) error {
	t := &textReport{opts: opts}
	b := &t.buf
	m := sg.Model
	fmt.Fprintf(b, "Site model %s: %s\n", oneLine(m.Source), modelCounts(m))
	if m.SkippedRows > 0 {
		fmt.Fprintf(b, "%s\n", t.color(ansiYellow, fmt.Sprintf(
			"Went on without %s: this answer leaves them out.", rowsWithErrors(m.SkippedRows))))
	}
	before := sg.ProtectedReachableBefore
	fmt.Fprintf(b, "Attacker on %s reaches %s now", oneLine(list(sg.Compromised, 6)), oneLine(protectedCount(len(before), sg.Protect)))
	if len(before) == 0 {
		b.WriteString(": there is nothing to cut off.\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(b, ": %s\n\n", oneLine(list(before, 8)))

	if sg.Partial {
		fmt.Fprintf(b, "%s\n", t.color(ansiBold+ansiRed, fmt.Sprintf(
			"No set of at most %s cuts the attacker off from %s.", plural(sg.MaxActions, "action"), oneLine(everyProtected(sg)))))
		b.WriteString("Best option found (it leaves the fewest protected assets reachable):\n")
	} else {
		verb := "cut"
		if sg.Found == 1 {
			verb = "cuts"
		}
		fmt.Fprintf(b, "%s %s the attacker off from %s with at most %s, least loss to operations first:\n",
			capital(plural(sg.Found, "option")), verb, oneLine(everyProtected(sg)), plural(sg.MaxActions, "action"))
	}
	for i, o := range sg.Options {
		t.option(i+1, o, len(before))
	}
	b.WriteString("\n")
	switch {
	case sg.Partial && sg.MaxActions < graph.MaxSuggestActions:
		fmt.Fprintf(b, "Try --max-actions %d. ", sg.MaxActions+1)
	case len(sg.Options) < sg.Found:
		fmt.Fprintf(b, "Showing %d of %d options (--top). ", len(sg.Options), sg.Found)
	}
	if len(sg.Options) > 0 {
		fmt.Fprintf(b, "See option 1 in full: %s\n", oneLine(simulateCommand(sg, sg.Options[0])))
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (t *textReport) option(n int, o graph.SuggestedOption, before int) {
	b := &t.buf
	title := fmt.Sprintf("%d. ", n)
	indent := strings.Repeat(" ", len(title)) // the lines below start under the actions
	fmt.Fprintf(b, "\n%s\n", t.color(ansiBold, title+oneLine(actionsLine(o.Actions))))
	fmt.Fprintf(b, "%scosts     %s\n", indent, oneLine(costLine(o)))
	fmt.Fprintf(b, "%ssign-off  %s\n", indent, oneLine(signOffLine(o.SignOff)))
	if after := o.ProtectedReachableAfter; len(after) > 0 {
		fmt.Fprintf(b, "%sleft      %s\n", indent, t.color(ansiRed, fmt.Sprintf("%s still reachable: %s", plural(len(after), "protected asset"), oneLine(list(after, 8)))))
	}
	for i, s := range o.Severs {
		label := "severs    "
		if i > 0 {
			label = "          "
		}
		fmt.Fprintf(b, "%s%s%s\n", indent, label, oneLine(severLine(s, len(o.Severs) == 1, before)))
	}
}

// severLine says what one action severs: how many protected assets would
// be reachable without it (the rest of the option taken), and one path it
// breaks. The actions of an option work together: none alone need suffice.
func severLine(s graph.Severance, only bool, before int) string {
	count := fmt.Sprintf("%s %s: without it %d stay reachable", s.Action, s.Target, s.CutsOff)
	if only {
		count = fmt.Sprintf("%d of %d", s.CutsOff, before)
		if s.CutsOff == before && before > 1 {
			count = fmt.Sprintf("all %d", before)
		}
	}
	if len(s.Path) == 0 {
		return count
	}
	return count + ", e.g. " + pathText(s.Path, s.BrokenAt)
}

// pathText draws an attacker path: assets joined by arrows, a conduit
// crossed written on its arrow, and a ✂ where the action breaks it.
func pathText(path, broken []string) string {
	var b strings.Builder
	afterConduit := false
	for i, step := range path {
		kind, id, _ := strings.Cut(step, ":")
		if slices.Contains(broken, step) {
			id = "✂" + id
		}
		switch {
		case kind == "conduit":
			b.WriteString(" →[" + id + "]→ ")
		case i > 0 && !afterConduit:
			b.WriteString(" → " + id)
		default:
			b.WriteString(id)
		}
		afterConduit = kind == "conduit"
	}
	return b.String()
}

func actionsLine(actions []graph.SuggestedAction) string {
	parts := make([]string, len(actions))
	for i, a := range actions {
		parts[i] = a.Action + " " + a.Target
	}
	return strings.Join(parts, " + ")
}

// costLine is what an option costs operations, in one sentence.
func costLine(o graph.SuggestedOption) string {
	line := SummaryLine(o.Summary)
	if o.OtherAssets > 0 {
		line = strings.TrimSuffix(line, ".") + fmt.Sprintf("; %s affected.", plural(o.OtherAssets, "other asset"))
	}
	return line
}

func signOffLine(owners []string) string {
	if len(owners) == 0 {
		return "nobody: nothing is affected"
	}
	names := make([]string, len(owners))
	for i, o := range owners {
		names[i] = ownerName(o)
	}
	return strings.Join(names, ", ")
}

func protectedCount(n int, protect string) string {
	s := plural(n, "protected asset")
	if protect != "" {
		s += " of " + protect
	}
	return s
}

// everyProtected names what the options cut the attacker off from.
func everyProtected(sg *graph.Suggestion) string {
	if sg.Protect != "" {
		return "every protected asset of " + sg.Protect
	}
	return "every protected asset"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// simulateCommand is the command line that simulates an option in full.
func simulateCommand(sg *graph.Suggestion, o graph.SuggestedOption) string {
	args := []string{"otimpact", "simulate", shellQuote(sg.Model.Source)}
	for _, a := range o.Actions {
		args = append(args, a.Action, shellQuote(a.Target))
	}
	args = append(args, "--compromised", shellQuote(sg.Foothold))
	return strings.Join(args, " ")
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%+=,-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SuggestMarkdown writes the options for a ticket or a chat: one table of
// what each costs, then one of what each action severs. Every model string
// is escaped.
func SuggestMarkdown(w io.Writer, sg *graph.Suggestion) error {
	var md markdownReport
	b := &md.buf
	m := sg.Model
	fmt.Fprintf(b, "# Containment options: attacker on %s\n\n", markdownCell(list(sg.Compromised, 6)))
	fmt.Fprintf(b, "Site model %s: %s.\n\n", markdownCell(m.Source), modelCounts(m))
	if m.SkippedRows > 0 {
		fmt.Fprintf(b, "**Went on without %s: this answer leaves them out.**\n\n", rowsWithErrors(m.SkippedRows))
	}
	before := sg.ProtectedReachableBefore
	fmt.Fprintf(b, "The attacker reaches %s now", markdownCell(protectedCount(len(before), sg.Protect)))
	if len(before) == 0 {
		b.WriteString(": there is nothing to cut off.\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(b, ": %s.\n\n", markdownCell(listAll(before)))
	if sg.Partial {
		fmt.Fprintf(b, "**No set of at most %s cuts the attacker off from %s.** The option below is the best found: it leaves the fewest reachable.\n",
			plural(sg.MaxActions, "action"), markdownCell(everyProtected(sg)))
	} else {
		fmt.Fprintf(b, "**%s** cut the attacker off from %s with at most %s, least loss to operations first",
			capital(plural(sg.Found, "option")), markdownCell(everyProtected(sg)), plural(sg.MaxActions, "action"))
		if len(sg.Options) < sg.Found {
			fmt.Fprintf(b, "; the first %d are shown", len(sg.Options))
		}
		b.WriteString(".\n")
	}

	header := []string{"#", "actions", "safety views lost", "operator stations lost", "feeds lost", "degraded", "other assets", "sign-off"}
	if sg.Partial {
		header = append(header, "still reachable")
	}
	var rows, severs [][]string
	for i, o := range sg.Options {
		s := o.Summary
		row := []string{fmt.Sprint(i + 1), actionsLine(o.Actions), fmt.Sprint(s.SafetyVisibilityLost), fmt.Sprint(s.OperatorStationsLost),
			fmt.Sprint(s.FeedsLost), fmt.Sprint(s.OperatorStationsDegraded + s.FeedsDegraded), fmt.Sprint(o.OtherAssets), signOffLine(o.SignOff)}
		if sg.Partial {
			row = append(row, listAll(o.ProtectedReachableAfter))
		}
		rows = append(rows, row)
		for _, sv := range o.Severs {
			severs = append(severs, []string{fmt.Sprint(i + 1), sv.Action + " " + sv.Target, fmt.Sprint(sv.CutsOff), pathText(sv.Path, sv.BrokenAt)})
		}
	}
	md.table("Options", header, rows)
	md.table("What each action severs", []string{"#", "action", "reachable without it (the rest taken)", "for example (✂ where it breaks)"}, severs)
	_, err := w.Write(b.Bytes())
	return err
}
