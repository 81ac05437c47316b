package reports

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTableLaysOutAsTabwriter holds the text report's own column layout
// against text/tabwriter's on random cells: plain, wide runes, trailing
// spaces, empty. (Not a byte 0xff: tabwriter takes it as an escape and
// breaks the table, which the report's own layout does not.)
func TestTableLaysOutAsTabwriter(t *testing.T) {
	words := []string{"", "a", "PLC-01", "Zürich pump", "控制", "after 8h", "x  ", "  y", "é\u0301"}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		n, cols := 1+rng.IntN(6), 1+rng.IntN(5)
		rows := make([][]string, n)
		whys := make([][]string, n)
		for i := range rows {
			for range cols {
				rows[i] = append(rows[i], words[rng.IntN(len(words))]+words[rng.IntN(len(words))])
			}
			if rng.IntN(2) == 0 {
				whys[i] = []string{"because " + words[rng.IntN(len(words))]}
			}
		}
		var fast, slow textReport
		fast.table(rows, whys)
		slow.tabwriterTable(rows, whys)
		if fast.buf.String() != slow.buf.String() {
			t.Fatalf("round %d: rows %q\nown:\n%s\ntabwriter:\n%s", round, rows,
				strings.ReplaceAll(fast.buf.String(), " ", "·"), strings.ReplaceAll(slow.buf.String(), " ", "·"))
		}
	}
}
