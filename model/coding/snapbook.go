package coding

import (
	"bytes"
	"io"
	"slices"
)

// WriteIndexSnapshot writes the snapshot of a book loaded from src: its
// rows, its tree, then its word index.
func WriteIndexSnapshot(out io.Writer, ix *Index, src []byte) error {
	w := &snapWriter{}
	w.uvarint(int(ix.Kind))
	w.str(ix.Version)
	w.u32(uint32(len(ix.Columns)))
	for _, c := range ix.Columns {
		w.str(c)
	}
	n := len(ix.Rows)
	w.u32(uint32(n))
	total := 0
	for _, r := range ix.Rows {
		total += len(r.Cells)
	}
	w.u32(uint32(total))
	level := make([]uint8, n)
	for i, r := range ix.Rows {
		level[i] = uint8(r.Level)
		w.str(r.Term)
		w.str(r.NonEss)
		w.str(r.See)
		w.str(r.SeeAlso)
		w.str(r.Code)
		w.uvarint(len(r.Cells))
		for _, c := range r.Cells {
			w.str(c)
		}
	}
	w.u8s(level)
	parent, end := make([]int32, n), make([]int32, n)
	for i := range n {
		parent[i] = int32(i) - ix.parent[i] // i+1 for a main term
		end[i] = ix.end[i] - int32(i)
	}
	w.varints(parent, false)
	w.varints(end, false)
	w.u8s(ix.sig)
	keys := make([]string, 0, len(ix.mains))
	for k := range ix.mains {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.u32(uint32(len(keys)))
	for _, k := range keys {
		w.str(k)
		w.uvarint(int(ix.mains[k]))
	}
	w.words(ix.x)
	return w.finish(out, 'I', src)
}

// LoadIndexSnapshot loads a book from its source (as LoadIndex), taking
// it from snap when snap was built from this source (the source is then
// only hashed).
func LoadIndexSnapshot(src []byte, snap string) (ix *Index, used bool, err error) {
	if r, ok := openSnapshot(snap, 'I', src); ok {
		if ix := r.book(); ix != nil {
			return ix, true, nil
		}
	}
	ix, err = parseIndexText(bytes.NewReader(src))
	if err != nil {
		return nil, false, err
	}
	ix.Build()
	return ix, false, nil
}

// book reads a whole book, or nil when the snapshot is damaged.
func (r *snapReader) book() *Index {
	ix := &Index{Kind: IndexKind(r.uvarint()), Version: r.str()}
	if _, ok := kindNames[ix.Kind]; !ok {
		return nil
	}
	if c := r.count(1); c > 0 {
		ix.Columns = r.strN(c)
	}
	n := r.count(5)
	if r.bad {
		return nil
	}
	// The rows are allocated at their count and their cells from one
	// array: no row is copied by a regrow.
	ix.Rows = make([]IndexRow, n)
	all := make([]string, r.count(1))
	for i := range ix.Rows {
		row := &ix.Rows[i]
		row.Term, row.NonEss, row.See, row.SeeAlso, row.Code = r.str(), r.str(), r.str(), r.str(), r.str()
		if c := r.uvarint(); c > 0 {
			if c > len(all) {
				return nil
			}
			row.Cells = all[:c:c]
			for j := range row.Cells {
				row.Cells[j] = r.str()
			}
			all = all[c:]
		}
		if r.bad {
			return nil
		}
	}
	level := r.u8s()
	if r.bad || len(level) != n || len(all) != 0 {
		return nil
	}
	parent, end := r.varints(false), r.varints(false)
	ix.sig = r.u8s()
	if r.bad || len(parent) != n || len(end) != n || len(ix.sig) != n {
		return nil
	}
	ix.parent, ix.end = parent, end
	for i := range n {
		ix.Rows[i].Level = int(level[i])
		parent[i] = int32(i) - parent[i]
		end[i] += int32(i)
		if parent[i] < -1 || parent[i] >= int32(i) || end[i] <= int32(i) || int(end[i]) > n {
			return nil
		}
	}
	m := r.count(2)
	ix.mains = make(map[string]int32, m)
	for range m {
		k := r.str()
		row := r.uvarint()
		if row >= n {
			return nil
		}
		ix.mains[k] = int32(row)
	}
	if r.bad {
		return nil
	}
	x := r.words()
	if x == nil || !r.done() || len(x.docEnt) != 2*n || !rowsOK(x.docEnt, n) {
		return nil
	}
	ix.x = x
	return ix
}

// rowsOK reports whether every doc's row is one of the book's.
func rowsOK(docEnt []int32, rows int) bool {
	for _, e := range docEnt {
		if e < 0 || int(e) >= rows {
			return false
		}
	}
	return true
}
