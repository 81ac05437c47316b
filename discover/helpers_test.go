package discover

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// testSubnets reads testdata/subnets.csv: IT, OPS, CTRL and VENDOR.
func testSubnets(t testing.TB) *importers.Subnets {
	t.Helper()
	sn, err := importers.ReadSubnets(filepath.Join("testdata", "subnets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return sn
}

// propose reads the logs of testdata and proposes a model; the model must
// resolve.
func propose(t testing.TB, opts Options, logs ...string) (*graph.Model, *Report) {
	t.Helper()
	d := New(opts)
	for _, name := range logs {
		path := name
		if !filepath.IsAbs(name) {
			path = filepath.Join("testdata", name)
		}
		if _, err := d.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	m, rep, err := d.Propose()
	if err != nil {
		t.Fatalf("the proposed model does not resolve: %v", err)
	}
	return m, rep
}

func findAsset(m *graph.Model, id string) *graph.Asset {
	for i := range m.Assets {
		if graph.Key(m.Assets[i].ID) == graph.Key(id) {
			return &m.Assets[i]
		}
	}
	return nil
}

func findFeed(m *graph.Model, id string) *graph.Feed {
	for i := range m.Feeds {
		if m.Feeds[i].ID == id {
			return &m.Feeds[i]
		}
	}
	return nil
}

// findDeps returns the dependency rows of a consumer for a service.
func findDeps(m *graph.Model, consumer, service string) []graph.Dependency {
	var out []graph.Dependency
	for _, d := range m.Dependencies {
		if graph.Key(d.Consumer) == graph.Key(consumer) && d.Service == service {
			out = append(out, d)
		}
	}
	return out
}

func findConduit(m *graph.Model, a, b string) *graph.Conduit {
	for i, c := range m.Conduits {
		if c.From == a && c.To == b || c.From == b && c.To == a {
			return &m.Conduits[i]
		}
	}
	return nil
}

// hops writes a feed's via as the Feeds sheet does.
func hops(f *graph.Feed) string {
	var parts []string
	for _, h := range f.Via {
		parts = append(parts, strings.Join(h, "|"))
	}
	return strings.Join(parts, " > ")
}

func assetIDs(m *graph.Model) []string {
	var ids []string
	for _, a := range m.Assets {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	return ids
}

// lost lists the feeds a simulation lost.
func lost(t testing.TB, m *graph.Model, actions ...graph.Action) map[string]bool {
	t.Helper()
	res, err := m.Simulate(actions, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range res.Feeds {
		if f.Status == graph.StatusLost {
			out[f.ID] = true
		}
	}
	return out
}
