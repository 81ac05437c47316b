package discover

import (
	"bytes"
	"fmt"
	"strconv"
)

// record is one line of a log as its fields; a field the line lacks, or
// that is unset or empty, is nil.
type record [numFields][]byte

// zeekTSV reads Zeek's tab-separated logs: the header lines (#separator,
// #fields, #unset_field, …) say how to read the lines after them, and may
// come again mid-file where logs were concatenated.
type zeekTSV struct {
	d    *Discoverer
	st   *FileStats
	kind logKind // from #path, else from the file name

	sep          []byte
	unset, empty []byte
	cols         []field // by column; nil until #fields (or a known layout)
	used         []field // the fields cols fills, to clear between lines
	rec          record
}

func (z *zeekTSV) read(lr *lineReader) {
	z.sep, z.unset, z.empty = []byte{'\t'}, []byte{'-'}, []byte("(empty)")
	for {
		line, ok, tooLong := lr.next()
		if !ok {
			return
		}
		z.st.Lines++
		switch {
		case tooLong:
			z.st.malformed(lr.n, "%v", errLineTooLong)
			continue
		case len(line) == 0:
			continue
		case line[0] == '#':
			z.directive(line)
			continue
		}
		if z.cols == nil && !z.guessLayout(line) {
			return
		}
		switch z.kind {
		case kindIgnored:
			z.st.Skipped = "a log discover does not read"
			return
		case kindUnknown:
			z.st.Skipped = "no #path, and neither its name nor its columns tell which log it is"
			return
		}
		if msg := z.split(line); msg != "" {
			z.st.malformed(lr.n, "%s", msg)
			continue
		}
		z.d.use(z.kind, &z.rec, z.st, lr.n)
	}
}

// directive reads a header line; other lines that begin with # are comments.
func (z *zeekTSV) directive(line []byte) {
	if v, ok := bytes.CutPrefix(line, []byte("#separator ")); ok {
		z.sep = unescape(v)
		if len(z.sep) == 0 {
			z.sep = []byte{'\t'}
		}
		return
	}
	name, value := line, []byte(nil)
	if i := bytes.Index(line, z.sep); i > 0 {
		name, value = line[:i], line[i+len(z.sep):]
	} else if i := bytes.IndexByte(line, ' '); i > 0 {
		name, value = line[:i], line[i+1:]
	}
	switch string(name) {
	case "#unset_field":
		z.unset = bytes.Clone(value)
	case "#empty_field":
		z.empty = bytes.Clone(value)
	case "#path":
		if k := kindOfPath(string(value)); k != kindUnknown {
			z.kind = k
		}
	case "#fields":
		var names []string
		for f := range bytes.SplitSeq(value, z.sep) {
			names = append(names, string(f))
		}
		z.setColumns(names)
	}
}

// setColumns takes a header's column names.
func (z *zeekTSV) setColumns(names []string) {
	z.cols = columns(names)
	z.used = z.used[:0]
	for _, f := range z.cols {
		if f != fNone {
			z.used = append(z.used, f)
		}
	}
	if z.kind == kindUnknown {
		z.kind = inferKind(z.cols)
	}
}

// guessLayout takes the columns of a log without a #fields header from its
// kind and its first line's column count, and says so when it cannot.
func (z *zeekTSV) guessLayout(line []byte) bool {
	n := bytes.Count(line, z.sep) + 1
	for _, layout := range defaultLayouts[z.kind] {
		if len(layout) == n {
			z.setColumns(layout)
			return true
		}
	}
	switch z.kind {
	case kindIgnored:
		z.st.Skipped = "a log discover does not read"
	default:
		z.st.Skipped = fmt.Sprintf("no #fields header, and %d columns are no %s log layout discover knows", n, z.kind)
	}
	return false
}

// split fills the record from a data line; it returns why the line cannot
// be read, or "".
func (z *zeekTSV) split(line []byte) string {
	for _, f := range z.used {
		z.rec[f] = nil
	}
	col := 0
	for {
		i := bytes.Index(line, z.sep)
		v := line
		if i >= 0 {
			v = line[:i]
		}
		if col < len(z.cols) {
			if f := z.cols[col]; f != fNone && len(v) > 0 && !bytes.Equal(v, z.unset) && !bytes.Equal(v, z.empty) {
				z.rec[f] = v
			}
		}
		col++
		if i < 0 {
			break
		}
		line = line[i+len(z.sep):]
	}
	if col != len(z.cols) {
		return fmt.Sprintf("%d columns, but the header has %d", col, len(z.cols))
	}
	return ""
}

// unescape reads the \xHH escapes of #separator.
func unescape(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+3 < len(b) && b[i+1] == 'x' {
			if v, err := strconv.ParseUint(string(b[i+2:i+4]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 3
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// inferKind tells a log's kind from its columns when neither #path nor the
// file name does.
func inferKind(cols []field) logKind {
	has := func(want field) bool {
		for _, f := range cols {
			if f == want {
				return true
			}
		}
		return false
	}
	switch {
	case has(fFunc):
		return kindModbus
	case has(fFCRequest):
		return kindDNP3
	case has(fRosctrName):
		return kindS7comm
	case has(fVendorName):
		return kindCIPIdentity
	case has(fModuleName):
		return kindS7Devices
	case has(fOrigH) && has(fRespH) && has(fRespP):
		return kindConn
	}
	return kindUnknown
}
