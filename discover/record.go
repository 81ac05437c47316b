package discover

import (
	"bytes"
	"strconv"
)

// use takes one line of a log of the kind; a line that cannot be read is
// counted as malformed, with the reason.
func (d *Discoverer) use(kind logKind, r *record, st *FileStats, line int64) {
	switch {
	case st.Kind == "":
		st.Kind = kind.String()
	case st.Kind != kind.String() && st.Kind != "mixed":
		st.Kind = "mixed"
	}
	var msg string
	switch kind {
	case kindConn:
		msg = d.conn(r, st)
	case kindModbus:
		msg = d.protocolLine(r, st, icsModbus)
	case kindDNP3:
		msg = d.protocolLine(r, st, icsDNP3)
	case kindS7comm:
		msg = d.protocolLine(r, st, icsS7)
	case kindCIPIdentity:
		msg = d.cipIdentity(r, st)
	case kindS7Devices:
		msg = d.s7Device(r, st)
	}
	if msg != "" {
		st.malformed(line, "%s", msg)
	}
}

// keep decides whether a line of time ts (noTime: unknown) is used, and
// counts it where it is not dated or too early.
func (d *Discoverer) keep(ts int64, st *FileStats) bool {
	if ts == noTime {
		st.Undated++
		return d.since == noTime
	}
	if ts < d.since {
		st.Early++
		return false
	}
	return true
}

// lineTime reads a line's ts; a line without a readable one is undated.
func lineTime(r *record) int64 {
	ts, ok := parseTime(r[fTS])
	if !ok {
		return noTime
	}
	return ts
}

// ends is what every line of a log has: a time, the originator and the
// responder, and their ports (0 where the log has none).
type ends struct {
	ts           int64
	orig, resp   hostID
	origP, respP uint16
}

// lineEnds reads a line's time, ports and addresses. ok is false when the
// line is left out: it came before Since, or it cannot be read (msg says
// why).
func (d *Discoverer) lineEnds(r *record, st *FileStats) (e ends, ok bool, msg string) {
	e.ts = lineTime(r)
	if b := r[fOrigP]; b != nil {
		if e.origP, ok = parsePort(b); !ok {
			return e, false, "id.orig_p is not a port: " + quote(b)
		}
	}
	if b := r[fRespP]; b != nil {
		if e.respP, ok = parsePort(b); !ok {
			return e, false, "id.resp_p is not a port: " + quote(b)
		}
	}
	if !d.keep(e.ts, st) {
		return e, false, ""
	}
	// A line with one bad address adds neither to the addresses seen.
	if !d.hosts.valid(r[fRespH]) {
		return e, false, "id.resp_h is not an address: " + quote(r[fRespH])
	}
	if e.orig, ok = d.hosts.intern(r[fOrigH]); !ok {
		return e, false, "id.orig_h is not an address: " + quote(r[fOrigH])
	}
	if e.resp, ok = d.hosts.intern(r[fRespH]); !ok {
		return e, false, "id.resp_h is not an address: " + quote(r[fRespH])
	}
	st.Records++
	return e, true, ""
}

// conn takes a line of conn.log.
func (d *Discoverer) conn(r *record, st *FileStats) string {
	var n [4]int64
	for i, f := range [...]field{fOrigBytes, fRespBytes, fOrigPkts, fRespPkts} {
		var ok bool
		if n[i], ok = parseCount(r[f]); !ok {
			return fieldName(f) + " is not a count: " + quote(r[f])
		}
	}
	e, ok, msg := d.lineEnds(r, st)
	if !ok {
		return msg
	}
	c := connection{orig: e.orig, resp: e.resp, origP: e.origP, respP: e.respP, ts: e.ts, count: 1, bytes: n[0] + n[1]}
	c.proto, _ = parseProto(r[fProto])
	counted := r[fOrigBytes] != nil || r[fRespBytes] != nil || r[fOrigPkts] != nil || r[fRespPkts] != nil
	c.answered, c.oneWay = answered(c.proto, r[fConnState], n[0] > 0 || n[2] > 0, n[1] > 0 || n[3] > 0, counted)
	d.addConnection(&c)
	return ""
}

// answered tells from Zeek's conn_state, and what each side sent, whether
// the server answered (a session took place), or the traffic went one way
// only: a UDP stream no one answers, or data of a connection seen midway
// with nothing coming back (which a one-way conduit carries). Connection
// attempts that got no answer are neither: a firewall may have dropped
// them, and they prove no path.
func answered(proto uint8, state []byte, origSent, respSent, counted bool) (ok, oneWay bool) {
	switch string(state) {
	case "SF", "S1", "S2", "S3", "RSTO", "RSTR", "RSTRH", "SHR":
		return true, false
	case "REJ", "RSTOS0":
		return false, false
	case "S0", "SH":
		return false, proto != protoTCP
	}
	// OTH (no handshake seen), or no state at all.
	switch {
	case origSent && respSent:
		return true, false
	case !counted:
		// Nothing tells: take the connection as it is logged.
		return true, false
	case origSent && !respSent:
		return false, true
	}
	return false, false
}

// fieldName is a field's column name, for messages.
func fieldName(f field) string {
	for n, g := range fieldByName {
		if g == f {
			return n
		}
	}
	return "a column"
}

// protocolLine takes a line of modbus.log, dnp3.log or s7comm.log: who
// polls whom, and whether the requests read or write.
func (d *Discoverer) protocolLine(r *record, st *FileStats, p icsProto) string {
	e, ok, msg := d.lineEnds(r, st)
	if !ok {
		return msg
	}
	client, server := e.orig, e.resp
	if port := icsPorts[p]; e.respP != port && e.origP == port {
		client, server = server, client
	}
	var fn []byte
	var write, request bool
	switch p {
	case icsModbus:
		// Zeek logs requests and responses alike; pdu_type, where the log
		// has it, tells them apart.
		request = r[fPDUType] == nil || bytes.HasPrefix(r[fPDUType], []byte("REQ"))
		fn = r[fFunc]
		write = modbusWrite(fn)
	case icsDNP3:
		fn = r[fFCRequest]
		request = fn != nil
		write = dnp3Control(fn)
	case icsS7:
		fn, request, write = s7Request(r)
	}
	if !request {
		return ""
	}
	s := d.icsPair(icsKey{client: client, server: server, proto: p})
	s.count(fn, write, e.ts)
	if write && r[fException] != nil {
		s.exceptions++
	}
	return ""
}

// modbusWrite reports whether a Modbus function writes: coils or
// registers (5, 6, 15, 16), file records (21), masks (22), read/write
// (23). Zeek names them (WRITE_MULTIPLE_COILS, also with _EXCEPTION);
// other logs give the number.
func modbusWrite(fn []byte) bool {
	if bytes.Contains(fn, []byte("WRITE")) {
		return true
	}
	code, err := strconv.ParseUint(string(fn), 0, 8)
	if err != nil {
		return false
	}
	switch code & 0x7f {
	case 5, 6, 15, 16, 21, 22, 23:
		return true
	}
	return false
}

// dnp3Control reports whether a DNP3 request commands the outstation:
// select/operate, direct operate, restarts and application start, stop and
// initialise. WRITE is not among them: every master writes the outstation's
// clock and clears its restart bit with it.
func dnp3Control(fn []byte) bool {
	switch string(fn) {
	case "SELECT", "OPERATE", "DIRECT_OPERATE", "DIRECT_OPERATE_NR", "DIRECT_OPERATE_NO_ACK",
		"COLD_RESTART", "WARM_RESTART", "INITIALIZE_DATA", "INITIALIZE_APPL", "START_APPL", "STOP_APPL",
		"ACTIVATE_CONFIG":
		return true
	}
	code, err := strconv.ParseUint(string(fn), 0, 8)
	if err != nil {
		return false
	}
	switch code {
	case 3, 4, 5, 6, 13, 14, 16, 17, 18, 31:
		return true
	}
	return false
}

// s7Request reads a line of s7comm.log: the function a request names
// (nil for acknowledgements), and whether it writes or commands the PLC —
// write variable, downloads, PLC control and stop.
func s7Request(r *record) (fn []byte, request, write bool) {
	name := r[fFunctionName]
	switch string(r[fRosctrName]) {
	case "Job-Request", "Job":
	case "User-Data", "Userdata":
		if !bytes.HasPrefix(name, []byte("Request")) {
			return nil, false, false
		}
		if sub := r[fSubfunctionName]; sub != nil {
			name = sub
		}
		return name, true, bytes.Contains(name, []byte("Write"))
	default:
		return nil, false, false
	}
	if code, err := strconv.ParseUint(string(r[fFunctionCode]), 0, 8); err == nil {
		switch code {
		case 0x05, 0x1a, 0x1b, 0x1c, 0x28, 0x29:
			return name, true, true
		}
	}
	for _, w := range [...]string{"Write", "Download", "PLC Control", "PLC Stop"} {
		if bytes.Contains(name, []byte(w)) {
			return name, true, true
		}
	}
	return name, true, false
}

// cipIdentity takes a line of cip_identity.log: a device's vendor,
// product, revision and serial number.
func (d *Discoverer) cipIdentity(r *record, st *FileStats) string {
	e, ok, msg := d.lineEnds(r, st)
	if !ok {
		return msg
	}
	dev := e.resp
	// The identity is the sender's of the reply: source_h where the log
	// has it, else the responder, unless that was a broadcast; then the
	// address the device gives for itself.
	if string(r[fIsOrig]) == "F" || string(r[fIsOrig]) == "false" {
		if h, ok := d.hosts.intern(r[fSourceH]); ok {
			dev = h
		}
	}
	if exclusion(d.hosts.addrs[dev]) != "" {
		if h, ok := d.hosts.intern(r[fSocketAddress]); ok && exclusion(d.hosts.addrs[h]) == "" {
			dev = h
		}
	}
	id := d.identityOf(dev, "cip_identity")
	set(&id.vendor, r[fVendorName])
	set(&id.product, r[fProductName])
	set(&id.firmware, r[fRevision])
	set(&id.serial, r[fSerialNumber])
	set(&id.deviceClass, r[fDeviceTypeName])
	return ""
}

// s7Device takes a line of s7comm_known_devices.log: a Siemens CPU's module,
// serial number and the names of its system and plant.
func (d *Discoverer) s7Device(r *record, st *FileStats) string {
	e, ok, msg := d.lineEnds(r, st)
	if !ok {
		return msg
	}
	dev := e.resp
	if e.origP == icsPorts[icsS7] {
		dev = e.orig
	}
	id := d.identityOf(dev, "s7comm_known_devices")
	set(&id.product, r[fModuleName])
	set(&id.serial, r[fModuleSerial])
	set(&id.system, r[fSystemName])
	set(&id.plant, r[fPlantName])
	return ""
}

func (d *Discoverer) identityOf(h hostID, log string) *identity {
	id := d.identity[h]
	if id == nil {
		id = &identity{log: log}
		d.identity[h] = id
	}
	return id
}

// set keeps the first value a device gave.
func set(dst *string, v []byte) {
	if *dst == "" && len(v) > 0 {
		*dst = string(v)
	}
}
