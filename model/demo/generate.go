// Package demo generates a synthetic clinic: patients as a rural clinic's
// registration desk records them, near-duplicates as clerks create them, and
// optionally their visits and notes. The same Seed and Today always give the
// same clinic, so demos, screenshots and benchmarks are reproducible.
package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"dossier/model"
)

// Config says what to generate.
type Config struct {
	Patients int // number of distinct-registration patient records to produce (including near-duplicates)
	Seed     uint64
	Today    time.Time // reference "now"; all dates must be <= Today
	Charts   bool      // also generate encounters and notes
}

// Visit is one encounter of the patient at index Patient in Dataset.Patients, with its notes.
// Encounter.PatientID and Note.PatientID are left zero: the caller fills them after the patient is saved.
type Visit struct {
	Patient   int
	Encounter model.Encounter
	Notes     []model.Note
}

// Dataset is a generated clinic.
type Dataset struct {
	Patients []model.Patient // ID, MRN, Registered left zero (the store assigns them)
	Visits   []Visit         // empty unless Config.Charts
	// DuplicateOf maps the index of a near-duplicate record to the index of the original it duplicates.
	DuplicateOf map[int]int
}

// Generate builds the whole clinic in memory.
func Generate(cfg Config) Dataset {
	ds := Dataset{DuplicateOf: map[int]int{}}
	if cfg.Patients <= 0 {
		return ds
	}
	ds.Patients = make([]model.Patient, 0, cfg.Patients)
	g := newGenerator(cfg)
	for i := 0; i < cfg.Patients; i++ {
		p, orig := g.patient(i)
		if orig >= 0 {
			ds.DuplicateOf[i] = orig
		}
		ds.Patients = append(ds.Patients, p)
	}
	if cfg.Charts {
		for i := range ds.Patients {
			ds.Visits = g.visits(i, &ds.Patients[i], ds.Visits)
		}
		outcomes(cfg.Seed, cfg.Today, ds.Visits)
	}
	return ds
}

// Patients calls fn for each generated patient in order (same sequence as Generate's Patients for the same Seed/Today); stops if fn returns false.
func Patients(cfg Config, fn func(i int, p model.Patient) bool) {
	g := newGenerator(cfg)
	for i := 0; i < cfg.Patients; i++ {
		p, _ := g.patient(i)
		if !fn(i, p) {
			return
		}
	}
}

const golden = 0x9e3779b97f4a7c15

// Salts give each purpose its own random stream per record, so that adding
// charts, or changing how duplicates are mutated, leaves the patients alone.
const (
	saltDecide uint64 = 0x243f6a8885a308d3
	saltBase   uint64 = 0x13198a2e03707344
	saltDup    uint64 = 0xa4093822299f31d0
	saltChart  uint64 = 0x082efa98ec4e6c89
)

// dupRate is slightly above the 8% target because record 0 cannot be one.
const dupRate = 0.082

type generator struct {
	seed  uint64
	today time.Time
	// tday is today's calendar date at midnight UTC, the zone model.Date uses.
	tday time.Time
	year int
	src  *rand.PCG
	r    *rand.Rand
}

func newGenerator(cfg Config) *generator {
	src := rand.NewPCG(cfg.Seed, cfg.Seed^golden)
	y, m, d := cfg.Today.Date()
	return &generator{seed: cfg.Seed, today: cfg.Today, tday: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		year: y, src: src, r: rand.New(src)}
}

// mix is the splitmix64 finaliser: neighbouring indexes get unrelated seeds.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (g *generator) streamSeed(i int, salt uint64) uint64 { return mix(g.seed ^ mix(uint64(i)+salt)) }

// reseed positions the stream at record i, so any record can be rebuilt from
// its index alone: a duplicate copies an earlier record that is not kept.
func (g *generator) reseed(i int, salt uint64) {
	s := g.streamSeed(i, salt)
	g.src.Seed(s, s^golden)
}

// decide reports whether record i is a near-duplicate, and of which earlier
// record. It has its own stream so it can be asked about any index cheaply.
func (g *generator) decide(i int) (bool, int) {
	if i == 0 {
		return false, 0
	}
	var p rand.PCG
	s := g.streamSeed(i, saltDecide)
	p.Seed(s, s^golden)
	if float64(p.Uint64()>>11)/(1<<53) >= dupRate {
		return false, 0
	}
	return true, int(p.Uint64() % uint64(i))
}

// original follows duplicates back to the first registration: a clerk who
// copies from a duplicate still creates another record of the same person.
func (g *generator) original(i int) int {
	for {
		dup, c := g.decide(i)
		if !dup {
			return i
		}
		i = c
	}
}

// patient returns record i and the index of the record it duplicates, or -1.
func (g *generator) patient(i int) (model.Patient, int) {
	dup, c := g.decide(i)
	if !dup {
		g.reseed(i, saltBase)
		return g.base(), -1
	}
	o := g.original(c)
	g.reseed(o, saltBase)
	p := g.base()
	g.reseed(i, saltDup)
	g.mutate(&p)
	return p, o
}

const maxAge = 95

// Cumulative weight tables, built once so that each pick is one binary search.
var (
	cultureCum  = cumulative(cultureWeights)
	districtCum []float64
	// sexAgeCum covers females aged 0..maxAge, then males aged 0..maxAge.
	sexAgeCum []float64
)

func init() {
	w := make([]float64, len(districts))
	for i, d := range districts {
		w[i] = d.weight
	}
	districtCum = cumulative(w)
	w = make([]float64, 0, 2*(maxAge+1))
	for _, female := range []bool{true, false} {
		for a := 0; a <= maxAge; a++ {
			w = append(w, ageWeight(a, female))
		}
	}
	sexAgeCum = cumulative(w)
}

// ageWeight shapes a rural clinic's attendance: many under-fives, many women
// of child-bearing age (antenatal care, deliveries), few elderly.
func ageWeight(age int, female bool) float64 {
	switch {
	case age == 0:
		return 6
	case age < 5:
		return 4.5
	case age < 15:
		return 2
	case age < 45 && female:
		return 2.6
	case age < 45:
		return 1
	case age < 65 && female:
		return 1
	case age < 65:
		return 0.9
	}
	return 0.8 * math.Exp(-float64(age-65)/10)
}

func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		c[i] = sum
	}
	return c
}

// pickWeighted returns an index with probability proportional to its weight;
// zero-weight entries (equal neighbours in cum) are never chosen.
func pickWeighted(r *rand.Rand, cum []float64) int {
	u := r.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return min(lo, len(cum)-1)
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// base draws a fresh person. Every draw happens in a fixed order so that the
// same stream position always rebuilds the same record.
func (g *generator) base() model.Patient {
	r := g.r
	c := &cultures[pickWeighted(r, cultureCum)]
	sa := pickWeighted(r, sexAgeCum)
	female, age := sa <= maxAge, sa%(maxAge+1)

	var p model.Patient
	p.Sex, p.GivenName = model.SexMale, pick(r, c.male)
	if female {
		p.Sex, p.GivenName = model.SexFemale, pick(r, c.female)
	}
	p.FamilyName = g.familyName(c)
	if chance(r, 0.01) {
		p.FamilyName = ""
	}
	if chance(r, 0.003) {
		p.Sex = model.SexUnknown
	}

	days := age*365 + age/4 + r.IntN(365)
	p.BirthDate = model.DateOf(g.tday.Add(-time.Duration(days) * 24 * time.Hour))
	if p.BirthDate.Time().After(g.today) {
		// Today east of UTC: its calendar date is still in the future in UTC.
		p.BirthDate = model.DateOf(p.BirthDate.Time().Add(-24 * time.Hour))
	}
	// Adults without papers state an age; older people more often, and they
	// round it ("about 40").
	if age >= 18 && chance(r, min(0.1+0.004*float64(age-18), 0.45)) {
		if age >= 20 && r.IntN(2) == 0 {
			age = (age + 2) / 5 * 5
		}
		p.BirthDate, p.BirthEstimated = model.BirthFromAge(age, g.today), true
	}

	if chance(r, 0.7) {
		p.Phone = g.phone()
	}
	d := &districts[pickWeighted(r, districtCum)]
	p.Address = []string{d.region, d.name, pick(r, d.villages)}
	if age >= 18 && chance(r, 0.4) {
		p.NationalID = g.nationalID(female, p.BirthDate.Year)
	}
	if chance(r, 0.5) {
		p.NextOfKin = g.nextOfKin(c, p.Sex, age, p.FamilyName)
	}
	if chance(r, 0.3) {
		p.LegacyCharts = g.legacy(p.BirthDate.Year, female && age >= 15 && age < 50)
	}
	if chance(r, 0.03) {
		p.Alerts = g.alerts()
	}
	p.Restricted = chance(r, 0.005)
	if chance(r, 0.05) {
		p.OtherNames = []string{g.otherName(c, female, age, p.GivenName)}
	}
	return p
}

func (g *generator) familyName(c *culture) string {
	f := pick(g.r, c.family)
	if c.doubleSurname > 0 && chance(g.r, c.doubleSurname) {
		if f2 := pick(g.r, c.family); f2 != f {
			f += " " + f2
		}
	}
	return f
}

// Ugandan mobile network codes after the leading 7.
const networks = "01245678"

func (g *generator) phone() string {
	r := g.r
	var buf [16]byte
	b := buf[:0]
	if r.IntN(2) == 0 {
		b = append(b, "+256 7"...)
	} else {
		b = append(b, "07"...)
	}
	b = append(b, networks[r.IntN(len(networks))])
	b = appendDigits(r, b, 1)
	b = append(b, ' ')
	b = appendDigits(r, b, 3)
	b = append(b, ' ')
	b = appendDigits(r, b, 3)
	return string(b)
}

func appendDigits(r *rand.Rand, b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}

// appendPadded writes n with leading zeros to width digits.
func appendPadded(b []byte, n, width int) []byte {
	var d [20]byte
	i := len(d)
	for n > 0 || i == len(d) {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	for k := len(d) - i; k < width; k++ {
		b = append(b, '0')
	}
	return append(b, d[i:]...)
}

const idAlphabet = "0123456789ABCDEFGHJKLMNPRTUVWXYZ"

// nationalID follows the Ugandan NIN shape: CF/CM for sex, two digits of the
// birth year, then ten characters: 14 in all.
func (g *generator) nationalID(female bool, birthYear int) string {
	var buf [14]byte
	b := append(buf[:0], 'C', 'M')
	if female {
		b[1] = 'F'
	}
	b = appendPadded(b, birthYear%100, 2)
	for range 10 {
		b = append(b, idAlphabet[g.r.IntN(len(idAlphabet))])
	}
	return string(b)
}

type kin struct {
	rel    string
	female bool
	// shares marks relatives who usually share the patient's family name.
	shares bool
}

var (
	childKin = []kin{{"mother", true, false}, {"mother", true, false}, {"mother", true, false},
		{"father", false, true}, {"father", false, true}, {"grandmother", true, false}, {"aunt", true, false}}
	elderKin = []kin{{"son", false, true}, {"daughter", true, false}, {"son", false, true},
		{"daughter", true, false}, {"grandson", false, true}, {"wife", true, false}}
	womanKin = []kin{{"husband", false, false}, {"husband", false, false}, {"mother", true, false},
		{"sister", true, false}, {"brother", false, true}, {"son", false, false}, {"daughter", true, false}}
	manKin = []kin{{"wife", true, false}, {"wife", true, false}, {"brother", false, true},
		{"mother", true, false}, {"father", false, true}, {"sister", true, false}, {"son", false, true}}
)

// nextOfKin is written as desks write it: "Grace Achieng (mother) 0772 123 456".
func (g *generator) nextOfKin(c *culture, sex model.Sex, age int, family string) string {
	r := g.r
	list := manKin
	switch {
	case age < 18:
		list = childKin
	case age >= 65:
		list = elderKin
	case sex == model.SexFemale:
		list = womanKin
	}
	k := list[r.IntN(len(list))]
	given := pick(r, c.male)
	if k.female {
		given = pick(r, c.female)
	}
	if !k.shares || family == "" {
		family = pick(r, c.family)
	}
	return given + " " + family + " (" + k.rel + ") " + g.phone()
}

// legacy returns the numbers of paper folders from before Dossier.
func (g *generator) legacy(birthYear int, antenatal bool) []string {
	r := g.r
	lo, hi := max(2005, birthYear), g.year-1
	if lo > hi {
		return nil
	}
	n := 1
	if r.IntN(10) == 0 {
		n = 2
	}
	out := make([]string, 0, n)
	for range n {
		var buf [16]byte
		y := lo + r.IntN(hi-lo+1)
		switch k := r.IntN(20); {
		case k < 5:
			b := append(buf[:0], "IP-"...)
			out = append(out, string(appendPadded(b, 1+r.IntN(99999), 5)))
		case k < 7 && antenatal:
			b := appendPadded(append(buf[:0], "ANC/"...), y, 4)
			out = append(out, string(appendPadded(append(b, '/'), 1+r.IntN(2999), 4)))
		default:
			b := appendPadded(append(buf[:0], "OPD/"...), y, 4)
			out = append(out, string(appendPadded(append(b, '/'), 1+r.IntN(49999), 5)))
		}
	}
	return out
}

func (g *generator) alerts() []string {
	a := pick(g.r, alertList)
	if g.r.IntN(10) == 0 {
		if b := pick(g.r, alertList); b != a {
			return []string{a, b}
		}
	}
	return []string{a}
}

// otherName is a maiden name, a teknonym ("Mama Grace", how many mothers are
// known in the village), a nickname or a second given name.
func (g *generator) otherName(c *culture, female bool, age int, given string) string {
	r := g.r
	if female && age >= 20 && r.IntN(3) < 2 {
		if c.teknonyms && r.IntN(2) == 0 {
			child := c.male
			if r.IntN(2) == 0 {
				child = c.female
			}
			return "Mama " + pick(r, child)
		}
		return pick(r, c.family)
	}
	if n, ok := nicknames[given]; ok && r.IntN(2) == 0 {
		return n
	}
	if female {
		return pick(r, c.female)
	}
	return pick(r, c.male)
}
