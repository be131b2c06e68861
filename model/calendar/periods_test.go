package calendar

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEthiopianMonthPeriods(t *testing.T) {
	for _, c := range []struct {
		day, first, last, id  string
		dhis2First, dhis2Last string
		dhis2ID               string
	}{
		// Megabit 2016: 10 March to 8 April 2024.
		{"2024-03-25", "2024-03-10", "2024-04-08", "201607", "2024-03-10", "2024-04-08", "201607"},
		// Pagume 2015 (leap, 6 days) is its own month; DHIS2 counts it in Nehase.
		{"2023-09-08", "2023-09-06", "2023-09-11", "201513", "2023-08-07", "2023-09-11", "201512"},
		{"2023-08-20", "2023-08-07", "2023-09-05", "201512", "2023-08-07", "2023-09-11", "201512"},
		// Pagume 2016 has 5 days.
		{"2024-09-10", "2024-09-06", "2024-09-10", "201613", "2024-08-07", "2024-09-10", "201612"},
		// Meskerem 2017 starts 11 September 2024.
		{"2024-09-11", "2024-09-11", "2024-10-10", "201701", "2024-09-11", "2024-10-10", "201701"},
	} {
		p := EthiopianMonth(day(c.day))
		if got := p.First.Format("2006-01-02") + " " + p.Last.Format("2006-01-02") + " " + p.DHIS2ID(); got != c.first+" "+c.last+" "+c.id {
			t.Errorf("%s: Ethiopian month %s", c.day, got)
		}
		q := DHIS2EthiopianMonth(day(c.day))
		if got := q.First.Format("2006-01-02") + " " + q.Last.Format("2006-01-02") + " " + q.DHIS2ID(); got != c.dhis2First+" "+c.dhis2Last+" "+c.dhis2ID {
			t.Errorf("%s: DHIS2 month %s", c.day, got)
		}
	}
}
