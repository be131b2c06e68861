//go:build !linux

package cli

import "time"

// threadCPU is read on Linux only: elsewhere the bench shows the wall clock alone.
func threadCPU() (time.Duration, bool) { return 0, false }
