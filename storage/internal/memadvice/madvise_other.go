//go:build !unix

package memadvice

// DropPages is a no-op where madvise is not available.
func DropPages(b []byte, mapStart uintptr, mapLen int) {}

func dropRange(from, to, mapStart uintptr, mapLen int) {}
