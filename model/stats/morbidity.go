package stats

import (
	"sort"
	"strings"

	"dossier/model"
)

// Morbidity: each encounter counted in the period (a stay at its
// discharge, a visit on its day) counts once for each group (ICD-10
// category, block or chapter) of its principal diagnosis, or of every
// coded diagnosis when the clinic counts all of them; only the TopN
// commonest groups are kept, each by sex and age group. Deaths by cause:
// the stays ending in death in the period, by the category of the
// principal diagnosis (the underlying cause as coded), by sex and age.

// chapters are the ICD-10 chapters by their first and last category.
var chapters = []struct{ lo, hi, name string }{
	{"A00", "B99", "I"}, {"C00", "D48", "II"}, {"D50", "D89", "III"}, {"E00", "E90", "IV"},
	{"F00", "F99", "V"}, {"G00", "G99", "VI"}, {"H00", "H59", "VII"}, {"H60", "H95", "VIII"},
	{"I00", "I99", "IX"}, {"J00", "J99", "X"}, {"K00", "K93", "XI"}, {"L00", "L99", "XII"},
	{"M00", "M99", "XIII"}, {"N00", "N99", "XIV"}, {"O00", "O99", "XV"}, {"P00", "P96", "XVI"},
	{"Q00", "Q99", "XVII"}, {"R00", "R99", "XVIII"}, {"S00", "T98", "XIX"}, {"V01", "Y98", "XX"},
	{"Z00", "Z99", "XXI"}, {"U00", "U99", "XXII"},
}

// Chapter is the ICD-10 chapter (a roman numeral) of a compact code; ""
// when it is none.
func Chapter(code string) string {
	if len(code) < 3 {
		return ""
	}
	cat := code[:3]
	for _, ch := range chapters {
		if cat >= ch.lo && cat <= ch.hi {
			return ch.name
		}
	}
	return ""
}

// Category is the 3-character ICD-10 category of a compact code.
func Category(code string) string { return code[:min(3, len(code))] }

func (c *calc) group(code string) string {
	switch c.s.TopBy {
	case ByChapter:
		if ch := Chapter(code); ch != "" {
			return ch
		}
	case ByBlock:
		if c.s.BlockOf != nil {
			if b := c.s.BlockOf(code); b != "" {
				return b
			}
		}
	}
	return Category(code)
}

func (c *calc) morbidity(e *Encounter) {
	day := c.countDay(e)
	if day < 0 || !c.inPeriod(day) {
		return
	}
	sex, age := sexOf(e.Sex), c.ageGroup(ageAt(e.Birth, e.Start.In(c.p.From.Location())))
	counted := map[string]bool{}
	for _, it := range e.Codes {
		if it.Proc || it.Code == "" || (!c.s.AllDiagnoses && it.Code != e.Principal()) {
			continue
		}
		g := c.group(it.Code)
		if counted[g] {
			continue
		}
		counted[g] = true
		c.addDemo(e, 1, func() string { return "coded " + it.Code + " " + dayLabel(day) }, FigDiagnoses, g, sex, age)
	}
	if e.Stay() && e.Died() {
		cause := e.Principal()
		if cause == "" {
			cause = "unknown"
		} else {
			cause = Category(cause)
		}
		c.addDemo(e, 1, func() string { return "died " + dayLabel(day) + ", principal diagnosis " + e.Principal() }, FigDeathsByCause, cause, sex, age)
	}
}

// finishMorbidity keeps the TopN commonest groups.
func (c *calc) finishMorbidity() {
	type g struct {
		name string
		n    float64
	}
	var all []g
	for k, v := range c.f {
		if k.Figure == FigDiagnoses && k.Sex == "" && k.Age == "" {
			all = append(all, g{k.Extra, v})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return all[i].n > all[j].n || all[i].n == all[j].n && all[i].name < all[j].name
	})
	if len(all) <= c.s.TopN {
		return
	}
	drop := map[string]bool{}
	for _, x := range all[c.s.TopN:] {
		drop[x.name] = true
	}
	for k := range c.f {
		if k.Figure == FigDiagnoses && drop[k.Extra] {
			delete(c.f, k)
		}
	}
}

// notifiable counts the encounters of the period (by their first day)
// coded with a notifiable disease, under the list entry's first code.
func (c *calc) notifiable(e *Encounter) {
	day := c.dayOf(e.Start)
	if !c.inPeriod(day) {
		return
	}
	for _, n := range c.s.Notifiable {
		if len(n.Codes) == 0 {
			continue
		}
		if code, ok := NotifiableMatch(n.Codes, e.Codes); ok {
			c.add(e, 1, func() string { return n.Name + ": " + code + " " + dayLabel(day) }, Key{Figure: FigNotifiableCases, Extra: n.Codes[0]})
		}
	}
}

// finishNotifiable makes every listed disease's count present: a week
// without a case is 0 cases.
func (c *calc) finishNotifiable() {
	for _, n := range c.s.Notifiable {
		if len(n.Codes) > 0 {
			c.zero(Key{Figure: FigNotifiableCases, Extra: n.Codes[0]})
		}
	}
}

// compactNotifiable is the list with its codes compacted once (the first
// code, the figure's Extra, is kept as the clinic typed it in Name order).
func compactNotifiable(list []model.Notifiable) []model.Notifiable {
	out := make([]model.Notifiable, len(list))
	for i, n := range list {
		out[i] = n
		out[i].Codes = make([]string, len(n.Codes))
		for j, c := range n.Codes {
			out[i].Codes[j] = Compact(c)
		}
	}
	return out
}

// NotifiableMatch reports the first coded diagnosis that one of the
// notifiable codes (or code prefixes, compacted) covers.
func NotifiableMatch(list []string, codes []Code) (string, bool) {
	for _, it := range codes {
		if it.Proc {
			continue
		}
		for _, w := range list {
			if w != "" && strings.HasPrefix(it.Code, w) {
				return it.Code, true
			}
		}
	}
	return "", false
}
