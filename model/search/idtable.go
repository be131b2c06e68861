package search

import (
	"encoding/binary"

	"dossier/model"
)

// idTable finds a patient's position by ID: open addressing over positions
// alone (4 bytes a slot, the ID is read from the slot), so a million
// patients cost 8 MB where a map of IDs cost about 40 MB, and loading it is
// a pass over one small array instead of a million map insertions.
type idTable struct {
	cells []int32 // position+1; 0 is empty
	n     int
}

func idHash(id *model.ID) uint64 {
	// The first 6 bytes are a timestamp; mix both halves (splitmix64).
	x := binary.LittleEndian.Uint64(id[8:]) ^ binary.LittleEndian.Uint64(id[:8])*0x9e3779b97f4a7c15
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// get returns the position of id.
func (t *idTable) get(slots []slot, id model.ID) (int32, bool) {
	if len(t.cells) == 0 {
		return 0, false
	}
	mask := uint64(len(t.cells) - 1)
	for h := idHash(&id) & mask; ; h = (h + 1) & mask {
		c := t.cells[h]
		if c == 0 {
			return 0, false
		}
		if slots[c-1].id == id {
			return c - 1, true
		}
	}
}

// add files position pos, whose slot already holds its ID (not yet in the
// table).
func (t *idTable) add(slots []slot, pos int32) {
	if 4*(t.n+1) > 3*len(t.cells) {
		t.grow(slots, max(1024, 2*len(t.cells)))
	}
	t.insert(slots, pos)
	t.n++
}

func (t *idTable) insert(slots []slot, pos int32) {
	mask := uint64(len(t.cells) - 1)
	h := idHash(&slots[pos].id) & mask
	for t.cells[h] != 0 {
		h = (h + 1) & mask
	}
	t.cells[h] = pos + 1
}

// grow rehashes into size cells (a power of two).
func (t *idTable) grow(slots []slot, size int) {
	old := t.cells
	t.cells = make([]int32, size)
	for _, c := range old {
		if c != 0 {
			t.insert(slots, c-1)
		}
	}
}

// build files every slot; it reports false when two slots hold one ID.
func buildIDTable(slots []slot) (idTable, bool) {
	size := 1024
	for 3*size < 4*len(slots)+4 {
		size *= 2
	}
	t := idTable{cells: make([]int32, size)}
	for i := range slots {
		if _, dup := t.get(slots, slots[i].id); dup {
			return t, false
		}
		t.insert(slots, int32(i))
		t.n++
	}
	return t, true
}
