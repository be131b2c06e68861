package ui

import (
	"os"
	"path/filepath"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func openSection(t *testing.T, ui *UI, title string) {
	t.Helper()
	ok := false
	onUI(ui, func() { ok = ui.OpenSection(title) })
	ui.Wait()
	if !ok {
		t.Fatalf("no section %s", title)
	}
}

// dialogEntries returns the entries of the topmost dialog, in order.
func dialogEntries(ui *UI) []*widget.Entry {
	var out []*widget.Entry
	top := ui.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if e, ok := kit.EntryOf(o); ok {
			out = append(out, e)
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range testRenderer(x) {
				visit(c)
			}
		}
	}
	visit(top)
	return out
}

func TestAdminAddsAUserWhoCanSignIn(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Users")
	wantText(t, ui, "3 accounts")
	tap(ui, findButton(t, ui, "Add user"))
	es := dialogEntries(ui)
	if len(es) != 3 {
		t.Fatalf("add-user dialog has %d entries", len(es))
	}
	setText(ui, es[0], "coder9")
	setText(ui, es[1], "Cora Coder")
	setText(ui, es[2], "a long password 9")
	tap(ui, findButton(t, ui, "Create"))
	wantText(t, ui, "4 accounts")
	if _, err := ui.store.SignIn("coder9", "a long password 9"); err != nil {
		t.Fatalf("new user cannot sign in: %v", err)
	}
}

func TestSettingsSaveAndValidate(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Settings")
	// The root of trust matches what the recovery sheet prints.
	fp := ui.store.RootFingerprint()
	if len(fp) < 20 {
		t.Fatalf("root fingerprint %q", fp)
	}
	wantText(t, ui, fp)
	idle := findEntryWithText(t, ui, "10")
	setText(ui, idle, "0")
	tap(ui, findButton(t, ui, "Save settings"))
	wantText(t, ui, "The idle lock is between 1 and 240 minutes.")
	setText(ui, idle, "5")
	tap(ui, findButton(t, ui, "Save settings"))
	wantText(t, ui, "Saved.")
	c, _ := ui.h.Session().Clinic()
	if c.IdleLockMinutes != 5 {
		t.Fatalf("idle minutes = %d", c.IdleLockMinutes)
	}
}

func TestAccountChangesPassword(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	openSection(t, ui, "My account")
	pws := passwordEntries(ui)
	setText(ui, pws[0], pw)
	setText(ui, pws[1], "brand new password")
	setText(ui, pws[2], "brand new password")
	tap(ui, findButton(t, ui, "Change password"))
	wantText(t, ui, "Password changed.")
	if _, err := ui.store.SignIn("clerk1", "brand new password"); err != nil {
		t.Fatal(err)
	}
}

func TestBackupThenRestoreFromTheWindow(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "admin")
	openSection(t, ui, "Backups")
	wantText(t, ui, "No backup has been made yet.")
	// Making and checking the backup from the screen: admin.TestBackupThenCheckItIsAudited.
	backup := filepath.Join(t.TempDir(), "clinic.dbak")
	if _, err := ui.h.Session().Admin().BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Backups")
	wantText(t, ui, "Last backup:")
	// A patient added after the backup disappears with the restore.
	p := model.Patient{GivenName: "After", FamilyName: "Backup", Sex: model.SexMale}
	if err := ui.h.Session().Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { storeSwitch{ui}.Restore(backup, pw) })
	ui.Wait()
	wantText(t, ui, "The backup was restored")
	wantText(t, ui, "Locked — sign in to continue")
	signInAs(t, ui, "admin")
	list, _ := ui.h.Session().Patients().List(false)
	if len(list) != 3 {
		t.Fatalf("after restore %d patients, want 3", len(list))
	}
	kept, _ := filepath.Glob(path + ".before-restore-*")
	if len(kept) != 1 {
		t.Fatalf("old store not kept: %v", kept)
	}
	if _, err := os.Stat(kept[0]); err != nil {
		t.Fatal(err)
	}
}

func TestAuditScreenFiltersAndVerifies(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Audit trail")
	wantText(t, ui, "entries shown")
	tap(ui, findButton(t, ui, "Verify chain"))
	wantText(t, ui, "Chain intact")
	var flagged *widget.Check
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == "Flagged only" {
			flagged = c
		}
		return true
	})
	onUI(ui, func() { flagged.SetChecked(true) })
	ui.Wait()
	wantText(t, ui, "0 entries shown")
}

func findEntryWithText(t *testing.T, ui *UI, text string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok && e.Text == text {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no entry holding %q", text)
	}
	return found
}
