package coding

import "testing"

func TestPrintedDots(t *testing.T) {
	for _, tc := range []struct{ system, code, want string }{
		{ICD10CM, "J180", "J18.0"},
		{ICD10CM, "I10", "I10"},
		{"ICD-10", "J180", "J18.0"},
		{"ICD-10 WHO 2019", "A099", "A09.9"},
		{"WHO ICD10", "B509", "B50.9"},
		{ICD10PCS, "0DTJ4ZZ", "0DTJ4ZZ"},
		{"ICD-11 MMS", "1F40", "1F40"},
		{"ICPC-2", "R74", "R74"},
		{"Clinic list", "MAL01", "MAL01"},
	} {
		if got := Printed(tc.system, tc.code); got != tc.want {
			t.Errorf("Printed(%q, %q) = %q, want %q", tc.system, tc.code, got, tc.want)
		}
	}
}
