package fhir

import (
	"bytes"
	"strings"
	"testing"
)

// The streaming reader finds the same patients, records and skips as the
// whole-file reader, and names each resource's patient.
func TestStreamLikeRead(t *testing.T) {
	data := `{"resourceType":"Patient","id":"a","name":[{"family":"X"}],"birthDate":"1990"}

{"resourceType":"Observation","status":"final","code":{"text":"t"},"subject":{"reference":"http://h/fhir/Patient/a"},"valueQuantity":{"value":37,"unit":"Cel"}}
{"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/a"},"code":{"text":"penicillin"}}
{"resourceType":"Practitioner","id":"p","name":[{"family":"Okello"}]}
{"resourceType":"Condition","subject":{"reference":"Patient/zz"},"code":{"text":"malaria"}}
`
	var got []string
	r := &Reader{Prefix: "TST"}
	err := Stream(strings.NewReader(data), func(line int, res Streamed) error {
		got = append(got, res.Type+">"+res.Patient)
		return r.Add(res)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Patient>Patient/a Observation>Patient/a AllergyIntolerance>Patient/a Practitioner> Condition>Patient/zz"
	if strings.Join(got, " ") != want {
		t.Fatalf("streamed %v", got)
	}
	whole := &Reader{Prefix: "TST"}
	if err := whole.Read(strings.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	sameGroups(t, r, whole)
	for _, bad := range []struct{ data, why string }{
		{"{\"resourceType\":\"Patient\"}\n[1]\n", "line 2"},
		{"{\"id\":\"x\"}", "no resourceType"},
		{"{\"resourceType\":\"Patient\"", "line 1"},
		{"{\"resourceType\":\"Patient\"," + strings.Repeat(" ", maxLine) + "}", "longer than"},
	} {
		err := Stream(strings.NewReader(bad.data), func(int, Streamed) error { return nil })
		if err == nil || !strings.Contains(err.Error(), bad.why) {
			t.Errorf("%.40q: %v, want %q", bad.data, err, bad.why)
		}
	}
}

func sameGroups(t *testing.T, a, b *Reader) {
	t.Helper()
	ina, ska := a.Patients()
	inb, skb := b.Patients()
	if len(ina) != len(inb) || len(ska) != len(skb) {
		t.Fatalf("streamed %d patients, %d skipped; whole %d, %d", len(ina), len(ska), len(inb), len(skb))
	}
	for i := range ina {
		x, y := ina[i], inb[i]
		if x.Source != y.Source || len(x.Encounters) != len(y.Encounters) || len(x.Observations) != len(y.Observations) ||
			len(x.Allergies) != len(y.Allergies) || len(x.Problems) != len(y.Problems) || len(x.Skipped) != len(y.Skipped) || len(x.Medications) != len(y.Medications) {
			t.Fatalf("patient %d: streamed %+v, whole %+v", i, x, y)
		}
	}
	for i := range ska {
		if ska[i] != skb[i] {
			t.Fatalf("skip %d: %+v, %+v", i, ska[i], skb[i])
		}
	}
}

// FuzzStream: whatever the bytes, the streaming reader does not panic;
// each resource it gives has a type and a patient reference of the right
// shape; and what it reads, the whole-file reader reads the same.
func FuzzStream(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient","id":"a","name":[{"family":"X"}],"birthDate":"1990"}` + "\n" +
		`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"subject":{"reference":"Patient/a"},"valueQuantity":{"value":101,"unit":"[degF]"}}`))
	f.Add([]byte("\xEF\xBB\xBF{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"IMP\"},\"subject\":{\"reference\":\"Patient/a\"},\"period\":{\"start\":\"2020\"}}\r\n\r\n"))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"b"}}]}`))
	f.Add([]byte("{\"resourceType\":\"AllergyIntolerance\",\"patient\":{\"reference\":\"x/Patient/\"}}\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &Reader{Prefix: "TST"}
		streamed := 0
		err := Stream(bytes.NewReader(data), func(line int, res Streamed) error {
			streamed++
			if res.Type == "" || line < 1 {
				t.Fatalf("line %d: %+v", line, res)
			}
			if res.Patient != "" && !strings.HasPrefix(res.Patient, "Patient/") {
				t.Fatalf("patient reference %q", res.Patient)
			}
			return r.Add(res)
		})
		if err != nil {
			return
		}
		whole := &Reader{Prefix: "TST"}
		if err := whole.Read(bytes.NewReader(data)); err != nil {
			if streamed == 0 && strings.Contains(err.Error(), "the file is empty") {
				return // nothing but blanks and byte order marks: nothing to stream, nothing to read
			}
			t.Fatalf("streamed, but the whole file does not read: %v", err)
		}
		sameGroups(t, r, whole)
	})
}
