package discover

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/otimpact/otimpact/graph"
)

// depKey groups the proposed dependencies: one row for each consumer and
// service, listing the providers as alternatives where the protocol fails
// over between servers by itself (auth, dns, ntp); one row a provider
// otherwise.
type depKey struct {
	consumer, provider int
	service            string
}

type depRow struct {
	ev        *evidence
	providers map[int]*evidence
}

// dependencies proposes that clients need the servers of identity, DNS,
// NTP, remote access, historian data and license services they used.
func (p *proposer) dependencies() {
	rows := map[depKey]*depRow{}
	for _, k := range p.kept {
		ci, si := p.assetOf[k.client], p.assetOf[k.server]
		if ci == si {
			continue
		}
		for _, fk := range p.pairs[k].flows {
			f := &p.d.flows[p.d.flowIx[fk]]
			svc := lookupService(fk.proto, fk.port)
			if f.answered == 0 || fk.port == 0 || svc == nil || svc.dependency == "" {
				continue
			}
			if svc.class == classFile && !p.dc[k.server] {
				continue // SMB to a server that is no domain controller: file sharing
			}
			dk := depKey{consumer: ci, provider: si, service: svc.dependency}
			switch svc.dependency {
			case "auth", "dns", "ntp":
				dk.provider = -1
			}
			r := rows[dk]
			if r == nil {
				r = &depRow{ev: newEvidence(), providers: map[int]*evidence{}}
				rows[dk] = r
			}
			r.ev.addFlow(fk, f)
			if r.providers[si] == nil {
				r.providers[si] = newEvidence()
			}
			r.providers[si].addFlow(fk, f)
		}
	}
	keys := slices.Collect(maps.Keys(rows))
	slices.SortFunc(keys, func(a, b depKey) int {
		return cmp.Or(strings.Compare(graph.Key(p.m.Assets[a.consumer].ID), graph.Key(p.m.Assets[b.consumer].ID)),
			strings.Compare(a.service, b.service), cmp.Compare(a.provider, b.provider))
	})
	for _, dk := range keys {
		r := rows[dk]
		consumer := p.m.Assets[dk.consumer].ID
		var providers, each []string
		order := slices.Collect(maps.Keys(r.providers))
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(graph.Key(p.m.Assets[a].ID), graph.Key(p.m.Assets[b].ID)) })
		for _, j := range order {
			providers = append(providers, p.m.Assets[j].ID)
			each = append(each, fmt.Sprintf("%s (%s)", p.m.Assets[j].ID, plural(r.providers[j].conns, "connection")))
		}
		if p.inInventory(consumer, dk.service, providers) {
			p.rep.AlreadyInInventory++
			continue
		}
		basis := fmt.Sprintf("%s used %s of %s on %s", consumer, dk.service, strings.Join(each, ", "), r.ev.portList())
		if len(providers) > 1 {
			basis += "; any one of them is taken to serve"
		}
		basis += "; grace unknown, taken as 0"
		p.m.Dependencies = append(p.m.Dependencies, graph.Dependency{
			Consumer: consumer, Providers: providers, Service: dk.service, Need: 1,
			Attrs: r.ev.attrs(basis, ConfidenceMedium),
		})
		p.rep.Dependencies++
	}
}

// inInventory reports whether the inventory has the dependency already.
func (p *proposer) inInventory(consumer, service string, providers []string) bool {
	inv := p.d.opts.Inventory
	if inv == nil {
		return false
	}
	for _, dep := range inv.Dependencies {
		if graph.Key(dep.Consumer) != graph.Key(consumer) || graph.Norm(dep.Service) != graph.Norm(service) {
			continue
		}
		for _, pr := range dep.Providers {
			if slices.ContainsFunc(providers, func(s string) bool { return graph.Key(s) == graph.Key(pr) }) {
				return true
			}
		}
	}
	return false
}

// feeds proposes, for each field device and each host that polls it, a
// view feed from the device through the poller to the poller's clients
// (to the poller itself where it has none) where the device was seen
// answering, and a control feed the other way where a protocol log shows
// writes.
func (p *proposer) feeds() {
	type group struct {
		device, poller int
		svc            uint8
	}
	groups := map[group]*evidence{}
	pollersOf := map[group][]hostID{}
	answers := map[group]bool{}
	for k, e := range p.fields {
		g := group{p.assetOf[k.device], p.assetOf[k.poller], k.svc}
		if g.device == g.poller {
			continue
		}
		if groups[g] == nil {
			groups[g] = newEvidence()
		}
		groups[g].merge(e)
		pollersOf[g] = append(pollersOf[g], k.poller)
		answers[g] = answers[g] || p.pairs[pairKey{k.poller, k.device}].twoWay
	}
	keys := slices.Collect(maps.Keys(groups))
	slices.SortFunc(keys, func(a, b group) int {
		return cmp.Or(strings.Compare(graph.Key(p.m.Assets[a.device].ID), graph.Key(p.m.Assets[b.device].ID)),
			strings.Compare(graph.Key(p.m.Assets[a.poller].ID), graph.Key(p.m.Assets[b.poller].ID)), cmp.Compare(a.svc, b.svc))
	})
	ids := map[string]bool{}
	if inv := p.d.opts.Inventory; inv != nil {
		for _, f := range inv.Feeds {
			ids[graph.Key(f.ID)] = true
		}
	}
	for _, g := range keys {
		ev, svc := groups[g], &services[g.svc-1]
		device, poller := p.m.Assets[g.device].ID, p.m.Assets[g.poller].ID
		var clients []hostID
		for _, h := range pollersOf[g] {
			clients = append(clients, p.clients[h]...)
		}
		consumers := slices.DeleteFunc(p.names(clients), func(id string) bool {
			return graph.Key(id) == graph.Key(device) || graph.Key(id) == graph.Key(poller)
		})
		seen := fmt.Sprintf("%s polled %s on %s", poller, device, ev.portList())
		if ev.conns > 0 {
			seen += fmt.Sprintf(" (%s)", plural(ev.conns, "connection"))
		}
		if ev.requests > 0 {
			seen += fmt.Sprintf("; the protocol log shows %s, %d of them writes", plural(ev.requests, "request"), ev.writes)
		}
		view := graph.Feed{
			ID: p.feedID(ids, "F", device, svc.name, poller), Kind: graph.FeedView,
			Name:   fmt.Sprintf("%s data from %s polled by %s", svc.label, device, poller),
			Source: []string{device}, To: []string{poller},
		}
		basis, confidence := seen+"; to: the poller", ConfidenceMedium
		if len(consumers) > 0 {
			view.Via, view.To = [][]string{{poller}}, consumers
			basis = seen + "; to: the hosts that talk to " + poller + " on ports that name no service, taken as its clients"
			confidence = ConfidenceLow
		}
		if answers[g] {
			p.addFeed(view, device, poller, ev.attrs(basis, confidence), &p.rep.ViewFeeds)
		}
		if ev.writes == 0 {
			continue
		}
		control := graph.Feed{
			ID: p.feedID(ids, "C", device, svc.name, poller), Kind: graph.FeedControl,
			Name:   fmt.Sprintf("%s commands to %s from %s", svc.label, device, poller),
			Source: []string{poller}, To: []string{device},
		}
		basis, confidence = seen+"; writes make it control", ConfidenceHigh
		if !answers[g] {
			basis, confidence = basis+"; the device was not seen answering", ConfidenceMedium
		}
		var stations []string
		for _, id := range consumers {
			if k := p.m.Assets[p.assetIx[graph.Key(id)]].Kind; k == graph.KindOperatorStation || k == graph.KindEngineeringStation {
				stations = append(stations, id)
			}
		}
		if len(stations) > 0 {
			control.Source, control.Via = stations, [][]string{{poller}}
			basis += "; source: the operator stations of " + poller + " (any one of them)"
		}
		p.addFeed(control, device, poller, ev.attrs(basis, confidence), &p.rep.ControlFeeds)
	}
}

// addFeed adds a feed, unless the inventory has it, and counts it in n.
func (p *proposer) addFeed(f graph.Feed, device, poller string, attrs map[string]string, n *int) {
	if p.feedInInventory(f.Kind, device, poller) {
		p.rep.AlreadyInInventory++
		return
	}
	f.Attrs = attrs
	p.m.Feeds = append(p.m.Feeds, f)
	*n++
}

// feedID makes a feed's id, one the model does not have yet.
func (p *proposer) feedID(ids map[string]bool, prefix, device, protocol, poller string) string {
	base := prefix + "-" + device + "-" + protocol + "-" + poller
	id := base
	for n := 2; ids[graph.Key(id)]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	ids[graph.Key(id)] = true
	return id
}

// feedInInventory reports whether the inventory has a feed of the kind
// from the device that the poller carries or receives.
func (p *proposer) feedInInventory(kind, device, poller string) bool {
	inv := p.d.opts.Inventory
	if inv == nil {
		return false
	}
	has := func(list []string, id string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return graph.Key(s) == graph.Key(id) })
	}
	for _, f := range inv.Feeds {
		if f.Kind != kind {
			continue
		}
		ends, middle := f.Source, f.To
		if kind == graph.FeedControl {
			ends, middle = f.To, f.Source
		}
		if !has(ends, device) {
			continue
		}
		if has(middle, poller) || slices.ContainsFunc(f.Via, func(h []string) bool { return has(h, poller) }) {
			return true
		}
	}
	return false
}

// zoneOf is the zone a host's traffic leaves or enters by: its subnet's
// zone when its asset is in it, else its asset's first zone.
func (p *proposer) zoneOf(h hostID) string {
	a := &p.m.Assets[p.assetOf[h]]
	z := p.hv[h].zone
	if len(a.Zones) == 0 || slices.ContainsFunc(a.Zones, func(s string) bool { return graph.Key(s) == graph.Key(z) }) {
		return z
	}
	return a.Zones[0]
}

// conduits proposes a conduit between two zones wherever traffic crossed
// between them: both ways where any of it was answered (a session, which a
// dependency or a polled feed needs), one way where it was only datagrams
// one way.
func (p *proposer) conduits() {
	type zonePair struct{ a, b string } // by Key, a < b
	type crossing struct {
		ev       *evidence
		from     map[string]int64 // connections initiated, by the initiating zone's key
		twoWay   bool
		pairs    int
		spelling map[string]string
	}
	cross := map[zonePair]*crossing{}
	for _, k := range p.kept {
		ca, sa := &p.m.Assets[p.assetOf[k.client]], &p.m.Assets[p.assetOf[k.server]]
		if sharesZone(ca, sa) {
			continue
		}
		zc, zs := p.zoneOf(k.client), p.zoneOf(k.server)
		kc, ks := graph.Key(zc), graph.Key(zs)
		zp := zonePair{kc, ks}
		if ks < kc {
			zp = zonePair{ks, kc}
		}
		c := cross[zp]
		if c == nil {
			c = &crossing{ev: newEvidence(), from: map[string]int64{}, spelling: map[string]string{}}
			cross[zp] = c
		}
		c.spelling[kc], c.spelling[ks] = zc, zs
		pr := p.pairs[k]
		for _, fk := range pr.flows {
			c.ev.addFlow(fk, &p.d.flows[p.d.flowIx[fk]])
		}
		for _, ik := range pr.ics {
			c.ev.addICS(ik, p.d.ics[ik])
		}
		c.from[kc] += pr.observed()
		c.twoWay = c.twoWay || pr.twoWay
		c.pairs++
	}
	keys := slices.Collect(maps.Keys(cross))
	slices.SortFunc(keys, func(x, y zonePair) int { return cmp.Or(strings.Compare(x.a, y.a), strings.Compare(x.b, y.b)) })
	for _, zp := range keys {
		c := cross[zp]
		from, to := zp.a, zp.b
		if c.from[zp.b] > c.from[zp.a] {
			from, to = zp.b, zp.a
		}
		oneWay := !c.twoWay && (c.from[zp.a] == 0 || c.from[zp.b] == 0)
		if p.conduitInInventory(c.spelling[from], c.spelling[to], oneWay) {
			p.rep.AlreadyInInventory++
			continue
		}
		basis := fmt.Sprintf("%s between hosts of the two zones: %s from %s, %s from %s",
			plural(int64(c.pairs), "host pair"), plural(c.from[from], "connection"), c.spelling[from], plural(c.from[to], "connection"), c.spelling[to])
		if oneWay {
			basis += "; datagrams one way only, nothing answered"
		}
		cd := graph.Conduit{ID: c.spelling[from] + "-" + c.spelling[to], From: c.spelling[from], To: c.spelling[to], OneWay: oneWay,
			Attrs: c.ev.attrs(basis, ConfidenceHigh)}
		cd.Attrs["host_pairs"] = strconv.Itoa(c.pairs)
		p.m.Conduits = append(p.m.Conduits, cd)
		p.rep.Conduits++
	}
}

func sharesZone(a, b *graph.Asset) bool {
	for _, x := range a.Zones {
		for _, y := range b.Zones {
			if graph.Key(x) == graph.Key(y) {
				return true
			}
		}
	}
	return false
}

// conduitInInventory reports whether the inventory has a conduit between
// the zones, and warns where a one-way conduit stands against traffic that
// goes both ways.
func (p *proposer) conduitInInventory(from, to string, oneWay bool) bool {
	inv := p.d.opts.Inventory
	if inv == nil {
		return false
	}
	for _, c := range inv.Conduits {
		same := graph.Key(c.From) == graph.Key(from) && graph.Key(c.To) == graph.Key(to)
		reverse := graph.Key(c.From) == graph.Key(to) && graph.Key(c.To) == graph.Key(from)
		if !same && !reverse {
			continue
		}
		if c.OneWay && (!oneWay || reverse) {
			p.warn("conduit %s is one-way from %s to %s, but traffic went from %s to %s", c.ID, c.From, c.To, to, from)
		}
		return true
	}
	return false
}
