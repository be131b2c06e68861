package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"
)

// storeSwitch is the shell's side of the Backups screen (admin.StoreSwitch):
// only the shell holds the open store.
type storeSwitch struct{ ui *UI }

// Restore signs out, closes the store, restores, and reopens at sign-in.
func (s storeSwitch) Restore(path, password string) { s.ui.restoreBackup(path, password) }

// BackupMade shows or hides the backup reminder again.
func (s storeSwitch) BackupMade() {
	if s.ui.shell != nil {
		s.ui.shell.refreshReminder()
	}
}

// settingsApplied applies saved clinic settings to the window: the idle
// lock and the backup reminder.
func (ui *UI) settingsApplied() {
	ui.armIdleLock()
	if ui.shell != nil {
		ui.shell.refreshReminder()
	}
}

// restoreBackup signs out, closes the store, restores the backup at path,
// and reopens the store at sign-in.
func (ui *UI) restoreBackup(path, pw string) {
	if ui.h.Session() == nil {
		return
	}
	user := ui.h.Session().User().Username
	cred := storage.Credentials{Username: user, Password: pw}
	sess, store, dbPath, kdf := ui.h.Session(), ui.store, ui.dbPath, ui.kdf
	waitSync := ui.syncWhileLocking()
	ui.syncing.forget()
	ui.h.SignedOut()
	ui.idle.stop()
	type outcome struct {
		kept  string
		store *storage.Store
	}
	kit.Go(ui.h, func() (outcome, error) {
		waitSync()
		ui.syncing.loops.Wait() // a locked pull too: the store closes
		sess.Lock(model.ActSignOut)
		store.Close()
		_, kept, err := storage.RestoreBackup(path, dbPath, cred, storage.RestoreOptions{})
		s, oerr := storage.Open(dbPath, kdf)
		if err == nil {
			err = oerr
		}
		return outcome{kept, s}, err
	}, func(o outcome, err error) {
		ui.useStore(o.store)
		if ui.store == nil {
			ui.showCannotOpen(err)
			return
		}
		ui.showSignIn(user)
		if err != nil {
			ui.h.ShowError(fmt.Errorf("nothing was restored: %w", err))
			return
		}
		ui.h.Notice(lang.X("backup.restored", "The backup was restored. The previous store is kept at {{.Path}}. Sign in again.", map[string]any{"Path": o.kept}))
	})
}
