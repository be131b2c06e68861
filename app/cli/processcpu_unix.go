//go:build unix

package cli

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) the whole process has used:
// on a shared machine the wall clock of a load counts the time its
// goroutines wait for a core, the CPU time only the work.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
