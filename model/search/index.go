package search

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"dossier/model"
	"dossier/model/match"
)

// slot is one patient in memory: the fixed fields filters read without
// decoding, and where the entry's compact encoding (for everything else)
// lies in one of the index's blobs. A slot holds no pointer, so the
// garbage collector never walks a million of them: marking the index costs
// a few thousand blob headers, not a pass over every patient (that pass
// was the keystroke's tail at a million, and half of unlock's GC work).
// About 155 bytes a patient with its encoding.
type slot struct {
	id      model.ID
	birth   uint32 // year<<9 | month<<5 | day
	village uint32 // index into Index.villages
	blob    uint32 // index into Index.blobs
	off, n  uint32 // the encoding is blobs[blob][off:off+n]
	toks    uint32 // where the name tokens start in the encoding (see eachToken)
	sex     byte
	flags   byte
}

func (s *slot) birthYear() int { return int(s.birth >> 9) }

func (s *slot) hidden() bool { return s.flags&(flagDeleted|flagMerged) != 0 }

// Index holds every patient and the postings that find them by name. It is
// safe for concurrent use: searches share a read lock, changes take the
// write lock. Exact identifiers are not held here: storage looks them up
// in its keyed-hash index on disk.
type Index struct {
	mu    sync.RWMutex
	slots []slot
	// blobs hold the encodings: a snapshot's decrypted chunks as they
	// were opened (entries length-prefixed), and one blob of its own for
	// each entry put since (off 0), reused when that patient changes again.
	blobs []string
	byID  idTable
	// tokens maps a folded name token to the slots holding it.
	tokens map[string][]int32
	// sounds maps a NYSIIS code to the tokens that have it.
	sounds map[string][]string
	// byFirst lists known tokens by their first letter, for typo matching.
	byFirst map[rune][]string
	// tails and alike find tokens whose first letter was mistyped (see
	// firstletter.go).
	tails, alike map[string][]string
	// sorted is the token dictionary in order, for prefix search.
	sorted []string
	// fresh are tokens seen since sorted was last brought up to date.
	fresh    []string
	villages []string
	villageN map[string]uint32
	// spares are scratches of finished searches (see getScratch).
	spareMu sync.Mutex
	spares  []*scratch
}

// New returns an empty index.
func New() *Index {
	return &Index{tokens: map[string][]int32{}, sounds: map[string][]string{},
		byFirst: map[rune][]string{}, tails: map[string][]string{}, alike: map[string][]string{}, villageN: map[string]uint32{"": 0}, villages: []string{""}}
}

// Len is how many patients the index holds (merged and deleted included).
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.slots)
}

// Position returns where a patient sits, for storage's chunk bookkeeping.
func (ix *Index) Position(id model.ID) (int, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	i, ok := ix.byID.get(ix.slots, id)
	return int(i), ok
}

// Encoded returns the stored encoding at position i (snapshot chunks).
func (ix *Index) Encoded(i int) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.data(&ix.slots[i])
}

// data is a slot's encoding.
func (ix *Index) data(s *slot) string { return ix.blobs[s.blob][s.off : s.off+s.n] }

// Flags says whether a patient is restricted and whether deleted or
// merged away, without decoding the entry (worklists ask it for every
// item they filter).
func (ix *Index) Flags(id model.ID) (restricted, hidden, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	i, ok := ix.byID.get(ix.slots, id)
	if !ok {
		return false, false, false
	}
	s := &ix.slots[i]
	return s.flags&flagRestricted != 0, s.hidden(), true
}

// Get returns a patient's entry.
func (ix *Index) Get(id model.ID) (Entry, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	i, ok := ix.byID.get(ix.slots, id)
	if !ok {
		return Entry{}, false
	}
	e, _, err := DecodeEntry(unsafeBytes(ix.data(&ix.slots[i])))
	return e, err == nil
}

// Put adds an entry or replaces the one with the same ID and returns its
// position (new entries go at the end).
func (ix *Index) Put(e Entry) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i := ix.put(e, string(e.AppendBinary(nil)))
	ix.settle()
	return i
}

// PutEncoded adds entries from their encodings (loading a snapshot). It
// folds nothing: the encodings carry their folded tokens. Call Settle
// after the last batch.
func (ix *Index) PutEncoded(data []string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, d := range data {
		s, village, toks, err := scanSlot(d)
		if err != nil {
			return err
		}
		s.village = ix.villageFolded(village)
		ix.place(s, d, toks)
	}
	return nil
}

// Settle sorts the dictionary once after a bulk load.
func (ix *Index) Settle() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.settle()
}

func (ix *Index) put(e Entry, data string) int {
	s, village, toks, err := scanSlot(data)
	if err != nil {
		panic("search: entry does not round-trip: " + err.Error())
	}
	s.village = ix.villageFolded(village)
	return ix.place(s, data, toks)
}

// place stores a slot (its encoding data, in a blob of its own) and posts
// its tokens, replacing an older slot of the same patient.
func (ix *Index) place(s slot, data string, toks []string) int {
	s.blob, s.off, s.n = uint32(len(ix.blobs)), 0, uint32(len(data))
	i, ok := ix.byID.get(ix.slots, s.id)
	if ok {
		old := &ix.slots[i]
		if _, _, toks, err := scanSlot(ix.data(old)); err == nil {
			for _, t := range toks {
				ix.tokens[t] = remove(ix.tokens[t], i)
			}
		}
		if old.off == 0 { // its own blob (a chunk's entries start after a length)
			s.blob = old.blob
		}
		ix.slots[i] = s
	} else {
		i = int32(len(ix.slots))
		ix.slots = append(ix.slots, s)
		ix.byID.add(ix.slots, i)
	}
	if s.blob == uint32(len(ix.blobs)) {
		ix.blobs = append(ix.blobs, data)
	} else {
		ix.blobs[s.blob] = data
	}
	for _, t := range toks {
		if _, known := ix.tokens[t]; !known {
			code := match.NYSIIS(t)
			ix.sounds[code] = append(ix.sounds[code], t)
			r := firstRune(t)
			ix.byFirst[r] = append(ix.byFirst[r], t)
			ix.fileFirstLetter(t)
			ix.fresh = append(ix.fresh, t)
		}
		ix.tokens[t] = append(ix.tokens[t], i)
	}
	return int(i)
}

func (ix *Index) villageFolded(v string) uint32 {
	n, ok := ix.villageN[v]
	if !ok {
		n = uint32(len(ix.villages))
		ix.villages = append(ix.villages, v)
		ix.villageN[v] = n
	}
	return n
}

// NameTokens are the folded tokens of every name of an entry.
func NameTokens(e *Entry) []string {
	var out []string
	add := func(s string) {
		for _, t := range match.Tokens(s) {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	add(e.Given)
	add(e.Family)
	for _, o := range e.Other {
		add(o)
	}
	return out
}

func remove(l []int32, v int32) []int32 {
	for j, x := range l {
		if x == v {
			l[j] = l[len(l)-1]
			return l[:len(l)-1]
		}
	}
	return l
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// settle brings the sorted dictionary up to date: a few new tokens are
// inserted in place (one save), many are sorted in (loading, bulk import).
func (ix *Index) settle() {
	if len(ix.fresh) == 0 {
		return
	}
	if len(ix.fresh) <= 16 {
		for _, t := range ix.fresh {
			at := sort.SearchStrings(ix.sorted, t)
			ix.sorted = append(ix.sorted, "")
			copy(ix.sorted[at+1:], ix.sorted[at:])
			ix.sorted[at] = t
		}
	} else {
		ix.sorted = append(ix.sorted, ix.fresh...)
		sort.Strings(ix.sorted)
	}
	ix.fresh = ix.fresh[:0]
}

// PhoneKey is the last 9 digits of a phone number, so +256 772… and
// 0772… agree. Storage uses it for its exact phone index.
func PhoneKey(s string) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) < 6 {
		return ""
	}
	if len(d) > 9 {
		d = d[len(d)-9:]
	}
	return string(d)
}

// NormID folds an identifier typed by hand: upper case, letters and digits
// only, O read as 0 and I as 1.
func NormID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == 'O':
			b.WriteByte('0')
		case r == 'I':
			b.WriteByte('1')
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	return b.String()
}
