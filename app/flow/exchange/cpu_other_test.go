//go:build !unix

package exchange

// cpuSeconds has no getrusage off Unix: the benchmarks report 0 CPU
// seconds there and their wall times stand alone.
func cpuSeconds() float64 { return 0 }
