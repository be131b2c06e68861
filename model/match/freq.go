package match

import "math"

// Frequencies says how common each given name, family name and village is
// among the people being compared. Agreeing on "Kato" or "Mohamed", or on the
// village next to the clinic, is weaker evidence than agreeing on a rare
// name: with frequencies, an agreement weighs the model's Agree weight plus
// log2(typical/f), where f is the value's share of people and typical the
// chance that two random people agree on the field; the adjustment is kept
// within [-4, +2] so that one count cannot dominate a score.
type Frequencies struct {
	given, family, locality freqTable
}

type freqTable struct {
	count   map[string]int32
	n       float64 // people with a value
	typical float64 // Σ share²: how often two random people agree
}

// CountFrequencies counts names and villages over one or more lists.
func CountFrequencies(lists ...[]Prepared) *Frequencies {
	f := &Frequencies{}
	tables := []*freqTable{&f.given, &f.family, &f.locality}
	for _, t := range tables {
		t.count = map[string]int32{}
	}
	for _, list := range lists {
		for i := range list {
			p := &list[i]
			for k, v := range []string{p.given.joined, p.family.joined, p.locality.joined} {
				if v != "" {
					tables[k].count[v]++
					tables[k].n++
				}
			}
		}
	}
	for _, t := range tables {
		for _, c := range t.count {
			s := float64(c) / t.n
			t.typical += s * s
		}
	}
	return f
}

// adjust is the change to an agreement weight for values a and b (the
// commoner of the two counts; they agree, so usually they are one value).
func (t *freqTable) adjust(a, b string) float64 {
	if t.n < 2 || t.typical <= 0 {
		return 0
	}
	c := max(t.count[a], t.count[b], 1)
	return min(2, max(-4, math.Log2(t.typical*t.n/float64(c))))
}
