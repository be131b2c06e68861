package reports

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"
)

// printedDay writes the day of t on a printed page: ISO (2024-03-12) in a
// Gregorian clinic, which any reader outside it understands; in a clinic
// on another calendar, the clinic's own writing of it marked with the era
// ("03/07/2016 EC"), since the page may be read where both calendars are
// in use. The era's mark is in the language of w.
func printedDay(w printed.Words, t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	return printedDate(w, model.DateOf(t), order)
}

// printedDate is printedDay for a date.
func printedDate(w printed.Words, d model.Date, order clinical.DateOrder) string {
	if d.IsZero() {
		return ""
	}
	if order.Calendar().ID() == "gregorian" {
		return d.String()
	}
	return clinical.FormatDate(d, order) + " " + w.T("date.era.ethiopian")
}

// printedWhen is printedDay with the time of day.
func printedWhen(w printed.Words, t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	return printedDay(w, t, order) + " " + t.Format("15:04")
}
