package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// BenchmarkSimulatePeakMemory runs a whole `otimpact simulate` on a
// generated CSV model, in a process of its own, and reports its peak memory
// (maximum resident set) as peak-MiB:
//
//	go test ./cmd/otimpact -run '^$' -bench SimulatePeakMemory -benchtime 3x
func BenchmarkSimulatePeakMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			var errs bytes.Buffer
			if code := run([]string{"generate", "--assets", fmt.Sprint(n), "-o", dir, "--force"}, io.Discard, &errs); code != 0 {
				b.Fatalf("generate: exit status %d\n%s", code, errs.String())
			}
			var peak int64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestSimulateForPeakMemory$")
				cmd.Env = append(os.Environ(), "OTIMPACT_PEAK_MODEL="+dir)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
			}
			b.ReportMetric(float64(peak)/1024, "peak-MiB")
		})
	}
}

// TestSimulateForPeakMemory is the process BenchmarkSimulatePeakMemory
// measures: main's memory settings, then one simulate run.
func TestSimulateForPeakMemory(t *testing.T) {
	dir := os.Getenv("OTIMPACT_PEAK_MODEL")
	if dir == "" {
		t.Skip("run by BenchmarkSimulatePeakMemory")
	}
	tuneGC()
	if code := run([]string{"simulate", dir, "--shutdown", "asset:S1-NTP"}, io.Discard, os.Stderr); code != 0 {
		t.Fatalf("simulate: exit status %d", code)
	}
}
