package clinical

import (
	"maps"
	"strings"
	"testing"

	"dossier/model"
)

func TestTemplateFor(t *testing.T) {
	tests := []struct {
		doc  model.DocType
		ok   bool
		must []string // keys the template must have, in this order
	}{
		{model.DocAdmission, true, []string{"admitted", "ward", "bed", "admitted_by", "reason", "diagnoses", "allergies", "temp", "bp"}},
		{model.DocDischarge, true, []string{"discharged", "disposition", "principal_diagnosis", "secondary_diagnoses", "procedures", "discharge_medications", "follow_up", "summary"}},
		{model.DocCaseNote, true, []string{"written", "author", "text"}},
		{model.DocLab, true, []string{"test", "value", "unit", "ref_range", "collected", "reported"}},
		{model.DocReferral, true, []string{"date", "to", "reason", "urgency", "clinician"}},
		{model.DocImaging, false, nil},
		{model.DocConsent, false, nil},
		{model.DocNursing, false, nil},
		{model.DocOther, false, nil},
		{"x-ray", false, nil},
	}
	for _, tc := range tests {
		tp, ok := TemplateFor(tc.doc)
		if ok != tc.ok {
			t.Errorf("%s: ok=%v", tc.doc, ok)
			continue
		}
		if !ok {
			continue
		}
		if tp.Type != tc.doc || tp.Title == "" {
			t.Errorf("%s: %+v", tc.doc, tp)
		}
		pos := -1
		for _, k := range tc.must {
			i := -1
			for j, f := range tp.Fields {
				if f.Key == k {
					i = j
				}
			}
			if i < 0 {
				t.Errorf("%s: no field %s", tc.doc, k)
			} else if i < pos {
				t.Errorf("%s: field %s is out of order", tc.doc, k)
			}
			pos = max(pos, i)
		}
		seen := map[string]bool{}
		for _, f := range tp.Fields {
			if f.Key == "" || f.Label == "" || f.Kind == "" {
				t.Errorf("%s: incomplete field %+v", tc.doc, f)
			}
			if seen[f.Key] {
				t.Errorf("%s: key %s twice", tc.doc, f.Key)
			}
			seen[f.Key] = true
			if f.Test != "" && f.Test != "bp" {
				if _, ok := LookupTest(f.Test); !ok {
					t.Errorf("%s.%s: unknown test %s", tc.doc, f.Key, f.Test)
				}
			}
			if f.Kind == FieldCode && len(f.Choices) == 0 && f.Key != "unit" && f.Key != "specimen" {
				t.Errorf("%s.%s: a code field without choices", tc.doc, f.Key)
			}
		}
		if got, ok := tp.Field(tc.must[0]); !ok || got.Key != tc.must[0] {
			t.Errorf("%s: Field(%s) = %+v", tc.doc, tc.must[0], got)
		}
		if _, ok := tp.Field("nope"); ok {
			t.Errorf("%s: found a field that is not there", tc.doc)
		}
		if len(tp.DoubleEntryKinds()) == 0 || len(tp.DoubleEntryKinds()) >= len(tp.Kinds()) {
			t.Errorf("%s: %d of %d fields keyed twice", tc.doc, len(tp.DoubleEntryKinds()), len(tp.Kinds()))
		}
	}
	// The template is the caller's copy.
	a, _ := TemplateFor(model.DocDischarge)
	a.Fields[0].Label = "changed"
	a.Fields[2].Choices[0] = "changed"
	b, _ := TemplateFor(model.DocDischarge)
	if b.Fields[0].Label == "changed" || b.Fields[2].Choices[0] == "changed" {
		t.Error("TemplateFor shares its table with the caller")
	}
}

func TestTemplateCheck(t *testing.T) {
	admission, _ := TemplateFor(model.DocAdmission)
	discharge, _ := TemplateFor(model.DocDischarge)
	lab, _ := TemplateFor(model.DocLab)
	referral, _ := TemplateFor(model.DocReferral)
	tests := []struct {
		name string
		tp   Template
		e    Entry
		want map[string]string // field → part of its message
	}{
		{"a good admission", admission, Entry{"admitted": "12/03/2024 14:30", "ward": "Medical", "reason": "fever",
			"temp": "101 F", "bp": "120/80", "pulse": "88"}, map[string]string{}},
		{"an empty admission", admission, Entry{}, map[string]string{"admitted": "enter the admission date and time",
			"ward": "enter the ward", "reason": "enter the reason for admission"}},
		{"bad values", admission, Entry{"admitted": "31/02/2024 14:30", "ward": "Medical", "reason": "fever",
			"temp": "385", "bp": "80/120", "weight": "heavy"}, map[string]string{
			"admitted": "February 2024 has 29 days", "temp": "check the decimal point",
			"bp": "must be higher", "weight": "not a weight result"}},
		{"admitted in the future", admission, Entry{"admitted": "20/06/2025 08:00", "ward": "Medical", "reason": "fever"},
			map[string]string{"admitted": "the admission date and time 2025-06-20 08:00 is in the future"}},
		{"a good discharge", discharge, Entry{"discharged": "yesterday 10:00", "disposition": "home",
			"principal_diagnosis": "malaria", "follow_up_date": "01/07/2025"}, map[string]string{}},
		{"disposition by its label", discharge, Entry{"discharged": "yesterday 10:00", "disposition": "Died",
			"principal_diagnosis": "malaria"}, map[string]string{}},
		{"unknown disposition", discharge, Entry{"discharged": "yesterday 10:00", "disposition": "absconded",
			"principal_diagnosis": "malaria"}, map[string]string{"disposition": `"absconded" is not one of`}},
		{"a good lab result", lab, Entry{"test": "Hb", "value": "121", "unit": "g/L", "ref_range": "115-155",
			"collected": "12/03/2024 08:00", "reported": "13/03/2024"}, map[string]string{}},
		{"lab result in the wrong unit", lab, Entry{"test": "hb", "value": "12.1", "unit": "mg/dL", "ref_range": "12-16 mg/dL",
			"collected": "12/03/2024"}, map[string]string{"value": "mg/dL is not a unit for haemoglobin", "ref_range": "mg/dL is not a unit"}},
		{"coded lab result", lab, Entry{"test": "malaria-rdt", "value": "+ve", "ref_range": "negative",
			"collected": "12/03/2024"}, map[string]string{}},
		{"unknown test", lab, Entry{"test": "ferritin", "value": "40", "collected": "12/03/2024"},
			map[string]string{"test": "not a test in the catalogue"}},
		{"reported in the future", lab, Entry{"test": "hb", "value": "12", "collected": "12/03/2024", "reported": "16/06/2025"},
			map[string]string{"reported": "the report date 2025-06-16 is in the future"}},
		{"a referral", referral, Entry{"date": "today", "to": "County hospital", "reason": "surgery",
			"urgency": "Urgent", "clinician": "Dr Achieng"}, map[string]string{}},
		{"a referral without urgency", referral, Entry{"date": "today", "to": "County hospital", "reason": "surgery",
			"urgency": "soon", "clinician": "Dr Achieng"}, map[string]string{"urgency": `"soon" is not one of: routine, urgent, emergency`}},
	}
	for _, tc := range tests {
		got := tc.tp.Check(tc.e, OrderDMY, now)
		if !maps.EqualFunc(got, tc.want, func(msg, part string) bool { return strings.Contains(msg, part) }) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
}
