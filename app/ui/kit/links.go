package kit

import (
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
)

// Links open one feature's screens from another's without the features
// importing each other: the shell fills them in when it is built. A nil
// link means the feature is not part of this window (a test's fake host).
type Links struct {
	// Patients and chart.
	OpenChart func(id model.ID)
	// OpenChartAt opens the chart on the tab with this title ("Notes" …).
	OpenChartAt    func(id model.ID, tab string)
	PrintCaseNotes func(p model.Patient)
	// PrintLabels opens the labels dialog; a non-empty specimens list
	// presets specimen labels for those specimens.
	PrintLabels      func(p model.Patient, specimens []model.Specimen)
	PrintCoverSheets func(p model.Patient)
	// EditPatient opens the patient form on a saved patient (rev: its
	// revision, for the conflict check).
	EditPatient func(p model.Patient, rev uint32)
	// The chart's tabs that other features fill.
	PaperChartTab func(p model.Patient) fyne.CanvasObject
	StaysTab      func(p model.Patient) fyne.CanvasObject
	SpecimensTab  func(p model.Patient) fyne.CanvasObject
	// KeyDocument opens a scanned document for keying into its form;
	// back is called when the keying screen closes.
	KeyDocument func(dv storage.DocumentView, back func())
	// KeyDocumentThen is KeyDocument where a save calls saved instead of
	// back (My work goes on to the next document to key).
	KeyDocumentThen func(dv storage.DocumentView, back, saved func())
	// CodeEncounter opens the Coding section on one encounter.
	CodeEncounter func(id model.ID)

	// Release of information.
	OpenRequest func(id model.ID)

	// Admissions.
	AdmitPatient func()

	// Tracking (charts out, specimens) and administration.
	// CodeSetsChanged tells coding that a code set was installed.
	CodeSetsChanged func()
}

// OpenChartAt opens a patient's chart on one tab if the window has charts.
func (h *Host) OpenChartAt(id model.ID, tab string) {
	if h.Links.OpenChartAt != nil {
		h.Links.OpenChartAt(id, tab)
	} else {
		h.OpenChart(id)
	}
}

// OpenChart opens a patient's chart if the window has charts.
func (h *Host) OpenChart(id model.ID) {
	if h.Links.OpenChart != nil {
		h.Links.OpenChart(id)
	}
}
