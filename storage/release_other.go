//go:build !unix

package storage

// releasePages is a no-op where madvise is not available.
func releasePages(b []byte, mapStart uintptr, mapLen int) {}
