package clinical

import (
	"strings"

	"dossier/model"
)

// LabObservations reads a laboratory's report (received over HL7) into
// the catalogue's observations, so results from an interface sit in the
// chart beside those keyed from paper: each result is matched to a
// catalogue test by its LOINC code, else by its name, and read with the
// same rules (units converted, the report's reference range kept). A
// result matching no catalogue test, or whose value does not read, is
// left out here and stays in the report as received.
func LabObservations(r model.LabReport) []Observation {
	var out []Observation
	for _, res := range r.Results {
		t, ok := Test{}, false
		if strings.EqualFold(res.System, "LN") || strings.EqualFold(res.System, "LOINC") || res.System == "" {
			t, ok = LookupTest(res.Code)
		}
		if !ok {
			t, ok = LookupTest(res.Name)
		}
		if !ok {
			continue
		}
		v := strings.TrimSpace(res.Value)
		if u := strings.TrimSpace(res.Unit); u != "" && !t.Coded() {
			v += " " + u
		}
		obs, err := ParseObservations(t.Code, v)
		if err != nil {
			continue
		}
		for _, o := range obs {
			o.At = res.At
			if o.At.IsZero() {
				o.At = r.Collected
			}
			if res.RefRange != "" {
				if lo, hi, err := ParseRefRange(t.Code, res.RefRange, res.Unit); err == nil {
					o.RefLow, o.RefHigh = lo, hi
				}
			}
			out = append(out, o)
		}
	}
	return out
}
