package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/coding"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestShotsCoding renders the coding queue and the picker:
// DOSSIER_SHOTS=DIR go test -run ShotsCoding ./app
func TestShotsCoding(t *testing.T) {
	dir := os.Getenv("DOSSIER_SHOTS")
	if dir == "" {
		t.Skip("set DOSSIER_SHOTS to a folder to render screens")
	}
	path := newDemoStore(t)
	s, _ := storage.Open(path, storage.Options{})
	admin, _ := s.SignIn("admin", pw)
	admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw)
	clerk, _ := s.SignIn("clerk1", pw)
	list, _ := clerk.Patients().List(false)
	enc := model.Encounter{PatientID: list[1].ID, Type: model.EncInpatient, Start: time.Now().AddDate(0, 0, -5), End: time.Now().AddDate(0, 0, -2),
		Ward: "Female Medical", Reason: "fever and vomiting", Diagnoses: []string{"malaria falciparum", "diab type 2 kidney", "fracture of radius"}}
	clerk.Encounters().Create(&enc)
	s.Close()
	ui := openUI(t, path)
	ui.win.Resize(fyne.NewSize(1280, 800))
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	shot := func(name string) {
		f, _ := os.Create(filepath.Join(dir, name+".png"))
		defer f.Close()
		png.Encode(f, ui.win.Canvas().Capture())
	}
	shot("coding")
	onUI(ui, func() { ui.pickCode("diab type 2 kidney", func(coding.Code) {}) })
	ui.Wait()
	shot("picker")
}
