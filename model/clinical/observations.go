package clinical

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Observation is one vital sign or test result, in the catalogue test's
// canonical unit whatever unit it was written in.
type Observation struct {
	Test  string  `json:"test"`            // the catalogue code: "hb"
	Value float64 `json:"value,omitempty"` // in Unit; 0 for a coded result
	// Comparator is "<" or ">" (or "<=", ">=") for a result printed as a
	// detection limit: "<20 copies/mL" is Value 20 with Comparator "<".
	Comparator string `json:"cmp,omitempty"`
	Text       string `json:"text,omitempty"` // a coded result: "positive", "undetectable"
	Unit       string `json:"unit,omitempty"` // the test's canonical unit
	// Entered is the result exactly as typed, "101 F", kept because the
	// value was converted and rounded, and because it is what the paper says.
	Entered string    `json:"entered,omitempty"`
	At      time.Time `json:"at,omitempty"`
	// RefLow and RefHigh are the reference range printed on the lab report,
	// in the canonical unit (see ParseRefRange); when both are 0 the
	// catalogue's adult range applies. 0 on one side means no limit there.
	RefLow  float64 `json:"refLow,omitempty"`
	RefHigh float64 `json:"refHigh,omitempty"`
}

// numberRE reads a result: an optional comparator, a number (decimal point
// or comma, thousands commas, an exponent as analysers print "1.2E+05"),
// and whatever follows as the unit.
var numberRE = regexp.MustCompile(`(?i)^(<=|>=|<|>|≤|≥)?\s*(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)(?:e[+-]?\d+)?)\s*(.*)$`)

// thousandsRE is a number whose comma separates thousands: "1,200".
var thousandsRE = regexp.MustCompile(`^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.|$|e|E)`)

// parseNumber reads "38.5", "38,5" (decimal comma) and "1,200" (thousands):
// a comma followed by exactly three digits is read as thousands, because a
// viral load of 1,200 read as 1.2 would be the worse mistake.
func parseNumber(s string) (float64, error) {
	if strings.Count(s, ",") == 1 && !thousandsRE.MatchString(s) {
		s = strings.Replace(s, ",", ".", 1)
	} else {
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("not a number")
	}
	return v, nil
}

// article puts "a" or "an" before a word for messages.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeioAEIO", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// ParseObservation reads a result as typed for a catalogue test:
//
//	"38.5", "38.5 C", "101 F"   a number, in the test's unit unless one is given
//	"120 g/L"                   converted to the canonical unit (12.0 g/dL)
//	"<20", "TND"                detection limits and coded words, where the test has them
//	"positive", "+ve", "++"     coded results of rapid tests and dipsticks
//
// A unit that does not belong to the test, or a value outside what is
// possible, is refused with a message saying what to check: the commonest
// transcription errors are a lost decimal point and a result copied in
// another unit. Blood pressure is two numbers: use ParseBloodPressure.
func ParseObservation(test, input string) (Observation, error) {
	t := lookup(test)
	if t == nil {
		if strings.EqualFold(strings.TrimSpace(test), "bp") {
			return Observation{}, errors.New("blood pressure is two results: read it with ParseBloodPressure")
		}
		return Observation{}, fmt.Errorf("%q is not a test in the catalogue", strings.TrimSpace(test))
	}
	in := strings.Join(strings.Fields(input), " ")
	if in == "" {
		return Observation{}, fmt.Errorf("enter the %s result", t.Called)
	}
	if len(in) > maxInput {
		return Observation{}, fmt.Errorf("that is too long to be a %s result", t.Called)
	}
	o := Observation{Test: t.Code, Entered: in}
	if t.Coded() {
		r, ok := t.result(in)
		if !ok {
			return Observation{}, fmt.Errorf("%q is not a result of the %s; use %s", in, t.Called, t.resultNames())
		}
		o.Text = r.Code
		return o, nil
	}
	m := numberRE.FindStringSubmatch(in)
	if m == nil {
		if r, ok := t.result(in); ok {
			o.Text, o.Unit = r.Code, t.Unit
			return o, nil
		}
		if strings.Contains(in, "/") && (t.Code == "bp-sys" || t.Code == "bp-dia") {
			return Observation{}, fmt.Errorf("%s: enter the whole blood pressure, like 120/80, in the blood pressure field", in)
		}
		return Observation{}, fmt.Errorf("%q is not a %s result; enter a number in %s", in, t.Called, t.Unit)
	}
	cmp, num, typedUnit := m[1], m[2], strings.TrimSpace(m[3])
	switch cmp {
	case "≤":
		cmp = "<="
	case "≥":
		cmp = ">="
	}
	v, err := parseNumber(num)
	if err != nil {
		return Observation{}, fmt.Errorf("%q is not a %s result; enter a number in %s", in, t.Called, t.Unit)
	}
	u := t.Units[0]
	if typedUnit != "" {
		var ok bool
		if u, ok = t.unit(typedUnit); !ok {
			if strings.HasPrefix(typedUnit, "/") && (t.Code == "bp-sys" || t.Code == "bp-dia") {
				return Observation{}, fmt.Errorf("%s: enter the whole blood pressure, like 120/80, in the blood pressure field", in)
			}
			return Observation{}, fmt.Errorf("%s is not a unit for %s; use %s", typedUnit, t.Called, t.unitNames())
		}
	}
	c := v*u.Factor + u.Offset
	if c < t.Min || c > t.Max {
		return Observation{}, implausible(t, u, num, v)
	}
	o.Value = round(c, t.Decimals)
	o.Comparator = cmp
	o.Unit = t.Unit
	return o, nil
}

// implausible explains a value outside the plausible limits: another of the
// test's units it would fit, else the decimal point, else the number.
func implausible(t *Test, used Unit, num string, v float64) error {
	what := fmt.Sprintf("%s of %s %s is not possible", article(t.Called), num, used.Name)
	ok := func(c float64) bool { return c >= t.Min && c <= t.Max }
	for _, u := range t.Units {
		if u.Name != used.Name && ok(v*u.Factor+u.Offset) {
			return fmt.Errorf("%s; if it was %s %s, type %s %s", what, num, u.Name, num, u.Name)
		}
	}
	for _, f := range []float64{0.1, 0.01, 10} {
		if ok(v*f*used.Factor + used.Offset) {
			return fmt.Errorf("%s; check the decimal point", what)
		}
	}
	return fmt.Errorf("%s; check the number", what)
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

var bpRE = regexp.MustCompile(`(?i)^(\d+)\s*/\s*(\d+)\s*(mm\s*hg|mmhg)?$`)

// ParseBloodPressure reads "120/80" (or "120 / 80 mmHg") into its systolic
// and diastolic observations, each keeping the whole text as entered.
func ParseBloodPressure(input string) (systolic, diastolic Observation, err error) {
	in := strings.Join(strings.Fields(input), " ")
	if in == "" {
		return Observation{}, Observation{}, errors.New("enter the blood pressure, like 120/80")
	}
	if len(in) > maxInput {
		return Observation{}, Observation{}, errors.New("that is too long to be a blood pressure")
	}
	m := bpRE.FindStringSubmatch(in)
	if m == nil {
		return Observation{}, Observation{}, fmt.Errorf("%q is not a blood pressure; write it like 120/80", in)
	}
	if systolic, err = ParseObservation("bp-sys", m[1]); err != nil {
		return Observation{}, Observation{}, err
	}
	if diastolic, err = ParseObservation("bp-dia", m[2]); err != nil {
		return Observation{}, Observation{}, err
	}
	if systolic.Value <= diastolic.Value {
		return Observation{}, Observation{}, fmt.Errorf("%s: the first number (systolic) must be higher than the second (diastolic); check the order", in)
	}
	systolic.Entered, diastolic.Entered = in, in
	return systolic, diastolic, nil
}

// ParseObservations reads one form field into its observations: two for
// blood pressure (test "bp"), one for any catalogue test.
func ParseObservations(test, input string) ([]Observation, error) {
	if strings.EqualFold(strings.TrimSpace(test), "bp") {
		s, d, err := ParseBloodPressure(input)
		if err != nil {
			return nil, err
		}
		return []Observation{s, d}, nil
	}
	o, err := ParseObservation(test, input)
	if err != nil {
		return nil, err
	}
	return []Observation{o}, nil
}

var rangeRE = regexp.MustCompile(`(?i)^(\d+(?:[.,]\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:[.,]\d+)?)\s*(.*)$`)
var limitRE = regexp.MustCompile(`(?i)^(<=|>=|<|>|≤|≥|up to|below|above)\s*(\d+(?:[.,]\d+)?)\s*(.*)$`)

// ParseRefRange reads a reference range as printed on a lab report, "3.5 -
// 5.0", "70-110 mg/dL", "<40", "> 500", into limits in the test's
// canonical unit. unit is the unit of the result beside it, used when the
// range does not print its own.
func ParseRefRange(test, s, unit string) (low, high float64, err error) {
	t := lookup(test)
	if t == nil || t.Coded() {
		return 0, 0, fmt.Errorf("%q has no numeric reference range", strings.TrimSpace(test))
	}
	in := strings.Join(strings.Fields(s), " ")
	if in == "" {
		return 0, 0, nil
	}
	if len(in) > maxInput {
		return 0, 0, errors.New("that is too long to be a reference range")
	}
	var a, b float64
	var typed string
	if m := rangeRE.FindStringSubmatch(in); m != nil {
		a, _ = parseNumber(m[1])
		b, _ = parseNumber(m[2])
		typed = m[3]
		if a > b {
			return 0, 0, fmt.Errorf("%s: the lower limit comes first", in)
		}
	} else if m := limitRE.FindStringSubmatch(in); m != nil {
		v, _ := parseNumber(m[2])
		switch strings.ToLower(m[1]) {
		case "<", "<=", "≤", "up to", "below":
			b = v
		default:
			a = v
		}
		typed = m[3]
	} else {
		return 0, 0, fmt.Errorf("%q is not a reference range; write it like 3.5-5.0", in)
	}
	if strings.TrimSpace(typed) == "" {
		typed = unit
	}
	u := t.Units[0]
	if strings.TrimSpace(typed) != "" {
		var ok bool
		if u, ok = t.unit(typed); !ok {
			return 0, 0, fmt.Errorf("%s is not a unit for %s; use %s", strings.TrimSpace(typed), t.Called, t.unitNames())
		}
	}
	conv := func(v float64) float64 {
		if v == 0 {
			return 0
		}
		return round(v*u.Factor+u.Offset, t.Decimals+1)
	}
	return conv(a), conv(b), nil
}

// Flag is the result's flag as lab reports print it: "L" or "H" outside
// the reference range, "LL" or "HH" beyond a critical limit, "A" for an
// abnormal coded result (a positive malaria test), "" otherwise. The range
// printed on the report wins over the catalogue's; critical limits are
// always the catalogue's.
func (o Observation) Flag() string {
	t := lookup(o.Test)
	if t == nil {
		return ""
	}
	if o.Text != "" {
		if r, ok := t.result(o.Text); ok && r.Abnormal {
			return "A"
		}
		return ""
	}
	if t.Coded() {
		return ""
	}
	low, high := t.RefLow, t.RefHigh
	if o.RefLow != 0 || o.RefHigh != 0 {
		low, high = o.RefLow, o.RefHigh
	}
	v := o.Value
	// "<2.5" is below 2.5 even though its value is 2.5.
	below := func(limit float64) bool {
		return limit != 0 && (v < limit || (v == limit && strings.HasPrefix(o.Comparator, "<") && o.Comparator != "<="))
	}
	above := func(limit float64) bool {
		return limit != 0 && (v > limit || (v == limit && strings.HasPrefix(o.Comparator, ">") && o.Comparator != ">="))
	}
	switch {
	case below(t.CritLow):
		return "LL"
	case above(t.CritHigh):
		return "HH"
	case below(low):
		return "L"
	case above(high):
		return "H"
	}
	return ""
}

// Abnormal reports a result with any flag.
func (o Observation) Abnormal() bool { return o.Flag() != "" }

// String is the result as screens and printouts show it: "38.3 °C",
// "<20 copies/mL", "positive", "undetectable".
func (o Observation) String() string {
	if o.Text != "" {
		return o.Text
	}
	dec := -1
	if t := lookup(o.Test); t != nil {
		dec = t.Decimals
	}
	s := o.Comparator + strconv.FormatFloat(o.Value, 'f', dec, 64)
	if o.Unit != "" {
		s += " " + o.Unit
	}
	return s
}
