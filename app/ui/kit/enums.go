package kit

import (
	"strings"
	"time"

	"dossier/model"
	"dossier/model/search"

	"fyne.io/fyne/v2/lang"
)

// The model names its codes in English for the command line and logs; the
// window names them here, in the clinic's language. A code this file does
// not know shows as the model says it (the table test makes that a bug).

// RoleName is a role as the window shows it.
func RoleName(r model.Role) string {
	if t, ok := roleNameOf(r); ok {
		return t
	}
	return r.Label()
}

func roleNameOf(r model.Role) (string, bool) {
	switch r {
	case model.RoleClerk:
		return lang.X("role.clerk", "Records clerk"), true
	case model.RoleCoder:
		return lang.X("role.coder", "Clinical coder"), true
	case model.RoleSupervisor:
		return lang.X("role.supervisor", "Records supervisor"), true
	case model.RoleClinician:
		return lang.X("role.clinician", "Clinician"), true
	case model.RoleAdmin:
		return lang.X("role.admin", "Administrator"), true
	}
	return "", false
}

// RequestStatusName is where a release request stands.
func RequestStatusName(s model.RequestStatus) string {
	if t, ok := requestStatusNameOf(s); ok {
		return t
	}
	return s.Label()
}

func requestStatusNameOf(s model.RequestStatus) (string, bool) {
	switch s {
	case model.ReqReceived:
		return lang.X("request.received", "Received"), true
	case model.ReqChecked:
		return lang.X("request.checked", "Checked"), true
	case model.ReqPreparing:
		return lang.X("request.preparing", "In preparation"), true
	case model.ReqQC:
		return lang.X("request.quality_check", "Quality check"), true
	case model.ReqReleased:
		return lang.X("request.released", "Released"), true
	case model.ReqRefused:
		return lang.X("request.refused", "Refused"), true
	}
	return "", false
}

// DeficiencyStatusName is where a deficiency stands.
func DeficiencyStatusName(s model.DeficiencyStatus) string {
	if t, ok := deficiencyStatusNameOf(s); ok {
		return t
	}
	return s.Label()
}

func deficiencyStatusNameOf(s model.DeficiencyStatus) (string, bool) {
	switch s {
	case model.DefOpen:
		return lang.X("deficiency.open", "Open"), true
	case model.DefDone:
		return lang.X("deficiency.done", "Done, to check"), true
	case model.DefChecked:
		return lang.X("deficiency.checked", "Checked"), true
	case model.DefWaived:
		return lang.X("deficiency.waived", "Waived"), true
	}
	return "", false
}

// SexName is the sex in words.
func SexName(s model.Sex) string {
	if t, ok := sexNameOf(s); ok {
		return t
	}
	return s.Label()
}

func sexNameOf(s model.Sex) (string, bool) {
	switch s {
	case model.SexFemale:
		return lang.X("sex.female", "Female"), true
	case model.SexMale:
		return lang.X("sex.male", "Male"), true
	case model.SexOther:
		return lang.X("sex.other", "Other"), true
	case model.SexUnknown:
		return lang.X("sex.unknown", "Unknown"), true
	}
	return "", false
}

// SexLetter is the sex in the banner's short form ("F" in English).
func SexLetter(s model.Sex) string {
	if t, ok := sexLetterOf(s); ok {
		return t
	}
	return string(s)
}

func sexLetterOf(s model.Sex) (string, bool) {
	switch s {
	case model.SexFemale:
		return lang.X("sex.letter_female", "F"), true
	case model.SexMale:
		return lang.X("sex.letter_male", "M"), true
	case model.SexOther:
		return lang.X("sex.letter_other", "O"), true
	case model.SexUnknown:
		return lang.X("sex.letter_unknown", "U"), true
	}
	return "", false
}

// AgeText is an age in its unit: "34 y", "5 mo", "12 d".
func AgeText(d model.Date, today time.Time) string {
	n, unit := d.Age(today)
	if t, ok := ageOf(n, unit); ok {
		return t
	}
	return d.AgeText(today)
}

func ageOf(n int, unit model.AgeUnit) (string, bool) {
	data := map[string]any{"Count": n}
	switch unit {
	case model.AgeYears:
		return lang.XN("age.years", "{{.Count}} y", n, data), true
	case model.AgeMonths:
		return lang.XN("age.months", "{{.Count}} mo", n, data), true
	case model.AgeDays:
		return lang.XN("age.days", "{{.Count}} d", n, data), true
	case model.AgeUnborn:
		return lang.X("age.unborn", "unborn"), true
	}
	return "", false
}

// AgeSex is the banner's compact "34 y F" ("~" for an estimated birth).
func AgeSex(p model.Patient, today time.Time) string {
	age := lang.X("age.unknown", "age ?")
	if !p.BirthDate.IsZero() {
		age = AgeText(p.BirthDate, today)
		if p.BirthEstimated {
			age = "~" + age
		}
	}
	return age + " " + SexLetter(p.Sex)
}

// nameField is the part of a name a search matched.
func nameField(f search.Field) string {
	if t, ok := nameFieldOf(f); ok {
		return t
	}
	return string(f)
}

func nameFieldOf(f search.Field) (string, bool) {
	switch f {
	case search.FieldGiven:
		return lang.X("why.given", "given name"), true
	case search.FieldFamily:
		return lang.X("why.family", "family name"), true
	case search.FieldOther:
		return lang.X("why.other", "other name"), true
	}
	return "", false
}

// MatchReason says why a search result matched.
func MatchReason(r search.Reason) string {
	s := matchHow(r)
	if r.Merged {
		return lang.X("why.merged", "{{.Identifier}} of a patient merged into this one", map[string]any{"Identifier": s})
	}
	return s
}

func matchHow(r search.Reason) string {
	if t, ok := matchHowOf(r); ok {
		return t
	}
	return r.String()
}

func matchHowOf(r search.Reason) (string, bool) {
	d := map[string]any{"Field": nameField(r.Field), "Found": r.Found, "Typed": r.Typed, "Year": r.Year}
	switch r.How {
	case search.HowExact:
		return lang.X("why.exact", "{{.Field}} {{.Found}}", d), true
	case search.HowPrefix:
		return lang.X("why.prefix", "{{.Field}} starts with {{.Typed}}", d), true
	case search.HowSound:
		return lang.X("why.sound", "{{.Field}} {{.Found}} sounds like {{.Typed}}", d), true
	case search.HowTypo:
		return lang.X("why.typo", "{{.Field}} {{.Found}} close to {{.Typed}}", d), true
	case search.HowFirstSound:
		return lang.X("why.first_sound", "{{.Field}} {{.Found}} sounds like {{.Typed}} (first letter differs)", d), true
	case search.HowFirst:
		return lang.X("why.first_letter", "{{.Field}} {{.Found}} close to {{.Typed}} (first letter differs)", d), true
	case search.HowBorn:
		return lang.X("why.born", "born {{.Year}}", d), true
	case search.HowVillage:
		return lang.X("why.village", "village {{.Found}}", d), true
	case search.HowIdentifier:
		return lang.X("why.identifier", "identifier"), true
	case search.HowMRN:
		return lang.X("why.mrn", "MRN"), true
	case search.HowNationalID:
		return lang.X("why.national_id", "national ID"), true
	case search.HowOldChart:
		return lang.X("why.old_chart", "old chart number"), true
	case search.HowPhone:
		return lang.X("why.phone", "phone"), true
	}
	return "", false
}

// MatchReasons joins a result's reasons.
func MatchReasons(rs []search.Reason) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = MatchReason(r)
	}
	return strings.Join(out, "; ")
}
