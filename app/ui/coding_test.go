package ui

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func TestCoderCodesAnEncounterWithThePicker(t *testing.T) {
	path := newDemoStore(t)
	// An encounter to code, and a coder.
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.SignIn("admin", pw)
	admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw)
	clerk, _ := s.SignIn("clerk1", pw)
	list, _ := clerk.Patients().List(false)
	var amina model.ID
	for _, p := range list {
		if strings.Contains(p.Name, "NAKATO") {
			amina = p.ID
		}
	}
	enc := model.Encounter{PatientID: amina, Type: model.EncOutpatient, Start: time.Now().AddDate(0, 0, -2), Diagnoses: []string{"malaria"}}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	s.Close()

	ui := openUI(t, path)
	signInAs(t, ui, "coder1")
	if got := strings.Join(ui.SectionTitles(), ","); got != "My work,Patients,Admissions,Coding,Statistics,Registers,Charts,Replication,My account" {
		t.Fatalf("coder sections: %s", got)
	}
	openSection(t, ui, "Coding")
	wantText(t, ui, "1 encounter waiting")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	wantText(t, ui, "Diagnoses as written: malaria")
	tap(ui, findButton(t, ui, "Code…"))
	wantText(t, ui, "results")
	wantText(t, ui, "B54") // unspecified malaria among the first results
	// Choose B54 with the keyboard: move to it, Enter.
	entry := pickerBox(t, ui)
	onUI(ui, func() { entry.SetText("B54") })
	onUI(ui, func() { entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	ui.Wait()
	wantText(t, ui, "→ B54 Unspecified malaria (ICD-10-CM 2021)")
	tap(ui, findButton(t, ui, "Mark coded"))
	wantText(t, ui, "marked coded.")
	wantText(t, ui, "Nothing else is waiting to be coded.")
	wantText(t, ui, "Coded today: you 1")
}

// pickerBox is the code picker's search box: the picker opens with the
// keyboard in it.
func pickerBox(t *testing.T, ui *UI) interface {
	fyne.Focusable
	SetText(string)
} {
	t.Helper()
	box, ok := ui.win.Canvas().Focused().(interface {
		fyne.Focusable
		SetText(string)
	})
	if !ok {
		t.Fatalf("the code picker's box does not have the keyboard: %s", screenText(ui))
	}
	return box
}
