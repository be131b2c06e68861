package admin

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StoreSwitch is what the Backups screen needs from the shell, which
// holds the open store: restoring closes it, replaces it and shows
// sign-in again.
type StoreSwitch interface {
	// Restore signs everyone out, restores the store from the backup at
	// path (unlocked with the signed-in user's password) and reopens it
	// at sign-in.
	Restore(path, password string)
	// BackupMade shows or hides the backup reminder again.
	BackupMade()
}

// backups is the Backups section: it makes, checks and restores backups.
type backups struct {
	h      *kit.Host
	store  StoreSwitch
	last   *widget.Label // when the last backup was made
	result *widget.Label // what the last action found
	plan   *planView     // the schedule and the list of past backups
}

// auditChecked begins the audit entry of a checked backup (the trail is
// kept in one language, like the rest of the log).
const auditChecked = "checked backup "

// BackupScreen is the Backups section.
func BackupScreen(h *kit.Host, store StoreSwitch) fyne.CanvasObject {
	b := &backups{h: h, store: store, last: kit.WrapLabel(""), result: kit.WrapLabel("")}
	backup := widget.NewButtonWithIcon(lang.X("admin.backup.back_up_now", "Back up now…"), theme.DocumentSaveIcon(), h.Act(b.chooseBackupFile))
	backup.Importance = widget.HighImportance
	verify := widget.NewButtonWithIcon(lang.X("admin.backup.check_a_backup", "Check a backup…"), theme.ConfirmIcon(), h.Act(b.chooseVerifyFile))
	restore := widget.NewButtonWithIcon(lang.X("admin.backup.restore_from_a_backup_dots", "Restore from a backup…"), theme.HistoryIcon(), h.Act(b.chooseRestoreFile))
	explain := kit.WrapLabel(lang.X("admin.backup.explain", "A backup is a consistent copy of the whole store, still encrypted, with a manifest (checksum, record counts, time, version). Keep backups on a USB disk stored away from this computer. Checking a backup proves it opens and that every record in it decrypts. Restoring keeps the current store beside the restored one."))
	b.showLast()
	b.plan = newPlanView(h)
	b.plan.checkFull = func(path string) {
		b.askPassword(lang.X("admin.backup.check_file", "Check {{.File}}", map[string]any{"File": filepath.Base(path)}), func(pw string) { b.runListedCheck(path, pw) })
	}
	schedule := widget.NewButtonWithIcon(lang.X("admin.backup.schedule", "Schedule…"), theme.HistoryIcon(), h.Act(b.plan.edit))
	top := container.NewVBox(kit.Heading(lang.X("nav.backups", "Backups")), b.last, explain, container.NewHBox(backup, verify, restore), b.result,
		widget.NewSeparator(), container.NewBorder(nil, nil, nil, schedule, b.plan.summary), kit.Heading(lang.X("admin.backup.past_backups", "Past backups")))
	return container.NewBorder(top, nil, nil, nil, b.plan.table)
}

// showLast reads when the last backup was made (off the UI goroutine:
// it reads the store) and shows it.
func (b *backups) showLast() {
	kit.Run(b.h, func(sess *storage.Session) (time.Time, error) {
		_, last := sess.Admin().BackupDue(time.Now())
		return last, nil
	}, func(t time.Time, _ error) { b.last.SetText(lastBackupText(b.h, t)) })
}

func lastBackupText(h *kit.Host, t time.Time) string {
	if t.IsZero() {
		return lang.X("admin.backup.none_yet", "No backup has been made yet.")
	}
	return lang.X("admin.backup.last", "Last backup: {{.When}} ({{.Ago}}).", map[string]any{"When": h.When(t), "Ago": kit.DaysAgo(t, time.Now())})
}

func (b *backups) chooseBackupFile() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		b.runBackup(path)
	}, b.h.Win)
	d.SetFileName("dossier-" + time.Now().Format("2006-01-02") + ".dbak")
	d.Show()
}

// runBackup backs up to path with progress and Cancel.
func (b *backups) runBackup(path string) {
	var man storage.Manifest
	b.h.WithProgress(lang.X("admin.backup.backing_up", "Backing up"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		man, err = sess.Admin().BackupToFileWith(ctx, path, progress)
		return err
	}, func(err error) {
		if err != nil {
			b.result.SetText(kit.Plain(err))
			return
		}
		b.showLast()
		if b.plan != nil { // the screen's, not a test's bare backups
			b.plan.reload()
		}
		n := man.Counts[model.KindPatient]
		b.result.SetText(lang.X("admin.backup.saved", "Backup saved to {{.Path}}: {{.Size}} MB, {{.Patients}}, checksum {{.Sum}}…", map[string]any{"Path": path, "Size": fmt.Sprintf("%.1f", float64(man.Size)/1e6),
			"Patients": lang.XN("admin.backup.patients", "{{.Count}} patients", n, map[string]any{"Count": n}), "Sum": man.SHA256[:16]}))
		b.store.BackupMade()
	})
}

func (b *backups) chooseVerifyFile() {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		b.askPassword(lang.X("admin.backup.check_file", "Check {{.File}}", map[string]any{"File": filepath.Base(path)}), func(pw string) { b.runVerify(path, pw) })
	}, b.h.Win).Show()
}

// askPassword asks the signed-in user's password again (backups are
// unlocked with the password that was valid when they were made).
func (b *backups) askPassword(title string, ok func(string)) {
	sess := b.h.Session()
	if sess == nil {
		return
	}
	pw := widget.NewPasswordEntry()
	d := dialog.NewForm(title, lang.X("admin.backup.continue", "Continue"), lang.X("common.cancel", "Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.X("admin.backup.password_of", "Password of {{.User}}", map[string]any{"User": sess.User().Username}), pw)}, func(yes bool) {
		if yes {
			ok(pw.Text)
		}
	}, b.h.Win)
	d.Resize(fyne.NewSize(440, 180))
	d.Show()
	b.h.Win.Canvas().Focus(pw)
}

// runVerify checks the backup at path in full and records the check in
// the audit trail.
func (b *backups) runVerify(path, pw string) {
	sess := b.h.Session()
	if sess == nil {
		return
	}
	var rep storage.VerifyReport
	var auditErr error
	cred := storage.Credentials{Username: sess.User().Username, Password: pw}
	b.h.WithProgress(lang.X("admin.backup.checking", "Checking the backup"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		rep, err = storage.VerifyBackupWith(ctx, path, cred, progress)
		if err == nil {
			auditErr = sess.LogAction(model.ActView, "", model.ZeroID, auditChecked+filepath.Base(path))
		}
		return err
	}, func(err error) {
		if err != nil {
			b.result.SetText(kit.Plain(err))
			return
		}
		if auditErr != nil {
			b.h.ShowError(fmt.Errorf("%s: %w", lang.X("admin.backup.check_not_recorded", "The check could not be recorded in the audit trail"), auditErr))
		}
		if !rep.OK() {
			b.result.SetText(lang.XN("admin.backup.problems", "The backup has {{.Count}} problems. First: {{.First}}", len(rep.Problems), map[string]any{"Count": len(rep.Problems), "First": fmt.Sprint(rep.Problems[0])}))
			return
		}
		b.result.SetText(goodBackupText(rep))
	})
}

func (b *backups) chooseRestoreFile() {
	dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		msg := kit.WrapLabel(lang.X("admin.backup.restore_explain", "Restoring replaces the clinic's store with the backup {{.File}}. The backup is checked in full first; the current store is kept beside it as a .before-restore file. Everyone is signed out.", map[string]any{"File": filepath.Base(path)}))
		dialog.NewCustomConfirm(lang.X("admin.backup.restore_from_a_backup", "Restore from a backup"), lang.X("admin.backup.restore", "Restore"), lang.X("common.cancel", "Cancel"), msg, func(yes bool) {
			if yes {
				b.askPassword(lang.X("admin.backup.restore_file", "Restore {{.File}}", map[string]any{"File": filepath.Base(path)}), func(pw string) { b.store.Restore(path, pw) })
			}
		}, b.h.Win).Show()
	}, b.h.Win).Show()
}

// runListedCheck checks a listed backup in full and records the result in
// the list (storage audits the check).
func (b *backups) runListedCheck(path, pw string) {
	sess := b.h.Session()
	if sess == nil {
		return
	}
	var rep storage.VerifyReport
	cred := storage.Credentials{Username: sess.User().Username, Password: pw}
	b.h.WithProgress(lang.X("admin.backup.checking", "Checking the backup"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		rep, err = sess.Admin().CheckListedBackup(ctx, path, cred, progress)
		return err
	}, func(err error) {
		b.plan.reload()
		switch {
		case err != nil:
			b.result.SetText(kit.Plain(err))
		case !rep.OK():
			b.result.SetText(lang.XN("admin.backup.problems", "The backup has {{.Count}} problems. First: {{.First}}", len(rep.Problems), map[string]any{"Count": len(rep.Problems), "First": fmt.Sprint(rep.Problems[0])}))
		default:
			b.result.SetText(goodBackupText(rep))
		}
	})
}

// goodBackupText says what a verified backup held, in plain counts.
func goodBackupText(rep storage.VerifyReport) string {
	audit := int(rep.AuditEntries)
	return lang.X("admin.backup.good", "Backup is good: made {{.Made}} by {{.By}}; {{.Records}} and {{.Revisions}} decrypted; {{.Audit}} verified.", map[string]any{"Made": rep.Manifest.Created.Local().Format("2006-01-02 15:04"), "By": rep.Manifest.By,
		"Records":   lang.XN("admin.backup.records", "{{.Count}} records", rep.Records, map[string]any{"Count": rep.Records}),
		"Revisions": lang.XN("admin.backup.revisions", "{{.Count}} revisions", rep.Revisions, map[string]any{"Count": rep.Revisions}),
		"Audit":     lang.XN("admin.backup.audit_entries", "{{.Count}} audit entries", audit, map[string]any{"Count": audit}),
	})
}
