package clinical

import (
	"strings"
	"testing"

	"dossier/model"
)

func TestParseDose(t *testing.T) {
	tests := []struct {
		in    string
		value float64
		unit  string
		err   string
	}{
		{"500 mg", 500, "mg", ""},
		{"500mg", 500, "mg", ""},
		{"1 g", 1, "g", ""},
		{"1 G", 1, "g", ""},
		{"2 tabs", 2, "tab", ""},
		{"1 tablet", 1, "tab", ""},
		{"2 caps", 2, "cap", ""},
		{"5 ml", 5, "ml", ""},
		{"5 mL", 5, "ml", ""},
		{"1.5mg/kg", 1.5, "mg/kg", ""},
		{"1.5 mg / kg", 1.5, "mg/kg", ""},
		{"1,5 mg", 1.5, "mg", ""}, // decimal comma
		{"0,125 mg", 0.125, "mg", ""},
		{".5 mg", 0.5, "mg", ""},
		{"250 mcg", 250, "mcg", ""},
		{"250 µg", 250, "mcg", ""},
		{"250 μg", 250, "mcg", ""}, // Greek mu
		{"250 ug", 250, "mcg", ""},
		{"10 IU", 10, "IU", ""},
		{"10 i.u.", 10, "IU", ""},
		{"8 units", 8, "units", ""},
		{"8 u", 8, "units", ""},
		{"2 drops", 2, "drops", ""},
		{"2 puffs", 2, "puffs", ""},
		{"20 mmol", 20, "mmol", ""},
		{"1 sachet", 1, "sachet", ""},
		{"500", 0, "", "the dose 500 needs a unit, e.g. 500 mg"},
		{"2.5", 0, "", "the dose 2.5 needs a unit, e.g. 2.5 mg"},
		{"", 0, "", "enter the dose"},
		{"mg", 0, "", "a dose starts with a number"},
		{"500 spoons", 0, "", "spoons is not a dose unit"},
		{"1-2 tabs", 0, "", "enter one dose"},
		{"1 - 2 tabs", 0, "", "enter one dose"},
		{"1 to 2 tabs", 0, "", "enter one dose"},
		{"0 mg", 0, "", "above 0"},
		{"1,000 mg", 0, "", "without a comma"},
	}
	for _, tc := range tests {
		v, u, err := ParseDose(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDose(%q) = %v %q, %v; want error containing %q", tc.in, v, u, err, tc.err)
			}
			continue
		}
		if err != nil || v != tc.value || u != tc.unit {
			t.Errorf("ParseDose(%q) = %v %q, %v; want %v %q", tc.in, v, u, err, tc.value, tc.unit)
		}
	}
	for _, u := range DoseUnits {
		if _, got, err := ParseDose("1 " + u); err != nil || got != u {
			t.Errorf("stored unit %q does not read back: %q %v", u, got, err)
		}
	}
}

func TestParseRoute(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"PO", "oral", ""},
		{"by mouth", "oral", ""},
		{"p.o.", "oral", ""},
		{"i.v.", "IV", ""},
		{"IM", "IM", ""},
		{"subcut", "SC", ""},
		{"s.c.", "SC", ""},
		{"neb", "inhaled", ""},
		{"rectal", "PR", ""},
		{"PV", "PV", ""},
		{"SL", "sublingual", ""},
		{"topical", "topical", ""},
		{"other", "other", ""},
		{"intrathecal", "", `"intrathecal" is not a route`},
		{"", "", "is not a route"},
	}
	for _, tc := range tests {
		got, err := ParseRoute(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRoute(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRoute(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, r := range Routes {
		if got, err := ParseRoute(r); err != nil || got != r {
			t.Errorf("stored route %q does not read back: %q %v", r, got, err)
		}
	}
}

func TestParseFrequency(t *testing.T) {
	tests := []struct{ in, code, words, err string }{
		{"OD", "OD", "once a day", ""},
		{"daily", "OD", "once a day", ""},
		{"bd", "BD", "twice a day", ""},
		{"BID", "BD", "twice a day", ""},
		{"tds", "TDS", "three times a day", ""},
		{"TID", "TDS", "three times a day", ""},
		{"QID", "QID", "four times a day", ""},
		{"qds", "QID", "four times a day", ""},
		{"prn", "PRN", "when needed", ""},
		{"stat", "STAT", "once, immediately", ""},
		{"nocte", "nocte", "at night", ""},
		{"ON", "nocte", "at night", ""},
		{"mane", "mane", "in the morning", ""},
		{"q6h", "q6h", "every 6 hours", ""},
		{"Q8H", "q8h", "every 8 hours", ""},
		{"q 4 h", "q4h", "every 4 hours", ""},
		{"6 hourly", "q6h", "every 6 hours", ""},
		{"6-hourly", "q6h", "every 6 hours", ""},
		{"8hrly", "q8h", "every 8 hours", ""},
		{"every 8 hours", "q8h", "every 8 hours", ""},
		{"q1h", "q1h", "every hour", ""},
		{"q12h", "BD", "twice a day", ""},
		{"24 hourly", "OD", "once a day", ""},
		{"q36h", "q36h", "every 36 hours", ""},
		{"weekly", "weekly", "once a week", ""},
		{"q0h", "", "", "is not a frequency"},
		{"q100h", "", "", "is not a frequency"},
		{"sometimes", "", "", `"sometimes" is not a frequency`},
	}
	for _, tc := range tests {
		got, err := ParseFrequency(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseFrequency(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.code || FrequencyWords(got) != tc.words {
			t.Errorf("ParseFrequency(%q) = %q (%q), %v; want %q (%q)", tc.in, got, FrequencyWords(got), err, tc.code, tc.words)
		}
	}
	for _, f := range Frequencies {
		if got, err := ParseFrequency(f.Code); err != nil || got != f.Code {
			t.Errorf("stored frequency %q does not read back: %q %v", f.Code, got, err)
		}
	}
	if FrequencyWords("q6hx") != "q6hx" || FrequencyWords("odd") != "odd" {
		t.Error("unknown codes should come back as they are")
	}
}

func TestMedicationValidate(t *testing.T) {
	amox := Medication{Name: "Amoxicillin", Dose: "500 mg", Route: "PO", Frequency: "tds", Start: date(2025, 6, 1), End: date(2025, 6, 7)}
	with := func(change func(*Medication)) Medication { m := amox; change(&m); return m }
	tests := []struct {
		name string
		m    Medication
		err  string
	}{
		{"as keyed", amox, ""},
		{"normalized", Medication{Name: "Amoxicillin", Dose: "500 mg", DoseValue: 500, DoseUnit: "mg", Route: "oral", Frequency: "TDS"}, ""},
		{"name only", Medication{Name: "ORS"}, ""},
		{"no name", with(func(m *Medication) { m.Name = " " }), "enter the name of the medication"},
		{"dose without unit", with(func(m *Medication) { m.Dose = "500" }), "the dose 500 needs a unit, e.g. 500 mg"},
		{"value without unit", Medication{Name: "Paracetamol", DoseValue: 500}, "the dose 500 needs a unit, e.g. 500 mg"},
		{"value and unit only", Medication{Name: "Paracetamol", DoseValue: 1, DoseUnit: "G"}, ""},
		{"unknown unit", Medication{Name: "Paracetamol", DoseValue: 1, DoseUnit: "spoon"}, "spoon is not a dose unit"},
		{"negative value", Medication{Name: "Paracetamol", DoseValue: -1, DoseUnit: "g"}, "above 0"},
		{"text and value disagree", with(func(m *Medication) { m.DoseValue, m.DoseUnit = 250, "mg" }), "the dose reads 500 mg but is recorded as 250 mg"},
		{"text and value agree", with(func(m *Medication) { m.DoseValue, m.DoseUnit = 500, "mg" }), ""},
		{"bad route", with(func(m *Medication) { m.Route = "ear" }), `"ear" is not a route`},
		{"bad frequency", with(func(m *Medication) { m.Frequency = "often" }), `"often" is not a frequency`},
		{"ends before it starts", with(func(m *Medication) { m.End = date(2025, 5, 30) }), "the medication ends (2025-05-30) before it starts (2025-06-01)"},
		{"ends the day it starts", with(func(m *Medication) { m.End = m.Start }), ""},
		{"no end", with(func(m *Medication) { m.End = model.Date{} }), ""},
	}
	for _, tc := range tests {
		err := tc.m.Validate()
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.err)
		}
	}
}

func TestMedicationNormalize(t *testing.T) {
	m := Medication{Name: "  Amoxicillin   syrup ", Dose: "250mg", Route: "by mouth", Frequency: "8 hourly"}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	want := Medication{Name: "Amoxicillin syrup", Dose: "250mg", DoseValue: 250, DoseUnit: "mg", Route: "oral", Frequency: "q8h"}
	if m != want {
		t.Errorf("got %+v\nwant %+v", m, want)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("normalized medication: %v", err)
	}
	v := Medication{Name: "Insulin", DoseValue: 8, DoseUnit: "u"}
	if err := v.Normalize(); err != nil || v.Dose != "8 units" || v.DoseUnit != "units" {
		t.Errorf("from value and unit: %+v %v", v, err)
	}
}

func TestAllergyValidate(t *testing.T) {
	tests := []struct {
		a   Allergy
		err string
	}{
		{Allergy{Substance: "Penicillin"}, ""},
		{Allergy{Substance: "Penicillin", Reaction: "rash", Severity: SeverityModerate, Kind: AllergyKindAllergy, Noted: date(2020, 1, 1)}, ""},
		{Allergy{Substance: "Codeine", Reaction: "vomiting", Kind: AllergyKindIntolerance}, ""},
		{Allergy{Substance: "Sulfa", Severity: SeverityLifeThreatening, Kind: AllergyKindAdverse}, ""},
		{Allergy{Substance: ""}, "enter the substance"},
		{Allergy{Substance: "NKDA"}, `"NKDA" means no known allergies`},
		{Allergy{Substance: "nil."}, "means no known allergies"},
		{Allergy{Substance: "Penicillin", Severity: "bad"}, `"bad" is not a severity`},
		{Allergy{Substance: "Penicillin", Kind: "sensitivity"}, `"sensitivity" is not a kind of reaction`},
	}
	for _, tc := range tests {
		err := tc.a.Validate()
		if (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%+v: got %v, want %q", tc.a, err, tc.err)
		}
	}
	for _, s := range []string{"NKDA", "nkda", "No known allergies", " none ", "Nil"} {
		if !IsNoKnownAllergies(s) {
			t.Errorf("%q should mean no known allergies", s)
		}
	}
	if IsNoKnownAllergies("Penicillin") || IsNoKnownAllergies("nuts") {
		t.Error("a substance is not NKDA")
	}
}

func TestProblemValidate(t *testing.T) {
	tests := []struct {
		p   Problem
		err string
	}{
		{Problem{Text: "Hypertension", Status: ProblemActive, Significant: true, Onset: date(2019, 1, 1)}, ""},
		{Problem{Text: "Hypertension", Code: "I10", Status: ProblemActive}, ""},
		{Problem{Text: "Malaria", Status: ProblemResolved, Onset: date(2025, 1, 1), Resolved: date(2025, 1, 14)}, ""},
		{Problem{Text: "Malaria", Status: ProblemResolved, Onset: date(2025, 1, 1), Resolved: date(2025, 1, 1)}, ""},
		{Problem{Text: "Malaria", Status: ProblemResolved, Resolved: date(2025, 1, 14)}, ""},
		{Problem{Text: "", Status: ProblemActive}, "enter the problem"},
		{Problem{Text: "Asthma"}, "choose whether the problem is active or resolved"},
		{Problem{Text: "Asthma", Status: "chronic"}, "active or resolved"},
		{Problem{Text: "Malaria", Status: ProblemResolved}, "enter the date the problem resolved"},
		{Problem{Text: "Malaria", Status: ProblemActive, Resolved: date(2025, 1, 14)}, "an active problem has no resolution date"},
		{Problem{Text: "Malaria", Status: ProblemResolved, Onset: date(2025, 1, 14), Resolved: date(2025, 1, 1)}, "the problem resolved (2025-01-01) before it began (2025-01-14)"},
	}
	for _, tc := range tests {
		err := tc.p.Validate()
		if (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%+v: got %v, want %q", tc.p, err, tc.err)
		}
	}
}
