package ui

import (
	"fmt"
	"io"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"

	"fyne.io/fyne/v2/widget"
)

// Helpers that lived in the patients and chart files, kept only for the
// screens of package ui not yet moved into feature packages (moved code
// uses kit). Each goes when its last caller moves.

// wrapLabel is kit.WrapLabel.
func wrapLabel(s string) *widget.Label { return kit.WrapLabel(s) }

// writeFile is kit.WritePrivateFile.
func writeFile(path string, write func(io.Writer) error) error {
	return kit.WritePrivateFile(path, write)
}

// countOf says "1 page" or "3 pages".
func countOf(n int, thing string) string { return kit.CountOf(n, thing) }

// plural is "1 match" or "3 matches".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// docLine is kit.DocLine.
var docLine = kit.DocLine

// patientFields is the registration form as text (the merge screen fills
// two).
type patientFields = kit.PatientFields

// fieldsOf is kit.PatientFieldsOf.
var fieldsOf = kit.PatientFieldsOf

// dateOrder is how the clinic writes dates on paper.
func (ui *UI) dateOrder() clinical.DateOrder {
	if c, err := ui.sess.Clinic(); err == nil && c.DateOrder != "" {
		return clinical.DateOrder(c.DateOrder)
	}
	return clinical.OrderDMY
}

// clinic is the clinic's settings (an empty value when they cannot be read:
// callers fall back to defaults).
func (ui *UI) clinic() model.Clinic {
	c, _ := ui.sess.Clinic()
	return c
}
