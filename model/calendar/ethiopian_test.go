package calendar

import (
	"testing"
	"time"
)

// knownEthiopian are conversions published elsewhere, across leap and
// common years (Ethiopian 2011 and 2015 are leap years: their Pagume has 6
// days and the next year starts on 12 September).
//
// Sources:
//   - simpledotorg/simple-server, spec/services/ethiopia_calendar_utilities_spec.rb
//     (MIT licence): the ten 2012–2013 rows marked "simple".
//   - Ethiopian New Year (Enkutatash) dates, Wikipedia "Ethiopian calendar" and
//     "Enkutatash": 1 Meskerem is 11 September, 12 September in the year after
//     an Ethiopian leap year; the Ethiopian millennium, 1 Meskerem 2000, was
//     12 September 2007.
//   - Holidays as the Ethiopian government gazettes them: Battle of Adwa,
//     23 Yekatit 1888 = 1 March 1896; Genna (Christmas) 7 January, 29 Tahsas
//     (28 Tahsas after an Ethiopian leap year);
//     Timket 11 Tir = 19 January; Meskel 17 Meskerem = 27 September (one day
//     later in the Gregorian calendar after an Ethiopian leap year).
var knownEthiopian = []struct {
	et   Date
	g    string
	from string
}{
	{Date{2013, 4, 30}, "2021-01-08", "simple"},
	{Date{2013, 5, 14}, "2021-01-22", "simple"},
	{Date{2013, 5, 16}, "2021-01-24", "simple"},
	{Date{2013, 7, 16}, "2021-03-25", "simple"},
	{Date{2013, 8, 20}, "2021-04-28", "simple"},
	{Date{2013, 9, 9}, "2021-05-17", "simple"},
	{Date{2012, 10, 5}, "2020-06-12", "simple"},
	{Date{2013, 11, 6}, "2021-07-13", "simple"},
	{Date{2013, 11, 8}, "2021-07-15", "simple"},
	{Date{2013, 11, 28}, "2021-08-04", "simple"},
	{Date{2000, 1, 1}, "2007-09-12", "millennium"},
	{Date{2011, 1, 1}, "2018-09-11", "new year"},
	{Date{2011, 13, 6}, "2019-09-11", "leap Pagume 6"},
	{Date{2012, 1, 1}, "2019-09-12", "new year after leap"},
	{Date{2015, 13, 6}, "2023-09-11", "leap Pagume 6"},
	{Date{2016, 1, 1}, "2023-09-12", "new year after leap"},
	{Date{2016, 13, 5}, "2024-09-10", "common Pagume 5"},
	{Date{2017, 1, 1}, "2024-09-11", "new year"},
	{Date{1888, 6, 23}, "1896-03-01", "Adwa"},
	{Date{2017, 4, 29}, "2025-01-07", "Genna"},
	{Date{2016, 4, 28}, "2024-01-07", "Genna after leap, on 28 Tahsas"},
	{Date{2017, 5, 11}, "2025-01-19", "Timket"},
	{Date{2017, 1, 17}, "2024-09-27", "Meskel"},
	{Date{2016, 1, 17}, "2023-09-28", "Meskel after leap"},
}

func TestEthiopianKnownConversions(t *testing.T) {
	for _, k := range knownEthiopian {
		g, err := time.Parse("2006-01-02", k.g)
		if err != nil {
			t.Fatal(err)
		}
		if got := FromGregorian(Ethiopian, g.Year(), g.Month(), g.Day()); got != k.et {
			t.Errorf("%s (%s): Ethiopian %v, want %v", k.g, k.from, got, k.et)
		}
		y, m, d := ToGregorian(Ethiopian, k.et)
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"); got != k.g {
			t.Errorf("%v (%s): Gregorian %s, want %s", k.et, k.from, got, k.g)
		}
	}
}

func TestEthiopianLeapYears(t *testing.T) {
	for _, c := range []struct {
		year int
		leap bool
	}{{2011, true}, {2012, false}, {2015, true}, {2016, false}, {2019, true}, {1999, true}, {2000, false}} {
		if got := Ethiopian.DaysIn(c.year, 13) == 6; got != c.leap {
			t.Errorf("%d: leap %v, want %v", c.year, got, c.leap)
		}
		if !Valid(Ethiopian, Date{c.year, 13, 5}) || Valid(Ethiopian, Date{c.year, 13, 6}) != c.leap || Valid(Ethiopian, Date{c.year, 13, 7}) {
			t.Errorf("%d: Pagume days wrong", c.year)
		}
	}
}

// Every day from 1850 to 2150 converts there and back, and consecutive
// days are consecutive Ethiopian dates.
func TestEthiopianRoundTripAndContinuity(t *testing.T) {
	start := DaysOf(time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC))
	end := DaysOf(time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC))
	prev := Ethiopian.FromDays(start - 1)
	for n := start; n < end; n++ {
		d := Ethiopian.FromDays(n)
		if !Valid(Ethiopian, d) {
			t.Fatalf("day %d: %v is not a date", n, d)
		}
		if back := Ethiopian.ToDays(d); back != n {
			t.Fatalf("day %d: %v comes back as %d", n, d, back)
		}
		next := Date{prev.Year, prev.Month, prev.Day + 1}
		if !Valid(Ethiopian, next) {
			next = Date{prev.Year, prev.Month + 1, 1}
			if !Valid(Ethiopian, next) {
				next = Date{prev.Year + 1, 1, 1}
			}
		}
		if d != next {
			t.Fatalf("day %d: %v follows %v, want %v", n, d, prev, next)
		}
		prev = d
	}
}

func TestGregorianIsIdentity(t *testing.T) {
	for _, s := range []string{"1900-02-28", "2000-02-29", "2024-12-31", "1969-12-31"} {
		g, _ := time.Parse("2006-01-02", s)
		d := FromGregorian(Gregorian, g.Year(), g.Month(), g.Day())
		if d != (Date{g.Year(), int(g.Month()), g.Day()}) {
			t.Errorf("%s: %v", s, d)
		}
	}
}
