package fhir

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/exchange"
)

// Options are what the writer needs beyond the record.
type Options struct {
	Clinic model.Clinic
	// Clinicians names the users an encounter's ClinicianID points at:
	// each becomes a Practitioner.
	Clinicians map[model.ID]model.User
	// ImagesAsBinary puts the record's page images (when it has them) in
	// Binary resources the DocumentReference names by url, as Bulk NDJSON
	// wants; otherwise each is inline in the attachment's data.
	ImagesAsBinary bool
}

// Entry is one resource ready to write.
type Entry struct {
	Type string // "Patient"
	ID   string
	Body any
}

func ref(typ, id string) *Reference { return &Reference{Reference: typ + "/" + id} }

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func concept(system, code, display string) *CodeableConcept {
	return &CodeableConcept{Coding: []Coding{{System: system, Code: code, Display: display}}}
}

func ptrBool(b bool) *bool { return &b }

// Resources turns one patient's record into FHIR resources, the Patient
// first. Practitioners referenced by encounters are included once per
// call (the NDJSON writer drops those it has written already).
func Resources(rec exchange.PatientRecord, opt Options) []Entry {
	p := rec.Patient
	pid := p.ID.String()
	out := []Entry{{"Patient", pid, patientResource(rec, opt)}}
	subject := Reference{Reference: "Patient/" + pid}
	practitioners := map[model.ID]bool{}
	for _, e := range rec.Encounters {
		eid := e.ID.String()
		enc := encounterResource(e, subject)
		if u, ok := opt.Clinicians[e.ClinicianID]; ok && !e.ClinicianID.IsZero() {
			enc.Participant = append(enc.Participant, EncounterParticipant{
				Type:       []CodeableConcept{*concept(sysParticip, "ATND", "attender")},
				Individual: &Reference{Reference: "Practitioner/" + u.ID.String(), Display: u.FullName}})
			if !practitioners[u.ID] {
				practitioners[u.ID] = true
				out = append(out, Entry{"Practitioner", u.ID.String(), practitionerResource(u)})
			}
		} else if e.Clinician != "" {
			enc.Participant = append(enc.Participant, EncounterParticipant{
				Type:       []CodeableConcept{*concept(sysParticip, "ATND", "attender")},
				Individual: &Reference{Display: e.Clinician}})
		}
		out = append(out, Entry{"Encounter", eid, enc})
		for i, it := range e.ItemsToCode() {
			id := fmt.Sprintf("%s-%d", eid, i+1)
			code := itemConcept(it)
			if it.Kind == model.ItemProcedure {
				performed := dateTime(e.Start) // the day it was done when the coder gave it
				if !it.Done.IsZero() {
					performed = it.Done.String()
				}
				out = append(out, Entry{"Procedure", id, &Procedure{Resource: Resource{ResourceType: "Procedure", ID: id},
					Status: "completed", Code: code, Subject: subject, Encounter: ref("Encounter", eid),
					PerformedDateTime: performed}})
				continue
			}
			out = append(out, Entry{"Condition", id, &Condition{Resource: Resource{ResourceType: "Condition", ID: id},
				ClinicalStatus:     concept(sysCondClin, "active", ""),
				VerificationStatus: concept(sysCondVer, "confirmed", ""),
				Category:           []CodeableConcept{*concept(sysCondCat, "encounter-diagnosis", "Encounter Diagnosis")},
				Code:               code, Subject: subject, Encounter: ref("Encounter", eid), RecordedDate: dateTime(e.Start)}})
		}
	}
	for _, pr := range rec.Problems {
		out = append(out, Entry{"Condition", pr.ID.String(), problemResource(pr, subject)})
	}
	for _, a := range rec.Allergies {
		out = append(out, Entry{"AllergyIntolerance", a.ID.String(), allergyResource(a, subject)})
	}
	for _, o := range rec.Observations {
		out = append(out, Entry{"Observation", o.ID.String(), observationResource(o, subject)})
	}
	for _, m := range rec.Medications {
		out = append(out, Entry{"MedicationStatement", m.ID.String(), medicationResource(m, subject)})
	}
	images := map[model.ID][]exchange.PageImage{}
	for _, im := range rec.Images {
		images[im.Document] = append(images[im.Document], im)
	}
	for _, d := range rec.Documents {
		doc := documentResource(d, subject)
		if ims := images[d.ID]; len(ims) > 0 {
			doc.Description = strconv.Itoa(len(d.Pages)) + " scanned pages"
			doc.Content = nil
			for _, im := range ims {
				a := Attachment{ContentType: im.ContentType, Title: fmt.Sprintf("%s, page %d of %d", docTitle(d), im.Page, len(d.Pages)),
					Creation: d.Date.String()}
				if opt.ImagesAsBinary {
					id := fmt.Sprintf("%s-p%d", d.ID, im.Page)
					out = append(out, Entry{"Binary", id, &Binary{Resource: Resource{ResourceType: "Binary", ID: id},
						ContentType: im.ContentType, Data: im.Data}})
					a.URL = "Binary/" + id
				} else {
					a.Data = im.Data
				}
				doc.Content = append(doc.Content, DocumentContent{Attachment: a})
			}
		}
		out = append(out, Entry{"DocumentReference", d.ID.String(), doc})
	}
	return out
}

func patientResource(rec exchange.PatientRecord, opt Options) *Patient {
	p := rec.Patient
	r := &Patient{Resource: Resource{ResourceType: "Patient", ID: p.ID.String()}, Active: ptrBool(true)}
	if rec.Restricted {
		r.Meta = &Meta{Security: []Coding{{System: sysConfid, Code: "R", Display: "restricted"}}}
	}
	mr := &CodeableConcept{Coding: []Coding{{System: sysIDType, Code: "MR", Display: "Medical record number"}}}
	r.Identifier = append(r.Identifier, Identifier{Use: "usual", Type: mr, System: MRNSystem(opt.Clinic.MRNPrefix), Value: p.MRN})
	for _, m := range p.FormerMRNs {
		r.Identifier = append(r.Identifier, Identifier{Use: "old", Type: mr, System: MRNSystem(opt.Clinic.MRNPrefix), Value: m})
	}
	if p.NationalID != "" {
		r.Identifier = append(r.Identifier, Identifier{Use: "official",
			Type:   &CodeableConcept{Coding: []Coding{{System: sysIDType, Code: "NI", Display: "National unique individual identifier"}}},
			System: NationalIDSystem, Value: p.NationalID})
	}
	for _, l := range p.LegacyCharts {
		if sys, val, ok := strings.Cut(l, "|"); ok && strings.Contains(sys, ":") {
			// An identifier kept from an earlier import: written back as it came.
			r.Identifier = append(r.Identifier, Identifier{Use: "secondary", System: sys, Value: val})
			continue
		}
		r.Identifier = append(r.Identifier, Identifier{Use: "secondary", System: legacySystem(opt.Clinic.MRNPrefix), Value: l})
	}
	name := HumanName{Use: "official", Family: p.FamilyName}
	if p.GivenName != "" {
		name.Given = strings.Fields(p.GivenName)
	}
	r.Name = append(r.Name, name)
	for _, o := range p.OtherNames {
		r.Name = append(r.Name, HumanName{Use: "nickname", Text: o})
	}
	if p.Phone != "" {
		r.Telecom = []ContactPoint{{System: "phone", Value: p.Phone}}
	}
	r.Gender = map[model.Sex]string{model.SexFemale: "female", model.SexMale: "male", model.SexOther: "other"}[p.Sex]
	if r.Gender == "" {
		r.Gender = "unknown"
	}
	r.BirthDate = p.BirthDate.String()
	if p.BirthEstimated && r.BirthDate != "" {
		r.Extension = append(r.Extension, Extension{URL: ExtBirthEst, ValueBoolean: ptrBool(true)})
	}
	if len(p.Address) > 0 {
		a := Address{Text: strings.Join(p.Address, ", ")}
		// Levels are region › district › village › the rest, as the
		// clinic's address levels are usually named.
		levels := p.Address
		if len(levels) > 0 {
			a.State = levels[0]
		}
		if len(levels) > 1 {
			a.District = levels[1]
		}
		if len(levels) > 2 {
			a.City = levels[2]
		}
		if len(levels) > 3 {
			a.Line = levels[3:]
		}
		r.Address = []Address{a}
	}
	if p.NextOfKin != "" {
		r.Contact = []PatientContact{{Name: &HumanName{Text: p.NextOfKin}}}
	}
	return r
}

func practitionerResource(u model.User) *Practitioner {
	return &Practitioner{Resource: Resource{ResourceType: "Practitioner", ID: u.ID.String()}, Active: ptrBool(!u.Disabled),
		Identifier: []Identifier{{System: "urn:dossier:user", Value: u.Username}},
		Name:       []HumanName{{Text: u.FullName}}}
}

var encClass = map[model.EncounterType]Coding{
	model.EncOutpatient: {System: sysActCode, Code: "AMB", Display: "ambulatory"},
	model.EncInpatient:  {System: sysActCode, Code: "IMP", Display: "inpatient encounter"},
	model.EncEmergency:  {System: sysActCode, Code: "EMER", Display: "emergency"},
}

var dischargeCodes = map[string]Coding{
	string(clinical.DispHome):              {System: sysDischarge, Code: "home", Display: "Home"},
	string(clinical.DispDied):              {System: sysDischarge, Code: "exp", Display: "Expired"},
	string(clinical.DispReferred):          {System: sysDischarge, Code: "other-hcf", Display: "Other healthcare facility"},
	string(clinical.DispTransferredOut):    {System: sysDischarge, Code: "other-hcf", Display: "Other healthcare facility"},
	string(clinical.DispLeftAgainstAdvice): {System: sysDischarge, Code: "aadvice", Display: "Left against advice"},
}

func encounterResource(e model.Encounter, subject Reference) *Encounter {
	eid := e.ID.String()
	r := &Encounter{Resource: Resource{ResourceType: "Encounter", ID: eid}, Subject: &subject,
		Class: encClass[e.Type], Period: &Period{Start: dateTime(e.Start), End: dateTime(e.End)}}
	if r.Class.Code == "" {
		r.Class = encClass[model.EncOutpatient]
	}
	switch {
	case e.Type == model.EncInpatient && e.End.IsZero():
		r.Status = "in-progress"
	default:
		r.Status = "finished"
	}
	if e.Reason != "" {
		r.ReasonCode = []CodeableConcept{{Text: e.Reason}}
	}
	if e.Type == model.EncInpatient {
		h := &Hospitalization{}
		if e.Type == model.EncInpatient && e.AdmittedBy != "" {
			h.AdmitSource = &CodeableConcept{Text: "admitted by " + e.AdmittedBy}
		}
		if e.Disposition != "" {
			c, ok := dischargeCodes[e.Disposition]
			cc := &CodeableConcept{Text: e.Disposition}
			if ok {
				cc.Coding = []Coding{c}
			}
			h.DischargeDisposition = cc
		}
		if h.AdmitSource != nil || h.DischargeDisposition != nil {
			r.Hospitalization = h
		}
	}
	if e.Ward != "" {
		// Wards are not Location resources in Dossier: named by display.
		end := e.End
		if len(e.Transfers) > 0 {
			end = e.Transfers[0].At
		}
		r.Location = append(r.Location, EncounterLocation{Location: Reference{Display: e.Ward},
			Period: &Period{Start: dateTime(e.Start), End: dateTime(end)}})
		for i, t := range e.Transfers {
			end := e.End
			if i+1 < len(e.Transfers) {
				end = e.Transfers[i+1].At
			}
			r.Location = append(r.Location, EncounterLocation{Location: Reference{Display: t.ToWard},
				Period: &Period{Start: dateTime(t.At), End: dateTime(end)}})
		}
	}
	return r
}

// itemConcept is a diagnosis or procedure: its code with system URI and
// version when coded, and always the text as written.
func itemConcept(it model.CodedItem) *CodeableConcept {
	c := &CodeableConcept{Text: it.Text}
	if it.Coded() {
		c.Coding = []Coding{{System: systemURI(it.System), Version: it.Version, Code: it.Code, Display: it.Title}}
	}
	if c.Text == "" {
		c.Text = it.Title
	}
	return c
}

func problemResource(pr clinical.ProblemEntry, subject Reference) *Condition {
	id := pr.ID.String()
	status := "active"
	if pr.Status == clinical.ProblemResolved {
		status = "resolved"
	}
	c := &Condition{Resource: Resource{ResourceType: "Condition", ID: id},
		ClinicalStatus: concept(sysCondClin, status, ""),
		Category:       []CodeableConcept{*concept(sysCondCat, "problem-list-item", "Problem List Item")},
		Code:           &CodeableConcept{Text: pr.Text}, Subject: subject,
		OnsetDateTime: pr.Onset.String(), AbatementDateTime: pr.Resolved.String(), RecordedDate: dateTime(pr.Recorded)}
	if pr.Code != "" {
		c.Code.Coding = []Coding{{System: sysLocalCodes + "problem", Code: pr.Code}}
	}
	return c
}

func allergyResource(a clinical.AllergyEntry, subject Reference) *AllergyIntolerance {
	r := &AllergyIntolerance{Resource: Resource{ResourceType: "AllergyIntolerance", ID: a.ID.String()},
		ClinicalStatus:     concept(sysAllergyCl, "active", ""),
		VerificationStatus: concept(sysAllergyVer, "confirmed", ""),
		Patient:            subject, RecordedDate: dateTime(a.Recorded)}
	if a.NoneKnown {
		r.Code = &CodeableConcept{Coding: []Coding{{System: SysSNOMED, Code: snomedNoKnownAllergy, Display: "No known allergy"}},
			Text: "No known allergies"}
		return r
	}
	r.Code = &CodeableConcept{Text: a.Substance}
	switch a.Kind {
	case clinical.AllergyKindAllergy:
		r.Type = "allergy"
	case clinical.AllergyKindIntolerance, clinical.AllergyKindAdverse:
		r.Type = "intolerance"
	}
	switch a.Severity {
	case "life-threatening", "severe":
		r.Criticality = "high"
	case "mild", "moderate":
		r.Criticality = "low"
	}
	if a.Reaction != "" {
		rx := Reaction{Manifestation: []CodeableConcept{{Text: a.Reaction}}}
		switch a.Severity {
		case "mild", "moderate", "severe":
			rx.Severity = a.Severity
		case "life-threatening":
			rx.Severity = "severe"
		}
		r.Reaction = []Reaction{rx}
	}
	return r
}

func observationResource(o clinical.ObservationEntry, subject Reference) *Observation {
	r := &Observation{Resource: Resource{ResourceType: "Observation", ID: o.ID.String()}, Status: "final",
		Subject: &subject, EffectiveDateTime: dateTime(o.At)}
	if !o.EncounterID.IsZero() {
		r.Encounter = ref("Encounter", o.EncounterID.String())
	}
	test, known := clinical.LookupTest(o.Test)
	cat := o.Category
	if cat == "" && known {
		cat = "laboratory"
		if test.Code == "temp" || test.Code == "pulse" || test.Code == "resp-rate" || strings.HasPrefix(test.Code, "bp-") ||
			test.Code == "spo2" || test.Code == "weight" || test.Code == "height" {
			cat = "vital-signs"
		}
	}
	if cat != "" {
		r.Category = []CodeableConcept{*concept(sysObsCat, cat, "")}
	}
	if o.Code != "" {
		r.Code.Coding = append(r.Code.Coding, Coding{System: o.System, Code: o.Code, Display: o.Display})
	}
	if known {
		if test.LOINC != "" && o.Code != test.LOINC {
			r.Code.Coding = append(r.Code.Coding, Coding{System: SysLOINC, Code: test.LOINC, Display: test.Name})
		}
		r.Code.Coding = append(r.Code.Coding, Coding{System: SysDossierTest, Code: test.Code, Display: test.Name})
		r.Code.Text = test.Name
	} else {
		r.Code.Text = o.Display
	}
	if r.Code.Text == "" {
		r.Code.Text = o.Test
	}
	switch {
	case o.Text != "":
		r.ValueCodeableConcept = &CodeableConcept{Text: o.Text}
		if o.Entered != "" && o.Entered != o.Text {
			r.ValueCodeableConcept.Text = o.Text
		}
	case o.Unit != "" || o.Value != 0 || known:
		v := o.Value
		q := &Quantity{Value: &v, Comparator: o.Comparator, Unit: o.Unit}
		if c, ok := ucum[o.Unit]; ok {
			q.System, q.Code = SysUCUM, c
		}
		r.ValueQuantity = q
		lo, hi := o.RefLow, o.RefHigh
		if lo == 0 && hi == 0 && known {
			lo, hi = test.RefLow, test.RefHigh
		}
		if lo != 0 || hi != 0 {
			rr := ReferenceRange{}
			if lo != 0 {
				rr.Low = &Quantity{Value: &lo, Unit: o.Unit, System: q.System, Code: q.Code}
			}
			if hi != 0 {
				rr.High = &Quantity{Value: &hi, Unit: o.Unit, System: q.System, Code: q.Code}
			}
			r.ReferenceRange = []ReferenceRange{rr}
			if o.Comparator == "" {
				switch {
				case hi != 0 && v > hi:
					r.Interpretation = []CodeableConcept{*concept(sysObsInterp, "H", "High")}
				case lo != 0 && v < lo:
					r.Interpretation = []CodeableConcept{*concept(sysObsInterp, "L", "Low")}
				default:
					r.Interpretation = []CodeableConcept{*concept(sysObsInterp, "N", "Normal")}
				}
			}
		}
	case o.Entered != "":
		r.ValueString = o.Entered
	}
	return r
}

func medicationResource(m clinical.MedicationEntry, subject Reference) *MedicationStatement {
	r := &MedicationStatement{Resource: Resource{ResourceType: "MedicationStatement", ID: m.ID.String()},
		Status: m.Status, Subject: subject, MedicationCodeableConcept: &CodeableConcept{Text: m.Name}}
	if r.Status == "" {
		r.Status = "active"
		if !m.End.IsZero() {
			r.Status = "completed"
		}
	}
	if m.Code != "" {
		r.MedicationCodeableConcept.Coding = []Coding{{System: m.System, Code: m.Code}}
	}
	if !m.EncounterID.IsZero() {
		r.Context = ref("Encounter", m.EncounterID.String())
	}
	if !m.Start.IsZero() || !m.End.IsZero() {
		r.EffectivePeriod = &Period{Start: m.Start.String(), End: m.End.String()}
	}
	var dose []string
	for _, s := range []string{m.Dose, m.Route, m.Frequency, m.Note} {
		if s != "" {
			dose = append(dose, s)
		}
	}
	if len(dose) > 0 {
		r.Dosage = []Dosage{{Text: strings.Join(dose, " ")}}
	}
	return r
}

func documentResource(d model.Document, subject Reference) *DocumentReference {
	r := &DocumentReference{Resource: Resource{ResourceType: "DocumentReference", ID: d.ID.String()}, Status: "current",
		Type: &CodeableConcept{Coding: []Coding{{System: "urn:dossier:doctype", Code: string(d.Type), Display: d.Type.Label()}},
			Text: d.Type.Label()},
		Subject: &subject, Date: dateTime(d.IndexedAt),
		Description: strconv.Itoa(len(d.Pages)) + " scanned pages; the images stay in Dossier",
		Content: []DocumentContent{{Attachment: Attachment{ContentType: "application/pdf", Title: docTitle(d),
			Creation: d.Date.String()}}}}
	if d.IndexedBy != "" {
		r.Author = []Reference{{Display: d.IndexedBy}}
	}
	if !d.EncounterID.IsZero() {
		r.Context = &DocContext{Encounter: []Reference{*ref("Encounter", d.EncounterID.String())}}
	}
	return r
}

func docTitle(d model.Document) string {
	if d.Title != "" {
		return d.Title
	}
	return d.Type.Label()
}
