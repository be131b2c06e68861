package model

import (
	"testing"
	"time"
)

func TestBackupPlanDailyDue(t *testing.T) {
	loc := time.UTC
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	p := BackupPlan{Daily: true, At: "17:30", Folder: "/media/usb", Keep: 7}
	for _, c := range []struct {
		name      string
		last, now time.Time
		want      bool
	}{
		{"before the time", at(3, 18, 0), at(4, 17, 29), false},
		{"at the time", at(3, 18, 0), at(4, 17, 30), true},
		{"later the same day", at(3, 18, 0), at(4, 22, 0), true},
		{"already made after the time", at(4, 17, 31), at(4, 22, 0), false},
		{"made by hand before the time", at(4, 9, 0), at(4, 17, 45), true},
		{"never made", time.Time{}, at(4, 17, 30), true},
	} {
		if got := p.DailyDue(c.last, c.now); got != c.want {
			t.Errorf("%s: DailyDue = %v, want %v", c.name, got, c.want)
		}
	}
	if (BackupPlan{At: "17:30"}).DailyDue(time.Time{}, at(4, 18, 0)) {
		t.Error("a plan without the daily backup is due")
	}
}

func TestBackupPlanValidate(t *testing.T) {
	for _, c := range []struct {
		p  BackupPlan
		ok bool
	}{
		{BackupPlan{}, true},
		{BackupPlan{Daily: true, At: "17:30", Folder: "/b", Keep: 7}, true},
		{BackupPlan{OnLastSignOut: true, Folder: "/b", Keep: 1}, true},
		{BackupPlan{Daily: true, At: "7:05", Folder: "/b", Keep: 60}, true},
		{BackupPlan{Daily: true, At: "24:00", Folder: "/b", Keep: 7}, false},
		{BackupPlan{Daily: true, At: "17:30x", Folder: "/b", Keep: 7}, false},
		{BackupPlan{Daily: true, At: "", Folder: "/b", Keep: 7}, false},
		{BackupPlan{Daily: true, At: "17:30", Folder: " ", Keep: 7}, false},
		{BackupPlan{OnLastSignOut: true, Folder: "/b", Keep: 0}, false},
		{BackupPlan{OnLastSignOut: true, Folder: "/b", Keep: 61}, false},
	} {
		if err := c.p.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v, want ok=%v", c.p, err, c.ok)
		}
	}
}

// FuzzBackupTime: the time an administrator types for the daily backup.
func FuzzBackupTime(f *testing.F) {
	for _, s := range []string{"17:30", "7:05", "24:00", "", "17:30x", "-1:-1", "23:59", " 9:00 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := BackupPlan{Daily: true, At: s, Folder: "/b", Keep: 1}
		if p.Validate() != nil {
			if p.DailyDue(time.Time{}, time.Now()) {
				t.Fatalf("a plan with the refused time %q is due", s)
			}
			return
		}
		h, m, ok := parseClock(s)
		if !ok || h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("%q accepted as %d:%d", s, h, m)
		}
	})
}
