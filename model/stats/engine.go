package stats

import (
	"time"

	"dossier/model"
)

// Level is how diagnoses are grouped for morbidity: by ICD-10 category
// (3 characters), block or chapter.
type Level string

const (
	ByCategory Level = "category"
	ByBlock    Level = "block"
	ByChapter  Level = "chapter"
)

// Setup is what the formulas need besides the encounters: the wards with
// their beds, how names typed on stays map to wards, the age groups and
// the clinic's choices.
type Setup struct {
	Wards []model.Ward
	// WardOf maps a ward name as typed on a stay to a ward ID; an unknown
	// name comes back as itself. Nil: names are taken as they are.
	WardOf    func(typed string) string
	AgeGroups []AgeGroup // nil: DefaultAgeGroups
	NewEver   bool       // "new" outpatient: first attendance ever (else in the calendar year)
	TopN      int        // morbidity: the N commonest groups (0: 10)
	TopBy     Level      // morbidity grouping ("": category)
	// AllDiagnoses counts every coded diagnosis for morbidity, not only
	// the principal one.
	AllDiagnoses bool
	// BlockOf names the ICD-10 block of a compact code ("A00-A09"); nil or
	// "" falls back to the category.
	BlockOf    func(code string) string
	Notifiable []model.Notifiable
	Ward       string // only this ward's figures ("": every ward and the facility)
}

// Member is one encounter a figure counts, with why.
type Member struct {
	Encounter model.ID
	Patient   model.ID
	Reason    string
}

// AgeNewborn marks the inpatient figures of newborns counted apart (Key.Age).
const AgeNewborn = "newborn"

// AgeUnknown is the age group of patients with no birth date.
const AgeUnknown = "unknown"

// calc accumulates the figures of one period, and the members of one
// figure when asked to (drill-down).
type calc struct {
	p        Period
	from, to int // civil day numbers of the period's first and last day
	s        Setup
	f        Figures
	track    *Key
	members  []Member
	seen     map[model.ID]bool
	wards    map[string]string // typed ward name → ward ID, worked out once
	// cells are the figures broken down by sex and age, one count per
	// (figure, extra, sex, age): its four marginals (demo) are summed at
	// the end, so an attendance costs two map updates, not eight.
	cells map[cell]float64
}

// cell is one figure's count for one sex and age group.
type cell struct{ fig, extra, sex, age string }

func newCalc(p Period, s Setup, track *Key) *calc {
	s.Notifiable = compactNotifiable(s.Notifiable)
	if s.AgeGroups == nil {
		s.AgeGroups = DefaultAgeGroups
	}
	if s.TopN <= 0 {
		s.TopN = 10
	}
	if s.TopBy == "" {
		s.TopBy = ByCategory
	}
	return &calc{p: p, from: civil(p.From), to: civil(p.To), s: s, f: Figures{}, track: track, seen: map[model.ID]bool{}, wards: map[string]string{}, cells: map[cell]float64{}}
}

// add counts v for the encounter under each key.
// The reason is worked out only for the figure being drilled into: it
// would otherwise cost a string for every count.
func (c *calc) add(e *Encounter, v float64, reason func() string, keys ...Key) {
	for _, k := range keys {
		c.f[k] += v
		if c.track != nil && k == *c.track && !c.seen[e.ID] {
			c.seen[e.ID] = true
			c.members = append(c.members, Member{Encounter: e.ID, Patient: e.Patient, Reason: reason()})
		}
	}
}

// addDemo counts v for the encounter in the figure's cell of its sex and
// age group (see demo for the keys it ends up under).
func (c *calc) addDemo(e *Encounter, v float64, reason func() string, fig, extra, sex, age string) {
	c.cells[cell{fig, extra, sex, age}] += v
	if t := c.track; t != nil && t.Figure == fig && t.Ward == "" && t.Extra == extra &&
		(t.Sex == "" || t.Sex == sex) && (t.Age == "" || t.Age == age) && !c.seen[e.ID] {
		c.seen[e.ID] = true
		c.members = append(c.members, Member{Encounter: e.ID, Patient: e.Patient, Reason: reason()})
	}
}

// flushCells adds the cells to the figures under their four marginals.
func (c *calc) flushCells() {
	for x, v := range c.cells {
		for _, k := range demo(x.fig, x.extra, x.sex, x.age) {
			c.f[k] += v
		}
	}
	clear(c.cells)
}

// zero makes a figure present (computed) without changing it.
func (c *calc) zero(k Key) { c.f[k] += 0 }

// civil is the day number of t's calendar date in its own location.
func civil(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf is t's calendar day in the period's location.
func (c *calc) dayOf(t time.Time) int { return civil(t.In(c.p.From.Location())) }

func (c *calc) inPeriod(day int) bool { return day >= c.from && day <= c.to }

// dayLabel is a civil day number as 2006-01-02 (built by hand: it is on
// every figure's path, and time.Format is many times slower).
func dayLabel(day int) string {
	y, m, d := time.Unix(int64(day)*86400, 0).UTC().Date()
	b := []byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b)
}

// wardOf maps a typed ward name to the ward's ID.
func (c *calc) wardOf(typed string) string {
	if c.s.WardOf == nil {
		return typed
	}
	w, ok := c.wards[typed]
	if !ok {
		w = c.s.WardOf(typed)
		c.wards[typed] = w
	}
	return w
}

// ageAt is the age in whole years at day t; -1 when the birth is unknown.
func ageAt(birth, t time.Time) int {
	if birth.IsZero() {
		return -1
	}
	y := t.Year() - birth.Year()
	if t.Month() < birth.Month() || t.Month() == birth.Month() && t.Day() < birth.Day() {
		y--
	}
	return max(y, 0)
}

// ageGroup is the label of the group an age falls in.
func (c *calc) ageGroup(age int) string {
	if age < 0 {
		return AgeUnknown
	}
	for _, g := range c.s.AgeGroups {
		if age >= g.Min && (g.Max == 0 || age < g.Max) {
			return g.Label
		}
	}
	return AgeUnknown
}

// sexOf folds the recorded sex to F, M or U.
func sexOf(s string) string {
	if s == "F" || s == "M" {
		return s
	}
	return "U"
}

// demo is the four marginals of a figure broken down by sex and age:
// both, by sex, by age, and by sex and age.
func demo(fig, extra, sex, age string) []Key {
	return []Key{{Figure: fig, Extra: extra}, {Figure: fig, Sex: sex, Extra: extra},
		{Figure: fig, Age: age, Extra: extra}, {Figure: fig, Sex: sex, Age: age, Extra: extra}}
}

// Compute works out every figure of the period from the encounters that
// touch it (others are ignored, so passing more is harmless).
func Compute(encs []Encounter, p Period, s Setup) Figures {
	t := NewTally(p, s)
	for i := range encs {
		t.Add(&encs[i])
	}
	return t.Figures()
}

// Members lists the encounters figure k counts in the period (for a rate,
// those of its numerator: see DrillKey).
func Members(encs []Encounter, p Period, s Setup, k Key) []Member {
	k = DrillKey(k)
	s.Ward = "" // the key names its ward
	t := &Tally{c: newCalc(p, s, &k), stays: map[model.ID]bool{}}
	t.ip = newInpatient(t.c)
	for i := range encs {
		t.Add(&encs[i])
	}
	t.finish()
	return t.c.members
}

// DrillKey is the figure whose members a figure lists: a rate or average
// lists the encounters of its numerator.
func DrillKey(k Key) Key {
	switch k.Figure {
	case FigAvgDailyCensus, FigBedOccupancyRate, FigTurnoverInterval:
		k.Figure = FigServiceDays
	case FigAvgLengthOfStay, FigDischargeDays, FigBedTurnoverRate:
		k.Figure = FigDischarges
	case FigGrossDeathRate, FigNetDeathRate:
		k.Figure = FigDeaths
	case FigPostopDeathRate:
		k.Figure = FigPostopDeaths
	case FigCaesareanRate:
		k.Figure, k.Extra = FigDeliveries, "caesarean"
	}
	return k
}

// Tally works out a period's figures from encounters given one at a time,
// so a year's hundreds of thousands of index entries are counted as they
// are read instead of held at once. Tallies of one period and setup fed
// with disjoint encounters (one per reader) are merged before Figures.
// Add keeps nothing of the encounter it is given: the caller may reuse it.
type Tally struct {
	c     *calc
	ip    *inpatient
	stays map[model.ID]bool // a stay is indexed under each month it touches: counted once
}

// NewTally starts the figures of period p.
func NewTally(p Period, s Setup) *Tally {
	t := &Tally{c: newCalc(p, s, nil), stays: map[model.ID]bool{}}
	t.ip = newInpatient(t.c)
	return t
}

// Add counts one encounter (a stay met again is skipped; a visit is in
// one month only, so it is met once).
func (t *Tally) Add(e *Encounter) {
	c := t.c
	if e.Stay() {
		if t.stays[e.ID] {
			return
		}
		t.stays[e.ID] = true
		t.ip.stay(e)
	}
	if e.Attendance() {
		c.attendance(e)
	}
	c.maternity(e)
	c.morbidity(e)
	c.notifiable(e)
}

// Merge adds the counts of another tally of the same period and setup,
// fed with other encounters.
func (t *Tally) Merge(o *Tally) {
	for k, v := range o.c.f {
		t.c.f[k] += v
	}
	for k, v := range o.c.cells {
		t.c.cells[k] += v
	}
	for g := range o.ip.groups {
		t.ip.groups[g] = true
	}
	for id := range o.stays {
		t.stays[id] = true
	}
	t.c.members = append(t.c.members, o.c.members...)
}

// Figures works out the rates and totals; the tally is spent.
func (t *Tally) Figures() Figures {
	t.finish()
	return t.c.f
}

func (t *Tally) finish() {
	c := t.c
	c.flushCells()
	t.ip.finish()
	c.finishOutpatient()
	c.finishMaternity()
	c.finishMorbidity()
	c.finishNotifiable()
	if c.s.Ward != "" {
		for k := range c.f {
			if k.Ward != c.s.Ward {
				delete(c.f, k)
			}
		}
	}
}
