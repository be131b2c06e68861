package clinical

import (
	"strings"
	"time"

	"dossier/model"
)

// AllergyEntry is an allergy on a patient's list, with where it came from.
type AllergyEntry struct {
	ID        model.ID `json:"id"`
	PatientID model.ID `json:"patient"`
	Allergy
	// NoneKnown records "no known allergies" (NKDA) as a statement about
	// the patient, so a blank list is not mistaken for one that was asked.
	NoneKnown  bool      `json:"noneKnown,omitempty"`
	Source     string    `json:"source,omitempty"` // "admission form 2016-03-02", "told by the patient"
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}

// ProblemEntry is an entry on a patient's problem list.
type ProblemEntry struct {
	ID        model.ID `json:"id"`
	PatientID model.ID `json:"patient"`
	Problem
	// Source names the record an imported entry came from (FHIR
	// Condition/…), so importing the same file again adds nothing.
	Source     string    `json:"source,omitempty"`
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}

// Flags are what the patient banner shows on every chart screen: the
// allergies and the significant active problems.
func Flags(allergies []AllergyEntry, problems []ProblemEntry) []string {
	var out []string
	known := 0
	for _, a := range allergies {
		if !a.NoneKnown {
			known++
		}
	}
	for _, a := range allergies {
		if a.NoneKnown {
			if known == 0 {
				out = append(out, "No known allergies (recorded "+a.Recorded.Format("2006-01-02")+")")
			}
			continue
		}
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

// AllergyAlerts are the patient's registration alerts that name an allergy
// ("Allergy: penicillin", "allergic to sulfa"): free text typed before the
// allergy list was kept, which the chart must not contradict with
// "allergies not recorded" or "no known allergies".
func AllergyAlerts(alerts []string) []string {
	var out []string
	for _, a := range alerts {
		if strings.Contains(strings.ToLower(a), "allerg") {
			out = append(out, strings.TrimSpace(a))
		}
	}
	return out
}
