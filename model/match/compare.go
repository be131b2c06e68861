package match

import "math"

// Fields in the order Compare reports them.
const (
	fGiven = iota
	fFamily
	fBirth
	fSex
	fPhone
	fAddress
	fLocality
	fPostcode
	fRegion
	fNationalID
	nFields
)

var fieldNames = [nFields]string{"given", "family", "birth", "sex", "phone", "address", "locality", "postcode", "region", "national ID"}

// level is how one field compared.
type level uint8

const (
	missing level = iota
	agree
	similar
	weak // a looser kind of similar (birth year ±1, an initial for a name)
	differ
)

var levelNames = [...]string{missing: "missing", agree: "agree", similar: "similar", weak: "similar", differ: "differ"}

// FieldResult says how one field compared.
type FieldResult struct {
	Field  string  // "given", "family", "birth", "sex", "phone", "address", "locality", "postcode", "region", "national ID"
	Result string  // "agree", "similar", "differ", "missing"
	Weight float64 // log2 likelihood-ratio weight added to the score
}

// Comparison is the Fellegi–Sunter score of a pair and how each field
// contributed to it.
type Comparison struct {
	Score  float64       // sum of weights
	Fields []FieldResult // in a stable order: given, family, birth, sex, phone, address, locality, postcode, region, national ID
}

// Agree lists the fields that agree, for display.
func (c Comparison) Agree() []string { return c.with("agree") }

// Similar lists the fields that are close but not equal.
func (c Comparison) Similar() []string { return c.with("similar") }

// Differ lists the fields that differ.
func (c Comparison) Differ() []string { return c.with("differ") }

func (c Comparison) with(result string) []string {
	var out []string
	for _, f := range c.Fields {
		if f.Result == result {
			out = append(out, f.Field)
		}
	}
	return out
}

// Weights are the log2 likelihood ratios log2(m/u) of one field's outcomes:
// m is the probability of the outcome when two records are the same person,
// u when they are not. Weak is a looser similarity (a birth year off by one,
// an initial against a whole name), shown as "similar". A missing value
// always weighs 0.
type Weights struct {
	Agree, Similar, Weak, Differ float64
}

// WeightsFromMU turns m and u probabilities of agreement, similarity and weak
// similarity into weights; disagreement takes the rest of the probability.
func WeightsFromMU(mAgree, mSimilar, mWeak, uAgree, uSimilar, uWeak float64) Weights {
	lr := func(m, u float64) float64 {
		if m <= 0 || u <= 0 {
			return 0
		}
		return math.Round(math.Log2(m/u)*100) / 100
	}
	return Weights{
		Agree:   lr(mAgree, uAgree),
		Similar: lr(mSimilar, uSimilar),
		Weak:    lr(mWeak, uWeak),
		Differ:  lr(1-mAgree-mSimilar-mWeak, 1-uAgree-uSimilar-uWeak),
	}
}

func (w *Weights) of(l level) float64 {
	switch l {
	case agree:
		return w.Agree
	case similar:
		return w.Similar
	case weak:
		return w.Weak
	case differ:
		return w.Differ
	}
	return 0
}

// Model holds the weights per field and the decision thresholds.
type Model struct {
	Given, Family, Birth, Sex, Phone, Address, Locality, Postcode, Region, NationalID Weights
	// A pair scoring at least MatchAt is a match; at least ReviewAt, a
	// pair for a person to review.
	MatchAt, ReviewAt float64
	// HouseholdCap caps the summed positive weights of address, locality,
	// postcode, region and phone (0: no cap); see weigh.
	HouseholdCap float64
	// MaxBlock is the largest block compared all-pairs (default 500).
	MaxBlock int
	// Freq, when set, makes agreement on common names and villages weigh
	// less (see Frequencies). Pairs and Link count it from their input
	// when it is nil.
	Freq *Frequencies
}

func (m *Model) weights(f int) *Weights {
	switch f {
	case fGiven:
		return &m.Given
	case fFamily:
		return &m.Family
	case fBirth:
		return &m.Birth
	case fSex:
		return &m.Sex
	case fPhone:
		return &m.Phone
	case fAddress:
		return &m.Address
	case fLocality:
		return &m.Locality
	case fPostcode:
		return &m.Postcode
	case fRegion:
		return &m.Region
	}
	return &m.NationalID
}

// Decision is what to do with a compared pair.
type Decision int

const (
	NonMatch Decision = iota
	Review
	Match
)

// String is "non-match", "review" or "match".
func (d Decision) String() string {
	switch d {
	case Match:
		return "match"
	case Review:
		return "review"
	}
	return "non-match"
}

// Decide classifies a score by the model's thresholds.
func (m *Model) Decide(score float64) Decision {
	switch {
	case score >= m.MatchAt:
		return Match
	case score >= m.ReviewAt:
		return Review
	}
	return NonMatch
}

// Compare scores a pair and explains it field by field. It allocates only
// the Fields slice; Score compares without allocating.
func (m *Model) Compare(a, b *Prepared) Comparison {
	var lv [nFields]level
	var w [nFields]float64
	compareLevels(a, b, m, &lv)
	c := Comparison{Score: m.weigh(a, b, &lv, &w), Fields: make([]FieldResult, nFields)}
	for f := range nFields {
		c.Fields[f] = FieldResult{Field: fieldNames[f], Result: levelNames[lv[f]], Weight: w[f]}
	}
	return c
}

// Score is Compare's score alone.
func (m *Model) Score(a, b *Prepared) float64 {
	var lv [nFields]level
	var w [nFields]float64
	compareLevels(a, b, m, &lv)
	return m.weigh(a, b, &lv, &w)
}

// household lists the fields people who live together share, least telling
// first: the order in which their weights are trimmed to HouseholdCap.
var household = [...]int{fRegion, fPostcode, fLocality, fPhone, fAddress}

// weigh turns levels into weights and returns their sum. Fellegi–Sunter
// adds weights as if fields were independent; where people live is not: a
// mother and her child agree on address, village, postcode, district and
// often phone. Their positive weights together are therefore capped at
// HouseholdCap (when set), trimming the least telling field first, so that
// a shared home alone cannot make two people one.
func (m *Model) weigh(a, b *Prepared, lv *[nFields]level, w *[nFields]float64) float64 {
	for f := range nFields {
		w[f] = m.weights(f).of(lv[f])
	}
	// The district is part of the village's name: agreeing on both is one
	// agreement.
	if lv[fLocality] == agree {
		w[fRegion] = min(w[fRegion], 0)
	}
	if fr := m.Freq; fr != nil {
		if lv[fGiven] == agree {
			w[fGiven] += fr.given.adjust(a.given.joined, b.given.joined)
		}
		if lv[fFamily] == agree {
			w[fFamily] += fr.family.adjust(a.family.joined, b.family.joined)
		}
		if lv[fLocality] == agree {
			w[fLocality] += fr.locality.adjust(a.locality.joined, b.locality.joined)
		}
	}
	if m.HouseholdCap > 0 {
		over := -m.HouseholdCap
		for _, f := range household {
			over += max(0, w[f])
		}
		for _, f := range household {
			if over <= 0 {
				break
			}
			cut := min(over, max(0, w[f]))
			w[f] -= cut
			over -= cut
		}
	}
	s := 0.0
	for f := range nFields {
		s += w[f]
	}
	return s
}

// DecideCareful is Decide for a clinic's own register, where a wrong merge
// joins two people's charts. Twins share a family name, birth date, sex and
// home, so every field but one agrees; when both given names are present
// and plainly differ (not a typo, nickname or initial), the pair is at most
// Review, however high it scores: a person decides. (Decide alone, used for
// list linkage and tuned on FEBRL, lets such pairs through: in FEBRL a
// replaced given name is a typing error, not a sibling.)
func (m *Model) DecideCareful(c Comparison) Decision {
	d := m.Decide(c.Score)
	if d == Match && GivenNamesDiffer(c) {
		return Review
	}
	return d
}

// GivenNamesDiffer reports a comparison whose given names plainly differ.
func GivenNamesDiffer(c Comparison) bool {
	for _, f := range c.Fields {
		if f.Field == "given" {
			return f.Result == "differ"
		}
	}
	return false
}
