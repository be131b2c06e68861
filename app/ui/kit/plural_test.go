package kit

import (
	"testing"
	"time"
)

func TestCountOf(t *testing.T) {
	for _, c := range []struct {
		n     int
		thing string
		want  string
	}{
		{0, "page", "0 pages"},
		{1, "page", "1 page"},
		{2, "batch", "2 batches"},
		{1, "batch", "1 batch"},
		{3, "category", "3 categories"},
		{2, "day", "2 days"},
		{4, "box", "4 boxes"},
	} {
		if got := CountOf(c.n, c.thing); got != c.want {
			t.Errorf("CountOf(%d, %q) = %q, want %q", c.n, c.thing, got, c.want)
		}
	}
}

func TestCountOfPhrasesAndDaysAgo(t *testing.T) {
	if got := CountOf(1, "audit entry"); got != "1 audit entry" {
		t.Errorf("CountOf(1, audit entry) = %q", got)
	}
	if got := CountOf(7, "audit entry"); got != "7 audit entries" {
		t.Errorf("CountOf(7, audit entry) = %q", got)
	}
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{now.Add(-2 * time.Hour), "today"},
		{now.Add(-10 * time.Hour), "yesterday"},
		{now.AddDate(0, 0, -3), "3 days ago"},
	} {
		if got := DaysAgo(c.t, now); got != c.want {
			t.Errorf("DaysAgo(%s) = %q, want %q", c.t, got, c.want)
		}
	}
}
