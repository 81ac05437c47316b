package importers

import "strings"

// scanCSV parses well-formed CSV (RFC 4180: fields optionally in double
// quotes, "" for a quote inside them, line breaks inside quoted fields) and
// calls emit for each record with the row a spreadsheet shows for it. Its
// fields are substrings of data: a site model of a hundred thousand rows is
// read without a copy per cell. It reports false, having emitted nothing,
// when data holds anything it leaves to encoding/csv's lenient reading: a
// quote inside an unquoted field, text after a closing quote, an unclosed
// quote, a carriage return that does not end a line.
func scanCSV(data string, comma byte, emit func(row int, rec []string)) bool {
	// Without quotes or carriage returns every line is a record as it
	// stands; otherwise check the whole file before emitting anything.
	if strings.IndexByte(data, '"') >= 0 || strings.IndexByte(data, '\r') >= 0 {
		if !scanRecords(data, comma, nil) {
			return false
		}
	}
	scanRecords(data, comma, emit)
	return true
}

// splitFields splits a line that holds no quote at each comma, into rec.
func splitFields(rec []string, line string, comma byte) []string {
	rec = rec[:0]
	for {
		k := strings.IndexByte(line, comma)
		if k < 0 {
			return append(rec, line)
		}
		rec = append(rec, line[:k])
		line = line[k+1:]
	}
}

// scanRecords walks the records of data; with a nil emit it only checks that
// data is well formed.
func scanRecords(data string, comma byte, emit func(row int, rec []string)) bool {
	var rec []string
	row, line, endLine := 0, 1, 0 // spreadsheet row; current line; last line of the previous record
	i := 0
	for i < len(data) {
		// An empty line is no record, but it is a row of the sheet.
		if data[i] == '\n' {
			i++
			line++
			continue
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i += 2
			line++
			continue
		}
		start := line
		rec = rec[:0]
		// A line without quotes or carriage returns is a record as it
		// stands: find its end and its commas with IndexByte.
		end := len(data)
		if k := strings.IndexByte(data[i:], '\n'); k >= 0 {
			end = i + k
		}
		if plain := data[i:end]; strings.IndexByte(plain, '"') < 0 && strings.IndexByte(plain, '\r') < 0 {
			i = min(end+1, len(data))
			row += start - endLine
			endLine = line
			line++
			if emit != nil {
				rec = splitFields(rec, plain, comma)
				emit(row, rec)
			}
			continue
		}
		for {
			var field string
			if i < len(data) && data[i] == '"' {
				// A quoted field runs to the quote not followed by another.
				j := i + 1
				escaped := false
				for {
					k := strings.IndexByte(data[j:], '"')
					if k < 0 {
						return false // an unclosed quote
					}
					line += strings.Count(data[j:j+k], "\n")
					j += k
					if j+1 < len(data) && data[j+1] == '"' {
						escaped = true
						j += 2
						continue
					}
					break
				}
				field = data[i+1 : j]
				if escaped && emit != nil {
					field = strings.ReplaceAll(field, `""`, `"`)
				}
				if strings.IndexByte(field, '\r') >= 0 {
					return false // encoding/csv turns \r\n inside quotes into \n
				}
				i = j + 1
				if i < len(data) && data[i] != comma && data[i] != '\n' && !(data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n') {
					return false // text after the closing quote
				}
			} else {
				j := i
				for j < len(data) && data[j] != comma && data[j] != '\n' {
					if data[j] == '"' {
						return false // a quote inside an unquoted field
					}
					if data[j] == '\r' {
						if j+1 < len(data) && data[j+1] == '\n' {
							break
						}
						return false
					}
					j++
				}
				field = data[i:j]
				i = j
			}
			rec = append(rec, field)
			if i < len(data) && data[i] == comma {
				i++
				continue
			}
			break
		}
		// The record ends at a line break or at the end of data.
		if i < len(data) && data[i] == '\r' {
			i++
		}
		if i < len(data) && data[i] == '\n' {
			i++
		}
		row += start - endLine
		endLine = line
		line++
		if emit != nil {
			emit(row, rec)
		}
	}
	return true
}
