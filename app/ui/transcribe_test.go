package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func labDocument(t *testing.T, ui *UI) (storage.PatientSummary, storage.DocumentView) {
	t.Helper()
	list, _ := ui.h.Session().Patients().List(false)
	var pt storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			pt = p
		}
	}
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := ui.h.Session().Documents().Import(&doc, []storage.NewPage{tinyPage(t, 30)}); err != nil {
		t.Fatal(err)
	}
	docs, _ := ui.h.Session().Documents().OfPatient(pt.ID)
	return pt, docs[0]
}

// A clerk keys a lab report beside its scan: a wrong unit is caught next
// to its field, the typing survives leaving the form, and the saved
// transcript records who keyed it from which page.
func TestTranscriptionWorkspace(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	pt, doc := labDocument(t, ui)
	backs := 0
	open := func() { onUI(ui, func() { ui.h.Links.KeyDocument(doc, func() { backs++ }) }); ui.Wait() }
	open()
	wantText(t, ui, "Keying: Lab result of 12/03/2024")
	set := func(label, v string) { setText(ui, keyField(t, ui, label), v) }
	set("Test", "hb")
	set("Result", "11.2")
	set("Unit", "mg/dL")
	set("Collection date and time", "12/03/2024 08:30")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "not a unit for")
	// Leaving the form keeps the typing as an encrypted draft.
	tap(ui, findButton(t, ui, "Close (the draft is kept)"))
	if backs != 1 {
		t.Fatal("close did not go back")
	}
	open()
	wantText(t, ui, "Your unsaved keying of this document was kept")
	if got := keyField(t, ui, "Result").Text; got != "11.2" {
		t.Fatalf("draft not restored: %q", got)
	}
	set("Unit", "g/dL")
	// Enter on the last field saves.
	last := keyField(t, ui, "Specimen code")
	onUI(ui, func() { last.OnSubmitted(last.Text) })
	ui.Wait()
	if backs != 2 {
		t.Fatalf("not saved: %s", screenText(ui))
	}
	tr, ok, err := ui.h.Session().Transcripts().OfDocument(doc.Doc.ID)
	if err != nil || !ok || tr.First.By != "clerk1" || tr.Final["value"] != "11.2" || len(tr.Pages) != 1 || tr.PatientID != pt.ID {
		t.Fatalf("transcript: %v %v %+v", ok, err, tr)
	}
	// Opened again, the form shows the saved keying, not a draft.
	open()
	if strings.Contains(screenText(ui), "Your unsaved keying") {
		t.Fatal("the draft outlived the save")
	}
	wantText(t, ui, "Keyed by clerk1 on ")
}

// keyField is the input of the transcription form's field labelled label
// (a choice field's entry too).
func keyField(t *testing.T, ui *UI, label string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			return true
		}
		if l, ok := c.Objects[0].(*widget.Label); !ok || (l.Text != label && l.Text != label+" *") {
			return true
		}
		switch in := c.Objects[1].(type) {
		case *widget.SelectEntry:
			found = &in.Entry
		case *widget.Entry:
			found = in
		default:
			return true
		}
		return false
	})
	if found == nil {
		t.Fatalf("no field %q on screen: %s", label, screenText(ui))
	}
	return found
}

// With double entry on, a second clerk keys the document blind from the
// Keying desk; the difference waits for a supervisor.
func TestSecondKeyingFromTheDesk(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "super1")
	c, _ := ui.h.Session().Clinic()
	c.DoubleEntry = true
	// Settings are the administrator's; the test sets them through storage.
	_, doc := labDocument(t, ui)
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "admin")
	if err := ui.h.Session().Admin().UpdateClinic(c, "double entry on"); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.h.Session().Admin().CreateUser(model.User{Username: "clerk2", FullName: "Second Clerk", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk1")
	first := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30"}
	if _, err := ui.h.Session().Transcripts().Save(doc.Doc.ID, []model.ID{doc.Pages[0].ID}, first); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk2")
	onUI(ui, func() { ui.OpenSection("Keying") })
	ui.Wait()
	wantText(t, ui, "Double entry is on. Waiting for a second keying: 1.")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	tap(ui, findButton(t, ui, "Key selected a second time"))
	wantText(t, ui, "Second keying (blind)")
	if keyField(t, ui, "Result").Text != "" {
		t.Fatal("the second keying was not blind")
	}
	for label, v := range map[string]string{"Test": "hb", "Result": "11.7", "Unit": "g/dL", "Collection date and time": "12.3.24 08:30"} {
		setText(ui, keyField(t, ui, label), v)
	}
	tap(ui, findButton(t, ui, "Save"))
	tr, _, _ := ui.h.Session().Transcripts().OfDocument(doc.Doc.ID)
	if tr.Status != clinical.TranscriptMismatched || len(tr.Mismatches) != 1 {
		t.Fatalf("after second keying: %s %+v", tr.Status, tr.Mismatches)
	}
}

// A refused save goes to the first field to correct, and a corrected
// field loses its red message as it is typed.
func TestRefusedKeyingGoesToTheError(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	_, doc := labDocument(t, ui)
	onUI(ui, func() { ui.h.Links.KeyDocument(doc, func() {}) })
	ui.Wait()
	set := func(label, v string) { setText(ui, keyField(t, ui, label), v) }
	set("Test", "hb")
	set("Result", "11.2")
	set("Unit", "mg/dL")
	set("Collection date and time", "12/03/2024 08:30")
	laboratory := keyField(t, ui, "Laboratory")
	onUI(ui, func() { ui.win.Canvas().Focus(laboratory) })
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "not a unit for")
	result := keyField(t, ui, "Result") // the message is on the result, read with its unit
	var focused fyne.Focusable
	onUI(ui, func() { focused = ui.win.Canvas().Focused() })
	if focused != fyne.Focusable(result) {
		t.Fatalf("after the refusal the focus is on %T, not the result", focused)
	}
	set("Unit", "g/dL")
	if strings.Contains(screenText(ui), "not a unit for") {
		t.Fatal("the corrected unit still shows its message")
	}
}

// Issue 13, defect 5: outcome and time keyed from a discharge summary
// discharge the stay it is filed to, and the clerk is told so.
func TestKeyedDischargeSummaryDischargesTheStay(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	sess := ui.h.Session()
	list, _ := sess.Patients().List(false)
	var pt storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			pt = p
		}
	}
	y, m, d := time.Now().AddDate(0, 0, -3).Date()
	stay := model.Encounter{PatientID: pt.ID, Start: time.Date(y, m, d, 9, 0, 0, 0, time.Local), Ward: "Female medical", AdmittedBy: "Dr Achieng", Reason: "fever"}
	if err := sess.Admissions().Admit(&stay); err != nil {
		t.Fatal(err)
	}
	y, m, d = time.Now().AddDate(0, 0, -1).Date()
	doc := model.Document{PatientID: pt.ID, EncounterID: stay.ID, Type: model.DocDischarge, Date: model.Date{Year: y, Month: m, Day: d}}
	if err := sess.Documents().Import(&doc, []storage.NewPage{tinyPage(t, 40)}); err != nil {
		t.Fatal(err)
	}
	docs, _ := sess.Documents().OfPatient(pt.ID)
	onUI(ui, func() { ui.h.Links.KeyDocument(docs[0], func() {}) })
	ui.Wait()
	set := func(label, v string) { setText(ui, keyField(t, ui, label), v) }
	set("Discharge date and time", fmt.Sprintf("%02d/%02d/%04d 14:30", d, m, y))
	set("Outcome", "Discharged home")
	set("Principal diagnosis", "Severe malaria")
	set("Medications on discharge", "artemether-lumefantrine 4 tabs BD 3 days")
	set("Follow-up", "MCH clinic in 2 weeks")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "The stay is discharged: Discharged home")
	ch, _ := sess.Encounters().Chart(pt.ID)
	got := ch.Encounters[0]
	if got.Disposition != "home" || got.End.Local().Format("15:04") != "14:30" {
		t.Fatalf("the stay after keying: %q %s", got.Disposition, got.End)
	}
}
