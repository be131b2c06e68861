//go:build linux

package memadvice

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// HugePages asks the kernel to back b (a large buffer not yet written)
// with 2 MiB pages where transparent huge pages are on for those who ask:
// filling a hundred megabytes then costs a few dozen page faults instead of
// tens of thousands (a third of loading the patient index's CPU at a
// million patients). Only whole pages inside b are advised.
func HugePages(b []byte) {
	if len(b) < 4<<20 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + pageSize - 1) &^ (pageSize - 1)
	end := (p + uintptr(len(b))) &^ (pageSize - 1)
	if end <= start {
		return
	}
	unix.Madvise(b[start-p:end-p], unix.MADV_HUGEPAGE)
}
