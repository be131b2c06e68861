package ui

import (
	"strings"
	"testing"
	"time"

	"dossier/app/ui/printing"
	"dossier/model"
)

// Saving each kind of label and cover sheet is tested in app/ui/printing
// (TestSaveEveryKindOfLabelAndCoverSheets).

func TestLabelsDialogChecksTheSheetAndOffersLoggedSpecimens(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "clerk1")
	p := demoPatient(t, ui, "Nakato")
	onUI(ui, func() { printing.Labels(ui.h, p, printing.FolderLabels, nil) })
	ui.Wait()
	if got := strings.Join(findRadio(t, ui).Options, ","); got != "Folder labels,Patient ID labels" {
		t.Fatalf("offered %s with no specimens logged", got)
	}
	wantText(t, ui, "Avery L7163")
	skip := findEntry(t, ui, "Labels already used")
	setText(ui, skip, "4")
	wantText(t, ui, "Prints 1 label on label 5 of the sheet (14 labels per sheet).")
	setText(ui, skip, "14")
	pressEnter(ui, skip)
	wantText(t, ui, "A sheet holds 14 labels: at most 13 can be already used.")
	tap(ui, findButton(t, ui, "Cancel"))

	s := model.Specimen{PatientID: p.ID, Type: "Urine", Tests: "Microscopy", Collected: time.Now()}
	if err := ui.h.Session().Specimens().Log(&s); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { printing.Labels(ui.h, p, printing.SpecimenLabels, nil) })
	ui.Wait()
	if r := findRadio(t, ui); r.Selected != "Specimen labels" {
		t.Fatalf("opened on %q", r.Selected)
	}
	wantText(t, ui, s.Code+" · Urine · Microscopy")
	wantText(t, ui, "Prints 1 label on label 1 of the sheet (65 labels per sheet).")
	tap(ui, findButton(t, ui, "Cancel"))

	s2 := model.Specimen{PatientID: p.ID, Type: "Blood", Tests: "FBC", Collected: time.Now()}
	if err := ui.h.Session().Specimens().Log(&s2); err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() { ui.h.Links.PrintLabels(p, []model.Specimen{s, s2}) })
	ui.Wait()
	wantText(t, ui, "Prints 2 labels on label 1 to 2 of the sheet")
	tap(ui, findButton(t, ui, "Cancel"))

	onUI(ui, func() { ui.h.Links.PrintCoverSheets(p) })
	count := findEntry(t, ui, "1 to 20")
	setText(ui, count, "50")
	pressEnter(ui, count)
	wantText(t, ui, "Choose the kind of document.")
	wantText(t, ui, "Type how many sheets, from 1 to 20.")
}
