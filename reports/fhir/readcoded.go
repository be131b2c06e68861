package fhir

import (
	"encoding/json"
	"fmt"
	"strings"

	"dossier/model"
	"dossier/model/clinical"
)

// codedItem reads a Condition or Procedure as a diagnosis or procedure:
// an ICD-10 code (or a code list Dossier wrote) kept with its system and
// version; any other code (SNOMED CT …) left for the coder, its text
// naming the code so nothing is lost.
func (r *Reader) codedItem(x inRes) (item model.CodedItem, subj, enc *Reference, at string, why string) {
	var code *CodeableConcept
	switch x.typ {
	case "Condition":
		var c inCondition
		if err := json.Unmarshal(x.raw, &c); err != nil {
			return item, nil, nil, "", "does not read: " + err.Error()
		}
		if c.VerificationStatus != nil {
			for _, cd := range c.VerificationStatus.Coding {
				if cd.Code == "entered-in-error" || cd.Code == "refuted" {
					return item, nil, nil, "", "verification status " + cd.Code
				}
			}
		}
		item.Kind, code, subj, enc = model.ItemDiagnosis, c.Code, &c.Subject, c.Encounter
		at = c.OnsetDateTime
		if st := c.ClinicalStatus; st != nil && len(st.Coding) > 0 {
			at += "|" + st.Coding[0].Code + "|" + c.AbatementDateTime
		}
	default:
		var p inProcedure
		if err := json.Unmarshal(x.raw, &p); err != nil {
			return item, nil, nil, "", "does not read: " + err.Error()
		}
		if why := badStatus(p.Status); why != "" {
			return item, nil, nil, "", why
		}
		item.Kind, code, subj, enc = model.ItemProcedure, p.Code, &p.Subject, p.Encounter
	}
	if code == nil {
		return item, subj, enc, at, "it has no code or text"
	}
	item.Text = strings.TrimSpace(code.Text)
	for _, cd := range code.Coding {
		if name, ok := systemName(cd.System); ok && cd.Code != "" {
			item.System, item.Version, item.Code, item.Title = name, cd.Version, cd.Code, cd.Display
			break
		}
	}
	if !item.Coded() {
		for _, cd := range code.Coding {
			if cd.Code == "" {
				continue
			}
			if item.Text == "" {
				item.Text = cd.Display
			}
			item.Text = strings.TrimSpace(fmt.Sprintf("%s [%s %s]", item.Text, systemLabel(cd.System), cd.Code))
			break
		}
	}
	if item.Text == "" {
		item.Text = item.Title
	}
	if item.Text == "" {
		return item, subj, enc, at, "it has no code or text"
	}
	return item, subj, enc, at, ""
}

func (r *Reader) problem(x inRes, it model.CodedItem, at string) clinical.ProblemEntry {
	pr := clinical.ProblemEntry{Source: x.source(), Problem: clinical.Problem{Text: it.Text, Code: it.Code, Status: clinical.ProblemActive}}
	parts := strings.SplitN(at, "|", 3)
	if d, _, err := readDate(parts[0]); err == nil && parts[0] != "" {
		pr.Onset = d
	}
	if len(parts) == 3 && (parts[1] == "resolved" || parts[1] == "inactive" || parts[1] == "remission") {
		if d, _, err := readDate(parts[2]); err == nil && parts[2] != "" {
			pr.Status, pr.Resolved = clinical.ProblemResolved, d
		}
	}
	return pr
}
