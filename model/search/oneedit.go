package search

import "dossier/model/match"

// Jaro–Winkler under-rates one typo in a short name: a letter deleted,
// mistyped or swapped early in a word of four to eight letters ("gthinji"
// for Githinji 0.83, "ocma" for Ouma 0.85, "mbwzna" for Mbwana 0.88−) falls
// below the 0.88 a typo needs. At 200,000 patients those were 16 of the 18
// typos of the fixed set (search.TypoSeed) `dossier bench` missed: the
// person was not found at all. A word at most one edit (deleted, added,
// changed or two neighbours swapped letter) from a token with the same
// first letter is a typo too, scored as the weakest Jaro–Winkler typo, so
// it still ranks above a first-letter match.

// minOneEdit is the shortest query word a single edit is allowed for:
// three letters one edit away match too much.
const minOneEdit = 4

// typoScore scores a same-initial token t for the query word w as a typo:
// kindScore[kindTypo] × Jaro–Winkler when that reaches 0.88, the score of
// 0.88 when w is one edit from t, else 0.
func typoScore(w, t string) float64 {
	jw := match.JaroWinkler(w, t)
	switch {
	case jw >= 0.88:
		return kindScore[kindTypo] * jw
	case len(w) >= minOneEdit && oneEdit(w, t):
		return kindScore[kindTypo] * 0.88
	}
	return 0
}

// oneEdit reports that a and b differ by exactly one deletion, insertion,
// substitution or transposition of neighbours (bytes; folded names are
// mostly a–z, and a letter outside it only counts as more edits).
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // equal
		}
		if a[i+1:] == b[i+1:] {
			return true // one changed
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}
