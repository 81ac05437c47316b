package graph_test

import (
	"fmt"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// BenchmarkSuggest times suggest against an attacker on the vendor gateway
// of a synthetic site: it reaches every PLC and SIS of every plant through
// the DMZ. The answer must come well within the two seconds a responder
// waits at 10 000 assets.
func BenchmarkSuggest(b *testing.B) {
	for _, n := range benchSizes {
		m := benchModel(b, n)
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sg, err := m.Suggest(graph.SuggestOptions{Compromised: "asset:VGW-1", Top: 10})
				if err != nil {
					b.Fatal(err)
				}
				if sg.Found == 0 {
					b.Fatal("no option found")
				}
			}
		})
	}
}
