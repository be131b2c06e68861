package demo

import (
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"dossier/model"
)

// Kinds of mistake that turn a returning patient into a second record,
// weighted roughly by how often record audits find them.
const (
	mFamilyTypo = iota
	mGivenTypo
	mSwapNames
	mNickname
	mAccents
	mEstimate
	mBirthSlip
	mDropSurname
)

var mutationCum = cumulative([]float64{28, 16, 10, 8, 8, 14, 10, 6})

// mutate turns a copy of an original record into what a clerk registers when
// the patient comes back without their card. It keeps the village: people
// come from the same place, which is what makes the pair findable.
func (g *generator) mutate(p *model.Patient) {
	r := g.r
	g.mutateOnce(p)
	if r.IntN(3) == 0 {
		g.mutateOnce(p)
	}
	// The clerk never saw the old folder, so most of what came from it is missing.
	if r.IntN(10) < 7 {
		p.NationalID = ""
	}
	if r.IntN(10) < 8 {
		p.LegacyCharts = nil
	}
	if r.IntN(2) == 0 {
		p.Alerts = nil
	}
	if r.IntN(10) < 6 {
		p.NextOfKin = ""
	}
	if r.IntN(10) < 7 {
		p.OtherNames = nil
	}
	p.Restricted = false
	switch r.IntN(10) {
	case 0, 1, 2:
		p.Phone = ""
	case 3, 4, 5:
		p.Phone = g.phone()
	}
}

func (g *generator) mutateOnce(p *model.Patient) {
	r := g.r
	switch pickWeighted(r, mutationCum) {
	case mGivenTypo:
		if p.GivenName != "" {
			p.GivenName = typo(r, p.GivenName)
			return
		}
	case mSwapNames:
		if p.GivenName != "" && p.FamilyName != "" {
			p.GivenName, p.FamilyName = p.FamilyName, p.GivenName
			return
		}
	case mNickname:
		if n, ok := nicknames[p.GivenName]; ok {
			p.GivenName = n
			return
		}
	case mAccents:
		g2, f2 := accentFolder.Replace(p.GivenName), accentFolder.Replace(p.FamilyName)
		if g2 != p.GivenName || f2 != p.FamilyName {
			p.GivenName, p.FamilyName = g2, f2
			return
		}
	case mEstimate:
		if g.flipEstimate(p) {
			return
		}
	case mBirthSlip:
		if g.birthSlip(p) {
			return
		}
	case mDropSurname:
		if i := strings.IndexByte(p.FamilyName, ' '); i > 0 {
			p.FamilyName = p.FamilyName[:i]
			return
		}
	}
	if p.FamilyName != "" {
		p.FamilyName = typo(r, p.FamilyName)
	} else {
		p.GivenName = typo(r, p.GivenName)
	}
}

// flipEstimate swaps an exact birth date for a stated age, or the reverse
// when the patient brings a card this time.
func (g *generator) flipEstimate(p *model.Patient) bool {
	r := g.r
	if p.BirthDate.IsZero() {
		return false
	}
	if p.BirthEstimated {
		d := model.Date{Year: p.BirthDate.Year + r.IntN(3) - 1, Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
		if d.Time().After(g.today) {
			d.Year--
		}
		p.BirthDate, p.BirthEstimated = d, false
		return true
	}
	age := p.BirthDate.AgeYears(g.today)
	if age < 2 {
		return false
	}
	// A stated age is seldom the exact one.
	age = max(1, age+r.IntN(5)-2)
	p.BirthDate, p.BirthEstimated = model.BirthFromAge(age, g.today), true
	return true
}

// birthSlip is a date written the other way round (day and month swapped),
// or a day mistyped by one.
func (g *generator) birthSlip(p *model.Patient) bool {
	d := p.BirthDate
	if d.IsZero() || p.BirthEstimated {
		return false
	}
	s := d
	switch {
	case d.Day <= 12 && d.Day != int(d.Month):
		s.Month, s.Day = time.Month(d.Day), int(d.Month)
	case d.Day < 28:
		s.Day++
	default:
		s.Day--
	}
	if s.Time().After(g.today) {
		return false
	}
	p.BirthDate = s
	return true
}

var accentFolder = strings.NewReplacer(
	"á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "ü", "u", "ë", "e",
	"Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ú", "U", "Ñ", "N",
)

// typo returns s with one clerk's mistake. It leaves the first letter alone
// except for sound-alike spellings, because people rarely mishear the start
// of a name but often its middle.
func typo(r *rand.Rand, s string) string {
	for range 4 {
		var t string
		switch r.IntN(10) {
		case 0, 1:
			t = transpose(r, s)
		case 2, 3:
			t = dropLetter(r, s)
		case 4:
			t = doubleLetter(r, s)
		case 5, 6, 7:
			t = phonetic(r, s)
		default:
			t = vowelSlip(r, s)
		}
		if t != "" && t != s {
			return t
		}
	}
	return doubleLetter(r, s)
}

func transpose(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return ""
	}
	k := 1 + r.IntN(len(rs)-2)
	if rs[k] == ' ' || rs[k+1] == ' ' || rs[k] == rs[k+1] {
		return ""
	}
	rs[k], rs[k+1] = rs[k+1], rs[k]
	return string(rs)
}

func dropLetter(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return ""
	}
	k := 1 + r.IntN(len(rs)-1)
	if rs[k] == ' ' || rs[k-1] == ' ' {
		return ""
	}
	return string(rs[:k]) + string(rs[k+1:])
}

func doubleLetter(r *rand.Rand, s string) string {
	rs := []rune(s)
	k := r.IntN(len(rs))
	if rs[k] == ' ' {
		k = 0
	}
	out := make([]rune, 0, len(rs)+1)
	out = append(out, rs[:k+1]...)
	out = append(out, unicode.ToLower(rs[k]))
	return string(append(out, rs[k+1:]...))
}

var vowelSlips = map[rune]rune{'a': 'e', 'e': 'i', 'i': 'e', 'o': 'u', 'u': 'o'}

func vowelSlip(r *rand.Rand, s string) string {
	rs := []rune(s)
	var at []int
	for k := 1; k < len(rs); k++ {
		if _, ok := vowelSlips[rs[k]]; ok {
			at = append(at, k)
		}
	}
	if len(at) == 0 {
		return ""
	}
	k := at[r.IntN(len(at))]
	rs[k] = vowelSlips[rs[k]]
	return string(rs)
}

// soundAlike are spellings a clerk writes for what they hear: Luganda l/r,
// Ssemakula/Semakula, Spanish b/v and yeísmo, Quechua qu/k, Hindi ee/i.
// mid rules only apply inside a word, where they read naturally.
var soundAlike = []struct {
	from, to string
	mid      bool
}{
	{"ph", "f", false}, {"f", "ph", true}, {"ck", "k", false}, {"k", "ck", true},
	{"ca", "ka", false}, {"co", "ko", false}, {"cu", "ku", false}, {"ka", "ca", false}, {"ko", "co", false},
	{"ss", "s", false}, {"s", "ss", true}, {"l", "r", false}, {"r", "l", false},
	{"y", "i", true}, {"i", "y", true}, {"ee", "i", false}, {"oo", "u", false},
	{"v", "b", false}, {"b", "v", false}, {"v", "w", false}, {"w", "v", false},
	{"z", "s", false}, {"s", "z", true}, {"ll", "y", false}, {"h", "", false},
	{"th", "t", false}, {"t", "th", true}, {"sh", "s", false}, {"ch", "sh", false},
	{"qu", "k", false}, {"hua", "wa", false}, {"x", "j", false}, {"dh", "d", false},
	{"ny", "n", true}, {"ou", "u", false}, {"j", "y", false},
}

func phonetic(r *rand.Rand, s string) string {
	low := strings.ToLower(s)
	type hit struct{ at, rule int }
	var buf [64]hit
	hits := buf[:0]
	for i, sa := range soundAlike {
		start := 0
		if sa.mid {
			start = 1
		}
		if k := strings.Index(low[start:], sa.from); k >= 0 {
			hits = append(hits, hit{start + k, i})
		}
	}
	if len(hits) == 0 {
		return ""
	}
	h := hits[r.IntN(len(hits))]
	sa := soundAlike[h.rule]
	t := low[:h.at] + sa.to + low[h.at+len(sa.from):]
	if strings.TrimSpace(t) == "" || len([]rune(t)) < 2 {
		return ""
	}
	return titleCase(t)
}

// titleCase capitalises each word, as names are written on the register.
func titleCase(s string) string {
	rs := []rune(s)
	up := true
	for i, c := range rs {
		if up {
			rs[i] = unicode.ToUpper(c)
		}
		up = c == ' '
	}
	return strings.TrimSpace(string(rs))
}
