package clinical

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/calendar"
)

// A clinic in Ethiopia writes dates in the Ethiopian calendar; Dossier
// stores every date Gregorian. The calendar travels with the date order
// (every form, list and PDF already asks for the order), as "DMY@ethiopian":
// only in memory, since the clinic's settings keep the two apart.
const calendarSep = "@"

// ClinicOrder is how the clinic writes dates: its order, in its calendar.
func ClinicOrder(c model.Clinic) DateOrder {
	return DateOrder(c.DateOrder).orDefault().WithCalendar(c.Calendar)
}

// WithCalendar is o reading and writing dates in the calendar with the ID
// (model/calendar); "" and "gregorian" are the plain order.
func (o DateOrder) WithCalendar(id string) DateOrder {
	plain := o.Plain()
	if cal, ok := calendar.Lookup(id); ok && cal != calendar.Gregorian {
		return plain + calendarSep + DateOrder(cal.ID())
	}
	return plain
}

// Plain is the order of day, month and year alone, without the calendar.
func (o DateOrder) Plain() DateOrder {
	p, _, _ := strings.Cut(string(o), calendarSep)
	return DateOrder(p)
}

// Calendar is the calendar dates are written in, Gregorian when o names none.
func (o DateOrder) Calendar() calendar.Calendar {
	_, id, _ := strings.Cut(string(o), calendarSep)
	return calendar.ByID(id)
}

// inCalendar reports whether o writes dates in a calendar other than the
// Gregorian one.
func (o DateOrder) inCalendar() bool { return o.Calendar() != calendar.Gregorian }

// formatInCalendar writes d in o's calendar, all numbers in o's order.
func formatInCalendar(d model.Date, o DateOrder) string {
	cd := calendar.FromGregorian(o.Calendar(), d.Year, d.Month, d.Day)
	return calendar.Format(cd, string(o.orDefault()))
}

// LongDate writes d with its month's name in o's calendar: "12 March
// 2024", or "3 Megabit 2016" in the Ethiopian calendar (in Ge'ez letters
// when native), for letters and printed headings.
func LongDate(d model.Date, o DateOrder, native bool) string {
	if d.IsZero() {
		return ""
	}
	cal := o.Calendar()
	return calendar.Long(cal, calendar.FromGregorian(cal, d.Year, d.Month, d.Day), native)
}

// YearOf is the year of d in o's calendar: an estimated birth date is
// shown by its year alone ("born about 1978" in an Ethiopian clinic, for 1986).
func YearOf(d model.Date, o DateOrder) int {
	if d.IsZero() || !o.inCalendar() {
		return d.Year
	}
	return calendar.FromGregorian(o.Calendar(), d.Year, d.Month, d.Day).Year
}

// gregorianMark is a date marked as Gregorian in a clinic that writes
// another calendar: "12/03/2024 GC", "12/03/2024 እ.ኤ.አ.".
var gregorianMark = regexp.MustCompile(`(?i)\s*(g\.?\s*c\.?|እ\.?\s*ኤ\.?\s*አ\.?)\s*$`)

// parseInCalendar reads a date written in o's calendar (ParseDate has read
// the relative ones) and gives its Gregorian day. A date marked Gregorian
// is read as one, in o's order.
func parseInCalendar(in string, o DateOrder, now time.Time) (model.Date, error) {
	cal := o.Calendar()
	thisYear := calendar.FromGregorian(cal, now.Year(), now.Month(), now.Day()).Year
	cd, err := calendar.Parse(cal, in, string(o.orDefault()), thisYear)
	if errors.Is(err, calendar.ErrOtherEra) {
		return ParseDate(gregorianMark.ReplaceAllString(in, ""), o.Plain(), now)
	}
	if err != nil {
		return model.Date{}, err
	}
	y, m, d := calendar.ToGregorian(cal, cd)
	if y < minYear {
		return model.Date{}, fmt.Errorf("%s: the year %d is too long ago; check the year", in, cd.Year)
	}
	return model.Date{Year: y, Month: m, Day: d}, nil
}
