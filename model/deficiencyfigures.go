package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Chart-completion figures (issue 16 item 4): the delinquency rate, the
// accreditation measure that must stay under 50%, by month and by
// clinician; the median days from discharge to a complete record; and the
// deficiencies by type.
//
// What counts:
//   - A record is one encounter (a stay or a visit); a deficiency with no
//     encounter (a document not filed to one) counts as a record of its
//     patient, as the desk does.
//   - A deficiency is open at an instant t when it was raised by then
//     (Since ≤ t) and it is still open, or was closed (done, checked or
//     waived) after t. Only its latest revision is read: a deficiency that
//     was closed and opened again counts as open from its Since.
//   - A record is delinquent at t when one of its deficiencies is open at t
//     and t is at least the clinic's delinquency days after its discharge.
//     Only discharged stays count toward the rate, as only they are in the
//     denominator (discharges): a visit's deficiencies age on the desk but
//     are left out of the accreditation measure.
//   - A month's delinquent records are those delinquent at the month's end
//     (or at now, for the month still running).
//   - The delinquency rate of a month is its delinquent records ÷ the
//     average monthly discharges over the period; the period's rate (and a
//     clinician's) is the average monthly delinquent records ÷ the average
//     monthly discharges (that clinician's). With no discharges the rate
//     is undefined (Rate returns ok false), never a division by zero.
//   - A record is complete when every deficiency it has is closed; it
//     completes at the latest ClosedAt. Only discharged stays completed in
//     the period count toward the median days from discharge to complete.
//   - Deficiencies by type count those raised in the period, by rule.

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month t falls in, in t's zone.
func MonthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Month{}, Errorf(Invalid, "%q is not a month as YYYY-MM", s)
	}
	return MonthOf(t), nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Start is the month's first instant in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is the first instant of the next month in loc.
func (m Month) End(loc *time.Location) time.Time { return m.Start(loc).AddDate(0, 1, 0) }

// Next is the month after.
func (m Month) Next() Month { return MonthOf(m.Start(time.UTC).AddDate(0, 1, 0)) }

// Before reports m earlier than o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// Discharge is one stay's end, as the figures count it.
type Discharge struct {
	At          time.Time
	ClinicianID ID     // the attending clinician's user, when known
	Clinician   string // their name as shown (free text on old records)
}

// FiguresInput is what the figures are computed from.
type FiguresInput struct {
	From, To       Month // inclusive
	Loc            *time.Location
	Now            time.Time // a month still running is measured at now
	DelinquentDays int
	Deficiencies   []Deficiency
	Discharges     []Discharge
}

// MonthFigure is one month of the period.
type MonthFigure struct {
	Month      Month
	Discharges int
	Delinquent int     // records delinquent at the month's end
	Rate       float64 // Delinquent ÷ the period's average monthly discharges
	HasRate    bool    // false: no discharges in the period
}

// ClinicianFigure is one clinician's share.
type ClinicianFigure struct {
	ClinicianID   ID
	Name          string
	Discharges    int     // over the period
	AvgDelinquent float64 // average monthly delinquent records
	Rate          float64
	HasRate       bool
}

// RuleFigure is how many deficiencies of one type were raised in the period.
type RuleFigure struct {
	Rule   RuleCode
	Raised int
	Open   int // of those, still open
}

// Figures are the chart-completion figures of a period.
type Figures struct {
	From, To       Month
	Months         []MonthFigure
	AvgDischarges  float64
	AvgDelinquent  float64
	Rate           float64
	HasRate        bool
	Clinicians     []ClinicianFigure // highest rate first
	Completed      int               // discharged stays completed in the period
	MedianDays     float64           // discharge to complete; 0 when none
	ByRule         []RuleFigure      // most raised first
	DelinquentDays int
}

// Rate divides delinquent records by average monthly discharges; ok false
// when there were no discharges.
func Rate(delinquent, avgDischarges float64) (rate float64, ok bool) {
	if avgDischarges <= 0 {
		return 0, false
	}
	return delinquent / avgDischarges, true
}

// Median of the values (the mean of the two middle ones for an even
// count); 0 for none.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// OpenAt reports the deficiency open at t (see the rules above).
func (d Deficiency) OpenAt(t time.Time) bool {
	if d.Since.After(t) {
		return false
	}
	return d.Status == DefOpen || d.ClosedAt.After(t)
}

// DelinquentAt reports the deficiency making its record delinquent at t.
func (d Deficiency) DelinquentAt(t time.Time, delinquentDays int) bool {
	return d.OpenAt(t) && d.AgeDays(t) >= delinquentDays
}

// RecordOf is the record a deficiency belongs to: its encounter, else its
// patient.
func (d Deficiency) RecordOf() ID {
	if d.EncounterID.IsZero() {
		return d.PatientID
	}
	return d.EncounterID
}

// clinicianKey groups a clinician by user, or by the name on old records.
func clinicianKey(id ID, name string) string {
	if !id.IsZero() {
		return "u" + id.String()
	}
	return "n" + strings.ToLower(strings.TrimSpace(name))
}

// ComputeFigures computes the figures of in's period.
func ComputeFigures(in FiguresInput) Figures {
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	f := Figures{From: in.From, To: in.To, DelinquentDays: in.DelinquentDays}
	var months []Month
	for m := in.From; !in.To.Before(m); m = m.Next() {
		months = append(months, m)
	}
	if len(months) == 0 {
		return f
	}
	start, end := in.From.Start(loc), in.To.End(loc)
	idx := map[Month]int{}
	for i, m := range months {
		idx[m] = i
	}
	type clin struct {
		id         ID
		name       string
		discharges int
		delinquent int // summed over months
	}
	clins := map[string]*clin{}
	clinOf := func(id ID, name string) (string, *clin) {
		k := clinicianKey(id, name)
		c := clins[k]
		if c == nil {
			if strings.TrimSpace(name) == "" {
				name = "(no attending named)"
			}
			c = &clin{id: id, name: name}
			clins[k] = c
		}
		return k, c
	}
	f.Months = make([]MonthFigure, len(months))
	total := 0
	for _, d := range in.Discharges {
		if d.At.Before(start) || !d.At.Before(end) {
			continue
		}
		f.Months[idx[MonthOf(d.At.In(loc))]].Discharges++
		_, c := clinOf(d.ClinicianID, d.Clinician)
		c.discharges++
		total++
	}
	f.AvgDischarges = float64(total) / float64(len(months))

	delinquentSum := 0
	for i, m := range months {
		at := m.End(loc)
		if !in.Now.IsZero() && in.Now.Before(at) {
			at = in.Now
		}
		f.Months[i].Month = m
		records := map[ID]bool{}
		byClin := map[string]map[ID]bool{}
		for _, d := range in.Deficiencies {
			if d.Discharge.IsZero() || !d.DelinquentAt(at, in.DelinquentDays) {
				continue
			}
			records[d.RecordOf()] = true
			if d.Role == RoleClinician {
				k, _ := clinOf(d.UserID, d.UserName)
				if byClin[k] == nil {
					byClin[k] = map[ID]bool{}
				}
				byClin[k][d.RecordOf()] = true
			}
		}
		f.Months[i].Delinquent = len(records)
		delinquentSum += len(records)
		for k, recs := range byClin {
			clins[k].delinquent += len(recs)
		}
	}
	for i := range f.Months {
		f.Months[i].Rate, f.Months[i].HasRate = Rate(float64(f.Months[i].Delinquent), f.AvgDischarges)
	}
	f.AvgDelinquent = float64(delinquentSum) / float64(len(months))
	f.Rate, f.HasRate = Rate(f.AvgDelinquent, f.AvgDischarges)
	for _, c := range clins {
		cf := ClinicianFigure{ClinicianID: c.id, Name: c.name, Discharges: c.discharges,
			AvgDelinquent: float64(c.delinquent) / float64(len(months))}
		cf.Rate, cf.HasRate = Rate(cf.AvgDelinquent, float64(c.discharges)/float64(len(months)))
		f.Clinicians = append(f.Clinicians, cf)
	}
	slices.SortFunc(f.Clinicians, func(a, b ClinicianFigure) int {
		return cmp.Or(cmp.Compare(b.Rate, a.Rate), cmp.Compare(b.AvgDelinquent, a.AvgDelinquent), strings.Compare(a.Name, b.Name))
	})

	// Completion: a record is complete once none of its deficiencies is open.
	type rec struct {
		discharge time.Time
		done      time.Time
		open      bool
	}
	recs := map[ID]*rec{}
	rules := map[RuleCode]*RuleFigure{}
	for _, d := range in.Deficiencies {
		if !d.Since.Before(start) && d.Since.Before(end) {
			r := rules[d.Rule]
			if r == nil {
				r = &RuleFigure{Rule: d.Rule}
				rules[d.Rule] = r
			}
			r.Raised++
			if d.Status == DefOpen {
				r.Open++
			}
		}
		if d.Discharge.IsZero() || d.EncounterID.IsZero() {
			continue
		}
		r := recs[d.EncounterID]
		if r == nil {
			r = &rec{discharge: d.Discharge}
			recs[d.EncounterID] = r
		}
		if d.Status == DefOpen {
			r.open = true
		} else if d.ClosedAt.After(r.done) {
			r.done = d.ClosedAt
		}
	}
	var days []float64
	for _, r := range recs {
		if r.open || r.done.IsZero() || r.done.Before(start) || !r.done.Before(end) {
			continue
		}
		days = append(days, float64(max(0, int(r.done.Sub(r.discharge)/(24*time.Hour)))))
	}
	f.Completed, f.MedianDays = len(days), Median(days)
	for _, r := range rules {
		f.ByRule = append(f.ByRule, *r)
	}
	slices.SortFunc(f.ByRule, func(a, b RuleFigure) int {
		return cmp.Or(cmp.Compare(b.Raised, a.Raised), strings.Compare(string(a.Rule), string(b.Rule)))
	})
	return f
}
