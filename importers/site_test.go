package importers

import (
	"fmt"

	"github.com/otimpact/otimpact/graph"
)

// syntheticSite builds a deterministic site of about n assets: process cells
// of 50 assets behind line firewalls, an L3 operations zone with a redundant
// domain controller pair and SCADA servers, a DMZ behind a data diode, and
// the dependencies and feeds that tie them together (about 2n rows in all).
func syntheticSite(n int) *graph.Model {
	m := &graph.Model{}
	cells := max(1, n/50)
	lines := (cells + 9) / 10
	zone := func(id string, level float64, owner string) {
		m.Zones = append(m.Zones, graph.Zone{ID: id, Name: "Zone " + id, Level: level, Owner: owner})
	}
	asset := func(id, kind, zone, owner string, safety bool, attrs map[string]string) {
		m.Assets = append(m.Assets, graph.Asset{ID: id, Name: "Asset " + id, Kind: kind, Zones: []string{zone},
			Owner: owner, Safety: safety, IP: fmt.Sprintf("10.%d.%d.%d", len(m.Assets)>>16&255, len(m.Assets)>>8&255, len(m.Assets)&255),
			Attrs: attrs})
	}
	zone("L3", 3, "OT")
	zone("DMZ", 3.5, "IT")
	zone("IT", 4, "IT")
	for _, id := range []string{"DC-01", "DC-02"} {
		asset(id, graph.KindDomainController, "L3", "IT", false, nil)
	}
	asset("NTP-01", graph.KindNTP, "L3", "IT", false, nil)
	asset("SCADA-1", graph.KindSCADAServer, "L3", "OT", false, nil)
	asset("SCADA-2", graph.KindSCADAServer, "L3", "OT", false, nil)
	asset("HIST-01", graph.KindHistorian, "L3", "OT", false, nil)
	asset("DIODE-01", graph.KindDataDiode, "L3", "OT", false, nil)
	asset("DMZ-HIST", graph.KindHistorian, "DMZ", "IT", false, map[string]string{"Vendor": "OSIsoft"})
	m.Conduits = append(m.Conduits,
		graph.Conduit{ID: "L3-DMZ", From: "L3", To: "DMZ", Via: []string{"DIODE-01"}, OneWay: true},
		graph.Conduit{ID: "DMZ-IT", From: "DMZ", To: "IT"})
	for l := range lines {
		lz, fw := fmt.Sprintf("L2-%03d", l), fmt.Sprintf("FW-%03d", l)
		zone(lz, 2, "OT")
		asset(fw, graph.KindFirewall, lz, "OT", false, nil)
		m.Conduits = append(m.Conduits, graph.Conduit{From: lz, To: "L3", Via: []string{fw}})
	}
	kinds := []string{graph.KindPLC, graph.KindPLC, graph.KindOperatorStation, graph.KindRTU, graph.KindIED,
		graph.KindSIS, graph.KindEngineeringStation, graph.KindSwitch, graph.KindWorkstation, graph.KindPLC}
	for c := range cells {
		cz := fmt.Sprintf("CELL-%04d", c)
		lz := fmt.Sprintf("L2-%03d", c/10)
		zone(cz, 1, "OT")
		m.Conduits = append(m.Conduits, graph.Conduit{ID: "C-" + cz, From: cz, To: lz, Via: []string{fmt.Sprintf("FW-%03d", c/10)}})
		first := len(m.Assets)
		var hmis, plcs []string
		for i := range 50 {
			id := fmt.Sprintf("%s-%02d", cz, i)
			kind := kinds[i%len(kinds)]
			var attrs map[string]string
			if i%7 == 0 {
				attrs = map[string]string{"Serial": fmt.Sprintf("SN%08d", len(m.Assets)), "Firmware": "v2.1"}
			}
			asset(id, kind, cz, "OT", kind == graph.KindSIS, attrs)
			switch kind {
			case graph.KindOperatorStation, graph.KindEngineeringStation:
				hmis = append(hmis, id)
				m.Dependencies = append(m.Dependencies,
					graph.Dependency{Consumer: id, Providers: []string{"DC-01", "DC-02"}, Service: "auth", Need: 1, GraceMS: 8 * 3600e3},
					graph.Dependency{Consumer: id, Providers: []string{"SCADA-1", "SCADA-2"}, Service: "data", Need: 1})
			case graph.KindPLC, graph.KindSIS, graph.KindRTU:
				plcs = append(plcs, id)
			}
			if i%4 == 0 {
				m.Dependencies = append(m.Dependencies,
					graph.Dependency{Consumer: id, Providers: []string{"NTP-01"}, Service: "ntp", Need: 1, GraceMS: 36 * 3600e3})
			}
		}
		for j, plc := range plcs {
			if j%2 == 1 {
				continue
			}
			m.Feeds = append(m.Feeds, graph.Feed{ID: "F-" + plc, Name: "Telemetry " + plc, Source: []string{plc},
				Via: [][]string{{"SCADA-1", "SCADA-2"}}, To: hmis, Kind: graph.FeedView, Safety: m.Assets[first].Safety || j%6 == 0, Owner: "OT"})
		}
	}
	m.Scenarios = []graph.Scenario{
		{Name: "Lose L3", Actions: []graph.Action{{Verb: graph.Isolate, Target: "zone:L3", Scenario: "Lose L3"}}},
		{Name: "DC outage", Actions: []graph.Action{
			{Verb: graph.Shutdown, Target: "asset:DC-01", Scenario: "DC outage"},
			{Verb: graph.Shutdown, Target: "DC-02", Scenario: "DC outage"}}},
	}
	return m
}
