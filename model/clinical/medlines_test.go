package clinical

import (
	"testing"
	"time"

	"dossier/model"
)

func TestCheckMedicationLine(t *testing.T) {
	cases := []struct {
		line string
		ok   bool
	}{
		{"amoxicillin 500 mg oral TDS", true},
		{"paracetamol 1g PRN", true},
		{"ACT as per protocol", true},
		{"ferrous sulphate 200mg OD x 30 days", true},
		{"coartem 4 tabs BD 3 days", true},
		{"amoxicillin 500 TDS", false},
		{"quinine 600 mgs", true},
		{"gentamicin 80 bottles", false},
		{"metronidazole 400", false},
	}
	for _, c := range cases {
		if err := CheckMedicationLine(c.line); (err == nil) != c.ok {
			t.Errorf("%q: %v", c.line, err)
		}
	}
	tmpl, _ := TemplateFor(model.DocDischarge)
	errs := tmpl.Check(Entry{"discharged": "09/03/2016 11:00", "disposition": "home", "principal_diagnosis": "malaria",
		"discharge_medications": "ACT 4 tabs BD; amoxicillin 500 TDS"}, OrderDMY, time.Now())
	if errs["discharge_medications"] == "" {
		t.Fatal("a dose without a unit was not caught in the form")
	}
}
