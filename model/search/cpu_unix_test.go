//go:build unix

package search

import "syscall"

// cpuMillis is the process's CPU time so far: on a shared machine the
// wall time of an operation says more about the neighbours than about it,
// so the benchmarks also report CPU milliseconds per operation.
func cpuMillis() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
