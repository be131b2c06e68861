//go:build !unix

package cli

import "time"

// processCPU is not read where getrusage is missing: the bench shows the
// wall clock alone.
func processCPU() (time.Duration, bool) { return 0, false }
