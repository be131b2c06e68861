package memadvice

import (
	"slices"
	"unsafe"
)

// Ranges collects memory-mapped values read and done with, to be given
// back to the kernel together: one madvise call per value cost a quarter
// of loading the patient index's CPU (each call flushes every core's TLB).
type Ranges struct{ r [][2]uintptr }

// Add notes a value (a slice bbolt handed out) and returns how many wait.
func (p *Ranges) Add(b []byte) int {
	if len(b) > 0 {
		at := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		p.r = append(p.r, [2]uintptr{at, at + uintptr(len(b))})
	}
	return len(p.r)
}

// Drop releases the noted values inside the map (from mapStart, mapLen
// long), those close together (within 64 KiB) in one call: a page of the
// map between two values is the file's too, so releasing it costs at most
// reading it again from the page cache.
func (p *Ranges) Drop(mapStart uintptr, mapLen int) {
	if len(p.r) == 0 || mapStart == 0 {
		p.r = p.r[:0]
		return
	}
	slices.SortFunc(p.r, func(a, b [2]uintptr) int {
		switch {
		case a[0] < b[0]:
			return -1
		case a[0] > b[0]:
			return 1
		}
		return 0
	})
	from, to := p.r[0][0], p.r[0][1]
	for _, r := range p.r[1:] {
		if r[0] <= to+64<<10 {
			to = max(to, r[1])
			continue
		}
		dropRange(from, to, mapStart, mapLen)
		from, to = r[0], r[1]
	}
	dropRange(from, to, mapStart, mapLen)
	p.r = p.r[:0]
}
