package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/synth"
)

var benchSizes = []int{10_000, 100_000}

func benchModel(b *testing.B, n int) *graph.Model {
	b.Helper()
	m := synth.Generate(n, n/5000+1, 1)
	if errs := m.Resolve(false); len(errs) > 0 {
		b.Fatal(errs)
	}
	return m
}

// benchActions shut down a site's time server and a domain controller and
// isolate the DMZ: the failure spreads through time, authentication and the
// feeds of the site, and cuts every site from the DMZ.
var benchActions = []graph.Action{
	{Verb: graph.Shutdown, Target: "asset:S1-NTP"},
	{Verb: graph.Shutdown, Target: "asset:S1-DC-1"},
	{Verb: graph.Isolate, Target: "zone:DMZ"},
}

// BenchmarkAssess times the engine alone — rules 1–9 over the whole model,
// without writing the result up — against a plain breadth-first walk over
// the same edges, measured in the same run (engine/bfs).
func BenchmarkAssess(b *testing.B) {
	for _, n := range benchSizes {
		m := benchModel(b, n)
		g := plainGraph(m)
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			bfs := g.timeBFS()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a, err := m.Assess(benchActions, graph.Options{Compromised: "asset:VGW-1"})
				if err != nil {
					b.Fatal(err)
				}
				a.Release()
			}
			b.StopTimer()
			report(b, bfs)
		})
	}
}

func report(b *testing.B, bfs time.Duration) {
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(bfs.Microseconds()), "bfs-µs")
	b.ReportMetric(float64(per)/float64(bfs), "engine/bfs")
}

// timeBFS is the time of one walk from the first asset, the best of many.
func (g *plain) timeBFS() time.Duration {
	best := time.Duration(1 << 62)
	for i := 0; i < 30; i++ {
		start := time.Now()
		g.bfs(0)
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

// BenchmarkSimulate times the engine and, in the same run, a plain
// breadth-first walk over the same edges (asset–zone memberships, provider
// to consumer, feed steps), so the ratio shows as engine/bfs.
func BenchmarkSimulate(b *testing.B) {
	// The model is built inside each size's run, so that -bench can leave
	// out the million-asset one (-bench 'Simulate/assets=1000000$').
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			g := plainGraph(m)
			b.ReportAllocs()
			bfs := g.timeBFS()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := m.Simulate(benchActions, graph.Options{Compromised: "asset:VGW-1"}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			report(b, bfs)
		})
	}
}

// plain is the model's edges as an adjacency list over assets and zones.
type plain struct {
	start []int32
	adj   []int32
}

func plainGraph(m *graph.Model) *plain {
	na := len(m.Assets)
	id := map[string]int32{}
	for i, a := range m.Assets {
		id[graph.Key(a.ID)] = int32(i)
	}
	for i, z := range m.Zones {
		id["zone:"+graph.Key(z.ID)] = int32(na + i)
	}
	n := na + len(m.Zones)
	var edges [][2]int32
	link := func(a, b int32) { edges = append(edges, [2]int32{a, b}, [2]int32{b, a}) }
	for i, a := range m.Assets {
		for _, z := range a.Zones {
			link(int32(i), id["zone:"+graph.Key(z)])
		}
	}
	for _, d := range m.Dependencies {
		for _, p := range d.Providers {
			link(id[graph.Key(p)], id[graph.Key(d.Consumer)])
		}
	}
	for _, f := range m.Feeds {
		layers := append([][]string{f.Source}, f.Via...)
		layers = append(layers, f.To)
		for l := 1; l < len(layers); l++ {
			for _, x := range layers[l-1] {
				for _, y := range layers[l] {
					link(id[graph.Key(x)], id[graph.Key(y)])
				}
			}
		}
	}
	for _, c := range m.Conduits {
		link(id["zone:"+graph.Key(c.From)], id["zone:"+graph.Key(c.To)])
	}
	g := &plain{start: make([]int32, n+1), adj: make([]int32, len(edges))}
	for _, e := range edges {
		g.start[e[0]+1]++
	}
	for i := 1; i <= n; i++ {
		g.start[i] += g.start[i-1]
	}
	next := append([]int32(nil), g.start[:n]...)
	for _, e := range edges {
		g.adj[next[e[0]]] = e[1]
		next[e[0]]++
	}
	return g
}

func (g *plain) bfs(from int32) int {
	seen := make([]bool, len(g.start)-1)
	queue := []int32{from}
	seen[from] = true
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range g.adj[g.start[x]:g.start[x+1]] {
			if !seen[y] {
				seen[y] = true
				queue = append(queue, y)
			}
		}
	}
	return len(seen)
}
