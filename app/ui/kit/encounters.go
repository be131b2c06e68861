package kit

import "dossier/model"

// EncounterLabel names an encounter in a list or a form: its dates, its
// type and its ward.
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
