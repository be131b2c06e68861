package stats

import (
	"fmt"
	"time"

	"dossier/model"
)

// The inpatient service statistics. The formulas (README, "Statistics"):
//
//	service days      each day of the period, the patients in at midnight,
//	                  plus those admitted and discharged the same day; a
//	                  patient counts on the ward they are in at midnight, so
//	                  a transfer counts on the receiving ward
//	discharge days    for each discharge in the period, discharge day −
//	                  admission day (1 for a same-day stay), on the ward
//	                  discharged from
//	bed days          each day, the beds (bassinets for newborns) in the
//	                  complement that day less the closed ones
//	beds              bed days ÷ days
//	avg daily census  service days ÷ days
//	occupancy %       service days ÷ bed days × 100
//	ALOS              discharge days ÷ discharges (deaths included)
//	turnover rate     discharges ÷ beds
//	turnover interval (bed days − service days) ÷ discharges
//	gross death %     deaths ÷ discharges × 100
//	net death %       (deaths − deaths < 48 h) ÷ (discharges − deaths < 48 h) × 100
//	post-op death %   deaths within 10 days of a coded procedure (of the day
//	                  it was done; of the admission where that is not
//	                  recorded) ÷ discharges with a coded procedure × 100
//
// Newborns (a stay that starts on the patient's birth date: born here)
// are counted apart (Key.Age AgeNewborn) with the bassinets; the rest,
// adults and children, under Age "".
type inpatient struct {
	c      *calc
	groups map[[2]string]bool // ward, age group with any figure
}

func newInpatient(c *calc) *inpatient { return &inpatient{c: c, groups: map[[2]string]bool{}} }

// wardOnDay is where the stay is at midnight ending day d.
func (ip *inpatient) wardOnDay(e *Encounter, d int) string {
	w := e.Ward
	for _, m := range e.Moves {
		if ip.c.dayOf(m.At) <= d {
			w = m.To
		}
	}
	return ip.c.wardOf(w)
}

// keys is a figure on the ward and on the facility.
func (ip *inpatient) keys(fig, ward, age, extra string) []Key {
	ip.groups[[2]string{ward, age}] = true
	ip.groups[[2]string{"", age}] = true
	if ward == "" { // a stay with no ward named counts for the facility only (once, not twice)
		return []Key{{Figure: fig, Age: age, Extra: extra}}
	}
	return []Key{{Figure: fig, Ward: ward, Age: age, Extra: extra}, {Figure: fig, Age: age, Extra: extra}}
}

func (ip *inpatient) stay(e *Encounter) {
	c := ip.c
	a := c.dayOf(e.Start)
	d := int(^uint(0) >> 1) // open: discharged after any period
	if !e.End.IsZero() {
		d = c.dayOf(e.End)
	}
	if a > c.to || d < c.from {
		return
	}
	age := ""
	if !e.Birth.IsZero() && civil(e.Birth) == a {
		age = AgeNewborn
	}
	if c.inPeriod(a) {
		c.add(e, 1, func() string { return "admitted " + dayLabel(a) + " to " + e.Ward }, ip.keys(FigAdmissions, c.wardOf(e.Ward), age, "")...)
	}
	from := e.Ward
	for _, m := range e.Moves {
		if md := c.dayOf(m.At); c.inPeriod(md) {
			left, to := from, m.To
			why := func() string { return fmt.Sprintf("moved %s from %s to %s", dayLabel(md), left, to) }
			c.add(e, 1, why, ip.keys(FigTransfersOut, c.wardOf(left), age, "")...)
			c.add(e, 1, why, ip.keys(FigTransfersIn, c.wardOf(to), age, "")...)
		}
		from = m.To
	}
	// Service days: the midnights in the period, or the one day of a
	// same-day stay.
	first, last := max(a, c.from), min(d-1, c.to)
	if a == d && c.inPeriod(a) {
		first, last = a, a
	}
	for day := first; day <= last; {
		w := ip.wardOnDay(e, day)
		run := day
		for run < last && ip.wardOnDay(e, run+1) == w {
			run++
		}
		n := float64(run - day + 1)
		c.add(e, n, func() string { return fmt.Sprintf("%g service day(s) %s to %s", n, dayLabel(day), dayLabel(run)) }, ip.keys(FigServiceDays, w, age, "")...)
		day = run + 1
	}
	if c.inPeriod(d) {
		w := ip.wardOnDay(e, d)
		los := float64(max(d-a, 1))
		why := func() string {
			return fmt.Sprintf("discharged %s (%s) after %g day(s)", dayLabel(d), e.Disposition, los)
		}
		c.add(e, 1, why, ip.keys(FigDischarges, w, age, "")...)
		outcome := e.Disposition
		if outcome == "" {
			outcome = "unknown"
		}
		c.add(e, 1, why, ip.keys(FigDischarges, w, age, outcome)...)
		c.add(e, los, why, ip.keys(FigDischargeDays, w, age, "")...)
		operated := e.HasProcedure()
		if operated {
			c.add(e, 1, func() string { return why() + ", with a coded procedure" }, ip.keys(FigOperatedDischarges, w, age, "")...)
		}
		if e.Died() {
			lived := e.End.Sub(e.Start)
			c.add(e, 1, func() string { return "died " + dayLabel(d) }, ip.keys(FigDeaths, w, age, "")...)
			if lived < 48*time.Hour {
				c.add(e, 1, func() string { return fmt.Sprintf("died %s, %.0f h after admission", dayLabel(d), lived.Hours()) }, ip.keys(FigDeathsUnder48h, w, age, "")...)
			}
			if e.DiedAfterProcedure() {
				c.add(e, 1, func() string { return "died " + dayLabel(d) + " within 10 days of a coded procedure" }, ip.keys(FigPostopDeaths, w, age, "")...)
			}
		}
	} else if d > c.to {
		c.add(e, 1, func() string { return "still admitted at the end of " + dayLabel(c.to) }, ip.keys(FigPatientsAtMidnight, ip.wardOnDay(e, c.to), age, "")...)
	}
}

// finish adds the bed days of the wards and works out the rates of every
// ward and the facility.
func (ip *inpatient) finish() {
	c := ip.c
	days := float64(c.to - c.from + 1)
	// The facility's counts exist even in a month without a stay: a return
	// sends 0 admissions, not a gap. Rates without a denominator stay absent.
	ip.groups[[2]string{"", ""}] = true
	for _, w := range c.s.Wards {
		var beds, cots float64
		for day := c.from; day <= c.to; day++ {
			b, n := w.BedsOn(dateOfDay(day))
			beds += float64(b)
			cots += float64(n)
		}
		if beds > 0 || !w.Retired {
			c.f[Key{Figure: FigBedDaysAvailable, Ward: w.ID}] += beds
			c.f[Key{Figure: FigBedDaysAvailable}] += beds
			ip.groups[[2]string{w.ID, ""}], ip.groups[[2]string{"", ""}] = true, true
		}
		if cots > 0 {
			c.f[Key{Figure: FigBedDaysAvailable, Ward: w.ID, Age: AgeNewborn}] += cots
			c.f[Key{Figure: FigBedDaysAvailable, Age: AgeNewborn}] += cots
			ip.groups[[2]string{w.ID, AgeNewborn}], ip.groups[[2]string{"", AgeNewborn}] = true, true
		}
	}
	for g := range ip.groups {
		k := func(fig string) Key { return Key{Figure: fig, Ward: g[0], Age: g[1]} }
		for _, fig := range []string{FigAdmissions, FigTransfersIn, FigTransfersOut, FigDischarges, FigDeaths,
			FigDeathsUnder48h, FigPostopDeaths, FigServiceDays, FigDischargeDays, FigBedDaysAvailable,
			FigPatientsAtMidnight, FigOperatedDischarges} {
			c.zero(k(fig))
		}
		f := c.f
		sd, avail, disch := f[k(FigServiceDays)], f[k(FigBedDaysAvailable)], f[k(FigDischarges)]
		deaths, early := f[k(FigDeaths)], f[k(FigDeathsUnder48h)]
		beds := avail / days
		f[k(FigBeds)] = beds
		f[k(FigAvgDailyCensus)] = sd / days
		if avail > 0 {
			f[k(FigBedOccupancyRate)] = sd / avail * 100
		}
		if disch > 0 {
			f[k(FigAvgLengthOfStay)] = f[k(FigDischargeDays)] / disch
			f[k(FigTurnoverInterval)] = (avail - sd) / disch
			f[k(FigGrossDeathRate)] = deaths / disch * 100
		}
		if beds > 0 {
			f[k(FigBedTurnoverRate)] = disch / beds
		}
		if disch-early > 0 {
			f[k(FigNetDeathRate)] = (deaths - early) / (disch - early) * 100
		}
		if op := f[k(FigOperatedDischarges)]; op > 0 {
			f[k(FigPostopDeathRate)] = f[k(FigPostopDeaths)] / op * 100
		}
	}
}

// dateOfDay is a civil day number as a model.Date.
func dateOfDay(day int) (d model.Date) {
	t := time.Unix(int64(day)*86400, 0).UTC()
	d.Year, d.Month, d.Day = t.Date()
	return d
}
