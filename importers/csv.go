package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/otimpact/otimpact/graph"
)

// maxCSVBytes bounds one CSV file: a site model is megabytes, not gigabytes.
const maxCSVBytes = 1 << 30

// ReadCSVDir reads a folder holding assets.csv, zones.csv, conduits.csv,
// dependencies.csv, feeds.csv and scenarios.csv (names matched like sheet
// names; only assets.csv is required) and resolves the model. The files are
// parsed concurrently. See Load for the result.
func ReadCSVDir(dir string, opts Options) (*graph.Model, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return failed(dir, fileProblem(dir, err))
	}
	var cands []candidate
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			file := filepath.Join(dir, e.Name())
			cands = append(cands, candidate{file, sheetName(file)})
		}
	}
	return readModel(dir, cands, readCSV, opts, false)
}

// readCSVFile reads one CSV file as the Assets sheet.
func readCSVFile(path string, opts Options) (*graph.Model, error) {
	tasks := []sheetTask{{schemas[sheetAssets], &candidate{path, sheetName(path)}}}
	return build(path, readSheets(tasks, readCSV, opts, true), nil, nil, nil, opts)
}

// sheetName is the sheet a CSV file stands for: its base name without the
// extension.
func sheetName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// readCSV feeds the rows of a CSV file to p. Row numbers are those a
// spreadsheet shows: blank lines count, a quoted cell spanning lines does not.
func readCSV(p *sheetParser, c *candidate) {
	path := c.file
	fatal := func(msg string, err error) {
		p.fatal.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Msg: msg, Err: err})
	}
	data, err := readFileBounded(path)
	if err != nil {
		fatal(fileProblem(path, err).Msg, err)
		return
	}
	data, warn, err := textOf(data)
	if err != nil {
		fatal(err.Error(), err)
		return
	}
	if warn != "" {
		p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Msg: warn})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		fatal("empty file: want a header row with the column(s) "+quoteAll(p.sc.required), nil)
		return
	}
	comma, data := sniffDelimiter(data, p.sc)
	// A row takes a line, and more than a few bytes.
	p.hint, p.bytes = bytes.Count(data, []byte{'\n'})+1, len(data)
	// The cells are strings into data, not copies: nothing writes to data
	// from here on, and a copy would double the memory a large model takes.
	if comma < 0x80 && scanCSV(unsafe.String(unsafe.SliceData(data), len(data)), byte(comma), p.add) {
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	row, endLine := 0, 0 // spreadsheet row and last line of the previous record
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			fatal(err.Error(), err)
			break
		}
		line := 0
		if err != nil {
			line = pe.StartLine
		} else {
			line, _ = r.FieldPos(0)
		}
		row += line - endLine
		endLine = line
		for _, f := range rec {
			if strings.IndexByte(f, '\n') >= 0 {
				endLine += strings.Count(f, "\n")
			}
		}
		if err != nil {
			p.rowErrs.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: row, Msg: pe.Err.Error(), Err: err})
			continue
		}
		p.add(row, rec)
	}
}

// readFileBounded reads a regular file of at most maxCSVBytes. It refuses
// anything else (a FIFO would block forever).
func readFileBounded(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > maxCSVBytes {
		return nil, fmt.Errorf("file is too large (%d MiB; at most %d MiB)", fi.Size()>>20, maxCSVBytes>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One buffer of the size the file has (and a byte more, to see that it
	// did not grow meanwhile): the model's strings point into it.
	buf := make([]byte, 0, int(fi.Size())+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			if len(buf) > maxCSVBytes {
				return buf, fmt.Errorf("file is too large (at most %d MiB)", maxCSVBytes>>20)
			}
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// textOf checks that data is text and returns it as UTF-8 without a byte
// order mark. Text that is not UTF-8 is read as Windows-1252, what Excel
// writes for "CSV (Comma delimited)" on Western-European Windows; warn says so.
func textOf(data []byte) (text []byte, warn string, err error) {
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return nil, "", errors.New("not a text CSV file: it is UTF-16 (save it as \"CSV UTF-8\")")
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, "", errors.New("not a text CSV file: it holds NUL bytes (is it a binary file?)")
	}
	if utf8.Valid(data) {
		return data, "", nil
	}
	return fromWindows1252(data), "not UTF-8: read as Windows-1252 (save it as \"CSV UTF-8\" to be sure)", nil
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 to Unicode; the other
// bytes above 0x7F are Latin-1.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func fromWindows1252(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, cp1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// sniffDelimiter finds the delimiter of a CSV file: the one, of ',', ';'
// and tab, that splits a line near the top into the sheet's required
// columns (most used outside quotes, if several do). A first line "sep=;",
// which Excel writes and hides, names it and is dropped.
func sniffDelimiter(data []byte, sc *schema) (rune, []byte) {
	if line, rest, _ := bytes.Cut(data, []byte("\n")); bytes.HasPrefix(bytes.ToLower(line), []byte("sep=")) {
		if sep := strings.TrimSpace(string(line[4:])); utf8.RuneCountInString(sep) == 1 {
			if r, _ := utf8.DecodeRuneInString(sep); validDelim(r) {
				return r, rest
			}
		}
	}
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for n := 0; n < 100 && len(head) > 0; n++ {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		best, bestCount := rune(0), 0
		for _, d := range [...]rune{',', ';', '\t'} {
			cells, count := splitLine(string(line), d)
			if sc.isHeaderRow(cells) && count > bestCount {
				best, bestCount = d, count
			}
		}
		if best != 0 {
			return best, data
		}
	}
	return ',', data
}

// validDelim reports whether encoding/csv accepts r as a delimiter.
func validDelim(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError && utf8.ValidRune(r)
}

// splitLine splits one line on d outside double quotes, and counts the
// delimiters that split it.
func splitLine(line string, d rune) (cells []string, count int) {
	quoted, start := false, 0
	for i, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			cells = append(cells, strings.Trim(line[start:i], "\" \r"))
			start = i + utf8.RuneLen(r)
			count++
		}
	}
	return append(cells, strings.Trim(line[start:], "\" \r")), count
}
