package fhir

import (
	"strings"

	"dossier/model/clinical"
)

func allergy(x inRes, a inAllergy) (clinical.AllergyEntry, string) {
	out := clinical.AllergyEntry{Source: x.source()}
	if a.VerificationStatus != nil {
		for _, cd := range a.VerificationStatus.Coding {
			if cd.Code == "entered-in-error" || cd.Code == "refuted" {
				return out, "verification status " + cd.Code
			}
		}
	}
	if a.Code == nil {
		return out, "the allergy names no substance"
	}
	for _, cd := range a.Code.Coding {
		if cd.System == SysSNOMED && (cd.Code == snomedNoKnownAllergy || cd.Code == "409137002" || cd.Code == "716184000") {
			out.NoneKnown = true
		}
	}
	sub := conceptText(*a.Code)
	if clinical.IsNoKnownAllergies(sub) || strings.EqualFold(sub, "no known allergies") {
		out.NoneKnown = true
	}
	if out.NoneKnown {
		return out, ""
	}
	out.Substance = sub
	switch a.Type {
	case "allergy":
		out.Kind = clinical.AllergyKindAllergy
	case "intolerance":
		out.Kind = clinical.AllergyKindIntolerance
	}
	for _, rx := range a.Reaction {
		for _, m := range rx.Manifestation {
			if t := conceptText(m); t != "" && out.Reaction == "" {
				out.Reaction = t
			}
		}
		if out.Severity == "" {
			out.Severity = rx.Severity
		}
	}
	if out.Severity == "" && a.Criticality == "high" {
		out.Severity = clinical.SeveritySevere
	}
	d := a.RecordedDate
	if a.OnsetDateTime != "" {
		d = a.OnsetDateTime
	}
	if d != "" {
		if nd, _, err := readDate(d); err == nil {
			out.Noted = nd
		}
	}
	if err := out.Validate(); err != nil {
		return out, err.Error()
	}
	return out, ""
}
