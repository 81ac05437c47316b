package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// The model read after reserveHeap lands in memory the kernel was advised to
// back with huge pages (VmFlags "hg" in /proc/self/smaps).
func TestReserveHeapAdvisesHugePages(t *testing.T) {
	if mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages are off on this machine")
	}
	reserveHeap(64 << 20)
	b := make([]byte, 8<<20)
	// Its first 2 MiB may precede the first huge page boundary.
	flags, err := vmFlags(uintptr(unsafe.Pointer(&b[4<<20])))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("memory allocated after reserveHeap has VmFlags %q, want hg (MADV_HUGEPAGE)", flags)
	}
}

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping holds %#x", addr)
}

func TestModelSize(t *testing.T) {
	if got, want := modelSize("../../testdata/waterworks.xlsx"), fileSize(t, "../../testdata/waterworks.xlsx"); got != want {
		t.Errorf("modelSize(workbook) = %d, want %d", got, want)
	}
	if got := modelSize("../../testdata/waterworks"); got < 10_000 {
		t.Errorf("modelSize(folder) = %d, want the sum of its files", got)
	}
	if got := modelSize("no/such/model"); got != 0 {
		t.Errorf("modelSize(missing) = %d, want 0", got)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
