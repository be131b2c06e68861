package fhir

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/exchange"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The R4 schema is 3 MB: compiled once per test binary, each resource
// type's definition on first use.
var (
	schemaOnce sync.Once
	schemaErr  error
	compiler   *jsonschema.Compiler
	schemaMu   sync.Mutex
	schemas    = map[string]*jsonschema.Schema{}
)

const schemaURL = "file:///fhir.schema.json"

func definition(t testing.TB, typ string) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		raw := gunzip(t, "testdata/fhir.schema.json.gz")
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			schemaErr = err
			return
		}
		compiler = jsonschema.NewCompiler()
		compiler.DefaultDraft(jsonschema.Draft6)
		schemaErr = compiler.AddResource(schemaURL, doc)
	})
	if schemaErr != nil {
		t.Fatalf("load the FHIR schema: %v", schemaErr)
	}
	schemaMu.Lock()
	defer schemaMu.Unlock()
	if s, ok := schemas[typ]; ok {
		return s
	}
	s, err := compiler.Compile(schemaURL + "#/definitions/" + typ)
	if err != nil {
		t.Fatalf("compile the schema of %s: %v", typ, err)
	}
	schemas[typ] = s
	return s
}

func gunzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(z); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// validate checks one resource against its own definition in the schema.
func validate(t testing.TB, raw []byte) error {
	t.Helper()
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return definition(t, head.ResourceType).Validate(inst)
}

// statusField is the status element each written type must carry (the
// schema cannot require it: R4 marks some optional).
var statusField = map[string]string{"Encounter": "status", "Condition": "clinicalStatus", "Procedure": "status",
	"Observation": "status", "AllergyIntolerance": "clinicalStatus", "MedicationStatement": "status",
	"DocumentReference": "status", "Patient": "active", "Practitioner": "active"}

// fullRecord has one of everything Dossier writes.
func fullRecord() exchange.PatientRecord {
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	doc := model.User{ID: model.NewID(), Username: "dr.a", FullName: "Dr. Achieng", Role: model.RoleClinician}
	p := model.Patient{ID: model.NewID(), MRN: "TST-0000001-7", GivenName: "Amina Grace", FamilyName: "Okello",
		OtherNames: []string{"Mama Joy"}, Sex: model.SexFemale, BirthDate: model.Date{Year: 1980, Month: 7, Day: 1},
		BirthEstimated: true, Phone: "+256 772 123456", Address: []string{"Northern", "Gulu", "Laroo", "Plot 4"},
		NationalID: "CF8000123ABCD", NextOfKin: "John Okello (husband)", LegacyCharts: []string{"OLD-1234"},
		FormerMRNs: []string{"TST-0000009-3"}, Restricted: true}
	enc := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncInpatient,
		Start: now.Add(-72 * time.Hour), End: now, Ward: "Female Medical", ClinicianID: doc.ID, Clinician: doc.FullName,
		Reason: "Fever", Disposition: "home", AdmittedBy: "Dr. Achieng",
		Transfers: []model.Transfer{{At: now.Add(-48 * time.Hour), FromWard: "Female Medical", ToWard: "HDU"}},
		Coding: []model.CodedItem{
			{Kind: model.ItemDiagnosis, Text: "severe malaria", System: "ICD-10-CM", Version: "2021", Code: "B50.9", Title: "Plasmodium falciparum malaria, unspecified", Principal: true},
			{Kind: model.ItemDiagnosis, Text: "anaemia"},
			{Kind: model.ItemProcedure, Text: "transfusion", System: "ICD-10-PCS", Version: "2020", Code: "30233N1"},
			{Kind: model.ItemDiagnosis, Text: "typhoid", System: "ICD-10 WHO 2019", Code: "A01.0"},
		}}
	opd := model.Encounter{ID: model.NewID(), PatientID: p.ID, Type: model.EncOutpatient, Start: now.Add(-1000 * time.Hour),
		Clinician: "CO Otieno", Diagnoses: []string{"cough"}}
	return exchange.PatientRecord{Patient: p, Restricted: true,
		Encounters: []model.Encounter{enc, opd},
		Problems: []clinical.ProblemEntry{{ID: model.NewID(), PatientID: p.ID, Recorded: now,
			Problem: clinical.Problem{Text: "Hypertension", Status: clinical.ProblemActive, Onset: model.Date{Year: 2019, Month: 1, Day: 2}}}},
		Allergies: []clinical.AllergyEntry{
			{ID: model.NewID(), PatientID: p.ID, Recorded: now, Allergy: clinical.Allergy{Substance: "Penicillin", Reaction: "rash", Severity: "severe", Kind: "allergy"}},
			{ID: model.NewID(), PatientID: p.ID, Recorded: now, NoneKnown: true}},
		Observations: []clinical.ObservationEntry{
			{ID: model.NewID(), PatientID: p.ID, EncounterID: enc.ID, Observation: clinical.Observation{Test: "hb", Value: 7.2, Unit: "g/dL", At: now, RefLow: 12, RefHigh: 16}},
			{ID: model.NewID(), PatientID: p.ID, EncounterID: enc.ID, Observation: clinical.Observation{Test: "temp", Value: 39.1, Unit: "°C", At: now}},
			{ID: model.NewID(), PatientID: p.ID, Observation: clinical.Observation{Test: "malaria-rdt", Text: "positive", At: now}},
			{ID: model.NewID(), PatientID: p.ID, Observation: clinical.Observation{Test: "viral-load", Value: 20, Comparator: "<", Unit: "copies/mL", At: now}},
			{ID: model.NewID(), PatientID: p.ID, System: SysLOINC, Code: "2093-3", Display: "Cholesterol", Category: "laboratory",
				Observation: clinical.Observation{Value: 5.1, Unit: "mmol/L", At: now}},
		},
		Medications: []clinical.MedicationEntry{{ID: model.NewID(), PatientID: p.ID, EncounterID: enc.ID,
			Medication: clinical.Medication{Name: "Artesunate", Dose: "120 mg", Route: "IV", Frequency: "BD", Start: model.Date{Year: 2025, Month: 3, Day: 1}}}},
		Documents: []model.Document{{ID: model.NewID(), PatientID: p.ID, EncounterID: enc.ID, Type: model.DocLab,
			Date: model.Date{Year: 2025, Month: 3, Day: 2}, Pages: []model.ID{model.NewID()}, IndexedBy: "clerk1", IndexedAt: now}},
	}
}

func testOptions(rec exchange.PatientRecord) Options {
	u := model.User{ID: rec.Encounters[0].ClinicianID, Username: "dr.a", FullName: "Dr. Achieng", Role: model.RoleClinician}
	return Options{Clinic: model.DefaultClinic("Test", "TST"), Clinicians: map[model.ID]model.User{u.ID: u}}
}

// TestBundleValidatesAgainstR4Schema writes a patient with one of
// everything and checks every entry.resource against its own definition,
// that each carries its status and that every reference resolves in the
// bundle.
func TestBundleValidatesAgainstR4Schema(t *testing.T) {
	rec := fullRecord()
	var buf bytes.Buffer
	if _, err := WriteBundle(&buf, rec, testOptions(rec), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := validate(t, buf.Bytes()); err != nil {
		t.Errorf("the Bundle itself: %v", err)
	}
	var b struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	types := map[string]int{}
	for _, e := range b.Entry {
		var h struct{ ResourceType, ID string }
		json.Unmarshal(e.Resource, &h)
		ids[h.ResourceType+"/"+h.ID] = true
		types[h.ResourceType]++
	}
	for _, want := range []string{"Patient", "Practitioner", "Encounter", "Condition", "Procedure", "Observation",
		"AllergyIntolerance", "MedicationStatement", "DocumentReference"} {
		if types[want] == 0 {
			t.Errorf("no %s in the bundle", want)
		}
	}
	for _, e := range b.Entry {
		var m map[string]any
		json.Unmarshal(e.Resource, &m)
		typ, _ := m["resourceType"].(string)
		if err := validate(t, e.Resource); err != nil {
			t.Errorf("%s %s: %v", typ, m["id"], err)
		}
		if f := statusField[typ]; f == "" || m[f] == nil {
			t.Errorf("%s %s has no %s", typ, m["id"], f)
		}
		for _, r := range references(m) {
			if !ids[r] {
				t.Errorf("%s %s refers to %s, not in the bundle", typ, m["id"], r)
			}
		}
	}
	if !strings.Contains(buf.String(), `"code": "R"`) {
		t.Error("a restricted patient exported is not flagged in meta.security")
	}
}

// references collects every "reference" value in a resource.
func references(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if s, ok := c.(string); ok && k == "reference" {
				out = append(out, s)
			} else {
				out = append(out, references(c)...)
			}
		}
	case []any:
		for _, c := range x {
			out = append(out, references(c)...)
		}
	}
	return out
}

// TestSchemaRefusesWhatR4Forbids makes sure the validation can fail.
func TestSchemaRefusesWhatR4Forbids(t *testing.T) {
	for _, bad := range []string{
		`{"resourceType":"Patient","gender":"femme"}`,
		`{"resourceType":"Encounter","status":"finished"}`,                                                  // no class
		`{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"7"}}`, // string value
		`{"resourceType":"Patient","name":[{"family":""}]}`,                                                 // empty string
	} {
		if err := validate(t, []byte(bad)); err == nil {
			t.Errorf("the schema accepted %s", bad)
		}
	}
}
