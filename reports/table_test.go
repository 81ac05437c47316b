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

// TestBriefKeepsTheFailureThatExplains: a short why chain is printed whole;
// a long one keeps what is lost, the failure that explains it and the
// action at the root, and counts the rest.
func TestBriefKeepsTheFailureThatExplains(t *testing.T) {
	chain := []string{
		"F-1 stops reaching PLC-1 after 4d",
		"PLC-1 lost after 4d: PLC-1 needs time from NTP-2, works 3d without it",
		"NTP-2 lost after 1d: NTP-2 needs time from NTP-1, works 1d without it",
		`NTP-1 shut down by "shutdown asset:NTP-1"`,
	}
	if got := brief(chain); strings.Join(got, "\n") != strings.Join(chain, "\n") {
		t.Errorf("a chain of 4 lines was shortened: %q", got)
	}
	long := append(append([]string{}, chain[:3]...), "NTP-1 lost after 1h: NTP-1 needs power from UPS-1", "UPS-1 lost after 1h", chain[3])
	want := []string{chain[0], chain[1], chain[3], "… 3 more causes: see --format json"}
	if got := brief(long); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("brief =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
