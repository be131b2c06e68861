package match

import "slices"

// Similarity thresholds for Jaro–Winkler: at or above agreeAt two spellings
// are taken as the same name; at or above similarAt as a typo or variant.
const (
	agreeAt   = 0.95
	similarAt = 0.85
)

// compareLevels fills lv with how each field of a and b compares. The model
// is needed only to choose between the straight and swapped reading of the
// names.
func compareLevels(a, b *Prepared, m *Model, lv *[nFields]level) {
	lv[fGiven], lv[fFamily] = compareNames(a, b, m)
	lv[fBirth] = compareBirth(a, b)
	lv[fSex] = compareExact(a.sex != 0 && b.sex != 0, a.sex == b.sex)
	lv[fPhone] = compareCode(a.phone, b.phone)
	lv[fAddress] = compareText(&a.address, &b.address)
	lv[fLocality] = compareText(&a.locality, &b.locality)
	lv[fPostcode] = compareCode(a.postcode, b.postcode)
	lv[fRegion] = compareRegion(a.region, b.region)
	lv[fNationalID] = compareCode(a.nid, b.nid)
}

func compareExact(known, equal bool) level {
	switch {
	case !known:
		return missing
	case equal:
		return agree
	}
	return differ
}

// compareRegion: a district or state written with one letter mistyped,
// missing or two swapped ("qld" and "qdl", "nsw" and "nws", "Kisumu" and
// "Kisumo") is similar, which the model weighs as neutral rather than as a
// different district. Codes shorter than three letters are one edit from
// each other by nature ("sa", "wa"), so for them only a swap counts.
func compareRegion(a, b string) level {
	l := compareExact(a != "" && b != "", a == b)
	if l == differ && oneEdit(a, b) && (min(len(a), len(b)) >= 3 || len(a) == len(b) && swapped(a, b)) {
		return similar
	}
	return l
}

// swapped reports two equal-length strings that differ only by one swap of
// neighbours.
func swapped(a, b string) bool {
	if len(a) != len(b) || a == b {
		return false
	}
	i := 0
	for a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// compareCode compares identifiers (phone, postcode, national ID): equal
// agrees, one mistyped, missing, extra or swapped character is similar.
func compareCode(a, b string) level {
	switch {
	case a == "" || b == "":
		return missing
	case a == b:
		return agree
	case oneEdit(a, b):
		return similar
	}
	return differ
}

// oneEdit reports a Damerau–Levenshtein distance of exactly one between
// different strings: one substitution, insertion, deletion or swap of
// neighbours.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return true
		}
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// nameSim rates two names: agree, similar, weak (an initial against a name)
// or differ; missing when either is empty.
func nameSim(a, b *name) level {
	switch {
	case a.folded == "" || b.folded == "":
		return missing
	case a.folded == b.folded || a.joined == b.joined || a.codes == b.codes:
		return agree
	}
	jw := jwAtLeast(a.folded, a.mask, b.folded, b.mask, similarAt)
	if jw >= agreeAt {
		return agree
	}
	if jw >= similarAt || tokenSubset(a, b) ||
		(a.joined != a.folded || b.joined != b.folded) && jwAtLeast(a.joined, a.mask, b.joined, b.mask, similarAt) >= similarAt {
		return similar
	}
	if shortTypo(a.joined, b.joined) {
		return similar
	}
	if isInitialOf(a, b) || isInitialOf(b, a) {
		return weak
	}
	return differ
}

// shortTypo catches the typos Jaro–Winkler misses in short names: its
// matching window is zero for names of three letters, so "sam" typed "sma"
// scores 0.56 and "ho" typed "hxo" 0.78. Two neighbours swapped, or one
// letter missing or extra in a name of at least two, is a typo; a letter
// replaced is not ("Ali" and "Abi", "Kim" and "Kit" are different names).
func shortTypo(a, b string) bool {
	if len(a) == len(b) {
		return swapped(a, b)
	}
	return min(len(a), len(b)) >= 2 && oneEdit(a, b)
}

// tokenSubset reports that every word of the shorter name is a word of the
// longer one ("mary" in "mary anne", "hassan" in "hassan omar").
func tokenSubset(a, b *name) bool {
	if len(a.words) > len(b.words) {
		a, b = b, a
	}
	if len(a.words) == len(b.words) {
		return false
	}
	for _, t := range a.words {
		if !slices.ContainsFunc(b.words, func(u word) bool { return u.s == t.s }) {
			return false
		}
	}
	return true
}

// isInitialOf: a is a single letter, b starts with it ("j" and "john").
func isInitialOf(a, b *name) bool {
	return len(a.folded) == 1 && b.folded[0] == a.folded[0]
}

// bestName rates a against b and against b's other names (aliases, maiden
// names), and a's other names against b, and keeps the best.
func bestName(a, b *name, ao, bo []name) level {
	best := nameSim(a, b)
	if best == agree || (len(ao) == 0 && len(bo) == 0) {
		return best
	}
	try := func(l level) {
		if l != missing && (best == missing || l < best) {
			best = l
		}
	}
	for i := range bo {
		try(nameSim(a, &bo[i]))
	}
	for i := range ao {
		try(nameSim(&ao[i], b))
	}
	return best
}

// compareNames compares given and family names straight and swapped (clerks
// and forms mix up which name is which) and keeps the reading that weighs
// more.
func compareNames(a, b *Prepared, m *Model) (given, family level) {
	given = bestName(&a.given, &b.given, a.other, b.other)
	family = bestName(&a.family, &b.family, a.other, b.other)
	if given == agree && family == agree {
		return given, family
	}
	sg := bestName(&a.given, &b.family, a.other, b.other)
	sf := bestName(&a.family, &b.given, a.other, b.other)
	if sg == missing && sf == missing {
		return given, family
	}
	if m.Given.of(sg)+m.Family.of(sf) > m.Given.of(given)+m.Family.of(family) {
		return sg, sf
	}
	return given, family
}

// compareText compares free text (address, locality): equal words run
// together agree ("granville" and "gran ville"); otherwise the better of
// Jaro–Winkler on the whole text and a word-by-word score that ignores word
// order ("3 fox place cooee palms" and "3 cooee palms fox place").
func compareText(a, b *name) level {
	switch {
	case a.folded == "" || b.folded == "":
		return missing
	case a.joined == b.joined:
		return agree
	}
	s := jwAtLeast(a.joined, a.mask, b.joined, b.mask, similarAt)
	if s < agreeAt && (len(a.words) > 1 || len(b.words) > 1) {
		s = max(s, wordScore(a, b))
	}
	switch {
	case s >= agreeAt:
		return agree
	case s >= similarAt, partOf(a, b) || partOf(b, a):
		return similar
	}
	return differ
}

// partOf reports a text of at least two words whose every word is in the
// longer text b, in any order, allowing for one space typed or lost inside
// a word ("karoola de lungra" in "hall street karoola delungra"): an
// address written in part, the street or the property name left out. A
// house number must be the same when both have one.
func partOf(a, b *name) bool {
	if len(a.words) < 2 || len(a.words) >= len(b.words) {
		return false
	}
	if a.words[0].number && b.words[0].number && a.words[0].s != b.words[0].s {
		return false
	}
	// has: word x (followed by y, when y is not "") is a word of b, or two
	// neighbouring words of b run together; one typo is forgiven in a word
	// of four letters or more. Strings are compared in parts so that
	// comparing allocates nothing.
	has := func(x, y string) bool {
		for i, u := range b.words {
			if y == "" && u.s == x || y != "" && len(u.s) == len(x)+len(y) && u.s[:len(x)] == x && u.s[len(x):] == y {
				return true
			}
			if y == "" && i+1 < len(b.words) {
				v := b.words[i+1].s
				if len(x) == len(u.s)+len(v) && x[:len(u.s)] == u.s && x[len(u.s):] == v {
					return true
				}
			}
			if y == "" && len(x) >= 4 && !u.number && sameStart(x, u.s) && jwAtLeast(x, charMask(x), u.s, u.mask, agreeAt) >= agreeAt {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(a.words); i++ {
		if has(a.words[i].s, "") {
			continue
		}
		if i+1 < len(a.words) && has(a.words[i].s, a.words[i+1].s) {
			i++
			continue
		}
		return false
	}
	return true
}

// wordScore is a symmetric Monge–Elkan score: each word's best match in the
// other text (numbers must be equal, words Jaro–Winkler ≥ 0.8), averaged
// over both texts with longer words counting more.
func wordScore(a, b *name) float64 {
	sum, total := 0.0, 0
	for _, side := range [2][2]*name{{a, b}, {b, a}} {
		for _, t := range side[0].words {
			best := 0.0
			for _, u := range side[1].words {
				if t.s == u.s {
					best = 1
					break
				}
				if t.number || u.number || !sameStart(t.s, u.s) {
					continue // numbers must be equal; see sameStart
				}
				if s := jwAtLeast(t.s, t.mask, u.s, u.mask, 0.8); s >= 0.8 && s > best {
					best = s
				}
			}
			sum += best * float64(len(t.s))
			total += len(t.s)
		}
	}
	return sum / float64(total)
}

// compareBirth: exact agrees; day and month swapped, one part different or
// one digit mistyped or two swapped (a typo) is similar, and so is an estimated birth (from a stated age)
// within ±3 years; a year ±1 with month and day different is weak.
func compareBirth(a, b *Prepared) level {
	if a.year == 0 || b.year == 0 {
		return missing
	}
	dy := a.year - b.year
	if dy < 0 {
		dy = -dy
	}
	if a.estimated || b.estimated {
		if dy <= 3 {
			return similar
		}
		return differ
	}
	if a.month == 0 || b.month == 0 || a.day == 0 || b.day == 0 {
		// Only part of a date is known: never more than similar.
		monthOK := a.month == 0 || b.month == 0 || a.month == b.month
		switch {
		case dy == 0 && monthOK:
			return similar
		case typedDigitsOneEdit(a, b):
			return similar // 1950-17-11 for 1951-07-11
		case dy <= 1:
			return weak
		}
		return differ
	}
	same := 0
	if dy == 0 {
		same++
	}
	if a.month == b.month {
		same++
	}
	if a.day == b.day {
		same++
	}
	switch {
	case same == 3:
		return agree
	case same == 2, dy == 0 && a.month == b.day && a.day == b.month, oneEdit(dateDigits(a), dateDigits(b)):
		return similar
	case dy <= 1:
		return weak
	}
	return differ
}

// typedDigitsOneEdit reports a date with an impossible month or day that
// is one typo away from the other date, comparing the digits as typed.
func typedDigitsOneEdit(a, b *Prepared) bool {
	if a.typedMonth == 0 && a.typedDay == 0 && b.typedMonth == 0 && b.typedDay == 0 {
		return false
	}
	return oneEdit(typedDigits(a), typedDigits(b))
}

func typedDigits(p *Prepared) string {
	m, d := p.month, p.day
	if p.typedMonth != 0 {
		m = int(p.typedMonth)
	}
	if p.typedDay != 0 {
		d = int(p.typedDay)
	}
	return digits8(p.year*10000 + m*100 + d)
}

// dateDigits is a full birth date as it was typed, YYYYMMDD, so that one
// mistyped or transposed digit that spans two parts (1951-07-11 typed
// 1957-01-11) is a typo like any other.
func dateDigits(p *Prepared) string { return digits8(p.year*10000 + p.month*100 + p.day) }

func digits8(v int) string {
	b := [8]byte{}
	for i := 7; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}

// sameStart is a cheap filter before Jaro–Winkler on words: words that
// could score 0.8 share their first letter, their second, have the two
// swapped ("vaenue", "avenue"), or one has a letter typed before the other
// ("qcrescent", "crescent").
func sameStart(t, u string) bool {
	if t[0] == u[0] {
		return true
	}
	return len(t) > 1 && len(u) > 1 && (t[1] == u[1] || t[0] == u[1] || t[1] == u[0])
}
