package ui

import (
	"testing"
	"time"

	"dossier/app/ui/kit"
	"dossier/app/ui/tracking"
	"dossier/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func findSelectEntry(t *testing.T, ui *UI) *widget.SelectEntry {
	t.Helper()
	var found *widget.SelectEntry
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.SelectEntry); ok {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		t.Fatal("no specimen type field on screen")
	}
	return found
}

func findRadio(t *testing.T, ui *UI) *widget.RadioGroup {
	t.Helper()
	var found *widget.RadioGroup
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if r, ok := o.(*widget.RadioGroup); ok {
			found = r
			return false
		}
		return true
	})
	if found == nil {
		t.Fatal("no choice of label kind on screen")
	}
	return found
}

func TestLogSpecimenPrintItsLabelAndRecordTheResult(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	showScreen(ui, func() fyne.CanvasObject { return tracking.SpecimensTab(ui.h, p) })
	wantText(t, ui, "No specimens logged.")

	tap(ui, findButton(t, ui, "Log specimen…"))
	kind := findSelectEntry(t, ui)
	when := findEntry(t, ui, "2026-11-22 10:40, 10:40")
	tests := findEntry(t, ui, "Tests requested")
	setText(ui, when, "yesterday")
	pressEnter(ui, tests)
	wantText(t, ui, "Choose or type the kind of specimen.")
	wantText(t, ui, "Enter the tests requested.")
	wantText(t, ui, "Type the date and time as")
	onUI(ui, func() { kind.SetText("Blood") })
	setText(ui, tests, "FBC, malaria RDT")
	setText(ui, when, "now")
	pressEnter(ui, tests)
	code := model.SpecimenCode(p.MRN, 1)
	wantText(t, ui, "Specimen "+code+" logged")

	tap(ui, findButton(t, ui, "Print label"))
	if r := findRadio(t, ui); r.Selected != "Specimen labels" {
		t.Fatalf("the labels dialog opened on %q", r.Selected)
	}
	wantText(t, ui, "Avery L7651")
	tap(ui, findButton(t, ui, "Cancel"))

	wantText(t, ui, code)
	wantText(t, ui, "awaiting result")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 0}) })
	tap(ui, findButton(t, ui, "Result received…"))
	result := findEntry(t, ui, "Short result")
	pressEnter(ui, result)
	wantText(t, ui, "Enter the result, or where it is filed.")
	setText(ui, result, "Hb 11.2 g/dL, RDT negative")
	pressEnter(ui, result)
	wantText(t, ui, "result received")
	wantText(t, ui, "Hb 11.2") // the result column may be cut ("…") at the test window's width

	showScreen(ui, func() fyne.CanvasObject { return tracking.LogScreen(ui.h) })
	wantText(t, ui, "No specimens are awaiting results.")
	var awaiting *widget.Check
	walk(ui.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == "Awaiting results only" {
			awaiting = c
		}
		return true
	})
	onUI(ui, func() { awaiting.SetChecked(false) })
	ui.Wait()
	wantText(t, ui, "1 specimen, 0 awaiting results")
	wantText(t, ui, code)
}

func TestSpecimenLogMarksLateResults(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Muñoz")
	old := model.Specimen{PatientID: p.ID, Type: "Urine", Tests: "Culture", Collected: time.Now().AddDate(0, 0, -9)}
	fresh := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now().Add(-time.Hour)}
	for _, s := range []*model.Specimen{&old, &fresh} {
		if err := ui.h.Session().Specimens().Log(s); err != nil {
			t.Fatal(err)
		}
	}
	showScreen(ui, func() fyne.CanvasObject { return tracking.LogScreen(ui.h) })
	wantText(t, ui, "2 specimens awaiting results, 1 late")
	table := firstTable(t, ui)
	// Newest first: the fresh one, then the late one marked and in red.
	for row, want := range []struct {
		status string
		imp    widget.Importance
	}{{"awaiting result", widget.MediumImportance}, {"late: 9 days", widget.DangerImportance}} {
		cell := table.CreateCell()
		onUI(ui, func() { table.UpdateCell(widget.TableCellID{Row: row, Col: 6}, cell) })
		l := kit.CellLabel(cell)
		if l.Text != want.status || l.Importance != want.imp {
			t.Fatalf("row %d: %q importance %v, want %+v", row, l.Text, l.Importance, want)
		}
	}
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 1, Col: 0}) })
	tap(ui, findButton(t, ui, "Rejected…"))
	setText(ui, findEntry(t, ui, "e.g. haemolysed"), "leaked in transport")
	tap(ui, findButton(t, ui, "Save (Enter)"))
	wantText(t, ui, "1 specimen awaiting results, 0 late")
	wantText(t, ui, old.Code+" marked rejected")
	cell := table.CreateCell()
	onUI(ui, func() { table.UpdateCell(widget.TableCellID{Row: 0, Col: 0}, cell) })
	l := kit.CellLabel(cell)
	if n := tableRows(t, ui); n != 1 || l.Text != fresh.Code {
		t.Fatalf("awaiting after the rejection: %d rows, first %q", n, l.Text)
	}
}
