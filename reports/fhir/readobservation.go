package fhir

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"dossier/model/clinical"
)

var testByLOINC = func() map[string]string {
	m := map[string]string{}
	for _, t := range clinical.Catalogue() {
		if t.LOINC != "" {
			m[t.LOINC] = t.Code
		}
	}
	return m
}()

// observations reads an Observation: one entry, or one per component of
// a panel (blood pressure).
func observations(x inRes, o inObservation) ([]clinical.ObservationEntry, string) {
	at := o.EffectiveDateTime
	if at == "" && o.EffectivePeriod != nil {
		at = o.EffectivePeriod.Start
	}
	if at == "" {
		at = o.Issued
	}
	base := clinical.ObservationEntry{Source: x.source()}
	if at != "" {
		t, err := readTime(at)
		if err != nil {
			return nil, err.Error()
		}
		base.At = t
	}
	for _, c := range o.Category {
		for _, cd := range c.Coding {
			if cd.System == sysObsCat && base.Category == "" {
				base.Category = cd.Code
			}
		}
	}
	var out []clinical.ObservationEntry
	if o.ValueQuantity != nil || o.ValueCodeableConcept != nil || o.ValueString != "" {
		e, why := observationValue(base, o.Code, o.ValueQuantity, o.ValueCodeableConcept, o.ValueString, o.ReferenceRange)
		if why != "" {
			return nil, why
		}
		out = append(out, e)
	}
	for i, c := range o.Component {
		b := base
		b.Source = fmt.Sprintf("%s#%d", base.Source, i+1)
		e, why := observationValue(b, c.Code, c.ValueQuantity, c.ValueCodeableConcept, c.ValueString, nil)
		if why == "" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, "the observation has no value"
	}
	return out, ""
}

func observationValue(e clinical.ObservationEntry, code CodeableConcept, q *Quantity, cc *CodeableConcept, s string, rr []ReferenceRange) (clinical.ObservationEntry, string) {
	var test clinical.Test
	known := false
	for _, cd := range code.Coding {
		if cd.System == SysDossierTest {
			test, known = clinical.LookupTest(cd.Code)
		}
	}
	for _, cd := range code.Coding {
		if cd.System == SysDossierTest {
			continue
		}
		if e.Code == "" && cd.Code != "" {
			e.System, e.Code, e.Display = cd.System, cd.Code, cd.Display
		}
		if !known && cd.System == SysLOINC {
			if tc, ok := testByLOINC[cd.Code]; ok {
				test, known = clinical.LookupTest(tc)
			}
		}
	}
	if e.Display == "" {
		e.Display = strings.TrimSpace(code.Text)
	}
	if known {
		e.Test = test.Code
		if e.System == SysLOINC && e.Code == test.LOINC {
			// The catalogue names it: its LOINC is written back from there.
			e.System, e.Code, e.Display = "", "", ""
		}
	} else if e.Code == "" && e.Display == "" {
		return e, "the observation has no code or text"
	}
	switch {
	case q != nil:
		if q.Value == nil || math.IsNaN(*q.Value) || math.IsInf(*q.Value, 0) {
			return e, "the quantity has no value"
		}
		v := *q.Value
		unit := q.Unit
		if u, ok := unitOfUCUM[q.Code]; ok && q.System == SysUCUM {
			unit = u
		}
		e.Value, e.Unit, e.Comparator = v, unit, q.Comparator
		if known && unit != test.Unit {
			// Another unit: converted as a clerk's typing would be.
			typed := strconv.FormatFloat(v, 'f', -1, 64) + " " + strings.TrimSpace(q.Unit)
			if conv, err := clinical.ParseObservation(test.Code, typed); err == nil && conv.Text == "" {
				e.Value, e.Unit, e.Entered = conv.Value, conv.Unit, typed
			} else {
				// Not a unit the catalogue converts: kept as sent, outside the catalogue.
				e.Test = ""
				if e.Code == "" {
					e.System, e.Code, e.Display = SysLOINC, test.LOINC, test.Name
				}
			}
		}
		for _, r := range rr {
			if r.Low != nil && r.Low.Value != nil {
				e.RefLow = *r.Low.Value
			}
			if r.High != nil && r.High.Value != nil {
				e.RefHigh = *r.High.Value
			}
		}
		if known && e.Test != "" && e.RefLow == test.RefLow && e.RefHigh == test.RefHigh {
			e.RefLow, e.RefHigh = 0, 0 // the catalogue's own range, not the report's
		}
	case cc != nil:
		e.Text = conceptText(*cc)
		if known && e.Test != "" {
			if conv, err := clinical.ParseObservation(test.Code, e.Text); err == nil && conv.Text != "" {
				e.Text = conv.Text
			}
		}
	default:
		e.Entered = strings.TrimSpace(s)
	}
	return e, ""
}
