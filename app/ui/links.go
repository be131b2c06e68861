package ui

import (
	"dossier/app/ui/admissions"
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
	l.OpenRequest = ui.openRequest

	// Admissions.
	l.AdmitPatient = func() { admissions.AdmitPatient(ui.h) }

	// Tracking (charts out, specimens) and administration.
	l.PrintSpecimenLabels = func(p model.Patient, s []model.Specimen) { ui.showLabelsDialog(p, labelSpecimen, s) }
	l.CodeSetsChanged = func() { ui.codes.reset() }

	_ = model.ID{}
}
