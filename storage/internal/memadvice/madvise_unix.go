// Package memadvice tells the kernel which memory-mapped pages Dossier is
// done with (memory advice; nothing to do with release of information).
//go:build unix

package memadvice

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

var pageSize = uintptr(os.Getpagesize())

// DropPages tells the kernel we are done with the memory-mapped pages
// under b (a value bbolt handed out): they leave this process's resident
// set but stay in the page cache. Loading the index reads a million
// entries through the map; without this the kernel's fault-around keeps
// several hundred megabytes of the file counted against Dossier.
//
// Only bytes inside the map (from mapStart, mapLen long) are released:
// within a write transaction bbolt may hand out values that live in Go's
// heap, and dropping those pages would zero live memory.
func DropPages(b []byte, mapStart uintptr, mapLen int) {
	if len(b) == 0 || mapStart == 0 {
		return
	}
	p := unsafe.Pointer(&b[0])
	if uintptr(p) < mapStart || uintptr(p)+uintptr(len(b)) > mapStart+uintptr(mapLen) {
		return
	}
	head := uintptr(p) & (pageSize - 1) // b's offset into its first page
	n := (head + uintptr(len(b)) + pageSize - 1) &^ (pageSize - 1)
	unix.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, -int(head))), n), unix.MADV_DONTNEED)
}

// dropRange releases the pages under [from, to) if it lies inside the map.
func dropRange(from, to, mapStart uintptr, mapLen int) {
	if from < mapStart || to > mapStart+uintptr(mapLen) || to <= from {
		return
	}
	start := from &^ (pageSize - 1)
	n := (to - start + pageSize - 1) &^ (pageSize - 1)
	unix.Syscall(unix.SYS_MADVISE, start, n, unix.MADV_DONTNEED)
}
