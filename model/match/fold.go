// Package match finds records that describe the same person: name, birth,
// address and identifier comparators, Fellegi–Sunter weights and blocking.
// It uses only the standard library so it can run anywhere the app runs,
// offline, on a million patients.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldPairs lists lower-case letters with diacritics and their base letters:
// each entry is the letter followed by its replacement. The single-letter
// entries were generated from Unicode's canonical decompositions (Latin-1,
// Latin Extended-A/B and Additional, Greek and Greek Extended, Cyrillic); the
// last ones have no decomposition but are written without their stroke or
// hook by clerks on a keyboard (ø, ł, ß, and the hooked letters of Hausa,
// Akan and other African alphabets).
const foldPairs = "" +
	"àa áa âa ãa äa åa çc èe ée êe ëe ìi íi îi ïi ñn òo óo ôo õo " +
	"öo ùu úu ûu üu ýy ÿy āa ăa ąa ćc ĉc ċc čc ďd ēe ĕe ėe ęe ěe " +
	"ĝg ğg ġg ģg ĥh ĩi īi ĭi įi ĵj ķk ĺl ļl ľl ńn ņn ňn ōo ŏo őo " +
	"ŕr ŗr řr śs ŝs şs šs ţt ťt ũu ūu ŭu ůu űu ųu ŵw ŷy źz żz žz " +
	"ơo ưu ǎa ǐi ǒo ǔu ǖu ǘu ǚu ǜu ǟa ǡa ǣæ ǧg ǩk ǫo ǭo ǯʒ ǰj ǵg " +
	"ǹn ǻa ǽæ ǿø ȁa ȃa ȅe ȇe ȉi ȋi ȍo ȏo ȑr ȓr ȕu ȗu șs țt ȟh ȧa " +
	"ȩe ȫo ȭo ȯo ȱo ȳy ʹʹ ΐι άα έε ήη ίι ΰυ ϊι ϋυ όο ύυ ώω ϓϒ ϔϒ " +
	"йи ѐе ёе ѓг їі ќк ѝи ўу ѷѵ ӂж ӑа ӓа ӗе ӛә ӝж ӟз ӣи ӥи ӧо ӫө " +
	"ӭэ ӯу ӱу ӳу ӵч ӹы ḁa ḃb ḅb ḇb ḉc ḋd ḍd ḏd ḑd ḓd ḕe ḗe ḙe ḛe " +
	"ḝe ḟf ḡg ḣh ḥh ḧh ḩh ḫh ḭi ḯi ḱk ḳk ḵk ḷl ḹl ḻl ḽl ḿm ṁm ṃm " +
	"ṅn ṇn ṉn ṋn ṍo ṏo ṑo ṓo ṕp ṗp ṙr ṛr ṝr ṟr ṡs ṣs ṥs ṧs ṩs ṫt " +
	"ṭt ṯt ṱt ṳu ṵu ṷu ṹu ṻu ṽv ṿv ẁw ẃw ẅw ẇw ẉw ẋx ẍx ẏy ẑz ẓz " +
	"ẕz ẖh ẗt ẘw ẙy ẛſ ạa ảa ấa ầa ẩa ẫa ậa ắa ằa ẳa ẵa ặa ẹe ẻe " +
	"ẽe ếe ềe ểe ễe ệe ỉi ịi ọo ỏo ốo ồo ổo ỗo ộo ớo ờo ởo ỡo ợo " +
	"ụu ủu ứu ừu ửu ữu ựu ỳy ỵy ỷy ỹy ἀα ἁα ἂα ἃα ἄα ἅα ἆα ἇα ἐε " +
	"ἑε ἒε ἓε ἔε ἕε ἠη ἡη ἢη ἣη ἤη ἥη ἦη ἧη ἰι ἱι ἲι ἳι ἴι ἵι ἶι " +
	"ἷι ὀο ὁο ὂο ὃο ὄο ὅο ὐυ ὑυ ὒυ ὓυ ὔυ ὕυ ὖυ ὗυ ὠω ὡω ὢω ὣω ὤω " +
	"ὥω ὦω ὧω ὰα άα ὲε έε ὴη ήη ὶι ίι ὸο όο ὺυ ύυ ὼω ώω ᾀα ᾁα ᾂα " +
	"ᾃα ᾄα ᾅα ᾆα ᾇα ᾐη ᾑη ᾒη ᾓη ᾔη ᾕη ᾖη ᾗη ᾠω ᾡω ᾢω ᾣω ᾤω ᾥω ᾦω " +
	"ᾧω ᾰα ᾱα ᾲα ᾳα ᾴα ᾶα ᾷα ιι ῂη ῃη ῄη ῆη ῇη ῐι ῑι ῒι ΐι ῖι ῗι " +
	"ῠυ ῡυ ῢυ ΰυ ῤρ ῥρ ῦυ ῧυ ῲω ῳω ῴω ῶω ῷω ßss æae œoe øo łl đd " +
	"ðd þth ħh ıi ŀl ŧt ƒf ŋng ɛe ɔo ƙk ɗd ɓb ƴy ĳij ςσ ǝe əe " +
	"ɲny "

var foldMap = func() map[rune]string {
	m := make(map[rune]string, 450)
	for _, e := range strings.Fields(foldPairs) {
		r, n := utf8.DecodeRuneInString(e)
		m[r] = e[n:]
	}
	// Some bases still carry a mark (ǣ → æ, ǖ's ü): fold them once more.
	for r, rep := range m {
		var b strings.Builder
		for _, x := range rep {
			if f, ok := m[x]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(x)
			}
		}
		m[r] = b.String()
	}
	m['ʼ'] = "" // modifier apostrophe (Hausa ʼya): part of the word, not a letter
	return m
}()

// Fold lower-cases, removes diacritics and turns every run of characters that
// are neither letters nor digits into one space, trimmed. Combining accents
// typed separately (e + U+0301) are dropped too; combining marks of other
// scripts (Devanagari vowel signs) are kept as part of the word, since there
// they are letters in all but name.
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a separator was seen since the last letter
	for _, r := range s {
		r = unicode.ToLower(r)
		rep, folded := foldMap[r]
		word := folded || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if !word {
			pending = true
			continue
		}
		if r >= 0x300 && r <= 0x36f || folded && rep == "" { // combining accents, ʼ
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		if folded {
			b.WriteString(rep)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlainLower reports text that is already folded: lower-case ASCII letters
// and digits in words separated by single spaces. Most FEBRL-like and
// re-folded input takes this path without allocating.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// Tokens returns the folded words of s.
func Tokens(s string) []string {
	return strings.Fields(Fold(s))
}
