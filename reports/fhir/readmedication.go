package fhir

import (
	"strings"

	"dossier/model/clinical"
)

func medication(x inRes, m inMedication) (clinical.MedicationEntry, string) {
	out := clinical.MedicationEntry{Source: x.source(), Status: m.Status}
	switch {
	case m.MedicationCodeableConcept != nil:
		out.Name = conceptText(*m.MedicationCodeableConcept)
		for _, cd := range m.MedicationCodeableConcept.Coding {
			if cd.Code != "" {
				out.System, out.Code = cd.System, cd.Code
				break
			}
		}
	case m.MedicationReference != nil:
		out.Name = m.MedicationReference.Display
	}
	if strings.TrimSpace(out.Name) == "" {
		return out, "the medication is not named"
	}
	start, end := m.EffectiveDateTime, ""
	if m.EffectivePeriod != nil {
		start, end = m.EffectivePeriod.Start, m.EffectivePeriod.End
	}
	if start == "" {
		start = m.AuthoredOn
	}
	if start != "" {
		if d, _, err := readDate(start); err == nil {
			out.Start = d
		}
	}
	if end != "" {
		if d, _, err := readDate(end); err == nil {
			out.End = d
		}
	}
	var dose []string
	for _, d := range append(m.Dosage, m.DosageInstruction...) {
		if t := strings.TrimSpace(d.Text); t != "" {
			dose = append(dose, t)
		}
	}
	out.Note = strings.Join(dose, "; ")
	return out, ""
}
