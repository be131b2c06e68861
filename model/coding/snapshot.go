package coding

import (
	"encoding/binary"
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
// Layout, little-endian: "dossier-snap 3\n", kind byte ('S' set, 'I'
// book), the source's FNV-64a, the text blob (a uint32 length and its
// bytes), then the set or book (snapset.go, snapbook.go) and its word
// index: arrays, each a uint32 count and its elements (blob strings as
// uvarint lengths; the vocabulary as uint32 lengths and bytes; word ids as uvarints
// and ascending lists as the varints of their steps, which makes the
// snapshot a third of its size as int32s and so a third of the inflating).
const snapMagic = "dossier-snap 3\n"

// sourceHash identifies a snapshot's source: the bytes as shipped.
func sourceHash(src []byte) uint64 {
	h := fnv.New64a()
	h.Write(src)
	return h.Sum64()
}

// Since version 3 a snapshot holds the whole set or book, not only its
// word index: entries, notes, rows and tree, their text in one blob that
// the reader turns into one string and slices (a string field is its
// length as a uvarint, the blob read in order). First use then neither
// inflates nor parses the source: it only hashes the shipped bytes.
type snapWriter struct {
	buf  []byte
	text []byte // the strings' bytes, in the order written
}

// str writes a string: its bytes to the blob, its length here.
func (w *snapWriter) str(s string) {
	w.text = append(w.text, s...)
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
}

func (w *snapWriter) uvarint(v int) { w.buf = binary.AppendUvarint(w.buf, uint64(v)) }

// finish writes the snapshot: header, blob, then the arrays.
func (w *snapWriter) finish(out io.Writer, kind byte, src []byte) error {
	b := make([]byte, 0, len(snapMagic)+13+len(w.text)+len(w.buf))
	b = append(b, snapMagic...)
	b = append(b, kind)
	b = binary.LittleEndian.AppendUint64(b, sourceHash(src))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(w.text)))
	b = append(b, w.text...)
	b = append(b, w.buf...)
	_, err := out.Write(b)
	return err
}

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

// snapReader reads a snapshot held as one string (inflated straight into
// it): the blob's strings and the vocabulary are substrings of it, so
// reading copies no text.
type snapReader struct {
	b    string
	bad  bool
	text string // the blob; str slices it from toff on
	toff int
}

// uvarint64 is binary.Uvarint over a string.
func uvarint64(b string) (uint64, int) {
	var x uint64
	var s uint
	for i := 0; i < len(b) && i < binary.MaxVarintLen64; i++ {
		c := b[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -(i + 1)
			}
			return x | uint64(c)<<s, i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}

func (r *snapReader) uvarint() int {
	v, k := uvarint64(r.b)
	if k <= 0 || v > 1<<31 {
		r.bad = true
		return 0
	}
	r.b = r.b[k:]
	return int(v)
}

// str reads a string: a substring of the blob, no allocation.
func (r *snapReader) str() string {
	l := r.uvarint()
	if r.bad || l > len(r.text)-r.toff {
		r.bad = true
		return ""
	}
	s := r.text[r.toff : r.toff+l]
	r.toff += l
	return s
}

// strN reads n strings.
func (r *snapReader) strN(n int) []string {
	if n > len(r.b) { // each takes at least a byte
		r.bad = true
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func le32(b string) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (r *snapReader) u32() uint32 {
	if len(r.b) < 4 {
		r.bad = true
		return 0
	}
	v := le32(r.b)
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

// snapInt32s allocates the int32 arrays a snapshot is read into (its
// columns, word lists and postings), or nil for make (SetSnapshotArrays).
var snapInt32s func(n int) []int32

// SetSnapshotArrays has the int32 arrays of snapshots read from then on
// allocated by alloc, which returns n zeroed int32s that are never freed,
// or nil for the heap: the shipped sets keep theirs for the process's
// life, and assets/codes puts them in memory the collector never scans
// nor faults in page by page. Call it before any snapshot is read.
func SetSnapshotArrays(alloc func(n int) []int32) { snapInt32s = alloc }

// int32s is n zeroed int32s for a snapshot's arrays.
func int32s(n int) []int32 {
	if snapInt32s != nil {
		if a := snapInt32s(n); len(a) == n {
			return a
		}
	}
	return make([]int32, n)
}

func (r *snapReader) varints(delta bool) []int32 {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	a := int32s(n)
	prev := int64(0)
	b := r.b
	for i := range a {
		// The zig-zag varint (binary.Varint) of a string, one byte inline:
		// most ids and steps are under 64.
		var ux uint64
		if len(b) > 0 && b[0] < 0x80 {
			ux, b = uint64(b[0]), b[1:]
		} else {
			u, k := uvarint64(b)
			if k <= 0 {
				r.bad = true
				return nil
			}
			ux, b = u, b[k:]
		}
		v := int64(ux >> 1)
		if ux&1 != 0 {
			v = ^v
		}
		if v < -1<<31 || v >= 1<<31 {
			r.bad = true
			return nil
		}
		if delta {
			v += prev
			prev = v
		}
		a[i] = int32(v)
	}
	r.b = b
	return a
}

// varint reads one element of a varints array in place (no array for a
// column that goes straight into a struct): the zig-zag varint, its
// single-byte form inline.
func (r *snapReader) varint() int32 {
	var ux uint64
	if len(r.b) > 0 && r.b[0] < 0x80 {
		ux, r.b = uint64(r.b[0]), r.b[1:]
	} else {
		u, k := uvarint64(r.b)
		if k <= 0 {
			r.bad = true
			return 0
		}
		ux, r.b = u, r.b[k:]
	}
	v := int64(ux >> 1)
	if ux&1 != 0 {
		v = ^v
	}
	if v < -1<<31 || v >= 1<<31 {
		r.bad = true
		return 0
	}
	return int32(v)
}

// column reads the count of a varints array read in place; false when it
// is not n.
func (r *snapReader) column(n int) bool { return r.count(1) == n && !r.bad }

func (r *snapReader) u8s() []uint8 {
	n := r.count(1)
	a := []uint8(r.b[:n])
	r.b = r.b[n:]
	return a
}

// strs reads strings written with uint32 lengths: substrings of the
// snapshot, no copy.
func (r *snapReader) strs() []string {
	n := r.count(4)
	if r.bad {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		if len(r.b) < 4 {
			r.bad = true
			return nil
		}
		l := int(le32(r.b))
		if l > len(r.b)-4 {
			r.bad = true
			return nil
		}
		out[i], r.b = r.b[4:4+l], r.b[4+l:]
	}
	return out
}

// open checks a snapshot's header against the source; ok is false when
// the snapshot is of another source (or not one at all).
func openSnapshot(snap string, kind byte, src []byte) (*snapReader, bool) {
	n := len(snapMagic)
	if len(snap) < n+9 || snap[:n] != snapMagic || snap[n] != kind ||
		uint64(le32(snap[n+1:]))|uint64(le32(snap[n+5:]))<<32 != sourceHash(src) {
		return nil, false
	}
	r := &snapReader{b: snap[n+9:]}
	t := r.count(1)
	if r.bad {
		return nil, false
	}
	r.text, r.b = r.b[:t], r.b[t:]
	return r, true
}

// done reports whether the whole snapshot was read, and well.
func (r *snapReader) done() bool { return !r.bad && len(r.b) == 0 && r.toff == len(r.text) }

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
	buildPostings(x, int32s)
	return x
}
