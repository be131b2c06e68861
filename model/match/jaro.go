package match

import (
	"math/bits"
	"unicode/utf8"
)

// JaroWinkler is the Jaro–Winkler similarity of a and b in [0,1], on runes,
// with prefix scale 0.1 over at most 4 characters (Winkler 1990). The
// prefix boost applies only above a Jaro similarity of 0.7, as Winkler
// specified, so that a shared first letter does not lift unrelated names.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if len(a) <= 64 && len(b) <= 64 {
		if j, ok := jaroASCII(a, b); ok {
			return winkler(j, a, b)
		}
	}
	// Other text is decoded into stack buffers; only unusually long text
	// allocates.
	var ba, bb [64]rune
	return jaroWinkler(toRunes(ba[:0], a), toRunes(bb[:0], b))
}

func toRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func jaroWinkler(a, b []rune) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	window := lb/2 - 1
	if window < 0 {
		window = 0
	}
	// Matched flags for the longer string; a 64-bit word per 64 characters,
	// on the stack for anything shorter than 128 characters.
	var small [2]uint64
	flags := small[:]
	if lb > 128 {
		flags = make([]uint64, (lb+63)/64)
	}
	var smallA [2]uint64
	flagsA := smallA[:]
	if la > 128 {
		flagsA = make([]uint64, (la+63)/64)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if flags[j/64]&(1<<(j%64)) == 0 && a[i] == b[j] {
				flags[j/64] |= 1 << (j % 64)
				flagsA[i/64] |= 1 << (i % 64)
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	// Count transpositions: matched characters in order that differ.
	trans, j := 0, 0
	for i := 0; i < la; i++ {
		if flagsA[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		for flags[j/64]&(1<<(j%64)) == 0 {
			j++
		}
		if a[i] != b[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	if jaro <= 0.7 {
		return jaro
	}
	prefix := 0
	for prefix < 4 && prefix < la && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// winkler adds the prefix boost to a Jaro similarity of ASCII a and b.
func winkler(jaro float64, a, b string) float64 {
	if jaro <= 0.7 {
		return jaro
	}
	prefix := 0
	for prefix < 4 && prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// jaroASCII is the Jaro similarity of non-empty strings of at most 64
// bytes, the common case, in linear time: pos holds for each character the
// positions where it occurs in b as bits, so each character of a finds its
// first unmatched partner inside the window with a few bit operations
// instead of a scan. It gives exactly what the textbook loop gives; ok is
// false when the text is not ASCII.
func jaroASCII(a, b string) (jaro float64, ok bool) {
	if len(a) > len(b) {
		a, b = b, a
	}
	// Folded text (a–z, 0–9, space) fits a 64-entry table indexed by the
	// low 6 bits; other ASCII may collide there (! and a) and takes 128.
	var low, high uint64
	for _, t := range [2]string{a, b} {
		for i := 0; i < len(t); i++ {
			switch c := t[i]; {
			case c < 64:
				low |= 1 << c
			case c < utf8.RuneSelf:
				high |= 1 << (c & 63)
			default:
				return 0, false
			}
		}
	}
	if low&high == 0 {
		var pos [64]uint64
		return jaroPos(a, b, pos[:], 63), true
	}
	var pos [128]uint64
	return jaroPos(a, b, pos[:], 127), true
}

// jaroPos is jaroASCII with a zeroed position table and the index mask
// that maps characters into it without collisions.
func jaroPos(a, b string, pos []uint64, mask byte) float64 {
	la, lb := len(a), len(b)
	for j := 0; j < lb; j++ {
		pos[b[j]&mask] |= 1 << j
	}
	window := max(lb/2-1, 0)
	var fa, fb uint64 // matched positions in a and b
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		win := (^uint64(0) >> (64 - hi)) &^ (1<<lo - 1)
		if c := pos[a[i]&mask] & win &^ fb; c != 0 {
			fb |= c & -c
			fa |= 1 << i
			matches++
		}
	}
	if matches == 0 {
		return 0
	}
	trans := 0
	for x, y := fa, fb; x != 0; x, y = x&(x-1), y&(y-1) {
		if a[bits.TrailingZeros64(x)] != b[bits.TrailingZeros64(y)] {
			trans++
		}
	}
	m := float64(matches)
	return (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
}

// charMask records which characters occur in ASCII text, one bit per
// character (folded text uses only a–z, 0–9 and space, which map to
// distinct bits); 0 for text with other characters, which jwUpper cannot
// bound.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return 0
		}
		m |= 1 << (s[i] & 63)
	}
	return m
}

// jwUpper is a cheap upper bound on JaroWinkler(a, b), given their
// charMasks: Jaro can match only characters that occur in both strings, so
// counting them (in linear time) bounds the matches and, with no
// transpositions and the full prefix boost, the similarity. Most pairs of
// unrelated names are rejected by it without the quadratic matching.
func jwUpper(a string, ma uint64, b string, mb uint64) float64 {
	if ma == 0 || mb == 0 {
		return 1
	}
	inA, inB := 0, 0 // characters of a found in b, and of b in a
	for i := 0; i < len(a); i++ {
		inA += int(mb >> (a[i] & 63) & 1)
	}
	for i := 0; i < len(b); i++ {
		inB += int(ma >> (b[i] & 63) & 1)
	}
	m := float64(min(inA, inB))
	if m == 0 {
		return 0
	}
	jaro := (m/float64(len(a)) + m/float64(len(b)) + 1) / 3
	if jaro <= 0.7 {
		return jaro
	}
	return jaro + 0.4*(1-jaro)
}

// jwAtLeast is JaroWinkler(a, b) when it may reach min, else 0.
func jwAtLeast(a string, ma uint64, b string, mb uint64, min float64) float64 {
	if jwUpper(a, ma, b, mb) < min {
		return 0
	}
	return JaroWinkler(a, b)
}
