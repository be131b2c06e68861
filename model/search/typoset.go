package search

import (
	"math/rand/v2"
	"strings"

	"dossier/model"
	"dossier/model/match"
)

// TypoSeed fixes the typo set that measures search recall (issue 15). It
// was committed before the matcher learnt first-letter typos and must not
// change, or figures before and after stop being comparable.
const TypoSeed = 15

// Typo kinds and positions of the typo set.
var (
	TypoKinds     = []string{"delete", "substitute", "transpose", "sound-alike"}
	TypoPositions = []string{"first", "second", "middle", "last"}
)

// TypoCase is one mistyped query: the target's given name as registered,
// then the family name with one edit.
type TypoCase struct {
	Target   int    // index into the names given to TypoSet
	Text     string // what the clerk types
	Kind     string // one of TypoKinds
	Position string // one of TypoPositions
}

// TypoSet generates perKind cases for every kind and position from the
// people named in names (given, family), picking targets with rng seeded
// from seed. A case is drawn again when the edit does not apply to the
// picked name (a sound-alike the letter has none of) or changes nothing.
func TypoSet(seed uint64, names [][2]string, perKind int) []TypoCase {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []TypoCase
	if len(names) == 0 {
		return nil
	}
	for _, pos := range TypoPositions {
		for _, kind := range TypoKinds {
			for made, tries := 0, 0; made < perKind && tries < perKind*100; tries++ {
				i := rng.IntN(len(names))
				given, family := match.Fold(names[i][0]), match.Fold(names[i][1])
				if given == "" || len(family) < 4 || strings.ContainsAny(family, " -'") || !ascii(family) {
					continue
				}
				typo, ok := Mistype(rng, family, kind, pos)
				if !ok || typo == family {
					continue
				}
				out = append(out, TypoCase{Target: i, Text: given + " " + typo, Kind: kind, Position: pos})
				made++
			}
		}
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// Mistype applies one edit of a kind at a position to a folded a–z word.
// It reports false when the edit does not apply.
func Mistype(rng *rand.Rand, w, kind, pos string) (string, bool) {
	n := len(w)
	p := 0
	switch pos {
	case "second":
		p = 1
	case "middle":
		p = n / 2
	case "last":
		p = n - 1
	}
	switch kind {
	case "delete":
		return w[:p] + w[p+1:], true
	case "substitute":
		c := byte('a' + rng.IntN(25))
		if c >= w[p] {
			c++
		}
		return w[:p] + string(c) + w[p+1:], true
	case "transpose":
		if p == n-1 {
			p--
		}
		if w[p] == w[p+1] {
			return w, false
		}
		return w[:p] + string(w[p+1]) + string(w[p]) + w[p+2:], true
	case "sound-alike":
		if p == 0 {
			return firstSoundAlike(rng, w)
		}
		return soundAlikeAt(w, p)
	}
	return w, false
}

// firstSoundAlike is how clerks mishear the start of a name: a silent or
// unheard H, K, W or P dropped (Hassan → Assan), K/C, Ph/F, W/V and J/Y
// confused.
func firstSoundAlike(rng *rand.Rand, w string) (string, bool) {
	var opts []string
	switch {
	case strings.HasPrefix(w, "ph"):
		opts = append(opts, "f"+w[2:])
	case w[0] == 'f':
		opts = append(opts, "ph"+w[1:])
	case w[0] == 'k':
		opts = append(opts, "c"+w[1:])
	case w[0] == 'c' && !strings.ContainsRune("eiyh", rune(w[1])):
		opts = append(opts, "k"+w[1:])
	case w[0] == 'w':
		opts = append(opts, "v"+w[1:])
	case w[0] == 'v':
		opts = append(opts, "w"+w[1:])
	case w[0] == 'j':
		opts = append(opts, "y"+w[1:])
	case w[0] == 'y':
		opts = append(opts, "j"+w[1:])
	}
	if strings.ContainsRune("hkwp", rune(w[0])) {
		opts = append(opts, w[1:])
	}
	if len(opts) == 0 {
		return w, false
	}
	return opts[rng.IntN(len(opts))], true
}

// soundAlikeAt swaps the letter at p for one that sounds the same: a vowel
// for its neighbour, c/k, s/z, v/w, j/y, f for ph, or a letter doubled or
// undoubled.
func soundAlikeAt(w string, p int) (string, bool) {
	vowels := map[byte]byte{'a': 'e', 'e': 'i', 'i': 'e', 'o': 'u', 'u': 'o', 'y': 'i'}
	cons := map[byte]string{'c': "k", 'k': "c", 's': "z", 'z': "s", 'v': "w", 'w': "v", 'j': "y", 'f': "ph"}
	c := w[p]
	switch {
	case c == 'p' && p+1 < len(w) && w[p+1] == 'h':
		return w[:p] + "f" + w[p+2:], true
	case p+1 < len(w) && w[p+1] == c:
		return w[:p] + w[p+1:], true // undoubled
	case p > 0 && w[p-1] == c:
		return w[:p] + w[p+1:], true
	}
	if v, ok := vowels[c]; ok {
		return w[:p] + string(v) + w[p+1:], true
	}
	if s, ok := cons[c]; ok {
		return w[:p] + s + w[p+1:], true
	}
	return w[:p] + string(c) + w[p:], true // doubled
}

// TypoRecall is recall@10 of a typo set, overall and by kind and position.
type TypoRecall struct {
	Found, Total int
	ByPosition   map[string][2]int // found, total
	ByKind       map[string][2]int
}

// Rate is Found/Total.
func (r TypoRecall) Rate() float64 { return float64(r.Found) / float64(max(1, r.Total)) }

// Add counts one case.
func (r *TypoRecall) Add(c TypoCase, found bool) {
	if r.ByPosition == nil {
		r.ByPosition, r.ByKind = map[string][2]int{}, map[string][2]int{}
	}
	r.Total++
	bp, bk := r.ByPosition[c.Position], r.ByKind[c.Kind]
	bp[1]++
	bk[1]++
	if found {
		r.Found++
		bp[0]++
		bk[0]++
	}
	r.ByPosition[c.Position], r.ByKind[c.Kind] = bp, bk
}

// IsTarget reports that a result is the intended person or a namesake with
// the same given and family name, whom no search could tell apart.
func IsTarget(got Entry, id model.ID, given, family string) bool {
	return got.ID == id || match.Fold(got.Given) == match.Fold(given) && match.Fold(got.Family) == match.Fold(family)
}
