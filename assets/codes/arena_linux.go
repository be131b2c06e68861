//go:build linux

package codes

import (
	"sync"
	"syscall"
	"unsafe"

	"dossier/model/coding"
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

// arrayRoom is the mapping's room beyond the inflated snapshots for the
// int32 arrays read from them (~10 MB: columns, word lists, postings):
// address space only, as pages are only backed once written.
const arrayRoom = 32 << 20

func init() { coding.SetSnapshotArrays(snapInt32s) }

// snapInt32s is n zeroed int32s from the mapping (never handed out twice,
// and fresh pages are zero), or nil when it has no room.
func snapInt32s(n int) []int32 {
	arena.once.Do(mapArena)
	arena.mu.Lock()
	defer arena.mu.Unlock()
	// Aligned to 4 bytes: the snapshot buffers before it are any length.
	pad := int(-uintptr(unsafe.Pointer(unsafe.SliceData(arena.free)))) & 3
	if n <= 0 || pad+4*n > len(arena.free) {
		return nil
	}
	b := arena.free[pad : pad+4*n]
	arena.free = arena.free[pad+4*n:]
	arena.size += pad + 4*n
	return unsafe.Slice((*int32)(unsafe.Pointer(&b[0])), n)
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
	size := (total + arrayRoom + hugePage - 1) &^ (hugePage - 1)
	m, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return
	}
	off := (hugePage - int(uintptr(unsafe.Pointer(&m[0]))&(hugePage-1))) & (hugePage - 1)
	arena.free = m[off : off+size]
	const madvHugepage = 14 // MADV_HUGEPAGE; an error (no THP) is ignored
	syscall.Madvise(arena.free, madvHugepage)
}

// OffHeap is the bytes of inflated snapshots (and their arrays) held outside the Go heap,
// which runtime.MemStats does not count.
func OffHeap() int {
	arena.mu.Lock()
	defer arena.mu.Unlock()
	return arena.size
}
