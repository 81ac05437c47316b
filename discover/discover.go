// Package discover proposes a site model from what the network shows:
// Zeek logs (conn.log as TSV or JSON lines, gzip or not, and the industrial
// protocol logs modbus.log, dnp3.log, s7comm.log, cip_identity.log and
// s7comm_known_devices.log) and simple flow CSVs. It streams the logs in
// bounded memory — what it keeps grows with the distinct host pairs and
// services seen, not with the lines read — and proposes assets, zones,
// dependencies, feeds and conduits, each with the evidence that put it
// there and how far that evidence goes.
package discover

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"os"
	"time"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// Options tune what is proposed.
type Options struct {
	// Since leaves out what happened before it; the zero time keeps all.
	// Lines without a readable time are left out too when it is set.
	Since time.Time
	// MinConnections is how many connections two hosts must have had for
	// anything to be proposed between them; below 1 counts as 1.
	MinConnections int
	// Subnets put addresses in zones; nil leaves every address in
	// UnzonedZone.
	Subnets *importers.Subnets
	// Inventory is an asset register, or a whole site model, to merge the
	// proposals with: addresses that match an asset's ip become that asset.
	Inventory *graph.Model
}

// UnzonedZone holds the addresses that no subnet covers. A zoneless asset
// would reach nothing (an asset reaches what shares a zone with it, or what
// a conduit lets through), so every dependency and feed of it would be lost
// with no action at all; in one zone of their own they reach each other,
// and conduits to the zones they talk to are proposed like any other.
const UnzonedZone = "UNZONED"

// maxProblems is how many malformed lines of a file are kept to show; the
// rest are counted.
const maxProblems = 5

// Discoverer reads logs and proposes a model from them. It is not safe for
// use by several goroutines at once.
type Discoverer struct {
	opts  Options
	since int64 // microseconds; noTime when Options.Since is zero

	hosts    hostTable
	flowIx   map[flowKey]int32
	flows    []flowStats
	ics      map[icsKey]*icsStats
	identity map[hostID]*identity
	files    []*FileStats
}

// New returns a Discoverer with the options.
func New(opts Options) *Discoverer {
	d := &Discoverer{
		opts:     opts,
		since:    noTime,
		hosts:    newHostTable(),
		flowIx:   make(map[flowKey]int32),
		ics:      make(map[icsKey]*icsStats),
		identity: make(map[hostID]*identity),
	}
	if !opts.Since.IsZero() {
		d.since = opts.Since.UnixMicro()
	}
	if d.opts.MinConnections < 1 {
		d.opts.MinConnections = 1
	}
	return d
}

// FileStats is what reading one log gave.
type FileStats struct {
	Name   string
	Format string // "zeek", "zeek json", "flow csv"; ", gzip" added when compressed
	Kind   string // conn, modbus, dnp3, s7comm, cip_identity, s7comm_known_devices, flows
	Lines  int64  // every line, headers and comments included
	// Records counts the lines used.
	Records int64
	// Undated counts lines used without a readable time: they carry no
	// first or last seen (and are left out under Since).
	Undated int64
	// Early counts lines left out because they came before Since.
	Early int64
	// Malformed counts lines that could not be read; Problems holds the
	// first few.
	Malformed int64
	Problems  []*LineError
	// Skipped says why the file was not read, when it was not: a log
	// discover does not use (dns.log), or one it cannot tell the columns of.
	Skipped string
	// Err is a read error that stopped the file early (a truncated gzip
	// stream); what came before it is used.
	Err error
}

// LineError is a line of a log that could not be read.
type LineError struct {
	File string
	Line int64
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

func (st *FileStats) malformed(line int64, format string, args ...any) {
	st.Malformed++
	if len(st.Problems) < maxProblems {
		st.Problems = append(st.Problems, &LineError{File: st.Name, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

// Files returns what reading each file gave, in the order read.
func (d *Discoverer) Files() []*FileStats { return d.files }

// ReadFile reads one log. An error is returned only when the file cannot be
// opened; what goes wrong inside it is in its FileStats.
func (d *Discoverer) ReadFile(path string) (*FileStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return d.Read(path, f), nil
}

// readBuffer is the size of a line buffer: a longer line is malformed.
const readBuffer = 1 << 20

// Read reads one log from r; name is the file it came from, which also
// tells its kind when the log does not (conn.log, modbus.json).
func (d *Discoverer) Read(name string, r io.Reader) *FileStats {
	st := &FileStats{Name: name}
	d.files = append(d.files, st)
	br := bufio.NewReaderSize(r, readBuffer)
	gz := ""
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			st.Err = fmt.Errorf("gzip: %w", err)
			return st
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, readBuffer)
		gz = ", gzip"
	}
	lr := &lineReader{r: br}
	first, err := lr.peekFirst()
	if err != nil {
		st.Err = err
		return st
	}
	kind := kindOfFile(name)
	switch {
	case first == 0:
		st.Format = "empty" + gz
		return st
	case first == '#':
		st.Format = "zeek" + gz
		(&zeekTSV{d: d, st: st, kind: kind}).read(lr)
	case first == '{' && kind == kindIgnored:
		// http.json and the like: no need to read every line to know.
		st.Format = "zeek json" + gz
		st.Skipped = "a log discover does not read"
	case first == '{':
		st.Format = "zeek json" + gz
		(&zeekJSON{d: d, st: st, kind: kind}).read(lr)
	case kind != kindUnknown && kind != kindIgnored && lr.firstHas('\t'):
		// A Zeek log without its header: a test baseline or a trimmed export.
		st.Format = "zeek" + gz
		(&zeekTSV{d: d, st: st, kind: kind}).read(lr)
	case kind == kindIgnored:
		st.Format = "zeek" + gz
		st.Skipped = "a log discover does not read"
	case lr.firstHas(','):
		st.Format = "flow csv" + gz
		st.Kind = kindFlowCSV.String()
		readFlowCSV(d, st, lr)
	default:
		st.Skipped = "not a log discover reads: want a Zeek log (TSV with its #fields header, or JSON lines) or a flow CSV (src, dst, dport, proto[, count])"
	}
	if err := lr.err; err != nil && st.Err == nil {
		st.Err = err
	}
	return st
}

// errLineTooLong marks a line longer than the read buffer.
var errLineTooLong = errors.New("line longer than 1 MiB")

// lineReader hands out the lines of a log without copying them: a line is
// valid until the next call.
type lineReader struct {
	r   *bufio.Reader
	n   int64 // lines handed out
	err error // a read error that ended the log
}

// peekFirst returns the log's first byte after blank space (0 for an empty log).
func (lr *lineReader) peekFirst() (byte, error) {
	for n := 64; ; n *= 2 {
		b, err := lr.r.Peek(n)
		if t := bytes.TrimLeft(b, " \t\r\n\ufeff"); len(t) > 0 {
			return t[0], nil
		}
		if err != nil {
			if err == io.EOF || err == bufio.ErrBufferFull {
				return 0, nil
			}
			return 0, err
		}
	}
}

// firstHas reports whether the first line of the log (as far as the buffer
// holds it) has the byte c.
func (lr *lineReader) firstHas(c byte) bool {
	b, _ := lr.r.Peek(lr.r.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return bytes.IndexByte(b, c) >= 0
}

// next returns the next line without its end; ok is false at the end of
// the log or on a read error (kept in err). A line too long for the buffer
// comes back as errLineTooLong, and reading goes on after it.
func (lr *lineReader) next() (line []byte, ok bool, tooLong bool) {
	line, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		for err == bufio.ErrBufferFull {
			_, err = lr.r.ReadSlice('\n')
		}
		lr.n++
		if err != nil && err != io.EOF {
			lr.err = err
		}
		return nil, true, true
	}
	if err != nil {
		if err != io.EOF {
			lr.err = err
		}
		if len(line) == 0 {
			return nil, false, false
		}
	}
	lr.n++
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, true, false
}

// Host table, flows and their statistics.

// hostID numbers an address seen in the logs.
type hostID = uint32

// hostTable interns addresses: each is parsed once, then found by its text.
type hostTable struct {
	byText map[string]hostID
	byAddr map[netip.Addr]hostID
	addrs  []netip.Addr
}

func newHostTable() hostTable {
	return hostTable{byText: make(map[string]hostID), byAddr: make(map[netip.Addr]hostID)}
}

// maxAddrText is the longest text an address can take, with an IPv6 zone.
const maxAddrText = 64

// intern returns the number of the address written as b.
func (t *hostTable) intern(b []byte) (hostID, bool) {
	if id, ok := t.byText[string(b)]; ok {
		return id, true
	}
	if len(b) == 0 || len(b) > maxAddrText {
		return 0, false
	}
	a, err := netip.ParseAddr(string(b))
	if err != nil {
		return 0, false
	}
	a = a.WithZone("").Unmap()
	id, ok := t.byAddr[a]
	if !ok {
		id = hostID(len(t.addrs))
		t.addrs = append(t.addrs, a)
		t.byAddr[a] = id
	}
	t.byText[string(b)] = id
	return id, true
}

// valid reports whether b is an address intern would take.
func (t *hostTable) valid(b []byte) bool {
	if _, ok := t.byText[string(b)]; ok {
		return true
	}
	if len(b) == 0 || len(b) > maxAddrText {
		return false
	}
	_, err := netip.ParseAddr(string(b))
	return err == nil
}

// flowKey is one service between two hosts: the client, the server, the
// service port and the transport. Connections on ports that name no
// service share port 0, so a port scan or ephemeral ports cost one entry a
// host pair.
type flowKey struct {
	client, server hostID
	port           uint16
	proto          uint8
}

// flowStats is the evidence for one flowKey.
type flowStats struct {
	conns      int64 // connections (or flow CSV counts)
	answered   int64 // connections the server answered
	oneWay     int64 // connections that carried data one way, with no answer
	bytes      int64
	first      int64 // microseconds; math.MaxInt64 while none is known
	last       int64 // microseconds; noTime while none is known
	otherPorts [4]uint16
	nOther     uint8 // distinct ports in otherPorts; 5 means more than four
}

func (f *flowStats) seen(ts int64) {
	if ts == noTime {
		return
	}
	if ts < f.first {
		f.first = ts
	}
	if ts > f.last {
		f.last = ts
	}
}

// addOtherPort notes a port of a connection counted under port 0.
func (f *flowStats) addOtherPort(p uint16) {
	n := min(int(f.nOther), len(f.otherPorts))
	for _, q := range f.otherPorts[:n] {
		if q == p {
			return
		}
	}
	if n < len(f.otherPorts) {
		f.otherPorts[n] = p
		f.nOther++
		return
	}
	f.nOther = uint8(len(f.otherPorts) + 1)
}

// flow returns the statistics of a key, made on first use.
func (d *Discoverer) flow(k flowKey) *flowStats {
	if i, ok := d.flowIx[k]; ok {
		return &d.flows[i]
	}
	d.flowIx[k] = int32(len(d.flows))
	d.flows = append(d.flows, flowStats{first: math.MaxInt64, last: noTime})
	return &d.flows[len(d.flows)-1]
}

// connection is one line of conn.log or a flow CSV.
type connection struct {
	orig, resp   hostID
	origP, respP uint16
	proto        uint8
	ts           int64
	bytes        int64
	count        int64
	answered     bool
	oneWay       bool
}

// addConnection counts a connection under its service. The server is the
// side on a service port: Zeek names the originator the side that spoke
// first, which for a connection seen midway may be the PLC answering on
// 502.
func (d *Discoverer) addConnection(c *connection) *flowStats {
	k := flowKey{client: c.orig, server: c.resp, proto: c.proto}
	other := uint16(0)
	switch {
	case c.proto == protoICMP || c.proto == protoOther:
	case serviceIndex(c.proto, c.respP) != 0:
		k.port = c.respP
	case serviceIndex(c.proto, c.origP) != 0:
		k.client, k.server, k.port = c.resp, c.orig, c.origP
		// Data one way from the server side: which way it went toward the
		// client's zone is all it shows, and a feed or conduit wants more.
		c.oneWay = false
	default:
		other = c.respP
	}
	f := d.flow(k)
	f.conns += c.count
	switch {
	case c.answered:
		f.answered += c.count
	case c.oneWay:
		f.oneWay += c.count
	}
	f.bytes += c.bytes
	f.seen(c.ts)
	if k.port == 0 && (c.proto == protoTCP || c.proto == protoUDP) {
		f.addOtherPort(other)
	}
	return f
}

// icsProto is an industrial protocol whose log tells reads from writes.
type icsProto uint8

const (
	icsModbus icsProto = iota
	icsDNP3
	icsS7
)

var icsPorts = [...]uint16{icsModbus: 502, icsDNP3: 20000, icsS7: 102}

// icsKey is a master and the device it talks to in a protocol log.
type icsKey struct {
	client, server hostID
	proto          icsProto
}

// icsStats is what a protocol log says about a master and a device.
type icsStats struct {
	requests   int64
	writes     int64 // requests that write or command: control
	exceptions int64 // write requests answered with an exception
	first      int64
	last       int64
	funcs      map[string]int64 // requests by function name, bounded by maxFuncs
}

const maxFuncs = 32

func (d *Discoverer) icsPair(k icsKey) *icsStats {
	s := d.ics[k]
	if s == nil {
		s = &icsStats{first: math.MaxInt64, last: noTime, funcs: map[string]int64{}}
		d.ics[k] = s
	}
	return s
}

// count notes one request of the function named fn.
func (s *icsStats) count(fn []byte, write bool, ts int64) {
	s.requests++
	if write {
		s.writes++
	}
	if ts != noTime {
		s.first = min(s.first, ts)
		s.last = max(s.last, ts)
	}
	if len(fn) == 0 {
		return
	}
	if _, ok := s.funcs[string(fn)]; ok || len(s.funcs) < maxFuncs {
		s.funcs[string(fn)]++
	} else {
		s.funcs["other"]++
	}
}

// identity is what a device says about itself in an identity log.
type identity struct {
	vendor, product, firmware, serial, deviceClass, system, plant string
	log                                                           string
}
