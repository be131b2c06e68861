package kit

import (
	"fmt"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
)

// DocLine is a scanned document in one line: date, type, pages and title.
func (h *Host) DocLine(dv storage.DocumentView) string {
	s := fmt.Sprintf("%s  %s · %s", h.Date(dv.Doc.Date), DocTypeName(dv.Doc.Type), CountOf(len(dv.Pages), "page"))
	if dv.Doc.Title != "" {
		s += " · " + dv.Doc.Title
	}
	return s
}

// EncounterLabel is an encounter in one line: start, type, end and ward.
func (h *Host) EncounterLabel(e model.Encounter) string {
	s := h.Day(e.Start) + " " + EncounterTypeName(e.Type)
	if !e.End.IsZero() {
		s += " " + lang.X("kit.encounter_until", "to {{.End}}", map[string]any{"End": h.Day(e.End)})
	}
	if e.Ward != "" {
		s += " · " + e.Ward
	}
	return s
}
