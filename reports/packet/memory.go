package packet

import (
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
)

// Building a packet allocates a lot of short-lived memory (every scanned
// page is decoded by the caller, resampled and compressed) while the
// compressed pages it keeps add up to tens of megabytes. Left to itself the
// collector lets the heap grow to about twice what is live before it runs:
// for a 200-page packet, ~110 MB live, that is ~230 MB. So Build asks for a
// collection whenever the garbage since the last one passes a threshold;
// with what stays live mostly pointer-free byte slices each collection is
// cheap, and there are about fifty for such a packet.
const garbageLimit = 32 << 20

var gcSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
var gcMu sync.Mutex

// collectIfNeeded runs the collector when the heap holds more than
// garbageLimit bytes of objects beyond those live at the last collection.
func collectIfNeeded() {
	gcMu.Lock()
	defer gcMu.Unlock()
	metrics.Read(gcSamples)
	if gcSamples[0].Value.Kind() != metrics.KindUint64 || gcSamples[1].Value.Kind() != metrics.KindUint64 {
		return
	}
	if objects, live := gcSamples[0].Value.Uint64(), gcSamples[1].Value.Uint64(); objects > live+garbageLimit {
		runtime.GC()
	}
}

// gcWriter passes writes through, checking for garbage every few megabytes
// (the encryptor makes a fresh ciphertext of every stream it writes).
type gcWriter struct {
	w     io.Writer
	since int
}

func (g *gcWriter) Write(p []byte) (int, error) {
	n, err := g.w.Write(p)
	if g.since += n; g.since > 8<<20 {
		g.since = 0
		collectIfNeeded()
	}
	return n, err
}
