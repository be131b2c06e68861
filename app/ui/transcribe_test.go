package ui

import (
	"strings"
	"testing"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2/widget"
)

func labDocument(t *testing.T, ui *UI) (storage.PatientSummary, storage.DocumentView) {
	t.Helper()
	list, _ := ui.sess.Patients().List(false)
	var pt storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			pt = p
		}
	}
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := ui.sess.Documents().Import(&doc, []storage.NewPage{tinyPage(t, 30)}); err != nil {
		t.Fatal(err)
	}
	docs, _ := ui.sess.Documents().OfPatient(pt.ID)
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
	onUI(ui, func() { ui.openTranscription(doc, keyFirst, clinical.Transcript{}, func() { backs++ }) })
	ui.Wait()
	ts := ui.transcribe
	wantText(t, ui, "Keying: Lab result of 2024-03-12")
	set := func(key, v string) { onUI(ui, func() { ts.setters[key](v) }) }
	set("test", "hb")
	set("value", "11.2")
	set("unit", "mg/dL")
	set("collected", "12/03/2024 08:30")
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "not a unit for")
	// Leaving the form keeps the typing as an encrypted draft.
	tap(ui, findButton(t, ui, "Close (the draft is kept)"))
	if backs != 1 {
		t.Fatal("close did not go back")
	}
	onUI(ui, func() { ui.openTranscription(doc, keyFirst, clinical.Transcript{}, func() { backs++ }) })
	ui.Wait()
	ts = ui.transcribe
	wantText(t, ui, "Your unsaved keying of this document was kept")
	if got := ts.values["value"](); got != "11.2" {
		t.Fatalf("draft not restored: %q", got)
	}
	onUI(ui, func() { ts.setters["unit"]("g/dL") })
	// Enter on the last field saves.
	onUI(ui, func() {
		switch last := ts.entries[ts.order[len(ts.order)-1]].(type) {
		case *widget.SelectEntry:
			last.OnSubmitted(last.Text)
		case *widget.Entry:
			last.OnSubmitted(last.Text)
		}
	})
	ui.Wait()
	if backs != 2 {
		t.Fatalf("not saved: %s", screenText(ui))
	}
	tr, ok, err := ui.sess.Transcripts().OfDocument(doc.Doc.ID)
	if err != nil || !ok || tr.First.By != "clerk1" || tr.Final["value"] != "11.2" || len(tr.Pages) != 1 || tr.PatientID != pt.ID {
		t.Fatalf("transcript: %v %v %+v", ok, err, tr)
	}
	var draft clinical.Entry
	if found, _ := ui.sess.Drafts().Load(ts.draftKey(), &draft); found {
		t.Fatal("the draft outlived the save")
	}
}

// With double entry on, a second clerk keys the document blind from the
// Keying desk; the difference waits for a supervisor.
func TestSecondKeyingFromTheDesk(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "super1")
	c, _ := ui.sess.Clinic()
	c.DoubleEntry = true
	// Settings are the administrator's; the test sets them through storage.
	_, doc := labDocument(t, ui)
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "admin")
	if err := ui.sess.Admin().UpdateClinic(c, "double entry on"); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.sess.Admin().CreateUser(model.User{Username: "clerk2", FullName: "Second Clerk", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk1")
	first := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30"}
	if _, err := ui.sess.Transcripts().Save(doc.Doc.ID, []model.ID{doc.Pages[0].ID}, first); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "clerk2")
	onUI(ui, func() { ui.OpenSection("Keying") })
	ui.Wait()
	wantText(t, ui, "Double entry is on. 1 documents wait for a second keying")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	tap(ui, findButton(t, ui, "Key selected a second time"))
	wantText(t, ui, "Second keying (blind)")
	ts := ui.transcribe
	if ts.values["value"]() != "" {
		t.Fatal("the second keying was not blind")
	}
	for k, v := range map[string]string{"test": "hb", "value": "11.7", "unit": "g/dL", "collected": "12.3.24 08:30"} {
		if set, ok := ts.setters[k]; ok {
			onUI(ui, func() { set(v) })
		}
	}
	tap(ui, findButton(t, ui, "Save"))
	tr, _, _ := ui.sess.Transcripts().OfDocument(doc.Doc.ID)
	if tr.Status != clinical.TranscriptMismatched || len(tr.Mismatches) != 1 {
		t.Fatalf("after second keying: %s %+v", tr.Status, tr.Mismatches)
	}
}
