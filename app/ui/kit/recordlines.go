package kit

import (
	"fmt"

	"dossier/model"
	"dossier/storage"
)

// DocLine is a scanned document in one line: date, type, pages and title.
func DocLine(dv storage.DocumentView) string {
	s := fmt.Sprintf("%s  %s · %s", dv.Doc.Date, dv.Doc.Type.Label(), CountOf(len(dv.Pages), "page"))
	if dv.Doc.Title != "" {
		s += " · " + dv.Doc.Title
	}
	return s
}

// EncounterLabel is an encounter in one line: start, type, end and ward.
func EncounterLabel(e model.Encounter) string {
	s := e.Start.Local().Format("2006-01-02") + " " + string(e.Type)
	if !e.End.IsZero() {
		s += " to " + e.End.Local().Format("2006-01-02")
	}
	if e.Ward != "" {
		s += " · " + e.Ward
	}
	return s
}
