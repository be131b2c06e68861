package ui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
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
		var buf bytes.Buffer
		err = reports.WriteCaseNotes(&buf, reports.CaseNotes{Clinic: clinic, Patient: p, Encounters: ch.Encounters, Notes: ch.Notes,
			For: forWhom, PrintedBy: ui.sess.User().Username, PrintedAt: time.Now()})
		if err == nil {
			err = writeFile(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
		}
		if err == nil {
			// Case notes leaving the records office are a release too.
			sum := sha256.Sum256(buf.Bytes())
			_, err = ui.sess.RecordInternalRelease(id, forWhom, []string{"Case notes"}, reports.PageCount(buf.Bytes()), hex.EncodeToString(sum[:]))
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
