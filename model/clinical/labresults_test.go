package clinical

import (
	"testing"

	"dossier/model"
)

func TestLabObservations(t *testing.T) {
	r := model.LabReport{Results: []model.LabResult{
		{Code: "718-7", System: "LN", Name: "Hemoglobin [Mass/volume] in Blood", Value: "98", Unit: "g/L", RefRange: "120-160"},
		{Code: "XYZ", System: "L", Name: "Haemoglobin", Value: "9.8", Unit: "g/dL"},
		{Code: "99999-9", System: "LN", Name: "Something unheard of", Value: "3"},
		{Code: "718-7", System: "LN", Name: "Hb", Value: "not done"},
	}}
	obs := LabObservations(r)
	if len(obs) != 2 {
		t.Fatalf("%d observations: %+v", len(obs), obs)
	}
	for _, o := range obs {
		if o.Test != "hb" || o.Value != 9.8 || o.Unit != "g/dL" {
			t.Errorf("%+v", o)
		}
	}
	if obs[0].RefLow != 12 || obs[0].RefHigh != 16 {
		t.Errorf("reference range in the canonical unit: %v–%v", obs[0].RefLow, obs[0].RefHigh)
	}
}
