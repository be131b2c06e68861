package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"dossier/app/ui/patients"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShots renders screens that sit behind several clicks to PNG files,
// for people to look at: DOSSIER_SHOTS=DIR go test -run Shots ./app
func TestShots(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	if dir == "" {
		t.Skip("set DOSSIER_SHOTS to a folder to render screens")
	}
	shot := func(ui *UI, name string) {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, ui.win.Canvas().Capture())
	}
	ui := openUI(t, newDemoStore(t))
	ui.win.Resize(fyne.NewSize(1200, 760))
	signInAs(t, ui, "clerk1")
	dup := model.Patient{GivenName: "Aminah", FamilyName: "Nakatto", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 1, Day: 9}, Phone: "0772 555 123"}
	// Registering the near-duplicate through the form shows the check.
	onUI(ui, func() { patients.Register(ui.h) })
	setText(ui, findEntry(t, ui, "Given name"), dup.GivenName)
	setText(ui, findEntry(t, ui, "Family name"), dup.FamilyName)
	setText(ui, findEntry(t, ui, "2024-03-12"), dup.BirthDate.String())
	setText(ui, findEntry(t, ui, "+256"), dup.Phone)
	walkSelects(ui, func(s *widget.Select) { onUI(ui, func() { s.SetSelected("Female") }) })
	tap(ui, findButton(t, ui, "Register"))
	wantText(t, ui, "may already be registered")
	shot(ui, "dup-dialog")
	onUI(ui, func() { ui.clearOverlays() })
	if err := ui.h.Session().Patients().Register(&dup); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.OpenSection("Patients") })
	ui.Wait()
	setText(ui, findEntry(t, ui, "Search"), "nakato")
	shot(ui, "search")
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	if _, err := ui.h.Session().Duplicates().Scan(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Duplicates")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 2}) })
	ui.Wait()
	shot(ui, "duplicates")
}
