package ui

import (
	"strings"
	"testing"
	"time"

	"dossier/app/ui/mywork"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// myWorkRow opens row of the list shown on My work.
func myWorkRow(t *testing.T, ui *UI, row int) {
	t.Helper()
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: row, Col: 1}) })
	ui.Wait()
}

func nextItem(t *testing.T, ui *UI) {
	t.Helper()
	onUI(ui, func() { mywork.Next(ui.h) })
	ui.Wait()
}

// My work opens first after sign-in with the coder's list and its count;
// an item opens on the Coding screen, and Next goes on down the list as
// narrowed, without going back.
func TestMyWorkCoderOpensAndNext(t *testing.T) {
	ui := openUI(t, codingStore(t, []string{"malaria"}, []string{"typhoid"}, []string{"measles"}, []string{"typhoid fever"}))
	onUI(ui, func() { ui.win.Resize(fyne.NewSize(1024, 700)) })
	signInAs(t, ui, "coder1")
	wantText(t, ui, "My work")
	wantText(t, ui, "4 · Encounters to code")
	// The search narrows the list (and what Next walks).
	setText(ui, findEntry(t, ui, "Search: patient, MRN or words"), "typhoid")
	wantText(t, ui, "Encounters to code: 2 shown of 4")
	myWorkRow(t, ui, 0)
	wantText(t, ui, "Coding queue")
	wantText(t, ui, "Diagnoses as written: typhoid")
	nextItem(t, ui)
	wantText(t, ui, "Diagnoses as written: typhoid fever")
	nextItem(t, ui)
	wantText(t, ui, "That was the last of “Encounters to code”.")
	wantText(t, ui, "4 · Encounters to code") // back on My work
}

// The coding queue reaches every encounter waiting, not the oldest 500.
func TestCodingQueueReachesEveryEncounter(t *testing.T) {
	path := codingStore(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clerk, _ := s.SignIn("clerk1", pw)
	all, _ := clerk.Patients().List(false)
	for all[0].Restricted {
		all = all[1:]
	}
	encs := make([]model.Encounter, 520)
	for i := range encs {
		encs[i] = model.Encounter{ID: model.NewID(), PatientID: all[0].ID, Type: model.EncOutpatient,
			Start: time.Now().AddDate(0, 0, -600+i), Diagnoses: []string{"malaria"}}
	}
	encs[519].Diagnoses = []string{"the newest of all"}
	if err := clerk.Encounters().CreateChartItems(encs, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ui := openUI(t, path)
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	wantText(t, ui, "520 encounters waiting, oldest first.")
	table := firstTable(t, ui)
	onUI(ui, func() { table.ScrollToBottom() })
	ui.Wait()
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 519, Col: 1}) })
	ui.Wait()
	wantText(t, ui, "Diagnoses as written: the newest of all")
}

// After a keyed save the clerk lands on the next document to key, not on
// the chart or the list.
func TestClerkLandsOnNextDocumentAfterKeyedSave(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	onUI(ui, func() { ui.win.Resize(fyne.NewSize(1024, 700)) })
	signInAs(t, ui, "clerk1")
	list, _ := ui.h.Session().Patients().List(false)
	var pt storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			pt = p
		}
	}
	for _, d := range []int{12, 14} {
		doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: d}}
		if err := ui.h.Session().Documents().Import(&doc, []storage.NewPage{tinyPage(t, 30)}); err != nil {
			t.Fatal(err)
		}
	}
	openSection(t, ui, mywork.Title)
	wantText(t, ui, "2 · Documents filed but not keyed")
	myWorkRow(t, ui, 0)
	wantText(t, ui, "Keying: Lab result of 12/03/2024")
	for label, v := range map[string]string{"Test": "hb", "Result": "11.2", "Unit": "g/dL", "Collection date and time": "12/03/2024 08:30"} {
		setText(ui, keyField(t, ui, label), v)
	}
	tap(ui, findButton(t, ui, "Save"))
	wantText(t, ui, "Keying: Lab result of 14/03/2024")
	if strings.Contains(screenText(ui), "Documents filed but not keyed") {
		t.Fatal("the save went back to the list")
	}
	if n, _ := ui.h.Session().Worklist().Count(storage.QueueToKey, storage.WorkFilter{}); n != 1 {
		t.Fatalf("%d documents still to key", n)
	}
}

// A clinician's note to sign opens on the chart's Notes tab, where Sign
// is; once signed, Next says the list is done.
func TestClinicianSignsFromMyWork(t *testing.T) {
	path := newDemoStore(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.SignIn("admin", pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Admin().CreateUser(model.User{Username: "doctor1", FullName: "Dora Doctor", Role: model.RoleClinician}, pw); err != nil {
		t.Fatal(err)
	}
	doc, err := s.SignIn("doctor1", pw)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := doc.Patients().List(false)
	for all[0].Restricted {
		all = all[1:]
	}
	n := model.Note{PatientID: all[0].ID, Title: "Ward round", Text: "Afebrile. Continue ACT."}
	if err := doc.Encounters().CreateNote(&n); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ui := openUI(t, path)
	onUI(ui, func() { ui.win.Resize(fyne.NewSize(1024, 700)) })
	signInAs(t, ui, "doctor1")
	wantText(t, ui, "1 · Notes and discharge summaries to sign")
	myWorkRow(t, ui, 0)
	wantText(t, ui, "Afebrile. Continue ACT.")
	tap(ui, findButton(t, ui, "Sign"))
	wantText(t, ui, "signed by doctor1")
	nextItem(t, ui)
	wantText(t, ui, "That was the last of “Notes and discharge summaries to sign”.")
	wantText(t, ui, "0 · Notes and discharge summaries to sign")
}
