package coding

import (
	"container/heap"
	"math/bits"
	"strings"
	"sync"
)

// matcher is what one query word matches in a set's vocabulary.
type matcher struct {
	word   string
	terms  []termW // exact, variant and typo terms, best weight first
	lo, hi int32   // prefix range, when the word is still being typed
}

type termW struct {
	id int32
	w  float32
}

// bigPrefix is the number of postings above which a prefix is checked
// against the documents other words already found rather than unioned:
// "f" alone matches a third of all titles.
const bigPrefix = 20000

func (s *Set) matcher(w string, weight float32, prefix bool) matcher {
	return s.idx.matcher(w, weight, prefix)
}

// matcher finds a query word's terms in an index's vocabulary: as typed,
// its plural or singular, its American spelling, the words it begins (when
// still being typed, or when it is not a word itself) and, for a word of
// five letters or more that is none of these, its one-letter typos.
func (x *index) matcher(w string, weight float32, prefix bool) matcher {
	m := matcher{word: w}
	seen := map[int32]bool{}
	addTerm := func(t string, wt float32) {
		if id := x.term(t); id >= 0 && !seen[id] {
			seen[id] = true
			m.terms = append(m.terms, termW{id, wt * weight})
		}
	}
	forms := []string{w}
	if b := britishToAmerican(w); b != w && x.term(w) < 0 {
		forms = append(forms, b)
	}
	for i, f := range forms {
		wt := float32(wExact)
		if i > 0 {
			wt = wVariant
		}
		addTerm(f, wt)
		addTerm(f+"s", wVariant)
		addTerm(f+"es", wVariant)
		if strings.HasSuffix(f, "ies") && len(f) > 4 {
			addTerm(f[:len(f)-3]+"y", wVariant)
		} else if strings.HasSuffix(f, "es") && len(f) > 4 {
			addTerm(f[:len(f)-2], wVariant)
		}
		if strings.HasSuffix(f, "s") && len(f) > 3 {
			addTerm(f[:len(f)-1], wVariant)
		}
		// "sprained", "bleeding", "infected": the book's word is the stem.
		for _, suf := range []string{"ed", "ing", "d"} {
			if strings.HasSuffix(f, suf) && len(f) > len(suf)+3 {
				addTerm(f[:len(f)-len(suf)], wVariant)
				addTerm(f[:len(f)-len(suf)]+"e", wVariant)
			}
		}
		// An adjective for the noun the book uses: "vaginal" → "vagina".
		if strings.HasSuffix(f, "al") && len(f) > 5 {
			addTerm(f[:len(f)-1], wVariant)
		}
		for _, syn := range wordSynonyms[f] {
			addTerm(syn, wVariant)
		}
	}
	// A long word shares its stem with the book's form of it
	// ("tuberculosis" and "tuberculous", "haemorrhage" and "hemorrhagic").
	if len(m.terms) > 0 && len(w) >= 9 {
		stem := forms[len(forms)-1]
		stem = stem[:len(stem)-3]
		lo, hi := x.prefixRange(stem)
		for t := lo; t < hi && t < lo+12; t++ {
			addTerm(x.vocab[t], wTypo)
		}
	}
	// A word that is not in the vocabulary may be an abbreviation of one
	// ("diab type 2"), wherever it stands; the last word always may be.
	if prefix || (len(m.terms) == 0 && len(w) >= 3) {
		for _, f := range forms {
			if lo, hi := x.prefixRange(f); hi > lo {
				m.lo, m.hi = lo, hi
				break
			}
		}
	}
	if len(w) >= 5 && x.term(w) < 0 && m.hi == m.lo {
		// A typo keeps the first letter or the second (a first letter
		// dropped or swapped): only terms starting with either are read,
		// not the whole vocabulary, on every keystroke.
		for _, p := range []string{w[:1], w[1:2]} {
			lo, hi := x.prefixRange(p)
			for id := lo; id < hi; id++ {
				if t := x.vocab[id]; len(t)-len(w) >= -1 && len(t)-len(w) <= 1 && editsAtMostOne(w, t) {
					addTerm(t, wTypo)
				}
			}
			if w[0] == w[1] {
				break
			}
		}
	}
	return m
}

// editsAtMostOne reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of neighbours (Damerau distance ≤ 1).
func editsAtMostOne(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b)-len(a) <= 1
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}

func (m *matcher) postings(x *index) int {
	n := 0
	for _, t := range m.terms {
		n += len(x.post[t.id])
	}
	for t := m.lo; t < m.hi; t++ {
		n += len(x.post[t])
	}
	return n
}

// scratch is per-search working memory, pooled per set so a keystroke
// allocates almost nothing.
type scratch struct {
	mask    []uint16
	wsum    []float32
	touched []int32
}

var scratchPool sync.Map // *Set → *sync.Pool

func (s *Set) scratch() (*scratch, func()) {
	p, _ := scratchPool.LoadOrStore(s, &sync.Pool{New: func() any {
		n := len(s.idx.docEnt)
		return &scratch{mask: make([]uint16, n), wsum: make([]float32, n)}
	}})
	pool := p.(*sync.Pool)
	sc := pool.Get().(*scratch)
	return sc, func() {
		for _, d := range sc.touched {
			sc.mask[d], sc.wsum[d] = 0, 0
		}
		sc.touched = sc.touched[:0]
		pool.Put(sc)
	}
}

// wordMatches scores every document against the words of one variant of
// the query and returns the best few as candidates.
func (s *Set) wordMatches(words []string, variant int, typing bool, limit int) []cand {
	var kept []string // rewrites bring their own "of"s
	for _, w := range words {
		if !stopwords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 {
		words = kept
	}
	if len(words) > 16 {
		words = words[:16]
	}
	x := s.idx
	weight := float32(wExact) // rewrites are curated: they weigh as typed
	ms := make([]matcher, len(words))
	for i, w := range words {
		ms[i] = s.matcher(w, weight, typing && i == len(words)-1)
	}
	sc, done := s.scratch()
	defer done()
	var deferred []int
	for i := range ms {
		m := &ms[i]
		if len(ms) > 1 && m.hi-m.lo > 0 && m.postings(x) > bigPrefix {
			deferred = append(deferred, i)
			continue
		}
		bit := uint16(1) << i
		visit := func(post []int32, w float32) {
			for _, d := range post {
				if sc.mask[d]&bit == 0 {
					if sc.mask[d] == 0 {
						sc.touched = append(sc.touched, d)
					}
					sc.mask[d] |= bit
					sc.wsum[d] += w
				}
			}
		}
		for _, t := range m.terms {
			visit(x.post[t.id], t.w)
		}
		for t := m.lo; t < m.hi; t++ {
			visit(x.post[t], prefixWeight(m.word, x.vocab[t])*weight)
		}
	}
	for _, i := range deferred {
		m, bit := &ms[i], uint16(1)<<i
		for _, d := range sc.touched {
			if w := m.weightIn(x.docTerms(d)); w > 0 {
				sc.mask[d] |= bit
				sc.wsum[d] += w
			}
		}
	}
	best := 0
	for _, d := range sc.touched {
		best = max(best, bits.OnesCount16(sc.mask[d]))
	}
	if best == 0 {
		return nil
	}
	nw := float64(len(ms))
	h := &candHeap{}
	k := 2*limit + 8 // room for an entry found by both its title and an inclusion term
	for _, d := range sc.touched {
		n := bits.OnesCount16(sc.mask[d])
		if n < best-1 {
			continue
		}
		e := &s.entries[x.docEnt[d]]
		q := float64(sc.wsum[d]) / nw
		var score float64
		if n == len(ms) {
			score = tierAll + 20*q
		} else {
			score = tierSome + 80*q
		}
		if e.billable {
			score += billableGain
		}
		score += shortGain / float64(1+max(0, int(x.extra[d])-n))
		if x.docInc[d] {
			score -= 1.5
		}
		// Among equals, a title that starts with what was typed first is the
		// more general one: "Fever, unspecified" before "Typhoid fever, …".
		if doc := x.docTerms(d); len(doc) > 0 && ms[0].has(doc[0]) {
			score += 1
		}
		if h.Len() < k {
			heap.Push(h, cand{doc: d, score: score})
		} else if score > (*h)[0].score {
			(*h)[0] = cand{doc: d, score: score}
			heap.Fix(h, 0)
		}
	}
	out := make([]cand, 0, h.Len())
	for _, c := range *h {
		c.set, c.ent, c.variant, c.words = s, x.docEnt[c.doc], variant, ms
		c.match = "some words"
		if bits.OnesCount16(sc.mask[c.doc]) == len(ms) {
			c.match = "all words"
		}
		out = append(out, c)
	}
	return out
}

// has reports whether term t matches m.
func (m *matcher) has(t int32) bool {
	if t >= m.lo && t < m.hi {
		return true
	}
	for _, tw := range m.terms {
		if tw.id == t {
			return true
		}
	}
	return false
}

// prefixWeight grows with how much of the word was typed: "diab" is a
// weaker match for "diabetes" than "diabete" is, and "mi" for "mild" weaker
// still, so a two-letter abbreviation's rewrite beats its completions.
func prefixWeight(typed, term string) float32 {
	if term == "" || len(term) <= len(typed) {
		return wPrefix - 0.25
	}
	return wPrefix - 0.25 + 0.25*float32(len(typed))/float32(len(term))
}

// weightIn is the best weight of m among a document's terms, or 0.
func (m *matcher) weightIn(doc []int32) float32 {
	var best float32
	for _, t := range doc {
		for _, tw := range m.terms {
			if tw.id == t && tw.w > best {
				best = tw.w
			}
		}
		if t >= m.lo && t < m.hi {
			best = max(best, prefixWeight(m.word, "")) // the lowest a completion weighs
		}
	}
	return best
}

// why lists how each query word matched document d.
func (s *Set) why(d int32, ms []matcher) []string {
	var out []string
	doc := s.idx.docTerms(d)
	for i := range ms {
		m := &ms[i]
		for _, t := range doc {
			hit := t >= m.lo && t < m.hi
			for _, tw := range m.terms {
				hit = hit || tw.id == t
			}
			if hit {
				if v := s.idx.vocab[t]; v == m.word {
					out = append(out, v)
				} else {
					out = append(out, m.word+"→"+v)
				}
				break
			}
		}
	}
	return out
}

// candHeap is a min-heap on score: the weakest of the best k is on top.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].score < h[j].score }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
