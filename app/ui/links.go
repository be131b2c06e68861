package ui

import (
	"dossier/app/ui/keying"
	"dossier/model"
	"dossier/storage"
)

// wireLinks fills in the links between features (kit.Links) once, when the
// window is built: each feature package opens another's screens only
// through them.
func (ui *UI) wireLinks() {
	l := &ui.h.Links

	// Patients and chart.
	l.OpenChart = ui.openChart
	l.PrintCaseNotes = ui.printCaseNotes

	// Release of information.
	l.OpenRequest = ui.openRequest

	// Admissions.
	l.AdmitPatient = ui.admitPatient

	// Keying.
	l.OpenTranscription = func(doc storage.DocumentView, back func()) { keying.OpenTranscription(ui.h, doc, back) }

	_ = model.ID{}
}
