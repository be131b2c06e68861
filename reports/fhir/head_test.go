package fhir

import (
	"encoding/json"
	"testing"
)

var headCases = []string{
	`{"resourceType":"Patient","id":"p1","name":[{"family":"Phiri"}]}`,
	`{ "id" : "x" , "resourceType" : "Observation" }`,
	`{"meta":{"resourceType":"Nested","id":"no"},"resourceType":"Encounter"}`,
	`{"contained":[{"resourceType":"Patient","id":"in"}],"id":"out","resourceType":"Condition"}`,
	`{"resourceType":"A","resourceType":"B"}`,
	`{"ResourceType":"Upper"}`,
	`{"resourcetype":"lower","resourceType":"Patient"}`,
	`{"resourceType":"Pat\u0069ent"}`,
	`{"resource\u0054ype":"Patient"}`,
	`{"resourceType":null,"id":"n"}`,
	`{"resourceType":5}`,
	`{"id":["a"]}`,
	`{"text":"a \"quoted\" {brace}","resourceType":"Patient"}`,
	`{"resourceType":"Patiënt","id":"é"}`,
	`{"valueQuantity":{"value":1.5e3,"unit":"g"},"valueBoolean":true,"x":null,"resourceType":"Observation"}`,
	`{}`,
	"{\n\t\"resourceType\"\r\n:\t\"Bundle\"\n}",
	`{"ID":"upper","id":"lower"}`,
}

// TestHeadOf: the one-pass reading of resourceType and id gives what
// encoding/json gives, error or not.
func TestHeadOf(t *testing.T) {
	for _, c := range headCases {
		checkHead(t, []byte(c))
	}
}

func checkHead(t *testing.T, raw []byte) {
	t.Helper()
	if !json.Valid(raw) {
		return // headOf only reads values a decoder checked
	}
	var want resourceHead
	werr := json.Unmarshal(raw, &want)
	got, err := headOf(raw)
	if (err != nil) != (werr != nil) || (werr == nil && got != want) {
		t.Fatalf("%s: headOf %+v, %v; encoding/json %+v, %v", raw, got, err, want, werr)
	}
}

// FuzzHeadOf: for any valid JSON, headOf agrees with encoding/json.
func FuzzHeadOf(f *testing.F) {
	for _, c := range headCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkHead(t, raw) })
}

var bundleCases = []string{
	`{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"1"},"request":{"method":"POST"}},{"resource":{"resourceType":"Encounter"}}]}`,
	`{"resourceType":"Bundle","type":"collection","entry":[]}`,
	`{"resourceType":"Bundle","type":"searchset","total":2,"link":[{"relation":"self"}],"entry":[{"search":{"mode":"match"},"fullUrl":"x","resource":null}]}`,
	`{"type":"batch","entry":[ { "resource" : "text" , "fullUrl" : "a\u0062" } ]}`,
	`{"type":"batch","entry":null}`,
	`{"type":"batch","entry":[null]}`,
	`{"type":"batch","entry":[5]}`,
	`{"type":"a","type":"b"}`,
	`{"Type":"x","entry":[]}`,
	`{"type":"x","entry":[{"Resource":{}}]}`,
	`{"type":"x","entry":[{"resource":1,"resource":2}]}`,
	`{"type":"x","entry":[{}],"entry":[{"fullUrl":"u"}]}`,
	`{"id":5,"type":"x"}`,
	`{"timestamp":"2020","entry":[{"resource":[1,{"a":"]"}]}]}`,
}

// TestScanBundle: the one-pass reading of a Bundle gives what
// encoding/json gives, whenever it answers.
func TestScanBundle(t *testing.T) {
	if b, ok := scanBundle([]byte(bundleCases[0])); !ok || len(b.Entry) != 2 || b.Entry[0].FullURL != "urn:uuid:1" {
		t.Fatalf("a plain transaction Bundle: %+v, %v", b, ok)
	}
	for _, c := range bundleCases {
		checkBundle(t, []byte(c))
	}
}

func checkBundle(t *testing.T, raw []byte) {
	t.Helper()
	if !json.Valid(raw) {
		return
	}
	got, ok := scanBundle(raw)
	if !ok {
		return // encoding/json decides
	}
	var want Bundle
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%s: scanBundle read it, encoding/json says %v", raw, err)
	}
	same := got.ResourceType == want.ResourceType && got.ID == want.ID && got.Type == want.Type &&
		got.Timestamp == want.Timestamp && len(got.Entry) == len(want.Entry)
	for i := 0; same && i < len(got.Entry); i++ {
		same = got.Entry[i].FullURL == want.Entry[i].FullURL && string(got.Entry[i].Resource) == string(want.Entry[i].Resource) &&
			(got.Entry[i].Resource == nil) == (want.Entry[i].Resource == nil)
	}
	if !same {
		t.Fatalf("%s: scanBundle %+v; encoding/json %+v", raw, got, want)
	}
}

// FuzzScanBundle: for any valid JSON scanBundle reads, encoding/json
// reads the same.
func FuzzScanBundle(f *testing.F) {
	for _, c := range bundleCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkBundle(t, raw) })
}
