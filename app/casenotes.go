package app

import (
	"os"
	"time"

	"dossier/model"
	"dossier/reports"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// printCaseNotes asks who the notes are for and where to save the PDF.
func (ui *UI) printCaseNotes(p model.Patient) {
	ui.askReason("Print case notes", "Who are the notes for? (e.g. Female Medical ward, Dr. Achieng)", "Continue",
		func(forWhom string) {
			d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
				if err != nil || w == nil {
					return
				}
				path := w.URI().Path()
				w.Close()
				ui.writeCaseNotes(p.ID, forWhom, path)
			}, ui.win)
			d.SetFileName("case-notes-" + p.MRN + ".pdf")
			d.Show()
		})
}

// writeCaseNotes gathers the chart (audited as a print) and writes the PDF
// off the UI goroutine.
func (ui *UI) writeCaseNotes(id model.ID, forWhom, path string) {
	background(ui, func() (struct{}, error) {
		p, ch, err := ui.sess.CaseNotesFor(id, forWhom)
		if err != nil {
			return struct{}{}, err
		}
		clinic, err := ui.sess.Clinic()
		if err != nil {
			return struct{}{}, err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return struct{}{}, err
		}
		err = reports.WriteCaseNotes(f, reports.CaseNotes{Clinic: clinic, Patient: p, Encounters: ch.Encounters, Notes: ch.Notes,
			For: forWhom, PrintedBy: ui.sess.User().Username, PrintedAt: time.Now()})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
		return struct{}{}, err
	}, func(_ struct{}, err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		ui.notice("Case notes saved to " + path + ". Print them, and hand them to " + forWhom + ".")
	})
}
