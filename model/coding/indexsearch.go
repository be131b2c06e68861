package coding

import (
	"sort"
	"strings"
)

// IndexHit is one row a book gives for the words looked up.
type IndexHit struct {
	Index  *Index
	Row    int
	Column int    // the table column chosen (0-based), -1 outside the tables
	Code   string // compact, without the book's trailing "-"
	More   bool   // the book's code ended in "-": more characters are needed
	Target int    // the row a "see" led to (the row that gives Code); Row when none
	Extra  int    // path words not typed: 0 is the exact term path
	Weight float64
}

// Path is how a coder reads the hit in the book: "Sepsis › newborn",
// "Neoplasm, neoplastic › breast [Malignant Primary]", "Abdominalgia → see
// Pain, abdominal".
func (h IndexHit) Path() string {
	p := h.Index.Path(h.Row)
	if h.Target != h.Row {
		p += " → see " + h.Index.Path(h.Target)
	}
	if h.Column >= 0 && h.Column+1 < len(h.Index.Columns) {
		p += " [" + h.Index.Columns[h.Column+1] + "]"
	}
	return p
}

// nonEssWeight is what a word found only among a row's nonessential
// modifiers weighs: the row may be meant, but it is not the typed term.
const nonEssWeight = 0.5

// maxExtra is the most untyped path words a hit may have: beyond it the
// path is not what was looked up.
const maxExtra = 6

// rowScratch is per-lookup working memory, kept by the book (a free list,
// not a sync.Pool, which every collection empties).
type rowScratch struct {
	mask    []uint16
	wsum    []float32
	touched []int32
	hits    []IndexHit
}

func (ix *Index) scratch() (*rowScratch, func()) {
	ix.freeMu.Lock()
	var sc *rowScratch
	if n := len(ix.free); n > 0 {
		sc, ix.free = ix.free[n-1], ix.free[:n-1]
	}
	ix.freeMu.Unlock()
	if sc == nil || len(sc.mask) != len(ix.Rows) { // rows appended since
		sc = &rowScratch{mask: make([]uint16, len(ix.Rows)), wsum: make([]float32, len(ix.Rows))}
	}
	return sc, func() {
		for _, r := range sc.touched {
			sc.mask[r], sc.wsum[r] = 0, 0
		}
		sc.touched = sc.touched[:0]
		ix.freeMu.Lock()
		if len(ix.free) < 4 {
			ix.free = append(ix.free, sc)
		}
		ix.freeMu.Unlock()
	}
}

// Find returns the rows whose path (main term, the subterms above, the row's
// own term and its nonessential modifiers) holds every word, fewest
// untyped path words first: the exact term path leads. A word matches a row
// when it matches the row or any row above it, as reading down the book.
// Rows that give no code and lead nowhere are left out. column picks a
// table's column (-1 for none).
func (ix *Index) Find(words []string, typing bool, column, limit int) []IndexHit {
	if len(words) == 0 || len(words) > 16 || len(ix.Rows) == 0 {
		return nil
	}
	ms := make([]matcher, len(words))
	for i, w := range words {
		// One or two letters still being typed would complete to a
		// thousand terms: the book is looked up by words.
		ms[i] = ix.x.matcher(w, 1, typing && i == len(words)-1 && len(w) >= 3)
	}
	sc, done := ix.scratch()
	defer done()
	for i := range ms {
		m, bit := &ms[i], uint16(1)<<i
		mark := func(post []int32, w float32) {
			for _, d := range post {
				r := d >> 1
				w := w
				if d&1 == 1 {
					w *= nonEssWeight
				}
				if sc.mask[r]&bit != 0 {
					continue // its whole subtree is marked already
				}
				for j := r; j < ix.end[r]; j++ {
					if sc.mask[j]&bit == 0 {
						if sc.mask[j] == 0 {
							sc.touched = append(sc.touched, j)
						}
						sc.mask[j] |= bit
						sc.wsum[j] += w
					}
				}
			}
		}
		for _, t := range m.terms {
			mark(ix.x.post[t.id], t.w)
		}
		for t := m.lo; t < m.hi; t++ {
			mark(ix.x.post[t], prefixWeight(m.word, ix.x.vocab[t]))
		}
	}
	full := uint16(1)<<len(ms) - 1
	rootSig := 0
	if ix.Kind == NeoplasmTable {
		rootSig = 2 // "Neoplasm, neoplastic" heads every site: not an untyped word
	}
	better := func(a, b *IndexHit) bool {
		if a.Extra != b.Extra {
			return a.Extra < b.Extra
		}
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		return a.Row < b.Row
	}
	// Keep the best few (some give no code): a bounded insertion list, not
	// a sort of every row a common word reaches.
	keep := 3*limit + 8
	hits := sc.hits[:0]
	defer func() { sc.hits = hits[:0] }()
	for _, r := range sc.touched {
		if sc.mask[r] != full {
			continue
		}
		h := IndexHit{Index: ix, Row: int(r), Column: column, Target: int(r)}
		h.Extra = max(0, int(ix.sig[r])-rootSig-len(ms))
		if h.Extra > maxExtra {
			continue
		}
		h.Weight = float64(sc.wsum[r]) / float64(len(ms))
		if len(hits) == keep && !better(&h, &hits[keep-1]) {
			continue
		}
		at := sort.Search(len(hits), func(i int) bool { return better(&h, &hits[i]) })
		hits = append(hits, IndexHit{})
		copy(hits[at+1:], hits[at:])
		hits[at] = h
		if len(hits) > keep {
			hits = hits[:keep]
		}
	}
	var out []IndexHit
	if len(hits) > 0 {
		out = make([]IndexHit, 0, min(limit, len(hits)))
	}
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		if ix.resolve(&h) {
			out = append(out, h)
		}
	}
	return out
}

// resolve fills the hit's code from its row (or the chosen column), or
// from where its "see" leads; false when neither gives one.
func (ix *Index) resolve(h *IndexHit) bool {
	code := ix.codeAt(h.Row, h.Column)
	if code == "" && ix.Rows[h.Row].See != "" {
		if t, ok := ix.FollowSee(ix.Rows[h.Row].See); ok && t >= 0 {
			if c := ix.codeAt(t, h.Column); c != "" {
				h.Target, code = t, c
			}
		}
	}
	if code == "" {
		return false
	}
	h.More = strings.HasSuffix(code, "-")
	h.Code = Compact(code)
	return h.Code != ""
}

// codeAt is the code a row gives in a column (or its own code).
func (ix *Index) codeAt(r, column int) string {
	row := &ix.Rows[r]
	if column >= 0 {
		if column < len(row.Cells) {
			c := strings.TrimSpace(row.Cells[column])
			if strings.Trim(c, "-") == "" {
				return ""
			}
			return c
		}
		return ""
	}
	return row.Code
}

// The words that choose a table and its column. Each set is matched as
// typed, lower case.
var (
	poisonWords = map[string]bool{"overdose": true, "od": true, "poisoning": true, "poisoned": true,
		"poison": true, "ingestion": true, "ingested": true, "intoxication": true, "toxicity": true,
		"toxic": true, "swallowed": true, "drank": true, "drinking": true, "overdosed": true}
	intentWords = map[string]int{"accidental": 0, "accident": 0, "unintentional": 0,
		"intentional": 1, "deliberate": 1, "suicide": 1, "suicidal": 1, "attempted": 1, "self": 1,
		"harm": 1, "dsh": 1, "assault": 2, "homicidal": 2, "undetermined": 3,
		"adverse": 4, "allergy": 4, "allergic": 4, "reaction": 4, "side": 4,
		"underdosing": 5, "underdose": 5, "underdosed": 5}
	morphWords = map[string]int{"carcinoma": 0, "cancer": 0, "ca": 0, "malignant": 0,
		"malignancy": 0, "adenocarcinoma": 0, "sarcoma": 0,
		"secondary": 1, "secondaries": 1, "metastatic": 1, "metastasis": 1, "metastases": 1,
		"mets": 1, "situ": 2, "cis": 2, "benign": 3, "uncertain": 4,
		"tumour": 5, "tumor": 5, "neoplasm": 5, "mass": 5, "growth": 5, "neoplastic": 5, "tumours": 5, "tumors": 5}
)

// tableColumn splits the words into the table's column words and the rest:
// for drugs, the intent (a poisoning whose intent is not written is
// accidental, per the guidelines); for neoplasms, the behaviour the
// morphology word says (secondary and in situ over malignant). ok is false
// when no such word was typed: the table is then not the place to look.
func tableColumn(kind IndexKind, words []string) (column int, rest []string, ok bool) {
	column = -1
	switch kind {
	case DrugTable:
		poison := false
		for _, w := range words {
			if c, isIntent := intentWords[w]; isIntent {
				if column < 0 || c != 4 && c != 0 {
					column = c
				}
				continue
			}
			if poisonWords[w] {
				poison = true
				continue
			}
			if w == "effect" || w == "effects" || w == "to" || w == "by" {
				continue // "adverse effect of", "toxic effect of", "allergy to"
			}
			rest = append(rest, w)
		}
		if column < 0 && poison {
			column = 0
		}
	case NeoplasmTable:
		for _, w := range words {
			if c, isMorph := morphWords[w]; isMorph {
				if column < 0 || c == 1 || c == 2 || (c < column && column != 1 && column != 2) {
					column = c
				}
				continue
			}
			rest = append(rest, w)
		}
	default:
		return -1, words, true
	}
	return column, rest, column >= 0 && len(rest) > 0
}

// TableColumn is tableColumn for callers outside the package (importer
// tests, the picker): the column a query's words choose in a table and the
// words left to look up.
func TableColumn(kind IndexKind, words []string) (column int, rest []string, ok bool) {
	return tableColumn(kind, words)
}

// QueryWords splits a query into the lower-case words a book is looked
// up by (stopwords dropped).
func QueryWords(q string) []string { return keptWords(tokens(q, nil)) }
