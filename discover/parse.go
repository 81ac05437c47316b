package discover

import (
	"bytes"
	"math"
	"strconv"
	"time"
)

// noTime marks a time that is not known.
const noTime = math.MinInt64

// parseTime reads a log's timestamp into microseconds since 1970: Zeek's
// epoch seconds (1352718180.474505), an RFC 3339 time (Zeek's JSON with
// ISO8601 times), or a number in exponent form. ok is false when it reads
// as none of them: test baselines mask times as XXXXXXXXXX.XXXXXX.
func parseTime(b []byte) (us int64, ok bool) {
	if len(b) == 0 {
		return noTime, false
	}
	var sec, frac int64
	i, digits := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if digits++; digits > 12 {
			return slowTime(b)
		}
		sec = sec*10 + int64(b[i]-'0')
	}
	if digits == 0 {
		return slowTime(b)
	}
	if i < len(b) && b[i] == '.' {
		i++
		scale := int64(100000)
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			frac += int64(b[i]-'0') * scale
			scale /= 10
		}
	}
	if i != len(b) {
		return slowTime(b)
	}
	return sec*1e6 + frac, true
}

func slowTime(b []byte) (int64, bool) {
	s := string(b)
	if bytes.IndexByte(b, 'T') > 0 || bytes.Count(b, []byte{'-'}) >= 2 {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UnixMicro(), true
			}
		}
		return noTime, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e11 || math.IsNaN(f) {
		return noTime, false
	}
	return int64(math.Round(f * 1e6)), true
}

// parsePort reads a port number.
func parsePort(b []byte) (uint16, bool) {
	if len(b) == 0 || len(b) > 5 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n > 65535 {
		return 0, false
	}
	return uint16(n), true
}

// parseCount reads a non-negative count; blank is 0. ok is false for
// anything else.
func parseCount(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseProto reads a transport protocol: a name (tcp, udp, icmp) or its
// number.
func parseProto(b []byte) (uint8, bool) {
	switch string(b) {
	case "tcp", "TCP", "6":
		return protoTCP, true
	case "udp", "UDP", "17":
		return protoUDP, true
	case "icmp", "ICMP", "1", "icmp6", "ipv6-icmp", "ICMPv6", "58":
		return protoICMP, true
	case "":
		return protoOther, false
	}
	return protoOther, true
}

// formatTime writes a time of the evidence columns: RFC 3339 in UTC, to
// the second; blank when unknown.
func formatTime(us int64) string {
	if us == noTime || us == math.MaxInt64 {
		return ""
	}
	return time.UnixMicro(us).UTC().Format(time.RFC3339)
}
