package clinical

import (
	"strings"
	"time"
)

// Results reads the observations a keyed document holds: a lab report's
// result with the reference range printed on it, or the vital signs on an
// admission form. Each carries the time it was taken. Values that do not
// read are left out: the form refused them when they were keyed.
func (tr Transcript) Results(order DateOrder, now time.Time) []Observation {
	t, ok := TemplateFor(tr.Template)
	if !ok {
		return nil
	}
	e := tr.Final
	at := tr.when(order, now)
	var out []Observation
	add := func(test, value, ref, unit string) {
		obs, err := ParseObservations(test, value)
		if err != nil {
			return
		}
		for _, o := range obs {
			o.At = at
			if ref != "" {
				if lo, hi, err := ParseRefRange(test, ref, unit); err == nil {
					o.RefLow, o.RefHigh = lo, hi
				}
			}
			out = append(out, o)
		}
	}
	if v := strings.TrimSpace(e["value"]); e["test"] != "" && v != "" {
		if u := strings.TrimSpace(e["unit"]); u != "" {
			if m := numberRE.FindStringSubmatch(v); m != nil && strings.TrimSpace(m[3]) == "" {
				v += " " + u
			}
		}
		add(e["test"], v, e["ref_range"], e["unit"])
	}
	for _, f := range t.Fields {
		if f.Test != "" && strings.TrimSpace(e[f.Key]) != "" {
			add(f.Test, e[f.Key], "", "")
		}
	}
	return out
}

// when is the time the document's content was taken or written.
func (tr Transcript) when(order DateOrder, now time.Time) time.Time {
	for _, k := range []string{"collected", "admitted", "discharged", "written", "date", "reported"} {
		v := strings.TrimSpace(tr.Final[k])
		if v == "" {
			continue
		}
		if at, err := ParseDateTime(v, order, now); err == nil {
			return at
		}
		if d, err := ParseDate(v, order, now); err == nil {
			return d.Time()
		}
	}
	return tr.First.At
}

// Medications lists the medicines a keyed document names, as written.
func (tr Transcript) Medications() []string {
	var out []string
	for _, k := range []string{"medications", "discharge_medications"} {
		for _, m := range strings.FieldsFunc(tr.Final[k], func(r rune) bool { return r == ';' || r == '\n' }) {
			if m = strings.TrimSpace(m); m != "" {
				out = append(out, m)
			}
		}
	}
	return out
}

// TestName is the name of a catalogue test, for display.
func TestName(code string) string {
	if t := lookup(code); t != nil {
		return t.Name
	}
	return code
}
