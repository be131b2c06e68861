package kit

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2/lang"
)

// CountOf says "1 page", "3 pages" in the window's language, for the
// things the screens count (an English noun names which). A thing with no
// words here shows the number alone: English never leaks through a count.
func CountOf(n int, thing string) string {
	c := map[string]any{"Count": n}
	switch thing {
	case "page":
		return PagesCount(n)
	case "day":
		return lang.XN("count.days", "{{.Count}} days", n, c)
	case "batch":
		return lang.XN("count.batches", "{{.Count}} batches", n, c)
	case "patient":
		return lang.XN("count.patients", "{{.Count}} patients", n, c)
	case "stay":
		return lang.XN("count.stays", "{{.Count}} stays", n, c)
	case "encounter":
		return lang.XN("count.encounters", "{{.Count}} encounters", n, c)
	case "code":
		return lang.XN("count.codes", "{{.Count}} codes", n, c)
	case "field":
		return lang.XN("count.fields", "{{.Count}} fields", n, c)
	case "conflict":
		return lang.XN("count.conflicts", "{{.Count}} conflicts", n, c)
	}
	return strconv.Itoa(n)
}

// DaysAgo says how long ago t was in days: "today", "yesterday", "3 days
// ago" (never "0 days ago").
func DaysAgo(t, now time.Time) string {
	y1, m1, d1 := t.Local().Date()
	y2, m2, d2 := now.Local().Date()
	days := int(time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)).Hours() / 24)
	switch {
	case days <= 0:
		return lang.X("ago.today", "today")
	case days == 1:
		return lang.X("ago.yesterday", "yesterday")
	}
	return lang.XN("ago.days", "{{.Count}} days ago", days, map[string]any{"Count": days})
}

// PagesCount says "1 page", "3 pages" in the clinic's language.
func PagesCount(n int) string {
	return lang.XN("count.pages", "{{.Count}} pages", n, map[string]any{"Count": n})
}

// ChartsCount says "1 chart", "3 charts" in the clinic's language.
func ChartsCount(n int) string {
	return lang.XN("count.charts", "{{.Count}} charts", n, map[string]any{"Count": n})
}
