//go:build !linux

package codes

// snapBuf is an empty buffer of capacity n for a snapshot to be inflated
// into (on Linux, from a mapping of huge pages: arena_linux.go).
func snapBuf(n int) []byte { return make([]byte, 0, n) }

// OffHeap is the bytes of inflated snapshots held outside the Go heap:
// none here.
func OffHeap() int { return 0 }
