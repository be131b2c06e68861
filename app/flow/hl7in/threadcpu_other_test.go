//go:build !linux

package hl7in

// threadCPU has no per-thread clock to read off Linux: the benchmark
// reports 0 CPU milliseconds there and its wall times stand alone.
func threadCPU() int64 { return 0 }
