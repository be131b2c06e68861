package ui

import (
	"dossier/app/ui/chart"
	"dossier/app/ui/patients"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"
)

// wireLinks fills in the links between features (kit.Links) once, when the
// window is built: each feature package opens another's screens only
// through them.
func (ui *UI) wireLinks() {
	l := &ui.h.Links

	// Patients and chart.
	l.OpenChart = func(id model.ID) { chart.Open(ui.h, id) }
	l.PrintCaseNotes = ui.printCaseNotes
	l.EditPatient = func(p model.Patient, rev uint32) { patients.Edit(ui.h, p, rev) }
	l.PrintLabels = func(p model.Patient) { ui.showLabelsDialog(p, labelFolder, nil) }
	l.PrintCoverSheets = ui.showCoverSheetDialog
	l.PaperChartTab = ui.paperChartTab
	l.StaysTab = ui.staysTab
	l.SpecimensTab = ui.specimensTab
	l.KeyDocument = func(dv storage.DocumentView, back func()) {
		ui.openTranscription(dv, keyFirst, clinical.Transcript{}, back)
	}

	// Release of information.
	l.OpenRequest = ui.openRequest

	// Admissions.
	l.AdmitPatient = ui.admitPatient

	_ = model.ID{}
}
