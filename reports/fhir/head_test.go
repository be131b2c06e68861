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
