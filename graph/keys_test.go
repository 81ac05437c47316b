package graph

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// assetIndex is the index of the asset id names, or -1.
func (ix *index) assetIndex(id string) int32 {
	if i, ok := ix.assetKey.get(id); ok {
		return i
	}
	return -1
}

// TestKeyTableMatchesKey holds the table against a map keyed by Key: the
// same ids match, whatever their case, spaces or Unicode.
func TestKeyTableMatchesKey(t *testing.T) {
	parts := []string{"a", "A", "z", "Z", "-", "0", " ", "\t", "é", "É", "K", "\u212a", "ß", "ẞ", "\u00a0", "Σ", "σ", "ς", "İ", "i", "I"}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	for round := range 200 {
		want := map[string]int32{}
		var ids []string
		tab := newKeyTable(rng.IntN(4), func(v int32) string { return ids[v] })
		for range 60 {
			id := word()
			if _, dup := tab.get(id); dup {
				continue
			}
			want[Key(id)] = int32(len(ids))
			tab.put(id, int32(len(ids)))
			ids = append(ids, strings.TrimSpace(id))
		}
		for range 200 {
			id := word()
			w, wok := want[Key(id)]
			g, gok := tab.get(id)
			if w != g || wok != gok {
				t.Fatalf("round %d: get(%q) = %d, %v; want %d, %v", round, id, g, gok, w, wok)
			}
		}
	}
}

func FuzzKeyTable(f *testing.F) {
	f.Add("S1-PLC-0001", " s1-plc-0001 ")
	f.Add("\u212a", "k")
	f.Fuzz(func(t *testing.T, a, b string) {
		tab := newKeyTable(1, func(int32) string { return strings.TrimSpace(a) })
		tab.put(a, 0)
		_, got := tab.get(b)
		if want := Key(a) == Key(b); got != want {
			t.Fatalf("put %q, get %q: found %v, want %v", a, b, got, want)
		}
	})
}

// TestSortedByOrdersAsStrings holds sortedBy against sorting the strings
// themselves, with ids around the 16 bytes it compares as integers.
func TestSortedByOrdersAsStrings(t *testing.T) {
	parts := []string{"", "a", "A", "\x00", "0", "-", "S1-PLC-", "0001", "é", "\xff", "0123456789abcdef"}
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		seen := map[string]bool{}
		var ids []string
		for range rng.IntN(40) {
			var b strings.Builder
			for range rng.IntN(5) {
				b.WriteString(parts[rng.IntN(len(parts))])
			}
			if id := b.String(); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		got := sortedBy(len(ids), func(i int) string { return ids[i] })
		for i := 1; i < len(got); i++ {
			if a, b := ids[got[i-1]], ids[got[i]]; a >= b {
				t.Fatalf("round %d: %q before %q", round, a, b)
			}
		}
	}
}

// TestKeyTableFill fills a large table at once, as resolving assets does,
// and finds every id in it and no other.
func TestKeyTableFill(t *testing.T) {
	for _, n := range []int{0, 3, 1 << 14, 60000} {
		ids := make([]string, n)
		hashes := make([]uint32, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("S%d-PLC-%05d", i%7, i)
			hashes[i] = keyHash(ids[i])
		}
		tab := newKeyTable(n, func(v int32) string { return ids[v] })
		tab.fill(hashes)
		for i, id := range ids {
			if v, ok := tab.get(" " + strings.ToLower(id)); !ok || v != int32(i) {
				t.Fatalf("%d ids: get(%q) = %d, %v; want %d", n, id, v, ok, i)
			}
		}
		if _, ok := tab.get("S1-PLC-99999x"); ok {
			t.Fatalf("%d ids: found an id never put", n)
		}
	}
}
