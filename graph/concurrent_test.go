package graph_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// TestSimulateConcurrently runs simulations of one model side by side, as
// the simulate command does with its no-action count: each answer must be
// the one it gives alone (run with -race to check the sharing too).
func TestSimulateConcurrently(t *testing.T) {
	m, err := importers.Load("../testdata/waterworks", importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := [][]graph.Action{
		nil,
		{{Verb: graph.Isolate, Target: "zone:DMZ"}},
		{{Verb: graph.Shutdown, Target: "asset:NTP-01"}},
		{{Verb: graph.Cut, Target: "conduit:DMZ-OPS"}, {Verb: graph.Shutdown, Target: "kind:domain-controller"}},
	}
	opts := []graph.Options{{}, {Compromised: "asset:VGW-01"}}
	want := map[int]*graph.Result{}
	for i, acts := range cases {
		for j, o := range opts {
			res, err := m.Simulate(acts, o)
			if err != nil {
				t.Fatal(err)
			}
			want[i*len(opts)+j] = res
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		for i, acts := range cases {
			for j, o := range opts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := m.Simulate(acts, o)
					if err != nil {
						t.Error(err)
						return
					}
					if diff := cmp.Diff(want[i*len(opts)+j], res); diff != "" {
						t.Errorf("%v %+v side by side (-alone +side by side):\n%s", acts, o, diff)
					}
				}()
			}
		}
	}
	wg.Wait()
}
