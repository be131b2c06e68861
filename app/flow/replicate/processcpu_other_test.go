//go:build !unix

package replicate

import "time"

func processCPU() time.Duration { return 0 }
