package fhir

import (
	"encoding/json"
	"errors"
	"strings"

	"dossier/model"
	"dossier/model/clinical"
)

var classType = map[string]model.EncounterType{"AMB": model.EncOutpatient, "IMP": model.EncInpatient,
	"ACUTE": model.EncInpatient, "NONAC": model.EncInpatient, "SS": model.EncInpatient, "EMER": model.EncEmergency,
	"OBSENC": model.EncOutpatient, "HH": model.EncOutpatient, "VR": model.EncOutpatient, "PRENC": model.EncOutpatient}

var dispositionOf = map[string]string{"home": string(clinical.DispHome), "exp": string(clinical.DispDied),
	"other-hcf": string(clinical.DispReferred), "aadvice": string(clinical.DispLeftAgainstAdvice),
	"hosp": string(clinical.DispTransferredOut), "long": string(clinical.DispTransferredOut),
	"snf": string(clinical.DispTransferredOut), "rehab": string(clinical.DispTransferredOut)}

func (r *Reader) encounter(x inRes, e inEncounter, byRef map[string]int) (model.Encounter, error) {
	if why := badStatus(e.Status); why != "" {
		return model.Encounter{}, errors.New(why)
	}
	out := model.Encounter{Source: x.source(), Type: model.EncOutpatient}
	if t, ok := classType[e.Class.Code]; ok {
		out.Type = t
	}
	if e.Period == nil || e.Period.Start == "" {
		return out, errors.New("the encounter has no start")
	}
	var err error
	if out.Start, err = readTime(e.Period.Start); err != nil {
		return out, err
	}
	if e.Period.End != "" {
		if out.End, err = readTime(e.Period.End); err != nil {
			return out, err
		}
		if out.End.Before(out.Start) {
			return out, errors.New("the encounter ends before it starts")
		}
	}
	if out.Type == model.EncInpatient && out.End.IsZero() && e.Status == "finished" {
		return out, errors.New("a finished stay with no discharge time")
	}
	for _, rc := range e.ReasonCode {
		if t := conceptText(rc); t != "" {
			out.Reason = t
			break
		}
	}
	if out.Reason == "" {
		for _, t := range e.Type {
			if s := conceptText(t); s != "" {
				out.Reason = s
				break
			}
		}
	}
	for _, p := range e.Participant {
		if p.Individual == nil {
			continue
		}
		name := p.Individual.Display
		if i, ok := byRef[p.Individual.Reference]; ok && r.res[i].typ == "Practitioner" {
			var pr inPractitioner
			if json.Unmarshal(r.res[i].raw, &pr) == nil && len(pr.Name) > 0 {
				n := pr.Name[0]
				name = n.Text
				if name == "" {
					name = strings.TrimSpace(strings.Join(append(append(append([]string{}, n.Prefix...), n.Given...), n.Family), " "))
				}
			}
		}
		if name != "" {
			out.Clinician = name
			break
		}
	}
	if h := e.Hospitalization; h != nil {
		if h.DischargeDisposition != nil {
			for _, c := range h.DischargeDisposition.Coding {
				if d, ok := dispositionOf[c.Code]; ok && out.Disposition == "" {
					out.Disposition = d
				}
			}
			if out.Disposition == "" {
				out.Disposition = h.DischargeDisposition.Text
			}
		}
		if h.AdmitSource != nil {
			out.AdmittedBy = strings.TrimPrefix(conceptText(*h.AdmitSource), "admitted by ")
		}
	}
	for i, l := range e.Location {
		ward := l.Location.Display
		if ward == "" {
			continue
		}
		if out.Ward == "" {
			out.Ward = ward
			continue
		}
		t := model.Transfer{ToWard: ward}
		if l.Period != nil && l.Period.Start != "" {
			t.At, _ = readTime(l.Period.Start)
		}
		if t.At.IsZero() {
			continue
		}
		t.FromWard = e.Location[i-1].Location.Display
		out.Transfers = append(out.Transfers, t)
	}
	return out, nil
}

func conceptText(c CodeableConcept) string {
	if t := strings.TrimSpace(c.Text); t != "" {
		return t
	}
	for _, cd := range c.Coding {
		if cd.Display != "" {
			return strings.TrimSpace(cd.Display)
		}
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return strings.TrimSpace(cd.Code)
		}
	}
	return ""
}
