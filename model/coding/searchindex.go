package coding

import (
	"slices"
	"sort"
	"strings"
)

// Index hits rank above every title match: the book's path is how a coder
// finds a code. The exact path (every path word typed) is worth tierIndex;
// each path word not typed takes some of the gap above the titles away.
const (
	tierIndex     = 210
	indexPathGain = 60
	externalLoss  = 5 // an external cause is an additional code, not the condition
	droppedWord   = 3
	missingLoss   = 5 // a code the installed release lacks is shown where the book puts it, just below what can be chosen
)

// indexCands looks the words up in every book the searcher has.
func (sr *Searcher) indexCands(words []string, typing bool, limit int) []Hit {
	var out []Hit
	for _, ix := range sr.Indexes {
		set := sr.setFor(ix)
		if set == nil {
			continue
		}
		col, rest, ok := tableColumn(ix.Kind, words)
		if !ok {
			continue
		}
		variants := [][]string{rest}
		// "club foot" is "Clubfoot" in the book: two typed words that are
		// one word of the book are tried joined.
		for i := 0; i+1 < len(rest); i++ {
			if j := rest[i] + rest[i+1]; ix.x.term(j) >= 0 {
				v := append(append(append([]string{}, rest[:i]...), j), rest[i+2:]...)
				variants = append(variants, v)
			}
		}
		var found []IndexHit
		for _, v := range variants {
			found = append(found, ix.Find(v, typing, col, limit)...)
		}
		// No close path for every word ("severe pneumonia": the book has
		// no "severe" under Pneumonia): look up the words less one, each
		// left-out word counting as two path words not typed.
		if close := slices.ContainsFunc(found, func(h IndexHit) bool { return h.Extra <= 1 }); !close &&
			col < 0 && len(rest) >= 2 && len(rest) <= 6 {
			for i := range rest {
				less := append(append([]string{}, rest[:i]...), rest[i+1:]...)
				for _, h := range ix.Find(less, typing && i < len(rest)-1, col, 2) {
					// Only where a word kept is the main term: leaving out
					// the condition itself ("pneumonia") finds the other
					// word anywhere ("Crush › severe").
					if ix.mainTermHas(h.Row, less) {
						h.Extra += droppedWord
						found = append(found, h)
					}
				}
			}
		}
		out = slices.Grow(out, len(found))
		for _, ih := range found {
			h, ok := set.indexHit(ih)
			if !ok {
				continue
			}
			// A word completed from a few letters, or a typo's correction,
			// is not the path the coder typed: it weighs less.
			h.Score = tierIndex + indexPathGain*ih.Weight*ih.Weight/float64(1+ih.Extra) + 10*ih.Weight
			if ix.Kind == ExternalIndex {
				h.Score -= externalLoss
			}
			if h.Missing {
				h.Score -= missingLoss
			}
			out = append(out, h)
		}
	}
	return out
}

// setFor is the set an index's codes are in: ICD-10-PCS for the PCS
// Index, ICD-10-CM for the others.
func (sr *Searcher) setFor(ix *Index) *Set {
	want := ICD10CM
	if ix.Kind == ProcedureIndex {
		want = ICD10PCS
	}
	for _, s := range sr.Sets {
		if s.System.Name == want {
			return s
		}
	}
	return nil
}

// indexHit turns a book's code into a hit on the installed set. A code
// that needs more characters leads to its unspecified code, or stops where
// only the 7th character is left (the picker asks for it). A code the
// installed release does not have is shown as such and marked Missing,
// unless the installed release has it undivided (the book is newer: FY2025
// split R05 into R05.1–R05.9; a 2021 set codes all of them R05).
func (s *Set) indexHit(ih IndexHit) (Hit, bool) {
	book := Printed(s.System.Name, ih.Code)
	if ih.More {
		book += "-"
	}
	h := Hit{Match: "index", Book: ih.Index.Kind, Source: &ih}
	// The PCS Index gives a table ("0DT") or a table and body part
	// ("0DTJ"): the hit is the table, the rest is chosen axis by axis.
	if ih.Index.Kind == ProcedureIndex && len(ih.Code) >= 3 && len(ih.Code) < 7 {
		if t, ok := s.find(ih.Code[:3]); ok && s.hasCodeUnder(ih.Code) {
			h.set, h.ent, h.Prefix = s, t, ih.Code
			h.Code = Code{System: s.System, Code: Printed(s.System.Name, s.entries[t].code)}
			h.Path = ih.Path() + " → " + book + "…"
			return h, true
		}
	}
	e, ok := s.find(ih.Code)
	if !ok {
		for n := len(ih.Code) - 1; n >= 3 && !ok; n-- {
			if p, found := s.find(ih.Code[:n]); found && s.entries[p].billable {
				e, ok = p, true
				h.Note = book + " is newer than " + s.System.String() + "; this release codes it " + Printed(s.System.Name, ih.Code[:n])
			}
		}
	}
	if !ok {
		h.Missing = true
		h.Code = Code{System: s.System, Code: book, Title: "not in " + s.System.String() + " (the index is " + ih.Index.Version + ")"}
		h.Path = ih.Path() + " → " + book
		return h, true
	}
	e = s.settle(e)
	h.set, h.ent = s, e
	h.Code = Code{System: s.System, Code: Printed(s.System.Name, s.entries[e].code)}
	h.Path = ih.Path() + " → " + book
	return h, true
}

// settle walks down from a header to the code a coder takes when nothing
// more is known: the child that adds "unspecified", else the one ending in
// 9, else the first; it stops at a billable code, or where only the 7th
// character is missing.
func (s *Set) settle(e int32) int32 {
	for depth := 0; depth < 4 && !s.entries[e].billable; depth++ {
		code := s.entries[e].code
		var kids []int32
		for c := e + 1; int(c) < len(s.entries) && strings.HasPrefix(s.entries[c].code, code); c++ {
			if s.entries[c].parent == e {
				kids = append(kids, c)
			}
		}
		if len(kids) == 0 {
			return e
		}
		// Where the next level is the 7th character (with its X
		// placeholders), the picker asks for it: stop here.
		if s.System.Name == ICD10CM && s.seventhDefiner(e) >= 0 && len(s.entries[kids[0]].code) == 7 {
			return e
		}
		pick := kids[0]
		base := strings.Count(strings.ToLower(s.entries[e].title), "unspecified")
		found := false
		for _, k := range kids {
			if strings.Count(strings.ToLower(s.entries[k].title), "unspecified") > base {
				pick, found = k, true
				break
			}
		}
		if !found {
			for _, k := range kids {
				if strings.HasSuffix(s.entries[k].code, "9") {
					pick = k
					break
				}
			}
		}
		e = pick
	}
	return e
}

// IndexCode is the hit a book's row gives (in the hit's column, following
// its "see"), with the code's full view: for a table's other columns and
// for reading a main term down. ok is false when the row gives no code.
func (s *Set) IndexCode(ih IndexHit) (Hit, bool) {
	if ih.Index == nil || ih.Row < 0 || ih.Row >= len(ih.Index.Rows) {
		return Hit{}, false
	}
	ih.Target = ih.Row
	if !ih.Index.resolve(&ih) {
		return Hit{}, false
	}
	h, ok := s.indexHit(ih)
	if ok && h.set != nil {
		h.Code = h.set.code(h.ent)
	}
	return h, ok
}

// mainTermHas reports whether the main term above row r is one of the
// words (as typed, singular or plural, or spelled the American way).
func (ix *Index) mainTermHas(r int, words []string) bool {
	for ix.parent[r] >= 0 {
		r = int(ix.parent[r])
	}
	first, _, _ := strings.Cut(ix.Rows[r].Term, ",")
	for _, t := range tokens(first, nil) {
		for _, w := range words {
			a := britishToAmerican(w)
			if t == w || t == a || t == w+"s" || t+"s" == w || t == a+"s" || t+"s" == a {
				return true
			}
		}
	}
	return false
}

// hasCodeUnder reports whether a complete (7-character) code starts with
// prefix: a binary search of the codes in order, not a walk of the table.
func (s *Set) hasCodeUnder(prefix string) bool {
	b := s.idx.byLen[7]
	k := sort.Search(len(b), func(i int) bool { return s.entries[b[i]].code >= prefix })
	return k < len(b) && strings.HasPrefix(s.entries[b[k]].code, prefix)
}
