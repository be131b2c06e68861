package clinical

import (
	"testing"
	"time"

	"dossier/model"
)

func TestTranscriptResults(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		tmpl  model.DocType
		final Entry
		want  map[string]string // test → flag
	}{
		{"low haemoglobin by the printed range", model.DocLab,
			Entry{"test": "hb", "value": "8.1", "unit": "g/dL", "ref_range": "12-15.5", "collected": "12/03/2024 08:30"}, map[string]string{"hb": "L"}},
		{"fever and fast pulse on admission", model.DocAdmission,
			Entry{"admitted": "12/03/2024 14:00", "temp": "39.2", "pulse": "128", "bp": "120/80"}, map[string]string{"temp": "H", "pulse": "H"}},
		{"nothing to read", model.DocReferral, Entry{"to": "District hospital"}, map[string]string{}},
	}
	for _, c := range cases {
		tr := Transcript{Template: c.tmpl, Final: c.final}
		flagged := map[string]string{}
		for _, o := range tr.Results(OrderDMY, now) {
			if f := o.Flag(); f != "" {
				flagged[o.Test] = f
			}
			if o.At.Year() != 2024 && len(c.want) > 0 {
				t.Errorf("%s: %s taken at %s", c.name, o.Test, o.At)
			}
		}
		for test, flag := range c.want {
			if flagged[test] != flag {
				t.Errorf("%s: %s flag %q, want %q (all: %v)", c.name, test, flagged[test], flag, flagged)
			}
		}
	}
	meds := Transcript{Final: Entry{"discharge_medications": "ACT oral BD 3 days; paracetamol 1 g PRN"}}.Medications()
	if len(meds) != 2 || meds[1] != "paracetamol 1 g PRN" {
		t.Fatalf("meds: %q", meds)
	}
}
