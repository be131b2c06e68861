package search

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"dossier/model"
	"dossier/model/match"
)

// Query is one search: the clerk's text and optional narrowing.
type Query struct {
	Text      string
	Sex       model.Sex // "" for any
	BirthYear int       // 0 for any
	Age       int       // years; used when HasAge
	HasAge    bool
	Village   string
	Today     time.Time
	Limit     int
	// ShowRestricted lets a role that may open restricted records find them
	// by name; others find them only by an identifier.
	ShowRestricted bool
	WithDeleted    bool
}

// Result is one ranked match and why it matched.
type Result struct {
	Entry Entry
	Score float64 // 0–1
	Why   []Reason
}

// Match kinds, strongest first.
const (
	kindExact      = int(HowExact)
	kindPrefix     = int(HowPrefix)
	kindSound      = int(HowSound)
	kindTypo       = int(HowTypo)
	kindFirstSound = int(HowFirstSound) // the first sound misheard: K/C, Ph/F, W/V, J/Y, a silent H
	kindFirst      = int(HowFirst)      // the first letter mistyped, dropped, added or swapped

)

// kindScore: a same-initial typo scores at least 0.75 × 0.88 = 0.66, so
// first-letter matches rank below it.
var kindScore = [...]float64{kindExact: 1, kindPrefix: 0.9, kindSound: 0.82, kindTypo: 0.75, kindFirstSound: 0.64, kindFirst: 0.6}

// tokenHit is a dictionary token a query word matched, and how.
type tokenHit struct {
	token string
	kind  int
	score float64
	post  []int32 // the slots holding token (ix.tokens[token], looked up once)
}

// maxPrefixTokens bounds how many dictionary tokens a short prefix expands
// to, so typing one or two letters stays fast on a million patients.
const maxPrefixTokens = 3000

// Words splits a query into name tokens, a birth year, and the words that
// look like identifiers (MRNs, phone numbers, ID and chart numbers), which
// storage looks up exactly.
func Words(text string, today time.Time) (names []string, year int, idents []string) {
	for _, w := range joinDigitGroups(strings.Fields(text), today) {
		switch kind, y := classify(w, today); kind {
		case wordYear:
			year = y
		case wordMRN, wordIdent:
			idents = append(idents, w)
		case wordName:
			names = append(names, match.Tokens(w)...)
		}
	}
	return names, year, idents
}

// joinDigitGroups puts back together a phone number typed in groups
// ("+256 772 123456"), leaving a lone year alone.
func joinDigitGroups(words []string, today time.Time) []string {
	var out, group []string
	digits := 0
	flush := func() {
		if len(group) > 1 && digits >= 6 {
			out = append(out, strings.Join(group, ""))
		} else {
			out = append(out, group...)
		}
		group, digits = nil, 0
	}
	for _, w := range words {
		if k, _ := classify(w, today); k == wordYear {
			flush() // a birth year stands alone, never part of a phone number
			out = append(out, w)
			continue
		}
		if strings.HasPrefix(w, "+") {
			flush() // a new phone number starts
		}
		if phoneish(w) {
			group = append(group, w)
			for _, r := range w {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			continue
		}
		flush()
		out = append(out, w)
	}
	flush()
	return out
}

func phoneish(w string) bool {
	for _, r := range w {
		if !(r >= '0' && r <= '9' || strings.ContainsRune("+-.()", r)) {
			return false
		}
	}
	return true
}

// prepare fills a query's defaults (limit, today, a birth year typed in
// the text) and reads its name words; ok is false for a query that asks
// for nothing. village is the filter's start value: none, or "not seen yet"
// with q.Village folded.
func prepare(q Query) (_ Query, names []string, village uint32, ok bool) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Today.IsZero() {
		q.Today = time.Now()
	}
	names, year, _ := Words(q.Text, q.Today)
	if q.BirthYear == 0 {
		q.BirthYear = year
	}
	if len(names) == 0 && q.BirthYear == 0 && !q.HasAge {
		return q, nil, 0, false
	}
	if q.Village != "" {
		village = ^uint32(0)
		q.Village = match.Fold(q.Village)
	}
	return q, names, village, true
}

// Search ranks patients by the name words of a query, narrowed by its
// filters. Identifier words are ignored here (see Words).
func (ix *Index) Search(q Query) []Result {
	q, names, village, ok := prepare(q)
	if !ok {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	keep := ix.rank(names, q, village)
	out := make([]Result, 0, len(keep))
	for _, k := range keep {
		e, _, err := DecodeEntry(unsafeBytes(ix.data(&ix.slots[k.i])))
		if err != nil {
			continue
		}
		out = append(out, Result{Entry: e, Score: k.s, Why: why(names, &e, q)})
	}
	return out
}

const (
	wordName = iota
	wordMRN
	wordYear
	wordIdent
	wordNone
)

// classify decides what a typed word is: an MRN, a birth year, another
// identifier (digits, or letters mixed with digits), or a name.
func classify(w string, today time.Time) (int, int) {
	if model.LooksLikeMRN(w) {
		return wordMRN, 0
	}
	digits, letters := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if digits == 4 && letters == 0 && len(w) == 4 {
		y := 0
		fmt.Sscanf(w, "%d", &y)
		if y >= 1880 && y <= today.Year() {
			return wordYear, y
		}
	}
	if digits >= 4 {
		return wordIdent, 0
	}
	if letters == 0 {
		return wordNone, 0 // stray digits or punctuation: not a name
	}
	return wordName, 0
}

// tokenHits finds the dictionary tokens a query word stands for.
func (ix *Index) tokenHits(w string, typing bool) []tokenHit {
	var hits []tokenHit
	if len(w) < 3 {
		// The word itself and the tokens it starts: all different, no
		// need to remember which were seen (a two-letter prefix expands to
		// thousands of tokens).
		if p := ix.tokens[w]; len(p) > 0 {
			hits = append(hits, tokenHit{w, kindExact, kindScore[kindExact], p})
		}
		if typing && len(w) == 2 {
			from := sort.SearchStrings(ix.sorted, w)
			for j := from; j < len(ix.sorted) && j-from < maxPrefixTokens && strings.HasPrefix(ix.sorted[j], w); j++ {
				if t := ix.sorted[j]; t != w {
					if p := ix.tokens[t]; len(p) > 0 {
						hits = append(hits, tokenHit{t, kindPrefix, prefixScore(w, t), p})
					}
				}
			}
		}
		return hits
	}
	seen := map[string]bool{}
	add := func(t string, kind int, score float64) {
		if !seen[t] {
			if p := ix.tokens[t]; len(p) > 0 {
				seen[t] = true
				hits = append(hits, tokenHit{t, kind, score, p})
			}
		}
	}
	add(w, kindExact, kindScore[kindExact])
	if typing {
		from := sort.SearchStrings(ix.sorted, w)
		for j := from; j < len(ix.sorted) && j-from < maxPrefixTokens && strings.HasPrefix(ix.sorted[j], w); j++ {
			t := ix.sorted[j]
			add(t, kindPrefix, prefixScore(w, t))
		}
	}
	for _, t := range ix.sounds[match.NYSIIS(w)] {
		if t[0] == w[0] {
			add(t, kindSound, soundScore(w, t))
		} // else NYSIIS bridged K/C or Ph/F: firstLetterHits ranks it lower
	}
	n := len([]rune(w))
	for _, t := range ix.byFirst[firstRune(w)] {
		if seen[t] {
			continue
		}
		if d := len([]rune(t)) - n; d > 2 || d < -2 {
			continue
		}
		if s := typoScore(w, t); s > 0 {
			add(t, kindTypo, s)
		}
	}
	ix.firstLetterHits(w, add)
	return hits
}

// visible applies the filters and the restriction rule. village is 0 for
// any, else resolved lazily from q.Village.
func (ix *Index) visible(s *slot, q Query, village uint32) bool {
	if s.hidden() && !(q.WithDeleted && s.flags&flagMerged == 0) {
		return false
	}
	if s.flags&flagRestricted != 0 && !q.ShowRestricted {
		return false
	}
	if q.Sex != "" && s.sex != q.Sex[0] {
		return false
	}
	slack := 0
	if s.flags&flagEstimated != 0 {
		slack = 3
	}
	if q.BirthYear != 0 && (s.birth == 0 || abs(s.birthYear()-q.BirthYear) > slack) {
		return false
	}
	if q.HasAge {
		b := model.Date{Year: int(s.birth >> 9), Month: time.Month(s.birth >> 5 & 15), Day: int(s.birth & 31)}
		if s.birth == 0 || abs(b.AgeYears(q.Today)-q.Age) > max(1, slack) {
			return false
		}
	}
	if village != 0 && !strings.HasPrefix(ix.villages[s.village], q.Village) {
		return false
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// why explains a result in the clerk's terms, one phrase per query word.
func why(names []string, e *Entry, q Query) []Reason {
	var out []Reason
	fields := []struct {
		label Field
		text  string
	}{{FieldGiven, e.Given}, {FieldFamily, e.Family}, {FieldOther, strings.Join(e.Other, " ")}}
	for _, w := range names {
		best, bestKind, bestField := 0.0, -1, Field("")
		var bestTok string
		for _, f := range fields {
			for _, t := range match.Tokens(f.text) {
				kind, s := compareToken(w, t)
				if s > best {
					best, bestKind, bestField, bestTok = s, kind, f.label, t
				}
			}
		}
		if bestKind >= 0 {
			// the kinds and the Hows share their order
			out = append(out, Reason{How: How(bestKind), Field: bestField, Found: bestTok, Typed: w})
		}
	}
	if q.BirthYear != 0 {
		out = append(out, Reason{How: HowBorn, Year: e.Birth.Year})
	}
	if q.Village != "" {
		out = append(out, Reason{How: HowVillage, Found: e.Village()})
	}

	return out
}

// soundScore scores a same-initial sound-alike token: 0.82 less up to
// 0.05 as its spelling strays from the word's (Jaro–Winkler), so of the
// tokens sounding like "romeru" Romero ranks above Ramiro instead of
// tying with it (ties go by position, and at a million patients a tie at
// the 10th result lost the intended person). It stays above every typo
// (< 0.75).
func soundScore(w, t string) float64 {
	return kindScore[kindSound] - 0.05*(1-match.JaroWinkler(w, t))
}

func compareToken(w, t string) (int, float64) {
	switch {
	case w == t:
		return kindExact, 1
	case strings.HasPrefix(t, w):
		return kindPrefix, kindScore[kindPrefix]
	case len(w) >= 3 && w[0] == t[0] && match.NYSIIS(w) == match.NYSIIS(t):
		return kindSound, soundScore(w, t)
	}
	if w != "" && t != "" && w[0] == t[0] {
		if s := typoScore(w, t); s > 0 {
			return kindTypo, s
		}
	}
	if k := firstLetterKind(w, t); k >= 0 {
		return k, kindScore[k]
	}
	return -1, 0
}
