package discover

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Confidence of a proposal, in the confidence column of every row.
const (
	// High: the traffic shows it directly (a conduit that carried
	// sessions, writes in a protocol log), or the device or the inventory
	// says so.
	ConfidenceHigh = "high"
	// Medium: a well-known port says it (a server of 502 is a PLC, a
	// client of 53 needs DNS).
	ConfidenceMedium = "medium"
	// Low: a guess from behaviour (a host that talks to the SCADA server
	// is one of its operator stations).
	ConfidenceLow = "low"
	// None: nothing tells (an asset of kind unknown).
	ConfidenceNone = "none"
)

// Evidence columns: extra columns of the rows discover proposes, which the
// model keeps as attributes.
const (
	colBasis       = "basis"
	colConfidence  = "confidence"
	colConnections = "connections"
	colUnanswered  = "unanswered"
	colBytes       = "bytes"
	colFirstSeen   = "first_seen"
	colLastSeen    = "last_seen"
	colPorts       = "ports"
	colRequests    = "requests"
	colWrites      = "writes"
	colFunctions   = "functions"
	colDiscovered  = "discovered"
)

// portKey is a transport and port.
type portKey struct {
	proto uint8
	port  uint16
}

func (p portKey) String() string {
	s := protoName(p.proto)
	if p.proto == protoTCP || p.proto == protoUDP {
		s += "/" + strconv.Itoa(int(p.port))
		if svc := lookupService(p.proto, p.port); svc != nil {
			s += " " + svc.name
		}
	}
	return s
}

// evidence is what the logs showed for a proposal.
type evidence struct {
	conns      int64 // connections that carried traffic
	unanswered int64 // connection attempts nobody answered
	bytes      int64
	first      int64
	last       int64
	ports      map[portKey]bool
	morePorts  bool // more ports than evidence lists
	requests   int64
	writes     int64
	funcs      map[string]int64
}

func newEvidence() *evidence {
	return &evidence{first: math.MaxInt64, last: noTime, ports: map[portKey]bool{}}
}

// addFlow adds a flow's connections.
func (e *evidence) addFlow(k flowKey, f *flowStats) {
	e.conns += f.answered + f.oneWay
	e.unanswered += f.conns - f.answered - f.oneWay
	e.bytes += f.bytes
	e.first = min(e.first, f.first)
	e.last = max(e.last, f.last)
	if k.port != 0 || k.proto == protoICMP || k.proto == protoOther {
		e.ports[portKey{k.proto, k.port}] = true
		return
	}
	for _, p := range f.otherPorts[:min(int(f.nOther), len(f.otherPorts))] {
		e.ports[portKey{k.proto, p}] = true
	}
	e.morePorts = e.morePorts || int(f.nOther) > len(f.otherPorts)
}

// addICS adds what a protocol log said.
func (e *evidence) addICS(k icsKey, s *icsStats) {
	e.requests += s.requests
	e.writes += s.writes
	e.first = min(e.first, s.first)
	e.last = max(e.last, s.last)
	e.ports[portKey{protoTCP, icsPorts[k.proto]}] = true
	if e.funcs == nil {
		e.funcs = map[string]int64{}
	}
	for fn, n := range s.funcs {
		e.funcs[fn] += n
	}
}

func (e *evidence) merge(o *evidence) {
	e.conns += o.conns
	e.unanswered += o.unanswered
	e.bytes += o.bytes
	e.first = min(e.first, o.first)
	e.last = max(e.last, o.last)
	for p := range o.ports {
		e.ports[p] = true
	}
	e.morePorts = e.morePorts || o.morePorts
	e.requests += o.requests
	e.writes += o.writes
	for fn, n := range o.funcs {
		if e.funcs == nil {
			e.funcs = map[string]int64{}
		}
		e.funcs[fn] += n
	}
}

// portList lists the ports, by transport and number.
func (e *evidence) portList() string {
	keys := make([]portKey, 0, len(e.ports))
	for p := range e.ports {
		keys = append(keys, p)
	}
	slices.SortFunc(keys, func(a, b portKey) int {
		return cmp.Or(cmp.Compare(a.proto, b.proto), cmp.Compare(a.port, b.port))
	})
	const most = 12
	parts := make([]string, 0, min(len(keys), most)+1)
	for i, p := range keys {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-most))
			break
		}
		parts = append(parts, p.String())
	}
	if e.morePorts && len(keys) <= most {
		parts = append(parts, "and more")
	}
	return strings.Join(parts, ", ")
}

// funcList lists a protocol log's functions, most used first.
func (e *evidence) funcList() string {
	type fc struct {
		name string
		n    int64
	}
	var list []fc
	for name, n := range e.funcs {
		list = append(list, fc{name, n})
	}
	slices.SortFunc(list, func(a, b fc) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name)) })
	parts := make([]string, len(list))
	for i, f := range list {
		parts[i] = fmt.Sprintf("%s %d", f.name, f.n)
	}
	return strings.Join(parts, ", ")
}

// attrs writes the evidence columns, with the basis and confidence.
func (e *evidence) attrs(basis, confidence string) map[string]string {
	a := map[string]string{
		colBasis:       basis,
		colConfidence:  confidence,
		colConnections: strconv.FormatInt(e.conns, 10),
		colBytes:       strconv.FormatInt(e.bytes, 10),
		colFirstSeen:   formatTime(e.first),
		colLastSeen:    formatTime(e.last),
		colPorts:       e.portList(),
	}
	if e.unanswered > 0 {
		a[colUnanswered] = strconv.FormatInt(e.unanswered, 10)
	}
	if e.requests > 0 {
		a[colRequests] = strconv.FormatInt(e.requests, 10)
		a[colWrites] = strconv.FormatInt(e.writes, 10)
		a[colFunctions] = e.funcList()
	}
	return a
}

// plural writes a count and its noun.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(n, 10) + " " + noun + "s"
}
