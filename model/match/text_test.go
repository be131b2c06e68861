package match

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"José", "jose"},
		{"Zoë", "zoe"},
		{"Muñoz-García", "munoz garcia"},
		{"  MARY   anne ", "mary anne"},
		{"O'Brien", "o brien"},
		{"Ørsted", "orsted"},
		{"Straße", "strasse"},
		{"Łukasz Wałęsa", "lukasz walesa"},
		{"Ελένη Παπαδοπούλου", "ελενη παπαδοπουλου"},
		{"Ёлка Йошкар-Ола", "елка иошкар ола"},
		{"e\u0301cole", "ecole"},             // combining accent typed separately
		{"हिंदी नाम", "हिंदी नाम"},           // Devanagari vowel signs stay
		{"Nguyễn Thị Ánh", "nguyen thi anh"}, // Vietnamese stacked diacritics
		{"ɓawa Ŋgozi", "bawa nggozi"},        // hooked letters
		{"Ǣsc ʼya", "aesc ya"},               // folded twice; Hausa apostrophe
		{"12 Main St., Apt #4", "12 main st apt 4"},
		{"already folded", "already folded"},
		{"---", ""},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Tokens(" Mary-Anne  O'Neil "); !slices.Equal(got, []string{"mary", "anne", "o", "neil"}) {
		t.Errorf("Tokens: %q", got)
	}
}

func TestNYSIIS(t *testing.T) {
	// Taft's published examples and those collected by Apache Commons Codec
	// (where it follows the original algorithm), truncated to 6 letters.
	tests := []struct{ in, want string }{
		{"", ""},
		{"macintosh", "MCANT"},
		{"knight", "NAGT"},
		{"mitchell", "MATCAL"},
		{"brown", "BRAN"},
		{"brian", "BRAN"},
		{"knuth", "NAT"},
		{"koehn", "CAN"},
		{"mckee", "MCY"},
		{"mackie", "MCY"},
		{"bart", "BAD"},
		{"hurd", "HAD"},
		{"hunt", "HAD"},
		{"dent", "DAD"},
		{"dean", "DAN"},
		{"dionne", "DAN"},
		{"westerlund", "WASTAR"},
		{"vasquez", "VASG"},
		{"frazier", "FRASAR"},
		{"bowman", "BANAN"},
		{"rickert", "RACAD"},
		{"shriver", "SRAVAR"},
		{"rawson", "RASAN"},
		{"jiles", "JAL"},
		{"carraway", "CARY"},
		{"yamada", "YANAD"},
		{"schmidt", "SNAD"},
		{"smith", "SNAT"},
		{"schmit", "SNAT"},
		{"truman", "TRANAN"},
		{"capp", "CAP"},
		{"kipp", "CAP"},
		{"phil", "FAL"},
		{"MacIntosh", "MCANT"}, // case does not matter
		{"ελενη", "ΕΛΕΝΗ"},     // no rules for other scripts: the word itself
	}
	for _, tc := range tests {
		if got := NYSIIS(tc.in); got != tc.want {
			t.Errorf("NYSIIS(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DWAYNE", "DUANE", 0.840},
		{"DIXON", "DICKSONX", 0.813},
		{"JELLYFISH", "SMELLYFISH", 0.896},
		{"abc", "abc", 1},
		{"", "", 0},
		{"abc", "", 0},
		{"abc", "xyz", 0},
		{"josé", "jose", 0.883}, // runes, not bytes
		{"zoë", "zoë", 1},
	}
	for _, tc := range tests {
		if got := JaroWinkler(tc.a, tc.b); math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tc.a, tc.b, got, tc.want)
		}
		if got := JaroWinkler(tc.b, tc.a); math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

// The bit-parallel ASCII path must agree with the textbook loop, and the
// cheap bound must never be below the real similarity.
func TestJaroWinklerFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const alpha = "abcdeeaa fghij!A1"
	word := func() string {
		b := make([]byte, 1+r.IntN(30))
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for range 100000 {
		a, b := word(), word()
		if a == b {
			continue
		}
		var ra, rb [64]rune
		want := jaroWinkler(toRunes(ra[:0], a), toRunes(rb[:0], b))
		if got := JaroWinkler(a, b); math.Abs(got-want) > 1e-12 {
			t.Fatalf("JaroWinkler(%q, %q) = %v, textbook %v", a, b, got, want)
		}
		if up := jwUpper(a, charMask(a), b, charMask(b)); up < want-1e-12 {
			t.Fatalf("jwUpper(%q, %q) = %v < %v", a, b, up, want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"1234567", "1234568", true},
		{"1234567", "1243567", true},
		{"1234567", "123457", true},
		{"123457", "1234567", true},
		{"1234567", "12345678", true},
		{"1234567", "1234567", false}, // equal is no edit
		{"", "", false},
		{"", "1", true},
		{"1234567", "2143567", false},
		{"1234567", "7654321", false},
		{"12", "1234", false},
	}
	for _, tc := range tests {
		if got := oneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
