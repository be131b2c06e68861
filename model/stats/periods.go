package stats

import (
	"fmt"
	"strings"
	"time"
)

// Day is the period of one day.
func Day(t time.Time) Period {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return Period{From: d, To: d}
}

// Quarter is the calendar quarter q (1–4) of year.
func Quarter(year, q int, loc *time.Location) Period {
	from := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(0, 3, -1)}
}

// Year is the calendar year.
func Year(year int, loc *time.Location) Period {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(1, 0, -1)}
}

// Range is the days from..to, both included.
func Range(from, to time.Time) Period {
	return Period{From: Day(from).From, To: Day(to).From}
}

// Week is the ISO week (Monday to Sunday) holding t.
func Week(t time.Time) Period {
	d := Day(t).From
	back := (int(d.Weekday()) + 6) % 7
	from := d.AddDate(0, 0, -back)
	return Period{From: from, To: from.AddDate(0, 0, 6)}
}

// ParsePeriod reads "2026-11-03" (a day), "2026-11" (a month), "2026-Q4"
// (a quarter), "2026" (a year) or "2026-11-01..2026-11-15" (a range).
func ParsePeriod(s string, loc *time.Location) (Period, error) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, ".."); ok {
		from, err1 := time.ParseInLocation("2006-01-02", strings.TrimSpace(a), loc)
		to, err2 := time.ParseInLocation("2006-01-02", strings.TrimSpace(b), loc)
		if err1 != nil || err2 != nil || to.Before(from) {
			return Period{}, fmt.Errorf("%q is not a range of days such as 2026-11-01..2026-11-15", s)
		}
		return Range(from, to), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return Day(t), nil
	}
	if t, err := time.ParseInLocation("2006-01", s, loc); err == nil {
		return Month(t.Year(), t.Month(), loc), nil
	}
	var y, q int
	if n, _ := fmt.Sscanf(s, "%d-Q%d", &y, &q); n == 2 && q >= 1 && q <= 4 {
		return Quarter(y, q, loc), nil
	}
	if t, err := time.ParseInLocation("2006", s, loc); err == nil {
		return Year(t.Year(), loc), nil
	}
	return Period{}, fmt.Errorf("%q is not a period: give a day (2026-11-03), month (2026-11), quarter (2026-Q4), year (2026) or range (2026-11-01..2026-11-15)", s)
}

// String is the period as ParsePeriod reads it back.
func (p Period) String() string {
	f, t := p.From, p.To
	switch {
	case f.Equal(t):
		return f.Format("2006-01-02")
	case f.Day() == 1 && t.Equal(f.AddDate(0, 1, -1)):
		return f.Format("2006-01")
	case f.Day() == 1 && f.Month()%3 == 1 && t.Equal(f.AddDate(0, 3, -1)):
		return fmt.Sprintf("%d-Q%d", f.Year(), int(f.Month())/3+1)
	case f.YearDay() == 1 && t.Equal(f.AddDate(1, 0, -1)):
		return f.Format("2006")
	}
	return f.Format("2006-01-02") + ".." + t.Format("2006-01-02")
}
