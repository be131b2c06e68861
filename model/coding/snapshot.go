package coding

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
)

// A snapshot is a set's or a book's word index as built from its source
// text (vocabulary, each document's words, the codes by length), written
// when the assets are generated so that first use reads arrays instead of
// tokenizing ~250,000 titles and rows and sorting their words. It carries
// a hash of the source it was built from: against any other source it is
// ignored and the index is built as before, so a stale snapshot costs
// time, never wrong results (and assets/codes' test fails on it). An
// imported release has no snapshot and builds its own.
//
// Layout, little-endian: "dossier-snap 1\n", kind byte ('S' set, 'I'
// book), the source's FNV-64a, then the arrays, each a uint32 count and
// its elements (strings as a uint32 length and bytes; word ids as uvarints
// and ascending lists as the varints of their steps, which makes the
// snapshot a third of its size as int32s and so a third of the inflating).
const snapMagic = "dossier-snap 2\n"

// sourceHash identifies a snapshot's source: the bytes as shipped.
func sourceHash(src []byte) uint64 {
	h := fnv.New64a()
	h.Write(src)
	return h.Sum64()
}

type snapWriter struct{ buf []byte }

func (w *snapWriter) u32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

// varints writes a's elements as varints, each the difference from the
// one before when delta is set.
func (w *snapWriter) varints(a []int32, delta bool) {
	w.u32(uint32(len(a)))
	prev := int32(0)
	for _, v := range a {
		if delta {
			v, prev = v-prev, v
		}
		w.buf = binary.AppendVarint(w.buf, int64(v))
	}
}

func (w *snapWriter) u8s(a []uint8) { w.u32(uint32(len(a))); w.buf = append(w.buf, a...) }
func (w *snapWriter) strs(a []string) {
	w.u32(uint32(len(a)))
	for _, s := range a {
		w.u32(uint32(len(s)))
		w.buf = append(w.buf, s...)
	}
}

type snapReader struct {
	b   []byte
	bad bool
}

func (r *snapReader) u32() uint32 {
	if len(r.b) < 4 {
		r.bad = true
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

// count reads an array's length, refusing one the remaining bytes cannot
// hold (a damaged snapshot must not ask for gigabytes).
func (r *snapReader) count(elem int) int {
	n := int(r.u32())
	if r.bad || n*elem > len(r.b) {
		r.bad = true
		return 0
	}
	return n
}

func (r *snapReader) varints(delta bool) []int32 {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	a := make([]int32, n)
	prev := int64(0)
	b := r.b
	for i := range a {
		v, k := binary.Varint(b)
		if k <= 0 || v < -1<<31 || v >= 1<<31 {
			r.bad = true
			return nil
		}
		b = b[k:]
		if delta {
			v += prev
			prev = v
		}
		a[i] = int32(v)
	}
	r.b = b
	return a
}

func (r *snapReader) u8s() []uint8 {
	n := r.count(1)
	a := make([]uint8, n)
	copy(a, r.b)
	r.b = r.b[n:]
	return a
}

// strs reads strings as substrings of one string: one allocation for a
// vocabulary of tens of thousands of words.
func (r *snapReader) strs() []string {
	n := r.count(4)
	if r.bad {
		return nil
	}
	// Two passes: the lengths first, to copy the text once.
	total, p := 0, r.b
	for i := 0; i < n; i++ {
		if len(p) < 4 {
			r.bad = true
			return nil
		}
		l := int(binary.LittleEndian.Uint32(p))
		if l > len(p)-4 {
			r.bad = true
			return nil
		}
		total += l
		p = p[4+l:]
	}
	text := make([]byte, 0, total)
	for p, i := r.b, 0; i < n; i++ {
		l := int(binary.LittleEndian.Uint32(p))
		text = append(text, p[4:4+l]...)
		p = p[4+l:]
	}
	all := string(text)
	out := make([]string, n)
	off := 0
	for i := 0; i < n; i++ {
		l := int(binary.LittleEndian.Uint32(r.b))
		out[i] = all[off : off+l]
		off += l
		r.b = r.b[4+l:]
	}
	return out
}

func (w *snapWriter) header(kind byte, src []byte) {
	w.buf = append(w.buf, snapMagic...)
	w.buf = append(w.buf, kind)
	w.buf = binary.LittleEndian.AppendUint64(w.buf, sourceHash(src))
}

// open checks a snapshot's header against the source; ok is false when
// the snapshot is of another source (or not one at all).
func openSnapshot(snap []byte, kind byte, src []byte) (*snapReader, bool) {
	n := len(snapMagic)
	if len(snap) < n+9 || string(snap[:n]) != snapMagic || snap[n] != kind ||
		binary.LittleEndian.Uint64(snap[n+1:]) != sourceHash(src) {
		return nil, false
	}
	return &snapReader{b: snap[n+9:]}, true
}

func (w *snapWriter) words(x *index) {
	w.strs(x.vocab)
	w.varints(x.docEnt, true)
	w.varints(x.docTok, false)
	w.varints(x.docOff, true)
}

func (r *snapReader) words() *index {
	x := &index{vocab: r.strs(), docEnt: r.varints(true), docTok: r.varints(false), docOff: r.varints(true)}
	if r.bad || len(x.docOff) != len(x.docEnt)+1 || len(x.docOff) == 0 {
		r.bad = true
		return nil
	}
	// Every id and offset is checked once here, so a damaged snapshot is
	// refused rather than read out of range later.
	for i, o := range x.docOff {
		if o < 0 || int(o) > len(x.docTok) || i > 0 && o < x.docOff[i-1] {
			r.bad = true
			return nil
		}
	}
	for _, t := range x.docTok {
		if t < 0 || int(t) >= len(x.vocab) {
			r.bad = true
			return nil
		}
	}
	buildPostings(x)
	return x
}

// WriteSetSnapshot writes the snapshot of s, loaded from src (the bytes
// LoadSnapshot will be given).
func WriteSetSnapshot(out io.Writer, s *Set, src []byte) error {
	w := &snapWriter{}
	w.header('S', src)
	x := s.idx
	w.words(x)
	inc := make([]uint8, len(x.docInc))
	for i, b := range x.docInc {
		if b {
			inc[i] = 1
		}
	}
	w.u8s(inc)
	w.u8s(x.extra)
	for _, b := range x.byLen {
		w.varints(b, true)
	}
	_, err := out.Write(w.buf)
	return err
}

// LoadSnapshot loads a set from its source (as Load) and takes its word
// index from snap when snap was built from this source; otherwise (no
// snapshot, a stale or damaged one) it builds the index as Load does.
// used says which.
func LoadSnapshot(src, snap []byte) (s *Set, used bool, err error) {
	data, err := readText(bytes.NewReader(src))
	if err != nil {
		return nil, false, errors.New("code set: " + err.Error())
	}
	s, err = parseText(data)
	if err != nil {
		return nil, false, err
	}
	if r, ok := openSnapshot(snap, 'S', src); ok {
		if x := r.setWords(s); x != nil {
			s.idx = x
			return s, true, nil
		}
	}
	s.idx = buildIndex(s)
	return s, false, nil
}

func (r *snapReader) setWords(s *Set) *index {
	x := r.words()
	if x == nil {
		return nil
	}
	inc, extra := r.u8s(), r.u8s()
	for l := range x.byLen {
		x.byLen[l] = r.varints(true)
	}
	if r.bad || len(r.b) != 0 || len(inc) != len(x.docEnt) || len(extra) != len(x.docEnt) {
		return nil
	}
	x.docInc = make([]bool, len(inc))
	for i, b := range inc {
		x.docInc[i] = b != 0
	}
	x.extra = extra
	for _, e := range x.docEnt {
		if e < 0 || int(e) >= len(s.entries) {
			return nil
		}
	}
	for _, b := range x.byLen {
		for _, e := range b {
			if e < 0 || int(e) >= len(s.entries) {
				return nil
			}
		}
	}
	x.buildInfo(s)
	return x
}

// WriteIndexSnapshot writes the snapshot of a book loaded from src.
func WriteIndexSnapshot(out io.Writer, ix *Index, src []byte) error {
	w := &snapWriter{}
	w.header('I', src)
	w.words(ix.x)
	_, err := out.Write(w.buf)
	return err
}

// LoadIndexSnapshot loads a book from its source (as LoadIndex), taking
// its word index from snap when snap was built from this source.
func LoadIndexSnapshot(src, snap []byte) (ix *Index, used bool, err error) {
	ix, err = parseIndexText(bytes.NewReader(src))
	if err != nil {
		return nil, false, err
	}
	ix.buildTree()
	if r, ok := openSnapshot(snap, 'I', src); ok {
		if x := r.words(); x != nil && !r.bad && len(r.b) == 0 && len(x.docEnt) == 2*len(ix.Rows) && rowsOK(x.docEnt, len(ix.Rows)) {
			ix.x = x
			return ix, true, nil
		}
	}
	ix.x = buildRowIndex(ix.Rows)
	return ix, false, nil
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
