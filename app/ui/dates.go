package ui

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"

	"fyne.io/fyne/v2/widget"
)

// parseDate reads a date typed into any form the way the clinic writes
// dates (Settings: day/month/year, month/day/year or year-month-day), plus
// ISO dates and "today", "yesterday", "3 days ago". Birth dates on the
// registration form keep their own reader (patientfields.go).
func (ui *UI) parseDate(s string) (model.Date, bool) {
	d, err := clinical.ParseDate(s, ui.dateOrder(), time.Now())
	return d, err == nil
}

// docTypesChosen reads the document types ticked in a check group of
// their labels.
func docTypesChosen(g *widget.CheckGroup) []model.DocType {
	var out []model.DocType
	for _, l := range g.Selected {
		if t, ok := model.DocTypeByLabel(l); ok {
			out = append(out, t)
		}
	}
	return out
}
