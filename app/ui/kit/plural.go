package kit

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"
)

// CountOf says "1 page", "3 pages", "0 pages".
func CountOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %s", n, Plural(thing))
}

// Plural is the plural of an English noun as the screens use them.
func Plural(thing string) string {
	switch {
	case len(thing) > 1 && thing[len(thing)-1] == 'y' && !isVowel(thing[len(thing)-2]):
		return thing[:len(thing)-1] + "ies"
	case hasSuffix(thing, "ch"), hasSuffix(thing, "sh"), hasSuffix(thing, "s"), hasSuffix(thing, "x"):
		return thing + "es"
	}
	return thing + "s"
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

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
