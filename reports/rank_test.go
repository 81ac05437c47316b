package reports

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

var hostileNames = []string{hostileScript, hostileLink, hostilePlus, hostileAt, hostileMinus, hostileFormula, hostileMarkup, hostileLines, hostileDOT}

// hostileRanking ranks actions whose targets and names are hostile strings,
// the last one harming nothing within the limit.
func hostileRanking() *graph.Ranking {
	rk := &graph.Ranking{Schema: graph.RankSchema, Model: graph.ModelInfo{Source: hostileMarkup, Assets: 9},
		Candidates: 20, Harmless: 11}
	for i, h := range hostileNames {
		s := int64(3600 * i)
		rk.Items = append(rk.Items, graph.RankItem{Action: "shutdown", Target: "asset:" + h, Name: h, EarliestAfterS: &s,
			Summary: graph.Summary{SafetyVisibilityLost: 9 - i, OperatorStationsLost: 1, FeedsDegraded: 2, OperatorStationsDegraded: 1}})
	}
	rk.Items[len(rk.Items)-1].EarliestAfterS = nil
	return rk
}

func TestRankTextKeepsEveryNameOnItsLine(t *testing.T) {
	var buf bytes.Buffer
	if err := RankText(&buf, hostileRanking(), RankOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\r\t") {
		t.Errorf("control characters in the text:\n%q", out)
	}
	for i, h := range hostileNames {
		line := rowStarting(out, "  "+strconv.Itoa(i+1)+" ")
		if !strings.Contains(line, "asset:"+oneLine(h)) {
			t.Errorf("row %d does not show %q on its line: %q", i+1, oneLine(h), line)
		}
	}
	if !strings.Contains(rowStarting(out, "  1 "), "  9  ") || !strings.Contains(rowStarting(out, "  2 "), "after 1h") {
		t.Errorf("counts or first loss missing:\n%s", out)
	}
	if !strings.HasSuffix(out, "\n9 of 20 single actions lose or degrade an operator station, feed or safety view; the other 11 lose none of them (some may still take other assets down: simulate one to see).\n") {
		t.Errorf("no summary line:\n%s", out)
	}
}

func rowStarting(out, prefix string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

func TestRankTextTopAndNothing(t *testing.T) {
	var buf bytes.Buffer
	if err := RankText(&buf, hostileRanking(), RankOptions{Top: 2}); err != nil {
		t.Fatal(err)
	}
	if rowStarting(buf.String(), "  3 ") != "" || rowStarting(buf.String(), "  2 ") == "" {
		t.Errorf("--top 2 does not list exactly two:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "(the top 2 listed; --top 0 lists all)") {
		t.Errorf("does not say that more are left out:\n%s", buf.String())
	}
	buf.Reset()
	if err := RankText(&buf, &graph.Ranking{Candidates: 3, Harmless: 3}, RankOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "none: no single action takes anything away") {
		t.Errorf("says nothing when nothing harms:\n%s", buf.String())
	}
}

func TestRankMarkdownShowsHostileNamesAsWritten(t *testing.T) {
	var buf bytes.Buffer
	if err := RankMarkdown(&buf, hostileRanking(), RankOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "<>\x1b\r") {
		t.Errorf("raw HTML or control characters in the report:\n%s", out)
	}
	shown := map[string]bool{}
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := markdownRow(line)
		if len(cells) != len(rankColumns) {
			t.Errorf("row has %d cells, want %d: a name broke the table:\n%s", len(cells), len(rankColumns), line)
		}
		for _, c := range cells {
			shown[unescapeMarkdown(c)] = true
		}
		rows++
	}
	if rows != len(hostileNames)+2 {
		t.Errorf("%d table lines, want %d", rows, len(hostileNames)+2)
	}
	for _, h := range hostileNames {
		if !shown[oneLine(h)] || !shown["asset:"+oneLine(h)] {
			t.Errorf("%q is not shown as written", h)
		}
	}
	if want := "# Single points of failure: " + markdownCell(hostileMarkup) + "\n"; !strings.HasPrefix(out, want) {
		t.Errorf("title is not %q:\n%s", want, out)
	}
}

func TestRankXLSXWritesValuesNeverFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := RankXLSX(&buf, hostileRanking(), RankOptions{}); err != nil {
		t.Fatal(err)
	}
	if loc := formulaElement.FindIndex(buf.Bytes()); loc != nil {
		t.Error("the workbook holds a formula element")
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, h := range hostileNames {
		row := i + 2
		for col, want := range map[int]string{3: "asset:" + oneLine(h), 4: oneLine(h)} {
			cell := cellAt(col, row)
			v, _ := f.GetCellValue("Ranking", cell)
			typ, _ := f.GetCellType("Ranking", cell)
			formula, _ := f.GetCellFormula("Ranking", cell)
			if v != want || formula != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
				t.Errorf("Ranking!%s = %q (type %v, formula %q), want the string %q", cell, v, typ, formula, want)
			}
		}
		if typ, _ := f.GetCellType("Ranking", cellAt(5, row)); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("Ranking!%s (safety views lost) is text, want a number", cellAt(5, row))
		}
	}
	if got, _ := f.GetCellValue("Ranking", cellAt(13, 3)); got != "3600" {
		t.Errorf("first loss (s) of rank 2 = %q, want 3600", got)
	}
	if got, _ := f.GetCellValue("Ranking", cellAt(12, len(hostileNames)+1)); got != "none" {
		t.Errorf("first loss of the last = %q, want none", got)
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Ranking,About,Model" {
		t.Errorf("sheets %v", got)
	}
}

func TestRankJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := RankJSON(&buf, hostileRanking(), RankOptions{Top: 3}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema     string
		Candidates int
		Harmless   int
		Items      []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != "otimpact/rank/v1" || got.Candidates != 20 || got.Harmless != 11 || len(got.Items) != 3 {
		t.Errorf("got %+v", got)
	}
	for _, key := range []string{"action", "target", "summary", "earliest_after_s"} {
		if _, ok := got.Items[0][key]; !ok {
			t.Errorf("item has no %q: %v", key, got.Items[0])
		}
	}
	buf.Reset()
	if err := RankJSON(&buf, hostileRanking(), RankOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"earliest_after_s": null`) {
		t.Errorf("an action with no loss has no null earliest_after_s:\n%s", buf.String())
	}
}
