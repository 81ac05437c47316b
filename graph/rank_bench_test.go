package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/otimpact/otimpact/graph"
)

// BenchmarkRank ranks every single action of a synthetic site at two sizes.
// The baseline (the simulation with no action and the reverse lists) is
// built once per model, before the timer starts, as a command pays it once;
// BenchmarkRankBaseline times it. ns/action shows that the cost of one
// action follows its impact, not the size of the model.
func BenchmarkRank(b *testing.B) {
	for _, n := range benchSizes {
		m := benchModel(b, n)
		if _, err := m.Rank(graph.RankOptions{Verbs: []graph.Verb{graph.Cut}}); err != nil {
			b.Fatal(err) // builds the baseline
		}
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var actions int
			for i := 0; i < b.N; i++ {
				rk, err := m.Rank(graph.RankOptions{})
				if err != nil {
					b.Fatal(err)
				}
				actions = rk.Candidates
			}
			per := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(actions), "actions")
			b.ReportMetric(float64(per.Nanoseconds())/float64(actions), "ns/action")
		})
	}
}

// BenchmarkRankBaseline times what a ranking pays once per model: the
// simulation with no action and the lists of what each zone pair, slot and
// asset touches.
func BenchmarkRankBaseline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				m := benchModel(b, n)
				b.StartTimer()
				if _, err := m.Rank(graph.RankOptions{Verbs: []graph.Verb{graph.Cut}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
