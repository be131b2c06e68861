package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// shortcutOf is the Ctrl+digit the Go menu gives a section ("" for none).
func shortcutOf(ui *UI, title string) string {
	for _, m := range ui.win.MainMenu().Items {
		if m.Label != "Go" {
			continue
		}
		for _, it := range m.Items {
			if it.Label == title {
				if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
					return string(sc.KeyName)
				}
				return ""
			}
		}
	}
	return "missing"
}

// A section has the same key for every role that has it.
func TestShortcutsAreTheSameForEveryRole(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	keys := map[string]string{}
	for _, user := range []string{"clerk1", "super1", "admin"} {
		signInAs(t, ui, user)
		for _, title := range ui.SectionTitles() {
			k := shortcutOf(ui, title)
			if k == "missing" {
				t.Fatalf("%s: the Go menu lacks %s", user, title)
			}
			if was, ok := keys[title]; ok && was != k {
				t.Errorf("%s is Ctrl+%s for %s but Ctrl+%s for another role", title, k, user, was)
			}
			keys[title] = k
		}
		onUI(ui, func() { ui.lock("lock") })
		ui.Wait()
	}
	if keys["Patients"] != "1" || keys["Admissions"] != "7" || keys["Release of information"] != "8" {
		t.Errorf("keys %v", keys)
	}
}

func TestGoToNarrowsAsYouType(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	sh := ui.shell
	titles := func(q string) string {
		var s []string
		for _, i := range sh.sectionsMatching(q) {
			s = append(s, sh.sections[i].title)
		}
		return strings.Join(s, ",")
	}
	if got := titles("adm"); got != "Admissions" {
		t.Errorf("adm: %s", got)
	}
	if got := titles("s"); !strings.HasPrefix(got, "Scanning,Specimens,Statistics,Patients,") {
		t.Errorf("s: %s (the ones starting with it first)", got)
	}
	if got := titles("charts"); got != "Charts,Charts out" {
		t.Errorf("charts: %s (the one named exactly first)", got)
	}
	if got := titles(""); len(strings.Split(got, ",")) != len(sh.sections) {
		t.Errorf("empty: %s", got)
	}
	onUI(ui, sh.showGoTo)
	var box *keyEntry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*keyEntry); ok {
			box = e
		}
		return box == nil
	})
	if box == nil {
		t.Fatal("no Go to box")
	}
	// Ctrl+K again while it is open stays in the same dialog.
	onUI(ui, sh.showGoTo)
	if n := len(ui.win.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs after Ctrl+K twice, want one", n)
	}
	onUI(ui, func() { box.SetText("zzz") })
	wantText(t, ui, "No section has that name.")
	onUI(ui, func() { box.SetText("audit"); box.OnSubmitted(box.Text) })
	ui.Wait()
	if s := sh.sections[sh.current].title; s != "Audit trail" {
		t.Fatalf("Go to audit opened %s", s)
	}
}

func TestGuideHasAPageForEverySection(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	pages := map[string]bool{}
	for _, p := range ui.shell.helpPages() {
		pages[p.name] = true
	}
	for _, s := range allSections() {
		if !pages[s.help] {
			t.Errorf("no guide page %s for %s", s.help, s.title)
		}
	}
	onUI(ui, func() { ui.shell.showGuide("") })
	search := findEntry(t, ui, "Search the guide")
	setText(ui, search, "break the glass")
	wantText(t, ui, "Patients")
	setText(ui, search, "zzzz nothing")
	wantText(t, ui, "Nothing in the guide mentions")
}

func TestExportMenuOnlyForRolesThatMayExport(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	hasExport := func() *fyne.MenuItem {
		for _, it := range ui.win.MainMenu().Items[0].Items {
			if it.Label == "Export list as CSV" {
				return it
			}
		}
		return nil
	}
	signInAs(t, ui, "clerk1")
	if hasExport() != nil {
		t.Fatal("a clerk is offered exports")
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	exp := hasExport()
	if exp == nil {
		t.Fatal("a supervisor has no export menu")
	}
	out := filepath.Join(t.TempDir(), "census.csv")
	ui.h.PickSavePath = func(_ string, chosen func(string)) { chosen(out) }
	onUI(ui, exp.ChildMenu.Items[0].Action)
	ui.Wait()
	wantText(t, ui, "0 rows written to "+out)
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("no private census file: %v %v", fi, err)
	}
}

// A user's appearance is theirs: kept sealed per user, applied at their
// sign-in, and the sign-in screen goes back to the default.
func TestAppearanceIsPerUser(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	onUI(ui, func() { ui.setAppearance(Appearance{Theme: "light", Scale: 1.3}) })
	ui.Wait()
	if got := ui.app.Settings().Theme().Size(theme.SizeNameText); got != theme.DefaultTheme().Size(theme.SizeNameText)*1.3 {
		t.Fatalf("text size %v", got)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	if ui.appearance != (Appearance{}) {
		t.Fatalf("the sign-in screen keeps the clerk's appearance %+v", ui.appearance)
	}
	signInAs(t, ui, "super1")
	ui.Wait()
	if ui.appearance != (Appearance{}) {
		t.Fatalf("the supervisor got the clerk's appearance %+v", ui.appearance)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk1")
	ui.Wait()
	if ui.appearance != (Appearance{Theme: "light", Scale: 1.3}) {
		t.Fatalf("the clerk's appearance was not kept: %+v", ui.appearance)
	}
	var light bool
	for _, m := range ui.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "Light theme" {
				light = it.Checked
			}
		}
	}
	if !light {
		t.Fatal("the View menu does not tick the light theme")
	}
}

// The Patients screen shows the charts the user opened last, newest
// first; they are the user's own.
func TestRecentPatientsPerUser(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	ps, err := ui.h.Session().Patients().List(false)
	if err != nil || len(ps) < 2 {
		t.Fatalf("patients %v %v", ps, err)
	}
	var open []storage.PatientSummary
	for _, p := range ps {
		if !p.Restricted {
			open = append(open, p)
		}
	}
	for _, p := range open[:2] {
		onUI(ui, func() { ui.h.OpenChart(p.ID) })
		ui.Wait()
	}
	onUI(ui, func() { ui.OpenSection("Patients") })
	ui.Wait()
	text := screenText(ui)
	first, second := strings.Index(text, open[1].MRN), strings.Index(text, open[0].MRN)
	if !strings.Contains(text, "Recent:") || first < 0 || second < 0 || first > second {
		t.Fatalf("recent patients not shown newest first:\n%s", text)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	ui.Wait()
	if strings.Contains(screenText(ui), "Recent:") {
		t.Fatal("the supervisor sees the clerk's recent patients")
	}
}
