package discover

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// zeekJSON reads Zeek's JSON logs: one object a line, with the keys of the
// TSV columns ("id.orig_h"), or the same nested ({"id": {"orig_h": …}}).
// A "_path" key tells each line's log, so a stream of several logs reads
// too.
type zeekJSON struct {
	d    *Discoverer
	st   *FileStats
	kind logKind // from the file name; a line's _path wins

	rec     record
	scratch []byte // unescaped strings of the current line
	key     []byte // the dotted key being read
	other   int64  // lines of logs discover does not read
}

func (z *zeekJSON) read(lr *lineReader) {
	for {
		line, ok, tooLong := lr.next()
		if !ok {
			break
		}
		z.st.Lines++
		if tooLong {
			z.st.malformed(lr.n, "%v", errLineTooLong)
			continue
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		z.rec = record{}
		if cap(z.scratch) < len(line) {
			z.scratch = make([]byte, 0, 2*len(line))
		}
		z.scratch = z.scratch[:0]
		if err := z.parse(line); err != nil {
			z.st.malformed(lr.n, "not a JSON object: %v", err)
			continue
		}
		kind := z.kind
		if p := z.rec[fPath]; p != nil {
			kind = kindOfPath(string(p))
		}
		if kind == kindUnknown {
			kind = z.inferKind()
		}
		if kind == kindIgnored || kind == kindUnknown {
			z.other++
			continue
		}
		z.d.use(kind, &z.rec, z.st, lr.n)
	}
	if z.st.Records == 0 && z.st.Malformed == 0 && z.other > 0 {
		z.st.Skipped = "a log discover does not read"
	}
}

// inferKind tells a line's log from the keys it has.
func (z *zeekJSON) inferKind() logKind {
	var cols []field
	for f := range z.rec {
		if z.rec[f] != nil {
			cols = append(cols, field(f))
		}
	}
	return inferKind(cols)
}

var (
	errJSONEnd    = errors.New("unexpected end")
	errJSONSyntax = errors.New("syntax error")
)

// parse reads one JSON object into the record.
func (z *zeekJSON) parse(b []byte) error {
	z.key = z.key[:0]
	i, err := z.object(b, skipSpace(b, 0))
	if err != nil {
		return err
	}
	if skipSpace(b, i) != len(b) {
		return errJSONSyntax
	}
	return nil
}

// object reads an object starting at b[i], its keys below z.key; it
// returns the index after it.
func (z *zeekJSON) object(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '{' {
		return 0, errJSONSyntax
	}
	prefix := len(z.key)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errJSONSyntax
		}
		key, j, err := z.str(b, i)
		if err != nil {
			return 0, err
		}
		z.key = z.key[:prefix]
		if prefix > 0 {
			z.key = append(z.key, '.')
		}
		z.key = append(z.key, key...)
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return 0, errJSONSyntax
		}
		i = skipSpace(b, i+1)
		if i >= len(b) {
			return 0, errJSONEnd
		}
		var v []byte
		switch c := b[i]; {
		case c == '"':
			v, i, err = z.str(b, i)
		case c == '{':
			i, err = z.object(b, i)
		case c == '[':
			i, err = skipArray(b, i)
		default:
			j := i
			for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ' ' && b[j] != '\t' {
				j++
			}
			v, i = b[i:j], j
			if string(v) == "null" {
				v = nil
			} else if !literal(v) {
				return 0, errJSONSyntax
			}
		}
		if err != nil {
			return 0, err
		}
		if v != nil && len(v) > 0 {
			if f, ok := fieldByName[string(z.key)]; ok {
				z.rec[f] = v
			}
		}
		z.key = z.key[:prefix]
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, errJSONEnd
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return 0, errJSONSyntax
		}
	}
}

// literal reports whether v is a JSON number, true or false.
func literal(v []byte) bool {
	switch string(v) {
	case "true", "false":
		return true
	case "":
		return false
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// str reads the string that starts at b[i] and returns its text, without
// a copy when it has no escapes, and the index after it.
func (z *zeekJSON) str(b []byte, i int) ([]byte, int, error) {
	start := i + 1
	j := start
	for j < len(b) && b[j] != '"' && b[j] != '\\' {
		j++
	}
	if j >= len(b) {
		return nil, 0, errJSONEnd
	}
	if b[j] == '"' {
		return b[start:j], j + 1, nil
	}
	// Escapes: unescape into scratch, which parse sized so it never grows.
	out := len(z.scratch)
	z.scratch = append(z.scratch, b[start:j]...)
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			return z.scratch[out:len(z.scratch):len(z.scratch)], j + 1, nil
		case c != '\\':
			z.scratch = append(z.scratch, c)
			j++
			continue
		}
		if j+1 >= len(b) {
			return nil, 0, errJSONEnd
		}
		switch e := b[j+1]; e {
		case '"', '\\', '/':
			z.scratch = append(z.scratch, e)
		case 'b':
			z.scratch = append(z.scratch, '\b')
		case 'f':
			z.scratch = append(z.scratch, '\f')
		case 'n':
			z.scratch = append(z.scratch, '\n')
		case 'r':
			z.scratch = append(z.scratch, '\r')
		case 't':
			z.scratch = append(z.scratch, '\t')
		case 'u':
			r, n := hex4(b, j+2)
			if n < 0 {
				return nil, 0, errJSONSyntax
			}
			j += 4
			if utf16.IsSurrogate(r) {
				if r2, n2 := hex4(b, j+4); n2 >= 0 && j+3 < len(b) && b[j+2] == '\\' && b[j+3] == 'u' {
					r = utf16.DecodeRune(r, r2)
					j += 6
				} else {
					r = utf8.RuneError
				}
			}
			z.scratch = utf8.AppendRune(z.scratch, r)
		default:
			return nil, 0, errJSONSyntax
		}
		j += 2
	}
	return nil, 0, errJSONEnd
}

// hex4 reads four hex digits at b[i]; n is -1 when there are none.
func hex4(b []byte, i int) (rune, int) {
	if i+4 > len(b) {
		return 0, -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, -1
		}
	}
	return r, 4
}

// skipArray passes over an array (Zeek's sets and vectors), strings inside
// it included.
func skipArray(b []byte, i int) (int, error) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		case '"':
			i++
			for i < len(b) && b[i] != '"' {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(b) {
				return 0, errJSONEnd
			}
		}
	}
	return 0, errJSONEnd
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
