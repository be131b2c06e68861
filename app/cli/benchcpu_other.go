//go:build !unix

package cli

import "time"

// processCPU is not measured here: the bench gives wall time only.
func processCPU() time.Duration { return -1 }
