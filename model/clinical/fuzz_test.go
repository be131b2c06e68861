package clinical

import (
	"math"
	"strings"
	"testing"
	"time"
)

var fuzzOrders = []DateOrder{OrderDMY, OrderMDY, OrderYMD, ""}

// FuzzParseDate: never panics; whatever it accepts is a real calendar
// date, reads back from its ISO form in every order and from FormatDate in
// its own, and carries to ParseDateTime unchanged.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-12", "12/03/2024", "12.3.24", "12-3-2024", "12 3 2024", "12 Mar 2024",
		"March 12, 2024", "today", "yesterday", "3 days ago", "2 weeks ago", "1 month ago", "-3d", "29/02/2024",
		"31/02/2024", "12032024", "12th of March 2024", "12/03/2024 2.30pm", "1430h", "now", "", "-1m", "9999999 y ago"} {
		for i := range fuzzOrders {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := fuzzOrders[int(o)%len(fuzzOrders)]
		d, err := ParseDate(s, order, now)
		if _, errT := ParseDateTime(s, order, now); errT != nil && strings.TrimSpace(errT.Error()) == "" {
			t.Fatalf("ParseDateTime(%q): an empty error message", s)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseDate(%q): an empty error message", s)
			}
			return
		}
		if d.Year < minYear || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			t.Fatalf("ParseDate(%q, %s) = %+v: not a calendar date", s, order, d)
		}
		for _, o2 := range fuzzOrders {
			if back, err := ParseDate(d.String(), o2, now); err != nil || back != d {
				t.Fatalf("%q → %v does not read back from %q in %s: %v, %v", s, d, d.String(), o2, back, err)
			}
		}
		if back, err := ParseDate(FormatDate(d, order), order, now); err != nil || back != d {
			t.Fatalf("%q → %v does not read back from %q: %v, %v", s, d, FormatDate(d, order), back, err)
		}
		// A date that has no time in it is midnight of the same day.
		at, err := ParseDateTime(d.String(), order, now)
		if err != nil || at.Hour() != 0 || at.Minute() != 0 || at.Year() != d.Year || at.Month() != d.Month || at.Day() != d.Day ||
			at.Location() != now.Location() {
			t.Fatalf("ParseDateTime(%q) = %v, %v; want midnight of %v", d.String(), at, err, d)
		}
		if back, err := ParseDateTime(d.String()+" 14:30", order, now); err != nil ||
			!back.Equal(time.Date(d.Year, d.Month, d.Day, 14, 30, 0, 0, now.Location())) {
			t.Fatalf("ParseDateTime(%q 14:30) = %v, %v", d.String(), back, err)
		}
	})
}

// FuzzParseObservation: never panics; an accepted result is within what is
// possible, is in the canonical unit, keeps what was typed, and reads back
// from its own String to the same value.
func FuzzParseObservation(f *testing.F) {
	tests := Catalogue()
	for _, s := range []string{"38.5", "38.5 C", "101 F", "385", "120/80", "12.1 g/dL", "121 g/L", "12 mg/dL",
		"<20", "TND", "positive", "+ve", "++", "1,200", "7,500 /mm3", "1.2E+05 copies/mL", "≥ 40", "-5", "", "e", ".5", "1e400"} {
		for i := range tests {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, ti uint8, in string) {
		tc := tests[int(ti)%len(tests)]
		_, _, _ = ParseBloodPressure(in)
		_, _, _ = ParseRefRange(tc.Code, in, "")
		_, _, _ = ParseDose(in)
		o, err := ParseObservation(tc.Code, in)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseObservation(%s, %q): an empty error message", tc.Code, in)
			}
			return
		}
		_ = o.Flag()
		if o.Test != tc.Code || o.Entered != strings.Join(strings.Fields(in), " ") {
			t.Fatalf("ParseObservation(%s, %q) = %+v: wrong test or entered text", tc.Code, in, o)
		}
		if o.Text == "" {
			if tc.Coded() {
				t.Fatalf("ParseObservation(%s, %q) = %+v: a coded test gave a number", tc.Code, in, o)
			}
			slack := math.Pow(10, -float64(tc.Decimals)) / 2
			if math.IsNaN(o.Value) || o.Value < tc.Min-slack || o.Value > tc.Max+slack || o.Unit != tc.Unit {
				t.Fatalf("ParseObservation(%s, %q) = %+v: outside %v–%v %s", tc.Code, in, o, tc.Min, tc.Max, tc.Unit)
			}
		}
		back, err := ParseObservation(tc.Code, o.String())
		if err != nil || back.Value != o.Value || back.Text != o.Text || back.Comparator != o.Comparator || back.Unit != o.Unit {
			t.Fatalf("ParseObservation(%s, %q) = %+v does not read back from %q: %+v, %v", tc.Code, in, o, o.String(), back, err)
		}
	})
}
