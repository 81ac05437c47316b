package importers

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// csvRecords is what encoding/csv, read as readCSV reads it, makes of data:
// each record with its spreadsheet row.
func csvRecords(data string, comma rune) (rows []int, recs [][]string, ok bool) {
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	row, endLine := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, recs, true
		}
		if err != nil {
			return nil, nil, false
		}
		line, _ := r.FieldPos(0)
		row += line - endLine
		endLine = line
		for _, f := range rec {
			endLine += strings.Count(f, "\n")
		}
		rows = append(rows, row)
		recs = append(recs, slices.Clone(rec))
	}
}

func scanAll(data string, comma byte) (rows []int, recs [][]string, ok bool) {
	ok = scanCSV(data, comma, func(row int, rec []string) {
		rows = append(rows, row)
		recs = append(recs, slices.Clone(rec))
	})
	return rows, recs, ok
}

func TestScanCSVReadsWhatEncodingCSVReads(t *testing.T) {
	for _, data := range []string{
		"id,name\nA,Pump\nB,Valve\n",
		"id,name\r\nA,Pump\r\n\r\nB,Valve",
		"title\n\nid,name\n\"A,1\",\"multi\nline\"\nB,\"say \"\"hi\"\"\"\n",
		"id,name\n,\n,,,\nA\n",
		"\"\"\n\"a\"\"b\",c\n",
		"id;zone\nA;OPS|CTRL\n",
		"\n\nid,name\n\nA,Pump\n\n\nB,\n,C",
		"id\nA\n\n",
		",\n",
		"id,name\nA,\"x,y\"\nB,plain\n\n\"C\",\"multi\nline\"\nD,after\r\nE,f\nG,\"\"\"q\"\"\"",
	} {
		comma := byte(',')
		if strings.Contains(data, ";") {
			comma = ';'
		}
		wantRows, wantRecs, _ := csvRecords(data, rune(comma))
		rows, recs, ok := scanAll(data, comma)
		if !ok {
			t.Errorf("%q: the fast reader declined a well-formed file", data)
			continue
		}
		if !slices.Equal(rows, wantRows) || !slices.EqualFunc(recs, wantRecs, slices.Equal[[]string]) {
			t.Errorf("%q:\n fast  %v %q\n csv   %v %q", data, rows, recs, wantRows, wantRecs)
		}
	}
}

func TestScanCSVLeavesIrregularFilesToEncodingCSV(t *testing.T) {
	for _, data := range []string{
		"id,name\nA,Pu\"mp\n",
		"id,name\n\"A\"x,B\n",
		"id,name\n\"A,B\n",
		"id,name\nA,B\rC\n",
	} {
		if _, _, ok := scanAll(data, ','); ok {
			t.Errorf("%q: the fast reader took an irregular file", data)
		}
	}
}

// FuzzScanCSV: whatever the fast reader accepts, it reads exactly as
// encoding/csv does.
func FuzzScanCSV(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", "\"x\"\"y\",\"1\n2\"\r\n\n,z", "", "\n\n", "a\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			scanAll(data, ',')
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%q: the fast reader hangs", data)
		}
		rows, recs, ok := scanAll(data, ',')
		if !ok {
			return
		}
		wantRows, wantRecs, wantOK := csvRecords(data, ',')
		if !wantOK {
			t.Fatalf("%q: fast reader accepted what encoding/csv rejects", data)
		}
		if !slices.Equal(rows, wantRows) || !slices.EqualFunc(recs, wantRecs, slices.Equal[[]string]) {
			t.Fatalf("%q:\n fast  %v %q\n csv   %v %q", data, rows, recs, wantRows, wantRecs)
		}
	})
}
