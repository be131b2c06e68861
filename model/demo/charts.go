package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/model"
)

type staff struct{ name, user string }

var (
	doctors  = []staff{{"Dr. Achieng", "dr.achieng"}, {"Dr. Mwesigwa", "dr.mwesigwa"}, {"Dr. Sharma", "dr.sharma"}, {"Dr. Quispe", "dr.quispe"}}
	officers = []staff{{"CO Mugisha", "co.mugisha"}, {"CO Otieno", "co.otieno"}, {"CO Nansubuga", "co.nansubuga"},
		{"CO Waiswa", "co.waiswa"}, {"CO Kiprono", "co.kiprono"}}
	nurses   = []staff{{"Nurse Auma", "nurse.auma"}, {"Nurse Nakato", "nurse.nakato"}, {"Nurse Wanjiru", "nurse.wanjiru"}, {"Nurse Chebet", "nurse.chebet"}}
	midwives = []staff{{"Midwife Nabirye", "mw.nabirye"}, {"Midwife Akello", "mw.akello"}}
)

// Encounters per patient, 0–6, averaging about two: most people come once or
// twice, a few keep coming back.
var visitCountCum = cumulative([]float64{15, 30, 22, 15, 9, 5, 4})

// chronicRisks: a patient with a chronic condition keeps coming back for it,
// so their chart reads like a follow-up series rather than random visits.
var chronicRisks = []struct {
	key    string
	minAge int
	p      float64
}{{"hypertension", 35, 0.15}, {"diabetes", 35, 0.05}, {"hiv", 15, 0.06}, {"asthma", 2, 0.03}, {"epilepsy", 2, 0.01}}

var conditionIndex = func() map[string]int {
	m := make(map[string]int, len(conditions))
	for i, c := range conditions {
		m[c.key] = i
	}
	return m
}()

var encounterTypes = [3]model.EncounterType{model.EncOutpatient, model.EncInpatient, model.EncEmergency}

// chartYears is how far back the clinic's records go.
const chartYears = 8

// visits appends patient i's encounters, oldest first. The chart stream is
// separate from the patient stream, so Charts never changes the patients.
func (g *generator) visits(i int, p *model.Patient, out []Visit) []Visit {
	g.reseed(i, saltChart)
	r := g.r
	n := pickWeighted(r, visitCountCum)
	if n == 0 || p.BirthDate.IsZero() {
		return out
	}
	birth := p.BirthDate.Time()
	loc := g.today.Location()
	lo := g.today.AddDate(-chartYears, 0, 0)
	if birth.After(lo) {
		lo = birth
	}
	ly, lm, ld := lo.In(loc).Date()
	span := int(g.today.Sub(time.Date(ly, lm, ld, 0, 0, 0, 0, loc)) / (24 * time.Hour))

	chronic := -1
	age := p.BirthDate.AgeYears(g.today)
	for _, cr := range chronicRisks {
		if age >= cr.minAge && chance(r, cr.p) {
			chronic = conditionIndex[cr.key]
			break
		}
	}
	begin := len(out)
	for range n {
		day := time.Date(ly, lm, ld+r.IntN(span+1), 0, 0, 0, 0, loc)
		ci := g.chooseCondition(p.Sex, max(0, p.BirthDate.AgeYears(day)), chronic)
		out = append(out, g.visit(i, p, day, birth, ci, chronic))
	}
	slices.SortStableFunc(out[begin:], func(a, b Visit) int { return a.Encounter.Start.Compare(b.Encounter.Start) })
	return out
}

func eligible(c *condition, sex model.Sex, age int) bool {
	return age >= c.minAge && age <= c.maxAge && (!c.women || sex == model.SexFemale)
}

func (g *generator) chooseCondition(sex model.Sex, age, chronic int) int {
	if chronic >= 0 && g.r.IntN(2) == 0 && eligible(&conditions[chronic], sex, age) {
		return chronic
	}
	var buf [64]float64
	cum := buf[:0]
	total := 0.0
	for k := range conditions {
		if eligible(&conditions[k], sex, age) {
			total += conditions[k].weight
		}
		cum = append(cum, total)
	}
	return pickWeighted(g.r, cum)
}

func (g *generator) visit(i int, p *model.Patient, day, birth time.Time, ci, chronic int) Visit {
	r := g.r
	c := &conditions[ci]
	cum := cumulative(c.types[:])
	typ := encounterTypes[pickWeighted(r, cum)]

	var hour int
	switch typ {
	case model.EncOutpatient:
		hour = 8 + r.IntN(9)
	case model.EncInpatient:
		hour = 7 + r.IntN(16)
	default:
		hour = r.IntN(24)
	}
	start := day.Add(time.Duration(hour)*time.Hour + time.Duration(r.IntN(60))*time.Minute)
	if start.Before(birth) {
		start = birth
	}
	if start.After(g.today) {
		start = g.today
	}
	e := model.Encounter{Type: typ, Start: start, Reason: pick(r, c.reason), Diagnoses: []string{pick(r, c.dx)}}
	if chronic >= 0 && chronic != ci && r.IntN(4) == 0 {
		e.Diagnoses = append(e.Diagnoses, conditions[chronic].dx[0])
	}

	var who staff
	switch {
	case c.midwife && typ != model.EncEmergency && r.IntN(5) > 0:
		who = midwives[r.IntN(len(midwives))]
	case typ == model.EncInpatient && r.IntN(20) < 13, typ == model.EncEmergency && r.IntN(5) < 2,
		typ == model.EncOutpatient && r.IntN(10) == 0:
		who = doctors[r.IntN(len(doctors))]
	case typ == model.EncOutpatient && r.IntN(5) == 0:
		who = nurses[r.IntN(len(nurses))]
	default:
		who = officers[r.IntN(len(officers))]
	}
	e.Clinician = who.name

	switch typ {
	case model.EncInpatient:
		e.Ward = c.ward
		if e.Ward == "" {
			e.Ward = medicalWard(r.IntN(2) == 0, p.Sex, p.BirthDate.AgeYears(start))
		}
		lo, hi := max(1, c.stay[0]), max(1, c.stay[1])
		days := lo + r.IntN(hi-lo+1)
		sy, sm, sd := start.Date()
		end := time.Date(sy, sm, sd+days, 9+r.IntN(7), r.IntN(60), 0, 0, start.Location())
		// A stay that would end after today is still going on: leaving End
		// empty gives the demo a ward with patients in it.
		if !end.After(g.today) {
			e.End = end
		}
	case model.EncEmergency:
		e.End = start.Add(time.Duration(1+r.IntN(6)) * time.Hour)
		if e.End.After(g.today) {
			e.End = g.today
		}
	}
	return Visit{Patient: i, Encounter: e, Notes: g.notes(c, e, who)}
}

func medicalWard(coin bool, sex model.Sex, age int) string {
	switch {
	case age < 13:
		return "Paediatric"
	case sex == model.SexFemale, sex != model.SexMale && coin:
		return "Female Medical"
	}
	return "Male Medical"
}

var noteCountCum = map[model.EncounterType][]float64{
	model.EncOutpatient: cumulative([]float64{25, 65, 10}),
	model.EncEmergency:  cumulative([]float64{0, 80, 20}),
	model.EncInpatient:  cumulative([]float64{0, 30, 70}),
}

// notes writes what the clinician and the ward wrote during the encounter,
// each timed within it.
func (g *generator) notes(c *condition, e model.Encounter, who staff) []model.Note {
	r := g.r
	n := pickWeighted(r, noteCountCum[e.Type])
	if n == 0 {
		return nil
	}
	hi := e.End
	if hi.IsZero() {
		hi = g.today
		if e.Type != model.EncInpatient {
			hi = minTime(e.Start.Add(4*time.Hour), g.today)
		}
	}
	within := func(d time.Duration) time.Time { return minTime(e.Start.Add(d), hi) }

	out := make([]model.Note, 0, n)
	out = append(out, model.Note{Title: "Clinical note", Text: g.clinicalText(c), Author: who.user,
		Written: within(time.Duration(10+r.IntN(80)) * time.Minute)})
	if n < 2 {
		return out
	}
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		return append(out, model.Note{Title: "Discharge summary", Text: g.dischargeText(c, e), Author: who.user, Written: e.End})
	}
	span := hi.Sub(e.Start)
	nurse := nurses[r.IntN(len(nurses))]
	return append(out, model.Note{Title: "Nursing note", Text: g.nursingText(), Author: nurse.user,
		Written: within(time.Duration(r.Int64N(int64(span/time.Minute)+1)) * time.Minute)})
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

// clinicalText is 1–4 sentences in the order clinicians write them:
// history, examination, plan, advice.
func (g *generator) clinicalText(c *condition) string {
	r := g.r
	k := 1 + r.IntN(4)
	parts := make([]string, 0, 4)
	parts = append(parts, g.expand(pick(r, c.history)))
	if k >= 3 {
		parts = append(parts, g.expand(pick(r, c.exam)))
	}
	if k >= 2 {
		parts = append(parts, g.expand(pick(r, c.plan)))
	}
	if k == 4 {
		parts = append(parts, pick(r, closingLines))
	}
	return strings.Join(parts, " ")
}

func (g *generator) dischargeText(c *condition, e model.Encounter) string {
	treat := c.discharge
	if treat == "" {
		treat = pick(g.r, c.plan)
	}
	return g.expand("Admitted with " + lowerFirst(e.Reason) + ". Diagnosis: " + e.Diagnoses[0] + ". " + treat +
		" Discharged home in good condition, review in {n} days.")
}

func (g *generator) nursingText() string {
	r := g.r
	k := 1 + r.IntN(3)
	first := r.IntN(len(nursingLines))
	parts := make([]string, 0, k)
	for j := range k {
		parts = append(parts, g.expand(nursingLines[(first+j*3)%len(nursingLines)]))
	}
	return strings.Join(parts, " ")
}

// lowerFirst lower-cases a sentence start but leaves acronyms like ANC alone.
func lowerFirst(s string) string {
	if len(s) > 1 && s[1] >= 'a' && s[1] <= 'z' && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// expand fills a template's placeholders with plausible clinical values.
func (g *generator) expand(t string) string {
	r := g.r
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i+1 : i+j] {
		case "n":
			b.WriteString(strconv.Itoa(2 + r.IntN(6)))
		case "t":
			b.WriteString(tenths(376 + r.IntN(27)))
		case "p":
			b.WriteString(strconv.Itoa(88 + r.IntN(45)))
		case "rr":
			b.WriteString(strconv.Itoa(28 + r.IntN(30)))
		case "bp":
			b.WriteString(strconv.Itoa(150+r.IntN(50)) + "/" + strconv.Itoa(95+r.IntN(25)))
		case "bpn":
			b.WriteString(strconv.Itoa(100+r.IntN(30)) + "/" + strconv.Itoa(60+r.IntN(25)))
		case "spo2":
			b.WriteString(strconv.Itoa(86 + r.IntN(9)))
		case "hb":
			b.WriteString(tenths(45 + r.IntN(61)))
		case "g":
			b.WriteString(tenths(80 + r.IntN(141)))
		case "pct":
			b.WriteString(strconv.Itoa(5 + r.IntN(21)))
		case "ga":
			b.WriteString(strconv.Itoa(12 + r.IntN(27)))
		case "muac":
			b.WriteString(tenths(95 + r.IntN(30)))
		default:
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

func tenths(v int) string { return strconv.Itoa(v/10) + "." + strconv.Itoa(v%10) }
