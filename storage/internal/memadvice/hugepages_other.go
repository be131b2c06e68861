//go:build !linux

package memadvice

// HugePages is a no-op where transparent huge pages are not asked for.
func HugePages(b []byte) {}
