//go:build unix

package cli

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used (user and system): on a
// shared machine, the figure a benchmark can trust.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
