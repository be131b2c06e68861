package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/exchange"
)

// SourceSystem is the identifier system under which an imported patient
// keeps the sender's resource identity, so the same file imported again
// finds the patient it made.
const SourceSystem = "urn:dossier:fhir-source"

// maxLine bounds one NDJSON line (one resource).
const maxLine = 16 << 20

// inRes is one resource read, with what it is called in its file.
type inRes struct {
	typ, id, fullURL string
	raw              json.RawMessage
}

// Reader reads FHIR Bundles (transaction, collection, searchset, batch)
// and Bulk Data NDJSON files, then groups what it read by patient. The
// resources of several files are pooled first, since NDJSON keeps each
// type in its own file.
type Reader struct {
	// Prefix is the clinic's MRN prefix: an identifier in this clinic's
	// MRN system is read as the MRN (to find the patient), any other kept
	// as an old chart number.
	Prefix  string
	res     []inRes
	skipped []exchange.Skip
}

// Read reads one file: a Bundle (JSON object) or NDJSON (one resource a
// line). Errors name the file's line or entry.
func (r *Reader) Read(in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	first, err := firstByte(br)
	if err != nil {
		return err
	}
	if first != '{' {
		return errors.New("this is not FHIR JSON: a Bundle or NDJSON begins with {")
	}
	all, err := io.ReadAll(br)
	if err != nil {
		return fmt.Errorf("the file does not read: %w", err)
	}
	// A file that is one value (a Bundle, as Synthea writes one a person)
	// is checked once and read in one pass (scanBundle), not decoded value
	// by value.
	if json.Valid(all) {
		raw := bytes.TrimRight(all, " \t\r\n")
		head, err := headOf(raw)
		if err != nil {
			return err
		}
		if head.ResourceType == "Bundle" {
			return r.addBundle(raw)
		}
		return r.addResource(raw, "", 1)
	}
	// One object spanning the file, or one a line: decode the first value
	// and look at what it is.
	dec := json.NewDecoder(bytes.NewReader(all))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("the file's first resource does not read: %w", err)
	}
	head, err := headOf(raw)
	if err != nil {
		return err
	}
	if head.ResourceType == "Bundle" {
		if dec.More() {
			// NDJSON of Bundles.
			if err := r.addBundle(raw); err != nil {
				return err
			}
			for line := 2; dec.More(); line++ {
				var next json.RawMessage
				if err := dec.Decode(&next); err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				if err := r.addResource(next, "", line); err != nil {
					return err
				}
			}
			return nil
		}
		return r.addBundle(raw)
	}
	if err := r.addResource(raw, "", 1); err != nil {
		return err
	}
	for line := 2; dec.More(); line++ {
		var next json.RawMessage
		if err := dec.Decode(&next); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if len(next) > maxLine {
			return fmt.Errorf("line %d is longer than %d bytes", line, maxLine)
		}
		if err := r.addResource(next, "", line); err != nil {
			return err
		}
	}
	return nil
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			if err == io.EOF {
				return 0, errors.New("the file is empty")
			}
			return 0, err
		}
		if b == 0xEF { // a UTF-8 byte order mark
			br.ReadByte()
			br.ReadByte()
			continue
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' {
			br.UnreadByte()
			return b, nil
		}
	}
}

func (r *Reader) addBundle(raw json.RawMessage) error {
	b, ok := scanBundle(raw)
	if !ok {
		b = Bundle{}
		if err := json.Unmarshal(raw, &b); err != nil {
			return fmt.Errorf("the Bundle does not read: %w", err)
		}
	}
	switch b.Type {
	case "transaction", "collection", "searchset", "batch", "document", "message", "transaction-response", "batch-response":
	default:
		return fmt.Errorf("a Bundle of type %q is not imported", b.Type)
	}
	for i, e := range b.Entry {
		if len(e.Resource) == 0 {
			r.skipped = append(r.skipped, exchange.Skip{Source: fmt.Sprintf("entry %d", i+1), Reason: "the entry has no resource"})
			continue
		}
		if err := r.addResource(e.Resource, e.FullURL, i+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) addResource(raw json.RawMessage, fullURL string, n int) error {
	head, err := headOf(raw)
	if err != nil {
		return fmt.Errorf("resource %d does not read: %w", n, err)
	}
	if head.ResourceType == "" {
		return fmt.Errorf("resource %d has no resourceType", n)
	}
	if head.ResourceType == "Bundle" {
		return r.addBundle(raw)
	}
	r.res = append(r.res, inRes{typ: head.ResourceType, id: head.ID, fullURL: fullURL, raw: raw})
	return nil
}

// source is a resource's identity as its sender gave it.
func (x inRes) source() string {
	if x.id != "" {
		return x.typ + "/" + x.id
	}
	if x.fullURL != "" {
		return x.fullURL
	}
	return x.typ + " without an id"
}

// The elements read beyond what the writer's types hold.
type (
	inPatient struct {
		Patient
		Meta             *Meta  `json:"meta,omitempty"`
		DeceasedDateTime string `json:"deceasedDateTime"`
	}
	inEncounter struct {
		Encounter
	}
	inCondition struct {
		Condition
	}
	inProcedure struct {
		Procedure
		PerformedPeriod *Period `json:"performedPeriod"`
	}
	inObservation struct {
		Observation
		EffectivePeriod *Period `json:"effectivePeriod"`
		Issued          string  `json:"issued"`
	}
	inAllergy struct {
		AllergyIntolerance
		OnsetDateTime string `json:"onsetDateTime"`
	}
	inMedication struct {
		Status                    string           `json:"status"`
		MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept"`
		MedicationReference       *Reference       `json:"medicationReference"`
		Subject                   Reference        `json:"subject"`
		Context                   *Reference       `json:"context"`
		Encounter                 *Reference       `json:"encounter"`
		EffectivePeriod           *Period          `json:"effectivePeriod"`
		EffectiveDateTime         string           `json:"effectiveDateTime"`
		AuthoredOn                string           `json:"authoredOn"`
		Dosage                    []Dosage         `json:"dosage"`
		DosageInstruction         []Dosage         `json:"dosageInstruction"`
	}
	inPractitioner struct {
		Name []struct {
			Text   string   `json:"text"`
			Family string   `json:"family"`
			Given  []string `json:"given"`
			Prefix []string `json:"prefix"`
		} `json:"name"`
	}
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

func (r *Reader) patient(x inRes) (exchange.Incoming, error) {
	var p inPatient
	if err := json.Unmarshal(x.raw, &p); err != nil {
		return exchange.Incoming{}, fmt.Errorf("does not read: %v", err)
	}
	in := exchange.Incoming{Source: x.source()}
	pt := &in.Patient
	var name *HumanName
	for i := range p.Name {
		if p.Name[i].Use == "official" || p.Name[i].Use == "usual" || p.Name[i].Use == "" {
			if name == nil {
				name = &p.Name[i]
			}
		}
	}
	if name == nil && len(p.Name) > 0 {
		name = &p.Name[0]
	}
	if name != nil {
		pt.FamilyName = strings.TrimSpace(name.Family)
		pt.GivenName = strings.TrimSpace(strings.Join(name.Given, " "))
		if pt.FamilyName == "" && pt.GivenName == "" {
			pt.GivenName = strings.TrimSpace(name.Text)
		}
	}
	for i := range p.Name {
		if &p.Name[i] == name {
			continue
		}
		if t := nameText(p.Name[i]); t != "" {
			pt.OtherNames = append(pt.OtherNames, t)
		}
	}
	if strings.TrimSpace(pt.GivenName+pt.FamilyName) == "" {
		return in, errors.New("the patient has no name")
	}
	switch p.Gender {
	case "female":
		pt.Sex = model.SexFemale
	case "male":
		pt.Sex = model.SexMale
	case "other":
		pt.Sex = model.SexOther
	default:
		pt.Sex = model.SexUnknown
	}
	if p.BirthDate != "" {
		d, partial, err := readDate(p.BirthDate)
		if err != nil {
			return in, fmt.Errorf("birth date %q: %v", p.BirthDate, err)
		}
		pt.BirthDate, pt.BirthEstimated = d, partial
	}
	for _, e := range p.Extension {
		if e.URL == ExtBirthEst && e.ValueBoolean != nil && *e.ValueBoolean {
			pt.BirthEstimated = true
		}
	}
	mrnSys := MRNSystem(r.Prefix)
	for _, id := range p.Identifier {
		v := strings.TrimSpace(id.Value)
		if v == "" {
			continue
		}
		switch {
		case id.System == mrnSys && r.Prefix != "" && id.Use != "old" && pt.MRN == "":
			pt.MRN = v
		case id.System == mrnSys && r.Prefix != "":
			pt.FormerMRNs = append(pt.FormerMRNs, v)
		case id.System == NationalIDSystem && pt.NationalID == "":
			pt.NationalID = v
		case strings.HasPrefix(id.System, "urn:dossier:") && strings.HasSuffix(id.System, ":chart"):
			pt.LegacyCharts = append(pt.LegacyCharts, v)
		case id.System != "":
			pt.LegacyCharts = append(pt.LegacyCharts, id.System+"|"+v)
		default:
			pt.LegacyCharts = append(pt.LegacyCharts, v)
		}
	}
	pt.LegacyCharts = append(pt.LegacyCharts, SourceSystem+"|"+in.Source)
	for _, t := range p.Telecom {
		if t.System == "phone" && model.ValidPhone(t.Value) {
			pt.Phone = strings.TrimSpace(t.Value)
			break
		}
	}
	if len(p.Address) > 0 {
		a := p.Address[0]
		for _, s := range append([]string{a.State, a.District, a.City}, a.Line...) {
			if s = strings.TrimSpace(s); s != "" {
				pt.Address = append(pt.Address, s)
			}
		}
		if len(pt.Address) == 0 && a.Text != "" {
			pt.Address = []string{a.Text}
		}
	}
	if len(p.Contact) > 0 && p.Contact[0].Name != nil {
		pt.NextOfKin = nameText(*p.Contact[0].Name)
	}
	if p.Meta != nil {
		for _, s := range p.Meta.Security {
			if s.System == sysConfid && (s.Code == "R" || s.Code == "V") {
				pt.Restricted = true
			}
		}
	}
	if errs := pt.Validate(time.Now()); len(errs) > 0 {
		keys := make([]string, 0, len(errs))
		for k := range errs {
			keys = append(keys, errs[k])
		}
		sort.Strings(keys)
		return in, errors.New(strings.Join(keys, " "))
	}
	return in, nil
}

func nameText(n HumanName) string {
	if n.Text != "" {
		return strings.TrimSpace(n.Text)
	}
	return strings.TrimSpace(strings.Join(append(append([]string{}, n.Given...), n.Family), " "))
}

// readDate reads a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date
// is estimated: the middle of the year or month), or a dateTime's day.
func readDate(s string) (model.Date, bool, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		t, err := readTime(s)
		return model.DateOf(t), false, err
	}
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1800 {
			return model.Date{}, false, errors.New("not a year")
		}
		return model.Date{Year: y, Month: time.July, Day: 1}, true, nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return model.Date{}, false, errors.New("not a month")
		}
		return model.Date{Year: t.Year(), Month: t.Month(), Day: 15}, true, nil
	}
	d, err := model.ParseISODate(s)
	return d, false, err
}

func readTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, f := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(f, s); err == nil {
			return t.UTC(), nil
		}
	}
	if len(s) == 4 || len(s) == 7 {
		d, _, err := readDate(s)
		return d.Time(), err
	}
	return time.Time{}, fmt.Errorf("%q is not a FHIR date or time", s)
}

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

var testByLOINC = func() map[string]string {
	m := map[string]string{}
	for _, t := range clinical.Catalogue() {
		if t.LOINC != "" {
			m[t.LOINC] = t.Code
		}
	}
	return m
}()

// observations reads an Observation: one entry, or one per component of
// a panel (blood pressure).
func observations(x inRes, o inObservation) ([]clinical.ObservationEntry, string) {
	at := o.EffectiveDateTime
	if at == "" && o.EffectivePeriod != nil {
		at = o.EffectivePeriod.Start
	}
	if at == "" {
		at = o.Issued
	}
	base := clinical.ObservationEntry{Source: x.source()}
	if at != "" {
		t, err := readTime(at)
		if err != nil {
			return nil, err.Error()
		}
		base.At = t
	}
	for _, c := range o.Category {
		for _, cd := range c.Coding {
			if cd.System == sysObsCat && base.Category == "" {
				base.Category = cd.Code
			}
		}
	}
	var out []clinical.ObservationEntry
	if o.ValueQuantity != nil || o.ValueCodeableConcept != nil || o.ValueString != "" {
		e, why := observationValue(base, o.Code, o.ValueQuantity, o.ValueCodeableConcept, o.ValueString, o.ReferenceRange)
		if why != "" {
			return nil, why
		}
		out = append(out, e)
	}
	for i, c := range o.Component {
		b := base
		b.Source = fmt.Sprintf("%s#%d", base.Source, i+1)
		e, why := observationValue(b, c.Code, c.ValueQuantity, c.ValueCodeableConcept, c.ValueString, nil)
		if why == "" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, "the observation has no value"
	}
	return out, ""
}

func observationValue(e clinical.ObservationEntry, code CodeableConcept, q *Quantity, cc *CodeableConcept, s string, rr []ReferenceRange) (clinical.ObservationEntry, string) {
	var test clinical.Test
	known := false
	for _, cd := range code.Coding {
		if cd.System == SysDossierTest {
			test, known = clinical.LookupTest(cd.Code)
		}
	}
	for _, cd := range code.Coding {
		if cd.System == SysDossierTest {
			continue
		}
		if e.Code == "" && cd.Code != "" {
			e.System, e.Code, e.Display = cd.System, cd.Code, cd.Display
		}
		if !known && cd.System == SysLOINC {
			if tc, ok := testByLOINC[cd.Code]; ok {
				test, known = clinical.LookupTest(tc)
			}
		}
	}
	if e.Display == "" {
		e.Display = strings.TrimSpace(code.Text)
	}
	if known {
		e.Test = test.Code
		if e.System == SysLOINC && e.Code == test.LOINC {
			// The catalogue names it: its LOINC is written back from there.
			e.System, e.Code, e.Display = "", "", ""
		}
	} else if e.Code == "" && e.Display == "" {
		return e, "the observation has no code or text"
	}
	switch {
	case q != nil:
		if q.Value == nil || math.IsNaN(*q.Value) || math.IsInf(*q.Value, 0) {
			return e, "the quantity has no value"
		}
		v := *q.Value
		unit := q.Unit
		if u, ok := unitOfUCUM[q.Code]; ok && q.System == SysUCUM {
			unit = u
		}
		e.Value, e.Unit, e.Comparator = v, unit, q.Comparator
		if known && unit != test.Unit {
			// Another unit: converted as a clerk's typing would be.
			typed := strconv.FormatFloat(v, 'f', -1, 64) + " " + strings.TrimSpace(q.Unit)
			if conv, err := clinical.ParseObservation(test.Code, typed); err == nil && conv.Text == "" {
				e.Value, e.Unit, e.Entered = conv.Value, conv.Unit, typed
			} else {
				// Not a unit the catalogue converts: kept as sent, outside the catalogue.
				e.Test = ""
				if e.Code == "" {
					e.System, e.Code, e.Display = SysLOINC, test.LOINC, test.Name
				}
			}
		}
		for _, r := range rr {
			if r.Low != nil && r.Low.Value != nil {
				e.RefLow = *r.Low.Value
			}
			if r.High != nil && r.High.Value != nil {
				e.RefHigh = *r.High.Value
			}
		}
		if known && e.Test != "" && e.RefLow == test.RefLow && e.RefHigh == test.RefHigh {
			e.RefLow, e.RefHigh = 0, 0 // the catalogue's own range, not the report's
		}
	case cc != nil:
		e.Text = conceptText(*cc)
		if known && e.Test != "" {
			if conv, err := clinical.ParseObservation(test.Code, e.Text); err == nil && conv.Text != "" {
				e.Text = conv.Text
			}
		}
	default:
		e.Entered = strings.TrimSpace(s)
	}
	return e, ""
}

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

// ReadAll is a convenience for tests and small files: one reader over
// the given documents.
func ReadAll(prefix string, docs ...[]byte) ([]exchange.Incoming, []exchange.Skip, error) {
	r := &Reader{Prefix: prefix}
	for _, d := range docs {
		if err := r.Read(bytes.NewReader(d)); err != nil {
			return nil, nil, err
		}
	}
	in, sk := r.Patients()
	return in, sk, nil
}
