package ui

import (
	"dossier/app/ui/admissions"
	"dossier/app/ui/printing"
	"dossier/model"
)

// wireLinks fills in the links between features (kit.Links) once, when the
// window is built: each feature package opens another's screens only
// through them.
func (ui *UI) wireLinks() {
	l := &ui.h.Links

	// Patients and chart.
	l.OpenChart = ui.openChart
	l.PrintCaseNotes = func(p model.Patient) { printing.CaseNotes(ui.h, p) }
	l.PrintLabels = func(p model.Patient, specimens []model.Specimen) {
		preset := printing.FolderLabels
		if len(specimens) > 0 {
			preset = printing.SpecimenLabels
		}
		printing.Labels(ui.h, p, preset, specimens)
	}
	l.PrintCoverSheets = func(p model.Patient) { printing.CoverSheets(ui.h, p) }

	// Release of information.
	l.OpenRequest = ui.openRequest

	// Admissions.
	l.AdmitPatient = func() { admissions.AdmitPatient(ui.h) }

	// Tracking (charts out, specimens) and administration.
	l.CodeSetsChanged = func() { ui.codes.reset() }

}
