package kit

import (
	"dossier/model"
)

// Links open one feature's screens from another's without the features
// importing each other: the shell fills them in when it is built. A nil
// link means the feature is not part of this window (a test's fake host).
type Links struct {
	// Patients and chart.
	OpenChart      func(id model.ID)
	PrintCaseNotes func(p model.Patient)
	// PrintLabels opens the labels dialog; a non-empty specimens list
	// presets specimen labels for those specimens.
	PrintLabels      func(p model.Patient, specimens []model.Specimen)
	PrintCoverSheets func(p model.Patient)

	// Release of information.
	OpenRequest func(id model.ID)

	// Admissions.
	AdmitPatient func()

	// Tracking (charts out, specimens) and administration.
	// CodeSetsChanged tells coding that a code set was installed.
	CodeSetsChanged func()
}

// OpenChart opens a patient's chart if the window has charts.
func (h *Host) OpenChart(id model.ID) {
	if h.Links.OpenChart != nil {
		h.Links.OpenChart(id)
	}
}
