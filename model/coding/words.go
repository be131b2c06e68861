package coding

import (
	"math/bits"
	"slices"
	"strings"
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
//
// A matcher depends on nothing but the word and the vocabulary, and each
// keystroke looks up again every word typed before it, in every set and
// book: the index remembers the last few thousand.
func (x *index) matcher(w string, weight float32, prefix bool) matcher {
	key := matcherKey{w, weight, prefix}
	if m, ok := x.matchers.Load(key); ok {
		return m.(matcher)
	}
	m := x.newMatcher(w, weight, prefix)
	if x.matcherN.Add(1) > maxMatchers {
		x.matchers.Clear() // a long session's words: start again
		x.matcherN.Store(1)
	}
	x.matchers.Store(key, m)
	return m
}

// maxMatchers bounds an index's remembered matchers (a few hundred bytes each).
const maxMatchers = 4096

type matcherKey struct {
	w      string
	weight float32
	prefix bool
}

func (x *index) newMatcher(w string, weight float32, prefix bool) matcher {
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

// scratch is per-search working memory, kept by the index so a keystroke
// allocates almost nothing. A free list, not a sync.Pool: a pool is emptied
// by every collection, and refilling it (two arrays the size of the set)
// made the next keystroke pay for the allocation and the collection after.
type scratch struct {
	mask    []uint16
	wsum    []float32
	touched []int32
	top     topHeap
}

func (x *index) scratch() (*scratch, func()) {
	x.freeMu.Lock()
	var sc *scratch
	if n := len(x.free); n > 0 {
		sc, x.free = x.free[n-1], x.free[:n-1]
	}
	x.freeMu.Unlock()
	if sc == nil {
		n := len(x.docEnt)
		sc = &scratch{mask: make([]uint16, n), wsum: make([]float32, n)}
	}
	return sc, func() {
		for _, d := range sc.touched {
			sc.mask[d], sc.wsum[d] = 0, 0
		}
		sc.touched = sc.touched[:0]
		sc.top = sc.top[:0]
		x.freeMu.Lock()
		if len(x.free) < 4 { // more searches at once than that are rare
			x.free = append(x.free, sc)
		}
		x.freeMu.Unlock()
	}
}

// scored is one document's score in a search.
type scored struct {
	score float64
	doc   int32
	all   bool // every word matched
}

// topHeap keeps the best k scored documents: a min-heap on score, the
// weakest of them on top. It makes the moves container/heap made (Push,
// then Fix at the top), so ties at the cut are settled as they always
// were, but typed: a push no longer boxes a value.
type topHeap []scored

func (h *topHeap) offer(c scored, k int) {
	t := *h
	if len(t) < k {
		t = append(t, c)
		for j := len(t) - 1; ; { // up
			i := (j - 1) / 2
			if i == j || !(t[j].score < t[i].score) {
				break
			}
			t[i], t[j] = t[j], t[i]
			j = i
		}
		*h = t
		return
	}
	if !(c.score > t[0].score) {
		return
	}
	t[0] = c
	for i := 0; ; { // down
		j1 := 2*i + 1
		if j1 >= len(t) {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < len(t) && t[j2].score < t[j1].score {
			j = j2
		}
		if !(t[j].score < t[i].score) {
			break
		}
		t[i], t[j] = t[j], t[i]
		i = j
	}
}

// shortMemo is how many one-word lookups a set remembers (see wordMatches);
// maxWarm is how many list lengths its single letters are looked up for
// ahead of time (a screen asks for one or two; a command line for any).
const (
	maxWarm      = 4
	shortMemo    = 2048
	shortMemoLen = 3 // a word of at most this many letters is remembered
)

// memoEntry is a remembered one-word lookup: its best documents.
type memoEntry struct {
	top []scored
	ms  []matcher
}

// wordMatches scores every document against the words of one variant of
// the query and returns the best few as candidates.
//
// A word of one to three letters reaches a large part of the set ("s"
// begins words in 220,000 places across CM and PCS): such a word alone is
// looked up once and remembered, and a large set looks up every single
// letter and digit in the background after its first search, so a first
// keystroke costs no more than the ones after it (with the limit of that
// first search). The result is the same either way.
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
	k := 2*limit + 8 // room for an entry found by both its title and an inclusion term
	var top []scored
	var ms []matcher
	if len(words) == 1 && len(words[0]) <= shortMemoLen {
		s.startWarm(k)
		e := s.memoized(words[0], typing, k)
		top, ms = e.top, e.ms
	} else {
		top, ms = s.scoreDocs(words, typing, k)
	}
	x := s.idx
	out := make([]cand, len(top))
	for i, c := range top {
		out[i] = cand{set: s, ent: x.docEnt[c.doc], doc: c.doc, score: c.score, variant: variant, words: ms, match: "some words"}
		if c.all {
			out[i].match = "all words"
		}
	}
	return out
}

type memoKey struct {
	word   string
	typing bool
	k      int
}

// memoized is the remembered lookup of one short word, made now if need be.
func (s *Set) memoized(w string, typing bool, k int) *memoEntry {
	key := memoKey{w, typing, k}
	if e, ok := s.memo.Load(key); ok {
		return e.(*memoEntry)
	}
	top, ms := s.scoreDocs([]string{w}, typing, k)
	e := &memoEntry{top: top, ms: ms}
	if s.memoN.Add(1) <= shortMemo {
		if prev, loaded := s.memo.LoadOrStore(key, e); loaded {
			return prev.(*memoEntry)
		}
	}
	return e
}

// startWarm looks up every single letter and digit, as typed first, in
// the background, once for each list length asked for (a screen asks for
// one or two): on a full release each lookup takes a few milliseconds.
func (s *Set) startWarm(k int) {
	if len(s.idx.docEnt) < 20000 {
		return // a clinic's short list: every lookup is quick
	}
	if _, done := s.warmed.LoadOrStore(k, true); done || s.warmN.Add(1) > maxWarm {
		return
	}
	go func() {
		for _, c := range "abcdefghijklmnopqrstuvwxyz0123456789" {
			s.memoized(string(c), true, k)
		}
	}()
}

// scoreDocs scores the documents the words reach and returns the best k
// (in the heap's order, as before: the caller sorts), with the words'
// matchers.
func (s *Set) scoreDocs(words []string, typing bool, k int) ([]scored, []matcher) {
	x := s.idx
	weight := float32(wExact) // rewrites are curated: they weigh as typed
	ms := make([]matcher, len(words))
	for i, w := range words {
		ms[i] = s.matcher(w, weight, typing && i == len(words)-1)
	}
	sc, done := x.scratch()
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
		return nil, ms
	}
	nw := float64(len(ms))
	for _, d := range sc.touched {
		n := bits.OnesCount16(sc.mask[d])
		if n < best-1 {
			continue
		}
		info := x.info[d]
		q := float64(sc.wsum[d]) / nw
		var score float64
		if n == len(ms) {
			score = tierAll + 20*q
		} else {
			score = tierSome + 80*q
		}
		if info.billable {
			score += billableGain
		}
		score += shortGain / float64(1+max(0, int(info.extra)-n))
		if info.inc {
			score -= 1.5
		}
		// Among equals, a title that starts with what was typed first is the
		// more general one: "Fever, unspecified" before "Typhoid fever, …".
		if info.first >= 0 && ms[0].has(info.first) {
			score += 1
		}
		sc.top.offer(scored{score: score, doc: d, all: n == len(ms)}, k)
	}
	return slices.Clone(sc.top), ms
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
