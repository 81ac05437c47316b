package graph

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestFeedsResolveTheSameSideBySide holds the lookup of feeds' assets on
// several goroutines against the lookup as feeds are read, on a model with
// unknown assets, duplicate feed ids, empty hops and references in mixed
// case: the same feeds kept, the same index, the same problems.
func TestFeedsResolveTheSameSideBySide(t *testing.T) {
	build := func() *Model {
		s := newSite()
		for i := range 300 {
			s.asset(fmt.Sprintf("A-%03d plc Z", i))
		}
		m := s.m
		for i := range 6000 {
			f := Feed{
				ID:     fmt.Sprintf("F-%d", i),
				Source: []string{fmt.Sprintf("a-%03d", i%300)},
				Via:    [][]string{{fmt.Sprintf("A-%03d", (i+1)%300), fmt.Sprintf(" A-%03d ", (i+2)%300)}},
				To:     []string{fmt.Sprintf("A-%03d", (i+7)%300), fmt.Sprintf("A-%03d", (i+7)%300)},
				Src:    Source{Row: i + 2},
			}
			switch i % 97 {
			case 1:
				f.Source = []string{"NO-SUCH-ASSET"}
			case 2:
				f.ID = fmt.Sprintf("f-%d", i-1) // a duplicate of the feed before
			case 3:
				f.Via = append(f.Via, []string{"MISSING"})
			case 4:
				f.To = nil
			}
			m.Feeds = append(m.Feeds, f)
		}
		return m
	}
	parallel, serial := build(), build()
	probParallel := parallel.Resolve(true)
	defer func(n int) { minParallelFeeds = n }(minParallelFeeds)
	minParallelFeeds = 1 << 30
	probSerial := serial.Resolve(true)
	if len(parallel.Feeds) == 6000 || len(parallel.Feeds) < 5000 {
		t.Fatalf("%d feeds kept: the model should lose a few bad ones", len(parallel.Feeds))
	}
	opts := []cmp.Option{cmp.AllowUnexported(index{}, csr{}), cmpopts.IgnoreFields(index{}, "assetKey", "zoneKey", "conduitKey", "scratchPool", "beforeOnce", "beforeMu", "rank", "model", "assetOnce", "feedOnce")}
	if diff := cmp.Diff(serial.Feeds, parallel.Feeds); diff != "" {
		t.Errorf("feeds (-serial +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(serial.ix, parallel.ix, opts...); diff != "" {
		t.Errorf("index (-serial +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(fmt.Sprint(probSerial, serial.Warnings), fmt.Sprint(probParallel, parallel.Warnings)); diff != "" {
		t.Errorf("problems (-serial +parallel):\n%s", diff)
	}
}

// TestDuplicateFeedIDs: a feed whose id matches (trimmed, case-folded) that
// of a feed kept before it is a duplicate; a feed left out for another
// problem does not make a later one a duplicate.
func TestDuplicateFeedIDs(t *testing.T) {
	m := newSite().asset("A server Z").asset("B server Z").m
	feed := func(id, source string, row int) Feed {
		return Feed{ID: id, Source: []string{source}, To: []string{"B"}, Src: Source{Origin: &Origin{File: "site.xlsx", Sheet: "Feeds"}, Row: row}}
	}
	m.Feeds = []Feed{
		feed("F-1", "A", 2),
		feed(" f-1 ", "A", 3),  // duplicate of row 2
		feed("F-2", "NOPE", 4), // left out: unknown source
		feed("F-2", "A", 5),    // kept: row 4 was left out
		feed("F-2", "A", 6),    // duplicate of row 5
		feed("F-3", "A", 7),
	}
	probs := m.Resolve(true)
	if len(probs) != 0 {
		t.Fatalf("problems with skipInvalid: %v", probs)
	}
	var ids []string
	for _, f := range m.Feeds {
		ids = append(ids, fmt.Sprintf("%s@%d", f.ID, f.Src.Row))
	}
	if diff := cmp.Diff([]string{"F-1@2", "F-2@5", "F-3@7"}, ids); diff != "" {
		t.Errorf("feeds kept (-want +got):\n%s", diff)
	}
	var dups []string
	for _, w := range m.Warnings {
		if strings.Contains(w.Msg, "duplicate feed id") {
			dups = append(dups, fmt.Sprintf("row %d: %s", w.Row, w.Msg))
		}
	}
	want := []string{
		`row 3: duplicate feed id "f-1" (first at row 2)`,
		`row 6: duplicate feed id "F-2" (first at row 5)`,
	}
	if diff := cmp.Diff(want, dups); diff != "" {
		t.Errorf("duplicates reported (-want +got):\n%s", diff)
	}
}

func TestSharedHashesMarksEqualHashes(t *testing.T) {
	for _, n := range []int{0, 1, 5, 1 << 14, 50000} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		keyed := make([]uint64, n)
		want := make([]bool, n)
		byHash := map[uint32][]int{}
		for k := range keyed {
			h := rng.Uint32()
			if rng.IntN(50) == 0 && k > 0 {
				h = uint32(keyed[rng.IntN(k)] >> 32) // a shared hash
			}
			keyed[k] = uint64(h)<<32 | uint64(k)
			byHash[h] = append(byHash[h], k)
		}
		for _, ks := range byHash {
			for _, k := range ks {
				want[k] = len(ks) > 1
			}
		}
		if diff := cmp.Diff(want, sharedHashes(keyed)); diff != "" {
			t.Errorf("%d feeds: suspects (-want +got):\n%s", n, diff)
		}
	}
}
