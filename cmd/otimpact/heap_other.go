//go:build !linux

package main

// reserveHeap does nothing where the kernel takes no advice on huge pages.
func reserveHeap(int) {}
