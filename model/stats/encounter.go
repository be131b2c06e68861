package stats

import (
	"time"

	"dossier/model"
)

// Encounter is what the statistics count of one visit or stay: the
// storage's date index keeps one per encounter, sealed, under each month
// it touches, so a period's figures read only that period's months.
type Encounter struct {
	ID, Patient model.ID
	Type        model.EncounterType
	Sex         string    // "F", "M", "U"
	Birth       time.Time // the birth date (UTC midnight); zero when unknown
	Start, End  time.Time // admission or visit; discharge (zero: still admitted)
	Ward        string    // the admitting ward as typed
	Moves       []Move    // transfers between wards, in order
	Disposition string    // how the stay ended (clinical.Disposition's stored value)
	// NewYear and NewEver mark an outpatient attendance that is the
	// patient's first at this facility in its calendar year, and ever.
	NewYear, NewEver bool
	Codes            []Code
}

// Move is a transfer to another ward at a time.
type Move struct {
	At time.Time
	To string
}

// Code is one coded item: a compact code (no dot, upper case), whether it
// is a procedure, whether it is the principal diagnosis, and for a
// procedure the day it was done (UTC midnight; zero when not recorded).
type Code struct {
	Code      string
	Proc      bool
	Principal bool
	Done      time.Time
}

// Compact is a code as the index keeps it: upper case, no dot or spaces.
func Compact(code string) string {
	b := make([]byte, 0, len(code))
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '.' || c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// Stay reports an inpatient stay.
func (e Encounter) Stay() bool { return e.Type == model.EncInpatient }

// Attendance reports an outpatient or emergency attendance.
func (e Encounter) Attendance() bool {
	return e.Type == model.EncOutpatient || e.Type == model.EncEmergency
}

// Died reports a stay that ended in death.
func (e Encounter) Died() bool { return e.Disposition == "died" && !e.End.IsZero() }

// HasProcedure reports a coded procedure on the encounter.
func (e Encounter) HasProcedure() bool {
	for _, c := range e.Codes {
		if c.Proc && c.Code != "" {
			return true
		}
	}
	return false
}

// DiedAfterProcedure reports a death within 10 days of a coded procedure:
// counted from the last procedure done on or before the day of death, or
// from the admission for a procedure whose day was not recorded.
func (e Encounter) DiedAfterProcedure() bool {
	if !e.Died() {
		return false
	}
	const window = 10 * 24 * time.Hour
	death := e.End
	deathDay := time.Date(death.Year(), death.Month(), death.Day(), 0, 0, 0, 0, time.UTC)
	for _, c := range e.Codes {
		if !c.Proc || c.Code == "" {
			continue
		}
		from := e.Start
		if !c.Done.IsZero() {
			if c.Done.After(deathDay) {
				continue
			}
			from = c.Done
			if deathDay.Sub(from) <= window {
				return true
			}
			continue
		}
		if death.Sub(from) <= window {
			return true
		}
	}
	return false
}

// Principal is the principal diagnosis's code, else the first coded
// diagnosis, else "".
func (e Encounter) Principal() string {
	first := ""
	for _, c := range e.Codes {
		if c.Proc || c.Code == "" {
			continue
		}
		if c.Principal {
			return c.Code
		}
		if first == "" {
			first = c.Code
		}
	}
	return first
}

// Months lists the months (year*12 + month-1) an encounter touches, in
// loc: a visit its own; a stay each month from admission to discharge.
// open is true for a stay not yet discharged (it touches every month
// from its admission on, which the index keeps apart).
func (e Encounter) Months(loc *time.Location) (months []int, open bool) {
	first := monthNo(e.Start.In(loc))
	if !e.Stay() {
		return []int{first}, false
	}
	if e.End.IsZero() {
		return []int{first}, true
	}
	last := monthNo(e.End.In(loc))
	for m := first; m <= last; m++ {
		months = append(months, m)
	}
	return months, false
}

func monthNo(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// MonthsOf lists the months a period covers (see Encounter.Months).
func (p Period) Months() []int {
	var out []int
	for m := monthNo(p.From); m <= monthNo(p.To); m++ {
		out = append(out, m)
	}
	return out
}

// MonthLabel is a month number as "2026-11".
func MonthLabel(m int) string {
	return time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
