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

// A coder gives a procedure the day it was done (Day done…); storage keeps
// it, and refuses a day outside the visit with a plain message.
func TestCoderGivesAProcedureItsDay(t *testing.T) {
	path := newDemoStore(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.SignIn("admin", pw)
	admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw)
	clerk, _ := s.SignIn("clerk1", pw)
	list, _ := clerk.Patients().List(false)
	start := time.Now().AddDate(0, 0, -3)
	enc := model.Encounter{PatientID: list[0].ID, Type: model.EncOutpatient, Start: start, Diagnoses: []string{"abscess of the thigh"}}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	s.Close()

	ui := openUI(t, path)
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	setText(ui, findEntry(t, ui, "Another diagnosis or procedure"), "incision and drainage")
	tap(ui, findButton(t, ui, "Add procedure"))
	setDay := func(day string) {
		tap(ui, findButton(t, ui, "Day done…"))
		es := dialogEntries(ui)
		if len(es) != 1 {
			t.Fatalf("the day dialog has %d boxes", len(es))
		}
		setText(ui, es[0], day)
		onUI(ui, func() { es[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
		ui.Wait()
	}
	before := model.DateOf(start.AddDate(0, 0, -1)).String()
	setDay(before)
	wantText(t, ui, "done on "+before)
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "outside the encounter")
	closeTop := func() { onUI(ui, func() { ui.win.Canvas().Overlays().Remove(ui.win.Canvas().Overlays().Top()) }) }
	closeTop()
	day := model.DateOf(start).String()
	setDay(day)
	wantText(t, ui, "done on "+day)
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "Saved.")

	ch, err := ui.h.Session().Encounters().Chart(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ch.Encounters {
		if e.ID == enc.ID {
			if len(e.Coding) != 2 || e.Coding[1].Kind != model.ItemProcedure || e.Coding[1].Done.String() != day {
				t.Fatalf("stored coding %+v, want the procedure done on %s", e.Coding, day)
			}
			return
		}
	}
	t.Fatal("the encounter is gone")
}
