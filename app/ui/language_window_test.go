package ui

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// inLanguage runs the rest of the test with the window's words in code, as
// Run sets them up from the clinic's setting, and puts English back after
// (the other tests read English words).
func inLanguage(t *testing.T, code string) {
	t.Helper()
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	useLanguage(code)
	loadTranslations(code)
	t.Cleanup(func() {
		os.Setenv("LANGUAGE", "en")
		loadTranslations("")
	})
}

// TestFrenchWindowSignsInAndFits: a clinic working in French signs in on
// French words, sees the navigation, My work and Patients in French, and
// every section, chart tab and dialog of a clerk and an administrator
// still fits 1024×700 (French is the longest of the four languages).
func TestFrenchWindowSignsInAndFits(t *testing.T) {
	inLanguage(t, "fr")
	path := newDemoStore(t)
	ui := openUI(t, path)
	wantText(t, ui, "Connexion à Dossier")
	setText(ui, findEntry(t, ui, "Identifiant"), "admin")
	setText(ui, findEntry(t, ui, "Mot de passe"), pw)
	tap(ui, findButton(t, ui, "Se connecter"))
	if ui.h.Session() == nil {
		t.Fatalf("sign-in failed: %s", screenText(ui))
	}
	for _, w := range []string{"Mon travail", "Paramètres", "Journal d'audit", "Verrouiller (Ctrl+L)"} {
		wantText(t, ui, w)
	}
	onUI(ui, func() { ui.OpenSection("Patients") })
	ui.Wait()
	wantText(t, ui, "Inscrire un patient (Ctrl+N)")
	wantText(t, ui, "3 patients.")
	findEntry(t, ui, "Recherche : nom, n° dossier, téléphone, n° d'identité, ancien n° (Ctrl+F)")
	if strings.Contains(screenText(ui), "Register patient") {
		t.Error("English left on the Patients screen")
	}
	p := demoPatient(t, ui, "Nakato")
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	wantText(t, ui, "Verrouillé — connectez-vous pour continuer")

	x := &tour{t: t, ui: ui, screen: screens[0]}
	for _, user := range []string{"clerk1", "admin"} {
		x.seen = map[string]bool{}
		setText(ui, findEntry(t, ui, "Identifiant"), user)
		setText(ui, findEntry(t, ui, "Mot de passe"), pw)
		tap(ui, findButton(t, ui, "Se connecter"))
		if ui.h.Session() == nil {
			t.Fatalf("sign-in as %s failed", user)
		}
		onUI(ui, func() { ui.win.Resize(x.screen) })
		for _, s := range ui.SectionTitles() {
			open := func() { onUI(ui, func() { ui.clearOverlays(); ui.OpenSection(s) }); ui.Wait() }
			open()
			x.look(user + " " + s)
			x.dialogs(user+" "+s, open)
		}
		if ui.h.Can(model.PermReadRecord) {
			onUI(ui, func() { ui.clearOverlays(); ui.h.OpenChart(p.ID) })
			ui.Wait()
			x.look(user + " chart")
			wantText(t, ui, "N° dossier "+p.MRN)
		}
		onUI(ui, func() { ui.clearOverlays(); ui.lock("lock") })
		ui.Wait()
	}
	if len(x.bad) > 0 {
		t.Errorf("too big for 1024×700 in French:\n%s", strings.Join(x.bad, "\n"))
	}
}

// TestChosenLanguageWinsOverTheSystems: where the system's locale is not
// the clinic's choice (Windows and macOS ignore LANGUAGE), the chosen
// language's words are still the ones shown.
func TestChosenLanguageWinsOverTheSystems(t *testing.T) {
	t.Setenv("LANGUAGE", "en")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	t.Cleanup(func() { os.Setenv("LANGUAGE", "en"); loadTranslations("") })
	// No useLanguage: the locale stays English, as on a Windows laptop.
	loadTranslations("sw")
	if got := lang.X("signin.button", "Sign in"); got != "Ingia" {
		t.Errorf("sign-in button in Swahili on an English system: %q", got)
	}
	loadTranslations("")
	if got := lang.X("signin.button", "Sign in"); got != "Sign in" {
		t.Errorf("no choice on an English system: %q, want English", got)
	}
}

// TestFrenchDocumentsAndReleaseFit: in French, every tab of a chart with
// scanned documents (the page viewer and its tools) and a release of
// information request's detail still fit 1024×700; a wide row there made
// the window grow past the screen, and it stayed wide on the other tabs.
func TestFrenchDocumentsAndReleaseFit(t *testing.T) {
	inLanguage(t, "fr")
	ui := openUI(t, newDemoStore(t))
	setText(ui, findEntry(t, ui, "Identifiant"), "super1")
	setText(ui, findEntry(t, ui, "Mot de passe"), pw)
	tap(ui, findButton(t, ui, "Se connecter"))
	if ui.h.Session() == nil {
		t.Fatalf("sign-in failed: %s", screenText(ui))
	}
	p := demoPatient(t, ui, "Nakato")
	sess := ui.h.Session()
	consent := model.Document{PatientID: p.ID, Type: model.DocConsent, Date: model.DateOf(time.Now())}
	lab := model.Document{PatientID: p.ID, Type: model.DocDischarge, Date: model.Date{Year: 2020, Month: 4, Day: 1}}
	for _, d := range []*model.Document{&consent, &lab} {
		// A scanner's file names are long; the caption names the file.
		pg1, pg2 := tinyPage(t, 40), tinyPage(t, 90)
		pg1.Source, pg2.Source = "Numérisation_2026-12-06_143205_maternité.pdf p1", "Numérisation_2026-12-06_143205_maternité.pdf p2"
		if err := sess.Documents().Import(d, []storage.NewPage{pg1, pg2}); err != nil {
			t.Fatal(err)
		}
	}
	auth := model.Authorization{PatientID: p.ID, Signer: "Amina Nakato", Relationship: "self", Recipient: "Jubilee Insurance",
		Signed: model.DateOf(time.Now().AddDate(0, -1, 0)), Expires: model.DateOf(time.Now().AddDate(1, 0, 0)), DocumentID: consent.ID}
	if err := sess.Release().Authorize(&auth); err != nil {
		t.Fatal(err)
	}
	req := model.Request{PatientID: p.ID, Requester: model.ReqInsurer, Name: "Jubilee Insurance", Address: "P.O. Box 10, Kampala",
		Purpose: "insurance claim", DocTypes: []model.DocType{model.DocDischarge}}
	if err := sess.Release().CreateRequest(&req); err != nil {
		t.Fatal(err)
	}
	x := &tour{t: t, ui: ui, screen: screens[0], dir: os.Getenv("DOSSIER_SHOTS")}
	onUI(ui, func() { ui.win.Resize(x.screen) })
	openChart := func() { onUI(ui, func() { ui.clearOverlays(); ui.h.OpenChart(p.ID) }); ui.Wait() }
	openChart()
	tabs := chartTabs(ui)
	if tabs == nil {
		t.Fatalf("no chart tabs: %s", screenText(ui))
	}
	sawDocs := false
	for i, it := range tabs.Items {
		onUI(ui, func() { tabs.SelectIndex(i) })
		ui.Wait()
		if it.Text == "Documents" {
			wantText(t, ui, "2 documents scannés")
			sawDocs = true
		}
		x.look("super1 chart " + it.Text)
	}
	if !sawDocs {
		t.Error("no Documents tab on the chart")
	}
	onUI(ui, func() { ui.h.Links.OpenRequest(req.ID) })
	ui.Wait()
	wantText(t, ui, req.Number)
	x.look("super1 release request")
	// Preparing shows the authority's choices and the packet's.
	for _, step := range [][]string{{"Demandeur et fondement vérifiés", "Requester and authority checked"}, {"Commencer la préparation", "Start preparing"}} {
		var b *widget.Button
		walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
			for _, x := range kit.ToolsOf(o) {
				if slices.Contains(step, x.Text) {
					b = x
				}
			}
			return b == nil
		})
		if b == nil {
			t.Fatalf("no button %q: %s", step[0], screenText(ui))
		}
		tap(ui, b)
	}
	x.look("super1 release request preparing")
	if len(x.bad) > 0 {
		t.Errorf("too big for 1024×700 in French:\n%s", strings.Join(x.bad, "\n"))
	}
}
