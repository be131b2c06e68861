package fhir

import (
	"encoding/json"
	"sort"
	"strings"

	"dossier/model"
	"dossier/model/exchange"
)

// imported are the resource types brought in; the rest are reported as
// skipped with this reason.
var notImported = "is not imported (Dossier imports patients, encounters, conditions, procedures, observations, allergies and medications)"

// Patients groups what was read by patient, in file order. Resources
// that name no patient in the files, and types Dossier does not keep,
// are returned as skipped with the reason.
func (r *Reader) Patients() ([]exchange.Incoming, []exchange.Skip) {
	byRef := make(map[string]int, len(r.res)*2)
	for i, x := range r.res {
		if x.id != "" {
			byRef[x.typ+"/"+x.id] = i
		}
		if x.fullURL != "" {
			byRef[x.fullURL] = i
		}
	}
	skipped := append([]exchange.Skip(nil), r.skipped...)
	var out []exchange.Incoming
	patientAt := map[int]int{}
	for i, x := range r.res {
		if x.typ != "Patient" {
			continue
		}
		in, err := r.patient(x)
		if err != nil {
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: err.Error()})
			continue
		}
		patientAt[i] = len(out)
		out = append(out, in)
	}
	resolve := func(ref *Reference, typ string) (int, bool) {
		if ref == nil || ref.Reference == "" {
			return 0, false
		}
		i, ok := byRef[ref.Reference]
		if !ok {
			// "http://server/fhir/Patient/123" names Patient/123.
			if k := strings.LastIndex(ref.Reference, typ+"/"); k >= 0 {
				i, ok = byRef[ref.Reference[k:]]
			}
		}
		return i, ok && r.res[i].typ == typ
	}
	ownerAt := -1
	owner := func(x inRes, ref *Reference) (*exchange.Incoming, bool) {
		i, ok := resolve(ref, "Patient")
		if !ok {
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "its patient is not in the file"})
			return nil, false
		}
		k, ok := patientAt[i]
		if !ok {
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "its patient was not imported"})
			return nil, false
		}
		ownerAt = k
		return &out[k], true
	}
	// Encounters first, so the rest can name theirs.
	encAt := map[int]model.ID{}
	encIndex := map[model.ID][2]int{} // provisional ID → patient, encounter index
	for i, x := range r.res {
		if x.typ != "Encounter" {
			continue
		}
		var e inEncounter
		if err := json.Unmarshal(x.raw, &e); err != nil {
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "does not read: " + err.Error()})
			continue
		}
		in, ok := owner(x, e.Subject)
		if !ok {
			continue
		}
		enc, err := r.encounter(x, e, byRef)
		if err != nil {
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: err.Error()})
			continue
		}
		enc.ID = model.NewID()
		encAt[i] = enc.ID
		encIndex[enc.ID] = [2]int{ownerAt, len(in.Encounters)}
		in.Encounters = append(in.Encounters, enc)
	}
	encOf := func(ref *Reference) (model.ID, bool) {
		i, ok := resolve(ref, "Encounter")
		if !ok {
			return model.ZeroID, false
		}
		id, ok := encAt[i]
		return id, ok
	}
	for _, x := range r.res {
		switch x.typ {
		case "Patient", "Encounter":
		case "Condition", "Procedure":
			item, subj, encRef, at, why := r.codedItem(x)
			if why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			in, ok := owner(x, subj)
			if !ok {
				continue
			}
			if eid, ok := encOf(encRef); ok {
				k := encIndex[eid]
				e := &out[k[0]].Encounters[k[1]]
				item.Principal = item.Kind == model.ItemDiagnosis && !hasPrincipal(e.Coding)
				e.Coding = append(e.Coding, item)
				continue
			}
			if item.Kind == model.ItemProcedure {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "a procedure outside an encounter is not kept"})
				continue
			}
			in.Problems = append(in.Problems, r.problem(x, item, at))
		case "Observation":
			var o inObservation
			if err := json.Unmarshal(x.raw, &o); err != nil {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "does not read: " + err.Error()})
				continue
			}
			if why := badStatus(o.Status); why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			in, ok := owner(x, o.Subject)
			if !ok {
				continue
			}
			eid, _ := encOf(o.Encounter)
			obs, why := observations(x, o)
			if why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			for _, e := range obs {
				e.EncounterID = eid
				in.Observations = append(in.Observations, e)
			}
		case "AllergyIntolerance":
			var a inAllergy
			if err := json.Unmarshal(x.raw, &a); err != nil {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "does not read: " + err.Error()})
				continue
			}
			in, ok := owner(x, &a.Patient)
			if !ok {
				continue
			}
			entry, why := allergy(x, a)
			if why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			in.Allergies = append(in.Allergies, entry)
		case "MedicationStatement", "MedicationRequest":
			var m inMedication
			if err := json.Unmarshal(x.raw, &m); err != nil {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: "does not read: " + err.Error()})
				continue
			}
			if why := badStatus(m.Status); why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			in, ok := owner(x, &m.Subject)
			if !ok {
				continue
			}
			entry, why := medication(x, m)
			if why != "" {
				skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: why})
				continue
			}
			ctx := m.Context
			if ctx == nil {
				ctx = m.Encounter
			}
			entry.EncounterID, _ = encOf(ctx)
			in.Medications = append(in.Medications, entry)
		case "Practitioner", "Organization", "Location":
			// Read for names only.
		default:
			skipped = append(skipped, exchange.Skip{Source: x.source(), Reason: x.typ + " " + notImported})
		}
	}
	return out, summarizeSkips(skipped)
}

// summarizeSkips keeps every skip but sorts them by reason, for a report
// a person can read.
func summarizeSkips(s []exchange.Skip) []exchange.Skip {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Reason < s[j].Reason })
	return s
}

func hasPrincipal(items []model.CodedItem) bool {
	for _, it := range items {
		if it.Principal {
			return true
		}
	}
	return false
}

func badStatus(s string) string {
	switch s {
	case "entered-in-error":
		return "marked entered in error by the sender"
	case "cancelled", "not-taken", "draft":
		return "status " + s + ": nothing happened to record"
	}
	return ""
}
