package ui

import (
	"strings"
	"testing"
	"time"

	"dossier/app/ui/admissions"
	"dossier/app/ui/kit"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// wardField finds a select entry (a ward field) by its placeholder's
// start.
func wardField(t *testing.T, ui *UI, placeholder string) *widget.SelectEntry {
	t.Helper()
	var found *widget.SelectEntry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.SelectEntry); ok && strings.HasPrefix(e.PlaceHolder, placeholder) {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no ward field %q on screen", placeholder)
	}
	return found
}

// findSelect finds a drop-down by its placeholder's start.
func dropDown(t *testing.T, ui *UI, placeholder string) *widget.Select {
	t.Helper()
	var found *widget.Select
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && strings.HasPrefix(s.PlaceHolder, placeholder) {
			found = s
			return false
		}
		if c, ok := o.(*kit.Choice); ok && strings.HasPrefix(c.PlaceHolder, placeholder) {
			found = &c.Select
			return false
		}
		return true
	})
	if found == nil {
		t.Fatalf("no drop-down %q on screen", placeholder)
	}
	return found
}

func buttonShown(ui *UI, text string) bool {
	found := false
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, text) {
			found = true
			return false
		}
		return true
	})
	return found
}

func formOpen(ui *UI) bool { return ui.win.Canvas().Overlays().Top() != nil }

func selectCensusRow(t *testing.T, ui *UI) {
	t.Helper()
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 2}) })
	ui.Wait()
}

func typeWard(ui *UI, e *widget.SelectEntry, s string) { onUI(ui, func() { e.SetText(s) }); ui.Wait() }

func TestAdmitTransferDischargeFromTheCensus(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	showScreen(ui, func() fyne.CanvasObject { return admissions.Screen(ui.h) })
	wantText(t, ui, "Admissions")
	wantText(t, ui, "No patients admitted.")
	if n := tableRows(t, ui); n != 0 {
		t.Fatalf("%d rows before any admission", n)
	}

	// Admit: Enter in the patient field searches; Enter elsewhere saves.
	tap(ui, findButton(t, ui, "Admit…"))
	who := findEntry(t, ui, "MRN or name")
	setText(ui, who, "nakato")
	pressEnter(ui, who)
	if !formOpen(ui) {
		t.Fatal("Enter in the patient field closed the form")
	}
	if sel := dropDown(t, ui, "(search for the patient first)"); !strings.Contains(sel.Selected, "NAKATO") {
		t.Fatalf("patient found: %q", sel.Selected)
	}
	// A ward is needed: the refusal shows beside the field and the form stays.
	pressEnter(ui, findEntry(t, ui, "Reason for admission"))
	wantText(t, ui, "Enter the ward the patient is admitted to.")
	if !formOpen(ui) {
		t.Fatal("a refused admission closed the form")
	}
	typeWard(ui, wardField(t, ui, "Ward, e.g."), "Maternity")
	setText(ui, findEntry(t, ui, "Optional, e.g. 12"), "4")
	setText(ui, findEntry(t, ui, "Admitting clinician"), "Dr Achieng")
	setText(ui, findEntry(t, ui, "Reason for admission"), "labour")
	pressEnter(ui, findEntry(t, ui, "Reason for admission"))
	if formOpen(ui) {
		t.Fatalf("admission not saved: %s", screenText(ui))
	}
	wantText(t, ui, "1 patient admitted: Maternity 1.")
	wantText(t, ui, "Admitted to Maternity.")
	if n := tableRows(t, ui); n != 1 {
		t.Fatalf("%d rows after the admission", n)
	}

	// Transfer the selected patient.
	selectCensusRow(t, ui)
	tap(ui, findButton(t, ui, "Transfer…"))
	wantText(t, ui, "Maternity, bed 4, since")
	typeWard(ui, wardField(t, ui, "Ward the patient moves to"), " maternity")
	pressEnter(ui, findEntry(t, ui, "Optional, e.g. 4"))
	wantText(t, ui, "The patient is already in ward Maternity")
	typeWard(ui, wardField(t, ui, "Ward the patient moves to"), "Female medical")
	pressEnter(ui, findEntry(t, ui, "Optional, e.g. 4"))
	if formOpen(ui) {
		t.Fatalf("transfer not saved: %s", screenText(ui))
	}
	wantText(t, ui, "1 patient admitted: Female medical 1.")
	wantText(t, ui, "moved to Female medical.")

	// A discharge before the admission is refused and keeps the form open.
	selectCensusRow(t, ui)
	tap(ui, findButton(t, ui, "Discharge…"))
	when := findEntry(t, ui, "e.g. 12/03/2024 14:30")
	setText(ui, when, "01/01/2020 10:00")
	onUI(ui, func() { dropDown(t, ui, "(choose how").SetSelected("Discharged home") })
	pressEnter(ui, when)
	if !formOpen(ui) {
		t.Fatal("a refused discharge closed the form")
	}
	wantText(t, ui, "The discharge (01/01/2020 10:00) is before the admission")
	wantText(t, ui, "Nothing was saved yet")
	if n := tableRows(t, ui); n != 1 {
		t.Fatalf("refused discharge changed the census: %d rows", n)
	}
	setText(ui, when, "now")
	pressEnter(ui, when)
	if formOpen(ui) {
		t.Fatalf("discharge not saved: %s", screenText(ui))
	}
	wantText(t, ui, "No patients admitted.")
	wantText(t, ui, "left Female medical: Discharged home.")
	if n := tableRows(t, ui); n != 0 {
		t.Fatalf("%d rows after the discharge", n)
	}

	// The chart's Stays tab tells the whole stay.
	p := demoPatient(t, ui, "Nakato")
	showScreen(ui, func() fyne.CanvasObject { return admissions.StaysTab(ui.h, p) })
	wantText(t, ui, "1 stay, 1 day in hospital in all.")
	wantText(t, ui, "Admitted to Maternity, bed 4 by Dr Achieng — labour")
	wantText(t, ui, "Moved from Maternity to Female medical (recorded by clerk1)")
	wantText(t, ui, "Discharged home")
	if !buttonShown(ui, "Admit…") || buttonShown(ui, "Discharge…") {
		t.Error("a closed stay offers discharge, or no admission is offered")
	}
}

func TestStaysTabActionsAndDeath(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Muñoz")
	y, m, d := time.Now().Date()
	e := model.Encounter{PatientID: p.ID, Start: time.Date(y, m, d-2, 9, 0, 0, 0, time.Local), Ward: "Male medical", Bed: "7", Reason: "pneumonia"}
	if err := ui.h.Session().Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	showScreen(ui, func() fyne.CanvasObject { return admissions.StaysTab(ui.h, p) })
	wantText(t, ui, "now in Male medical")
	wantText(t, ui, "Still admitted")
	if buttonShown(ui, "Admit…") {
		t.Error("admission offered while a stay is open")
	}
	tap(ui, findButton(t, ui, "Transfer…"))
	typeWard(ui, wardField(t, ui, "Ward the patient moves to"), "ICU")
	setText(ui, findEntry(t, ui, "e.g. 12/03/2024"), "yesterday 22:15")
	pressEnter(ui, findEntry(t, ui, "e.g. 12/03/2024"))
	if formOpen(ui) {
		t.Fatalf("transfer not saved: %s", screenText(ui))
	}
	wantText(t, ui, "Moved to ICU.")
	wantText(t, ui, "Moved from Male medical to ICU")

	tap(ui, findButton(t, ui, "Discharge…"))
	onUI(ui, func() { dropDown(t, ui, "(choose how").SetSelected("Died") })
	wantText(t, ui, "For a death, enter the time of death")
	setText(ui, findEntry(t, ui, "e.g. 12/03/2024"), "")
	pressEnter(ui, findEntry(t, ui, "e.g. 12/03/2024"))
	wantText(t, ui, "Enter a date and time.")
	setText(ui, findEntry(t, ui, "e.g. 12/03/2024"), "now")
	onUI(ui, func() { findEntry(t, ui, "Discharge note").SetText("certified by Dr Otieno") })
	tap(ui, findButton(t, ui, "Discharge (Enter)"))
	if formOpen(ui) {
		t.Fatalf("death not saved: %s", screenText(ui))
	}
	wantText(t, ui, "Stay ended: Died.")
	wantText(t, ui, "Died (time of death) — certified by Dr Otieno")
	wantText(t, ui, "2 days")
}

func TestAdmissionsReadOnlyForClinicians(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	if _, err := ui.h.Session().Admin().CreateUser(model.User{Username: "doc1", FullName: "Dr One", Role: model.RoleClinician}, pw); err != nil {
		t.Fatal(err)
	}
	p := demoPatient(t, ui, "Nakato")
	e := model.Encounter{PatientID: p.ID, Start: time.Now().Add(-time.Hour), Ward: "Maternity"}
	if err := ui.h.Session().Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "doc1")
	showScreen(ui, func() fyne.CanvasObject { return admissions.Screen(ui.h) })
	wantText(t, ui, "1 patient admitted: Maternity 1.")
	for _, b := range []string{"Admit…", "Transfer…", "Discharge…"} {
		if buttonShown(ui, b) {
			t.Errorf("clinician sees %s", b)
		}
	}
	selectCensusRow(t, ui)
	tap(ui, findButton(t, ui, "Open chart"))
	wantText(t, ui, "Allergy: penicillin")
}
