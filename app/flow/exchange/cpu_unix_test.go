//go:build unix

package exchange

import "syscall"

// cpuSeconds is the process's CPU time so far (user and system): on a
// shared machine the wall clock of an export says more about the
// neighbours than about it, so the benchmarks report CPU time too.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
