package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/ui/patients"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestFirstRunSetupShowsRecoveryKeyThenOpensShell(t *testing.T) {
	ui := openUI(t, filepath.Join(t.TempDir(), "new.dossier"))
	wantText(t, ui, "Set up Dossier")
	setText(ui, findEntry(t, ui, "e.g. Kasese"), "Bwindi Health Centre")
	setText(ui, findEntry(t, ui, "2–5 letters"), "bhc")
	setText(ui, findEntry(t, ui, "The administrator's full name"), "Ruth Admin")
	pws := passwordEntries(ui)
	setText(ui, pws[0], pw)
	setText(ui, pws[1], "different pw")
	tap(ui, findButton(t, ui, "Create clinic"))
	wantText(t, ui, "The two passwords differ")
	setText(ui, pws[1], pw)
	tap(ui, findButton(t, ui, "Create clinic"))
	wantText(t, ui, "Your recovery key")
	cont := findButton(t, ui, "Continue")
	if !cont.Disabled() {
		t.Fatal("Continue enabled before the key was confirmed")
	}
	var check *widget.Check
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok {
			check = c
		}
		return true
	})
	onUI(ui, func() { check.SetChecked(true) })
	tap(ui, cont)
	got := strings.Join(ui.SectionTitles(), ",")
	if got != "My work,Patients,Admissions,Statistics,Exchange (FHIR),Interfaces,Registers,Charts,Return to the ministry,Users,Audit trail,Backups,Code sets,Settings,Replication,My account" {
		t.Fatalf("admin sections: %s", got)
	}
}

func TestWrongPasswordThenSignInAndVisitEverySection(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	setText(ui, findEntry(t, ui, "Username"), "admin")
	setText(ui, findEntry(t, ui, "Password"), "wrong password")
	tap(ui, findButton(t, ui, "Sign in"))
	wantText(t, ui, "Wrong username or password. Nothing was changed.")
	signInAs(t, ui, "admin")
	for _, s := range ui.SectionTitles() {
		ok := false
		onUI(ui, func() { ok = ui.OpenSection(s) })
		ui.Wait()
		if !ok {
			t.Fatalf("cannot open %s", s)
		}
		wantText(t, ui, s)
	}
	onUI(ui, func() { ui.OpenSection("Audit trail") })
	ui.Wait()
	wantText(t, ui, "entries shown")
}

func TestClerkSeesOnlyTheirSections(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	if got := strings.Join(ui.SectionTitles(), ","); got != "My work,Patients,Scanning,Keying,Batches,Charts out,Specimens,Admissions,Statistics,Interfaces,Registers,Charts,Replication,My account" {
		t.Fatalf("clerk sections: %s", got)
	}
}

func TestRegisterSearchEditAndHistory(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	onUI(ui, func() { ui.OpenSection("Patients") }) // My work opens first
	ui.Wait()
	search := findEntry(t, ui, "Search")
	onUI(ui, func() { test.Type(search, "jose munoz") })
	ui.Wait()
	wantText(t, ui, "1 match, best first")
	wantText(t, ui, "MUÑOZ, José")
	wantText(t, ui, "given name jose; family name munoz")
	setText(ui, search, "TST-0000001-X")
	wantText(t, ui, "not valid: a character is mistyped")

	onUI(ui, func() { patients.Register(ui.h) })
	setText(ui, findEntry(t, ui, "Given name"), "Wanjiru")
	setText(ui, findEntry(t, ui, "2024-03-12"), "2999-01-01")
	var sex *widget.Select
	walkSelects(ui, func(s *widget.Select) { sex = s })
	onUI(ui, func() { sex.SetSelected("Female") })
	onUI(ui, func() { findEntry(t, ui, "Given name").OnSubmitted("") })
	ui.Wait()
	if ui.shell.content.Objects == nil || !strings.Contains(screenText(ui), "Register (Enter)") {
		t.Fatal("form left despite a future birth date")
	}
	setText(ui, findEntry(t, ui, "2024-03-12"), "")
	setText(ui, findEntry(t, ui, "or age in years"), "about 40")
	onUI(ui, func() { findEntry(t, ui, "Given name").OnSubmitted("") }) // Enter saves
	ui.Wait()
	wantText(t, ui, "MRN TST-0000004-M   ·   ~40 y F   ·   born about 1986 (estimated)") // single name, estimated age

	tap(ui, findButton(t, ui, "Edit"))
	setText(ui, findEntry(t, ui, "+256"), "+256 772 000111")
	tap(ui, findButton(t, ui, "Save changes"))
	reason := reasonBox(t, ui)
	setText(ui, reason, "patient gave a new phone number")
	tap(ui, findButton(t, ui, "Save"))
	selectTab(ui, "Details")
	wantText(t, ui, "+256 772 000111")
	selectTab(ui, "History")
	wantText(t, ui, "Rev 2 · ")
	wantText(t, ui, "patient gave a new phone number")
}

func TestRestrictedRecordAsksToBreakTheGlass(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	ui.Wait()
	list, _ := ui.h.Session().Patients().List(false)
	var hidden model.ID
	for _, p := range list {
		if p.Restricted {
			hidden = p.ID
		}
	}
	onUI(ui, func() { ui.h.OpenChart(hidden) })
	ui.Wait()
	wantText(t, ui, "Open record")
	reason := reasonBox(t, ui)
	setText(ui, reason, "unconscious in casualty")
	tap(ui, findButton(t, ui, "Open record"))
	wantText(t, ui, "RESTRICTED RECORD")
}

func TestIdleLockReturnsToSignIn(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	ui.idle.arm(100 * time.Millisecond)
	signedIn := func() bool {
		var in bool
		onUI(ui, func() { in = ui.h.Session() != nil })
		return in
	}
	deadline := time.Now().Add(5 * time.Second)
	for signedIn() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	ui.Wait()
	if signedIn() {
		t.Fatal("did not lock when idle")
	}
	wantText(t, ui, "Locked — sign in to continue")
	if findEntry(t, ui, "Username").Text != "admin" {
		t.Error("username not kept after lock")
	}
}

func TestSecondInstanceExplains(t *testing.T) {
	path := newDemoStore(t)
	first := openUI(t, path)
	_ = first
	second := openUI(t, path)
	wantText(t, second, "Dossier is already open on this computer")
}

// selectTab opens a chart tab by its title.
func selectTab(ui *UI, title string) {
	var tabs *container.AppTabs
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*container.AppTabs); ok {
			tabs = x
		}
		return true
	})
	if tabs == nil {
		return
	}
	onUI(ui, func() {
		for i, it := range tabs.Items {
			if it.Text == title {
				tabs.SelectIndex(i)
			}
		}
	})
	ui.Wait()
}

// Locking while a chart is still loading must not touch the locked window
// (it used to call the cleared session's Can: a nil-pointer panic). The
// completion is dropped and the window shows the sign-in form.
func TestLockWhileAChartLoadsDropsTheCompletion(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	list, err := ui.h.Session().Patients().List(false)
	if err != nil || len(list) == 0 {
		t.Fatalf("patients: %v %d", err, len(list))
	}
	for i := range min(5, len(list)) {
		onUI(ui, func() {
			ui.h.OpenChart(list[i].ID)
			ui.lock("lock")
		})
		ui.Wait()
		wantText(t, ui, "Locked — sign in to continue")
		signInAs(t, ui, "clerk1")
	}
}

// A demo store says so in the title bar; a clinic's store does not.
func TestDemoStoreTitle(t *testing.T) {
	clinic := openUI(t, newDemoStore(t))
	if got := clinic.win.Title(); got != "Dossier" {
		t.Fatalf("clinic store titled %q", got)
	}
	path := filepath.Join(t.TempDir(), "demo.dossier")
	s, _, _, err := storage.Create(path, model.DefaultClinic("Demo Clinic", "DEM"),
		model.User{Username: "admin", FullName: "Ada Admin"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	demo := openUI(t, path)
	if got := demo.win.Title(); got != "Dossier (demo)" {
		t.Fatalf("demo store titled %q", got)
	}
}
