package calendar

import (
	"fmt"
	"time"
)

// Period is a reporting month: its name in the calendar and its first and
// last Gregorian days (midnight UTC; only year, month and day count).
type Period struct {
	Year, Month int
	First, Last time.Time
}

// EthiopianMonth is the Ethiopian month a Gregorian day falls in, Pagume
// (the 5 or 6 days of the thirteenth month) being a month of its own.
func EthiopianMonth(t time.Time) Period {
	d, first, last := MonthOf(Ethiopian, t)
	return Period{d.Year, d.Month, TimeOf(first), TimeOf(last)}
}

// DHIS2EthiopianMonth is the monthly period a DHIS2 server set to the
// Ethiopian calendar counts a day in. DHIS2 has twelve monthly periods a
// year in every calendar and adds Pagume to the twelfth month, Nehase
// (dhis2-core, EthiopianCalendar: "ethiopean overflow months is merged into
// month 12", 2015, revno 19824), so its Nehase runs from 1 Nehase to the
// last day of Pagume.
func DHIS2EthiopianMonth(t time.Time) Period {
	p := EthiopianMonth(t)
	if p.Month < 12 {
		return p
	}
	y := p.Year
	first := Ethiopian.ToDays(Date{y, 12, 1})
	last := Ethiopian.ToDays(Date{y, 13, Ethiopian.DaysIn(y, 13)})
	return Period{y, 12, TimeOf(first), TimeOf(last)}
}

// DHIS2ID is the period's ID in DHIS2's monthly format, yyyyMM, in the
// calendar the period is named in: Meskerem 2016 is "201601". DHIS2 writes
// period IDs in the server's calendar (its Web API "Date and period
// format": Monthly yyyyMM, e.g. 200403; dhis2-core pull 19691 for the
// Nepali calendar: "Baisakh 2081 is 208101 not 202404"), and Ethiopian
// servers are set to the Ethiopian calendar.
func (p Period) DHIS2ID() string { return fmt.Sprintf("%04d%02d", p.Year, p.Month) }
