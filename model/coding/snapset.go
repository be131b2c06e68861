package coding

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// find is the entry of a compact code. A set read from its snapshot has
// no code map (building it was a tenth of first use): it searches the
// codes of that length, which the index keeps sorted.
func (s *Set) find(code string) (int32, bool) {
	if s.byCode != nil {
		i, ok := s.byCode[code]
		return i, ok
	}
	if len(code) >= len(s.idx.byLen) {
		return 0, false
	}
	b := s.idx.byLen[len(code)]
	k := sort.Search(len(b), func(i int) bool { return s.entries[b[i]].code >= code })
	if k < len(b) && s.entries[b[k]].code == code {
		return b[k], true
	}
	return 0, false
}

// WriteSetSnapshot writes the snapshot of s, loaded from src (the bytes
// LoadSnapshot will be given): the whole set, then its word index.
func WriteSetSnapshot(out io.Writer, s *Set, src []byte) error {
	// A set read from its snapshot finds codes by length (find): every
	// code must be found there as the code map finds it.
	for code, i := range s.byCode {
		if s.byCode != nil && len(code) < len(s.idx.byLen) {
			b := s.idx.byLen[len(code)]
			k := sort.Search(len(b), func(j int) bool { return s.entries[b[j]].code >= code })
			if k < len(b) && b[k] == i {
				continue
			}
		}
		return fmt.Errorf("code set: %q cannot be found by length (a duplicate, or longer than 7)", code)
	}
	w := &snapWriter{}
	w.str(s.System.Name)
	w.str(s.System.Version)
	w.spans(s.chapters)
	w.spans(s.blocks)
	n := len(s.entries)
	w.u32(uint32(n))
	parent, chapter, block := make([]int32, n), make([]int32, n), make([]int32, n)
	billable := make([]uint8, n)
	for i, e := range s.entries {
		w.str(e.code)
		w.str(e.title)
		parent[i] = int32(i) - e.parent // 1.. for a parent, i+1 for none: small
		chapter[i], block[i] = int32(e.chapter), int32(e.block)
		if e.billable {
			billable[i] = 1
		}
	}
	w.varints(parent, false)
	w.varints(chapter, true)
	w.varints(block, true)
	w.u8s(billable)
	keys := make([]int32, 0, len(s.notes))
	for k := range s.notes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.varints(keys, true)
	for _, k := range keys {
		w.notes(s.notes[k])
	}
	keys = keys[:0]
	for k := range s.sevenths {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.varints(keys, true)
	for _, k := range keys {
		w.uvarint(len(s.sevenths[k]))
		for _, x := range s.sevenths[k] {
			w.str(x.Char)
			w.str(x.Meaning)
		}
	}
	w.u32(uint32(len(s.axisVals)))
	for _, a := range s.axisVals {
		w.uvarint(a.Pos)
		w.str(a.Title)
		w.str(a.Char)
		w.str(a.Label)
	}
	axes := make([]int32, 0, 7*len(s.pcsAxes))
	for _, a := range s.pcsAxes {
		axes = append(axes, a[:]...)
	}
	w.varints(axes, true)
	w.words(s.idx)
	x := s.idx
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
	return w.finish(out, 'S', src)
}

func (w *snapWriter) spans(sp []span) {
	w.u32(uint32(len(sp)))
	for _, c := range sp {
		w.str(c.name)
		w.str(c.first)
		w.str(c.last)
		w.str(c.title)
		w.notes(c.notes)
	}
}

func (w *snapWriter) notes(ns []rawNote) {
	w.uvarint(len(ns))
	for _, n := range ns {
		w.buf = append(w.buf, n.kind)
		w.str(n.text)
	}
}

func (r *snapReader) spans() []span {
	n := r.count(5)
	if n == 0 {
		return nil
	}
	sp := make([]span, n)
	for i := range sp {
		sp[i] = span{name: r.str(), first: r.str(), last: r.str(), title: r.str(), notes: r.notes()}
	}
	return sp
}

func (r *snapReader) notes() []rawNote {
	n := r.uvarint()
	if n == 0 || r.bad || 2*n > len(r.b) {
		r.bad = r.bad || 2*n > len(r.b)
		return nil
	}
	ns := make([]rawNote, n)
	for i := range ns {
		if len(r.b) == 0 {
			r.bad = true
			return nil
		}
		ns[i].kind, r.b = r.b[0], r.b[1:]
		ns[i].text = r.str()
	}
	return ns
}

// LoadSnapshot loads a set from its source (as Load) and takes its word
// index from snap when snap was built from this source; otherwise (no
// snapshot, a stale or damaged one) it builds the index as Load does.
// used says which. With the snapshot, the source is only hashed: the set
// is read from the snapshot's arrays.
func LoadSnapshot(src []byte, snap string) (s *Set, used bool, err error) {
	if r, ok := openSnapshot(snap, 'S', src); ok {
		if s := r.set(); s != nil {
			return s, true, nil
		}
	}
	data, err := readText(bytes.NewReader(src))
	if err != nil {
		return nil, false, errors.New("code set: " + err.Error())
	}
	if s, err = parse(data); err != nil {
		return nil, false, err
	}
	return s, false, nil
}

// set reads a whole set, or nil when the snapshot is damaged: every id
// is checked here, so a damaged snapshot is refused rather than read out
// of range later.
func (r *snapReader) set() *Set {
	s := &Set{System: System{Name: r.str(), Version: r.str()}, chapters: r.spans(), blocks: r.spans()}
	n := r.count(2)
	if r.bad {
		return nil
	}
	s.entries = make([]entry, n)
	for i := range s.entries {
		s.entries[i].code = r.str()
		s.entries[i].title = r.str()
	}
	// The columns go straight into the entries: no array of each.
	if !r.column(n) {
		return nil
	}
	for i := range s.entries {
		e := &s.entries[i]
		e.parent = int32(i) - r.varint()
		if e.parent < -1 || e.parent >= int32(i) {
			return nil
		}
	}
	for c, lim := range [...]int{len(s.chapters), len(s.blocks)} {
		if !r.column(n) {
			return nil
		}
		prev := int32(0)
		for i := range s.entries {
			v := prev + r.varint()
			prev = v
			if v < -1 || int(v) >= lim {
				return nil
			}
			if c == 0 {
				s.entries[i].chapter = int16(v)
			} else {
				s.entries[i].block = int16(v)
			}
		}
	}
	if !r.column(n) || len(r.b) < n {
		return nil
	}
	for i := range s.entries {
		s.entries[i].billable = r.b[i] != 0
	}
	r.b = r.b[n:]
	keys := r.varints(true)
	s.notes = make(map[int32][]rawNote, len(keys))
	for _, k := range keys {
		if k < 0 || int(k) >= n {
			return nil
		}
		s.notes[k] = r.notes()
	}
	keys = r.varints(true)
	s.sevenths = make(map[int32][]Seventh, len(keys))
	for _, k := range keys {
		m := r.uvarint()
		if k < 0 || int(k) >= n || r.bad || m > len(r.b) {
			return nil
		}
		xs := make([]Seventh, m)
		for j := range xs {
			xs[j] = Seventh{r.str(), r.str()}
		}
		s.sevenths[k] = xs
	}
	if a := r.count(4); a > 0 {
		s.axisVals = make([]Axis, a)
		for i := range s.axisVals {
			s.axisVals[i] = Axis{Pos: r.uvarint(), Title: r.str(), Char: r.str(), Label: r.str()}
		}
	}
	switch a := r.count(1); {
	case a == 7*n && n > 0:
		s.pcsAxes = make([][7]int32, n)
		prev := int32(0)
		for i := range s.pcsAxes {
			for k := range s.pcsAxes[i] {
				v := prev + r.varint()
				prev = v
				if v < -1 || int(v) >= len(s.axisVals) {
					return nil
				}
				s.pcsAxes[i][k] = v
			}
		}
	case a != 0:
		return nil
	}
	if r.bad {
		return nil
	}
	x := r.setWords(s)
	if x == nil || !r.done() {
		return nil
	}
	s.idx = x
	return s
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
	if r.bad || len(inc) != len(x.docEnt) || len(extra) != len(x.docEnt) {
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
	for l, b := range x.byLen {
		for k, e := range b {
			// find's binary search needs them sorted, of that length.
			if e < 0 || int(e) >= len(s.entries) || len(s.entries[e].code) != l ||
				k > 0 && strings.Compare(s.entries[b[k-1]].code, s.entries[e].code) >= 0 {
				return nil
			}
		}
	}
	x.buildInfo(s)
	return x
}
