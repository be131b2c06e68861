package tracking

import (
	"testing"
	"time"
)

func TestParseCollected(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.Local)
	for in, want := range map[string]time.Time{
		"now":              now,
		"2026-11-22 10:40": time.Date(2026, 11, 22, 10, 40, 0, 0, time.Local),
		"21/11/2026 08:05": time.Date(2026, 11, 21, 8, 5, 0, 0, time.Local),
		"10:40":            time.Date(2026, 11, 22, 10, 40, 0, 0, time.Local),
	} {
		got, msg := parseCollected(in, now)
		if msg != "" || !got.Equal(want) {
			t.Errorf("%q: %v %q", in, got, msg)
		}
	}
	for _, in := range []string{"", "yesterday", "2026-11-23 10:00", "13:00"} {
		if _, msg := parseCollected(in, now); msg == "" {
			t.Errorf("%q accepted", in)
		}
	}
}
