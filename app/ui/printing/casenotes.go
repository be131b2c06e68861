// Package printing is the window's printing dialogs: case notes, labels
// and cover sheets for one patient. The work itself is the printing flow
// (app/flow/printing), which the command line calls too.
package printing

import (
	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
)

// CaseNotes asks who the notes are for and where they go (a printer or
// a PDF file), then prints them.
func CaseNotes(h *kit.Host, p model.Patient) {
	h.AskLine(lang.X("printing.print_case_notes", "Print case notes"), lang.X("printing.for", "For"),
		lang.X("printing.who_for", "Who are the notes for? (e.g. Female Medical ward, Dr. Achieng)"), lang.X("printing.continue", "Continue"),
		func(forWhom string) {
			outputCaseNotes(h, p, forWhom)
		})
}

// outputCaseNotes prints or saves the case notes; the printing flow
// records them as a release before they leave.
func outputCaseNotes(h *kit.Host, p model.Patient, forWhom string) {
	h.PrintOrSave(lang.X("printing.case_notes_for", "Case notes for {{.Name}}", map[string]any{"Name": p.DisplayName()}), func(sess *storage.Session) (*printflow.Job, error) {
		j, _, err := printflow.CaseNotesJob(sess, p.ID, forWhom)
		return j, err
	}, func(where string) {
		h.Notice(lang.X("printing.case_notes_done", "Case notes {{.Where}}. Hand them to {{.Who}}.", map[string]any{"Where": where, "Who": forWhom}))
	})
}
