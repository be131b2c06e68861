package ui

import (
	"testing"

	"dossier/app/ui/patients"
	"dossier/model"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestRegistrationShowsLikelyDuplicates(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	onUI(ui, func() { patients.Register(ui.h) })
	setText(ui, findEntry(t, ui, "Given name"), "Aminah")
	setText(ui, findEntry(t, ui, "Family name"), "Nakatto")
	setText(ui, findEntry(t, ui, "2024-03-12"), "1992-01-09")
	var sex *widget.Select
	walkSelects(ui, func(s *widget.Select) { sex = s })
	onUI(ui, func() { sex.SetSelected("Female") })
	tap(ui, findButton(t, ui, "Register"))
	wantText(t, ui, "may already be registered")
	wantText(t, ui, "NAKATO, Amina")
	tap(ui, findButton(t, ui, "New patient — not any of these"))
	wantText(t, ui, "NAKATTO, Aminah")
	es, _ := ui.h.Session().Admin().Audit(model.AuditFilter{}, 0)
	_ = es // the clerk may not read the audit trail; the storage test checks the entry
}

func TestSupervisorScansMergesAndUndoes(t *testing.T) {
	path := newDemoStore(t)
	ui := openUI(t, path)
	signInAs(t, ui, "clerk1")
	dup := model.Patient{GivenName: "Aminah", FamilyName: "Nakatto", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 1, Day: 9}}
	if err := ui.h.Session().Patients().Register(&dup); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "super1")
	openSection(t, ui, "Duplicates")
	// Run the scan directly (the button's progress dialog needs no test).
	if _, err := ui.h.Session().Duplicates().Scan(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	openSection(t, ui, "Duplicates")
	wantText(t, ui, "1 pair to review")
	table := firstTable(t, ui)
	onUI(ui, func() { table.Select(widget.TableCellID{Row: 0, Col: 2}) })
	ui.Wait()
	wantText(t, ui, "Keep the MRN of")
	wantText(t, ui, "the same person")
	wantText(t, ui, "Different: Given name Amina on A, Aminah on B")
	tap(ui, findButton(t, ui, "Merge…"))
	setText(ui, reasonBox(t, ui), "registered twice")
	tap(ui, findButton(t, ui, "Merge"))
	wantText(t, ui, "was merged into")
	if list, _ := ui.h.Session().Patients().List(false); len(list) != 3 {
		t.Fatalf("%d patients after merge", len(list))
	}
	ms := 0
	for _, p := range must(ui.h.Session().Patients().List(false)) {
		m, _ := ui.h.Session().Duplicates().MergesInto(p.ID)
		ms += len(m)
		if len(m) == 1 {
			onUI(ui, func() { ui.h.OpenChart(p.ID) })
			ui.Wait()
		}
	}
	if ms != 1 {
		t.Fatalf("%d merges", ms)
	}
	tap(ui, findButton(t, ui, "Undo merge"))
	setText(ui, reasonBox(t, ui), "twins after all")
	onUI(ui, func() { test.Tap(findButton(t, ui, "Undo merge")) })
	ui.Wait()
	if list, _ := ui.h.Session().Patients().List(false); len(list) != 4 {
		t.Fatalf("%d patients after unmerge", len(list))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
