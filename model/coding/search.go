package coding

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// Hit is one search result and why it matched.
type Hit struct {
	Code  Code
	Score float64
	Match string   // "code", "code prefix", "all words", "some words"
	Words []string // how each query word matched: "diab→diabetes", "kidney"
	Via   string   // the rewrite used, e.g. "pph → postpartum hemorrhage"

	// From an index: the book, the path read in it ("Sepsis › newborn →
	// P36.9"), the row itself (for a table's columns), and a note when the
	// book's code is not the installed release's.
	Book   IndexKind
	Path   string
	Source *IndexHit
	Note   string
	// Missing: the book gives a code the installed set does not have. It is
	// shown so the coder knows, and must never be accepted as a code.
	Missing bool
	// Prefix: an ICD-10-PCS Index hit gives the start of a code ("0DTJ");
	// Code is its table, and the remaining axes are chosen (NextAxis).
	Prefix string

	set *Set // a book's hit: its code's full view is built once it is shown
	ent int32
}

// Searcher searches one or more sets together (diagnoses and procedures in
// one box). Boost adds points to a clinic's frequent codes (keys in any
// spelling); 10 points is the gap between a billable code and a header.
type Searcher struct {
	Sets    []*Set
	Boost   map[string]float64
	Indexes []*Index // the books, looked up before the titles
	// Shorthand is the clinic's abbreviation list, applied to the query
	// before anything is searched.
	Shorthand Shorthand
}

// NewSearcher searches the given sets.
func NewSearcher(sets ...*Set) *Searcher { return &Searcher{Sets: sets} }

// Search finds codes in one set.
func (s *Set) Search(q string, limit int) []Hit { return NewSearcher(s).Search(q, limit) }

// Scores by kind of match. Each tier is worth more than anything a lower
// tier can add, which gives exact code > code prefix > all words > partial.
const (
	tierCode     = 1000
	tierPrefix   = 900
	tierAll      = 200
	tierSome     = 100
	billableGain = 10
	shortGain    = 6
)

// Word weights: a word typed in full beats one completed from a prefix,
// which beats a typo's correction.
const (
	wExact   = 1.0
	wVariant = 0.95 // plural, British spelling, synonym
	wPrefix  = 0.85
	wTypo    = 0.7
)

type cand struct {
	set     *Set
	ent     int32
	doc     int32 // -1 for code matches
	score   float64
	match   string
	variant int
	words   []matcher
}

// Search returns at most limit hits, best first. A query ending in a space
// treats its last word as complete; otherwise the last word is a prefix,
// as when the list updates on each keystroke.
func (sr *Searcher) Search(q string, limit int) []Hit {
	if limit <= 0 {
		limit = 20
	}
	words := tokens(q, nil)
	if len(words) == 0 {
		return nil
	}
	typing := !strings.HasSuffix(q, " ")
	var shorthand string
	if len(sr.Shorthand) > 0 {
		ws, expanded, via := sr.Shorthand.apply(words)
		if len(via) > 0 {
			words, shorthand = ws, strings.Join(via, "; ")
			// An expansion's words are whole: the last is no prefix.
			typing = typing && !expanded[len(expanded)-1]
		}
	}
	boost := map[string]float64{}
	for k, v := range sr.Boost {
		boost[Compact(k)] = v
	}
	var all []cand
	for _, set := range sr.Sets {
		if shorthand == "" {
			all = append(all, set.codeMatches(q, limit)...)
		}
	}
	// A query that is a code, or the start of one, wants codes: the words
	// search would only add noise ("E11.9" has a "9" in common with BMI 19.9).
	codeHit := len(all) > 0
	for _, set := range sr.Sets {
		if codeHit {
			break
		}
		var kept []string
		for _, w := range words {
			if !stopwords[w] {
				kept = append(kept, w)
			}
		}
		if len(kept) == 0 {
			kept = words
		}
		for v, variant := range expand(kept) {
			all = append(all, set.wordMatches(variant, v, typing && v == 0, limit)...)
		}
	}
	for i := range all {
		all[i].score += boost[all[i].set.entries[all[i].ent].code]
	}
	var books []Hit
	if !codeHit {
		for v, variant := range expand(keptWords(words)) {
			hs := sr.indexCands(variant, typing && v == 0, limit)
			for i := range hs {
				h := &hs[i]
				h.Score += boost[Compact(h.Code.Code)]
				if v > 0 {
					h.Via = strings.Join(words, " ") + " → " + strings.Join(variant, " ")
				}
			}
			if books == nil { // a Hit is large: no second copy of the list
				books = hs
			} else {
				books = append(books, hs...)
			}
		}
	}
	// Typed sorts (sort.SliceStable swapped these large structs through
	// reflection). Score first; within a set, code order; sets keep theirs.
	slices.SortStableFunc(all, func(a, b cand) int {
		switch {
		case a.score != b.score:
			return cmp.Compare(b.score, a.score)
		case a.set != b.set:
			return 0
		}
		return cmp.Compare(a.ent, b.ent)
	})
	type key struct {
		s *Set
		e int32
	}
	seen := map[key]bool{}
	var hits []Hit
	if n := min(limit, len(all)+len(books)); n > 0 {
		hits = make([]Hit, 0, n)
	}
	variants := expand(words)
	slices.SortStableFunc(books, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	shown := map[string]bool{}
	bi := 0
	for _, c := range all {
		for bi < len(books) && books[bi].Score >= c.score && len(hits) < limit {
			if b := books[bi]; !shown[b.Code.Code+b.Prefix] {
				shown[b.Code.Code+b.Prefix] = true
				hits = append(hits, b)
			}
			bi++
		}
		if len(hits) == limit {
			break
		}
		if shown[Printed(c.set.System.Name, c.set.entries[c.ent].code)] {
			continue
		}
		if seen[key{c.set, c.ent}] {
			continue
		}
		seen[key{c.set, c.ent}] = true
		h := Hit{Code: c.set.code(c.ent), Score: c.score, Match: c.match}
		if c.doc >= 0 {
			h.Words = c.set.why(c.doc, c.words)
			if c.variant > 0 && c.variant < len(variants) {
				h.Via = strings.Join(words, " ") + " → " + strings.Join(variants[c.variant], " ")
			}
		}
		shown[h.Code.Code] = true
		hits = append(hits, h)
	}
	for ; bi < len(books) && len(hits) < limit; bi++ {
		if b := books[bi]; !shown[b.Code.Code+b.Prefix] {
			shown[b.Code.Code+b.Prefix] = true
			hits = append(hits, b)
		}
	}
	for i := range hits {
		if hits[i].set != nil {
			hits[i].Code = hits[i].set.code(hits[i].ent)
		}
	}
	if shorthand != "" {
		for i := range hits {
			if hits[i].Via == "" {
				hits[i].Via = shorthand
			} else {
				hits[i].Via = shorthand + "; " + hits[i].Via
			}
		}
	}
	return hits
}

// keptWords drops stopwords, unless nothing else was typed.
func keptWords(words []string) []string {
	var kept []string
	for _, w := range words {
		if !stopwords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return words
	}
	return kept
}

// codeMatches handles a query that is a code or the start of one:
// "E11.", "e119", "0210".
func (s *Set) codeMatches(q string, limit int) []cand {
	q = strings.TrimSpace(q)
	if strings.ContainsAny(q, " \t") {
		return nil
	}
	c := Compact(q)
	if len(c) < 2 || len(c) > 7 || !strings.ContainsAny(c, "0123456789") {
		return nil
	}
	if s.System.Name == ICD10CM && !(c[0] >= 'A' && c[0] <= 'Z' && c[1] >= '0' && c[1] <= '9') {
		return nil
	}
	var out []cand
	if i, ok := s.find(c); ok {
		out = append(out, cand{set: s, ent: i, doc: -1, score: tierCode, match: "code"})
	}
	// Shorter codes first (the next level down), each level in code order.
	for l := len(c) + 1; l < len(s.idx.byLen) && len(out) < limit; l++ {
		b := s.idx.byLen[l]
		k := sort.Search(len(b), func(i int) bool { return s.entries[b[i]].code >= c })
		for ; k < len(b) && strings.HasPrefix(s.entries[b[k]].code, c) && len(out) < limit; k++ {
			sc := tierPrefix - float64(10*(l-len(c))) - float64(len(out))*1e-3
			out = append(out, cand{set: s, ent: b[k], doc: -1, score: sc, match: "code prefix"})
		}
	}
	return out
}
