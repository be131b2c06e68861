package clinical

import (
	"time"

	"dossier/model"
)

// AllergyEntry is an allergy on a patient's list, with where it came from.
type AllergyEntry struct {
	ID        model.ID `json:"id"`
	PatientID model.ID `json:"patient"`
	Allergy
	Source     string    `json:"source,omitempty"` // "admission form 2016-03-02", "told by the patient"
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}

// ProblemEntry is an entry on a patient's problem list.
type ProblemEntry struct {
	ID        model.ID `json:"id"`
	PatientID model.ID `json:"patient"`
	Problem
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}

// Flags are what the patient banner shows on every chart screen: the
// allergies and the significant active problems.
func Flags(allergies []AllergyEntry, problems []ProblemEntry) []string {
	var out []string
	for _, a := range allergies {
		s := "Allergy: " + a.Substance
		if a.Reaction != "" {
			s += " (" + a.Reaction + ")"
		}
		out = append(out, s)
	}
	for _, p := range problems {
		if p.Status == ProblemActive && p.Significant {
			out = append(out, p.Text)
		}
	}
	return out
}
