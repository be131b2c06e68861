package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShotsCoding checks what the coding queue and the picker show for an
// inpatient stay with three diagnoses as written, and renders both when
// asked to: DOSSIER_SHOTS=DIR go test -run ShotsCoding ./app/ui
func TestShotsCoding(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	path := newDemoStore(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.SignIn("admin", pw)
	if _, err := admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw); err != nil {
		t.Fatal(err)
	}
	clerk, _ := s.SignIn("clerk1", pw)
	list, _ := clerk.Patients().List(false)
	enc := model.Encounter{PatientID: list[1].ID, Type: model.EncInpatient, Start: time.Now().AddDate(0, 0, -5), End: time.Now().AddDate(0, 0, -2),
		Ward: "Female Medical", Reason: "fever and vomiting", Diagnoses: []string{"malaria falciparum", "diab type 2 kidney", "fracture of radius"}}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ui := openUI(t, path)
	ui.win.Resize(fyne.NewSize(1280, 800))
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	wantText(t, ui, "1 encounter waiting, oldest first.")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	shot := func(name string) {
		if dir == "" {
			return
		}
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, ui.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	// The source beside the three items to code, none coded yet.
	wantText(t, ui, "ward Female Medical")
	wantText(t, ui, "Reason: fever and vomiting")
	wantText(t, ui, "Diagnoses as written: malaria falciparum; diab type 2 kidney; fracture of radius")
	wantText(t, ui, "3. diagnosis: fracture of radius")
	wantText(t, ui, "→ not coded yet")
	wantText(t, ui, "Coded today: you 0")
	shot("coding")
	// The picker, searching abbreviated words in any order.
	tap(ui, findButton(t, ui, "Code…"))
	box := pickerBox(t, ui)
	onUI(ui, func() { box.SetText("diab type 2 kidney") })
	ui.Wait()
	wantText(t, ui, "results in ICD-10-CM 2021")
	wantText(t, ui, "E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease")
	shot("picker")
}
