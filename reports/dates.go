package reports

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// printedDay writes the day of t on a printed page: ISO (2024-03-12) in a
// Gregorian clinic, which any reader outside it understands; in a clinic
// on another calendar, the clinic's own writing of it marked with the era
// ("03/07/2016 EC"), since the page may be read where both calendars are
// in use.
func printedDay(t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	return printedDate(model.DateOf(t), order)
}

// printedDate is printedDay for a date.
func printedDate(d model.Date, order clinical.DateOrder) string {
	if d.IsZero() {
		return ""
	}
	if order.Calendar().ID() == "gregorian" {
		return d.String()
	}
	return clinical.FormatDate(d, order) + " EC"
}

// printedWhen is printedDay with the time of day.
func printedWhen(t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	return printedDay(t, order) + " " + t.Format("15:04")
}
