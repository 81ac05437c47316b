//go:build unix

package importers

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestANamedPipeIsRefusedNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"assets.csv", "site.xlsx", "site"} {
		path := filepath.Join(dir, name)
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
		_, err := Load(path, Options{})
		if got := problems(t, err); len(got) != 1 || !strings.Contains(got[0].Msg, "not a regular file") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// In a folder, the pipe is the asset register.
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, "assets.csv"), 0o644); err != nil {
		t.Skip(err)
	}
	_, err := Load(fifo, Options{})
	if got := problems(t, err); len(got) != 1 || !strings.Contains(got[0].Msg, "not a regular file") {
		t.Errorf("folder: got %v", err)
	}
}
