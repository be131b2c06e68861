// Package completion turns the deficiency queue into what people read:
// lines for the desk, the CLI and CSV, and the per-person groups that
// slips and delinquency letters are printed for. Both front ends use it.
package completion

import (
	"encoding/hex"
	"strings"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// LevelWord names an age level for lists and CSV.
func LevelWord(l model.AgeLevel) string {
	switch l {
	case model.AgeWarning:
		return "warning"
	case model.AgeDelinquent:
		return "delinquent"
	}
	return ""
}

// Responsible is who must act, in words: the clinician's name, or the role.
func Responsible(d model.Deficiency) string {
	if d.Role == model.RoleClinician && d.UserName != "" {
		return d.UserName
	}
	return d.Role.Label()
}

// RecordWords names the record a deficiency is on.
func RecordWords(d model.Deficiency) string {
	switch {
	case d.EncounterID.IsZero():
		return "Chart"
	case !d.Discharge.IsZero():
		s := "Stay to " + d.Discharge.Format("2006-01-02")
		if d.Ward != "" {
			s += " (" + d.Ward + ")"
		}
		return s
	case d.Ward != "":
		return "Stay in " + d.Ward
	}
	return "Visit " + d.Since.Format("2006-01-02")
}

// Line is one row in words.
func Line(r storage.DeficiencyRow) reports.DeficiencyLine {
	key := r.EncounterID
	if key.IsZero() {
		key = r.PatientID
	}
	return reports.DeficiencyLine{MRN: r.Patient.MRN, Patient: r.Patient.Name, Ward: r.Ward,
		RecordKey: hex.EncodeToString(key[:]), Record: RecordWords(r.Deficiency), Discharge: r.Discharge,
		Rule: r.Rule.Label(), Missing: r.Missing, Responsible: Responsible(r.Deficiency),
		Status: r.Status.Label(), Since: r.Since, Age: r.Age, Level: LevelWord(r.Level)}
}

// Lines is Line over a list.
func Lines(rows []storage.DeficiencyRow) []reports.DeficiencyLine {
	out := make([]reports.DeficiencyLine, len(rows))
	for i, r := range rows {
		out[i] = Line(r)
	}
	return out
}

// Group is the rows of one person (a clinician) or role (coders, clerks).
type Group struct {
	storage.ResponsibleCount
	Rows []storage.DeficiencyRow
}

// Of reports whether a row belongs to the group.
func (g Group) Of(r storage.DeficiencyRow) bool {
	if r.Role != g.Role {
		return false
	}
	if g.Role != model.RoleClinician {
		return true
	}
	return r.UserID == g.UserID && strings.EqualFold(nameOr(r.UserName), nameOr(g.Name))
}

func nameOr(s string) string {
	if s == "" {
		return "(no attending named)"
	}
	return s
}

// Groups splits rows by who must act, largest first, with their counts.
func Groups(rows []storage.DeficiencyRow) []Group {
	counts := storage.ByResponsible(rows)
	out := make([]Group, len(counts))
	for i, c := range counts {
		out[i].ResponsibleCount = c
	}
	for _, r := range rows {
		for i := range out {
			if out[i].Of(r) {
				out[i].Rows = append(out[i].Rows, r)
				break
			}
		}
	}
	return out
}
