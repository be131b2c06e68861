package kit

import (
	"testing"
	"time"

	"dossier/model"
)

func TestPatientFieldsRules(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		f      PatientFields
		errKey string
	}{
		{"single name ok", PatientFields{Given: "Wanjiru", Sex: "Female"}, ""},
		{"no name", PatientFields{Sex: "Female"}, "name"},
		{"future birth", PatientFields{Given: "A", Sex: "Male", Birth: "2030-01-01"}, "birth"},
		{"day first date", PatientFields{Given: "A", Sex: "Male", Birth: "12/03/2024"}, ""},
		{"bad date", PatientFields{Given: "A", Sex: "Male", Birth: "31/31/2024"}, "birth"},
		{"stated age", PatientFields{Given: "A", Sex: "Male", Age: "about 40"}, ""},
		{"impossible age", PatientFields{Given: "A", Sex: "Male", Age: "400"}, "birth"},
		{"bad phone", PatientFields{Given: "A", Sex: "Male", Phone: "call me"}, "phone"},
		{"no sex", PatientFields{Given: "A"}, "sex"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, errs := tc.f.ToPatient(model.Patient{}, today)
			if tc.errKey == "" && len(errs) > 0 {
				t.Fatalf("unexpected %v", errs)
			}
			if tc.errKey != "" && errs[tc.errKey] == "" {
				t.Fatalf("want error on %s, got %v", tc.errKey, errs)
			}
			if tc.f.Age == "about 40" && (!p.BirthEstimated || p.BirthDate.Year != 1986) {
				t.Errorf("estimated birth %v %v", p.BirthDate, p.BirthEstimated)
			}
		})
	}
}

// TestParseAgeInEveryLanguage: the forms the age hint shows in each
// language are read.
func TestParseAgeInEveryLanguage(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"40", 40, true}, {"about 40", 40, true}, {"40 years", 40, true}, {"~40", 40, true},
		{"environ 40", 40, true}, {"40 ans", 40, true}, {"cerca de 40", 40, true}, {"40 anos", 40, true},
		{"karibu 40", 40, true}, {"miaka 40", 40, true}, {"karibu miaka 40", 40, true},
		{"forty", 0, false}, {"140", 0, false}, {"", 0, false},
	} {
		if got, ok := parseAge(c.in); ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseAge(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
