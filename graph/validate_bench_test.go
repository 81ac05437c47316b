package graph_test

import (
	"fmt"
	"testing"
)

// BenchmarkValidate lints a synthetic site at two sizes, as the command
// does once per model: the simulation with no action, the baseline that
// single actions are assessed from, each candidate cause of false
// redundancy assessed incrementally, and the structural checks. The model
// is resolved again before each run, with the timer stopped, so that
// nothing built by the previous run is reused.
func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		m := benchModel(b, n)
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var findings int
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if errs := m.Resolve(false); len(errs) > 0 {
					b.Fatal(errs)
				}
				b.StartTimer()
				fs, err := m.Validate()
				if err != nil {
					b.Fatal(err)
				}
				findings = len(fs)
			}
			b.ReportMetric(float64(findings), "findings")
		})
	}
}
