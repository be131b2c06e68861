package match

import (
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"dossier/model"
)

// amina is the person most cases start from.
var amina = Person{ID: "1", Given: "Amina", Family: "Wanjiru", Sex: 'F', BirthYear: 1988, BirthMonth: 4, BirthDay: 12,
	Phone: "+254 712 345 678", Address: "Plot 14 Kiambu road", Locality: "Githunguri", Region: "Kiambu"}

func with(p Person, change func(*Person)) Person {
	p.Other = slices.Clone(p.Other)
	change(&p)
	return p
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		a, b Person
		want []Decision // any of these
	}{
		{"identical", amina, amina, []Decision{Match}},
		{"identical but for the ID", amina, with(amina, func(p *Person) { p.ID = "2" }), []Decision{Match}},
		{"typo in family name, same birth", amina, with(amina, func(p *Person) { p.Family = "Wanjriu"; p.Phone = "" }), []Decision{Match, Review}},
		{"accents and case", with(amina, func(p *Person) { p.Given = "José"; p.Family = "Muñoz" }),
			with(amina, func(p *Person) { p.Given = "JOSE"; p.Family = "munoz" }), []Decision{Match}},
		{"swapped given and family", amina, with(amina, func(p *Person) { p.Given, p.Family = p.Family, p.Given }), []Decision{Review, Match}},
		{"swapped names, nothing but birth and village",
			Person{Given: "Achieng", Family: "Otieno", BirthYear: 1990, BirthMonth: 2, BirthDay: 3, Locality: "Kisumu"},
			Person{Given: "Otieno", Family: "Achieng", BirthYear: 1990, BirthMonth: 2, BirthDay: 3, Locality: "Kisumu"}, []Decision{Review, Match}},
		{"day and month swapped", amina, with(amina, func(p *Person) { p.BirthMonth, p.BirthDay = 12, 4 }), []Decision{Match}},
		{"stated age instead of the date", amina, with(amina, func(p *Person) {
			p.BirthYear, p.BirthMonth, p.BirthDay, p.BirthEstimated = 1990, 7, 1, true
			p.Phone = ""
		}), []Decision{Match, Review}},
		{"maiden name among the other names", amina, with(amina, func(p *Person) {
			p.Family, p.Other = "Kamau", []string{"Wanjiru"}
			p.Phone, p.Address = "", ""
		}), []Decision{Match}},
		{"same common name, different birth year and village",
			Person{Given: "John", Family: "Mwangi", Sex: 'M', BirthYear: 1975, BirthMonth: 3, BirthDay: 2, Locality: "Githunguri"},
			Person{Given: "John", Family: "Mwangi", Sex: 'M', BirthYear: 1992, BirthMonth: 8, BirthDay: 19, Locality: "Limuru"}, []Decision{NonMatch}},
		{"mother and child share a home", amina, with(amina, func(p *Person) {
			p.Given, p.Sex, p.BirthYear, p.BirthMonth, p.BirthDay = "Baraka", 'M', 2015, 9, 30
		}), []Decision{NonMatch}},
		{"mother's national ID used for her child", with(amina, func(p *Person) { p.NationalID = "12345678" }),
			Person{Given: "Baraka", Family: "Kamau", Sex: 'M', BirthYear: 2015, BirthMonth: 9, BirthDay: 30, NationalID: "12345678"}, []Decision{NonMatch}},
		{"national ID with one digit mistyped", with(amina, func(p *Person) { p.NationalID = "12345678" }),
			with(amina, func(p *Person) { p.NationalID = "12345679"; p.Phone, p.Address = "", "" }), []Decision{Match}},
		{"nothing in common", amina, Person{Given: "Rahul", Family: "Sharma", Sex: 'M', BirthYear: 1960, BirthMonth: 1, BirthDay: 1,
			Locality: "Pune", Region: "Maharashtra"}, []Decision{NonMatch}},
		{"names only", Person{Given: "Amina", Family: "Wanjiru"}, Person{Given: "Amina", Family: "Wanjiru"}, []Decision{NonMatch, Review}},
	}
	m := &DefaultModel
	for _, tc := range tests {
		a, b := Prepare(tc.a), Prepare(tc.b)
		c := m.Compare(&a, &b)
		if d := m.Decide(c.Score); !slices.Contains(tc.want, d) {
			t.Errorf("%s: %v (score %.2f), want %v\n%+v", tc.name, d, c.Score, tc.want, c.Fields)
		}
		// The score is the sum of the field weights, and the same either
		// way round and without the explanation.
		sum := 0.0
		for _, f := range c.Fields {
			sum += f.Weight
		}
		if math.Abs(sum-c.Score) > 1e-9 {
			t.Errorf("%s: fields sum to %.4f, score %.4f", tc.name, sum, c.Score)
		}
		if r := m.Compare(&b, &a); math.Abs(r.Score-c.Score) > 1e-9 {
			t.Errorf("%s: score %.4f one way, %.4f the other", tc.name, c.Score, r.Score)
		}
		if s := m.Score(&a, &b); s != c.Score {
			t.Errorf("%s: Score %.4f, Compare %.4f", tc.name, s, c.Score)
		}
	}
}

func TestFieldResults(t *testing.T) {
	a := Prepare(amina)
	b := Prepare(with(amina, func(p *Person) {
		p.Family = "Wanjiku"
		p.BirthYear = 1961
		p.BirthMonth = 1
		p.Phone = ""
		p.Region = ""
	}))
	c := DefaultModel.Compare(&a, &b)
	var names []string
	for _, f := range c.Fields {
		names = append(names, f.Field)
		if f.Result == "missing" && f.Weight != 0 {
			t.Errorf("%s is missing but weighs %.2f", f.Field, f.Weight)
		}
	}
	if want := []string{"given", "family", "birth", "sex", "phone", "address", "locality", "postcode", "region", "national ID"}; !slices.Equal(names, want) {
		t.Errorf("fields %q", names)
	}
	if got, want := c.Agree(), []string{"given", "sex", "address", "locality"}; !slices.Equal(got, want) {
		t.Errorf("Agree() = %q, want %q", got, want)
	}
	if got, want := c.Similar(), []string{"family"}; !slices.Equal(got, want) {
		t.Errorf("Similar() = %q, want %q", got, want)
	}
	if got, want := c.Differ(), []string{"birth"}; !slices.Equal(got, want) {
		t.Errorf("Differ() = %q, want %q", got, want)
	}
}

func TestCompareBirth(t *testing.T) {
	d := func(y, m, day int, est bool) Prepared {
		return Prepare(Person{BirthYear: y, BirthMonth: m, BirthDay: day, BirthEstimated: est})
	}
	tests := []struct {
		name string
		a, b Prepared
		want level
	}{
		{"exact", d(1980, 5, 6, false), d(1980, 5, 6, false), agree},
		{"day and month swapped", d(1980, 5, 6, false), d(1980, 6, 5, false), similar},
		{"day typed wrong", d(1980, 5, 6, false), d(1980, 5, 9, false), similar},
		{"year typed wrong", d(1980, 5, 6, false), d(1908, 5, 6, false), similar},
		{"year off by one, rest differs", d(1980, 5, 6, false), d(1981, 11, 20, false), weak},
		{"different", d(1980, 5, 6, false), d(1975, 11, 20, false), differ},
		{"estimated within 3 years", d(1980, 7, 1, true), d(1982, 3, 15, false), similar},
		{"estimated 5 years off", d(1980, 7, 1, true), d(1985, 3, 15, false), differ},
		{"year only, same year", d(1980, 0, 0, false), d(1980, 3, 15, false), similar},
		{"unknown", d(0, 0, 0, false), d(1980, 3, 15, false), missing},
		{"impossible month, two digits swapped", d(1950, 17, 11, false), d(1951, 7, 11, false), similar},
		{"impossible day, a digit extra", d(1944, 8, 72, false), d(1944, 8, 2, false), similar},
		{"impossible month, far off", d(1950, 17, 11, false), d(1962, 3, 4, false), differ},
	}
	for _, tc := range tests {
		if got := compareBirth(&tc.a, &tc.b); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, levelNames[got], levelNames[tc.want])
		}
	}
}

func TestDecide(t *testing.T) {
	m := Model{MatchAt: 10, ReviewAt: 4}
	for _, tc := range []struct {
		score float64
		want  Decision
		str   string
	}{{12, Match, "match"}, {10, Match, "match"}, {5, Review, "review"}, {3.9, NonMatch, "non-match"}} {
		if d := m.Decide(tc.score); d != tc.want || d.String() != tc.str {
			t.Errorf("Decide(%v) = %v (%s)", tc.score, d, d)
		}
	}
}

// The matcher must not depend on national IDs: without them a missing field
// weighs nothing, and the rest still decides.
func TestWithoutNationalID(t *testing.T) {
	a := Prepare(with(amina, func(p *Person) { p.NationalID = "" }))
	b := Prepare(with(amina, func(p *Person) { p.NationalID = "99999999" }))
	c := DefaultModel.Compare(&a, &b)
	if c.Fields[fNationalID].Result != "missing" || c.Fields[fNationalID].Weight != 0 {
		t.Errorf("national ID: %+v", c.Fields[fNationalID])
	}
	if DefaultModel.Decide(c.Score) != Match {
		t.Errorf("score %.2f", c.Score)
	}
}

func TestScoreAllocates(t *testing.T) {
	a := Prepare(with(amina, func(p *Person) { p.Other = []string{"Mama Baraka"} }))
	b := Prepare(with(amina, func(p *Person) { p.Family = "Kamau"; p.Other = []string{"Wanjiru"}; p.Address = "Kiambu rd plot 14" }))
	if n := testing.AllocsPerRun(100, func() { DefaultModel.Score(&a, &b) }); n != 0 {
		t.Errorf("Score allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { DefaultModel.Compare(&a, &b) }); n > 1 {
		t.Errorf("Compare allocates %v times", n)
	}
}

func TestPreparePerson(t *testing.T) {
	p := with(amina, func(p *Person) { p.Other = []string{"Mama Baraka"} })
	q := Prepare(p)
	if got := q.Person(); got.ID != p.ID || got.Given != p.Given || !slices.Equal(got.Other, p.Other) {
		t.Errorf("Person() = %+v", got)
	}
	if q.phone != "12345678" {
		t.Errorf("phone %q: want the last 8 digits", q.phone)
	}
}

func TestFromPatient(t *testing.T) {
	p := model.Patient{MRN: "KHC-0000001-X", GivenName: "Zoë", FamilyName: "Nakato", Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1990, Month: time.March, Day: 4}, BirthEstimated: true, Phone: "0772 000 111",
		Address: []string{"Busoga", "Kamuli", "Balawoli", "near the church"}, NationalID: "CF90", OtherNames: []string{"Mama Kato"}}
	got := FromPatient(p)
	want := Person{ID: "KHC-0000001-X", Given: "Zoë", Family: "Nakato", Other: []string{"Mama Kato"}, Sex: 'F',
		BirthYear: 1990, BirthMonth: 3, BirthDay: 4, BirthEstimated: true, Phone: "0772 000 111",
		Address: "near the church", Locality: "Balawoli", Region: "Kamuli", NationalID: "CF90"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromPatient:\n got %+v\nwant %+v", got, want)
	}
	p.Address = []string{"Busoga"}
	if got := FromPatient(p); got.Region != "Busoga" || got.Locality != "" {
		t.Errorf("region only: %+v", got)
	}
}

func TestCompareRegion(t *testing.T) {
	tests := []struct {
		a, b string
		want level
	}{
		{"qld", "qld", agree},
		{"qld", "qdl", similar},
		{"vic", "vif", similar},
		{"kisumu", "kisumo", similar},
		{"sa", "as", similar},
		{"sa", "wa", differ}, // two-letter codes are one edit from each other
		{"ss", "sa", differ},
		{"nsw", "qld", differ},
		{"", "qld", missing},
	}
	for _, tc := range tests {
		if got := compareRegion(tc.a, tc.b); got != tc.want {
			t.Errorf("%q, %q: %s, want %s", tc.a, tc.b, levelNames[got], levelNames[tc.want])
		}
	}
}

func TestNameSimShortTypos(t *testing.T) {
	tests := []struct {
		a, b string
		want level
	}{
		{"sam", "sma", similar}, // Jaro–Winkler's window is 0 for three letters
		{"ho", "hxo", similar},
		{"lily", "lilu", similar},
		{"ali", "abi", differ}, // a letter replaced in a short name is another name
		{"kim", "kit", differ},
		{"ian", "ivan", similar},
		{"j", "john", weak},
	}
	for _, tc := range tests {
		a, b := prepareName(tc.a), prepareName(tc.b)
		if got := nameSim(&a, &b); got != tc.want {
			t.Errorf("%q, %q: %s, want %s", tc.a, tc.b, levelNames[got], levelNames[tc.want])
		}
	}
}

func TestCompareTextPartOf(t *testing.T) {
	tests := []struct {
		a, b string
		want level
	}{
		{"144 karoola de lungra", "144 hall street karoola delungra", similar},
		{"livingston avenue", "1 livingston avenue st francis room", similar},
		{"4 sanford place", "37 sanford place white lodge", differ}, // another house
		{"hall street", "hall street", agree},
		{"karoola", "144 hall street karoola", differ}, // one word says too little
		{"12 ring road", "12 ring road kondele", similar},
		{"17 horsley qcrescent annesley", "17 annesley horsley crescent", agree}, // a letter typed before a word
	}
	for _, tc := range tests {
		a, b := prepareName(tc.a), prepareName(tc.b)
		if got := compareText(&a, &b); got != tc.want {
			t.Errorf("%q, %q: %s, want %s", tc.a, tc.b, levelNames[got], levelNames[tc.want])
		}
		if got := compareText(&b, &a); got != tc.want {
			t.Errorf("%q, %q (other way): %s, want %s", tc.b, tc.a, levelNames[got], levelNames[tc.want])
		}
	}
}
