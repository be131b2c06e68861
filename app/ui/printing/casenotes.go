// Package printing is the window's printing dialogs: case notes, labels
// and cover sheets for one patient. The work itself is the printing flow
// (app/flow/printing), which the command line calls too.
package printing

import (
	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"
)

// CaseNotes asks who the notes are for and where they go (a printer or
// a PDF file), then prints them.
func CaseNotes(h *kit.Host, p model.Patient) {
	h.AskLine("Print case notes", "For", "Who are the notes for? (e.g. Female Medical ward, Dr. Achieng)", "Continue",
		func(forWhom string) {
			outputCaseNotes(h, p, forWhom)
		})
}

// outputCaseNotes prints or saves the case notes; the printing flow
// records them as a release before they leave.
func outputCaseNotes(h *kit.Host, p model.Patient, forWhom string) {
	h.PrintOrSave("Case notes for "+p.DisplayName(), func(sess *storage.Session) (*printflow.Job, error) {
		j, _, err := printflow.CaseNotesJob(sess, p.ID, forWhom)
		return j, err
	}, func(where string) {
		h.Notice("Case notes " + where + ". Hand them to " + forWhom + ".")
	})
}
