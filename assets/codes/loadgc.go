package codes

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// While the sets and books load, the heap grows from nothing to ~75 MB of
// long-lived tables, and every collection marks tables that will all be
// kept: at the default GOGC the collector ran at 4, 8, 16, 32 and 64 MB,
// and with the percentage only raised for the loads' duration the one
// collection that remained came when the last load put the percentage
// back, marking all 75 MB (30–90 ms of CPU) while the first
// search was being answered. So the collector is off while the loads run
// and for settleDelay after the last one ends (the first answer is given
// by then), bounded by a memory limit: what the process held when the
// first load started plus loadHeadroom (the tables allocate ~75 MB), so a
// program that allocates a lot meanwhile is still collected. Then the
// percentage and limit set before (GOGC, GOMEMLIMIT or the program's own)
// are put back, and that collection runs after first use, not in it.
const (
	loadHeadroom = 128 << 20
	settleDelay  = 2 * time.Second
)

var (
	loadGCMu     sync.Mutex
	loadGCDepth  int
	loadGCOff    bool // the collector is off for the loads (until restoreGC)
	loadGCPrior  int
	loadLimPrior int64
)

// duringLoad runs load with the collector off (see above).
func duringLoad(load func()) {
	loadGCMu.Lock()
	if loadGCDepth == 0 && !loadGCOff {
		if p := debug.SetGCPercent(-1); p < 0 { // already off: leave it
			debug.SetGCPercent(p)
		} else {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			loadGCPrior, loadLimPrior = p, debug.SetMemoryLimit(-1)
			debug.SetMemoryLimit(min(loadLimPrior, int64(m.Sys-m.HeapReleased)+loadHeadroom))
			loadGCOff = true
		}
	}
	loadGCDepth++
	loadGCMu.Unlock()
	defer func() {
		loadGCMu.Lock()
		loadGCDepth--
		if loadGCDepth == 0 && loadGCOff {
			time.AfterFunc(settleDelay, restoreGC)
		}
		loadGCMu.Unlock()
	}()
	load()
}

// restoreGC puts back the percentage and limit, unless a load is running
// again (its end schedules another).
func restoreGC() {
	loadGCMu.Lock()
	defer loadGCMu.Unlock()
	if loadGCDepth == 0 && loadGCOff {
		debug.SetGCPercent(loadGCPrior)
		debug.SetMemoryLimit(loadLimPrior)
		loadGCOff = false
	}
}
