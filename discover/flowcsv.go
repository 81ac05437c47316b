package discover

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/otimpact/otimpact/graph"
)

// Columns of a flow CSV beyond those of conn.log.
const (
	csvSrc = iota
	csvDst
	csvSport
	csvDport
	csvProto
	csvCount
	csvBytes
	csvFirst
	csvLast
	numCSV
)

// flowHeaders are the headers a flow CSV's columns go by, folded by
// graph.Norm (the headers of NetFlow and firewall exports, and Zeek's own).
var flowHeaders = map[string]int{
	"src": csvSrc, "source": csvSrc, "srcip": csvSrc, "sourceip": csvSrc, "srcaddr": csvSrc, "sourceaddress": csvSrc,
	"saddr": csvSrc, "id.origh": csvSrc, "origh": csvSrc, "client": csvSrc, "clientip": csvSrc,
	"dst": csvDst, "dest": csvDst, "destination": csvDst, "dstip": csvDst, "destip": csvDst, "destinationip": csvDst,
	"dstaddr": csvDst, "destinationaddress": csvDst, "daddr": csvDst, "id.resph": csvDst, "resph": csvDst,
	"server": csvDst, "serverip": csvDst,
	"sport": csvSport, "srcport": csvSport, "sourceport": csvSport, "id.origp": csvSport, "origp": csvSport,
	"dport": csvDport, "dstport": csvDport, "destport": csvDport, "destinationport": csvDport, "port": csvDport,
	"id.respp": csvDport, "respp": csvDport, "serverport": csvDport, "serviceport": csvDport,
	"proto": csvProto, "protocol": csvProto, "transport": csvProto, "ipproto": csvProto, "l4proto": csvProto,
	"count": csvCount, "connections": csvCount, "conns": csvCount, "flows": csvCount, "sessions": csvCount,
	"bytes": csvBytes, "octets": csvBytes, "totalbytes": csvBytes,
	"ts": csvFirst, "time": csvFirst, "timestamp": csvFirst, "firstseen": csvFirst, "start": csvFirst,
	"starttime": csvFirst, "first": csvFirst,
	"lastseen": csvLast, "end": csvLast, "endtime": csvLast, "last": csvLast,
}

// positional is the layout of a flow CSV without a header.
var positional = []int{csvSrc, csvDst, csvDport, csvProto, csvCount}

// readFlowCSV reads a flow CSV: one row a flow, src, dst, dport and proto,
// a count of connections when the row stands for several, and bytes and
// times when the export has them. A flow CSV says nothing of answers:
// every row counts as a connection that was answered.
func readFlowCSV(d *Discoverer, st *FileStats, lr *lineReader) {
	r := csv.NewReader(lr.r)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.Comment = '#'
	var cols []int
	var buf []byte
	row := int64(0)
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			st.Lines = int64(pe.Line)
			st.malformed(int64(pe.Line), "%v", pe.Err)
			continue
		}
		if err != nil {
			st.Err = err
			return
		}
		line, _ := r.FieldPos(0)
		st.Lines = int64(line)
		row++
		if cols == nil {
			cols = flowColumns(cells)
			if cols != nil {
				continue
			}
			cols = positional
		}
		// The cells are copied into one buffer reused from row to row:
		// flowRow keeps none of them.
		var v [numCSV][]byte
		buf = buf[:0]
		for i, c := range cells {
			if i < len(cols) && cols[i] >= 0 {
				start := len(buf)
				buf = append(buf, strings.TrimSpace(c)...)
				v[cols[i]] = buf[start:len(buf):len(buf)]
			}
		}
		if msg := d.flowRow(&v, st); msg != "" {
			st.malformed(int64(line), "%s", msg)
		}
	}
}

// flowColumns maps a header row to columns; nil when the row is no header.
func flowColumns(cells []string) []int {
	cols := make([]int, len(cells))
	src, dst := false, false
	for i, c := range cells {
		cols[i] = -1
		if k, ok := flowHeaders[graph.Norm(c)]; ok {
			cols[i] = k
			src = src || k == csvSrc
			dst = dst || k == csvDst
		}
	}
	if !src || !dst {
		return nil
	}
	return cols
}

// flowRow counts one row of a flow CSV; it returns why the row cannot be
// read, or "".
func (d *Discoverer) flowRow(v *[numCSV][]byte, st *FileStats) string {
	c := connection{count: 1, answered: true, ts: noTime}
	last := int64(noTime)
	if b := v[csvFirst]; len(b) > 0 {
		t, ok := parseTime(b)
		if !ok {
			return "unreadable time " + quote(b)
		}
		c.ts = t
	}
	if b := v[csvLast]; len(b) > 0 {
		if t, ok := parseTime(b); ok {
			last = t
		}
	}
	if !d.keep(c.ts, st) {
		return ""
	}
	var ok bool
	if c.orig, ok = d.hosts.intern(v[csvSrc]); !ok {
		return "src is not an address: " + quote(v[csvSrc])
	}
	if c.resp, ok = d.hosts.intern(v[csvDst]); !ok {
		return "dst is not an address: " + quote(v[csvDst])
	}
	if len(v[csvDport]) > 0 {
		if c.respP, ok = parsePort(v[csvDport]); !ok {
			return "dport is not a port: " + quote(v[csvDport])
		}
	}
	if len(v[csvSport]) > 0 {
		if c.origP, ok = parsePort(v[csvSport]); !ok {
			return "sport is not a port: " + quote(v[csvSport])
		}
	}
	if c.proto, ok = parseProtoFold(v[csvProto]); !ok {
		// No protocol given: TCP, unless the port is a UDP service only.
		c.proto = protoTCP
		if tcpServices[c.respP] == 0 && udpServices[c.respP] != 0 {
			c.proto = protoUDP
		}
	}
	if len(v[csvCount]) > 0 {
		if c.count, ok = parseCount(v[csvCount]); !ok || c.count == 0 {
			return "count is not a positive whole number: " + quote(v[csvCount])
		}
	}
	if c.bytes, ok = parseCount(v[csvBytes]); !ok {
		return "bytes is not a whole number: " + quote(v[csvBytes])
	}
	f := d.addConnection(&c)
	f.seen(last)
	st.Records++
	return ""
}

// quote shows a value in a message, shortened.
func quote(b []byte) string {
	s := string(b)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

// parseProtoFold is parseProto ignoring case, as flow exports write
// protocols both ways. A short ASCII name is lowered on the stack, so a
// row costs no allocation for it.
func parseProtoFold(b []byte) (uint8, bool) {
	var low [16]byte
	if len(b) > len(low) {
		return parseProto([]byte(strings.ToLower(string(b))))
	}
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return parseProto([]byte(strings.ToLower(string(b))))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	return parseProto(low[:len(b)])
}
