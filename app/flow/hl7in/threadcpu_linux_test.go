//go:build linux

package hl7in

import (
	"syscall"
	"unsafe"
)

// threadCPU is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID):
// it leaves out the time spent waiting for a core or for the disk, so it
// is the work a message costs, the same on a busy machine as on an idle
// one. The benchmark locks its goroutine to the thread.
func threadCPU() int64 {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}
