package discover

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// Report says what discovery read and what it proposes.
type Report struct {
	Files []*FileStats
	// Addresses counts the distinct addresses seen; Excluded lists those
	// that name no host, by reason.
	Addresses int
	Excluded  []Excluded
	// Assets counts the model's assets, inventory included; Seen those
	// seen in the logs, New those of them the inventory lacks, Unseen the
	// inventory's assets not seen.
	Assets, Seen, New, Unseen int
	// Unknown lists the seen assets whose kind nothing tells (kind unknown).
	Unknown []string
	// Unzoned lists the assets put in UnzonedZone.
	Unzoned []string
	// Proposals made, and those the inventory already had.
	Zones, Dependencies, ViewFeeds, ControlFeeds, Conduits int
	AlreadyInInventory                                     int
	// Unanswered counts host pairs with nothing but unanswered connection
	// attempts; Sparse those left out under MinConnections.
	Unanswered, Sparse int
	// Warnings are things the engineer should look at.
	Warnings []string
}

// Excluded are addresses that are no assets, and why.
type Excluded struct {
	Reason string
	Addrs  []string
}

// pairKey is a client and a server: the two ends of a relationship.
type pairKey struct{ client, server hostID }

// pair gathers what passed between a client and a server.
type pair struct {
	flows    []flowKey
	ics      []icsKey
	conns    int64 // connection lines, answered or not
	carried  int64 // connections that carried traffic
	requests int64 // protocol log requests
	// twoWay is true when the server answered: a connection was answered,
	// or only a protocol log shows the pair (its analyser saw the exchange).
	twoWay bool
}

// observed is how many times the pair was seen talking, for
// MinConnections: connections that carried traffic, or, for a pair that
// only a protocol log shows, its requests.
func (p *pair) observed() int64 {
	if p.conns > 0 {
		return p.carried
	}
	return p.requests
}

// hostView is what the kept pairs say about one address.
type hostView struct {
	excl      string
	zone      string
	zoneBasis string
	ev        *evidence
	answered  *evidence // the connections it answered, as a server
	peers     map[hostID]bool
	served    map[uint8]*served // by service index
	polls     map[hostID]bool   // field devices it polls
	clientOf  map[hostID]bool   // pollers it talks to on ports that name no service
}

// served is a service a host answered, and whom.
type served struct {
	clients map[hostID]bool
	conns   int64
	proto   uint8 // the transport it was first seen on
}

// fieldKey is a field device, the host that polls it, and the protocol.
type fieldKey struct {
	device, poller hostID
	svc            uint8
}

// guess is a kind guessed for an asset and why; a lower rank wins.
type guess struct {
	rank                    int
	kind, basis, confidence string
}

// assetInfo is what the logs say about an asset of the model.
type assetInfo struct {
	hosts []hostID
	ev    *evidence
	peers map[int]bool
	guess guess
	// kindSeen is true when the asset's kind is the guess: the inventory
	// gave none.
	kindSeen bool
}

type proposer struct {
	d   *Discoverer
	rep *Report
	m   *graph.Model

	hv      []hostView
	pairs   map[pairKey]*pair
	kept    []pairKey // the pairs proposals come from, sorted
	fields  map[fieldKey]*evidence
	dc      map[hostID]bool
	clients map[hostID][]hostID // a poller's clients, sorted

	assetOf   []int // by host; -1 for none
	info      map[int]*assetInfo
	assetIx   map[string]int
	inventory int // the first assets are the inventory's
	zoneIx    map[string]int
}

// Propose turns what was read into a site model: the inventory's, with
// the assets, zones, dependencies, feeds and conduits the traffic shows
// added, each row with its evidence. The model is resolved; an error means
// the proposals contradict the inventory.
func (d *Discoverer) Propose() (*graph.Model, *Report, error) {
	p := &proposer{
		d:       d,
		rep:     &Report{Files: d.files, Addresses: len(d.hosts.addrs)},
		m:       &graph.Model{Source: "otimpact discover"},
		pairs:   map[pairKey]*pair{},
		fields:  map[fieldKey]*evidence{},
		dc:      map[hostID]bool{},
		clients: map[hostID][]hostID{},
		info:    map[int]*assetInfo{},
		assetIx: map[string]int{},
		zoneIx:  map[string]int{},
	}
	p.classify()
	p.gatherPairs()
	p.roles()
	p.assets()
	p.kinds()
	p.zones()
	p.dependencies()
	p.feeds()
	p.conduits()
	p.describeAssets()
	p.finish()
	errs := p.m.Resolve(false)
	return p.m, p.rep, errs.Err()
}

// classify marks the addresses that are no hosts, and puts the others in
// zones.
func (p *proposer) classify() {
	subnets := p.d.opts.Subnets
	p.hv = make([]hostView, len(p.d.hosts.addrs))
	excluded := map[string][]netip.Addr{}
	for h, a := range p.d.hosts.addrs {
		v := &p.hv[h]
		v.excl = subnetExclusion(a, subnets)
		if v.excl != "" {
			excluded[v.excl] = append(excluded[v.excl], a)
			continue
		}
		v.ev, v.answered, v.peers = newEvidence(), newEvidence(), map[hostID]bool{}
		v.served, v.polls, v.clientOf = map[uint8]*served{}, map[hostID]bool{}, map[hostID]bool{}
		sn, ok := subnets.Lookup(a)
		switch {
		case ok:
			v.zone, v.zoneBasis = sn.Zone, "subnet "+sn.Prefix.String()
		case subnets.Len() == 0:
			v.zone, v.zoneBasis = UnzonedZone, "no subnets given"
		default:
			v.zone, v.zoneBasis = UnzonedZone, "in no subnet"
		}
		if !ok && a.Is4() && a.As4()[3] == 255 {
			p.warn("%s is in no subnet: if it is a broadcast address, give its subnet in the subnets file and it is left out", a)
		}
	}
	for _, why := range slices.Sorted(maps.Keys(excluded)) {
		addrs := excluded[why]
		slices.SortFunc(addrs, netip.Addr.Compare)
		e := Excluded{Reason: why}
		for _, a := range addrs {
			e.Addrs = append(e.Addrs, a.String())
		}
		p.rep.Excluded = append(p.rep.Excluded, e)
	}
}

func (p *proposer) warn(format string, args ...any) {
	p.rep.Warnings = append(p.rep.Warnings, fmt.Sprintf(format, args...))
}

func (p *proposer) host(h hostID) bool { return p.hv[h].excl == "" }

// gatherPairs groups flows and protocol log lines by client and server,
// and keeps the pairs seen often enough. Traffic to a broadcast or
// multicast address is evidence of its sender, but no pair.
func (p *proposer) gatherPairs() {
	get := func(c, s hostID) *pair {
		if c == s || !p.host(c) || !p.host(s) {
			return nil
		}
		k := pairKey{c, s}
		pr := p.pairs[k]
		if pr == nil {
			pr = &pair{}
			p.pairs[k] = pr
		}
		return pr
	}
	for k, i := range p.d.flowIx {
		if k.client != k.server && p.host(k.client) != p.host(k.server) {
			h := k.client
			if !p.host(h) {
				h = k.server
			}
			p.hv[h].ev.addFlow(k, &p.d.flows[i])
		}
		if pr := get(k.client, k.server); pr != nil {
			f := &p.d.flows[i]
			pr.flows = append(pr.flows, k)
			pr.conns += f.conns
			pr.carried += f.answered + f.oneWay
			pr.twoWay = pr.twoWay || f.answered > 0
		}
	}
	for k, s := range p.d.ics {
		if pr := get(k.client, k.server); pr != nil {
			pr.ics = append(pr.ics, k)
			pr.requests += s.requests
		}
	}
	for k, pr := range p.pairs {
		pr.twoWay = pr.twoWay || pr.conns == 0 && pr.requests > 0
		n := pr.observed()
		switch {
		case n >= int64(p.d.opts.MinConnections):
			p.kept = append(p.kept, k)
		case n == 0:
			p.rep.Unanswered++
		default:
			p.rep.Sparse++
		}
		slices.SortFunc(pr.flows, compareFlowKeys)
		slices.SortFunc(pr.ics, func(a, b icsKey) int { return cmp.Compare(a.proto, b.proto) })
	}
	slices.SortFunc(p.kept, p.comparePairs)
}

func compareFlowKeys(a, b flowKey) int {
	return cmp.Or(cmp.Compare(a.proto, b.proto), cmp.Compare(a.port, b.port))
}

func (p *proposer) comparePairs(a, b pairKey) int {
	addrs := p.d.hosts.addrs
	return cmp.Or(addrs[a.client].Compare(addrs[b.client]), addrs[a.server].Compare(addrs[b.server]))
}

// roles reads from the kept pairs what each host serves, whom it polls,
// and whose client it is. Every pair is evidence of its hosts.
func (p *proposer) roles() {
	for k, pr := range p.pairs {
		c, s := &p.hv[k.client], &p.hv[k.server]
		for _, fk := range pr.flows {
			f := &p.d.flows[p.d.flowIx[fk]]
			c.ev.addFlow(fk, f)
			s.ev.addFlow(fk, f)
		}
		for _, ik := range pr.ics {
			c.ev.addICS(ik, p.d.ics[ik])
			s.ev.addICS(ik, p.d.ics[ik])
		}
	}
	for _, k := range p.kept {
		pr := p.pairs[k]
		c, s := &p.hv[k.client], &p.hv[k.server]
		c.peers[k.server], s.peers[k.client] = true, true
		for _, fk := range pr.flows {
			f := &p.d.flows[p.d.flowIx[fk]]
			if f.answered > 0 && (fk.proto == protoTCP || fk.proto == protoUDP) {
				s.answered.addFlow(fk, f)
			}
			idx := serviceIndex(fk.proto, fk.port)
			if f.answered+f.oneWay == 0 || fk.port == 0 || idx == 0 {
				continue
			}
			if f.answered > 0 {
				p.serve(k, idx, fk.proto, f.answered)
			}
			if services[idx-1].class == classField {
				p.field(fieldKey{k.server, k.client, idx}).addFlow(fk, f)
				c.polls[k.server] = true
			}
		}
		for _, ik := range pr.ics {
			st := p.d.ics[ik]
			idx := serviceIndex(protoTCP, icsPorts[ik.proto])
			p.serve(k, idx, protoTCP, 0)
			p.field(fieldKey{k.server, k.client, idx}).addICS(ik, st)
			c.polls[k.server] = true
		}
	}
	// A poller's clients: hosts that talk to it on ports that name no
	// service (a SCADA server's own client protocol), field devices aside.
	for _, k := range p.kept {
		poller := &p.hv[k.server]
		if len(poller.polls) == 0 || p.servesField(k.client) {
			continue
		}
		for _, fk := range p.pairs[k].flows {
			f := &p.d.flows[p.d.flowIx[fk]]
			if fk.port == 0 && (fk.proto == protoTCP || fk.proto == protoUDP) && f.answered > 0 {
				p.clients[k.server] = append(p.clients[k.server], k.client)
				p.hv[k.client].clientOf[k.server] = true
				break
			}
		}
	}
}

// serve notes that a pair's server serves a service to its client.
func (p *proposer) serve(k pairKey, idx, proto uint8, conns int64) {
	s := &p.hv[k.server]
	sv := s.served[idx]
	if sv == nil {
		sv = &served{clients: map[hostID]bool{}, proto: proto}
		s.served[idx] = sv
	}
	sv.clients[k.client] = true
	sv.conns += conns
	if services[idx-1].class == classIdentity {
		p.dc[k.server] = true
	}
}

func (p *proposer) field(k fieldKey) *evidence {
	e := p.fields[k]
	if e == nil {
		e = newEvidence()
		p.fields[k] = e
	}
	return e
}

// servesField reports whether a host answers an industrial protocol: it
// is a field device.
func (p *proposer) servesField(h hostID) bool {
	for idx := range p.hv[h].served {
		if services[idx-1].class == classField {
			return true
		}
	}
	return false
}

// assets maps every address seen to an asset: the inventory's asset with
// that ip, else a new one named by the address.
func (p *proposer) assets() {
	inv := p.d.opts.Inventory
	byIP := map[netip.Addr]int{}
	if inv != nil {
		p.m.Assets = make([]graph.Asset, len(inv.Assets))
		for i, a := range inv.Assets {
			a.Attrs = maps.Clone(a.Attrs)
			a.Zones = slices.Clone(a.Zones)
			p.m.Assets[i] = a
			p.assetIx[graph.Key(a.ID)] = i
			for _, ip := range splitIPs(a.IP) {
				addr, err := parseIP(ip)
				if err != nil {
					p.warn("inventory asset %s: ip %q is not an address; it is matched by no traffic", a.ID, ip)
					continue
				}
				if j, dup := byIP[addr]; dup && j != i {
					p.warn("inventory assets %s and %s both have ip %s; traffic of it goes to %s", inv.Assets[j].ID, a.ID, addr, inv.Assets[j].ID)
					continue
				}
				byIP[addr] = i
			}
		}
	}
	p.inventory = len(p.m.Assets)
	p.assetOf = make([]int, len(p.hv))
	order := make([]hostID, 0, len(p.hv))
	for h := range p.hv {
		p.assetOf[h] = -1
		if p.host(hostID(h)) {
			order = append(order, hostID(h))
		}
	}
	addrs := p.d.hosts.addrs
	slices.SortFunc(order, func(a, b hostID) int { return addrs[a].Compare(addrs[b]) })
	for _, h := range order {
		i, ok := byIP[addrs[h]]
		if !ok {
			id := addrs[h].String()
			if _, taken := p.assetIx[graph.Key(id)]; taken {
				id += " (seen)"
			}
			i = len(p.m.Assets)
			p.m.Assets = append(p.m.Assets, graph.Asset{ID: id, IP: addrs[h].String(), Attrs: map[string]string{}})
			p.assetIx[graph.Key(id)] = i
		}
		p.assetOf[h] = i
		ai := p.info[i]
		if ai == nil {
			ai = &assetInfo{ev: newEvidence(), peers: map[int]bool{}}
			p.info[i] = ai
		}
		ai.hosts = append(ai.hosts, h)
		ai.ev.merge(p.hv[h].ev)
	}
	for i, ai := range p.info {
		for _, h := range ai.hosts {
			for peer := range p.hv[h].peers {
				if j := p.assetOf[peer]; j != i {
					ai.peers[j] = true
				}
			}
		}
	}
}

// splitIPs splits an inventory's ip cell: several addresses separated like
// any list, an address with its prefix length.
func splitIPs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '|' || r == ';' || r == ',' || r == ' ' || r == '\n' || r == '\t'
	})
}

func parseIP(s string) (netip.Addr, error) {
	if pfx, err := netip.ParsePrefix(s); err == nil {
		return pfx.Addr().WithZone("").Unmap(), nil
	}
	a, err := netip.ParseAddr(s)
	return a.WithZone("").Unmap(), err
}

func (p *proposer) id(h hostID) string { return p.m.Assets[p.assetOf[h]].ID }

// names lists the assets of hosts, sorted and without repeats.
func (p *proposer) names(hosts []hostID) []string {
	var ids []string
	for _, h := range hosts {
		ids = append(ids, p.id(h))
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(graph.Key(a), graph.Key(b)) })
	return slices.CompactFunc(ids, func(a, b string) bool { return graph.Key(a) == graph.Key(b) })
}

// kinds guesses each seen asset's kind from what its hosts did, and takes
// the guess where the inventory gives no kind.
func (p *proposer) kinds() {
	for i, ai := range p.info {
		best := guess{rank: 99, kind: "unknown", confidence: ConfidenceNone,
			basis: "no port it serves or uses tells its role"}
		if ai.ev.conns == 0 && ai.ev.requests == 0 && ai.ev.unanswered > 0 {
			best.basis = "seen only in connection attempts nobody answered"
		}
		for _, h := range ai.hosts {
			if g := p.guessHost(h); g.rank < best.rank {
				best = g
			}
		}
		ai.guess = best
		if a := &p.m.Assets[i]; a.Kind == "" {
			a.Kind, ai.kindSeen = best.kind, true
		}
	}
}

// Ranks of the guesses: what a device says of itself first, then what it
// serves, what it polls, and last whom it talks to.
const (
	rankIdentity = iota
	rankDomainController
	rankFieldDevice
	rankPoller
	rankServer
	rankClient
)

func (p *proposer) guessHost(h hostID) guess {
	v := &p.hv[h]
	best := guess{rank: 99}
	try := func(g guess) {
		if g.rank < best.rank {
			best = g
		}
	}
	if id := p.d.identity[h]; id != nil {
		switch {
		case strings.Contains(strings.ToLower(id.deviceClass), "programmable logic controller"):
			try(guess{rankIdentity, graph.KindPLC, fmt.Sprintf("%s: device type %q", id.log, id.deviceClass), ConfidenceHigh})
		case id.log == "s7comm_known_devices" && strings.HasPrefix(id.product, "CPU"):
			try(guess{rankIdentity, graph.KindPLC, fmt.Sprintf("%s: module %q", id.log, id.product), ConfidenceHigh})
		}
	}
	// The service with the most clients tells most.
	idxs := slices.Sorted(maps.Keys(v.served))
	slices.SortStableFunc(idxs, func(a, b uint8) int { return cmp.Compare(len(v.served[b].clients), len(v.served[a].clients)) })
	for _, idx := range idxs {
		svc, sv := &services[idx-1], v.served[idx]
		if svc.kind == "" {
			continue
		}
		basis := fmt.Sprintf("serves %s/%d (%s) to %s", protoName(sv.proto), svc.port, svc.label, p.clientList(sv.clients))
		switch svc.class {
		case classIdentity:
			try(guess{rankDomainController, svc.kind, basis, ConfidenceMedium})
		case classField:
			try(guess{rankFieldDevice, svc.kind, basis, ConfidenceMedium})
		default:
			try(guess{rankServer, svc.kind, basis, ConfidenceMedium})
		}
	}
	if n := len(v.polls); n > 0 {
		try(guess{rankPoller, graph.KindSCADAServer, fmt.Sprintf("polls %s over %s", plural(int64(n), "field device"), p.pollProtocols(h)), ConfidenceMedium})
	}
	if len(v.clientOf) > 0 {
		pollers := slices.Collect(maps.Keys(v.clientOf))
		try(guess{rankClient, graph.KindOperatorStation, fmt.Sprintf("talks to %s, which polls field devices, on ports that name no service: taken as its operator station (SCADA client)", strings.Join(p.names(pollers), ", ")), ConfidenceLow})
	}
	return best
}

// clientList names a few clients.
func (p *proposer) clientList(clients map[hostID]bool) string {
	names := p.names(slices.Collect(maps.Keys(clients)))
	if len(names) > 3 {
		return fmt.Sprintf("%d clients (%s, …)", len(names), strings.Join(names[:3], ", "))
	}
	return strings.Join(names, ", ")
}

// pollProtocols names the industrial protocols a poller speaks.
func (p *proposer) pollProtocols(h hostID) string {
	var labels []string
	for device := range p.hv[h].polls {
		for _, idx := range slices.Sorted(maps.Keys(p.hv[device].served)) {
			if svc := &services[idx-1]; svc.class == classField && p.fields[fieldKey{device, h, idx}] != nil {
				labels = append(labels, svc.label)
			}
		}
	}
	slices.Sort(labels)
	return strings.Join(slices.Compact(labels), ", ")
}

// zones puts each seen asset in the zone of its subnets (the inventory's
// zones stand), and lists the zones used.
func (p *proposer) zones() {
	if inv := p.d.opts.Inventory; inv != nil {
		for _, z := range inv.Zones {
			if z.Implicit {
				continue
			}
			z.Attrs = maps.Clone(z.Attrs)
			p.zoneIx[graph.Key(z.ID)] = len(p.m.Zones)
			p.m.Zones = append(p.m.Zones, z)
		}
	}
	if p.d.opts.Subnets.Len() == 0 && len(p.info) > 0 {
		p.warn("no subnets given: every address is in zone %s, so no conduits are proposed", UnzonedZone)
	}
	prefixes := map[string][]string{}
	for _, sn := range p.d.opts.Subnets.All() {
		prefixes[graph.Key(sn.Zone)] = append(prefixes[graph.Key(sn.Zone)], sn.Prefix.String())
	}
	for _, i := range slices.Sorted(maps.Keys(p.info)) {
		a, ai := &p.m.Assets[i], p.info[i]
		if len(a.Zones) > 0 {
			continue
		}
		var bases []string
		for _, h := range ai.hosts {
			v := &p.hv[h]
			if !slices.ContainsFunc(a.Zones, func(z string) bool { return graph.Key(z) == graph.Key(v.zone) }) {
				a.Zones = append(a.Zones, v.zone)
				bases = append(bases, v.zoneBasis)
			}
		}
		a.Attrs = withAttr(a.Attrs, "zone_basis", strings.Join(bases, "; "))
		for _, z := range a.Zones {
			p.addZone(z, prefixes[graph.Key(z)])
			if z == UnzonedZone {
				p.rep.Unzoned = append(p.rep.Unzoned, a.ID)
			}
		}
	}
	if n := len(p.rep.Unzoned); n > 0 && p.d.opts.Subnets.Len() > 0 {
		verb := "s are"
		if n == 1 {
			verb = " is"
		}
		p.warn("%d asset%s in no subnet: put in zone %s (%s)", n, verb, UnzonedZone, short(p.rep.Unzoned))
	}
}

// short lists a few ids.
func short(ids []string) string {
	if len(ids) > 5 {
		return strings.Join(ids[:5], ", ") + fmt.Sprintf(" and %d more", len(ids)-5)
	}
	return strings.Join(ids, ", ")
}

// addZone adds a zone the model lacks: a zone of the subnets, with its
// Purdue level, or UnzonedZone.
func (p *proposer) addZone(id string, prefixes []string) {
	if _, ok := p.zoneIx[graph.Key(id)]; ok {
		return
	}
	z := graph.Zone{ID: id, Level: graph.NoLevel, Attrs: map[string]string{}}
	if id == UnzonedZone {
		z.Name = "Addresses in no subnet"
		z.Attrs[colBasis] = "the addresses no subnet covers, kept together so that they reach each other"
		z.Attrs[colConfidence] = ConfidenceLow
	} else {
		for _, sn := range p.d.opts.Subnets.All() {
			if graph.Key(sn.Zone) == graph.Key(id) && sn.Level != graph.NoLevel && z.Level == graph.NoLevel {
				z.Level = sn.Level
			}
		}
		z.Attrs[colBasis] = "subnets " + strings.Join(prefixes, ", ")
		z.Attrs[colConfidence] = ConfidenceHigh
	}
	p.zoneIx[graph.Key(id)] = len(p.m.Zones)
	p.m.Zones = append(p.m.Zones, z)
	p.rep.Zones++
}

// describeAssets sets each asset's kind (where the inventory gives none)
// and writes its evidence.
func (p *proposer) describeAssets() {
	inventory := p.d.opts.Inventory != nil
	for i := range p.m.Assets {
		a := &p.m.Assets[i]
		ai := p.info[i]
		if ai == nil {
			if i < p.inventory {
				a.Attrs = withAttr(a.Attrs, colDiscovered, "in the inventory, not seen in the logs")
				p.rep.Unseen++
			}
			continue
		}
		p.rep.Seen++
		g := ai.guess
		attrs := ai.ev.attrs(g.basis, g.confidence)
		attrs["peers"] = strconv.Itoa(len(ai.peers))
		served := newEvidence()
		for _, h := range ai.hosts {
			served.merge(p.hv[h].answered)
		}
		if s := served.portList(); s != "" {
			attrs["serves"] = s
		}
		switch {
		case i >= p.inventory:
			attrs[colDiscovered] = "seen in the logs"
			if inventory {
				attrs[colDiscovered] = "new: not in the inventory"
			}
			p.rep.New++
		case ai.kindSeen:
			attrs[colDiscovered] = "in the inventory, seen; kind from the logs"
		default:
			attrs[colDiscovered] = "in the inventory, seen"
			attrs[colBasis], attrs[colConfidence] = "inventory", ConfidenceHigh
			if g.kind != "unknown" && g.kind != a.Kind {
				attrs["kind_seen"] = g.kind + ": " + g.basis
			}
		}
		if a.Kind == "unknown" {
			p.rep.Unknown = append(p.rep.Unknown, a.ID)
		}
		for _, h := range ai.hosts {
			if id := p.d.identity[h]; id != nil {
				for name, v := range map[string]string{"vendor": id.vendor, "product": id.product, "firmware": id.firmware,
					"serial": id.serial, "device_class": id.deviceClass, "system_name": id.system, "plant": id.plant} {
					if v != "" {
						attrs[name] = v
					}
				}
			}
		}
		for name, v := range attrs {
			if old, ok := a.Attrs[name]; ok && old != "" && old != v {
				name = "seen_" + name // the inventory's own column stands
			}
			a.Attrs = withAttr(a.Attrs, name, v)
		}
	}
}

func withAttr(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// finish adds the inventory's other rows and counts.
func (p *proposer) finish() {
	if inv := p.d.opts.Inventory; inv != nil {
		p.m.Conduits = append(slices.Clone(inv.Conduits), p.m.Conduits...)
		p.m.Dependencies = append(slices.Clone(inv.Dependencies), p.m.Dependencies...)
		p.m.Feeds = append(slices.Clone(inv.Feeds), p.m.Feeds...)
		p.m.Scenarios = slices.Clone(inv.Scenarios)
	}
	p.rep.Assets = len(p.m.Assets)
	slices.Sort(p.rep.Unknown)
	slices.Sort(p.rep.Unzoned)
}
