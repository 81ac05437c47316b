package importers

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/otimpact/otimpact/graph"
)

// templateHelp explains every column of the model for the Instructions
// sheet: what it means and an example a plant engineer would write.
var templateHelp = []struct{ sheet, column, meaning, example string }{
	{"Assets", "id", "Unique id of the asset (required).", "HMI-CR-01"},
	{"Assets", "name", "What people call it.", "Control room operator station 1"},
	{"Assets", "kind", "Asset kind (drop-down); aliases such as HMI, EWS, DC, SCADA, VPN are understood.", "operator-station"},
	{"Assets", "zone", "Zone id(s); several separated by | for a multi-homed host.", "CTRL"},
	{"Assets", "owner", "Who must approve touching it.", "OT"},
	{"Assets", "safety", "yes for a safety-relevant asset.", "yes"},
	{"Assets", "tags", "Free tags separated by |, for tag: selectors.", "critical|chlorine"},
	{"Assets", "ip", "IP address, kept for reference.", "10.20.1.11"},
	{"Zones", "id", "Unique id of the zone (required).", "OPS"},
	{"Zones", "name", "What people call it.", "Site operations"},
	{"Zones", "level", "Purdue level 0-5; 3.5 for the IT/OT DMZ.", "3"},
	{"Zones", "owner", "Who owns the zone.", "OT"},
	{"Conduits", "id", "Conduit id; left blank it becomes FROM-TO.", "DMZ-OPS"},
	{"Conduits", "from", "Zone at one end (required).", "DMZ"},
	{"Conduits", "to", "Zone at the other end (required).", "OPS"},
	{"Conduits", "via", "Boundary devices that carry it; any one suffices (a redundant pair: FW-01|FW-02).", "FW-01|FW-02"},
	{"Conduits", "direction", "both, or one-way (from -> to only: a data diode).", "both"},
	{"Dependencies", "consumer", "The asset that needs the service (required).", "HMI-CR-01"},
	{"Dependencies", "provider", "Asset(s) providing it; several are redundant alternatives (required).", "DC-01|DC-02"},
	{"Dependencies", "service", "What is provided: auth, dns, ntp, data, license, remote-access, ...", "auth"},
	{"Dependencies", "need", "How many of the providers must be available (default 1).", "1"},
	{"Dependencies", "grace", "How long the consumer keeps working without it: 30m, 8h, 3d, 1d12h.", "8h"},
	{"Feeds", "id", "Unique id of the feed (required).", "F-FILT-VIEW"},
	{"Feeds", "name", "What people call it.", "Filter telemetry"},
	{"Feeds", "source", "Where it starts; alternatives separated by | (required).", "PLC-FILT-01"},
	{"Feeds", "via", "Ordered hops separated by >, each with alternatives separated by |.", "IOS-01|IOS-02 > SCADA-01|SCADA-02"},
	{"Feeds", "to", "Consumer(s) it must reach, separated by | (required).", "HMI-CR-01|HMI-CR-02"},
	{"Feeds", "kind", "view (telemetry, alarms, status) or control (commands).", "view"},
	{"Feeds", "safety", "yes for a safety-relevant feed (SIS status, trips, fire and gas, ESD).", "yes"},
	{"Feeds", "owner", "Who must approve losing it (default: the source's owner).", "OT"},
	{"Scenarios", "scenario", "Name of the what-if scenario; one action per row (required).", "Isolate IT from OT"},
	{"Scenarios", "action", "shutdown, isolate or cut (required).", "isolate"},
	{"Scenarios", "target", "asset:ID, zone:ID, conduit:ID, kind:KIND, tag:TAG, owner:OWNER or a bare id (required).", "zone:DMZ"},
}

// templateRows is how many rows of each sheet carry drop-downs.
const templateRows = 2000

// WriteTemplate writes an empty site model workbook a plant engineer can
// fill in: the six sheets with their headers, drop-downs where a column takes
// one of a few words, and an Instructions sheet with an example per column.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	kinds := make([]string, 0, len(graph.Kinds))
	for _, k := range graph.Kinds {
		kinds = append(kinds, k.Kind)
	}
	dropDowns := map[string][]string{
		"Assets.kind":        kinds,
		"Assets.safety":      {"yes", "no"},
		"Conduits.direction": {"both", "one-way"},
		"Feeds.kind":         {graph.FeedView, graph.FeedControl},
		"Feeds.safety":       {"yes", "no"},
		"Scenarios.action":   {string(graph.Shutdown), string(graph.Isolate), string(graph.Cut)},
	}
	if err := f.SetSheetName("Sheet1", "Instructions"); err != nil {
		return err
	}
	for _, sc := range schemas {
		if _, err := f.NewSheet(sc.name); err != nil {
			return err
		}
		for i, c := range sc.columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			if err := f.SetCellStr(sc.name, cell, c.name); err != nil {
				return err
			}
			colName, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(sc.name, colName, colName, 22); err != nil {
				return err
			}
			if words, ok := dropDowns[sc.name+"."+c.name]; ok {
				dv := excelize.NewDataValidation(true)
				dv.Sqref = fmt.Sprintf("%s2:%s%d", colName, colName, templateRows)
				if err := dv.SetDropList(words); err != nil {
					return err
				}
				if err := f.AddDataValidation(sc.name, dv); err != nil {
					return err
				}
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(sc.columns), 1)
		if err := f.SetCellStyle(sc.name, "A1", last, bold); err != nil {
			return err
		}
		if err := f.SetPanes(sc.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	intro := [][]string{
		{"otimpact site model template"},
		{"Fill in one row per asset, zone, conduit, dependency, feed and scenario action. Only Assets is required. Ids match ignoring case."},
		{"Lists in a cell: separate alternatives with |. Feed hops: separate with >. Durations: 30m, 8h, 3d, 1d12h. Yes/no columns: yes or blank."},
		{},
		{"sheet", "column", "meaning", "example"},
	}
	for _, h := range templateHelp {
		intro = append(intro, []string{h.sheet, h.column, h.meaning, h.example})
	}
	for r, row := range intro {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("Instructions", cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle("Instructions", "A5", "D5", bold); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 16, "B": 12, "C": 90, "D": 36} {
		if err := f.SetColWidth("Instructions", col, col, width); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// templateSheetNames lists the sheets the template writes, for tests.
func templateSheetNames() []string {
	names := []string{"Instructions"}
	for _, sc := range schemas {
		names = append(names, sc.name)
	}
	return names
}
