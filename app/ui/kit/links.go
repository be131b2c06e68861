package kit

import (
	"dossier/model"
	"dossier/storage"
)

// Links open one feature's screens from another's without the features
// importing each other: the shell fills them in when it is built. A nil
// link means the feature is not part of this window (a test's fake host).
type Links struct {
	// Patients and chart.
	OpenChart      func(id model.ID)
	PrintCaseNotes func(p model.Patient)

	// Release of information.
	OpenRequest func(id model.ID)

	// Admissions.
	AdmitPatient func()

	// Keying.
	// OpenTranscription opens a filed document's form to key beside its
	// pages; back runs when the clerk leaves it.
	OpenTranscription func(doc storage.DocumentView, back func())
}

// OpenChart opens a patient's chart if the window has charts.
func (h *Host) OpenChart(id model.ID) {
	if h.Links.OpenChart != nil {
		h.Links.OpenChart(id)
	}
}
