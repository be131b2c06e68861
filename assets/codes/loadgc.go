package codes

import (
	"runtime/debug"
	"sync"
)

// While the sets and books load, the heap grows from nothing to ~75 MB of
// long-lived tables: at the default GOGC the collector runs at 4, 8, 16,
// 32 and 64 MB, each time marking tables that will all be kept. Loads
// raise the percentage for their duration (the tables allocate ~110 MB in
// all, so the peak stays well under the 150 MB budget), and the last load
// to finish puts back what was set before (GOGC or the program's own).
const loadGCPercent = 400

var (
	loadGCMu    sync.Mutex
	loadGCDepth int
	loadGCPrior int
)

// duringLoad runs load with the collector's percentage raised.
func duringLoad(load func()) {
	loadGCMu.Lock()
	if loadGCDepth == 0 {
		loadGCPrior = debug.SetGCPercent(loadGCPercent)
		if loadGCPrior < 0 || loadGCPrior > loadGCPercent { // off, or already laxer: leave it
			debug.SetGCPercent(loadGCPrior)
		}
	}
	loadGCDepth++
	loadGCMu.Unlock()
	defer func() {
		loadGCMu.Lock()
		loadGCDepth--
		if loadGCDepth == 0 {
			debug.SetGCPercent(loadGCPrior)
		}
		loadGCMu.Unlock()
	}()
	load()
}
