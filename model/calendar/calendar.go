// Package calendar converts dates between the Gregorian calendar, in which
// Dossier stores every date, and the calendars clinics write dates in
// (today the Ethiopian one). Standard library only.
//
// Every calendar counts days the same way, by a day number (days since
// 1 January 1970 Gregorian), so a calendar only has to say how its own
// dates map to day numbers and how long its months are; conversion,
// formatting, parsing and month periods are written once, here.
package calendar

import "time"

// Date is a day in some calendar: which one is the caller's to know (a
// Date alone is never stored). Months count from 1.
type Date struct {
	Year, Month, Day int
}

// Calendar is a way of naming days.
type Calendar interface {
	// ID is the setting's stored value: append-only, never renamed.
	ID() string
	// ToDays is the day number of d, which must be Valid.
	ToDays(d Date) int
	// FromDays is the date of a day number.
	FromDays(n int) Date
	// MonthsIn is the number of months of a year (13 in the Ethiopian).
	MonthsIn(year int) int
	// DaysIn is the length of a month.
	DaysIn(year, month int) int
	// MonthNames are the names of the months, first month first, in the
	// calendar's usual Latin spelling and, when it has one, its own script;
	// Aliases are further spellings the parser accepts.
	MonthNames() (latin, native []string)
	Aliases() map[string]int
}

// Gregorian and Ethiopian are the calendars a clinic can choose.
var (
	Gregorian Calendar = gregorian{}
	Ethiopian Calendar = ethiopian{}
)

// All lists the calendars in the order settings offer them.
var All = []Calendar{Gregorian, Ethiopian}

// Lookup is the calendar with the ID, and whether there is one.
func Lookup(id string) (Calendar, bool) {
	for _, c := range All {
		if c.ID() == id {
			return c, true
		}
	}
	return nil, false
}

// ByID is the calendar a setting names; an empty or unknown ID is
// Gregorian, so a missing setting never stops data entry.
func ByID(id string) Calendar {
	if c, ok := Lookup(id); ok {
		return c
	}
	return Gregorian
}

// Valid reports whether d is a day of c.
func Valid(c Calendar, d Date) bool {
	return d.Month >= 1 && d.Month <= c.MonthsIn(d.Year) && d.Day >= 1 && d.Day <= c.DaysIn(d.Year, d.Month)
}

// DaysOf is the day number of a Gregorian day (only its year, month and
// day count, not its time or zone).
func DaysOf(t time.Time) int {
	u := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int(floorDiv(u.Unix(), 86400))
}

// TimeOf is the Gregorian day of a day number, at midnight UTC.
func TimeOf(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// FromGregorian is the date in c of a Gregorian day.
func FromGregorian(c Calendar, y int, m time.Month, d int) Date {
	return c.FromDays(DaysOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
}

// ToGregorian is the Gregorian day of d in c.
func ToGregorian(c Calendar, d Date) (y int, m time.Month, day int) {
	t := TimeOf(c.ToDays(d))
	return t.Year(), t.Month(), t.Day()
}

// MonthOf is the month of c a Gregorian day falls in, as the day numbers
// of its first and last days: an Ethiopian month is a reporting period in
// Ethiopia, so statistics count by it.
func MonthOf(c Calendar, t time.Time) (d Date, first, last int) {
	d = c.FromDays(DaysOf(t))
	first = c.ToDays(Date{d.Year, d.Month, 1})
	return d, first, first + c.DaysIn(d.Year, d.Month) - 1
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

type gregorian struct{}

func (gregorian) ID() string { return "gregorian" }

func (gregorian) ToDays(d Date) int {
	return DaysOf(time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC))
}

func (gregorian) FromDays(n int) Date {
	t := TimeOf(n)
	return Date{t.Year(), int(t.Month()), t.Day()}
}

func (gregorian) MonthsIn(int) int { return 12 }

func (gregorian) DaysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (gregorian) MonthNames() (latin, native []string) {
	for m := time.January; m <= time.December; m++ {
		latin = append(latin, m.String())
	}
	return latin, nil
}

func (gregorian) Aliases() map[string]int {
	return map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
		"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
}
