package main

import (
	"os"
	"strings"
)

// A model takes about eight times its size on disk in memory once read and
// resolved (a 19 MB folder of CSV files, 150 MB). Models smaller than
// minHeapReserve are read before a reservation would pay for itself.
const (
	heapPerModelByte = 8
	minHeapReserve   = 4 << 20
	maxHeapReserve   = 640 << 20
)

// prepareHeap readies the heap for the model at path: see reserveHeap.
// GODEBUG=disablethp=1 turns it off along with the runtime's own use of
// huge pages.
func prepareHeap(path string) {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return
	}
	n := min(modelSize(path)*heapPerModelByte, maxHeapReserve)
	if n >= minHeapReserve {
		reserveHeap(int(n))
	}
}

// modelSize is the size of a model file, or of the files in a model folder.
func modelSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !fi.IsDir() {
		return fi.Size()
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0
	}
	var total int64
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			total += info.Size()
		}
	}
	return total
}
