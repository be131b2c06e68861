package match

import (
	"strings"
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

// name is one name, folded, with what the comparators and blocking need.
type name struct {
	folded string   // "mary anne"
	joined string   // "maryanne": catches split and run-together names
	codes  string   // NYSIIS of each token, space-separated: "MARY AN"
	code   string   // NYSIIS of the first token, for blocking
	toks   []string // folded tokens
}

func prepareName(s string) name {
	f := Fold(s)
	if f == "" {
		return name{}
	}
	n := name{folded: f, toks: strings.Fields(f)}
	n.joined = strings.ReplaceAll(f, " ", "")
	codes := make([]string, len(n.toks))
	for i, t := range n.toks {
		codes[i] = NYSIIS(t)
	}
	n.code = codes[0]
	n.codes = strings.Join(codes, " ")
	return n
}

// initial is the name's first byte, or 0 (for blocking; folded Latin names
// start with an ASCII letter, other scripts still give a stable byte).
func (n *name) initial() byte {
	if n.folded == "" {
		return 0
	}
	return n.folded[0]
}

// Prepared holds a Person with everything precomputed for fast comparison.
// Compare reads only these fields and allocates nothing.
type Prepared struct {
	p             Person
	given, family name
	other         []name
	year, month   int
	day           int
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
		q.month = 0
	}
	if q.day < 1 || q.day > 31 {
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
