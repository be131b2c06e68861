package ui

import (
	"dossier/app/flow/worklist"
	"dossier/app/ui/admissions"
	"dossier/app/ui/chart"
	"dossier/app/ui/coding"
	"dossier/app/ui/keying"
	"dossier/app/ui/kit"
	"dossier/app/ui/mywork"
	"dossier/app/ui/patients"
	"dossier/app/ui/printing"
	"dossier/app/ui/release"
	"dossier/app/ui/replication"
	"dossier/app/ui/tracking"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
)

// wireLinks fills in the links between features (kit.Links) once, when the
// window is built: each feature package opens another's screens only
// through them.
func (ui *UI) wireLinks() {
	l := &ui.h.Links

	// Patients and chart.
	l.OpenChart = func(id model.ID) { chart.Open(ui.h, id); ui.rememberPatient(id) }
	l.OpenChartAt = func(id model.ID, tab string) { chart.OpenAt(ui.h, id, tab); ui.rememberPatient(id) }
	l.EditPatient = func(p model.Patient, rev uint32) { patients.Edit(ui.h, p, rev) }
	l.PrintCaseNotes = func(p model.Patient) { printing.CaseNotes(ui.h, p) }
	l.PrintLabels = func(p model.Patient, specimens []model.Specimen) {
		preset := printing.FolderLabels
		if len(specimens) > 0 {
			preset = printing.SpecimenLabels
		}
		printing.Labels(ui.h, p, preset, specimens)
	}
	l.PrintCoverSheets = func(p model.Patient) { printing.CoverSheets(ui.h, p) }
	l.PaperChartTab = func(p model.Patient) fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) }
	l.StaysTab = func(p model.Patient) fyne.CanvasObject { return admissions.StaysTab(ui.h, p) }
	l.SpecimensTab = func(p model.Patient) fyne.CanvasObject { return tracking.SpecimensTab(ui.h, p) }
	l.KeyDocument = func(dv storage.DocumentView, back func()) { keying.OpenTranscription(ui.h, dv, back) }
	l.KeyDocumentThen = func(dv storage.DocumentView, back, saved func()) { keying.OpenTranscriptionThen(ui.h, dv, back, saved) }
	l.CodeEncounter = func(id model.ID) { coding.OpenEncounter(ui.h, id) }

	// Release of information.
	l.OpenRequest = func(id model.ID) { release.OpenRequest(ui.h, id) }

	// Admissions.
	l.AdmitPatient = func() { admissions.AdmitPatient(ui.h) }

	// Tracking (charts out, specimens) and administration.
	l.CodeSetsChanged = func() { coding.CodeSetsChanged(ui.h) }

	// Lists of My work that come from a worklist.Source.
	mywork.Openers[worklist.ConflictKey] = func(h *kit.Host, it storage.WorkItem) { replication.OpenConflict(h, it.ID) }

}
