package importers

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// Limits that keep a hostile workbook from taking the machine: what its parts
// may inflate to in all, what one part excelize holds in memory may inflate
// to (bigger worksheets and shared strings go to a temporary file), and how
// much those parts may take together.
const (
	xlsxUnzipLimit    = 1 << 30
	xlsxXMLLimit      = 64 << 20
	xlsxInMemoryLimit = 256 << 20
	xlsxMaxParts      = 10000
	// excelMaxRows is the last row a worksheet can have.
	excelMaxRows = 1_048_576
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

const oldXLSMsg = "an old .xls workbook or a password-protected one: save it as .xlsx without a password"

// ReadXLSX reads a workbook and resolves the model. The sheets are streamed
// row by row, concurrently. See Load for the result.
func ReadXLSX(path string, opts Options) (m *graph.Model, err error) {
	bigStrings, err := checkWorkbook(path)
	if err != nil {
		return failed(path, &graph.Problem{File: path, Msg: err.Error(), Err: err})
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLLimit})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return failed(path, &graph.Problem{File: path, Msg: "cannot read the workbook: " + err.Error(), Err: err})
	}
	defer f.Close()
	var cands []candidate
	for _, name := range f.GetSheetList() {
		cands = append(cands, candidate{path, name})
	}
	// excelize reads shared strings kept in a temporary file without a lock.
	return readModel(path, cands, func(p *sheetParser, c *candidate) { readWorksheet(p, f, c.sheet) }, opts, bigStrings)
}

// readWorksheet feeds the rows of a worksheet to p, values as displayed.
func readWorksheet(p *sheetParser, f *excelize.File, sheet string) {
	fatal := func(row int, msg string, err error) {
		p.fatal.Add(&graph.Problem{File: p.src.File(), Sheet: sheet, Row: row, Msg: msg, Err: err})
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		if rows != nil {
			rows.Close()
		}
		fatal(0, "cannot read the sheet: "+err.Error(), err)
		return
	}
	defer rows.Close()
	// Rows iterates the empty rows up to any row number a sheet names, so
	// count them: a crafted sheet must not keep the loop going.
	n := 0
	for rows.Next() {
		if n++; n > excelMaxRows {
			fatal(0, tooManyRows, nil)
			return
		}
		cells, err := rows.Columns()
		if err != nil {
			p.rowErrs.Add(&graph.Problem{File: p.src.File(), Sheet: sheet, Row: n, Msg: "cannot read the row: " + err.Error(), Err: err})
			continue
		}
		p.add(n, cells)
	}
	if err := rows.Error(); errors.Is(err, excelize.ErrMaxRows) {
		fatal(0, tooManyRows, err)
	} else if err != nil {
		fatal(n+1, "cannot read the sheet: "+err.Error(), err)
	}
}

const tooManyRows = "row number past Excel's limit of 1,048,576"

// checkWorkbook looks at a workbook's zip directory before excelize reads
// it, to refuse early what is not a workbook, and parts that would inflate
// past the limits (the sizes the directory declares are enforced while
// inflating). bigStrings says whether the shared strings go to a temporary
// file.
func checkWorkbook(path string) (bigStrings bool, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, errors.New(fileProblem(path, err).Msg)
	}
	if !fi.Mode().IsRegular() {
		return false, errors.New("not a regular file")
	}
	magic := make([]byte, len(oleMagic))
	if f, err := os.Open(path); err == nil {
		n, _ := f.Read(magic)
		f.Close()
		if n == len(oleMagic) && string(magic) == string(oleMagic) {
			return false, errors.New(oldXLSMsg)
		}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false, fmt.Errorf("not an .xlsx workbook: not a zip archive, or a truncated one (%w)", err)
	}
	defer zr.Close()
	if len(zr.File) > xlsxMaxParts {
		return false, fmt.Errorf("not an .xlsx workbook: %d parts (at most %d)", len(zr.File), xlsxMaxParts)
	}
	var total, inMemory uint64
	for _, zf := range zr.File {
		size := zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		if total += size; total > xlsxUnzipLimit || size > xlsxUnzipLimit {
			return false, fmt.Errorf("part %s inflates past the limit of %d MiB", zf.Name, xlsxUnzipLimit>>20)
		}
		if size > xlsxXMLLimit {
			switch {
			case name == "xl/sharedstrings.xml":
				bigStrings = true
				continue
			case strings.HasPrefix(name, "xl/worksheets/sheet"):
				continue
			}
			return false, fmt.Errorf("part %s inflates past the limit of %d MiB", zf.Name, xlsxXMLLimit>>20)
		}
		if inMemory += size; inMemory > xlsxInMemoryLimit {
			return false, fmt.Errorf("parts up to %s inflate past the limit of %d MiB", zf.Name, xlsxInMemoryLimit>>20)
		}
	}
	return bigStrings, nil
}
