package ui

import (
	"testing"

	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// A clerk scans and indexes a box; a supervisor checks the sample with the
// keyboard (Enter for each correct page) and the batch can then be verified.
func TestQualityCheckWithTheKeyboard(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "clerk1")
	b := model.Batch{Label: "Box 3"}
	if err := ui.h.Session().Batches().Create(&b); err != nil {
		t.Fatal(err)
	}
	pages := importTinyPages(t, ui, 7, b.ID)
	list, _ := ui.h.Session().Patients().List(false)
	doc := model.Document{PatientID: list[0].ID, Type: model.DocCaseNote, Date: model.Date{Year: 2001, Month: 2, Day: 3}, BatchID: b.ID}
	for _, p := range pages {
		doc.Pages = append(doc.Pages, p.ID)
	}
	if err := ui.h.Session().Documents().File(&doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range []model.BatchStage{model.StageScanned, model.StageIndexed} {
		if _, err := ui.h.Session().Batches().Advance(b.ID, s, ""); err != nil {
			t.Fatal(err)
		}
	}
	b, err := ui.h.Session().Batches().DrawQCSample(b.ID)
	if err != nil || len(b.QC.Sample) != 5 {
		t.Fatalf("sample: %v", err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	// The supervisor opens the box on the Batches screen and checks its sample.
	onUI(ui, func() { ui.OpenSection("Batches") })
	ui.Wait()
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	ui.Wait()
	tap(ui, findButton(t, ui, "Check sample pages…"))
	wantText(t, ui, "Page 1 of 5 in the sample")
	for i := 0; i < 5; i++ {
		onUI(ui, func() { ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
		ui.Wait()
	}
	got, _, _ := ui.h.Session().Batches().Get(b.ID)
	if !got.QC.Passed || got.QC.By != "super1" {
		t.Fatalf("qc: %+v", got.QC)
	}
	if _, err := ui.h.Session().Batches().Advance(b.ID, model.StageTranscribed, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.h.Session().Batches().Advance(b.ID, model.StageVerified, ""); err != nil {
		t.Fatalf("verify after a passed check: %v", err)
	}
}
