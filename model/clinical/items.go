package clinical

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"dossier/model"
)

// Medication is one drug as a chart lists it: on admission, given on the
// ward, or to take home. Dose keeps the text as written; DoseValue and
// DoseUnit are what it says, so doses can be compared and summed.
type Medication struct {
	Name      string     `json:"name"`
	Dose      string     `json:"dose,omitempty"`      // as written: "500 mg", "1.5mg/kg"
	DoseValue float64    `json:"doseValue,omitempty"` // 500
	DoseUnit  string     `json:"doseUnit,omitempty"`  // one of DoseUnits: "mg"
	Route     string     `json:"route,omitempty"`     // one of Routes: "oral"
	Frequency string     `json:"freq,omitempty"`      // one of the Frequencies codes: "TDS"
	Start     model.Date `json:"start,omitempty"`
	End       model.Date `json:"end,omitempty"`
	Note      string     `json:"note,omitempty"`
}

// DoseUnits are the units a dose is stored in. Stored: append-only.
var DoseUnits = []string{"mg", "g", "mcg", "ng", "ml", "l", "IU", "units", "tab", "cap",
	"drops", "puffs", "sachet", "suppository", "mg/kg", "mcg/kg", "ml/kg", "units/kg",
	"mmol", "mEq", "%"}

// doseUnitAliases maps what is written on charts (lower case, no spaces)
// to the stored unit. "u" for units is the notorious one — it is read as a
// 0 — so it is accepted from old charts but stored spelled out.
var doseUnitAliases = map[string]string{
	"mg": "mg", "milligram": "mg", "milligrams": "mg", "mgs": "mg",
	"g": "g", "gm": "g", "gram": "g", "grams": "g", "gms": "g",
	"mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "microgram": "mcg", "micrograms": "mcg",
	"ng": "ng", "nanogram": "ng", "nanograms": "ng",
	"ml": "ml", "mls": "ml", "cc": "ml", "millilitre": "ml", "milliliter": "ml", "millilitres": "ml", "milliliters": "ml",
	"l": "l", "litre": "l", "liter": "l", "litres": "l", "liters": "l",
	"iu": "IU", "i.u.": "IU", "i.u": "IU",
	"unit": "units", "units": "units", "u": "units",
	"tab": "tab", "tabs": "tab", "tablet": "tab", "tablets": "tab", "tbl": "tab",
	"cap": "cap", "caps": "cap", "capsule": "cap", "capsules": "cap",
	"drop": "drops", "drops": "drops", "gtt": "drops", "gtts": "drops",
	"puff": "puffs", "puffs": "puffs",
	"sachet": "sachet", "sachets": "sachet",
	"supp": "suppository", "suppository": "suppository", "suppositories": "suppository",
	"mg/kg": "mg/kg", "mcg/kg": "mcg/kg", "µg/kg": "mcg/kg", "μg/kg": "mcg/kg", "ug/kg": "mcg/kg",
	"ml/kg": "ml/kg", "units/kg": "units/kg", "u/kg": "units/kg", "iu/kg": "units/kg",
	"mmol": "mmol", "meq": "mEq", "%": "%",
}

var doseRE = regexp.MustCompile(`^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)\s*(.*)$`)

// ParseDose reads a dose as written, "500 mg", "1 g", "2 tabs", "5 ml",
// "1.5mg/kg", into its value and stored unit. A number alone is refused:
// 500 what? mg and mcg differ a thousandfold.
func ParseDose(s string) (value float64, unit string, err error) {
	in := strings.Join(strings.Fields(s), " ")
	if in == "" {
		return 0, "", errors.New("enter the dose")
	}
	if len(in) > maxInput {
		return 0, "", errors.New("that is too long to be a dose; put the rest in the note")
	}
	m := doseRE.FindStringSubmatch(in)
	if m == nil {
		if strings.ContainsAny(in, "0123456789") && strings.ContainsAny(in, "-–") {
			return 0, "", fmt.Errorf("%s: enter one dose; write a range such as 1-2 tabs in the note", in)
		}
		return 0, "", fmt.Errorf("%s: a dose starts with a number, e.g. 500 mg", in)
	}
	if thousandsRE.MatchString(m[1]) {
		// 1,000 is a thousand in one clinic and one in another: a
		// thousandfold error in a dose is not worth guessing about.
		return 0, "", fmt.Errorf("%s: write the dose without a comma, e.g. 1000 mg or 1.5 mg", in)
	}
	value, err = parseNumber(m[1])
	if err != nil || value <= 0 {
		return 0, "", fmt.Errorf("%s: the dose must be a number above 0", in)
	}
	rest := strings.ToLower(strings.ReplaceAll(m[2], " ", ""))
	if rest == "" {
		return 0, "", fmt.Errorf("the dose %s needs a unit, e.g. %s mg", m[1], m[1])
	}
	if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "to") {
		return 0, "", fmt.Errorf("%s: enter one dose; write a range such as 1-2 tabs in the note", in)
	}
	unit, ok := doseUnitAliases[rest]
	if !ok {
		return 0, "", fmt.Errorf("%s: %s is not a dose unit; use mg, g, mcg, ml, IU, units, tabs, caps, drops, puffs, mg/kg or mmol", in, m[2])
	}
	return value, unit, nil
}

// FormatDose writes a value and unit back as text ("500 mg", "2 tab").
func FormatDose(value float64, unit string) string {
	return strconv.FormatFloat(value, 'f', -1, 64) + " " + unit
}

// Routes are how a drug is given. Stored: append-only.
var Routes = []string{"oral", "IV", "IM", "SC", "topical", "inhaled", "PR", "PV", "sublingual", "other"}

var routeAliases = map[string]string{
	"oral": "oral", "po": "oral", "p.o.": "oral", "p.o": "oral", "by mouth": "oral", "orally": "oral", "per os": "oral",
	"iv": "IV", "i.v.": "IV", "intravenous": "IV", "intravenously": "IV",
	"im": "IM", "i.m.": "IM", "intramuscular": "IM", "intramuscularly": "IM",
	"sc": "SC", "s.c.": "SC", "sq": "SC", "subcut": "SC", "subcutaneous": "SC", "sub-cut": "SC", "subcutaneously": "SC",
	"topical": "topical", "top": "topical", "cream": "topical", "ointment": "topical", "to skin": "topical",
	"inhaled": "inhaled", "inh": "inhaled", "inhalation": "inhaled", "neb": "inhaled", "nebulised": "inhaled", "nebulized": "inhaled",
	"pr": "PR", "p.r.": "PR", "rectal": "PR", "per rectum": "PR", "rectally": "PR",
	"pv": "PV", "p.v.": "PV", "vaginal": "PV", "per vaginam": "PV", "vaginally": "PV",
	"sl": "sublingual", "s.l.": "sublingual", "sublingual": "sublingual", "under the tongue": "sublingual",
	"other": "other",
}

// ParseRoute reads a route as written ("PO", "by mouth", "i.v.") into its
// stored name.
func ParseRoute(s string) (string, error) {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if r, ok := routeAliases[k]; ok {
		return r, nil
	}
	return "", fmt.Errorf("%q is not a route; choose oral, IV, IM, SC, topical, inhaled, PR, PV, sublingual or other", strings.TrimSpace(s))
}

// Frequency is how often a drug is given: its stored code and the plain
// words the chart and the printout show.
type Frequency struct {
	Code  string // stored: append-only
	Words string
}

// Frequencies lists the fixed codes; every-N-hours codes (q4h, q6h, q36h)
// are made by ParseFrequency for any N from 1 to 72.
var Frequencies = []Frequency{
	{"OD", "once a day"},
	{"BD", "twice a day"},
	{"TDS", "three times a day"},
	{"QID", "four times a day"},
	{"nocte", "at night"},
	{"mane", "in the morning"},
	{"PRN", "when needed"},
	{"STAT", "once, immediately"},
	{"weekly", "once a week"},
	{"alt-days", "every other day"},
	{"continuous", "continuously"},
}

var freqAliases = map[string]string{
	"od": "OD", "o.d.": "OD", "qd": "OD", "q.d.": "OD", "daily": "OD", "once daily": "OD", "once a day": "OD", "1x/day": "OD", "q24h": "OD",
	"bd": "BD", "b.d.": "BD", "bid": "BD", "b.i.d.": "BD", "twice daily": "BD", "twice a day": "BD", "2x/day": "BD", "q12h": "BD",
	"tds": "TDS", "t.d.s.": "TDS", "tid": "TDS", "t.i.d.": "TDS", "three times a day": "TDS", "three times daily": "TDS", "3x/day": "TDS",
	"qid": "QID", "q.i.d.": "QID", "qds": "QID", "q.d.s.": "QID", "four times a day": "QID", "four times daily": "QID", "4x/day": "QID",
	"nocte": "nocte", "on": "nocte", "o.n.": "nocte", "qhs": "nocte", "hs": "nocte", "at night": "nocte",
	"mane": "mane", "om": "mane", "o.m.": "mane", "in the morning": "mane",
	"prn": "PRN", "p.r.n.": "PRN", "as needed": "PRN", "when needed": "PRN", "when required": "PRN", "sos": "PRN",
	"stat": "STAT", "once": "STAT", "immediately": "STAT",
	"weekly": "weekly", "once a week": "weekly", "once weekly": "weekly",
	"alt-days": "alt-days", "alternate days": "alt-days", "every other day": "alt-days", "eod": "alt-days", "alt days": "alt-days", "qod": "alt-days",
	"continuous": "continuous", "infusion": "continuous",
}

var everyHoursRE = regexp.MustCompile(`^(?:q\s*(\d+)\s*h(?:rs?|ourly)?|(\d+)\s*(?:-\s*)?(?:hourly|hrly|h)|every\s+(\d+)\s*(?:hours?|hrs?|h))$`)

// ParseFrequency reads a frequency as written, "bd", "TID", "6 hourly",
// "every 8 hours", "q8h", into its stored code. Every 24 and every 12 hours
// are stored as OD and BD, the codes wards use.
func ParseFrequency(s string) (string, error) {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if c, ok := freqAliases[k]; ok {
		return c, nil
	}
	if m := everyHoursRE.FindStringSubmatch(k); m != nil {
		n, _ := strconv.Atoi(m[1] + m[2] + m[3])
		switch {
		case n == 24:
			return "OD", nil
		case n == 12:
			return "BD", nil
		case n >= 1 && n <= 72:
			return fmt.Sprintf("q%dh", n), nil
		}
	}
	return "", fmt.Errorf("%q is not a frequency; use OD, BD, TDS, QID, PRN, STAT, nocte or q6h (every 6 hours)", strings.TrimSpace(s))
}

// FrequencyWords is a frequency code in plain words: "BD" is "twice a
// day", "q6h" is "every 6 hours". An unknown code is returned as it is.
func FrequencyWords(code string) string {
	for _, f := range Frequencies {
		if f.Code == code {
			return f.Words
		}
	}
	var n int
	if _, err := fmt.Sscanf(code, "q%dh", &n); err == nil && fmt.Sprintf("q%dh", n) == code {
		if n == 1 {
			return "every hour"
		}
		return fmt.Sprintf("every %d hours", n)
	}
	return code
}

// Normalize brings what the clerk typed to the stored forms: the dose text
// into DoseValue and DoseUnit, the route and the frequency to their codes.
// The forms call it before Validate; Validate accepts the same input, so a
// record is valid whether or not it was normalized.
func (m *Medication) Normalize() error {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	m.Dose = strings.Join(strings.Fields(m.Dose), " ")
	if m.Dose != "" {
		v, u, err := ParseDose(m.Dose)
		if err != nil {
			return err
		}
		m.DoseValue, m.DoseUnit = v, u
	} else if m.DoseValue != 0 || m.DoseUnit != "" {
		if m.DoseValue <= 0 || math.IsNaN(m.DoseValue) || math.IsInf(m.DoseValue, 0) {
			return errors.New("the dose must be a number above 0")
		}
		if m.DoseUnit == "" {
			v := strconv.FormatFloat(m.DoseValue, 'f', -1, 64)
			return fmt.Errorf("the dose %s needs a unit, e.g. %s mg", v, v)
		}
		u, ok := doseUnitAliases[strings.ToLower(strings.ReplaceAll(m.DoseUnit, " ", ""))]
		if !ok {
			return fmt.Errorf("%s is not a dose unit; use mg, g, mcg, ml, IU, units, tabs, caps, drops, puffs, mg/kg or mmol", m.DoseUnit)
		}
		m.DoseUnit = u
		m.Dose = FormatDose(m.DoseValue, u)
	}
	if strings.TrimSpace(m.Route) != "" {
		r, err := ParseRoute(m.Route)
		if err != nil {
			return err
		}
		m.Route = r
	}
	if strings.TrimSpace(m.Frequency) != "" {
		f, err := ParseFrequency(m.Frequency)
		if err != nil {
			return err
		}
		m.Frequency = f
	}
	return nil
}

// Validate returns the first problem to fix before the medication is
// saved. It accepts unnormalized input (see Normalize), and refuses a
// record whose dose text and dose value say different things, which would
// mean a form changed one without the other.
func (m Medication) Validate() error {
	if strings.TrimSpace(m.Name) == "" {
		return errors.New("enter the name of the medication")
	}
	n := m
	if err := n.Normalize(); err != nil {
		return err
	}
	if strings.TrimSpace(m.Dose) != "" && (m.DoseValue != 0 || m.DoseUnit != "") {
		if u := doseUnitAliases[strings.ToLower(strings.ReplaceAll(m.DoseUnit, " ", ""))]; m.DoseValue != n.DoseValue || u != n.DoseUnit {
			return fmt.Errorf("the dose reads %s but is recorded as %s; enter it again", m.Dose, FormatDose(m.DoseValue, m.DoseUnit))
		}
	}
	if !m.Start.IsZero() && !m.End.IsZero() && m.End.Time().Before(m.Start.Time()) {
		return fmt.Errorf("the medication ends (%s) before it starts (%s)", m.End, m.Start)
	}
	return nil
}

// Allergy severities and kinds. Stored: append-only.
const (
	SeverityMild            = "mild"
	SeverityModerate        = "moderate"
	SeveritySevere          = "severe"
	SeverityLifeThreatening = "life-threatening"

	AllergyKindAllergy     = "allergy"
	AllergyKindAdverse     = "adverse reaction"
	AllergyKindIntolerance = "intolerance"
)

// Problem statuses. Stored: append-only.
const (
	ProblemActive   = "active"
	ProblemResolved = "resolved"
)

// Severities lists allergy severities from least to most serious.
var Severities = []string{SeverityMild, SeverityModerate, SeveritySevere, SeverityLifeThreatening}

// AllergyKinds lists the kinds of reaction a chart may record.
var AllergyKinds = []string{AllergyKindAllergy, AllergyKindAdverse, AllergyKindIntolerance}

// Allergy is a substance the patient reacted to, as the chart records it.
// Severity and Kind may be empty: many charts say only "allergic to
// penicillin", and guessing would be worse than leaving them unknown.
type Allergy struct {
	Substance string     `json:"substance"`
	Reaction  string     `json:"reaction,omitempty"` // "rash", "anaphylaxis"
	Severity  string     `json:"severity,omitempty"` // one of Severities, or unknown
	Kind      string     `json:"kind,omitempty"`     // one of AllergyKinds, or unknown
	Noted     model.Date `json:"noted,omitempty"`
}

// noAllergyWords are written in the allergy box when there is none.
var noAllergyWords = map[string]bool{"nkda": true, "nka": true, "nkfa": true, "none": true, "nil": true,
	"no": true, "no known allergies": true, "no known drug allergies": true, "no known allergy": true,
	"none known": true, "n/a": true, "na": true, "-": true}

// IsNoKnownAllergies reports the words charts use for "no known
// allergies" (NKDA, nil, none known). They are a statement about the
// patient, not an allergy to a substance called "NKDA", so forms record
// them as the patient's allergy status rather than as an Allergy.
func IsNoKnownAllergies(s string) bool {
	return noAllergyWords[strings.ToLower(strings.Trim(strings.Join(strings.Fields(s), " "), "."))]
}

// Validate returns the first problem to fix before the allergy is saved.
func (a Allergy) Validate() error {
	switch {
	case strings.TrimSpace(a.Substance) == "":
		return errors.New("enter the substance the patient reacted to")
	case IsNoKnownAllergies(a.Substance):
		return fmt.Errorf("%q means no known allergies: record that instead of adding an allergy", strings.TrimSpace(a.Substance))
	case a.Severity != "" && !slices.Contains(Severities, a.Severity):
		return fmt.Errorf("%q is not a severity; choose mild, moderate, severe or life-threatening", a.Severity)
	case a.Kind != "" && !slices.Contains(AllergyKinds, a.Kind):
		return fmt.Errorf("%q is not a kind of reaction; choose allergy, adverse reaction or intolerance", a.Kind)
	}
	return nil
}

// Problem is an entry on the problem list: a condition that matters beyond
// one visit.
type Problem struct {
	Text        string     `json:"text"`
	Code        string     `json:"code,omitempty"`
	Status      string     `json:"status"` // ProblemActive or ProblemResolved
	Significant bool       `json:"significant,omitempty"`
	Onset       model.Date `json:"onset,omitempty"`
	Resolved    model.Date `json:"resolved,omitempty"`
}

// Validate returns the first problem to fix before the problem-list entry
// is saved.
func (p Problem) Validate() error {
	switch {
	case strings.TrimSpace(p.Text) == "":
		return errors.New("enter the problem as written")
	case p.Status != ProblemActive && p.Status != ProblemResolved:
		return errors.New("choose whether the problem is active or resolved")
	case p.Status == ProblemResolved && p.Resolved.IsZero():
		return errors.New("enter the date the problem resolved")
	case p.Status == ProblemActive && !p.Resolved.IsZero():
		return errors.New("an active problem has no resolution date; mark it resolved or clear the date")
	case !p.Onset.IsZero() && !p.Resolved.IsZero() && p.Resolved.Time().Before(p.Onset.Time()):
		return fmt.Errorf("the problem resolved (%s) before it began (%s)", p.Resolved, p.Onset)
	}
	return nil
}

// Diagnosis is a diagnosis (or procedure) as written and, once a coder has
// coded it, its code. It is the coding engine's own type, so what clerks
// transcribe is what coders work on: the text is kept exactly as written
// and the item stays uncoded (Code empty) until a coder codes it.
type Diagnosis = model.CodedItem
