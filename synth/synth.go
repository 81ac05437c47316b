// Package synth generates realistic synthetic site models: a shared
// enterprise zone and IT/OT DMZ, then per site an operations zone, a control
// room, cell zones of PLCs and a SIS zone, with redundant domain controllers
// and SCADA servers, a historian mirrored through a data diode, license and
// time servers, vendor access, telemetry, control and safety feeds. The same
// seed gives the same model. It is used for benchmarks and large-site tests.
package synth

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/otimpact/otimpact/graph"
)

// Generate builds a model of about n assets over the given number of sites.
// The model is not resolved.
func Generate(n, sites int, seed int64) *graph.Model {
	if sites < 1 {
		sites = 1
	}
	rng := rand.New(rand.NewSource(seed))
	g := &gen{m: &graph.Model{Source: fmt.Sprintf("synthetic site (%d assets, %d sites, seed %d)", n, sites, seed)}, rng: rng}
	g.shared()
	per := (n - len(g.m.Assets)) / sites
	if per < 20 {
		per = 20
	}
	for s := 1; s <= sites; s++ {
		g.site(s, per)
	}
	return g.m
}

type gen struct {
	m   *graph.Model
	rng *rand.Rand
}

func (g *gen) zone(id, name string, level float64, owner string) {
	g.m.Zones = append(g.m.Zones, graph.Zone{ID: id, Name: name, Level: level, Owner: owner})
}

func (g *gen) asset(id, name, kind, owner string, zones ...string) {
	g.m.Assets = append(g.m.Assets, graph.Asset{ID: id, Name: name, Kind: kind, Owner: owner, Zones: zones})
}

func (g *gen) conduit(id, from, to string, oneWay bool, via ...string) {
	g.m.Conduits = append(g.m.Conduits, graph.Conduit{ID: id, From: from, To: to, OneWay: oneWay, Via: via})
}

func (g *gen) dep(consumer, service string, need int, grace time.Duration, providers ...string) {
	g.m.Dependencies = append(g.m.Dependencies, graph.Dependency{
		Consumer: consumer, Providers: providers, Service: service, Need: need, GraceMS: grace.Milliseconds(),
	})
}

func (g *gen) feed(id, name, kind string, safety bool, source []string, via [][]string, to ...string) {
	g.m.Feeds = append(g.m.Feeds, graph.Feed{ID: id, Name: name, Kind: kind, Safety: safety, Source: source, Via: via, To: to})
}

func (g *gen) shared() {
	g.zone("ENT", "Enterprise IT", 4, "IT")
	g.zone("DMZ", "IT/OT DMZ", 3.5, "IT")
	g.asset("FW-ENT-1", "Enterprise firewall A", graph.KindFirewall, "IT", "ENT", "DMZ")
	g.asset("FW-ENT-2", "Enterprise firewall B", graph.KindFirewall, "IT", "ENT", "DMZ")
	g.asset("AD-ENT-1", "Corporate domain controller", graph.KindDomainController, "IT", "ENT")
	g.asset("RPT-1", "Reporting server", graph.KindServer, "IT", "ENT")
	g.asset("VGW-1", "Vendor remote access gateway", graph.KindVendorGateway, "Vendor", "DMZ")
	g.asset("JMP-1", "Jump host", graph.KindJumpHost, "IT", "DMZ")
	g.asset("HIST-DMZ", "Historian mirror", graph.KindHistorian, "IT", "DMZ")
	g.conduit("ENT-DMZ", "ENT", "DMZ", false, "FW-ENT-1", "FW-ENT-2")
	g.dep("JMP-1", "auth", 1, 8*time.Hour, "AD-ENT-1")
	g.dep("RPT-1", "data", 1, 24*time.Hour, "HIST-DMZ")
	g.feed("F-RPT", "Historian mirror to reporting", graph.FeedView, false, []string{"HIST-DMZ"}, nil, "RPT-1")
}

// site adds one plant of about n assets.
func (g *gen) site(s, n int) {
	p := func(format string, args ...any) string { return fmt.Sprintf("S%d-", s) + fmt.Sprintf(format, args...) }
	ops, ctrl, sis := p("OPS"), p("CTRL"), p("SIS")
	g.zone(ops, fmt.Sprintf("Site %d operations", s), 3, "OT")
	g.zone(ctrl, fmt.Sprintf("Site %d control room", s), 2, "OT")
	g.zone(sis, fmt.Sprintf("Site %d safety system", s), 1, "Safety")

	fw1, fw2, fwc, diode := p("FW-1"), p("FW-2"), p("FW-C"), p("DIODE")
	g.asset(fw1, "DMZ firewall A", graph.KindFirewall, "OT", "DMZ", ops)
	g.asset(fw2, "DMZ firewall B", graph.KindFirewall, "OT", "DMZ", ops)
	g.asset(fwc, "Control firewall", graph.KindFirewall, "OT", ops, ctrl)
	g.asset(diode, "Historian data diode", graph.KindDataDiode, "OT", ops, "DMZ")
	g.conduit(p("DMZ-OPS"), "DMZ", ops, false, fw1, fw2)
	g.conduit(p("OPS-DMZ-DIODE"), ops, "DMZ", true, diode)
	g.conduit(p("OPS-CTRL"), ops, ctrl, false, fwc)
	g.conduit(p("CTRL-SIS"), ctrl, sis, false)

	dc1, dc2, sc1, sc2 := p("DC-1"), p("DC-2"), p("SCADA-1"), p("SCADA-2")
	hist, lic, ntp, ews := p("HIST"), p("LIC"), p("NTP"), p("EWS")
	g.asset(dc1, "Domain controller A", graph.KindDomainController, "OT", ops)
	g.asset(dc2, "Domain controller B", graph.KindDomainController, "OT", ops)
	g.asset(sc1, "SCADA server A", graph.KindSCADAServer, "OT", ops)
	g.asset(sc2, "SCADA server B", graph.KindSCADAServer, "OT", ops)
	g.asset(hist, "Process historian", graph.KindHistorian, "OT", ops)
	g.asset(lic, "License server", graph.KindServer, "Vendor", ops)
	g.asset(ntp, "Time server", graph.KindNTP, "OT", ops)
	g.asset(ews, "Engineering workstation", graph.KindEngineeringStation, "OT", ops)
	for _, sc := range []string{sc1, sc2} {
		g.dep(sc, "license", 1, 36*time.Hour, lic)
		g.dep(sc, "auth", 1, 8*time.Hour, dc1, dc2)
		g.dep(sc, "time", 1, 72*time.Hour, ntp)
	}
	g.dep(dc1, "time", 1, 72*time.Hour, ntp)
	g.dep(dc2, "time", 1, 72*time.Hour, ntp)
	g.dep(ews, "remote-access", 1, 0, p("FW-1")) // a deliberate oddity: access through a firewall
	g.dep(hist, "auth", 1, 8*time.Hour, dc1, dc2)
	g.feed(p("F-MIRROR"), "Historian to DMZ mirror", graph.FeedView, false, []string{hist}, nil, "HIST-DMZ")

	rest := n - 17
	hmis := rest / 25
	if hmis < 2 {
		hmis = 2
	}
	sisN := rest / 50
	if sisN < 1 {
		sisN = 1
	}
	plcs := rest - hmis - sisN
	if plcs < 1 {
		plcs = 1
	}
	hmiIDs := make([]string, hmis)
	for i := range hmiIDs {
		hmiIDs[i] = p("HMI-%d", i+1)
		g.asset(hmiIDs[i], fmt.Sprintf("Operator station %d", i+1), graph.KindOperatorStation, "OT", ctrl)
		g.dep(hmiIDs[i], "auth", 1, 8*time.Hour, dc1, dc2)
		g.dep(hmiIDs[i], "data", 1, 0, sc1, sc2)
	}
	const perCell = 40
	cells := (plcs + perCell - 1) / perCell
	for c := 1; c <= cells; c++ {
		cell := p("CELL-%d", c)
		g.zone(cell, fmt.Sprintf("Site %d cell %d", s, c), 1, "OT")
		g.conduit(p("OPS-CELL-%d", c), ops, cell, false)
	}
	for i := 0; i < plcs; i++ {
		id := p("PLC-%d", i+1)
		cell := p("CELL-%d", i/perCell+1)
		g.asset(id, fmt.Sprintf("PLC %d", i+1), graph.KindPLC, "OT", cell)
		a, b := hmiIDs[g.rng.Intn(hmis)], hmiIDs[g.rng.Intn(hmis)]
		to := []string{a, hist}
		if b != a {
			to = append(to, b)
		}
		if i%2 == 0 {
			g.feed(p("F-PLC-%d", i+1), fmt.Sprintf("PLC %d telemetry", i+1), graph.FeedView, false,
				[]string{id}, [][]string{{sc1, sc2}}, to...)
		}
		if i%5 == 0 {
			g.feed(p("C-PLC-%d", i+1), fmt.Sprintf("PLC %d setpoints", i+1), graph.FeedControl, false,
				[]string{sc1, sc2}, nil, id)
		}
		if i%3 == 0 {
			g.dep(id, "time", 1, 72*time.Hour, ntp)
		}
	}
	for i := 0; i < sisN; i++ {
		id := p("SIS-%d", i+1)
		g.asset(id, fmt.Sprintf("Safety controller %d", i+1), graph.KindSIS, "Safety", sis)
		g.m.Assets[len(g.m.Assets)-1].Safety = true
		g.feed(p("F-SIS-%d", i+1), fmt.Sprintf("SIS %d trip status", i+1), graph.FeedView, true,
			[]string{id}, nil, hmiIDs[i%hmis], hmiIDs[(i+1)%hmis])
	}
}
