package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

// XLSX writes the result as a workbook to circulate, sort and filter: a
// Summary sheet, one sheet a table (operator stations, feeds, safety
// visibility, assets, sign-off, attacker reach when asked for, actions) and
// a Model sheet that says what was read. Every cell is a value, never a
// formula: a model string is text even when it begins with "=", "+", "-" or
// "@", and a count or a time is a number.
func XLSX(w io.Writer, res *graph.Result) error {
	sheets := []xlsxSheet{
		summarySheet(res), stationsSheet(res), feedsSheet(res), safetySheet(res),
		assetsSheet(res), signOffSheet(res),
	}
	if res.Attacker != nil {
		sheets = append(sheets, attackerSheet(res.Attacker))
	}
	sheets = append(sheets, actionsSheet(res), modelSheet(res.Model))
	return writeWorkbook(w, sheets)
}

// writeWorkbook writes the sheets, in order, as a workbook.
func writeWorkbook(w io.Writer, sheets []xlsxSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	wb, err := newXLSXWorkbook(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return err
		}
		if err := wb.write(s); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	return f.Write(w)
}

// xlsxColumn is a column of a table: its header and how its cells look.
type xlsxColumn struct {
	header string
	max    float64 // the widest the column grows, in characters
	status bool    // cells colored by the status they name
	wrap   bool    // cells of several lines
	left   bool    // numbers aligned left, under the text beside them
}

func textCol(h string, max float64) xlsxColumn { return xlsxColumn{header: h, max: max} }

func wrapCol(h string, max float64) xlsxColumn { return xlsxColumn{header: h, max: max, wrap: true} }

// valueCol holds the values of a list of items: text, or a number kept
// left beside its item rather than at the far end of a wide column.
func valueCol(h string, max float64) xlsxColumn {
	return xlsxColumn{header: h, max: max, wrap: true, left: true}
}

func listCol(h string) xlsxColumn { return xlsxColumn{header: h, max: 60, wrap: true} }

func statusCol(h string) xlsxColumn { return xlsxColumn{header: h, max: 14, status: true} }

func numberCol(h string) xlsxColumn { return xlsxColumn{header: h, max: 12} }

// afterCols say when a loss comes twice: for a person ("8h") and for
// sorting (seconds).
func afterCols() []xlsxColumn { return []xlsxColumn{textCol("After", 14), numberCol("After (s)")} }

func idNameCols(id string) []xlsxColumn {
	return []xlsxColumn{textCol(id, 24), textCol("Name", 60)}
}

// xlsxTable is a header and rows of cells, each a string or an int64.
type xlsxTable struct {
	columns []xlsxColumn
	rows    [][]any
}

// xlsxSheet is one or more tables stacked with a blank row between them.
// A sheet that is one table of items gets a frozen header and a filter.
type xlsxSheet struct {
	name   string
	tables []xlsxTable
	filter bool
}

func itemSheet(name string, columns []xlsxColumn, rows [][]any) xlsxSheet {
	return xlsxSheet{name: name, tables: []xlsxTable{{columns, rows}}, filter: true}
}

// xlsxWorkbook holds the styles the sheets share.
type xlsxWorkbook struct {
	f                  *excelize.File
	header, text, wrap int
	number, numberLeft int
	statusStyles       map[string]int // colored status cells
}

// Excel's own "bad" and "neutral" cell colors.
const (
	redFill, redFont     = "FFC7CE", "9C0006"
	amberFill, amberFont = "FFEB9C", "9C5700"
)

func newXLSXWorkbook(f *excelize.File) (*xlsxWorkbook, error) {
	wb := &xlsxWorkbook{f: f}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	font := func(bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: "Calibri", Size: 11, Bold: bold, Color: color}
	}
	styles := []struct {
		id    *int
		style *excelize.Style
	}{
		{&wb.header, &excelize.Style{Font: font(true, ""), Alignment: top,
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}}},
		{&wb.text, &excelize.Style{Alignment: top}},
		{&wb.wrap, &excelize.Style{Alignment: wrapTop}},
		{&wb.number, &excelize.Style{Alignment: top, NumFmt: 1}},
		{&wb.numberLeft, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}, NumFmt: 1}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	wb.statusStyles = map[string]int{}
	for _, s := range []struct {
		fill, font string
		statuses   []string
	}{
		{redFill, redFont, []string{graph.StatusLost, graph.StatusShutdown, attackerReachable}},
		{amberFill, amberFont, []string{graph.StatusDegraded, graph.StatusIsolated}},
	} {
		id, err := f.NewStyle(&excelize.Style{Alignment: top, Font: font(false, s.font),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.fill}}})
		if err != nil {
			return nil, err
		}
		for _, st := range s.statuses {
			wb.statusStyles[st] = id
		}
	}
	return wb, nil
}

// style is a cell's style: numbers as numbers, statuses colored.
func (wb *xlsxWorkbook) style(c xlsxColumn, v any) int {
	switch v := v.(type) {
	case int64:
		if c.left {
			return wb.numberLeft
		}
		return wb.number
	case string:
		if id, ok := wb.statusStyles[v]; ok && c.status {
			return id
		}
	}
	if c.wrap {
		return wb.wrap
	}
	return wb.text
}

// cellValue checks that a cell is a string or a number: the stream writer
// writes a string as inline text, never as a formula.
func cellValue(v any) (any, error) {
	switch v.(type) {
	case string, int64:
		return v, nil
	}
	return nil, fmt.Errorf("cell value %v of type %T", v, v)
}

// rowHeight is the height of one line of the default font, in points;
// rows of wrapped cells get one line for each line they show.
const rowHeight = 15

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

func (wb *xlsxWorkbook) write(s xlsxSheet) error {
	// The stream writer keeps what the sheet had before it started and
	// drops what is set after: lay the sheet out first.
	if err := wb.layout(s); err != nil {
		return err
	}
	sw, err := wb.f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	widths := s.widths()
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if s.filter {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	row := 0
	for i, t := range s.tables {
		if i > 0 {
			row++ // a blank row between tables
		}
		header := make([]any, len(t.columns))
		for j, c := range t.columns {
			header[j] = excelize.Cell{StyleID: wb.header, Value: c.header}
		}
		row++
		if err := sw.SetRow(xlsxCellName(1, row), header); err != nil {
			return err
		}
		for _, r := range t.rows {
			cells := make([]any, len(r))
			lines := 1
			for j, v := range r {
				v, err := cellValue(v)
				if err != nil {
					return err
				}
				cells[j] = excelize.Cell{StyleID: wb.style(t.columns[j], v), Value: v}
				if t.columns[j].wrap {
					lines = max(lines, shownLines(v, widths[j]))
				}
			}
			var opts []excelize.RowOpts
			if lines > 1 {
				opts = append(opts, excelize.RowOpts{Height: min(maxRowHeight, float64(lines*rowHeight))})
			}
			row++
			if err := sw.SetRow(xlsxCellName(1, row), cells, opts...); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// layout prints a sheet landscape and one page wide; a table of items gets
// a filter over it and its header on every printed page.
func (wb *xlsxWorkbook) layout(s xlsxSheet) error {
	if s.filter {
		// Before the page setup: the filter replaces the sheet's properties.
		t := s.tables[0]
		if err := wb.f.AutoFilter(s.name, "A1:"+xlsxCellName(len(t.columns), 1+len(t.rows)), nil); err != nil {
			return err
		}
		if err := wb.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: "'" + strings.ReplaceAll(s.name, "'", "''") + "'!$1:$1", Scope: s.name,
		}); err != nil {
			return err
		}
	}
	landscape, wide, tall, fit := "landscape", 1, 0, true
	if err := wb.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	return wb.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func xlsxCellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // columns and rows counted here are always in range
	}
	return name
}

// widths fits each column to its longest line, between its header and its
// max.
func (s xlsxSheet) widths() []float64 {
	var widths []float64
	for _, t := range s.tables {
		for i, c := range t.columns {
			w := float64(utf8.RuneCountInString(c.header))
			for _, r := range t.rows {
				for _, line := range strings.Split(fmt.Sprint(r[i]), "\n") {
					w = max(w, min(c.max, float64(utf8.RuneCountInString(line))))
				}
			}
			w += 2 // room for the filter button and a margin
			if i < len(widths) {
				widths[i] = max(widths[i], w)
			} else {
				widths = append(widths, w)
			}
		}
	}
	return widths
}

// shownLines is how many lines a wrapped cell shows in a column width
// characters wide.
func shownLines(v any, width float64) int {
	s, ok := v.(string)
	if !ok {
		return 1
	}
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n += max(1, int(float64(utf8.RuneCountInString(line))/(width-1))+1)
	}
	return n
}

// cellText keeps a model string on one line and free of control characters.
func cellText(s string) string { return oneLine(s) }

// cellList joins ids with ", ".
func cellList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = oneLine(id)
	}
	return strings.Join(out, ", ")
}

// cellWhy puts each line of a why chain on a line of its own.
func cellWhy(why []string) string {
	out := make([]string, len(why))
	for i, w := range why {
		out[i] = oneLine(w)
	}
	return strings.Join(out, "\n")
}

// afterText says when a loss comes, for a person: "immediately" or "8h".
func afterText(s int64) string {
	if s <= 0 {
		return "immediately"
	}
	return graph.FormatDuration(s * 1000)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func summarySheet(res *graph.Result) xlsxSheet {
	s := res.Summary
	other := 0
	for _, a := range res.Assets {
		if a.Kind != graph.KindOperatorStation {
			other++
		}
	}
	owners := make([]string, len(res.SignOff))
	for i, so := range res.SignOff {
		owners[i] = ownerName(so.Owner)
	}
	rows := [][]any{
		{"Simulated", cellText(scenarioTitle(res.Actions))},
		{"Summary", ResultLine(res)},
		{"Operator stations lost", int64(s.OperatorStationsLost)},
		{"Operator stations degraded", int64(s.OperatorStationsDegraded)},
		{"Feeds lost", int64(s.FeedsLost)},
		{"Feeds degraded", int64(s.FeedsDegraded)},
		{"Safety views lost", int64(s.SafetyVisibilityLost)},
		{"Safety views degraded", int64(s.SafetyVisibilityDegraded)},
		{"Other assets affected", int64(other)},
		{"Sign-off needed from", cellList(owners)},
	}
	if a := res.Attacker; a != nil {
		rows = append(rows,
			[]any{"Compromised", cellList(a.Compromised)},
			[]any{"Protected assets reachable before the actions", int64(len(a.ProtectedReachableBefore))},
			[]any{"Protected assets reachable after the actions", int64(len(a.ProtectedReachableAfter))})
	}
	rows = append(rows, []any{"Site model", cellText(res.Model.Source)})
	if n := res.Model.SkippedRows; n > 0 {
		rows = append(rows, []any{"Rows left out for errors", int64(n)})
	}
	return xlsxSheet{name: "Summary", tables: []xlsxTable{{[]xlsxColumn{textCol("Item", 48), valueCol("Value", 80)}, rows}}}
}

func stationsSheet(res *graph.Result) xlsxSheet {
	cols := slices.Concat(idNameCols("ID"), []xlsxColumn{statusCol("Status")}, afterCols(),
		[]xlsxColumn{textCol("Owner", 30), wrapCol("Why", 100)})
	var rows [][]any
	for _, o := range res.OperatorStations {
		rows = append(rows, []any{cellText(o.ID), cellText(o.Name), o.Status, afterText(o.AfterS), o.AfterS, cellText(o.Owner), cellWhy(o.Why)})
	}
	return itemSheet("Operator stations", cols, rows)
}

func feedsSheet(res *graph.Result) xlsxSheet {
	cols := slices.Concat(idNameCols("ID"), []xlsxColumn{textCol("Kind", 10), textCol("Safety", 8), statusCol("Status")}, afterCols(),
		[]xlsxColumn{listCol("Lost at"), listCol("Still at"), textCol("Owner", 30), wrapCol("Why", 100)})
	var rows [][]any
	for _, f := range res.Feeds {
		rows = append(rows, []any{cellText(f.ID), cellText(f.Name), cellText(f.Kind), yesNo(f.Safety), f.Status, afterText(f.AfterS), f.AfterS,
			cellList(f.LostAt), cellList(f.StillAt), cellText(f.Owner), cellWhy(f.Why)})
	}
	return itemSheet("Feeds", cols, rows)
}

func safetySheet(res *graph.Result) xlsxSheet {
	cols := slices.Concat(idNameCols("Feed"), []xlsxColumn{statusCol("Status")}, afterCols(),
		[]xlsxColumn{listCol("Lost at"), listCol("Still at"), wrapCol("Why", 100)})
	var rows [][]any
	for _, s := range res.SafetyVisibility {
		rows = append(rows, []any{cellText(s.Feed), cellText(s.Name), s.Status, afterText(s.AfterS), s.AfterS,
			cellList(s.LostAt), cellList(s.StillAt), cellWhy(s.Why)})
	}
	return itemSheet("Safety visibility", cols, rows)
}

func assetsSheet(res *graph.Result) xlsxSheet {
	cols := slices.Concat(idNameCols("ID"), []xlsxColumn{textCol("Kind", 24), statusCol("Status")}, afterCols(),
		[]xlsxColumn{textCol("Owner", 30), wrapCol("Why", 100)})
	var rows [][]any
	for _, a := range res.Assets {
		rows = append(rows, []any{cellText(a.ID), cellText(a.Name), cellText(a.Kind), a.Status, afterText(a.AfterS), a.AfterS, cellText(a.Owner), cellWhy(a.Why)})
	}
	return itemSheet("Assets", cols, rows)
}

func signOffSheet(res *graph.Result) xlsxSheet {
	cols := []xlsxColumn{textCol("Owner", 36), numberCol("Items"), wrapCol("Approves the loss of", 100)}
	var rows [][]any
	for _, s := range res.SignOff {
		rows = append(rows, []any{cellText(ownerName(s.Owner)), int64(len(s.Items)), cellList(s.Items)})
	}
	return itemSheet("Sign-off", cols, rows)
}

// Attacker reach of an asset, before or after the actions.
const (
	attackerReachable = "reachable"
	attackerCutOff    = "cut off"
	attackerFoothold  = "foothold"
)

func attackerSheet(a *graph.AttackerReach) xlsxSheet {
	cols := []xlsxColumn{textCol("Asset", 24), textCol("Role", 12), statusCol("Before the actions"), statusCol("After the actions")}
	var rows [][]any
	for _, id := range a.Compromised {
		rows = append(rows, []any{cellText(id), "compromised", attackerFoothold, attackerFoothold})
	}
	for _, id := range a.ProtectedReachableBefore {
		now := attackerCutOff
		if slices.Contains(a.ProtectedReachableAfter, id) {
			now = attackerReachable
		}
		rows = append(rows, []any{cellText(id), "protected", attackerReachable, now})
	}
	for _, id := range a.ProtectedReachableAfter {
		if !slices.Contains(a.ProtectedReachableBefore, id) {
			rows = append(rows, []any{cellText(id), "protected", attackerCutOff, attackerReachable})
		}
	}
	return itemSheet("Attacker reach", cols, rows)
}

func actionsSheet(res *graph.Result) xlsxSheet {
	cols := []xlsxColumn{textCol("Action", 10), textCol("Target", 40), listCol("Matched"), textCol("Scenario", 40)}
	var rows [][]any
	for _, a := range res.Actions {
		rows = append(rows, []any{a.Action, cellText(a.Target), cellList(a.Matched), cellText(a.Scenario)})
	}
	return itemSheet("Actions", cols, rows)
}

// modelSheet says what the simulation ran on: the counts, the rows read and
// used from each sheet, and the model's warnings.
func modelSheet(m graph.ModelInfo) xlsxSheet {
	counts := xlsxTable{columns: []xlsxColumn{textCol("Model", 24), valueCol("Value", 60)}, rows: [][]any{
		{"Source", cellText(m.Source)},
		{"Assets", int64(m.Assets)},
		{"Zones", int64(m.Zones)},
		{"Conduits", int64(m.Conduits)},
		{"Dependencies", int64(m.Dependencies)},
		{"Feeds", int64(m.Feeds)},
		{"Rows left out for errors", int64(m.SkippedRows)},
	}}
	sheets := xlsxTable{columns: []xlsxColumn{textCol("Sheet", 24), textCol("File", 60), numberCol("Rows read"), numberCol("Rows used")}}
	for _, s := range m.Sheets {
		sheets.rows = append(sheets.rows, []any{cellText(s.Sheet), cellText(s.File), int64(s.Read), int64(s.Used)})
	}
	warnings := xlsxTable{columns: []xlsxColumn{valueCol("Warnings", 24), wrapCol("", 100)}}
	for i, w := range m.Warnings {
		warnings.rows = append(warnings.rows, []any{int64(i + 1), cellText(w)})
	}
	if len(m.Warnings) == 0 {
		warnings.rows = [][]any{{"none", ""}}
	}
	tables := []xlsxTable{counts, sheets, warnings}
	if len(m.Sheets) == 0 { // a model built in memory
		tables = []xlsxTable{counts, warnings}
	}
	return xlsxSheet{name: "Model", tables: tables}
}
