package match

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
	// Names are short: decode into stack buffers and only allocate for
	// unusually long text.
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
