//go:build !unix

package search

// cpuMillis has no getrusage to read off Unix: the benchmarks report 0
// CPU milliseconds there and their wall times stand alone.
func cpuMillis() float64 { return 0 }
