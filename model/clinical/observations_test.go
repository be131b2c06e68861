package clinical

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestParseObservation(t *testing.T) {
	tests := []struct {
		test, in string
		value    float64
		text     string
		unit     string
		cmp      string
		err      string
	}{
		{"temp", "38.5", 38.5, "", "°C", "", ""},
		{"temp", "38.5 C", 38.5, "", "°C", "", ""},
		{"temp", "38.5°C", 38.5, "", "°C", "", ""},
		{"temp", "38.5°", 38.5, "", "°C", "", ""},
		{"temp", "38,5", 38.5, "", "°C", "", ""},
		{"temp", "101 F", 38.3, "", "°C", "", ""},
		{"temp", "101°F", 38.3, "", "°C", "", ""},
		{"temp", "98.6 f", 37, "", "°C", "", ""},
		{"Temperature", "36.6", 36.6, "", "°C", "", ""},
		{"temp", "385", 0, "", "", "", "a temperature of 385 °C is not possible; check the decimal point"},
		{"temp", "101", 0, "", "", "", "a temperature of 101 °C is not possible; if it was 101 °F, type 101 °F"},
		{"temp", "3850", 0, "", "", "", "check the decimal point"},
		{"temp", "9999", 0, "", "", "", "check the number"},
		{"temp", "38.5 K", 0, "", "", "", "K is not a unit for temperature; use °C or °F"},
		{"temp", "", 0, "", "", "", "enter the temperature result"},
		{"temp", "hot", 0, "", "", "", `"hot" is not a temperature result; enter a number in °C`},
		{"pulse", "88", 88, "", "/min", "", ""},
		{"pulse", "88 bpm", 88, "", "/min", "", ""},
		{"pulse", "8", 0, "", "", "", "a pulse of 8 /min is not possible"},
		{"resp-rate", "22 breaths/min", 22, "", "/min", "", ""},
		{"spo2", "96%", 96, "", "%", "", ""},
		{"spo2", "101", 0, "", "", "", "an oxygen saturation of 101 % is not possible"},
		{"bp-sys", "120", 120, "", "mmHg", "", ""},
		{"bp-sys", "120/80", 0, "", "", "", "enter the whole blood pressure, like 120/80, in the blood pressure field"},
		{"bp", "120/80", 0, "", "", "", "ParseBloodPressure"},
		{"weight", "70", 70, "", "kg", "", ""},
		{"weight", "154 lb", 69.85, "", "kg", "", ""},
		{"weight", "3250 g", 3.25, "", "kg", "", ""},
		{"weight", "3250", 0, "", "", "", "a weight of 3250 kg is not possible; if it was 3250 g, type 3250 g"},
		{"height", "1.65 m", 165, "", "cm", "", ""},
		{"height", "165cm", 165, "", "cm", "", ""},
		{"muac", "11.2", 11.2, "", "cm", "", ""},
		{"muac", "112 mm", 11.2, "", "cm", "", ""},
		{"hb", "12.1", 12.1, "", "g/dL", "", ""},
		{"Hb", "12.1 g/dl", 12.1, "", "g/dL", "", ""},
		{"hemoglobin", "121 g/L", 12.1, "", "g/dL", "", ""},
		{"hb", "12.1 g%", 12.1, "", "g/dL", "", ""},
		{"hb", "12.1 mg/dL", 0, "", "", "", "mg/dL is not a unit for haemoglobin; use g/dL or g/L"},
		{"hb", "121", 0, "", "", "", "a haemoglobin of 121 g/dL is not possible; if it was 121 g/L, type 121 g/L"},
		{"hb", "0.5", 0, "", "", "", "check the decimal point"},
		{"wbc", "7.5", 7.5, "", "10^9/L", "", ""},
		{"wbc", "7.5 x10^9/L", 7.5, "", "10^9/L", "", ""},
		{"wbc", "7.5 ×10⁹/l", 7.5, "", "10^9/L", "", ""},
		{"wbc", "7.5 G/L", 7.5, "", "10^9/L", "", ""},
		{"wbc", "7,500 /mm3", 7.5, "", "10^9/L", "", ""},
		{"wbc", "7500 cells/µL", 7.5, "", "10^9/L", "", ""},
		{"platelets", "250,000/mm³", 250, "", "10^9/L", "", ""},
		{"plt", "250", 250, "", "10^9/L", "", ""},
		{"glucose", "5.4", 5.4, "", "mmol/L", "", ""},
		{"glucose", "90 mg/dL", 5, "", "mmol/L", "", ""},
		{"rbs", "126 mg/dl", 7, "", "mmol/L", "", ""},
		{"glucose", "0.9 g/L", 5, "", "mmol/L", "", ""},
		{"glucose", ">33.3", 33.3, "", "mmol/L", ">", ""},
		{"creatinine", "80", 80, "", "µmol/L", "", ""},
		{"creatinine", "1.2 mg/dL", 106, "", "µmol/L", "", ""},
		{"creatinine", "80 umol/l", 80, "", "µmol/L", "", ""},
		{"creatinine", "80 μmol/L", 80, "", "µmol/L", "", ""},
		{"urea", "30 mg/dL", 5, "", "mmol/L", "", ""},
		{"sodium", "138 mEq/L", 138, "", "mmol/L", "", ""},
		{"k", "4.1", 4.1, "", "mmol/L", "", ""},
		{"potassium", "<2.0", 2, "", "mmol/L", "<", ""},
		{"alt", "35 IU/L", 35, "", "U/L", "", ""},
		{"bilirubin", "1.2 mg/dL", 21, "", "µmol/L", "", ""},
		{"cd4", "350", 350, "", "cells/µL", "", ""},
		{"cd4", "350 cells/mm3", 350, "", "cells/µL", "", ""},
		{"viral-load", "1,200", 1200, "", "copies/mL", "", ""},
		{"vl", "1.2E+05 copies/mL", 120000, "", "copies/mL", "", ""},
		{"vl", "<20 copies/ml", 20, "", "copies/mL", "<", ""},
		{"vl", "≤ 40", 40, "", "copies/mL", "<=", ""},
		{"vl", "TND", 0, "undetectable", "copies/mL", "", ""},
		{"vl", "< LDL", 0, "undetectable", "copies/mL", "", ""},
		{"vl", "high", 0, "", "", "", "enter a number in copies/mL"},
		{"malaria-rdt", "Positive", 0, "positive", "", "", ""},
		{"mrdt", "+ve", 0, "positive", "", "", ""},
		{"malaria-rdt", "Pf", 0, "positive", "", "", ""},
		{"malaria-rdt", "NEG", 0, "negative", "", "", ""},
		{"malaria-rdt", "-", 0, "negative", "", "", ""},
		{"malaria-rdt", "maybe", 0, "", "", "", `"maybe" is not a result of the malaria RDT; use positive, negative or invalid`},
		{"hiv-test", "non-reactive", 0, "negative", "", "", ""},
		{"hiv-test", "Reactive", 0, "positive", "", "", ""},
		{"urine-protein", "++", 0, "2+", "", "", ""},
		{"urine-protein", "trace", 0, "trace", "", "", ""},
		{"urine-protein", "nil", 0, "negative", "", "", ""},
		{"urine-protein", "+++", 0, "3+", "", "", ""},
		{"pregnancy-test", "pos", 0, "positive", "", "", ""},
		{"upt", "negative", 0, "negative", "", "", ""},
		{"ferritin", "40", 0, "", "", "", `"ferritin" is not a test in the catalogue`},
	}
	for _, tc := range tests {
		o, err := ParseObservation(tc.test, tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseObservation(%q, %q) = %+v, %v; want error containing %q", tc.test, tc.in, o, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseObservation(%q, %q): %v", tc.test, tc.in, err)
			continue
		}
		if math.Abs(o.Value-tc.value) > 1e-9 || o.Text != tc.text || o.Unit != tc.unit || o.Comparator != tc.cmp {
			t.Errorf("ParseObservation(%q, %q) = %v %q %q %q; want %v %q %q %q", tc.test, tc.in,
				o.Value, o.Text, o.Unit, o.Comparator, tc.value, tc.text, tc.unit, tc.cmp)
		}
		if o.Entered != strings.Join(strings.Fields(tc.in), " ") {
			t.Errorf("ParseObservation(%q, %q) kept %q as entered", tc.test, tc.in, o.Entered)
		}
		if lt, _ := LookupTest(tc.test); o.Test != lt.Code {
			t.Errorf("ParseObservation(%q, %q) test %q, want the code %q", tc.test, tc.in, o.Test, lt.Code)
		}
	}
}

func TestParseBloodPressure(t *testing.T) {
	tests := []struct {
		in       string
		sys, dia float64
		err      string
	}{
		{"120/80", 120, 80, ""},
		{"120 / 80", 120, 80, ""},
		{"120/80 mmHg", 120, 80, ""},
		{"190/110mmhg", 190, 110, ""},
		{"80/120", 0, 0, "the first number (systolic) must be higher than the second (diastolic)"},
		{"120/120", 0, 0, "must be higher"},
		{"1200/80", 0, 0, "a systolic blood pressure of 1200 mmHg is not possible"},
		{"120/8", 0, 0, "a diastolic blood pressure of 8 mmHg is not possible"},
		{"120", 0, 0, `"120" is not a blood pressure; write it like 120/80`},
		{"", 0, 0, "enter the blood pressure"},
	}
	for _, tc := range tests {
		s, d, err := ParseBloodPressure(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseBloodPressure(%q): %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || s.Value != tc.sys || d.Value != tc.dia || s.Test != "bp-sys" || d.Test != "bp-dia" ||
			s.Unit != "mmHg" || s.Entered != tc.in || d.Entered != tc.in {
			t.Errorf("ParseBloodPressure(%q) = %+v %+v, %v", tc.in, s, d, err)
		}
	}
	obs, err := ParseObservations("bp", "140/90")
	if err != nil || len(obs) != 2 || obs[0].Flag() != "" || obs[1].Flag() != "" {
		t.Errorf("ParseObservations(bp): %+v %v", obs, err)
	}
	obs, err = ParseObservations("temp", "39")
	if err != nil || len(obs) != 1 || obs[0].Flag() != "H" {
		t.Errorf("ParseObservations(temp): %+v %v", obs, err)
	}
	if _, err := ParseObservations("bp", "high"); err == nil {
		t.Error("ParseObservations(bp, high) should fail")
	}
}

func TestFlag(t *testing.T) {
	obs := func(test, in string) Observation {
		t.Helper()
		o, err := ParseObservation(test, in)
		if err != nil {
			t.Fatalf("%s %s: %v", test, in, err)
		}
		return o
	}
	withRange := func(o Observation, low, high float64) Observation { o.RefLow, o.RefHigh = low, high; return o }
	tests := []struct {
		name string
		o    Observation
		want string
	}{
		{"normal temperature", obs("temp", "37.0"), ""},
		{"upper limit is normal", obs("temp", "37.5"), ""},
		{"fever", obs("temp", "38.5"), "H"},
		{"hyperpyrexia", obs("temp", "40.5"), "HH"},
		{"critical limit itself", obs("temp", "40.0"), "H"},
		{"hypothermia", obs("temp", "34.0"), "LL"},
		{"cool", obs("temp", "35.5"), "L"},
		{"fever in F", obs("temp", "102 F"), "H"},
		{"low Hb", obs("hb", "9.5"), "L"},
		{"severe anaemia", obs("hb", "5.0"), "LL"},
		{"Hb in g/L", obs("hb", "60 g/L"), "LL"},
		{"normal Hb", obs("hb", "13"), ""},
		{"low sats", obs("spo2", "92"), "L"},
		{"hypoxia", obs("spo2", "85"), "LL"},
		{"full sats", obs("spo2", "100"), ""},
		{"high K", obs("potassium", "7.0"), "HH"},
		{"below a limit under the critical low", obs("potassium", "<2.5"), "LL"},
		{"at most the critical low", obs("potassium", "<=2.5"), "L"},
		{"above a limit", obs("glucose", ">33.3"), "HH"},
		{"ALT has no low limit", obs("alt", "3"), ""},
		{"raised ALT", obs("alt", "120"), "H"},
		{"weight has no range", obs("weight", "70"), ""},
		{"suppressed viral load", obs("vl", "<50"), ""},
		{"unsuppressed viral load", obs("vl", "25000"), "H"},
		{"undetectable", obs("vl", "TND"), ""},
		{"lab range wins: normal by the report", withRange(obs("hb", "11.5"), 11, 15), ""},
		{"lab range wins: high by the report", withRange(obs("alt", "35"), 0, 31), "H"},
		{"lab range, one side", withRange(obs("creatinine", "40"), 50, 0), "L"},
		{"critical limits stay the catalogue's", withRange(obs("hb", "5"), 4, 15), "LL"},
		{"positive malaria", obs("malaria-rdt", "positive"), "A"},
		{"negative malaria", obs("malaria-rdt", "negative"), ""},
		{"inconclusive HIV", obs("hiv-test", "indeterminate"), "A"},
		{"protein 1+", obs("urine-protein", "+"), "A"},
		{"protein trace", obs("urine-protein", "trace"), ""},
		{"pregnancy is not abnormal", obs("pregnancy-test", "positive"), ""},
		{"unknown test", Observation{Test: "ferritin", Value: 1}, ""},
	}
	for _, tc := range tests {
		if got := tc.o.Flag(); got != tc.want {
			t.Errorf("%s: flag %q, want %q (%+v)", tc.name, got, tc.want, tc.o)
		}
		if tc.o.Abnormal() != (tc.want != "") {
			t.Errorf("%s: Abnormal() = %v", tc.name, tc.o.Abnormal())
		}
	}
}

func TestParseRefRange(t *testing.T) {
	tests := []struct {
		test, in, unit string
		low, high      float64
		err            string
	}{
		{"potassium", "3.5-5.0", "", 3.5, 5.0, ""},
		{"potassium", "3.5 - 5.0 mmol/L", "", 3.5, 5.0, ""},
		{"potassium", "3,5 – 5,0", "", 3.5, 5.0, ""},
		{"hb", "11.5 to 15.5 g/dL", "", 11.5, 15.5, ""},
		{"hb", "115-155", "g/L", 11.5, 15.5, ""},
		{"glucose", "70-110 mg/dL", "", 3.89, 6.11, ""},
		{"alt", "<40", "", 0, 40, ""},
		{"alt", "up to 40 U/L", "", 0, 40, ""},
		{"cd4", "> 500", "", 500, 0, ""},
		{"potassium", "", "", 0, 0, ""},
		{"potassium", "5.0-3.5", "", 0, 0, "the lower limit comes first"},
		{"potassium", "normal", "", 0, 0, "not a reference range"},
		{"hb", "12-16 mg/dL", "", 0, 0, "mg/dL is not a unit for haemoglobin"},
		{"malaria-rdt", "negative", "", 0, 0, "has no numeric reference range"},
	}
	for _, tc := range tests {
		low, high, err := ParseRefRange(tc.test, tc.in, tc.unit)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRefRange(%q, %q): %v, want %q", tc.test, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || math.Abs(low-tc.low) > 1e-9 || math.Abs(high-tc.high) > 1e-9 {
			t.Errorf("ParseRefRange(%q, %q) = %v, %v, %v; want %v, %v", tc.test, tc.in, low, high, err, tc.low, tc.high)
		}
	}
}

func TestObservationString(t *testing.T) {
	tests := []struct{ test, in, want string }{
		{"temp", "101 F", "38.3 °C"},
		{"hb", "121 g/L", "12.1 g/dL"},
		{"pulse", "88", "88 /min"},
		{"weight", "3250 g", "3.25 kg"},
		{"vl", "<20", "<20 copies/mL"},
		{"vl", "tnd", "undetectable"},
		{"malaria-rdt", "+ve", "positive"},
	}
	for _, tc := range tests {
		o, err := ParseObservation(tc.test, tc.in)
		if err != nil || o.String() != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.test, tc.in, o.String(), err, tc.want)
		}
		back, err := ParseObservation(tc.test, o.String())
		if err != nil || back.Value != o.Value || back.Text != o.Text || back.Comparator != o.Comparator {
			t.Errorf("%s %q does not read back: %+v %v", tc.test, o.String(), back, err)
		}
	}
}

var loincRE = regexp.MustCompile(`^\d{1,7}-\d$`)

// TestCatalogue checks the table itself: a mistake in it would mislead
// every screen that flags a result.
func TestCatalogue(t *testing.T) {
	codes := map[string]bool{}
	names := map[string]string{}
	for _, tc := range Catalogue() {
		if tc.Code == "" || tc.Name == "" || tc.Called == "" {
			t.Errorf("%+v: code, name and Called are required", tc.Code)
		}
		if codes[tc.Code] {
			t.Errorf("%s: code used twice", tc.Code)
		}
		codes[tc.Code] = true
		if tc.LOINC != "" && !loincRE.MatchString(tc.LOINC) {
			t.Errorf("%s: %q is not a LOINC code", tc.Code, tc.LOINC)
		}
		if tc.LOINC != "" && !loincCheckDigitOK(tc.LOINC) {
			t.Errorf("%s: LOINC %s has a wrong check digit", tc.Code, tc.LOINC)
		}
		for _, n := range append([]string{strings.ToLower(tc.Name), strings.ToLower(tc.Called), tc.LOINC}, tc.Aliases...) {
			if n == "" {
				continue
			}
			if other, ok := names[n]; ok && other != tc.Code {
				t.Errorf("%q names both %s and %s", n, other, tc.Code)
			}
			names[n] = tc.Code
			if got, ok := LookupTest(n); !ok || got.Code != tc.Code {
				t.Errorf("LookupTest(%q) = %s, want %s", n, got.Code, tc.Code)
			}
		}
		if tc.Coded() {
			if len(tc.Results) == 0 || len(tc.Units) != 0 {
				t.Errorf("%s: a coded test needs results and no units", tc.Code)
			}
			continue
		}
		if len(tc.Units) == 0 || tc.Units[0].Name != tc.Unit || tc.Units[0].Factor != 1 || tc.Units[0].Offset != 0 {
			t.Errorf("%s: the first unit must be the canonical %s with factor 1", tc.Code, tc.Unit)
		}
		unitOf := map[string]string{} // folded spelling → unit
		for _, u := range tc.Units {
			for _, a := range append([]string{u.Name}, u.Aliases...) {
				k := unitKey(a)
				if other, ok := unitOf[k]; ok && other != u.Name {
					t.Errorf("%s: %q means both %s and %s", tc.Code, a, other, u.Name)
				}
				unitOf[k] = u.Name
			}
		}
		if !(tc.Min < tc.Max) {
			t.Errorf("%s: plausible limits %v–%v", tc.Code, tc.Min, tc.Max)
		}
		for _, v := range []float64{tc.RefLow, tc.RefHigh, tc.CritLow, tc.CritHigh} {
			if v != 0 && (v < tc.Min || v > tc.Max) {
				t.Errorf("%s: limit %v is outside what is possible (%v–%v)", tc.Code, v, tc.Min, tc.Max)
			}
		}
		if tc.RefHigh != 0 && tc.RefLow > tc.RefHigh {
			t.Errorf("%s: reference range %v–%v", tc.Code, tc.RefLow, tc.RefHigh)
		}
		if tc.CritLow != 0 && tc.RefLow != 0 && tc.CritLow > tc.RefLow {
			t.Errorf("%s: critical low %v above the reference low %v", tc.Code, tc.CritLow, tc.RefLow)
		}
		if tc.CritHigh != 0 && tc.RefHigh != 0 && tc.CritHigh < tc.RefHigh {
			t.Errorf("%s: critical high %v below the reference high %v", tc.Code, tc.CritHigh, tc.RefHigh)
		}
	}
	// The copy is the caller's.
	c := Catalogue()
	c[0].Units[0].Aliases[0] = "changed"
	if Catalogue()[0].Units[0].Aliases[0] == "changed" {
		t.Error("Catalogue shares its table with the caller")
	}
	if _, ok := LookupTest(""); ok {
		t.Error("LookupTest found a test with no name")
	}
}

// loincCheckDigitOK verifies a LOINC code's mod-10 check digit, which
// catches a mistyped code in the table.
func loincCheckDigitOK(code string) bool {
	num, check, _ := strings.Cut(code, "-")
	sum := 0
	double := true
	for i := len(num) - 1; i >= 0; i-- {
		d := int(num[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d = d/10 + d%10
			}
		}
		sum += d
		double = !double
	}
	return (10-sum%10)%10 == int(check[0]-'0')
}
