package match

import (
	"strings"

	"dossier/model"
)

// Person is what the matcher compares: patients and rows of CSV files both
// become Persons.
type Person struct {
	ID     string   // caller's identifier (record ID or CSV rec_id), not compared
	Given  string   //
	Family string   //
	Other  []string // aliases, maiden names
	Sex    byte     // 'F', 'M' or 0 when unknown
	// Birth date parts; 0 = unknown part.
	BirthYear, BirthMonth, BirthDay int
	// BirthEstimated marks a birth date derived from a stated age: the year
	// is compared ±3 and month and day are ignored.
	BirthEstimated bool
	Phone          string
	Address        string // street/free text (street number and street name joined)
	Locality       string // village / suburb
	Postcode       string
	Region         string // district / state
	NationalID     string
}

// FromPatient makes the Person of a registered patient (ID is the record ID,
// or the MRN before the patient is saved). The patient's
// address list runs region › district › village …: the district (or the
// region when that is all there is) becomes Region, the village Locality,
// anything finer Address.
func FromPatient(p model.Patient) Person {
	q := Person{ID: p.MRN, Given: p.GivenName, Family: p.FamilyName, Other: p.OtherNames,
		BirthEstimated: p.BirthEstimated, Phone: p.Phone, NationalID: p.NationalID}
	if !p.ID.IsZero() {
		q.ID = p.ID.String()
	}
	switch p.Sex {
	case model.SexFemale:
		q.Sex = 'F'
	case model.SexMale:
		q.Sex = 'M'
	}
	if !p.BirthDate.IsZero() {
		q.BirthYear, q.BirthMonth, q.BirthDay = p.BirthDate.Year, int(p.BirthDate.Month), p.BirthDate.Day
	}
	a := p.Address
	if len(a) > 0 {
		q.Region = a[min(1, len(a)-1)]
	}
	if len(a) > 2 {
		q.Locality = a[2]
		q.Address = strings.Join(a[3:], " ")
	}
	return q
}

// name is one name (or address, or village), folded, with what the
// comparators and blocking need.
type name struct {
	folded string // "mary anne"
	joined string // "maryanne": catches split and run-together names
	codes  string // NYSIIS of each word, space-separated: "MARY AN"
	code   string // NYSIIS of the first word, for blocking
	mask   uint64 // charMask(folded), for jwUpper
	words  []word
}

// word is one folded word with its charMask, and whether it is a number
// (house numbers must be equal, not similar).
type word struct {
	s      string
	mask   uint64
	number bool
}

func prepareName(s string) name {
	f := Fold(s)
	if f == "" {
		return name{}
	}
	n := name{folded: f, joined: strings.ReplaceAll(f, " ", ""), mask: charMask(f)}
	var codes strings.Builder
	for t := range strings.FieldsSeq(f) {
		n.words = append(n.words, word{s: t, mask: charMask(t), number: isDigits(t)})
		if codes.Len() > 0 {
			codes.WriteByte(' ')
		}
		codes.WriteString(NYSIIS(t))
	}
	n.codes = codes.String()
	n.code, _, _ = strings.Cut(n.codes, " ")
	return n
}

// Prepared holds a Person with everything precomputed for fast comparison.
// Compare reads only these fields and allocates nothing.
type Prepared struct {
	p             Person
	given, family name
	other         []name
	year, month   int
	day           int
	typedMonth    uint8 // month and day as typed when out of range (≤ 99),
	typedDay      uint8 // so that a mistyped digit is still a typo
	estimated     bool
	sex           byte
	phone         string // last 8 digits
	address       name   // folded; joined has no spaces
	locality      name
	postcode      string // folded, without spaces
	region        string // folded
	nid           string // ASCII letters and digits, upper case
}

// Prepare folds and encodes a Person once, so that comparing it with many
// others costs only the comparisons.
func Prepare(p Person) Prepared {
	q := Prepared{p: p, given: prepareName(p.Given), family: prepareName(p.Family)}
	for _, o := range p.Other {
		if n := prepareName(o); n.folded != "" {
			q.other = append(q.other, n)
		}
	}
	q.year, q.month, q.day, q.estimated = p.BirthYear, p.BirthMonth, p.BirthDay, p.BirthEstimated
	if q.year <= 0 {
		q.year, q.month, q.day = 0, 0, 0 // a day without a year says nothing
	}
	if q.month < 1 || q.month > 12 {
		if q.month > 12 && q.month <= 99 {
			q.typedMonth = uint8(q.month)
		}
		q.month = 0
	}
	if q.day < 1 || q.day > 31 {
		if q.day > 31 && q.day <= 99 {
			q.typedDay = uint8(q.day)
		}
		q.day = 0
	}
	switch p.Sex {
	case 'F', 'f':
		q.sex = 'F'
	case 'M', 'm':
		q.sex = 'M'
	}
	// Phones are compared on their last 8 digits so that country and
	// trunk prefixes (+254 7…, 07…) do not matter.
	q.phone = alnum(p.Phone, true)
	if len(q.phone) > 8 {
		q.phone = q.phone[len(q.phone)-8:]
	}
	if len(q.phone) < 6 {
		q.phone = "" // too short to say anything
	}
	q.address = prepareName(p.Address)
	q.locality = prepareName(p.Locality)
	q.postcode = strings.ReplaceAll(Fold(p.Postcode), " ", "")
	q.region = Fold(p.Region)
	q.nid = alnum(p.NationalID, false)
	return q
}

// Person returns the Person the value was prepared from.
func (p *Prepared) Person() Person { return p.p }

// alnum keeps ASCII digits (and, unless digitsOnly, letters in upper case):
// identifiers are written with spaces, dashes and dots in many ways.
func alnum(s string, digitsOnly bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case digitsOnly:
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}
