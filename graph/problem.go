package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is something wrong with the input, located the way a compiler
// locates an error: file, sheet, row and column.
type Problem struct {
	File   string
	Sheet  string
	Row    int    // one-based; 0 when the problem is about the whole sheet or file
	Column string // the header as the user wrote it; "" when not about one cell
	Msg    string
	Err    error // the underlying cause, if any
}

func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	if p.Sheet != "" {
		b.WriteString(p.Sheet)
		if p.Row > 0 {
			fmt.Fprintf(&b, " row %d", p.Row)
		}
		if p.Column != "" {
			fmt.Fprintf(&b, ", column %q", p.Column)
		}
		b.WriteString(": ")
	} else if p.Row > 0 {
		fmt.Fprintf(&b, "row %d: ", p.Row)
	}
	b.WriteString(p.Msg)
	return b.String()
}

func (p *Problem) Unwrap() error { return p.Err }

// At makes a Problem located at a model element's source and column.
func At(src Source, canonicalCol, format string, args ...any) *Problem {
	col := ""
	if canonicalCol != "" {
		col = src.Column(canonicalCol)
	}
	return &Problem{File: src.File(), Sheet: src.Sheet(), Row: src.Row, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// ProblemList collects problems so that all are reported at once.
type ProblemList []*Problem

func (l *ProblemList) Add(p *Problem) { *l = append(*l, p) }

// Sort orders problems by file, sheet, row, column and drops exact repeats.
func (l *ProblemList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Column < b.Column
	})
	out := s[:0]
	for i, p := range s {
		if i > 0 && p.Error() == s[i-1].Error() {
			continue
		}
		out = append(out, p)
	}
	*l = out
}

func (l ProblemList) Error() string {
	switch len(l) {
	case 0:
		return "no problems"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil when it is empty.
func (l ProblemList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
