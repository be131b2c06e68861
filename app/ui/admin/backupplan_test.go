package admin

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// overlayWidgets lists the entries, checks and buttons of the open dialogs.
func overlayWidgets(h interface{ Canvas() fyne.Canvas }) (entries []*widget.Entry, checks []*widget.Check, buttons []*widget.Button) {
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Entry:
			entries = append(entries, x)
			return
		case *widget.Check:
			checks = append(checks, x)
			return
		case *widget.Button:
			buttons = append(buttons, x)
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				visit(c)
			}
		}
	}
	for _, o := range h.Canvas().Overlays().List() {
		visit(o)
	}
	return
}

func TestScheduleBackupsAndListThem(t *testing.T) {
	h, sess := signedInHost(t)
	v := (*planView)(nil)
	h.Serialized(func() { v = newPlanView(h) })
	h.Wait()
	if !strings.Contains(v.summary.Text, "no scheduled backups") {
		t.Fatalf("summary %q", v.summary.Text)
	}
	dir := t.TempDir()
	h.Serialized(v.edit)
	entries, checks, buttons := overlayWidgets(h.Win)
	if len(entries) != 3 || len(checks) != 2 {
		t.Fatalf("the form has %d entries and %d ticks", len(entries), len(checks))
	}
	h.Serialized(func() {
		checks[0].SetChecked(true)
		entries[0].SetText("25:00")
		entries[1].SetText(dir)
		entries[2].SetText("3")
	})
	var save *widget.Button
	for _, b := range buttons {
		if strings.HasPrefix(b.Text, "Save") {
			save = b
		}
	}
	h.Serialized(func() { test.Tap(save) })
	h.Wait()
	if p, _ := sess.Admin().BackupPlan(); p.On() {
		t.Fatal("a plan with 25:00 was saved")
	}
	h.Serialized(func() { entries[0].SetText("17:30"); test.Tap(save) })
	h.Wait()
	if !strings.Contains(v.summary.Text, "daily at 17:30, to "+dir+", keeping the last 3") {
		t.Fatalf("summary %q", v.summary.Text)
	}
	if _, err := sess.Admin().RunPlannedBackup(context.Background(), "daily at 17:30", nil); err != nil {
		t.Fatal(err)
	}
	h.Serialized(v.reload)
	h.Wait()
	if len(v.made) != 1 || !strings.HasPrefix(checkText(v.made[0]), "checksum good") {
		t.Fatalf("list %+v", v.made)
	}
}

func TestCheckAListedBackupInFull(t *testing.T) {
	h, sess := signedInHost(t)
	b := &backups{h: h, store: &fakeStore{}, last: widget.NewLabel(""), result: widget.NewLabel("")}
	h.Serialized(func() { b.plan = newPlanView(h) })
	path := t.TempDir() + "/b.dbak"
	if _, err := sess.Admin().BackupToFile(path); err != nil {
		t.Fatal(err)
	}
	h.Serialized(func() { b.runListedCheck(path, pw) })
	h.Wait()
	if !strings.HasPrefix(b.result.Text, "Backup is good") {
		t.Fatalf("result %q", b.result.Text)
	}
	if len(b.plan.made) != 1 || !strings.HasPrefix(checkText(b.plan.made[0]), "fully checked") {
		t.Fatalf("list %+v", b.plan.made)
	}
}
