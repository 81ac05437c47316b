package reports

import (
	"fmt"
	"io"
	"strconv"

	"github.com/otimpact/otimpact/graph"
)

// RankOptions tune the ranking's reports.
type RankOptions struct {
	// Top is how many actions to list, most harmful first; 0 lists all.
	Top int
}

// rankColumns are the ranking's columns, in every format.
var rankColumns = []string{"rank", "action", "target", "safety views lost", "stations lost", "feeds lost", "degraded", "first loss", "name"}

// shown is the items a report lists.
func shown(rk *graph.Ranking, opts RankOptions) []graph.RankItem {
	if opts.Top > 0 && opts.Top < len(rk.Items) {
		return rk.Items[:opts.Top]
	}
	return rk.Items
}

func firstLoss(it graph.RankItem) string {
	if it.EarliestAfterS == nil {
		return "none"
	}
	return when(*it.EarliestAfterS)
}

func rankRow(i int, it graph.RankItem) []string {
	s := it.Summary
	return []string{strconv.Itoa(i + 1), it.Action, it.Target,
		strconv.Itoa(s.SafetyVisibilityLost), strconv.Itoa(s.OperatorStationsLost), strconv.Itoa(s.FeedsLost),
		strconv.Itoa(s.Degraded()), firstLoss(it), it.Name}
}

// rankTitle says what was ranked and what counts.
func rankTitle(rk *graph.Ranking) string {
	t := "Single actions, most harmful first"
	if rk.WithinS != nil {
		t += ", counting what is lost or degraded within " + graph.FormatDuration(*rk.WithinS*1000) + " of the action"
	}
	return t
}

// rankSummary says in one line how many actions take away an operator
// station, feed or safety view, how many are listed, and how many take away
// none of them (those may still take other assets down).
func rankSummary(rk *graph.Ranking, listed int) string {
	harmful := rk.Candidates - rk.Harmless
	within := ""
	if rk.WithinS != nil {
		within = " within " + graph.FormatDuration(*rk.WithinS*1000)
	}
	line := fmt.Sprintf("%d of %s lose or degrade an operator station, feed or safety view%s",
		harmful, plural(rk.Candidates, "single action"), within)
	if listed < len(rk.Items) {
		line += fmt.Sprintf(" (the top %d listed; --top 0 lists all)", listed)
	}
	if rk.Harmless == 0 {
		return line + "."
	}
	return line + fmt.Sprintf("; the other %d lose none of them%s (some may still take other assets down: simulate one to see).", rk.Harmless, within)
}

// noActionNote warns that every count includes what is broken with no
// action at all, or says nothing when nothing is.
func noActionNote(rk *graph.Ranking) string {
	s := rk.NoAction.Summary
	if s == (graph.Summary{}) {
		return ""
	}
	return "Note: with no action at all, the model already loses something (" + SummaryLine(s) +
		") Every count here includes that; simulate with no action to see it."
}

// RankText writes the ranking as an aligned table, most harmful first, with
// a one-line summary.
func RankText(w io.Writer, rk *graph.Ranking, opts RankOptions) error {
	t := &textReport{}
	t.header(&graph.Result{Model: rk.Model})
	if note := noActionNote(rk); note != "" {
		t.buf.WriteString(note + "\n")
	}
	items := shown(rk, opts)
	fmt.Fprintf(&t.buf, "\n%s\n", rankTitle(rk))
	if len(items) == 0 {
		t.buf.WriteString("  none: no single action takes anything away\n")
	} else {
		rows := [][]string{rankColumns}
		for i, it := range items {
			rows = append(rows, rankRow(i, it))
		}
		t.table(rows, make([][]string, len(rows)))
	}
	fmt.Fprintf(&t.buf, "\n%s\n", rankSummary(rk, len(items)))
	_, err := w.Write(t.buf.Bytes())
	return err
}

// RankMarkdown writes the ranking as a Markdown table; every model string
// is escaped.
func RankMarkdown(w io.Writer, rk *graph.Ranking, opts RankOptions) error {
	var md markdownReport
	fmt.Fprintf(&md.buf, "# Single points of failure: %s\n\n", markdownCell(rk.Model.Source))
	if note := noActionNote(rk); note != "" {
		md.buf.WriteString(markdownCell(note) + "\n\n")
	}
	items := shown(rk, opts)
	md.buf.WriteString(markdownCell(rankSummary(rk, len(items))) + "\n")
	rows := make([][]string, len(items))
	for i, it := range items {
		rows[i] = rankRow(i, it)
	}
	md.table(rankTitle(rk), rankColumns, rows)
	_, err := w.Write(md.buf.Bytes())
	return err
}

// RankJSON writes the otimpact/rank/v1 contract: the items listed, most
// harmful first.
func RankJSON(w io.Writer, rk *graph.Ranking, opts RankOptions) error {
	out := *rk
	out.Items = shown(rk, opts)
	return encodeJSON(w, &out)
}

// RankXLSX writes the ranking as a workbook: the ranked actions with every
// count, to sort and filter, and the Model sheet. Every cell is a value,
// never a formula.
func RankXLSX(w io.Writer, rk *graph.Ranking, opts RankOptions) error {
	cols := []xlsxColumn{numberCol("Rank"), textCol("Action", 10), textCol("Target", 40), textCol("Name", 60),
		numberCol("Safety views lost"), numberCol("Operator stations lost"), numberCol("Feeds lost"), numberCol("Degraded"),
		numberCol("Operator stations degraded"), numberCol("Feeds degraded"), numberCol("Safety views degraded"),
		textCol("First loss", 14), numberCol("First loss (s)")}
	var rows [][]any
	for i, it := range shown(rk, opts) {
		s := it.Summary
		var after any = ""
		if it.EarliestAfterS != nil {
			after = *it.EarliestAfterS
		}
		first := "none"
		if it.EarliestAfterS != nil {
			first = afterText(*it.EarliestAfterS)
		}
		rows = append(rows, []any{int64(i + 1), it.Action, cellText(it.Target), cellText(it.Name),
			int64(s.SafetyVisibilityLost), int64(s.OperatorStationsLost), int64(s.FeedsLost), int64(s.Degraded()),
			int64(s.OperatorStationsDegraded), int64(s.FeedsDegraded), int64(s.SafetyVisibilityDegraded),
			first, after})
	}
	about := xlsxSheet{name: "About", tables: []xlsxTable{{[]xlsxColumn{textCol("Item", 30), valueCol("Value", 100)}, [][]any{
		{"Ranked", rankTitle(rk)},
		{"Summary", cellText(rankSummary(rk, len(rows)))},
		{"Site model", cellText(rk.Model.Source)},
	}}}}
	if note := noActionNote(rk); note != "" {
		about.tables[0].rows = append(about.tables[0].rows, []any{"Note", note})
	}
	return writeWorkbook(w, []xlsxSheet{itemSheet("Ranking", cols, rows), about, modelSheet(rk.Model)})
}
