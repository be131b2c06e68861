package search

import (
	"strings"

	"dossier/model/match"
)

// Word comparison pairs words by their first letter (byFirst) and the
// sound-alike code keeps the first letter too, so a typo in the first
// letter was never found. Clerks make exactly that typo: a silent or
// unheard first letter dropped (Hassan / Assan), the first two letters
// swapped, K/C, Ph/F, W/V and J/Y misheard. Two small keys bridge it, far
// smaller than a trigram index: every dictionary token filed under itself
// minus its first letter (tails), and under the sound-alike code of its
// first sound made canonical (alike, only for tokens whose first sound
// changes). Such matches rank below exact and same-initial ones.

// firstSound rewrites the start of a folded token to a canonical spelling
// of its sound: ph → f, kn → n, wr → r, wh and w → v, k and q → c, y → j,
// an h before a vowel dropped.
func firstSound(t string) string {
	if len(t) < 2 {
		return t
	}
	switch {
	case strings.HasPrefix(t, "ph"):
		return "f" + t[2:]
	case strings.HasPrefix(t, "kn"), strings.HasPrefix(t, "wr"), strings.HasPrefix(t, "ps"), strings.HasPrefix(t, "pt"):
		return t[1:]
	case strings.HasPrefix(t, "wh"):
		return "v" + t[2:]
	}
	switch t[0] {
	case 'w':
		return "v" + t[1:]
	case 'k', 'q':
		return "c" + t[1:]
	case 'y':
		return "j" + t[1:]
	case 'h':
		if strings.IndexByte("aeiou", t[1]) >= 0 {
			return t[1:]
		}
	}
	return t
}

// alikeKey is the sound-alike code of a token's canonical first sound.
func alikeKey(t string) string { return match.NYSIIS(firstSound(t)) }

// swapFirstTwo exchanges the first two letters ("ahssan" → "hassan").
func swapFirstTwo(w string) string {
	if len(w) < 2 || w[0] == w[1] {
		return ""
	}
	return string(w[1]) + string(w[0]) + w[2:]
}

// fileFirstLetter files a new dictionary token under its tail and, when
// its first sound has a canonical spelling, under that sound's code.
func (ix *Index) fileFirstLetter(t string) {
	if len(t) < 3 || t[0] >= 0x80 {
		return
	}
	ix.tails[t[1:]] = append(ix.tails[t[1:]], t)
	if c := firstSound(t); c != t {
		k := match.NYSIIS(c)
		ix.alike[k] = append(ix.alike[k], t)
	}
}

// firstLetterHits calls add for the tokens w may stand for with its first
// letter mistyped, dropped, added or swapped with the second (kindFirst),
// or its first sound misheard (kindFirstSound).
func (ix *Index) firstLetterHits(w string, add func(t string, kind int, score float64)) {
	if len(w) < 3 || w[0] >= 0x80 {
		return
	}
	key := alikeKey(w)
	for _, l := range [][]string{ix.alike[key], ix.sounds[key]} {
		for _, t := range l {
			if t[0] != w[0] {
				add(t, kindFirstSound, kindScore[kindFirstSound])
			}
		}
	}
	for _, t := range ix.tails[w[1:]] { // first letter mistyped
		add(t, kindFirst, kindScore[kindFirst])
	}
	for _, t := range ix.tails[w] { // first letter dropped
		add(t, kindFirst, kindScore[kindFirst])
	}
	if len(w) >= 4 {
		add(w[1:], kindFirst, kindScore[kindFirst]) // a letter added in front
	}
	if s := swapFirstTwo(w); s != "" {
		add(s, kindFirst, kindScore[kindFirst])
	}
}

// firstLetterKind says how a query word w relates to a token t through its
// first letter, for "why it matched": kindFirstSound, kindFirst or -1.
func firstLetterKind(w, t string) int {
	if len(w) < 3 || len(t) < 2 || w[0] == t[0] || w[0] >= 0x80 || t[0] >= 0x80 {
		return -1
	}
	switch {
	case alikeKey(w) == alikeKey(t):
		return kindFirstSound
	case w[1:] == t[1:], w == t[1:], w[1:] == t, swapFirstTwo(w) == t:
		return kindFirst
	}
	return -1
}
