package ui

import (
	"strings"
	"testing"
	"time"
)

// The backup reminder says how long ago in a clerk's words, never "0 days
// ago" or "1 days ago".
func TestBackupReminderSaysDaysInWords(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	now := time.Now()
	for _, c := range []struct {
		last time.Time
		want string
	}{
		{now.AddDate(0, 0, -1), "The last backup was made yesterday."},
		{now.AddDate(0, 0, -9), "The last backup was made 9 days ago."},
		{now, "The last backup was made today."},
	} {
		onUI(ui, func() { ui.shell.showReminder(true, c.last) })
		wantText(t, ui, c.want)
		if s := screenText(ui); strings.Contains(s, "0 days ago") || strings.Contains(s, "1 days") {
			t.Errorf("reminder for %s: %s", c.last, s)
		}
	}
}
