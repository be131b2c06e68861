//go:build linux

package codes

import (
	"sync"
	"syscall"
	"unsafe"
)

// The inflated snapshots (~22 MB) are kept for the process's life: their
// titles, notes and rows are substrings of them. On Linux they are
// inflated into one anonymous mapping outside the Go heap, aligned to
// 2 MB and advised as huge pages: the kernel then faults in 2 MB at a
// time (about a dozen faults) instead of ~5,500 pages of 4 KB each, one
// of the larger parts of first use. Where huge pages are off the advice
// is ignored and the mapping faults as the heap would. The collector
// never scans or frees it (it holds no pointers, and is never unmapped).
const hugePage = 2 << 20

var arena struct {
	once sync.Once
	mu   sync.Mutex
	free []byte // the mapping's unused part
	size int    // bytes handed out
}

// snapBuf is an empty buffer of capacity n for a snapshot to be inflated
// into: from the mapping while it has room, else from the heap.
func snapBuf(n int) []byte {
	arena.once.Do(mapArena)
	arena.mu.Lock()
	defer arena.mu.Unlock()
	if n <= 0 || n > len(arena.free) {
		return make([]byte, 0, n)
	}
	b := arena.free[:0:n]
	arena.free = arena.free[n:]
	arena.size += n
	return b
}

// mapArena maps room for every embedded snapshot at its inflated size.
func mapArena() {
	total := 0
	for _, z := range snapshots() {
		total += frameSize(z)
	}
	if total == 0 {
		return
	}
	size := (total + hugePage - 1) &^ (hugePage - 1)
	m, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return
	}
	off := (hugePage - int(uintptr(unsafe.Pointer(&m[0]))&(hugePage-1))) & (hugePage - 1)
	arena.free = m[off : off+size]
	const madvHugepage = 14 // MADV_HUGEPAGE; an error (no THP) is ignored
	syscall.Madvise(arena.free, madvHugepage)
}

// OffHeap is the bytes of inflated snapshots held outside the Go heap,
// which runtime.MemStats does not count.
func OffHeap() int {
	arena.mu.Lock()
	defer arena.mu.Unlock()
	return arena.size
}
