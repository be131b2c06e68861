package clinical

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"dossier/model"
)

// DateOrder is the order in which the clinic writes day, month and year in
// all-number dates. It is a clinic setting, stored: append-only.
type DateOrder string

const (
	OrderDMY DateOrder = "DMY" // 12/03/2024 is 12 March (the default)
	OrderMDY DateOrder = "MDY" // 03/12/2024 is 12 March
	OrderYMD DateOrder = "YMD" // 2024/03/12 is 12 March
)

// DateOrders lists the orders as settings offer them.
var DateOrders = []DateOrder{OrderDMY, OrderMDY, OrderYMD}

// Label is the order as settings show it.
func (o DateOrder) Label() string {
	switch o.orDefault() {
	case OrderMDY:
		return "month/day/year"
	case OrderYMD:
		return "year/month/day"
	}
	return "day/month/year"
}

// Valid reports a known order; the empty order is valid and means DMY.
func (o DateOrder) Valid() bool {
	return o == "" || o == OrderDMY || o == OrderMDY || o == OrderYMD
}

// orDefault maps an unset or unknown order to DMY, the order of most of the
// clinics Dossier serves, so a missing setting never stops data entry.
func (o DateOrder) orDefault() DateOrder {
	if p := o.Plain(); p == OrderMDY || p == OrderYMD {
		return p
	}
	return OrderDMY
}

// example is a date written in the order, for error messages.
func (o DateOrder) example() string {
	switch o.orDefault() {
	case OrderMDY:
		return "03/12/2024 or Mar 12 2024"
	case OrderYMD:
		return "2024-03-12 or 2024 Mar 12"
	}
	return "12/03/2024 or 12 Mar 2024"
}

// FormatDate writes d in the clinic's order with four-digit years, the
// form ParseDate reads back to the same date.
func FormatDate(d model.Date, order DateOrder) string {
	if d.IsZero() {
		return ""
	}
	if order.inCalendar() {
		return formatInCalendar(d, order)
	}
	switch order.orDefault() {
	case OrderMDY:
		return fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year)
	case OrderYMD:
		return d.String()
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// maxInput bounds what the parsers read: no date or result is longer, and
// a paste of a whole paragraph into a field should fail fast, not be echoed
// back in an error.
const maxInput = 80

// minYear is the earliest year accepted: older dates in a clinical chart are
// typing errors (a birth year of 1024), and the oldest patient alive was
// born after it.
const minYear = 1800

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// ignoredWords may surround a date without changing it: "Tuesday 12th of
// March 2024".
var ignoredWords = map[string]bool{
	"st": true, "nd": true, "rd": true, "th": true, "of": true, "the": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true,
}

var (
	relAgo = regexp.MustCompile(`^(\d+|a|an|one)\s*(days?|d|weeks?|wks?|w|months?|mo|m|years?|yrs?|y)\s+ago$`)
	relNeg = regexp.MustCompile(`^-\s*(\d+)\s*(days?|d|weeks?|wks?|w|months?|mo|m|years?|yrs?|y)$`)
)

// ParseDate reads a date as a clerk types it from a paper chart:
//
//	2024-03-12            ISO, whatever the clinic's order
//	12/03/2024 12.3.24    all numbers, in the clinic's order
//	12-3-2024 12 3 2024
//	12 Mar 2024           month names in English, full or 3 letters
//	March 12, 2024
//	today yesterday       relative to now
//	3 days ago -3d        days, weeks, months or years
//
// Two-digit years up to this year's plus one are this century, the others
// the last: in 2025, "26" is 2026 and "27" is 1927, because charts keyed
// from paper are about the past and a birth year of 1927 is more likely
// than an admission in 2027. A date in the future is not an error here:
// only the caller knows whether it may be (a follow-up date may; an
// admission may not).
func ParseDate(s string, order DateOrder, now time.Time) (model.Date, error) {
	in := strings.Join(strings.Fields(s), " ")
	if in == "" {
		return model.Date{}, errors.New("enter a date")
	}
	if len(in) > maxInput {
		return model.Date{}, errors.New("that is too long to be a date")
	}
	written := order // with its calendar
	order = order.orDefault()
	low := strings.ToLower(in)
	today := model.DateOf(now)
	if d, ok, err := parseRelative(in, low, today); ok {
		return d, err
	}
	if written.inCalendar() {
		return parseInCalendar(in, written, now)
	}
	toks := tokens(low)
	var nums []string
	var month time.Month
	for _, t := range toks {
		switch {
		case isDigits(t):
			nums = append(nums, t)
		case months[t] != 0:
			if month != 0 {
				return model.Date{}, fmt.Errorf("%s: there are two months in this date", in)
			}
			month = months[t]
		case ignoredWords[t]:
		default:
			return model.Date{}, fmt.Errorf("%q is not a date; write it like %s", in, order.example())
		}
	}
	if month != 0 {
		return monthNameDate(in, nums, month, now)
	}
	switch len(nums) {
	case 3:
	case 1:
		if len(nums[0]) == 8 {
			return compactDate(in, nums[0], order, now)
		}
		fallthrough
	default:
		return model.Date{}, fmt.Errorf("%q is not a date; write it like %s", in, order.example())
	}
	a, b, c := nums[0], nums[1], nums[2]
	switch {
	case len(a) >= 3:
		// A year first is unambiguous: 2024-03-12 is ISO in every clinic.
		return makeDate(in, a, b, c, "", now)
	case len(c) >= 3 && order == OrderYMD:
		return model.Date{}, fmt.Errorf("%s: this clinic writes dates year/month/day, like 2024-03-12", in)
	case order == OrderYMD:
		return makeDate(in, a, b, c, order, now)
	case order == OrderMDY:
		return makeDate(in, c, a, b, order, now)
	}
	return makeDate(in, c, b, a, order, now)
}

// compactDate reads eight digits typed without separators, in the clinic's
// order, or as YYYYMMDD when that is the only reading that is a date.
func compactDate(in, n string, order DateOrder, now time.Time) (model.Date, error) {
	var d model.Date
	var err error
	switch order {
	case OrderYMD:
		return makeDate(in, n[:4], n[4:6], n[6:], order, now)
	case OrderMDY:
		d, err = makeDate(in, n[4:], n[:2], n[2:4], order, now)
	default:
		d, err = makeDate(in, n[4:], n[2:4], n[:2], order, now)
	}
	if err != nil {
		if iso, err2 := makeDate(in, n[:4], n[4:6], n[6:], order, now); err2 == nil {
			return iso, nil
		}
	}
	return d, err
}

// monthNameDate reads a date whose month is a word: the two numbers are the
// day and the year, the year first only when it has four digits.
func monthNameDate(in string, nums []string, m time.Month, now time.Time) (model.Date, error) {
	mm := strconv.Itoa(int(m))
	switch len(nums) {
	case 2:
		if len(nums[0]) >= 3 {
			return makeDate(in, nums[0], mm, nums[1], "", now)
		}
		return makeDate(in, nums[1], mm, nums[0], "", now)
	case 1:
		if len(nums[0]) >= 3 {
			return model.Date{}, fmt.Errorf("%s: enter the day of the month as well", in)
		}
		// Charts are keyed months or years later: guessing the year would
		// file the event in the wrong year without anyone noticing.
		return model.Date{}, fmt.Errorf("%s: add the year", in)
	}
	return model.Date{}, fmt.Errorf("%q is not a date; write it like 12 Mar 2024", in)
}

// makeDate checks and builds a date from its digit strings. order is the
// clinic's order when the day and month were read by position, for the
// hint when they look swapped.
func makeDate(in, ys, ms, ds string, order DateOrder, now time.Time) (model.Date, error) {
	if len(ms) > 2 || len(ds) > 2 {
		return model.Date{}, fmt.Errorf("%q is not a date; write it like %s", in, order.example())
	}
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	switch len(ys) {
	case 2:
		century := now.Year() / 100 * 100
		if y <= now.Year()%100+1 {
			y += century
		} else {
			y += century - 100
		}
	case 4:
	default:
		return model.Date{}, fmt.Errorf("%s: write the year with 2 or 4 digits", in)
	}
	if m < 1 || m > 12 {
		if order != "" && d >= 1 && d <= 12 && m <= 31 {
			return model.Date{}, fmt.Errorf("%s: %d is not a month; this clinic writes dates %s", in, m, order.Label())
		}
		return model.Date{}, fmt.Errorf("%s: %d is not a month", in, m)
	}
	if y < minYear {
		return model.Date{}, fmt.Errorf("%s: the year %d is too long ago; check the year", in, y)
	}
	if d < 1 {
		return model.Date{}, fmt.Errorf("%s: %d is not a day of the month", in, d)
	}
	if n := daysIn(y, time.Month(m)); d > n {
		return model.Date{}, fmt.Errorf("%s: %s %d has %d days", in, time.Month(m), y, n)
	}
	return model.Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// parseRelative reads today, yesterday, "3 days ago" and "-3d". ok is false
// when s is not a relative date at all.
func parseRelative(in, low string, today model.Date) (d model.Date, ok bool, err error) {
	switch low {
	case "today":
		return today, true, nil
	case "yesterday":
		return addDays(today, -1), true, nil
	case "tomorrow":
		return addDays(today, 1), true, nil
	}
	m := relAgo.FindStringSubmatch(low)
	if m == nil {
		m = relNeg.FindStringSubmatch(low)
	}
	if m == nil {
		return model.Date{}, false, nil
	}
	n := 1
	if isDigits(m[1]) {
		n, err = strconv.Atoi(m[1])
		if err != nil || n > 200*366 {
			return model.Date{}, true, fmt.Errorf("%s: that is too long ago; check the number", in)
		}
	}
	switch m[2][0] {
	case 'd':
		d = addDays(today, -n)
	case 'w':
		d = addDays(today, -7*n)
	case 'm':
		d = addMonths(today, -n)
	default:
		d = addMonths(today, -12*n)
	}
	if d.Year < minYear {
		return model.Date{}, true, fmt.Errorf("%s: that is before %d; check the number", in, minYear)
	}
	return d, true, nil
}

func addDays(d model.Date, n int) model.Date { return model.DateOf(d.Time().AddDate(0, 0, n)) }

// addMonths moves by calendar months, keeping the day but clamping it to the
// end of a shorter month: one month before 31 March is 29 February (or the
// 28th), not 2 March as plain date arithmetic would give.
func addMonths(d model.Date, n int) model.Date {
	total := d.Year*12 + int(d.Month-1) + n
	if total < 0 {
		return model.Date{}
	}
	y, m := total/12, time.Month(total%12+1)
	day := min(d.Day, daysIn(y, m))
	return model.Date{Year: y, Month: m, Day: day}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// tokens splits lowercased text into runs of digits and runs of letters,
// so "12-Mar-2024", "12mar2024" and "12th" split the same way.
func tokens(s string) []string {
	var out []string
	kind := 0 // 1 digits, 2 letters
	start := -1
	flush := func(i int) {
		if start >= 0 {
			out = append(out, s[start:i])
		}
		start, kind = -1, 0
	}
	for i, r := range s {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= 'a' && r <= 'z':
			k = 2
		case r == '/' || r == '.' || r == '-' || r == ',' || r == ' ':
		default:
			// Anything else stands alone, and makes the text not a date.
			flush(i)
			out = append(out, string(r))
			continue
		}
		if k != kind {
			flush(i)
			if k != 0 {
				start, kind = i, k
			}
		}
	}
	flush(len(s))
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

var (
	clockRE   = regexp.MustCompile(`^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$`)
	hourAmPm  = regexp.MustCompile(`^(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)$`)
	militaryH = regexp.MustCompile(`^(\d{2})(\d{2})\s*(h|hr|hrs|hours)$`)
	isoT      = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2})t(.+)$`)
)

// clockSuffixes are written apart from the time they belong to: "2.30 pm",
// "1430 hrs".
var clockSuffixes = map[string]bool{"am": true, "pm": true, "a.m.": true, "p.m.": true,
	"h": true, "hr": true, "hrs": true, "hours": true}

// ParseDateTime reads a date, as ParseDate does, optionally followed (or
// preceded) by a time of day: "14:30", "2.30pm", "1430h", "14h30",
// "12/03/2024 at 14:30", "2024-03-12T14:30", "yesterday 22:15"; or "now".
// The result is in now's location. A date alone is midnight at the start of
// that day: callers that must know whether a time was written should ask
// for it in its own field.
func ParseDateTime(s string, order DateOrder, now time.Time) (time.Time, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return time.Time{}, errors.New("enter a date and time")
	}
	if len(strings.Join(fields, " ")) > maxInput {
		return time.Time{}, errors.New("that is too long to be a date and time")
	}
	if len(fields) == 1 && strings.EqualFold(fields[0], "now") {
		return now, nil
	}
	lower := func(i int) string { return strings.ToLower(fields[i]) }
	// ISO with a T joins date and time in one word.
	if m := isoT.FindStringSubmatch(lower(len(fields) - 1)); m != nil {
		fields = append(fields[:len(fields)-1], m[1], m[2])
	}
	var clock string
	n := len(fields)
	if n >= 2 && clockSuffixes[lower(n-1)] {
		if cand := lower(n-2) + " " + lower(n-1); looksLikeClock(cand) {
			clock, fields = cand, fields[:n-2]
		}
	}
	if clock == "" && looksLikeClock(lower(n-1)) {
		clock, fields = lower(n-1), fields[:n-1]
	}
	if clock == "" && n >= 2 && looksLikeClock(lower(0)) {
		clock, fields = lower(0), fields[1:]
	}
	// "12/03/2024 at 14:30", "12 Mar 2024, 14:30"
	for len(fields) > 0 && strings.EqualFold(fields[len(fields)-1], "at") {
		fields = fields[:len(fields)-1]
	}
	datePart := strings.TrimRight(strings.Join(fields, " "), ", ")
	if datePart == "" {
		return time.Time{}, fmt.Errorf("%s: enter the date as well as the time", strings.Join(strings.Fields(s), " "))
	}
	d, err := ParseDate(datePart, order, now)
	if err != nil {
		return time.Time{}, err
	}
	h, m, sec := 0, 0, 0
	if clock != "" {
		if h, m, sec, err = parseClock(clock); err != nil {
			return time.Time{}, err
		}
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, sec, 0, now.Location()), nil
}

func looksLikeClock(s string) bool {
	return clockRE.MatchString(s) || hourAmPm.MatchString(s) || militaryH.MatchString(s)
}

// parseClock reads a time of day. With am or pm the hour is 1 to 12;
// 12 am is midnight and 12 pm is noon.
func parseClock(s string) (h, m, sec int, err error) {
	var hs, ms, ss, ampm string
	if g := clockRE.FindStringSubmatch(s); g != nil {
		hs, ms, ss, ampm = g[1], g[2], g[3], g[4]
	} else if g := hourAmPm.FindStringSubmatch(s); g != nil {
		hs, ms, ampm = g[1], "0", g[2]
	} else if g := militaryH.FindStringSubmatch(s); g != nil {
		hs, ms = g[1], g[2]
	} else {
		return 0, 0, 0, fmt.Errorf("%s is not a time of day; write it like 14:30 or 2.30pm", s)
	}
	h, _ = strconv.Atoi(hs)
	m, _ = strconv.Atoi(ms)
	if ss != "" {
		sec, _ = strconv.Atoi(ss)
	}
	bad := fmt.Errorf("%s is not a time of day; write it like 14:30 or 2.30pm", s)
	if m > 59 || sec > 59 {
		return 0, 0, 0, bad
	}
	if ampm == "" {
		if h > 23 {
			return 0, 0, 0, bad
		}
		return h, m, sec, nil
	}
	if h < 1 || h > 12 {
		return 0, 0, 0, fmt.Errorf("%s: with am or pm the hour is 1 to 12", s)
	}
	h %= 12
	if ampm[0] == 'p' {
		h += 12
	}
	return h, m, sec, nil
}
