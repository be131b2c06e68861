package clinical

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// eat is a clinic's zone east of UTC, so tests notice a date taken in UTC
// instead of on the clinic's clock.
var eat = time.FixedZone("EAT", 3*60*60)

// now is the fixed "today" of the tests: 15 June 2025, 10:00 in the clinic.
var now = time.Date(2025, time.June, 15, 10, 0, 0, 0, eat)

func date(y int, m time.Month, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  model.Date
		err   string // part of the message; "" for success
	}{
		// ISO reads the same in every order.
		{"2024-03-12", OrderDMY, date(2024, 3, 12), ""},
		{"2024-03-12", OrderMDY, date(2024, 3, 12), ""},
		{"2024-03-12", OrderYMD, date(2024, 3, 12), ""},
		{"2024/3/12", OrderDMY, date(2024, 3, 12), ""},
		{" 2024-03-12 ", "", date(2024, 3, 12), ""},

		// All numbers, by the clinic's order.
		{"12/03/2024", OrderDMY, date(2024, 3, 12), ""},
		{"12/03/2024", "", date(2024, 3, 12), ""}, // unset means DMY
		{"12/03/2024", OrderMDY, date(2024, 12, 3), ""},
		{"12/03/2024", OrderYMD, model.Date{}, "year/month/day"},
		{"12.3.24", OrderDMY, date(2024, 3, 12), ""},
		{"12-3-2024", OrderDMY, date(2024, 3, 12), ""},
		{"12 3 2024", OrderDMY, date(2024, 3, 12), ""},
		{"3/12/2024", OrderMDY, date(2024, 3, 12), ""},
		{"3.12.24", OrderMDY, date(2024, 3, 12), ""},
		{"24/03/12", OrderYMD, date(2024, 3, 12), ""},
		{"24.3.12", OrderYMD, date(2024, 3, 12), ""},
		{"12032024", OrderDMY, date(2024, 3, 12), ""},
		{"03122024", OrderMDY, date(2024, 3, 12), ""},
		{"20240312", OrderYMD, date(2024, 3, 12), ""},
		{"20240312", OrderDMY, date(2024, 3, 12), ""}, // only YYYYMMDD makes a date

		// Two-digit years: up to this year's + 1 are this century.
		{"1/1/25", OrderDMY, date(2025, 1, 1), ""},
		{"1/1/26", OrderDMY, date(2026, 1, 1), ""},
		{"1/1/27", OrderDMY, date(1927, 1, 1), ""},
		{"1/1/00", OrderDMY, date(2000, 1, 1), ""},
		{"1/1/99", OrderDMY, date(1999, 1, 1), ""},
		{"12 Mar 88", OrderDMY, date(1988, 3, 12), ""},

		// Month names.
		{"12 Mar 2024", OrderDMY, date(2024, 3, 12), ""},
		{"12 Mar 2024", OrderMDY, date(2024, 3, 12), ""},
		{"12 march 2024", OrderYMD, date(2024, 3, 12), ""},
		{"March 12, 2024", OrderDMY, date(2024, 3, 12), ""},
		{"Mar 12 2024", OrderDMY, date(2024, 3, 12), ""},
		{"12-MAR-2024", OrderDMY, date(2024, 3, 12), ""},
		{"12Mar2024", OrderDMY, date(2024, 3, 12), ""},
		{"12th of March 2024", OrderDMY, date(2024, 3, 12), ""},
		{"Tuesday 12th March, 2024", OrderDMY, date(2024, 3, 12), ""},
		{"2024 Mar 12", OrderYMD, date(2024, 3, 12), ""},
		{"Sept 5 2024", OrderDMY, date(2024, 9, 5), ""},
		{"5 September 2024", OrderDMY, date(2024, 9, 5), ""},
		{"1 may 24", OrderDMY, date(2024, 5, 1), ""},
		{"12 March", OrderDMY, model.Date{}, "12 March: add the year"},
		{"March 2024", OrderDMY, model.Date{}, "enter the day"},
		{"12 mars 2024", OrderDMY, model.Date{}, "not a date"},
		{"12 Mar Apr 2024", OrderDMY, model.Date{}, "two months"},

		// Impossible dates, in plain words.
		{"29/02/2024", OrderDMY, date(2024, 2, 29), ""},
		{"29/2/00", OrderDMY, date(2000, 2, 29), ""}, // 2000 was a leap year
		{"29/02/2023", OrderDMY, model.Date{}, "29/02/2023: February 2023 has 28 days"},
		{"31/02/2024", OrderDMY, model.Date{}, "31/02/2024: February 2024 has 29 days"},
		{"02/29/2023", OrderMDY, model.Date{}, "February 2023 has 28 days"},
		{"29 Feb 1900", OrderDMY, model.Date{}, "February 1900 has 28 days"},
		{"31/04/2024", OrderDMY, model.Date{}, "April 2024 has 30 days"},
		{"13/13/2024", OrderDMY, model.Date{}, "13 is not a month"},
		{"03/25/2024", OrderDMY, model.Date{}, "25 is not a month; this clinic writes dates day/month/year"},
		{"25/03/2024", OrderMDY, model.Date{}, "25 is not a month; this clinic writes dates month/day/year"},
		{"0/3/2024", OrderDMY, model.Date{}, "0 is not a day"},
		{"12/03/1024", OrderDMY, model.Date{}, "too long ago"},
		{"12/03/024", OrderDMY, model.Date{}, "2 or 4 digits"},
		{"12/003/2024", OrderDMY, model.Date{}, "not a date"},
		{"", OrderDMY, model.Date{}, "enter a date"},
		{"   ", OrderDMY, model.Date{}, "enter a date"},
		{"hello", OrderDMY, model.Date{}, `"hello" is not a date; write it like 12/03/2024`},
		{"12/03", OrderDMY, model.Date{}, "not a date"},
		{"12/03/2024/5", OrderDMY, model.Date{}, "not a date"},
		{"12/03/2024?", OrderDMY, model.Date{}, "not a date"},

		// A future date is the caller's to judge.
		{"01/01/2030", OrderDMY, date(2030, 1, 1), ""},

		// Relative to now (15 June 2025).
		{"today", OrderDMY, date(2025, 6, 15), ""},
		{"Today", OrderMDY, date(2025, 6, 15), ""},
		{"yesterday", OrderDMY, date(2025, 6, 14), ""},
		{"tomorrow", OrderDMY, date(2025, 6, 16), ""},
		{"3 days ago", OrderDMY, date(2025, 6, 12), ""},
		{"1 day ago", OrderDMY, date(2025, 6, 14), ""},
		{"3d ago", OrderDMY, date(2025, 6, 12), ""},
		{"2 weeks ago", OrderDMY, date(2025, 6, 1), ""},
		{"a week ago", OrderDMY, date(2025, 6, 8), ""},
		{"1 month ago", OrderDMY, date(2025, 5, 15), ""},
		{"6 months ago", OrderDMY, date(2024, 12, 15), ""},
		{"2 years ago", OrderDMY, date(2023, 6, 15), ""},
		{"-3d", OrderDMY, date(2025, 6, 12), ""},
		{"- 3 d", OrderDMY, date(2025, 6, 12), ""},
		{"-2w", OrderDMY, date(2025, 6, 1), ""},
		{"-1m", OrderDMY, date(2025, 5, 15), ""},
		{"-1y", OrderDMY, date(2024, 6, 15), ""},
		{"0 days ago", OrderDMY, date(2025, 6, 15), ""},
		{"300 years ago", OrderDMY, model.Date{}, "before 1800"},
		{"99999999999999999999 days ago", OrderDMY, model.Date{}, "too long ago"},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in, tc.order, now)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDate(%q, %s) = %v, %v; want error containing %q", tc.in, tc.order, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseDate(%q, %s) = %v, %v; want %v", tc.in, tc.order, got, err, tc.want)
		}
	}
}

func TestParseDateRelativeClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		now  time.Time
		in   string
		want model.Date
	}{
		{time.Date(2024, 3, 31, 9, 0, 0, 0, time.UTC), "1 month ago", date(2024, 2, 29)},
		{time.Date(2023, 3, 31, 9, 0, 0, 0, time.UTC), "1 month ago", date(2023, 2, 28)},
		{time.Date(2024, 2, 29, 9, 0, 0, 0, time.UTC), "1 year ago", date(2023, 2, 28)},
		{time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC), "1 month ago", date(2023, 12, 15)},
		{time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), "yesterday", date(2024, 2, 29)},
		// The clinic's date, not UTC's: 01:00 in EAT is still the 14th in UTC.
		{time.Date(2025, 6, 15, 1, 0, 0, 0, eat), "today", date(2025, 6, 15)},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in, OrderDMY, tc.now)
		if err != nil || got != tc.want {
			t.Errorf("%s on %s: got %v, %v; want %v", tc.in, tc.now, got, err, tc.want)
		}
	}
}

func TestTwoDigitYearPivotFollowsNow(t *testing.T) {
	tests := []struct {
		year int
		in   string
		want int
	}{
		{2025, "1/1/26", 2026},
		{2025, "1/1/27", 1927},
		{2030, "1/1/31", 2031},
		{2030, "1/1/32", 1932},
		{2099, "1/1/99", 2099},
		{2099, "1/1/00", 2000},
	}
	for _, tc := range tests {
		n := time.Date(tc.year, 6, 1, 0, 0, 0, 0, time.UTC)
		got, err := ParseDate(tc.in, OrderDMY, n)
		if err != nil || got.Year != tc.want {
			t.Errorf("%s in %d: got %v, %v; want year %d", tc.in, tc.year, got, err, tc.want)
		}
	}
}

func TestFormatDateReadsBack(t *testing.T) {
	for _, o := range []DateOrder{OrderDMY, OrderMDY, OrderYMD, ""} {
		for _, d := range []model.Date{date(2024, 3, 12), date(1927, 12, 1), date(2024, 2, 29), date(1800, 1, 1)} {
			s := FormatDate(d, o)
			got, err := ParseDate(s, o, now)
			if err != nil || got != d {
				t.Errorf("%s: %v formats as %q, reads back as %v, %v", o, d, s, got, err)
			}
		}
	}
	if FormatDate(model.Date{}, OrderDMY) != "" {
		t.Error("an unset date should format as empty")
	}
	if got := FormatDate(date(2024, 3, 12), OrderMDY); got != "03/12/2024" {
		t.Errorf("MDY: got %q", got)
	}
}

func TestDateOrder(t *testing.T) {
	tests := []struct {
		o     DateOrder
		label string
		valid bool
	}{
		{OrderDMY, "day/month/year", true},
		{OrderMDY, "month/day/year", true},
		{OrderYMD, "year/month/day", true},
		{"", "day/month/year", true},
		{"DYM", "day/month/year", false},
	}
	for _, tc := range tests {
		if tc.o.Label() != tc.label || tc.o.Valid() != tc.valid {
			t.Errorf("%q: label %q valid %v", tc.o, tc.o.Label(), tc.o.Valid())
		}
	}
}

func TestParseDateTime(t *testing.T) {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, eat) }
	tests := []struct {
		in    string
		order DateOrder
		want  time.Time
		err   string
	}{
		{"12/03/2024 14:30", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 14.30", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 2.30pm", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 2.30 PM", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 2:30 a.m.", OrderDMY, at(2024, 3, 12, 2, 30), ""},
		{"12/03/2024 9am", OrderDMY, at(2024, 3, 12, 9, 0), ""},
		{"12/03/2024 9 pm", OrderDMY, at(2024, 3, 12, 21, 0), ""},
		{"12/03/2024 12am", OrderDMY, at(2024, 3, 12, 0, 0), ""},
		{"12/03/2024 12pm", OrderDMY, at(2024, 3, 12, 12, 0), ""},
		{"12/03/2024 1430h", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 1430 hrs", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 14h30", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12/03/2024 14:30:15", OrderDMY, time.Date(2024, 3, 12, 14, 30, 15, 0, eat), ""},
		{"12/03/2024, 14:30", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"12 Mar 2024 at 09:05", OrderDMY, at(2024, 3, 12, 9, 5), ""},
		{"March 12, 2024 9:05", OrderDMY, at(2024, 3, 12, 9, 5), ""},
		{"14:30 12/03/2024", OrderDMY, at(2024, 3, 12, 14, 30), ""},
		{"2024-03-12T14:30", OrderMDY, at(2024, 3, 12, 14, 30), ""},
		{"03/12/2024 14:30", OrderMDY, at(2024, 3, 12, 14, 30), ""},
		{"12.3.24 23:59", OrderDMY, at(2024, 3, 12, 23, 59), ""},
		{"yesterday 22:15", OrderDMY, at(2025, 6, 14, 22, 15), ""},
		{"today 0800h", OrderDMY, at(2025, 6, 15, 8, 0), ""},
		{"3 days ago 6pm", OrderDMY, at(2025, 6, 12, 18, 0), ""},
		{"12/03/2024", OrderDMY, at(2024, 3, 12, 0, 0), ""}, // a date alone is midnight
		{"now", OrderDMY, now, ""},
		{"NOW", OrderDMY, now, ""},

		{"", OrderDMY, time.Time{}, "enter a date and time"},
		{"14:30", OrderDMY, time.Time{}, "enter the date as well as the time"},
		{"12/03/2024 25:00", OrderDMY, time.Time{}, "25:00 is not a time of day"},
		{"12/03/2024 14:60", OrderDMY, time.Time{}, "not a time of day"},
		{"12/03/2024 13pm", OrderDMY, time.Time{}, "hour is 1 to 12"},
		{"12/03/2024 0:30am", OrderDMY, time.Time{}, "hour is 1 to 12"},
		{"31/02/2024 14:30", OrderDMY, time.Time{}, "February 2024 has 29 days"},
		{"12/03/2024 1430", OrderDMY, time.Time{}, "not a date"},
	}
	for _, tc := range tests {
		got, err := ParseDateTime(tc.in, tc.order, now)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDateTime(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			continue
		}
		if got.Location() != now.Location() {
			t.Errorf("ParseDateTime(%q) is in %v, want the clinic's zone", tc.in, got.Location())
		}
	}
}
