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
// u when they are not. A missing value always weighs 0.
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
	// MaxBlock is the largest block compared all-pairs (default 500).
	MaxBlock int
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
	compareLevels(a, b, m, &lv)
	c := Comparison{Fields: make([]FieldResult, nFields)}
	for f := range nFields {
		w := m.weights(f).of(lv[f])
		c.Score += w
		c.Fields[f] = FieldResult{Field: fieldNames[f], Result: levelNames[lv[f]], Weight: w}
	}
	return c
}

// Score is Compare's score alone.
func (m *Model) Score(a, b *Prepared) float64 {
	var lv [nFields]level
	compareLevels(a, b, m, &lv)
	s := 0.0
	for f := range nFields {
		s += m.weights(f).of(lv[f])
	}
	return s
}

var DefaultModel = Model{MatchAt: 10, ReviewAt: 5,
	Given: Weights{4, 2, 0, -4}, Family: Weights{6, 3, 0, -5}, Birth: Weights{8, 4, 1, -5},
	Sex: Weights{1, 0, 0, -4}, Phone: Weights{6, 3, 0, -1}, Address: Weights{6, 3, 0, -3}, Locality: Weights{4, 2, 0, -2},
	Postcode: Weights{5, 2, 0, -2}, Region: Weights{1, 0, 0, -2}, NationalID: Weights{12, 5, 0, -6}}
