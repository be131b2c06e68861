package clinical

import (
	"slices"
	"strings"

	"dossier/model"
)

// Unit is one unit a result may be written in, with what brings it to the
// test's canonical unit: canonical = value × Factor + Offset.
type Unit struct {
	Name    string   // as shown: "°F"
	Aliases []string // as typed; matched ignoring case, spaces and degree signs
	Factor  float64
	Offset  float64
}

// Result is one coded result of a test that is not a number, such as a
// rapid test's positive or negative.
type Result struct {
	Code     string   // stored on the observation: append-only
	Aliases  []string // as written on reports: "+ve", "reactive"
	Abnormal bool     // flagged "A" when it needs a clinician's attention
}

// Test is a vital sign or laboratory test in the catalogue.
//
// Reference ranges are for adults and are typical values only: ranges vary
// by laboratory, method, age, sex and pregnancy, which is why an
// observation keeps the range printed on its own report when there is one.
// A limit of 0 means none on that side. Critical limits are the values a
// clinician must be told of at once. Plausible limits are wider: a value
// outside them is not a sick patient but a typing error.
type Test struct {
	Code    string   // the local code stored on observations: append-only
	LOINC   string   // empty where no single LOINC code fits for sure
	Name    string   // as forms show it
	Called  string   // in sentences: "a temperature of …"
	Aliases []string // other names clerks look it up by
	Unit    string   // canonical unit; empty for a coded-only test
	Units   []Unit   // accepted units, the canonical one first
	// Decimals is the precision kept after converting: the result as typed
	// is kept too, so rounding loses nothing.
	Decimals          int
	RefLow, RefHigh   float64
	CritLow, CritHigh float64
	Min, Max          float64  // plausible limits, in the canonical unit
	Results           []Result // coded results; a numeric test may have some too
	Sensitive         model.Sensitive
	Note              string
}

// Coded reports a test whose results are words, not numbers.
func (t Test) Coded() bool { return t.Unit == "" }

// perMinute and the other unit lists are shared by several tests.
var (
	perMinute = []Unit{{Name: "/min", Aliases: []string{"/min", "per min", "per minute", "bpm", "b/min", "beats/min", "breaths/min", "br/min", "/mn", "min-1"}, Factor: 1}}
	mmHg      = []Unit{{Name: "mmHg", Aliases: []string{"mmhg", "mm hg", "mm of hg"}, Factor: 1}}
	perLitre9 = []Unit{
		{Name: "10^9/L", Aliases: []string{"10^9/l", "x10^9/l", "10*9/l", "10e9/l", "10⁹/l", "g/l", "giga/l", "10^3/µl", "10^3/ul", "x10^3/µl", "10³/µl", "k/µl", "k/ul", "thou/µl", "10^3/mm3"}, Factor: 1},
		{Name: "/mm³", Aliases: []string{"/mm3", "/mm³", "cells/mm3", "cells/mm³", "/µl", "/ul", "cells/µl", "cells/ul"}, Factor: 0.001},
	}
	mmolPerL = []Unit{{Name: "mmol/L", Aliases: []string{"mmol/l", "mmol", "meq/l", "mEq/L"}, Factor: 1}}
)

// catalogue is the table of tests. Codes are stored on observations, so
// entries may be added and corrected but a code is never renamed or reused.
// LOINC codes are given only where the code is certain for the way the
// test is done in our clinics; a wrong LOINC code is worse than none.
var catalogue = []Test{
	{Code: "temp", LOINC: "8310-5", Name: "Temperature", Called: "temperature", Aliases: []string{"temperature", "t", "body temperature"},
		Unit: "°C", Units: []Unit{
			{Name: "°C", Aliases: []string{"c", "°c", "degc", "deg c", "celsius", "centigrade"}, Factor: 1},
			{Name: "°F", Aliases: []string{"f", "°f", "degf", "deg f", "fahrenheit"}, Factor: 5.0 / 9, Offset: -160.0 / 9},
		},
		Decimals: 1, RefLow: 36.0, RefHigh: 37.5, CritLow: 35.0, CritHigh: 40.0, Min: 25, Max: 45},
	{Code: "pulse", LOINC: "8867-4", Name: "Pulse", Called: "pulse", Aliases: []string{"pulse rate", "heart rate", "hr", "pr", "p"},
		Unit: "/min", Units: perMinute, RefLow: 60, RefHigh: 100, CritLow: 40, CritHigh: 150, Min: 20, Max: 250},
	{Code: "resp-rate", LOINC: "9279-1", Name: "Respiratory rate", Called: "respiratory rate", Aliases: []string{"rr", "resp", "respirations", "respiratory rate"},
		Unit: "/min", Units: perMinute, RefLow: 12, RefHigh: 20, CritLow: 8, CritHigh: 30, Min: 4, Max: 80,
		Note: "Children breathe faster: up to 60/min is normal in a newborn."},
	{Code: "bp-sys", LOINC: "8480-6", Name: "Blood pressure, systolic", Called: "systolic blood pressure", Aliases: []string{"systolic", "sbp"},
		Unit: "mmHg", Units: mmHg, RefLow: 90, RefHigh: 140, CritLow: 70, CritHigh: 180, Min: 40, Max: 300},
	{Code: "bp-dia", LOINC: "8462-4", Name: "Blood pressure, diastolic", Called: "diastolic blood pressure", Aliases: []string{"diastolic", "dbp"},
		Unit: "mmHg", Units: mmHg, RefLow: 60, RefHigh: 90, CritLow: 40, CritHigh: 120, Min: 20, Max: 200},
	{Code: "spo2", LOINC: "59408-5", Name: "Oxygen saturation (SpO2)", Called: "oxygen saturation", Aliases: []string{"sao2", "sats", "o2 sat", "oxygen saturation"},
		Unit: "%", Units: []Unit{{Name: "%", Aliases: []string{"%", "percent"}, Factor: 1}},
		RefLow: 94, RefHigh: 100, CritLow: 90, Min: 40, Max: 100},
	{Code: "weight", LOINC: "29463-7", Name: "Weight", Called: "weight", Aliases: []string{"wt", "body weight"},
		Unit: "kg", Units: []Unit{
			{Name: "kg", Aliases: []string{"kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"}, Factor: 1},
			{Name: "lb", Aliases: []string{"lb", "lbs", "pound", "pounds"}, Factor: 0.45359237},
			{Name: "g", Aliases: []string{"g", "gm", "gms", "gram", "grams"}, Factor: 0.001}, // birth weights
		},
		Decimals: 2, Min: 0.3, Max: 350},
	{Code: "height", LOINC: "8302-2", Name: "Height", Called: "height", Aliases: []string{"ht", "length", "body height"},
		Unit: "cm", Units: []Unit{
			{Name: "cm", Aliases: []string{"cm", "cms", "centimetre", "centimeter", "centimetres", "centimeters"}, Factor: 1},
			{Name: "m", Aliases: []string{"m", "metre", "meter", "metres", "meters"}, Factor: 100},
			{Name: "in", Aliases: []string{"in", "inch", "inches", "\""}, Factor: 2.54},
		},
		Decimals: 1, Min: 20, Max: 250},
	{Code: "muac", LOINC: "56072-2", Name: "Mid-upper arm circumference (MUAC)", Called: "MUAC", Aliases: []string{"mid-upper arm circumference", "arm circumference"},
		Unit: "cm", Units: []Unit{
			{Name: "cm", Aliases: []string{"cm", "cms"}, Factor: 1},
			{Name: "mm", Aliases: []string{"mm"}, Factor: 0.1},
		},
		Decimals: 1, RefLow: 23, Min: 5, Max: 60,
		Note: "Adults: below 23 cm suggests undernutrition. Children 6–59 months: below 12.5 cm is moderate and below 11.5 cm severe acute malnutrition."},
	{Code: "hb", LOINC: "718-7", Name: "Haemoglobin", Called: "haemoglobin", Aliases: []string{"haemoglobin", "hemoglobin", "hgb"},
		Unit: "g/dL", Units: []Unit{
			{Name: "g/dL", Aliases: []string{"g/dl", "gm/dl", "g%", "gm%", "g/100ml"}, Factor: 1},
			{Name: "g/L", Aliases: []string{"g/l", "gm/l"}, Factor: 0.1},
		},
		Decimals: 1, RefLow: 12.0, RefHigh: 17.0, CritLow: 7.0, CritHigh: 20.0, Min: 1, Max: 25,
		Note: "Women 12–15.5, men 13–17 g/dL; in pregnancy below 11 is anaemia."},
	{Code: "wbc", LOINC: "6690-2", Name: "White cell count (WBC)", Called: "white cell count", Aliases: []string{"white cell count", "white blood cells", "leucocytes", "leukocytes", "tlc", "wcc"},
		Unit: "10^9/L", Units: perLitre9, Decimals: 1, RefLow: 4.0, RefHigh: 11.0, CritLow: 2.0, CritHigh: 30.0, Min: 0.1, Max: 500},
	{Code: "platelets", LOINC: "777-3", Name: "Platelets", Called: "platelet count", Aliases: []string{"plt", "platelet count", "plat"},
		Unit: "10^9/L", Units: perLitre9, RefLow: 150, RefHigh: 400, CritLow: 20, CritHigh: 1000, Min: 1, Max: 2000},
	// Glucose is measured on capillary blood by meter in most of our clinics
	// and on plasma by the laboratory: two LOINC codes, so none here.
	{Code: "glucose", Name: "Blood glucose", Called: "blood glucose", Aliases: []string{"glucose", "rbs", "fbs", "rbg", "fbg", "blood sugar", "sugar"},
		Unit: "mmol/L", Units: []Unit{
			{Name: "mmol/L", Aliases: []string{"mmol/l", "mmol"}, Factor: 1},
			{Name: "mg/dL", Aliases: []string{"mg/dl", "mg%"}, Factor: 1.0 / 18},
			{Name: "g/L", Aliases: []string{"g/l"}, Factor: 100.0 / 18},
		},
		Decimals: 1, RefLow: 3.9, RefHigh: 7.8, CritLow: 2.5, CritHigh: 25, Min: 0.5, Max: 60,
		Note: "Random glucose up to 7.8 mmol/L; fasting 3.9–5.5."},
	{Code: "creatinine", LOINC: "14682-9", Name: "Creatinine", Called: "creatinine", Aliases: []string{"creat", "cr", "serum creatinine"},
		Unit: "µmol/L", Units: []Unit{
			{Name: "µmol/L", Aliases: []string{"µmol/l", "umol/l", "micromol/l"}, Factor: 1},
			{Name: "mg/dL", Aliases: []string{"mg/dl", "mg%"}, Factor: 88.4},
			{Name: "mg/L", Aliases: []string{"mg/l"}, Factor: 8.84},
		},
		RefLow: 45, RefHigh: 110, Min: 10, Max: 3000,
		Note: "Women 45–90, men 60–110 µmol/L."},
	{Code: "urea", LOINC: "22664-7", Name: "Urea", Called: "urea", Aliases: []string{"serum urea", "blood urea"},
		Unit: "mmol/L", Units: []Unit{
			{Name: "mmol/L", Aliases: []string{"mmol/l", "mmol"}, Factor: 1},
			{Name: "mg/dL", Aliases: []string{"mg/dl", "mg%"}, Factor: 0.1665},
			{Name: "g/L", Aliases: []string{"g/l"}, Factor: 16.65},
		},
		Decimals: 1, RefLow: 2.5, RefHigh: 7.8, Min: 0.5, Max: 100,
		Note: "Urea, not BUN (blood urea nitrogen): BUN in mg/dL × 0.357 is urea in mmol/L."},
	{Code: "sodium", LOINC: "2951-2", Name: "Sodium", Called: "sodium", Aliases: []string{"na", "na+", "serum sodium"},
		Unit: "mmol/L", Units: mmolPerL, RefLow: 135, RefHigh: 145, CritLow: 120, CritHigh: 160, Min: 90, Max: 200},
	{Code: "potassium", LOINC: "2823-3", Name: "Potassium", Called: "potassium", Aliases: []string{"k", "k+", "serum potassium"},
		Unit: "mmol/L", Units: mmolPerL, Decimals: 1, RefLow: 3.5, RefHigh: 5.1, CritLow: 2.5, CritHigh: 6.5, Min: 1, Max: 12},
	{Code: "alt", LOINC: "1742-6", Name: "ALT (SGPT)", Called: "ALT", Aliases: []string{"sgpt", "alanine aminotransferase", "alat", "gpt"},
		Unit: "U/L", Units: []Unit{{Name: "U/L", Aliases: []string{"u/l", "iu/l", "ui/l", "units/l"}, Factor: 1}},
		RefHigh: 40, Min: 0, Max: 20000},
	{Code: "bilirubin", LOINC: "14631-6", Name: "Bilirubin, total", Called: "bilirubin", Aliases: []string{"bili", "total bilirubin", "tbil", "t bil"},
		Unit: "µmol/L", Units: []Unit{
			{Name: "µmol/L", Aliases: []string{"µmol/l", "umol/l", "micromol/l"}, Factor: 1},
			{Name: "mg/dL", Aliases: []string{"mg/dl", "mg%"}, Factor: 17.1},
			{Name: "mg/L", Aliases: []string{"mg/l"}, Factor: 1.71},
		},
		RefHigh: 21, Min: 0, Max: 1000,
		Note: "Newborns: the treatment threshold depends on age in hours; use a neonatal chart."},
	{Code: "cd4", LOINC: "24467-3", Name: "CD4 count", Called: "CD4 count", Aliases: []string{"cd4 count", "cd4+"},
		Unit: "cells/µL", Units: []Unit{{Name: "cells/µL", Aliases: []string{"cells/µl", "cells/ul", "/µl", "/ul", "cells/mm3", "/mm3", "cells/mm³", "/mm³", "cells"}, Factor: 1}},
		RefLow: 500, RefHigh: 1500, Min: 0, Max: 5000, Sensitive: model.SensHIV,
		Note: "Below 200 cells/µL is advanced HIV disease."},
	{Code: "viral-load", LOINC: "20447-9", Name: "HIV viral load", Called: "viral load", Aliases: []string{"vl", "hiv viral load", "hiv vl", "hiv-1 rna"},
		Unit: "copies/mL", Units: []Unit{{Name: "copies/mL", Aliases: []string{"copies/ml", "cp/ml", "copies", "c/ml", "cps/ml"}, Factor: 1}},
		RefHigh: 1000, Min: 0, Max: 1e9, Sensitive: model.SensHIV,
		Results: []Result{{Code: "undetectable", Aliases: []string{"undetectable", "tnd", "target not detected", "not detected", "nd",
			"ldl", "<ldl", "< ldl", "below detection limit", "below detectable limit", "bdl", "undetected"}}},
		Note: "WHO: below 1000 copies/mL is viral suppression; below 50 is undetectable for most assays."},
	{Code: "malaria-rdt", Name: "Malaria rapid test (RDT)", Called: "malaria RDT", Aliases: []string{"mrdt", "rdt", "malaria rdt", "malaria test"},
		Results: []Result{
			{Code: "positive", Aliases: []string{"positive", "pos", "+", "+ve", "ve+", "reactive", "pf", "p.f.", "pf+", "pf positive", "pan", "pan positive", "pf/pan", "detected"}, Abnormal: true},
			{Code: "negative", Aliases: []string{"negative", "neg", "-", "-ve", "ve-", "non-reactive", "non reactive", "nonreactive", "nr", "not detected"}},
			{Code: "invalid", Aliases: []string{"invalid", "inv", "no control line", "void"}},
		}},
	{Code: "hiv-test", Name: "HIV rapid test", Called: "HIV test", Aliases: []string{"hiv", "hiv rapid test", "hiv rdt", "hiv test", "vct"},
		Sensitive: model.SensHIV,
		Results: []Result{
			{Code: "positive", Aliases: []string{"positive", "pos", "+", "+ve", "reactive", "r", "detected"}, Abnormal: true},
			{Code: "negative", Aliases: []string{"negative", "neg", "-", "-ve", "non-reactive", "non reactive", "nonreactive", "nr", "not detected"}},
			// Discordant rapid tests need a repeat: flagged so it is not missed.
			{Code: "inconclusive", Aliases: []string{"inconclusive", "indeterminate", "discordant", "equivocal", "invalid"}, Abnormal: true},
		}},
	{Code: "urine-protein", Name: "Urine protein (dipstick)", Called: "urine protein", Aliases: []string{"urine protein", "proteinuria", "protein", "urine albumin", "albumin (urine)"},
		Results: []Result{
			{Code: "negative", Aliases: []string{"negative", "neg", "nil", "-", "0", "none"}},
			{Code: "trace", Aliases: []string{"trace", "tr", "+/-", "±"}},
			{Code: "1+", Aliases: []string{"1+", "+", "+1"}, Abnormal: true},
			{Code: "2+", Aliases: []string{"2+", "++", "+2"}, Abnormal: true},
			{Code: "3+", Aliases: []string{"3+", "+++", "+3"}, Abnormal: true},
			{Code: "4+", Aliases: []string{"4+", "++++", "+4"}, Abnormal: true},
		},
		Note: "In pregnancy, 1+ or more with raised blood pressure suggests pre-eclampsia."},
	{Code: "pregnancy-test", LOINC: "2106-3", Name: "Pregnancy test (urine hCG)", Called: "pregnancy test", Aliases: []string{"upt", "hcg", "urine hcg", "pregnancy test", "pdt"},
		Sensitive: model.SensSexualRepro,
		// Neither result is abnormal: whether a pregnancy is news depends on
		// the patient, not the test.
		Results: []Result{
			{Code: "positive", Aliases: []string{"positive", "pos", "+", "+ve"}},
			{Code: "negative", Aliases: []string{"negative", "neg", "-", "-ve"}},
			{Code: "invalid", Aliases: []string{"invalid", "inv", "void"}},
		}},
}

// Catalogue returns a copy of every test, in the order forms offer them.
func Catalogue() []Test {
	out := make([]Test, len(catalogue))
	for i, t := range catalogue {
		out[i] = t.clone()
	}
	return out
}

// LookupTest finds a test by its code, LOINC code, name or another name
// ("Hb", "hemoglobin", "718-7"), ignoring case.
func LookupTest(s string) (Test, bool) {
	t := lookup(s)
	if t == nil {
		return Test{}, false
	}
	return t.clone(), true
}

func lookup(s string) *Test {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if k == "" {
		return nil
	}
	for i := range catalogue {
		if catalogue[i].Code == k {
			return &catalogue[i]
		}
	}
	for i := range catalogue {
		t := &catalogue[i]
		if strings.ToLower(t.Name) == k || strings.ToLower(t.Called) == k || (t.LOINC != "" && t.LOINC == k) {
			return t
		}
		for _, a := range t.Aliases {
			if a == k {
				return t
			}
		}
	}
	return nil
}

// unit finds the accepted unit a clerk typed.
func (t *Test) unit(typed string) (Unit, bool) {
	k := unitKey(typed)
	if k == "" && len(t.Units) > 0 {
		return t.Units[0], true // "38.5°": a degree sign alone
	}
	for _, u := range t.Units {
		if unitKey(u.Name) == k {
			return u, true
		}
		for _, a := range u.Aliases {
			if unitKey(a) == k {
				return u, true
			}
		}
	}
	return Unit{}, false
}

// result finds the coded result a clerk typed.
func (t *Test) result(typed string) (Result, bool) {
	k := strings.ToLower(strings.Join(strings.Fields(typed), " "))
	for _, r := range t.Results {
		if r.Code == k || strings.EqualFold(r.Code, k) {
			return r, true
		}
		if slices.Contains(r.Aliases, k) {
			return r, true
		}
	}
	return Result{}, false
}

// unitNames lists a test's units for messages: "g/dL or g/L".
func (t *Test) unitNames() string {
	var names []string
	for _, u := range t.Units {
		names = append(names, u.Name)
	}
	return orList(names)
}

// resultNames lists a test's coded results for messages.
func (t *Test) resultNames() string {
	var names []string
	for _, r := range t.Results {
		names = append(names, r.Code)
	}
	return orList(names)
}

func orList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// unitKey folds the ways one unit is typed: case, spaces, degree signs,
// Greek mu for the micro sign, "x10^9", "10*9" and "10⁹".
func unitKey(s string) string {
	s = strings.ToLower(s)
	r := strings.NewReplacer(" ", "", "°", "", "º", "", "˚", "", "μ", "u", "µ", "u", "×", "x",
		"10*9", "10^9", "10e9", "10^9", "10⁹", "10^9", "10*3", "10^3", "10e3", "10^3", "10³", "10^3",
		"mm³", "mm3", ".", "")
	s = r.Replace(s)
	return strings.TrimPrefix(s, "x")
}

func (t Test) clone() Test {
	t.Aliases = slices.Clone(t.Aliases)
	t.Units = slices.Clone(t.Units)
	for i := range t.Units {
		t.Units[i].Aliases = slices.Clone(t.Units[i].Aliases)
	}
	t.Results = slices.Clone(t.Results)
	for i := range t.Results {
		t.Results[i].Aliases = slices.Clone(t.Results[i].Aliases)
	}
	return t
}
