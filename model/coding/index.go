package coding

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// index is an inverted index over "documents": each code's title, and each
// inclusion term as a document of its own, so that a short inclusion term
// ("Classical cholera") ranks by its own length, not its code's title.
type index struct {
	vocab  []string   // sorted; a term's id is its position, so a prefix is an id range
	post   [][]int32  // term id → doc ids, ascending
	docEnt []int32    // doc → entry
	docInc []bool     // doc is an inclusion term
	docTok []int32    // forward index: the docs' term ids, concatenated
	docOff []int32    // doc d's terms are docTok[docOff[d]:docOff[d+1]]
	extra  []uint8    // doc's significant words (not stopwords, not "unspecified")
	byLen  [8][]int32 // entries with a compact code of that length, sorted by code
	info   []docInfo  // a set's docs: what a score needs, side by side

	freeMu sync.Mutex
	free   []*scratch // per-search working memory not in use

	matchers sync.Map // matcherKey → matcher (see matcher)
	matcherN atomic.Int64
}

// docInfo is what scoring reads of a document besides its matched words,
// packed in 8 bytes: read for every document a word reaches, it is one
// cache line per eight documents instead of three arrays and the entry.
type docInfo struct {
	first    int32 // the title's first term, -1 for none
	extra    uint8
	inc      bool
	billable bool
}

// stopwords are not indexed and dropped from queries: they carry no meaning
// in a code title and every title has them.
var stopwords = map[string]bool{"of": true, "the": true, "and": true, "or": true, "with": true,
	"without": false, "in": true, "on": true, "at": true, "to": true, "for": true, "a": true,
	"an": true, "by": true, "as": true, "from": true, "due": true, "other": false}

// generic words make a title longer without making it more specific, so
// they do not count against "shorter titles first".
var generic = map[string]bool{"unspecified": true, "nos": true, "site": true, "not": true, "specified": true}

// tokens splits text into lower-case words of letters and digits. Bytes
// above ASCII count as letters so accented words stay whole.
func tokens(text string, out []string) []string {
	start := -1
	var lower []byte
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		if hasUpper(w) {
			lower = append(lower[:0], w...)
			for i, c := range lower {
				if c >= 'A' && c <= 'Z' {
					lower[i] = c + 32
				}
			}
			w = string(lower)
		}
		out = append(out, w)
		start = -1
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func hasUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			return true
		}
	}
	return false
}

func buildIndex(s *Set) *index {
	x := &index{docOff: []int32{0}}
	// ids caches every word seen, stopwords as -1, so each word of each
	// title costs one map lookup and no allocation once it is known.
	// Sized for a full release (tens of thousands of words), but not for a
	// clinic's list of twenty codes, which would pay for the empty table.
	ids := make(map[string]int32, min(32768, 8*len(s.entries)+64))
	var isGeneric []bool
	var lb []byte
	textToks := func(text string, buf []int32) []int32 {
		for i := 0; i < len(text); {
			for i < len(text) && !wordByte(text[i]) {
				i++
			}
			j := i
			lb = lb[:0]
			for ; j < len(text) && wordByte(text[j]); j++ {
				c := text[j]
				if c >= 'A' && c <= 'Z' {
					c += 32
				}
				lb = append(lb, c)
			}
			if j == i {
				break
			}
			i = j
			if id, ok := ids[string(lb)]; ok {
				if id >= 0 {
					buf = append(buf, id)
				}
				continue
			}
			w := string(lb)
			if stopwords[w] {
				ids[w] = -1
				continue
			}
			id := int32(len(x.vocab))
			x.vocab = append(x.vocab, w)
			isGeneric = append(isGeneric, generic[w])
			ids[w] = id
			buf = append(buf, id)
		}
		return buf
	}
	addDoc := func(ent int32, inc bool, toks []int32, skipExtra int) {
		x.docEnt = append(x.docEnt, ent)
		x.docInc = append(x.docInc, inc)
		n := 0
		start := len(x.docTok)
		for _, t := range toks {
			dup := false
			for _, u := range x.docTok[start:] {
				if u == t {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			x.docTok = append(x.docTok, t)
			if !isGeneric[t] {
				n++
			}
		}
		x.docOff = append(x.docOff, int32(len(x.docTok)))
		x.extra = append(x.extra, uint8(min(max(n-skipExtra, 0), 255)))
	}
	// PCS titles repeat a few thousand axis labels: tokenize each label once.
	axisToks := make([][]int32, len(s.axisVals))
	for i, a := range s.axisVals {
		axisToks[i] = textToks(a.Label, nil)
	}
	x.docEnt = make([]int32, 0, len(s.entries)+len(s.entries)/8)
	x.docInc = make([]bool, 0, cap(x.docEnt))
	x.extra = make([]uint8, 0, cap(x.docEnt))
	x.docOff = make([]int32, 1, cap(x.docEnt)+1)
	x.docTok = make([]int32, 0, 12*len(s.entries))
	var buf []int32
	for i := range s.entries {
		e := int32(i)
		buf = buf[:0]
		if i < len(s.pcsAxes) && s.pcsAxes[i][0] >= 0 {
			for _, a := range s.pcsAxes[i] {
				buf = append(buf, axisToks[a]...)
			}
		} else {
			buf = textToks(s.entries[i].title, buf)
		}
		addDoc(e, false, buf, seventhWords(s, e)+negatedWords(s.entries[i].title))
		for _, n := range s.notes[e] {
			if n.kind == 'i' {
				addDoc(e, true, textToks(n.text, buf[:0]), 0)
			}
		}
		if l := len(s.entries[i].code); l < len(x.byLen) {
			x.byLen[l] = append(x.byLen[l], e)
		}
	}
	// Renumber terms in sorted order so a typed prefix is a range of ids.
	order := make([]int32, len(x.vocab))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool { return x.vocab[order[a]] < x.vocab[order[b]] })
	remap := make([]int32, len(order))
	sorted := make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		sorted[newID] = x.vocab[old]
	}
	x.vocab = sorted
	for i, t := range x.docTok {
		x.docTok[i] = remap[t]
	}
	buildPostings(x, heapInt32s)
	x.buildInfo(s)
	for l := range x.byLen {
		b := x.byLen[l]
		cmp := func(i, j int32) int { return strings.Compare(s.entries[i].code, s.entries[j].code) }
		if !slices.IsSortedFunc(b, cmp) { // the order file already is
			slices.SortFunc(b, cmp)
		}
	}
	return x
}

// heapInt32s is make, for the postings of a set or book indexed here.
func heapInt32s(n int) []int32 { return make([]int32, n) }

// buildPostings makes each term's posting list from the docs' terms, in
// one backing array (from alloc): fewer, larger allocations.
func buildPostings(x *index, alloc func(int) []int32) {
	counts := make([]int32, len(x.vocab))
	for _, t := range x.docTok {
		counts[t]++
	}
	all := alloc(len(x.docTok))
	x.post = make([][]int32, len(x.vocab))
	off := 0
	for t, c := range counts {
		x.post[t] = all[off : off : off+int(c)]
		off += int(c)
	}
	for d := 0; d+1 < len(x.docOff); d++ {
		for _, t := range x.docTok[x.docOff[d]:x.docOff[d+1]] {
			x.post[t] = append(x.post[t], int32(d))
		}
	}
}

// buildInfo packs what scoring reads of each doc of a set.
func (x *index) buildInfo(s *Set) {
	x.info = make([]docInfo, len(x.docEnt))
	for d := range x.info {
		doc := x.docTerms(int32(d))
		first := int32(-1)
		if len(doc) > 0 {
			first = doc[0]
		}
		x.info[d] = docInfo{first: first, extra: x.extra[d], inc: x.docInc[d], billable: s.entries[x.docEnt[d]].billable}
	}
}

// seventhWords is how many words a code's 7th character added to its
// title ("…, initial encounter for closed fracture"): they say which visit
// it is, not what the condition is, so they do not make a title "longer".
func seventhWords(s *Set, e int32) int {
	en := &s.entries[e]
	// Only the initial encounter ("A") is lifted: the other characters'
	// words count, so one family's eight variants do not fill the list.
	if len(en.code) != 7 || en.code[6] != 'A' || en.parent < 0 || s.System.Name != ICD10CM {
		return 0
	}
	base := s.entries[en.parent].title
	// The parent may be the 6-character code or (with X placeholders) a
	// shorter one; either way the added words follow its title.
	if !strings.HasPrefix(en.title, base) {
		return 0
	}
	n := 0
	for _, w := range tokens(en.title[len(base):], nil) {
		if !stopwords[w] && !generic[w] {
			n++
		}
	}
	return n
}

// negatedWords counts the words of "without …" and "not …" clauses
// ("Measles without complication", "…, not intractable"): they narrow a
// title by what is absent, which is how ICD-10-CM spells "the usual case",
// so they should not push it below more specific siblings.
func negatedWords(title string) int {
	for i := 0; i < len(title); i++ {
		if title[i] >= 0x80 {
			return negatedWordsSlow(title) // ToLower's Unicode cases
		}
	}
	// One pass over the words, lower-cased in a buffer, a comma ending the
	// clause: no allocation for the ~95,000 titles read on first use.
	n, counting := 0, false
	var buf [64]byte
	for i := 0; i < len(title); {
		for i < len(title) && !wordByte(title[i]) {
			if title[i] == ',' {
				counting = false
			}
			i++
		}
		w := buf[:0]
		for ; i < len(title) && wordByte(title[i]); i++ {
			c := title[i]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			w = append(w, c)
		}
		switch {
		case len(w) == 0:
		case counting:
			if !stopwords[string(w)] && !generic[string(w)] {
				n++
			}
		case string(w) == "without" || string(w) == "not":
			counting = true
		}
	}
	return n
}

// negatedWordsSlow is negatedWords for titles with bytes above ASCII.
func negatedWordsSlow(title string) int {
	n := 0
	for _, clause := range strings.Split(strings.ToLower(title), ",") {
		ws := tokens(clause, nil)
		for i, w := range ws {
			if w == "without" || w == "not" {
				for _, v := range ws[i+1:] {
					if !stopwords[v] && !generic[v] {
						n++
					}
				}
				break
			}
		}
	}
	return n
}

// term returns a word's id, or -1.
func (x *index) term(w string) int32 {
	i := sort.SearchStrings(x.vocab, w)
	if i < len(x.vocab) && x.vocab[i] == w {
		return int32(i)
	}
	return -1
}

// prefixRange is the id range of terms starting with p.
func (x *index) prefixRange(p string) (lo, hi int32) {
	l := sort.SearchStrings(x.vocab, p)
	h := l + sort.Search(len(x.vocab)-l, func(i int) bool { return !strings.HasPrefix(x.vocab[l+i], p) })
	return int32(l), int32(h)
}

func (x *index) docTerms(d int32) []int32 { return x.docTok[x.docOff[d]:x.docOff[d+1]] }
