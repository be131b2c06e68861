package ui

import (
	"testing"

	"dossier/model"

	"fyne.io/fyne/v2/widget"
)

func TestBatchesScreenFlow(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	onUI(ui, func() { ui.OpenSection("Batches") })
	ui.Wait()
	wantText(t, ui, "No batches yet.")
	tap(ui, findButton(t, ui, "New batch…"))
	label := findEntry(t, ui, "as written on the box")
	setText(ui, label, "Box 12")
	setText(ui, findEntry(t, ui, "number of paper charts"), "forty")
	onUI(ui, func() { label.OnSubmitted("") })
	ui.Wait()
	wantText(t, ui, "Charts: type a whole number")
	setText(ui, findEntry(t, ui, "number of paper charts"), "40")
	onUI(ui, func() { label.OnSubmitted("") })
	ui.Wait()
	wantText(t, ui, "1 batch: 1 received")
	bs, _ := ui.h.Session().Batches().List()
	if len(bs) != 1 || bs[0].Charts != 40 {
		t.Fatalf("batches: %+v", bs)
	}
	importTinyPages(t, ui, 6, bs[0].ID)
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	ui.Wait()
	wantText(t, ui, "6 pages: 0 filed, 6 unfiled")
	wantText(t, ui, "clerk1: 6 pages scanned, 0 pages indexed")
	tap(ui, findButton(t, ui, "Mark scanned"))
	if b, _, _ := ui.h.Session().Batches().Get(bs[0].ID); b.Stage != model.StageScanned {
		t.Fatalf("stage %s", b.Stage)
	}
	wantText(t, ui, "1 batch: 1 scanned")
}
