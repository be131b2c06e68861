package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// A supervisor takes an insurer's request through the desk: the records
// asked for are ticked, the authority is checked, the packet is built,
// and the release is accounted in the patient's disclosures.
func TestReleaseDeskFlow(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	list, _ := ui.h.Session().Patients().List(false)
	var pt storage.PatientSummary
	for _, p := range list {
		if strings.Contains(p.Name, "Amina") {
			pt = p
		}
	}
	consent := model.Document{PatientID: pt.ID, Type: model.DocConsent, Date: model.DateOf(time.Now())}
	lab := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2020, Month: 4, Day: 1}}
	imaging := model.Document{PatientID: pt.ID, Type: model.DocImaging, Date: model.Date{Year: 2021, Month: 1, Day: 5}}
	for _, d := range []*model.Document{&consent, &lab, &imaging} {
		if err := ui.h.Session().Documents().Import(d, []storage.NewPage{tinyPage(t, 40)}); err != nil {
			t.Fatal(err)
		}
	}
	auth := model.Authorization{PatientID: pt.ID, Signer: "Amina Nakato", Relationship: "self", Recipient: "Jubilee Insurance",
		Signed: model.DateOf(time.Now().AddDate(0, -1, 0)), Expires: model.DateOf(time.Now().AddDate(1, 0, 0)), DocumentID: consent.ID}
	if err := ui.h.Session().Release().Authorize(&auth); err != nil {
		t.Fatal(err)
	}
	req := model.Request{PatientID: pt.ID, Requester: model.ReqInsurer, Name: "Jubilee Insurance", Address: "P.O. Box 10, Kampala",
		Purpose: "insurance claim", DocTypes: []model.DocType{model.DocLab}}
	if err := ui.h.Session().Release().CreateRequest(&req); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.OpenSection("Release of information") })
	ui.Wait()
	wantText(t, ui, "1 open · 0 overdue")
	onUI(ui, func() { ui.h.Links.OpenRequest(req.ID) })
	ui.Wait()
	wantText(t, ui, req.Number)
	// Only the lab result was asked for, so only it is ticked.
	ticked := map[string]bool{}
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "Scanned:") {
			ticked[c.Text] = c.Checked
		}
		return true
	})
	for text, on := range ticked {
		if on != strings.Contains(text, "Lab result") {
			t.Errorf("default selection: %q ticked=%v", text, on)
		}
	}
	tap(ui, findButton(t, ui, "Requester and authority checked"))
	tap(ui, findButton(t, ui, "Start preparing"))
	wantText(t, ui, "May not be released: releasing to a third party needs")
	// Choose the signed authorization (the first choice is "No authorization").
	chosen := false
	walkSelects(ui, func(s *widget.Select) {
		if len(s.Options) > 1 && s.Options[0] == "No authorization" {
			onUI(ui, func() { s.SetSelectedIndex(1) })
			chosen = true
		}
	})
	if !chosen {
		t.Fatalf("no authorization to choose: %s", screenText(ui))
	}
	tap(ui, findButton(t, ui, "Save choices"))
	wantText(t, ui, "May be released. Authority: Authorization signed by Amina Nakato")
	dir := t.TempDir()
	saveDialogsIn(ui, dir)
	tap(ui, findButton(t, ui, "Build packet…"))
	path := saveFileAs(t, ui, dir, "packet.pdf")
	data, _ := os.ReadFile(path)
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no packet written: %s", screenText(ui))
	}
	got, _, _ := ui.h.Session().Release().Request(req.ID)
	if got.Status != model.ReqQC || got.Packet == nil || got.Packet.Pages < 3 {
		t.Fatalf("after build: %s %+v", got.Status, got.Packet)
	}
	tap(ui, findButton(t, ui, "Release: the packet has been checked"))
	tap(ui, findButton(t, ui, "Yes"))
	ds, _ := ui.h.Session().Release().Disclosures(pt.ID, time.Now().AddDate(-6, 0, 0))
	if len(ds) != 1 || ds[0].Recipient != "Jubilee Insurance" || ds[0].SHA256 != got.Packet.SHA256 {
		t.Fatalf("disclosures: %+v", ds)
	}
	// The chart's Disclosures tab accounts for the release (printing the
	// accounting is tested in app/ui/chart: TestDisclosuresPrintAccounting).
	onUI(ui, func() { ui.h.OpenChart(pt.ID) })
	ui.Wait()
	selectTab(ui, "Disclosures")
	wantText(t, ui, "1 disclosure in the last 6 years")
	wantText(t, ui, "Jubilee Insurance")
	findButton(t, ui, "Print accounting (6 years)")
}

// saveFileAs answers the save dialog on screen, which opened in dir (see
// saveDialogsIn): the file name, then Save.
func saveFileAs(t *testing.T, ui *UI, dir, name string) string {
	t.Helper()
	var entry *widget.Entry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := kit.EntryOf(o); ok && strings.HasSuffix(e.Text, ".pdf") {
			entry = e
			return false
		}
		return true
	})
	if entry == nil {
		t.Fatalf("no save dialog on screen: %s", screenText(ui))
	}
	setText(ui, entry, name)
	tap(ui, findButton(t, ui, "Save"))
	return filepath.Join(dir, name)
}

// saveDialogsIn makes the signed-in user's file dialogs open in dir: the
// window remembers a folder per user and purpose.
func saveDialogsIn(ui *UI, dir string) {
	for _, purpose := range []string{"packets", "save pdf", "save csv", "save dbak", "scans"} {
		if err := ui.h.Session().Folders().Remember(purpose, dir); err != nil {
			panic(err)
		}
	}
}

// A request is taken at the desk through the intake form: the patient is
// found by MRN, a missing address is named, and the request opens.
func TestNewRequestIntake(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "super1")
	list, _ := ui.h.Session().Patients().List(false)
	onUI(ui, func() { ui.OpenSection("Release of information") })
	ui.Wait()
	tap(ui, findButton(t, ui, "New request…"))
	who := findEntry(t, ui, "patient's MRN or name")
	setText(ui, who, list[1].MRN)
	onUI(ui, func() { who.OnSubmitted(who.Text) })
	ui.Wait()
	walkSelects(ui, func(s *widget.Select) {
		for _, o := range s.Options {
			if o == model.ReqInsurer.Label() {
				onUI(ui, func() { s.SetSelected(o) })
			}
		}
	})
	setText(ui, findEntry(t, ui, "person or organisation"), "Jubilee Insurance")
	setText(ui, findEntry(t, ui, "e.g. continuing care"), "insurance claim")
	tap(ui, findButton(t, ui, "Record request (Enter)"))
	wantText(t, ui, "enter the requester's address")
	setText(ui, findEntry(t, ui, "where the records are sent"), "P.O. Box 10, Kampala")
	tap(ui, findButton(t, ui, "Record request (Enter)"))
	rows, _ := ui.h.Session().Release().Requests(true)
	if len(rows) != 1 || rows[0].Name != "Jubilee Insurance" || rows[0].PatientID != list[1].ID || rows[0].Due.IsZero() {
		t.Fatalf("requests: %+v", rows)
	}
	wantText(t, ui, rows[0].Number)
}
