// Package synth generates realistic synthetic site models, for trials,
// benchmarks and large-site tests. The same arguments give the same model.
//
// A model is an enterprise zone (ENT, Purdue level 4) and IT/OT DMZ (DMZ,
// 3.5) shared by all sites, joined by one conduit through a firewall pair.
// ENT holds the corporate domain controller pair (AD-ENT-1, AD-ENT-2), a
// reporting server (RPT-1) and an HSE dashboard (HSE-1); the DMZ the vendor
// gateway (VGW-1), the jump host (JMP-1), an upstream patch server and the
// historian mirror (HIST-DMZ) with its standby (HIST-DMZ-2). Each site
// has ids prefixed S<n>- and these zones:
//
//	OPS      3    site operations: domain controller pair (DC-1, DC-2),
//	              historian (HIST), MES, license server (LIC), time server
//	              (NTP), patch server (WSUS), engineering workstations (EWS-n)
//	CTRL     2    control room: SCADA server pair (SCADA-1, SCADA-2),
//	              operator stations (HMI-n), a control-network time server
//	              (NTP-2) that takes its time from NTP
//	CELL-n   1    process cells of up to 40 PLCs, DCS controllers or, in
//	              substations, IEDs, each joined to CTRL by two conduits
//	              (LAN A and B, through switches SW-n-A and SW-n-B)
//	SIS      1    safety controllers (SIS-n), behind a safety firewall
//	RTU      1    remote stations (RTU-n), over a primary WAN router (RTR-A)
//	              and a cellular backup (RTR-B)
//
// The DMZ reaches OPS through a firewall pair (FW-1, FW-2), and the
// historian's mirror feed crosses a data diode (DIODE) on a one-way conduit;
// OPS reaches CTRL through two conduits, each through its own firewall
// (FW-C-1, FW-C-2).
//
// Operator stations, SCADA servers, the historian, the MES and engineering
// workstations authenticate against the DC pair with cached credentials
// (8h to 3d). Operator stations, engineering workstations and the
// historian hold licenses from LIC, with 7 to 30 days of grace. The
// historian, the MES,
// NTP-2 and a third of the cell devices and every RTU (through NTP-2) need
// time, with one to three days of drift allowed. The historian buffers 2h
// to 24h of the SCADA servers' data, the MES 4h to 24h of the historian's.
// Every cell device sends telemetry through either SCADA server to its
// area's operator stations and the historian, a tenth take setpoints from
// the area's first operator station; RTUs are monitored and commanded the
// same way; SIS trip status goes to two operator stations as safety feeds;
// the vendor reaches the first engineering workstation through VGW-1 and
// JMP-1. No single asset but a pair's own members stands behind both
// members of a redundant pair, so redundancy holds unless a planted flaw
// says otherwise; the license and time servers are single points of
// failure that many things need. Isolating the DMZ costs the sites their
// mirror, vendor access and, after 30 days, patches, but no operations.
// With no action, nothing is lost or degraded.
//
// Each model also holds deliberate design flaws for validate to find (see
// Flaws). In the shared zones, reporting's redundant historian mirrors sit
// behind the one enterprise conduit (FLAW-MIRROR-PAIR, found by cutting
// ENT-DMZ). Site 1 holds every kind of site flaw below, each other site
// about a third of them, in turn:
//
//	S<n>-FLAW-SAME-VIA         false redundancy: both WAN links to the RTUs
//	                           end on RTR-A, so shutting it down takes both
//	                           SCADA servers from the RTUs
//	S<n>-FLAW-DEPENDS-ON-PEER  false redundancy: DC-2 needs DC-1 for DNS
//	S<n>-FLAW-CYCLE            dependency cycle: HIST needs MES needs HIST
//	S<n>-FLAW-NO-LEVEL         zone without a level: LAB, an engineering lab
//	S<n>-FLAW-SKIPS-LEVELS     conduit ENT-CTRL from level 4 to level 2
//	S<n>-FLAW-BYPASSES-DMZ     conduit ENT-OPS from level 4 to level 3
//	S<n>-FLAW-SAFETY-IT        safety feed F-SIS-HSE ends in ENT
//	S<n>-FLAW-MULTI-HOMED      EWS-1 sits in OPS and CTRL
//
// None of them loses anything with no action, and the model loads without
// warnings, so two kinds of validate's findings are never planted: an
// unknown kind (the importers warn about one) and an asset in no zone that
// others need (it reaches nothing, so what needs it is lost with no action).
package synth

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/otimpact/otimpact/graph"
)

// Sizes of a model.
const (
	// SharedAssets is how many assets the enterprise zone and DMZ hold.
	SharedAssets = 11
	// MinSiteAssets is the fewest assets a site is made of.
	MinSiteAssets = 50
	// AssetsPerSite is the site size DefaultSites aims for.
	AssetsPerSite = 5000
)

// DefaultSites is how many sites a model of n assets has unless told.
func DefaultSites(n int) int { return n/AssetsPerSite + 1 }

// MinAssets is the fewest assets a model of the given number of sites has.
func MinAssets(sites int) int { return SharedAssets + sites*MinSiteAssets }

// Generate builds a model of n assets over the given number of sites
// (exactly n when n >= MinAssets(sites), else each site has MinSiteAssets).
// The model is not resolved.
func Generate(n, sites int, seed int64) *graph.Model {
	pl := newPlan(n, sites, seed)
	m := &graph.Model{Source: pl.source()}
	pl.run(false, func(part *graph.Model) error {
		m.Assets = append(m.Assets, part.Assets...)
		m.Zones = append(m.Zones, part.Zones...)
		m.Conduits = append(m.Conduits, part.Conduits...)
		m.Dependencies = append(m.Dependencies, part.Dependencies...)
		m.Feeds = append(m.Feeds, part.Feeds...)
		m.Scenarios = append(m.Scenarios, part.Scenarios...)
		return nil
	})
	return m
}

// Stream makes the model Generate makes and hands it to emit in parts, in
// order — the shared zones, each site, the scenarios — so that it can be
// written without being held whole. Sites are generated concurrently; emit
// is called from one goroutine at a time and must not keep the part, whose
// storage is reused. An error from emit stops the stream and is returned.
func Stream(n, sites int, seed int64, emit func(part *graph.Model) error) error {
	return newPlan(n, sites, seed).run(true, emit)
}

// plan is how a model's assets are spread over its sites.
type plan struct {
	n, sites int
	seed     int64
	per      int // assets of each site
	extra    int // the first extra sites have one more
}

func newPlan(n, sites int, seed int64) plan {
	sites = max(sites, 1)
	per, extra := (n-SharedAssets)/sites, (n-SharedAssets)%sites
	if per < MinSiteAssets {
		per, extra = MinSiteAssets, 0
	}
	return plan{n: n, sites: sites, seed: seed, per: per, extra: extra}
}

func (pl plan) source() string {
	return "synthetic site (" + strconv.Itoa(pl.n) + " assets, " + strconv.Itoa(pl.sites) + " sites, seed " + strconv.FormatInt(pl.seed, 10) + ")"
}

func (pl plan) siteAssets(s int) int {
	if s <= pl.extra {
		return pl.per + 1
	}
	return pl.per
}

// prefix is what the ids of site s begin with.
func prefix(s int) string { return "S" + strconv.Itoa(s) + "-" }

// part collects the rows of one part of a model.
type part struct {
	m   graph.Model
	buf []byte
}

func (g *part) reset() {
	m := &g.m
	m.Assets, m.Zones, m.Conduits = m.Assets[:0], m.Zones[:0], m.Conduits[:0]
	m.Dependencies, m.Feeds, m.Scenarios = m.Dependencies[:0], m.Feeds[:0], m.Scenarios[:0]
}

func (g *part) zone(id, name string, level float64, owner string) {
	g.m.Zones = append(g.m.Zones, graph.Zone{ID: id, Name: name, Level: level, Owner: owner})
}

func (g *part) asset(id, name, kind, owner string, zones []string) *graph.Asset {
	g.m.Assets = append(g.m.Assets, graph.Asset{ID: id, Name: name, Kind: kind, Owner: owner, Zones: zones})
	return &g.m.Assets[len(g.m.Assets)-1]
}

func (g *part) conduit(id, from, to string, oneWay bool, via ...string) {
	g.m.Conduits = append(g.m.Conduits, graph.Conduit{ID: id, From: from, To: to, OneWay: oneWay, Via: via})
}

func (g *part) dep(consumer, service string, grace time.Duration, providers []string) {
	g.m.Dependencies = append(g.m.Dependencies, graph.Dependency{
		Consumer: consumer, Providers: providers, Service: service, GraceMS: grace.Milliseconds(),
	})
}

func (g *part) feed(id, name, kind string, source []string, via [][]string, to []string) *graph.Feed {
	g.m.Feeds = append(g.m.Feeds, graph.Feed{ID: id, Name: name, Kind: kind, Source: source, Via: via, To: to})
	return &g.m.Feeds[len(g.m.Feeds)-1]
}

// id is a string of pieces and a number: id("S1-", "PLC-", 7) is "S1-PLC-7".
func (g *part) id(p, kind string, n int) string {
	g.buf = append(append(append(g.buf[:0], p...), kind...), "-"...)
	g.buf = strconv.AppendInt(g.buf, int64(n), 10)
	return string(g.buf)
}

// join is a name of pieces and a number: join("Tank farm", " PLC ", 7).
func (g *part) join(a, b string, n int) string {
	g.buf = append(append(g.buf[:0], a...), b...)
	g.buf = strconv.AppendInt(g.buf, int64(n), 10)
	return string(g.buf)
}

func list(ids ...string) []string { return ids }

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// shared adds the enterprise zone and DMZ.
func (g *part) shared() {
	g.zone("ENT", "Enterprise IT", 4, "IT")
	g.zone("DMZ", "IT/OT DMZ", 3.5, "IT")
	ent, dmz, both := list("ENT"), list("DMZ"), list("ENT", "DMZ")
	g.asset("FW-ENT-1", "Enterprise firewall A", graph.KindFirewall, "IT", both)
	g.asset("FW-ENT-2", "Enterprise firewall B", graph.KindFirewall, "IT", both)
	g.asset("AD-ENT-1", "Corporate domain controller A", graph.KindDomainController, "IT", ent)
	g.asset("AD-ENT-2", "Corporate domain controller B", graph.KindDomainController, "IT", ent)
	g.asset("RPT-1", "Production reporting server", graph.KindServer, "IT", ent)
	g.asset("HSE-1", "Corporate HSE dashboard", graph.KindServer, "IT", ent)
	g.asset("WSUS-DMZ", "Upstream patch server", graph.KindServer, "IT", dmz)
	g.asset("VGW-1", "Vendor remote access gateway", graph.KindVendorGateway, "Vendor", dmz)
	g.asset("JMP-1", "Jump host", graph.KindJumpHost, "IT", dmz)
	g.asset("HIST-DMZ", "Historian mirror", graph.KindHistorian, "IT", dmz)
	g.asset("HIST-DMZ-2", "Historian mirror standby", graph.KindHistorian, "IT", dmz)
	g.conduit("ENT-DMZ", "ENT", "DMZ", false, "FW-ENT-1", "FW-ENT-2")
	ads := list("AD-ENT-1", "AD-ENT-2")
	g.dep("RPT-1", "auth", 12*hour, ads)
	g.dep("HSE-1", "auth", 12*hour, ads)
	g.dep("JMP-1", "auth", 8*hour, list("AD-ENT-1"))
	g.dep("VGW-1", "auth", hour, list("AD-ENT-1"))
	g.dep("RPT-1", "data", day, list("HIST-DMZ", "HIST-DMZ-2")) // FLAW-MIRROR-PAIR
	g.feed("F-RPT", "Historian mirror to reporting", graph.FeedView, list("HIST-DMZ"), nil, list("RPT-1"))
	g.feed("F-MIRROR-STANDBY", "Historian mirror to its standby", graph.FeedView, list("HIST-DMZ"), nil, list("HIST-DMZ-2"))
}

// scenarios adds what-if scenarios on the shared zones and site 1.
func (g *part) scenarios() {
	add := func(name string, actions ...graph.Action) {
		g.m.Scenarios = append(g.m.Scenarios, graph.Scenario{Name: name, Actions: actions})
	}
	act := func(v graph.Verb, target string) graph.Action { return graph.Action{Verb: v, Target: target} }
	add("Isolate IT from OT", act(graph.Isolate, "zone:DMZ"))
	add("Vendor access off", act(graph.Shutdown, "asset:VGW-1"), act(graph.Shutdown, "asset:JMP-1"))
	add("Site 1 time server fails", act(graph.Shutdown, "asset:S1-NTP"))
	add("Site 1 domain controllers down", act(graph.Shutdown, "asset:S1-DC-1"), act(graph.Shutdown, "asset:S1-DC-2"))
	add("Isolate site 1 control room", act(graph.Isolate, "zone:S1-CTRL"))
	add("Cut site 1 from the DMZ", act(graph.Cut, "conduit:S1-DMZ-OPS"), act(graph.Cut, "conduit:S1-OPS-DMZ-DIODE"))
}

// Process areas, for names.
var areas = []string{
	"Crude unit", "Boiler house", "Cooling water", "Tank farm", "Compressor station",
	"Water treatment", "Flare system", "Separator train", "Utilities", "Loading bay",
	"Pump house", "Blending", "Packaging line", "Effluent treatment", "Steam system",
}

// Choices of grace times.
var (
	cachedCredentials = []time.Duration{8 * hour, 12 * hour, day, 2 * day, 3 * day}
	licenseGrace      = []time.Duration{7 * day, 14 * day, 30 * day}
	timeDrift         = []time.Duration{day, 2 * day, 3 * day}
)

func pick(rng *rand.Rand, l []time.Duration) time.Duration { return l[rng.IntN(len(l))] }

// layout is how a site's assets are spread over its roles.
type layout struct {
	flaws                uint
	ews, hmis, sis, rtus int
	cells, devices       int
	fixed                int
}

// siteFixed is how many assets every site has besides those counted in its
// layout; the LAB zone adds two.
const siteFixed = 18

func newLayout(s, assets int) layout {
	l := layout{flaws: flawsOf(s), fixed: siteFixed}
	if l.flaws&flawNoLevel != 0 {
		l.fixed += 2
	}
	rest := assets - l.fixed
	l.hmis = max(2, rest/25)
	l.ews = max(1, rest/400)
	l.sis = max(1, rest/100)
	l.rtus = max(1, rest/200)
	inCells := rest - l.hmis - l.ews - l.sis - l.rtus
	l.cells = (inCells + 41) / 42 // two switches and up to 40 devices a cell
	l.devices = inCells - 2*l.cells
	return l
}

// Kinds of the devices of cell c (from 0): most cells hold PLCs, some a
// DCS's controllers, some an electrical substation's IEDs.
func cellKind(c int) (kind, code, noun, owner string) {
	switch c % 7 {
	case 3:
		return graph.KindController, "DCS", " DCS controller ", "OT"
	case 6:
		return graph.KindIED, "IED", " protection relay ", "Electrical"
	}
	return graph.KindPLC, "PLC", " PLC ", "OT"
}

// site adds site s of the given number of assets.
func (g *part) site(s, assets int, seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(s)))
	l := newLayout(s, assets)
	flaw := func(bit uint) bool { return l.flaws&bit != 0 }
	p := prefix(s)
	id := func(name string) string { return p + name }
	site := "Site " + strconv.Itoa(s) + " "
	ops, ctrl, sisZ, rtuZ := id("OPS"), id("CTRL"), id("SIS"), id("RTU")
	g.zone(ops, site+"operations", 3, "OT")
	g.zone(ctrl, site+"control room", 2, "OT")
	g.zone(sisZ, site+"safety systems", 1, "Safety")
	g.zone(rtuZ, site+"remote stations", 1, "OT")
	cellZones := make([][]string, l.cells) // each cell's zone as an asset's zone list
	for c := range l.cells {
		cz := g.id(p, "CELL", c+1)
		_, _, _, owner := cellKind(c)
		g.zone(cz, site+"cell "+strconv.Itoa(c+1)+": "+areas[c%len(areas)], 1, owner)
		cellZones[c] = list(cz)
	}
	lab := id("LAB")
	if flaw(flawNoLevel) {
		g.zone(lab, site+"engineering lab", graph.NoLevel, "OT")
	}

	// Site operations, and the boundaries of the site.
	inOps, inCtrl := list(ops), list(ctrl)
	dmzOps, opsCtrl := list("DMZ", ops), list(ops, ctrl)
	fw1, fw2, diode, fwc1, fwc2 := id("FW-1"), id("FW-2"), id("DIODE"), id("FW-C-1"), id("FW-C-2")
	g.asset(fw1, "DMZ firewall A", graph.KindFirewall, "OT", dmzOps)
	g.asset(fw2, "DMZ firewall B", graph.KindFirewall, "OT", dmzOps)
	g.asset(diode, "Historian data diode", graph.KindDataDiode, "OT", list(ops, "DMZ"))
	g.asset(fwc1, "Control firewall, LAN A", graph.KindFirewall, "OT", opsCtrl)
	g.asset(fwc2, "Control firewall, LAN B", graph.KindFirewall, "OT", opsCtrl)
	dc1, dc2, hist, mes := id("DC-1"), id("DC-2"), id("HIST"), id("MES")
	lic, ntp, wsus := id("LIC"), id("NTP"), id("WSUS")
	g.asset(dc1, "Domain controller A", graph.KindDomainController, "OT", inOps)
	g.asset(dc2, "Domain controller B", graph.KindDomainController, "OT", inOps)
	g.asset(hist, "Process historian", graph.KindHistorian, "OT", inOps)
	g.asset(mes, "Manufacturing execution system", graph.KindServer, "OT", inOps)
	g.asset(lic, "License server", graph.KindServer, "Vendor", inOps)
	g.asset(ntp, "Time server", graph.KindNTP, "OT", inOps)
	g.asset(wsus, "Patch server", graph.KindServer, "OT", inOps)
	ews := make([]string, l.ews)
	for i := range ews {
		ews[i] = g.id(p, "EWS", i+1)
		zones := inOps
		if i == 0 && flaw(flawMultiHomed) {
			zones = opsCtrl
		}
		g.asset(ews[i], g.join("Engineering workstation", " ", i+1), graph.KindEngineeringStation, "OT", zones)
	}

	// The control room.
	sc1, sc2, ntp2, fwSIS, rtrA, rtrB := id("SCADA-1"), id("SCADA-2"), id("NTP-2"), id("FW-SIS"), id("RTR-A"), id("RTR-B")
	g.asset(sc1, "SCADA server A", graph.KindSCADAServer, "OT", inCtrl)
	g.asset(sc2, "SCADA server B", graph.KindSCADAServer, "OT", inCtrl)
	g.asset(ntp2, "Control network time server", graph.KindNTP, "OT", inCtrl)
	g.asset(fwSIS, "Safety firewall", graph.KindFirewall, "Safety", list(ctrl, sisZ))
	g.asset(rtrA, "WAN router, primary", graph.KindRouter, "OT", list(ctrl, rtuZ))
	g.asset(rtrB, "WAN router, cellular backup", graph.KindRouter, "OT", list(ctrl, rtuZ))
	hmis := make([]string, l.hmis)
	for i := range hmis {
		hmis[i] = g.id(p, "HMI", i+1)
		g.asset(hmis[i], g.join("Operator station", " ", i+1), graph.KindOperatorStation, "OT", inCtrl)
	}
	// consoles are the operator stations of an area: the first, where
	// setpoints come from, and the consumers of its telemetry.
	consoles := func(c int) (first, to []string) {
		a, b := hmis[(2*c)%len(hmis)], hmis[(2*c+1)%len(hmis)]
		return list(a), list(a, b, hist)
	}

	// Safety systems and remote stations.
	sisIDs := make([]string, l.sis)
	inSIS := list(sisZ)
	for i := range sisIDs {
		sisIDs[i] = g.id(p, "SIS", i+1)
		name := "Emergency shutdown controller"
		if i%4 == 3 {
			name = "Fire and gas controller"
		}
		g.asset(sisIDs[i], g.join(name, " ", i+1), graph.KindSIS, "Safety", inSIS).Safety = true
	}
	rtus := make([]string, l.rtus)
	inRTU := list(rtuZ)
	for i := range rtus {
		rtus[i] = g.id(p, "RTU", i+1)
		g.asset(rtus[i], g.join("Remote station", " RTU ", i+1), graph.KindRTU, "OT", inRTU)
	}

	// The cells: switches first, then devices.
	for c := range l.cells {
		n, zones := strconv.Itoa(c+1), list(ctrl, cellZones[c][0])
		g.asset(p+"SW-"+n+"-A", "Cell switch, LAN A", graph.KindSwitch, "OT", zones)
		g.asset(p+"SW-"+n+"-B", "Cell switch, LAN B", graph.KindSwitch, "OT", zones)
	}
	type device struct{ id, name string }
	devices := make([]device, 0, l.devices)
	cellOf := make([]int32, 0, l.devices)
	var counts [3]int
	for c := range l.cells {
		n := l.devices / l.cells
		if c < l.devices%l.cells {
			n++
		}
		kind, code, noun, owner := cellKind(c)
		k := 0
		switch kind {
		case graph.KindController:
			k = 1
		case graph.KindIED:
			k = 2
		}
		for range n {
			counts[k]++
			d := device{g.id(p, code, counts[k]), g.join(areas[c%len(areas)], noun, counts[k])}
			g.asset(d.id, d.name, kind, owner, cellZones[c])
			devices = append(devices, d)
			cellOf = append(cellOf, int32(c))
		}
	}
	if flaw(flawNoLevel) {
		g.asset(id("EWS-LAB"), "Lab engineering workstation", graph.KindEngineeringStation, "OT", list(lab))
		g.asset(id("PLC-LAB"), "Lab test PLC", graph.KindPLC, "OT", list(lab))
	}

	// Conduits.
	g.conduit(id("DMZ-OPS"), "DMZ", ops, false, fw1, fw2)
	g.conduit(id("OPS-DMZ-DIODE"), ops, "DMZ", true, diode)
	g.conduit(id("OPS-CTRL-A"), ops, ctrl, false, fwc1)
	g.conduit(id("OPS-CTRL-B"), ops, ctrl, false, fwc2)
	g.conduit(id("CTRL-SIS"), ctrl, sisZ, false, fwSIS)
	g.conduit(id("CTRL-RTU-A"), ctrl, rtuZ, false, rtrA)
	if flaw(flawSameVia) {
		g.conduit(id("CTRL-RTU-B"), ctrl, rtuZ, false, rtrA)
	} else {
		g.conduit(id("CTRL-RTU-B"), ctrl, rtuZ, false, rtrB)
	}
	for c := range l.cells {
		n := strconv.Itoa(c + 1)
		g.conduit(p+"CTRL-CELL-"+n+"-A", ctrl, cellZones[c][0], false, p+"SW-"+n+"-A")
		g.conduit(p+"CTRL-CELL-"+n+"-B", ctrl, cellZones[c][0], false, p+"SW-"+n+"-B")
	}
	if flaw(flawNoLevel) {
		g.conduit(id("OPS-LAB"), ops, lab, false, fwc1)
	}
	if flaw(flawSkipsLevels) {
		g.conduit(id("ENT-CTRL"), "ENT", ctrl, false)
	}
	if flaw(flawBypassesDMZ) {
		g.conduit(id("ENT-OPS"), "ENT", ops, false, fw1, fw2)
	}

	// Dependencies. No single asset but the pair's own members stands
	// behind both members of a redundant pair: the DCs and SCADA servers
	// hold their own time and node-locked licenses.
	dcs, scadas := list(dc1, dc2), list(sc1, sc2)
	onLIC, onNTP, onNTP2 := list(lic), list(ntp), list(ntp2)
	license := pick(rng, licenseGrace)
	if flaw(flawDependsOnPeer) {
		g.dep(dc2, "dns", hour, list(dc1))
	}
	for _, sc := range scadas {
		g.dep(sc, "auth", pick(rng, cachedCredentials), dcs)
	}
	g.dep(ntp2, "time", day, onNTP) // holdover of the control network's clock
	g.dep(hist, "auth", pick(rng, cachedCredentials), dcs)
	g.dep(hist, "license", license, onLIC)
	g.dep(hist, "time", pick(rng, timeDrift), onNTP)
	g.dep(hist, "data", time.Duration(2+rng.IntN(23))*hour, scadas) // the collectors' buffer
	if flaw(flawCycle) {
		g.dep(hist, "batch", day, list(mes))
	}
	g.dep(mes, "auth", pick(rng, cachedCredentials), dcs)
	g.dep(mes, "data", time.Duration(4+rng.IntN(21))*hour, list(hist))
	g.dep(mes, "time", pick(rng, timeDrift), onNTP)
	g.dep(wsus, "patch", 30*day, list("WSUS-DMZ"))
	for _, e := range ews {
		g.dep(e, "auth", pick(rng, cachedCredentials), dcs)
		g.dep(e, "license", license, onLIC)
	}
	for _, h := range hmis {
		g.dep(h, "auth", pick(rng, cachedCredentials), dcs)
		g.dep(h, "data", 0, scadas)
		g.dep(h, "license", license, onLIC)
	}
	if flaw(flawNoLevel) {
		g.dep(id("EWS-LAB"), "license", license, onLIC)
	}

	// Feeds.
	throughSCADA := [][]string{scadas}
	g.feed(id("F-MIRROR"), "Historian to DMZ mirror", graph.FeedView, list(hist), [][]string{{diode}}, list("HIST-DMZ"))
	g.feed(id("V-EWS"), "Vendor remote session to engineering workstation", graph.FeedControl,
		list("VGW-1"), [][]string{{"JMP-1"}}, list(ews[0])).Owner = "Vendor"
	for i, d := range devices {
		first, to := consoles(int(cellOf[i]))
		if rng.IntN(2) == 0 {
			to = to[1:] // only one of the area's operator stations shows it
		}
		g.feed(p+"F-"+d.id[len(p):], d.name+" telemetry", graph.FeedView, list(d.id), throughSCADA, to)
		if rng.IntN(10) == 0 {
			g.feed(p+"C-"+d.id[len(p):], d.name+" setpoints", graph.FeedControl, first, throughSCADA, list(d.id))
		}
		if rng.IntN(3) == 0 {
			g.dep(d.id, "time", pick(rng, timeDrift), onNTP2)
		}
	}
	rtuFirst, rtuTo := list(hmis[0]), list(hmis[0], hmis[1], hist)
	for _, r := range rtus {
		g.feed(p+"F-"+r[len(p):], "Remote station "+r[len(p)+4:]+" telemetry", graph.FeedView, list(r), throughSCADA, rtuTo)
		g.feed(p+"C-"+r[len(p):], "Remote station "+r[len(p)+4:]+" commands", graph.FeedControl, rtuFirst, throughSCADA, list(r))
		g.dep(r, "time", pick(rng, timeDrift), onNTP2)
	}
	for i, x := range sisIDs {
		_, to := consoles(i % l.cells)
		f := g.feed(p+"F-"+x[len(p):], g.join("SIS", " trip status ", i+1), graph.FeedView, list(x), nil, to[:2])
		f.Safety, f.Owner = true, "Safety"
	}
	if flaw(flawSafetyIT) {
		f := g.feed(id("F-SIS-HSE"), "SIS trip and bypass status to the HSE dashboard", graph.FeedView,
			list(sisIDs[0]), [][]string{{sc1}, {hist}, {"HIST-DMZ"}}, list("HSE-1"))
		f.Safety, f.Owner = true, "Safety"
	}
	if flaw(flawNoLevel) {
		g.feed(id("F-PLC-LAB"), "Lab test PLC telemetry", graph.FeedView, list(id("PLC-LAB")), nil, list(id("EWS-LAB")))
	}
}
