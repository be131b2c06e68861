package ui

import (
	"strings"
	"testing"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Allergies and significant problems reach the banner; a signed note takes
// addenda and keeps its text.
func TestSummaryBannerAndSignedNotes(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	list, _ := ui.h.Session().Patients().List(false)
	var id model.ID
	for _, p := range list {
		if strings.Contains(p.Name, "José") || strings.Contains(p.Name, "MUÑOZ") {
			id = p.ID
		}
	}
	onUI(ui, func() { ui.h.OpenChart(id) })
	ui.Wait()
	wantText(t, ui, "Allergies not recorded")
	tap(ui, findButton(t, ui, "No known allergies"))
	wantText(t, ui, "No known allergies (recorded ")
	tap(ui, findButton(t, ui, "Add allergy…"))
	setText(ui, findEntry(t, ui, "e.g. penicillin"), "Penicillin")
	setText(ui, findEntry(t, ui, "e.g. rash"), "rash")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	wantText(t, ui, "⚠ Allergy: Penicillin (rash)")
	tap(ui, findButton(t, ui, "Add problem…"))
	setText(ui, findEntry(t, ui, "as written"), "Epilepsy")
	onUI(ui, func() { findCheck(t, ui, "Significant").SetChecked(true) })
	tap(ui, findButton(t, ui, "Save (Enter)"))
	wantText(t, ui, "⚠ Epilepsy")

	// A note written by the supervisor is signed by a clinician, then
	// corrected by an addendum.
	n := model.Note{PatientID: id, Title: "Ward round", Text: "Seizure free for a month."}
	if err := ui.h.Session().Encounters().CreateNote(&n); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "admin")
	if _, err := ui.h.Session().Admin().CreateUser(model.User{Username: "doctor1", FullName: "Dr One", Role: model.RoleClinician}, pw); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "doctor1")
	onUI(ui, func() { ui.h.OpenChart(id) })
	ui.Wait()
	selectTab(ui, "Notes")
	wantText(t, ui, "NOT SIGNED")
	tap(ui, findButton(t, ui, "Sign"))
	wantText(t, ui, "signed by doctor1")
	tap(ui, findButton(t, ui, "Add addendum…"))
	var box *widget.Entry
	walkEntries(ui, func(e *widget.Entry) {
		if e.MultiLine {
			box = e
		}
	})
	setText(ui, box, "EEG booked for next week.")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	wantText(t, ui, "Addendum by doctor1")
	wantText(t, ui, "Seizure free for a month.")
}

func findCheck(t *testing.T, ui *UI, prefix string) *widget.Check {
	t.Helper()
	var found *widget.Check
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, prefix) {
			found = c
		}
		return true
	})
	if found == nil {
		t.Fatalf("no check %q", prefix)
	}
	return found
}

// A clerk records an outpatient visit; a future time is refused beside the
// form and nothing is saved.
func TestNewVisit(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	list, _ := ui.h.Session().Patients().List(false)
	id := list[0].ID
	onUI(ui, func() { ui.h.OpenChart(id) })
	ui.Wait()
	selectTab(ui, "Encounters")
	tap(ui, findButton(t, ui, "New visit…"))
	when := findEntry(t, ui, "")
	walkEntries(ui, func(e *widget.Entry) {
		if strings.Contains(e.Text, ":") && strings.Count(e.Text, "/") == 2 {
			when = e
		}
	})
	setText(ui, when, "01/01/2099 10:00")
	setText(ui, findEntry(t, ui, "diagnoses as written"), "Malaria; Anaemia, mild")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	wantText(t, ui, "future")
	setText(ui, when, "2 days ago")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	ch, _ := ui.h.Session().Encounters().Chart(id)
	if len(ch.Encounters) != 1 || ch.Encounters[0].Diagnoses[1] != "Anaemia, mild" {
		t.Fatalf("visit: %+v", ch.Encounters)
	}
}

// A registration alert naming an allergy is not contradicted: the chart
// says it is not on the list yet, and does not offer "no known allergies".
func TestAllergyAlertIsNotContradicted(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	p := demoPatient(t, ui, "Nakato")
	onUI(ui, func() { ui.h.OpenChart(p.ID) })
	ui.Wait()
	wantText(t, ui, "Allergy alert not yet on the allergy list")
	wantText(t, ui, "The registration alert says “Allergy: penicillin”")
	if strings.Contains(screenText(ui), "Allergies not recorded") {
		t.Fatal("the chart says allergies are not recorded beside the allergy alert")
	}
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Text == "No known allergies" && b.Visible() {
			t.Fatal("no known allergies offered beside an allergy alert")
		}
		return true
	})
	wantText(t, ui, "Add allergy…")
}
