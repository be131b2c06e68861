package model

import (
	"fmt"
	"strings"
	"time"
)

// Sex as recorded at registration. Stored on disk: append-only.
type Sex string

const (
	SexFemale  Sex = "F"
	SexMale    Sex = "M"
	SexOther   Sex = "O"
	SexUnknown Sex = "U"
)

// Sexes lists every sex code.
var Sexes = []Sex{SexFemale, SexMale, SexOther, SexUnknown}

// Label is the sex as shown on screen.
func (s Sex) Label() string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	case SexOther:
		return "Other"
	}
	return "Unknown"
}

// Patient is one person in the master patient index.
type Patient struct {
	ID         ID       `json:"id"`
	MRN        string   `json:"mrn"`
	GivenName  string   `json:"given"`
	FamilyName string   `json:"family"`
	OtherNames []string `json:"other,omitempty"` // aliases, maiden name
	Sex        Sex      `json:"sex"`
	BirthDate  Date     `json:"birth"`
	// BirthEstimated marks a birth date derived from a stated age ("about 40").
	BirthEstimated bool      `json:"birthEst,omitempty"`
	Phone          string    `json:"phone,omitempty"`
	Address        []string  `json:"address,omitempty"` // region › district › village …
	NationalID     string    `json:"nationalId,omitempty"`
	NextOfKin      string    `json:"nok,omitempty"`
	LegacyCharts   []string  `json:"legacy,omitempty"`
	Alerts         []string  `json:"alerts,omitempty"`
	Restricted     bool      `json:"restricted,omitempty"`
	Registered     time.Time `json:"registered"`
	// FormerMRNs are the MRNs of patients merged into this one: they still
	// find this patient.
	FormerMRNs []string `json:"formerMrns,omitempty"`
	// MergedInto is set on a patient merged into another; the survivor holds
	// the chart from then on.
	MergedInto ID `json:"mergedInto,omitempty"`
}

// DisplayName is "Family, Given", or the single name a person has.
func (p Patient) DisplayName() string {
	g, f := strings.TrimSpace(p.GivenName), strings.TrimSpace(p.FamilyName)
	switch {
	case g == "" && f == "":
		return "(no name)"
	case g == "":
		return f
	case f == "":
		return g
	}
	return strings.ToUpper(f) + ", " + g
}

// AgeSex is the banner's compact "34 y F" (with "~" for estimated births).
func (p Patient) AgeSex(today time.Time) string {
	age := "age ?"
	if !p.BirthDate.IsZero() {
		age = p.BirthDate.AgeText(today)
		if p.BirthEstimated {
			age = "~" + age
		}
	}
	return age + " " + string(p.Sex)
}

// Validate returns the problems a clerk must fix before the patient is saved,
// keyed by field so the form can show each message next to its field.
func (p Patient) Validate(today time.Time) map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(p.GivenName) == "" && strings.TrimSpace(p.FamilyName) == "" {
		errs["name"] = "Enter at least one name."
	}
	switch p.Sex {
	case SexFemale, SexMale, SexOther, SexUnknown:
	default:
		errs["sex"] = "Choose the sex."
	}
	if !p.BirthDate.IsZero() {
		if p.BirthDate.Time().After(today) {
			errs["birth"] = "The date of birth is in the future."
		} else if today.Year()-p.BirthDate.Year > 130 {
			errs["birth"] = "The date of birth gives an age over 130 years."
		}
	}
	if p.Phone != "" && !ValidPhone(p.Phone) {
		errs["phone"] = "A phone number has 6 to 15 digits, optionally starting with +."
	}
	return errs
}

// ValidPhone accepts 6–15 digits with an optional leading + and spaces,
// dashes, dots or brackets between digit groups.
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

// Date is a calendar date without a time zone (births, admissions by day).
type Date struct {
	Year  int        `json:"y"`
	Month time.Month `json:"m"`
	Day   int        `json:"d"`
}

// DateOf returns the calendar date of t.
func DateOf(t time.Time) Date { y, m, d := t.Date(); return Date{y, m, d} }

// ParseISODate parses YYYY-MM-DD.
func ParseISODate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// IsZero reports an unset date.
func (d Date) IsZero() bool { return d.Year == 0 }

// Time is midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AgeYears is the completed years between d and today.
func (d Date) AgeYears(today time.Time) int {
	y := today.Year() - d.Year
	if today.Month() < d.Month || (today.Month() == d.Month && today.Day() < d.Day) {
		y--
	}
	return y
}

// AgeText is the age as clinics write it: years, or months/days for infants.
func (d Date) AgeText(today time.Time) string {
	n, unit := d.Age(today)
	switch unit {
	case AgeUnborn:
		return "unborn"
	case AgeDays:
		return fmt.Sprintf("%d d", n)
	case AgeMonths:
		return fmt.Sprintf("%d mo", n)
	}
	return fmt.Sprintf("%d y", n)
}

// AgeUnit is the unit an age is told in: days under 60 days, months
// under 2 years, years after. The screens name it in their language.
type AgeUnit int

const (
	AgeYears AgeUnit = iota
	AgeMonths
	AgeDays
	AgeUnborn // a birth date after today
)

// AgeUnits lists every unit, for the screens' table test.
var AgeUnits = []AgeUnit{AgeYears, AgeMonths, AgeDays, AgeUnborn}

// Age is the age at today as a number and its unit (AgeText says it in
// English).
func (d Date) Age(today time.Time) (int, AgeUnit) {
	if y := d.AgeYears(today); y >= 2 {
		return y, AgeYears
	}
	days := int(today.Sub(d.Time()).Hours() / 24)
	if days < 0 {
		return 0, AgeUnborn
	}
	if days < 60 {
		return days, AgeDays
	}
	months := (today.Year()-d.Year)*12 + int(today.Month()-d.Month)
	if today.Day() < d.Day {
		months--
	}
	return months, AgeMonths
}

// BirthFromAge estimates a birth date from a stated age: 1 July of the year,
// the convention that keeps the error within six months.
func BirthFromAge(years int, today time.Time) Date {
	return Date{Year: today.Year() - years, Month: time.July, Day: 1}
}
