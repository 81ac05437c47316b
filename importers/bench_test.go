package importers

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeSynthetic writes a synthetic site of about n assets as CSV files and
// returns the folder and its size in bytes.
func writeSynthetic(b *testing.B, n int) (string, int64) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	if err := WriteCSVDir(syntheticSite(n), dir); err != nil {
		b.Fatal(err)
	}
	var size int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			size += fi.Size()
		}
	}
	return dir, size
}

func BenchmarkLoadCSV(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			dir, size := writeSynthetic(b, n)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(dir, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoadXLSX(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "site.xlsx")
			if err := WriteXLSX(syntheticSite(n), path); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(path, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
