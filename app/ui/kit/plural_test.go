package kit

import (
	"testing"
	"time"
)

// TestCountOf: the things the screens count say their number and the
// noun, one or many; an unknown thing shows the number alone, never
// English made up here. The words themselves are checked in every
// language by app/ui's plural test (keys count.*).
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
		{2, "day", "2 days"},
		{1, "stay", "1 stay"},
		{3, "conflict", "3 conflicts"},
		{3, "category", "3"},
	} {
		if got := CountOf(c.n, c.thing); got != c.want {
			t.Errorf("CountOf(%d, %q) = %q, want %q", c.n, c.thing, got, c.want)
		}
	}
}

func TestDaysAgo(t *testing.T) {
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
