package ui

import (
	"os"
	"strings"
	"testing"

	"dossier/model"

	"fyne.io/fyne/v2/lang"
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
