package ui

import (
	"testing"

	"dossier/app/ui/tracking"

	"fyne.io/fyne/v2"
)

// TestFrenchSpecimenTypeIsStoredInEnglish: a French clerk picks "Sang"
// from the offered kinds of specimen; the log stores the model's "Blood"
// and the window shows it as "Sang" again.
func TestFrenchSpecimenTypeIsStoredInEnglish(t *testing.T) {
	inLanguage(t, "fr")
	ui := openUI(t, newDemoStore(t))
	setText(ui, findEntry(t, ui, "Identifiant"), "clerk1")
	setText(ui, findEntry(t, ui, "Mot de passe"), pw)
	tap(ui, findButton(t, ui, "Se connecter"))
	if ui.h.Session() == nil {
		t.Fatalf("sign-in failed: %s", screenText(ui))
	}
	p := demoPatient(t, ui, "Nakato")
	showScreen(ui, func() fyne.CanvasObject { return tracking.SpecimensTab(ui.h, p) })
	tap(ui, findButton(t, ui, "Enregistrer un prélèvement…"))
	kind := findSelectEntry(t, ui)
	onUI(ui, func() { kind.SetText("Sang") })
	tests := findEntry(t, ui, "Examens demandés")
	setText(ui, tests, "NFS")
	setText(ui, findEntry(t, ui, "2026-11-22 10:40, 10:40"), "maintenant")
	pressEnter(ui, tests)
	rows, err := ui.h.Session().Specimens().List(false)
	if err != nil || len(rows) != 1 {
		t.Fatalf("specimens: %v, %v", rows, err)
	}
	if rows[0].Type != "Blood" {
		t.Errorf("stored as %q, want Blood", rows[0].Type)
	}
	wantText(t, ui, "Sang")
}
