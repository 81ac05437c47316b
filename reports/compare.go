package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

// compareColumns are the comparison's columns, in every format.
var compareColumns = []string{"scenario", "actions", "stations lost", "feeds lost", "safety views lost", "degraded", "other assets", "first loss to operations"}

func compareRow(s graph.ScenarioOutcome) []string {
	var acts []string
	for _, a := range s.Actions {
		acts = append(acts, a.Action+" "+a.Target)
	}
	sum := s.Summary
	earliest := "none"
	if s.EarliestLossS >= 0 {
		earliest = when(s.EarliestLossS)
	}
	row := []string{s.Name, strings.Join(acts, "; "),
		fmt.Sprint(sum.OperatorStationsLost), fmt.Sprint(sum.FeedsLost), fmt.Sprint(sum.SafetyVisibilityLost),
		fmt.Sprint(sum.OperatorStationsDegraded + sum.FeedsDegraded), fmt.Sprint(s.OtherAssets), earliest}
	if s.Attacker != nil {
		row = append(row, fmt.Sprint(len(s.Attacker.ProtectedReachableAfter)))
	}
	return row
}

func compareHeader(c *graph.Comparison) []string {
	h := append([]string(nil), compareColumns...)
	if len(c.Scenarios) > 0 && c.Scenarios[0].Attacker != nil {
		h = append(h, "protected still reachable")
	}
	return h
}

// CompareJSON writes the otimpact/compare/v1 contract.
func CompareJSON(w io.Writer, c *graph.Comparison) error {
	return encodeJSON(w, c)
}

// CompareText writes the scenarios side by side as aligned columns.
func CompareText(w io.Writer, c *graph.Comparison) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(compareHeader(c), "\t")+"\t")
	for _, s := range c.Scenarios {
		row := compareRow(s)
		for i := range row {
			row[i] = oneLine(row[i])
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		out.WriteString(strings.TrimRight(line, " \n"))
		if strings.HasSuffix(line, "\n") {
			out.WriteByte('\n')
		}
	}
	if len(c.Scenarios) == 0 {
		out.WriteString("No scenario to compare.\n")
	}
	_, err := w.Write(out.Bytes())
	return err
}

// CompareMarkdown writes the scenarios as a Markdown table.
func CompareMarkdown(w io.Writer, c *graph.Comparison) error {
	var b bytes.Buffer
	h := compareHeader(c)
	b.WriteString("| " + strings.Join(h, " | ") + " |\n|" + strings.Repeat(" --- |", len(h)) + "\n")
	for _, s := range c.Scenarios {
		row := compareRow(s)
		for i := range row {
			row[i] = markdownCell(row[i])
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// markdownCell escapes a string for a Markdown table cell: pipes, line
// breaks and the characters that start markup or HTML.
func markdownCell(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '|', '\\', '*', '_', '`', '[', ']', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CompareXLSX writes the comparison as a workbook with one sheet; every cell
// is a value, never a formula.
func CompareXLSX(w io.Writer, c *graph.Comparison) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Comparison"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	h := compareHeader(c)
	rows := [][]string{h}
	for _, s := range c.Scenarios {
		rows = append(rows, compareRow(s))
	}
	for r, row := range rows {
		for col, v := range row {
			cell, err := excelize.CoordinatesToCellName(col+1, r+1)
			if err != nil {
				return err
			}
			if r > 0 && col >= 2 && col <= 6 {
				var n int
				fmt.Sscan(v, &n)
				err = f.SetCellInt(sheet, cell, int64(n))
			} else {
				err = f.SetCellStr(sheet, cell, v)
			}
			if err != nil {
				return err
			}
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(h), 1)
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(h))
	if err := f.SetColWidth(sheet, "A", "B", 36); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "C", lastCol, 14); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(h), len(rows))
	if err := f.AutoFilter(sheet, "A1:"+end, nil); err != nil {
		return err
	}
	return f.Write(w)
}
