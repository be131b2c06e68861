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

// CaseNotes asks who the notes are for and where to save the PDF, then
// prints them.
func CaseNotes(h *kit.Host, p model.Patient) {
	h.AskLine("Print case notes", "For", "Who are the notes for? (e.g. Female Medical ward, Dr. Achieng)", "Continue",
		func(forWhom string) {
			h.AskSavePath("case-notes-"+p.MRN+".pdf", func(path string) { writeCaseNotes(h, p.ID, forWhom, path) })
		})
}

// writeCaseNotes prints the case notes (audited, and recorded as a
// release before the file is written) off the UI goroutine.
func writeCaseNotes(h *kit.Host, id model.ID, forWhom, path string) {
	kit.Run(h, func(sess *storage.Session) (model.Patient, error) {
		return printflow.CaseNotes(sess, id, forWhom, path)
	}, func(_ model.Patient, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		h.Notice("Case notes saved to " + path + ". Print them, and hand them to " + forWhom + ".")
	})
}
