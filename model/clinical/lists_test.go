package clinical

import "testing"

func TestAllergyAlerts(t *testing.T) {
	for _, tc := range []struct {
		alerts []string
		want   int
	}{
		{nil, 0},
		{[]string{"Allergy: penicillin"}, 1},
		{[]string{"ALLERGIC to sulfa", "Diabetic"}, 1},
		{[]string{"Diabetic", "Epilepsy"}, 0},
		{[]string{"Allergies: none"}, 1}, // read by a person: the chart shows it, never drops it
	} {
		if got := AllergyAlerts(tc.alerts); len(got) != tc.want {
			t.Errorf("%q: %q, want %d", tc.alerts, got, tc.want)
		}
	}
}
