package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/flow/worklist"
	"dossier/model"
	"dossier/storage"
	"dossier/storage/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// exchange hands every document one desk has not sent yet to another, as
// the server would (the protocol itself is tested in app/flow/replicate).
func replicateTo(t *testing.T, from, to *storage.Session) {
	t.Helper()
	for {
		docs, last, err := from.Sync().Outgoing(500)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			return
		}
		if err := from.Sync().Pushed(docs, last); err != nil {
			t.Fatal(err)
		}
		if _, err := to.Sync().Apply(docs, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// conflictedStore makes a demo store whose first patient's family name was
// changed differently on a second desk.
func conflictedStore(t *testing.T) (string, model.ID) {
	path := newDemoStore(t)
	opts := storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true}
	a, err := storage.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sa, err := a.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	file, _, err := sa.Sync().Enrol("a long enrolment passphrase", vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	b, err := storage.Join(filepath.Join(t.TempDir(), "b.dossier"), file, "a long enrolment passphrase", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sb, err := b.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	replicateTo(t, sa, sb)
	list, _ := sa.Patients().List(false)
	id := list[0].ID
	for i, sess := range []*storage.Session{sa, sb} {
		p, rev, err := sess.Patients().Get(id)
		if err != nil {
			t.Fatal(err)
		}
		p.FamilyName = []string{"Desk-A-Name", "Desk-B-Name"}[i]
		if err := sess.Patients().Update(p, rev.Rev, "typing error"); err != nil {
			t.Fatal(err)
		}
	}
	replicateTo(t, sb, sa)
	return path, id
}

func TestConflictsQueueChooseAValue(t *testing.T) {
	path, id := conflictedStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "super1")
	openSection(t, ui, "Replication")
	wantText(t, ui, "1 conflict")
	var list *widget.List
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.List); ok && l.Length() == 1 {
			list = l
		}
		return true
	})
	if list == nil {
		t.Fatalf("no conflicts list: %s", screenText(ui))
	}
	onUI(ui, func() { list.Select(0) })
	ui.Wait()
	groups := radioGroups(ui)
	if len(groups) != 1 {
		t.Fatalf("%d choices shown, want one field", len(groups))
	}
	// Keep the value the merge did not show.
	p, _, _ := ui.h.Session().Patients().Get(id)
	for _, o := range groups[0].Options {
		if !strings.Contains(o, p.FamilyName) {
			onUI(ui, func() { groups[0].SetSelected(o) })
		}
	}
	want := "Desk-A-Name"
	if p.FamilyName == want {
		want = "Desk-B-Name"
	}
	onUI(ui, func() { test.Tap(findButton(t, ui, "Save (Enter)")) })
	ui.Wait()
	wantText(t, ui, "Settled")
	got, _, _ := ui.h.Session().Patients().Get(id)
	if got.FamilyName != want {
		t.Errorf("family name %q after the choice, want %q", got.FamilyName, want)
	}
	if cs, _ := ui.h.Session().Sync().Conflicts(); len(cs) != 0 {
		t.Errorf("%d conflicts left", len(cs))
	}
	wantText(t, ui, "No conflict is waiting.")
}

// A conflict waits in the supervisor's My work too, and opening it goes
// straight to its choice in the Replication section.
func TestConflictOpensFromMyWork(t *testing.T) {
	path, id := conflictedStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "super1")
	wantText(t, ui, "1 · Conflicts between desks to resolve")
	secs, err := worklist.Lists(ui.h.Session(), "", time.Now(), worklist.Sources...)
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(secs, func(s worklist.Section) bool { return s.Key == worklist.ConflictKey })
	var lists *widget.List
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.List); ok && l != ui.shell.nav { // My work's own list of lists
			lists = l
		}
		return true
	})
	if at < 0 || lists == nil {
		t.Fatalf("no conflicts list on My work (%d lists): %s", len(secs), screenText(ui))
	}
	onUI(ui, func() { lists.Select(at) })
	ui.Wait()
	wantText(t, ui, "patient changed on two desks")
	myWorkRow(t, ui, 0)
	if groups := radioGroups(ui); len(groups) != 1 {
		t.Fatalf("%d choices shown after opening the conflict, want one field: %s", len(groups), screenText(ui))
	}
	onUI(ui, func() { test.Tap(findButton(t, ui, "Save (Enter)")) })
	ui.Wait()
	wantText(t, ui, "Settled")
	if cs, _ := ui.h.Session().Sync().Conflicts(); len(cs) != 0 {
		t.Errorf("%d conflicts left for %s", len(cs), id)
	}
}
