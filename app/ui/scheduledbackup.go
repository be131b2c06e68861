package ui

import (
	"context"
	"log"
	"sync"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// The administrator's backup plan runs from the window: the daily backup
// once its time has come (checked every minute while someone is signed
// in: a locked store has no keys to read it with, so a backup due while
// locked is made at the next sign-in), and the backup at the last sign-out
// when the window is closed. Storage checks the plan's authority; whoever
// is signed in makes the backup.

// backupClock ticks once a minute for the daily backup.
type backupClock struct {
	mu      sync.Mutex
	stopped chan struct{}
	busy    bool // a scheduled backup is being made
}

func (ui *UI) startBackupClock() {
	c := &ui.backups
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped != nil {
		return
	}
	c.stopped = make(chan struct{})
	stop := c.stopped
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fyne.Do(func() { ui.h.Serialized(ui.dailyBackupIfDue) })
			case <-stop:
				return
			}
		}
	}()
}

func (ui *UI) stopBackupClock() {
	c := &ui.backups
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped != nil {
		close(c.stopped)
		c.stopped = nil
	}
}

// setBusy marks a scheduled backup as started; false if one already is.
func (c *backupClock) setBusy(on bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if on && c.busy {
		return false
	}
	c.busy = on
	return true
}

// The reasons a planned backup is made, kept with it in the store and the
// audit trail in English (the Backups screen shows them translated:
// admin.whyText).
const (
	whyDaily   = "daily at "
	whySignOut = "when the last user signed out"
)

// dailyBackupIfDue makes the daily backup in the background when it is
// due, and says under the top bar how it went.
func (ui *UI) dailyBackupIfDue() {
	if ui.h.Session() == nil || ui.shell == nil || !ui.backups.setBusy(true) {
		return
	}
	type result struct {
		made model.BackupMade
		due  bool
	}
	kit.Run(ui.h, func(sess *storage.Session) (result, error) {
		defer ui.backups.setBusy(false)
		plan, err := sess.Admin().BackupPlan()
		if err != nil {
			return result{}, err
		}
		if due, err := sess.Admin().PlannedBackupDue(time.Now()); err != nil || !due {
			return result{}, err
		}
		made, err := sess.Admin().RunPlannedBackup(context.Background(), whyDaily+plan.At, nil)
		return result{made, true}, err
	}, func(r result, err error) {
		switch {
		case err != nil:
			ui.shell.flash(lang.X("backup.scheduled_failed", "The scheduled backup was not made: {{.Error}}", map[string]any{"Error": kit.Plain(err)}))
		case r.due:
			ui.shell.tell(lang.X("backup.scheduled_made", "Scheduled backup made to {{.Path}}.", map[string]any{"Path": r.made.Path}))
			ui.shell.refreshReminder()
		}
	})
}

// closeWithBackup is the window's close: when the plan backs up at the
// last sign-out, the backup is made first, with progress; if it fails the
// user chooses to close anyway or stay.
func (ui *UI) closeWithBackup() {
	sess := ui.h.Session()
	if sess == nil {
		ui.win.Close()
		return
	}
	plan, err := sess.Admin().BackupPlan()
	if err != nil || !plan.OnLastSignOut {
		ui.win.Close()
		return
	}
	ui.h.WithProgress(lang.X("backup.before_closing", "Backing up before closing"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		_, err := sess.Admin().RunPlannedBackup(ctx, whySignOut, progress)
		return err
	}, func(err error) {
		if err == nil {
			ui.win.Close()
			return
		}
		log.Printf("backup at sign-out: %v", err)
		dialog.NewConfirm(lang.X("backup.not_made", "The backup was not made"), kit.Plain(err)+"\n\n"+lang.X("backup.close_without", "Close Dossier without it?"), func(yes bool) {
			if yes {
				ui.win.Close()
			}
		}, ui.win).Show()
	})
}
