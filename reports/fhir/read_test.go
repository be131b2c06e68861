package fhir

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestReadSyntheaBundle(t *testing.T) {
	in, skipped, err := ReadAll("TST", gunzip(t, "testdata/synthea-Desmond_Gutmann.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 1 {
		t.Fatalf("%d patients, want 1", len(in))
	}
	p := in[0]
	if p.Patient.FamilyName == "" || p.Patient.Sex != model.SexMale || p.Patient.BirthDate.IsZero() {
		t.Errorf("patient read as %+v", p.Patient)
	}
	if len(p.Encounters) != 9 {
		t.Errorf("%d encounters, want 9", len(p.Encounters))
	}
	conds, snomed := 0, 0
	for _, e := range p.Encounters {
		if e.Source == "" {
			t.Errorf("encounter without its source")
		}
		for _, it := range e.Coding {
			if it.Kind == model.ItemDiagnosis {
				conds++
			}
			if !it.Coded() && strings.Contains(it.Text, "[SNOMED CT ") {
				snomed++
			}
		}
	}
	if conds != 4 || snomed == 0 {
		t.Errorf("%d conditions (%d SNOMED left for the coder), want 4", conds, snomed)
	}
	if len(p.Observations) < 48 { // blood pressure panels give two each
		t.Errorf("%d observations, want at least 48", len(p.Observations))
	}
	catalogued := 0
	for _, o := range p.Observations {
		if o.Test != "" {
			catalogued++
		}
	}
	if catalogued == 0 {
		t.Error("no observation matched the catalogue by LOINC (height, weight, blood pressure)")
	}
	reasons := map[string]int{}
	for _, s := range skipped {
		reasons[strings.SplitN(s.Reason, " ", 2)[0]]++
	}
	if reasons["Claim"] != 9 || reasons["Immunization"] != 4 {
		t.Errorf("skips by first word: %v", reasons)
	}
}

// TestReadWhatWeWrite reads an exported Bundle and NDJSON back.
func TestReadWhatWeWrite(t *testing.T) {
	rec := fullRecord()
	var buf bytes.Buffer
	if _, err := WriteBundle(&buf, rec, testOptions(rec), time.Now()); err != nil {
		t.Fatal(err)
	}
	in, skipped, err := ReadAll("TST", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 1 {
		t.Fatalf("%d patients", len(in))
	}
	p := in[0]
	if p.Patient.MRN != rec.Patient.MRN || !p.Patient.BirthEstimated || !p.Patient.Restricted || p.Patient.NationalID != rec.Patient.NationalID {
		t.Errorf("patient read back as %+v", p.Patient)
	}
	if len(p.Encounters) != 2 || len(p.Encounters[0].Coding) != 4 || p.Encounters[0].Coding[0].Code != "B50.9" ||
		p.Encounters[0].Coding[0].System != "ICD-10-CM" || p.Encounters[0].Coding[2].Code != "30233N1" {
		t.Errorf("encounters read back as %+v", p.Encounters)
	}
	if len(p.Observations) != 5 || len(p.Allergies) != 2 || len(p.Medications) != 1 || len(p.Problems) != 1 {
		t.Errorf("read back %d observations, %d allergies, %d medications, %d problems",
			len(p.Observations), len(p.Allergies), len(p.Medications), len(p.Problems))
	}
	for _, s := range skipped {
		if !strings.HasPrefix(s.Reason, "DocumentReference") {
			t.Errorf("skipped %s: %s", s.Source, s.Reason)
		}
	}
}

func TestReadRefusesWhatIsNotFHIR(t *testing.T) {
	for _, bad := range []string{"", "hello", "[1,2]", `{"resourceType":"Bundle","type":"subscription-notification"}`,
		`{"resourceType":"Patient"}` + "\n" + `{"resourceType":`} {
		r := &Reader{}
		if err := r.Read(strings.NewReader(bad)); err == nil {
			t.Errorf("read %q without complaint", bad)
		}
	}
}

// FuzzReader: no input makes the reader panic, and what it returns
// holds together (every imported record carries its source).
func FuzzReader(f *testing.F) {
	rec := fullRecord()
	var buf bytes.Buffer
	WriteBundle(&buf, rec, testOptions(rec), time.Now())
	f.Add(buf.Bytes())
	f.Add([]byte(`{"resourceType":"Patient","id":"a","name":[{"family":"X"}],"birthDate":"1990"}` + "\n" +
		`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"subject":{"reference":"Patient/a"},"valueQuantity":{"value":101,"unit":"[degF]"}}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Encounter","status":"finished","class":{"code":"IMP"},"subject":{"reference":"urn:uuid:1"},"period":{"start":"2020"}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &Reader{Prefix: "TST"}
		if err := r.Read(bytes.NewReader(data)); err != nil {
			return
		}
		in, _ := r.Patients()
		for _, p := range in {
			if p.Source == "" {
				t.Fatal("a patient without its source")
			}
			for _, e := range p.Encounters {
				if e.Source == "" || e.Start.IsZero() {
					t.Fatalf("encounter %+v", e)
				}
			}
			for _, o := range p.Observations {
				if o.Source == "" {
					t.Fatal("an observation without its source")
				}
			}
		}
	})
}
