package kit

import (
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/calendar"
	"dossier/model/clinical"

	"fyne.io/fyne/v2/lang"
)

// PatientFields is the registration form as text, kept apart from widgets
// so the rules that turn it into a patient are testable on their own (the
// registration form and the merge screen both fill one).
type PatientFields struct {
	Given, Family, Other, Sex, Birth, Age, Phone string
	Address                                      []string
	NationalID, NextOfKin, Legacy, Alerts        string
	Restricted                                   bool
	// Order is the clinic's date writing when it uses a calendar other than
	// the Gregorian one (the birth date is then typed in it); otherwise
	// empty, and the birth date is read as below.
	Order clinical.DateOrder
}

// SexChoices are the sexes the forms offer, as labels in the clinic's
// language.
func SexChoices() []string {
	out := make([]string, len(model.Sexes))
	for i, x := range model.Sexes {
		out[i] = SexName(x)
	}
	return out
}

// SexFromLabel is the sex a label names (in the clinic's language or in
// English), or "" for none.
func SexFromLabel(s string) model.Sex {
	for _, x := range model.Sexes {
		if SexName(x) == s || x.Label() == s {
			return x
		}
	}
	return ""
}

// parseBirthDate accepts the forms clerks type: 2024-03-12, 12/03/2024, 12.3.2024.
func parseBirthDate(s string) (model.Date, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2/1/2006", "2.1.2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return model.DateOf(t), true
		}
	}
	return model.Date{}, false
}

// ageWords are what may stand around an age in the window's four
// languages: "about 40", "environ 40 ans", "cerca de 40 anos", "karibu
// miaka 40" (the hints show these forms).
var (
	agePrefixes = []string{"about ", "environ ", "env. ", "cerca de ", "karibu ", "takriban ", "miaka ", "~"}
	ageSuffixes = []string{" years", " y", " ans", " anos", " miaka"}
)

// parseAge reads "40", "about 40" or "40 years" (or the same in French,
// Portuguese or Swahili) as a whole number of years.
func parseAge(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range agePrefixes {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	for _, x := range ageSuffixes {
		s = strings.TrimSuffix(s, x)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= 0 && n <= 130
}

// ToPatient applies the form over base (the saved patient when editing) and
// returns the problems keyed by field.
func (f PatientFields) ToPatient(base model.Patient, today time.Time) (model.Patient, map[string]string) {
	p := base
	errs := map[string]string{}
	p.GivenName, p.FamilyName = strings.TrimSpace(f.Given), strings.TrimSpace(f.Family)
	p.OtherNames = model.SplitList(f.Other)
	p.Sex = SexFromLabel(f.Sex)
	p.Phone = strings.TrimSpace(f.Phone)
	p.Address = nil
	for _, a := range f.Address {
		p.Address = append(p.Address, strings.TrimSpace(a))
	}
	for len(p.Address) > 0 && p.Address[len(p.Address)-1] == "" {
		p.Address = p.Address[:len(p.Address)-1]
	}
	p.NationalID = strings.ToUpper(strings.TrimSpace(f.NationalID))
	p.NextOfKin = strings.TrimSpace(f.NextOfKin)
	p.LegacyCharts = model.SplitList(f.Legacy)
	p.Alerts = model.SplitList(f.Alerts)
	p.Restricted = f.Restricted
	p.BirthDate, p.BirthEstimated = model.Date{}, false
	switch {
	case strings.TrimSpace(f.Birth) != "":
		d, ok := parseBirthDate(f.Birth)
		if f.Order.Calendar() != calendar.Gregorian {
			var err error
			d, err = clinical.ParseDate(f.Birth, f.Order, today)
			ok = err == nil
		}
		if !ok {
			errs["birth"] = lang.X("kit.type_birth_date", "Type the date as 2024-03-12 or 12/03/2024.")
			if f.Order.Calendar() != calendar.Gregorian {
				errs["birth"] = lang.X("kit.type_date_as", "Type the date as {{.Example}}.", map[string]any{"Example": clinical.FormatDate(model.Date{Year: 2024, Month: time.March, Day: 12}, f.Order)})
			}
		}
		p.BirthDate = d
	case strings.TrimSpace(f.Age) != "":
		n, ok := parseAge(f.Age)
		if !ok {
			errs["birth"] = lang.X("kit.type_age", "Type the age in whole years, e.g. 40 or about 40.")
		} else {
			p.BirthDate, p.BirthEstimated = model.BirthFromAge(n, today), true
		}
	}
	for k, v := range p.Validate(today) {
		if _, seen := errs[k]; !seen {
			errs[k] = v
		}
	}
	return p, errs
}

// PatientFieldsOf fills the form from a saved patient.
func PatientFieldsOf(p model.Patient) PatientFields {
	f := PatientFields{Given: p.GivenName, Family: p.FamilyName, Other: strings.Join(p.OtherNames, ", "),
		Sex: SexName(p.Sex), Phone: p.Phone, Address: p.Address, NationalID: p.NationalID, NextOfKin: p.NextOfKin,
		Legacy: strings.Join(p.LegacyCharts, ", "), Alerts: strings.Join(p.Alerts, ", "), Restricted: p.Restricted}
	if p.BirthEstimated {
		f.Age = strconv.Itoa(p.BirthDate.AgeYears(time.Now()))
	} else {
		f.Birth = p.BirthDate.String()
	}
	return f
}

// PatientFieldsIn fills the form from a saved patient for a clinic that
// writes dates as order: in a calendar other than the Gregorian one, the
// birth date is written and read in it.
func PatientFieldsIn(p model.Patient, order clinical.DateOrder) PatientFields {
	f := PatientFieldsOf(p)
	if order.Calendar() != calendar.Gregorian {
		f.Order = order
		if !p.BirthEstimated {
			f.Birth = clinical.FormatDate(p.BirthDate, order)
		}
	}
	return f
}
