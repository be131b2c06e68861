package ui

import (
	"dossier/app/ui/release"
	"dossier/model"
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
	l.OpenRequest = func(id model.ID) { release.OpenRequest(ui.h, id) }

	// Admissions.
	l.AdmitPatient = ui.admitPatient

	_ = model.ID{}
}
