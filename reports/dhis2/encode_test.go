package dhis2

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	md "dossier/model/dhis2"
)

func sampleReturn() Return {
	return Return{DataSet: "QX4ZTUbOt3a", OrgUnit: "DiszpKrYNg8", Month: md.Month{Year: 2026, Month: time.November},
		Exported: time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC),
		Values: []md.DataValue{
			{DataElement: "f7n9E0hX8qk", CategoryOptionCombo: "Prlt0C1RF0s", Value: 12, Label: "OPD new <5 F"},
			{DataElement: "eY5ehpbEsB7", Value: 41, Label: "Admissions"},
			{DataElement: "aUAkb9aCCCk", Value: 83.3333, Label: "Bed occupancy"},
		}}
}

// TestDataValueSetJSONShape checks the documented dataValueSet shape:
// dataSet, period (DHIS2 ID), orgUnit and dataValues of string values.
func TestDataValueSetJSONShape(t *testing.T) {
	b, err := DataValueSetJSON(sampleReturn())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["dataSet"] != "QX4ZTUbOt3a" || got["period"] != "202611" || got["orgUnit"] != "DiszpKrYNg8" {
		t.Fatalf("header %v", got)
	}
	vals, _ := got["dataValues"].([]any)
	if len(vals) != 3 {
		t.Fatalf("values %v", got["dataValues"])
	}
	first := vals[0].(map[string]any)
	if first["dataElement"] != "f7n9E0hX8qk" || first["categoryOptionCombo"] != "Prlt0C1RF0s" || first["value"] != "12" {
		t.Fatalf("first value %v", first)
	}
	if _, has := vals[1].(map[string]any)["categoryOptionCombo"]; has {
		t.Fatal("a default combo was written as an empty categoryOptionCombo")
	}
	if vals[2].(map[string]any)["value"] != "83.33" {
		t.Fatalf("rate written as %v", vals[2])
	}
	for k := range got {
		if k != "dataSet" && k != "period" && k != "orgUnit" && k != "dataValues" {
			t.Fatalf("unexpected field %q", k)
		}
	}
}

// TestADXValidatesAgainstSchema runs xmllint against the ADX schema. The
// test fails when xmllint is missing (.ci/setup installs libxml2-utils)
// unless DOSSIER_NO_XMLLINT=1 says the machine has none on purpose.
func TestADXValidatesAgainstSchema(t *testing.T) {
	b, err := ADX(sampleReturn())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`xmlns="urn:ihe:qrph:adx:2015"`, `exported="2026-12-02T09:30:00Z"`,
		`period="2026-11-01/P1M"`, `dataSet="QX4ZTUbOt3a"`, `categoryOptionCombo="Prlt0C1RF0s"`, `value="83.33"`} {
		if !strings.Contains(s, want) {
			t.Errorf("ADX lacks %s:\n%s", want, s)
		}
	}
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("DOSSIER_NO_XMLLINT") == "1" {
			t.Skip("xmllint missing and DOSSIER_NO_XMLLINT=1")
		}
		t.Fatal("xmllint is not installed (run .ci/setup, or set DOSSIER_NO_XMLLINT=1 to skip schema validation)")
	}
	dir := t.TempDir()
	validate := func(name string, doc []byte) error {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(lint, "--noout", "--nonet", "--schema", "testdata/adx/adx_loose.xsd", p).CombinedOutput()
		if err != nil {
			return &lintError{string(out)}
		}
		return nil
	}
	if err := validate("return.adx.xml", b); err != nil {
		t.Fatal(err)
	}
	// The schema check can fail: without the exported attribute it must.
	if err := validate("bad.adx.xml", []byte(strings.Replace(s, `exported="2026-12-02T09:30:00Z"`, "", 1))); err == nil {
		t.Fatal("xmllint accepted ADX without the exported attribute")
	}
}

type lintError struct{ out string }

func (e *lintError) Error() string { return "xmllint: " + e.out }

func TestEncodeRefusesIncompleteReturns(t *testing.T) {
	for name, mod := range map[string]func(*Return){
		"no org unit": func(r *Return) { r.OrgUnit = "" },
		"no data set": func(r *Return) { r.DataSet = "x" },
		"no values":   func(r *Return) { r.Values = nil },
	} {
		r := sampleReturn()
		mod(&r)
		if _, err := ADX(r); err == nil {
			t.Errorf("%s: ADX written", name)
		}
		if _, err := DataValueSetJSON(r); err == nil {
			t.Errorf("%s: JSON written", name)
		}
	}
}
