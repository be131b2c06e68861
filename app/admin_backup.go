package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// backupScreen makes, checks and restores backups.
func (ui *UI) backupScreen() fyne.CanvasObject {
	last := wrapLabel(ui.lastBackupText())
	result := wrapLabel("")
	backup := widget.NewButtonWithIcon("Back up now…", theme.DocumentSaveIcon(), ui.act(func() { ui.chooseBackupFile(last, result) }))
	backup.Importance = widget.HighImportance
	verify := widget.NewButtonWithIcon("Check a backup…", theme.ConfirmIcon(), ui.act(func() { ui.chooseVerifyFile(result) }))
	restore := widget.NewButtonWithIcon("Restore from a backup…", theme.HistoryIcon(), ui.act(ui.chooseRestoreFile))
	explain := wrapLabel("A backup is a consistent copy of the whole store, still encrypted, with a manifest " +
		"(checksum, record counts, time, version). Keep backups on a USB disk stored away from this computer. " +
		"Checking a backup proves it opens and that every record in it decrypts. Restoring keeps the current store beside the restored one.")
	return container.NewVBox(heading("Backups"), last, explain, container.NewHBox(backup, verify, restore), result)
}

func (ui *UI) lastBackupText() string {
	t := ui.store.LastBackup()
	if t.IsZero() {
		return "No backup has been made yet."
	}
	return fmt.Sprintf("Last backup: %s (%d days ago).", t.Local().Format("2006-01-02 15:04"), int(time.Since(t).Hours()/24))
}

func (ui *UI) chooseBackupFile(last, result *widget.Label) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		ui.runBackup(path, last, result)
	}, ui.win)
	d.SetFileName("dossier-" + time.Now().Format("2006-01-02") + ".dbak")
	d.Show()
}

// runBackup backs up to path with progress and Cancel.
func (ui *UI) runBackup(path string, last, result *widget.Label) {
	var man storage.Manifest
	ui.withProgress("Backing up", func(ctx context.Context, progress func(float64)) error {
		var err error
		man, err = ui.sess.Admin().BackupToFileWith(ctx, path, progress)
		return err
	}, func(err error) {
		if err != nil {
			result.SetText(plain(err))
			return
		}
		last.SetText(ui.lastBackupText())
		result.SetText(fmt.Sprintf("Backup saved to %s: %.1f MB, %d patients, checksum %s…",
			path, float64(man.Size)/1e6, man.Counts[model.KindPatient], man.SHA256[:16]))
		ui.shell.refreshReminder()
	})
}

func (ui *UI) chooseVerifyFile(result *widget.Label) {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		ui.askPassword("Check "+filepath.Base(path), func(pw string) { ui.runVerify(path, pw, result) })
	}, ui.win).Show()
}

// askPassword asks the signed-in user's password again (backups are
// unlocked with the password that was valid when they were made).
func (ui *UI) askPassword(title string, ok func(string)) {
	pw := widget.NewPasswordEntry()
	d := dialog.NewForm(title, "Continue", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Password of "+ui.sess.User().Username, pw)}, func(yes bool) {
		if yes {
			ok(pw.Text)
		}
	}, ui.win)
	d.Resize(fyne.NewSize(440, 180))
	d.Show()
	ui.win.Canvas().Focus(pw)
}

func (ui *UI) runVerify(path, pw string, result *widget.Label) {
	var rep storage.VerifyReport
	cred := storage.Credentials{Username: ui.sess.User().Username, Password: pw}
	ui.withProgress("Checking the backup", func(ctx context.Context, progress func(float64)) error {
		var err error
		rep, err = storage.VerifyBackupWith(ctx, path, cred, progress)
		return err
	}, func(err error) {
		if err != nil {
			result.SetText(plain(err))
			return
		}
		ui.sess.LogAction(model.ActView, "", model.ZeroID, "checked backup "+filepath.Base(path))
		if !rep.OK() {
			result.SetText(fmt.Sprintf("The backup has %d problems. First: %s", len(rep.Problems), rep.Problems[0]))
			return
		}
		result.SetText(fmt.Sprintf("Backup is good: made %s by %s; %d records and %d revisions decrypted; %d audit entries verified.",
			rep.Manifest.Created.Local().Format("2006-01-02 15:04"), rep.Manifest.By, rep.Records, rep.Revisions, rep.AuditEntries))
	})
}

func (ui *UI) chooseRestoreFile() {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		msg := wrapLabel("Restoring replaces the clinic's store with the backup " + filepath.Base(path) +
			". The backup is checked in full first; the current store is kept beside it as a .before-restore file. " +
			"Everyone is signed out.")
		dialog.NewCustomConfirm("Restore from a backup", "Restore", "Cancel", msg, func(yes bool) {
			if yes {
				ui.askPassword("Restore "+filepath.Base(path), func(pw string) { ui.runRestore(path, pw) })
			}
		}, ui.win).Show()
	}, ui.win).Show()
}

// runRestore signs out, closes the store, restores, and reopens at sign-in.
func (ui *UI) runRestore(path, pw string) {
	user := ui.sess.User().Username
	cred := storage.Credentials{Username: user, Password: pw}
	sess := ui.sess
	ui.sess = nil
	ui.idle.stop()
	type outcome struct {
		kept  string
		store *storage.Store
	}
	background(ui, func() (outcome, error) {
		sess.Lock(model.ActSignOut)
		ui.store.Close()
		_, kept, err := storage.RestoreBackup(path, ui.dbPath, cred, storage.RestoreOptions{})
		s, oerr := storage.Open(ui.dbPath, ui.kdf)
		if err == nil {
			err = oerr
		}
		return outcome{kept, s}, err
	}, func(o outcome, err error) {
		ui.store = o.store
		if ui.store == nil {
			ui.showCannotOpen(err)
			return
		}
		ui.showSignIn(user)
		if err != nil {
			ui.showError(fmt.Errorf("nothing was restored: %w", err))
			return
		}
		ui.notice("The backup was restored. The previous store is kept at " + o.kept + ". Sign in again.")
	})
}
