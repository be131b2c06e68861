package clinical

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
)

// Field is one box of a transcription form. Keys are stored in every
// keyed Entry: append-only, never renamed or reused.
type Field struct {
	Key      string
	Label    string
	Kind     FieldKind
	Required bool
	// DoubleEntryDefault marks the fields a second clerk keys blind unless
	// the clinic chooses otherwise: the ones where a misreading harms
	// (dates, drugs, results, diagnoses), not long narrative text, whose
	// double keying costs more than it catches.
	DoubleEntryDefault bool
	Help               string
	Multiline          bool     // narrative text: a large box
	NotFuture          bool     // a date or time that cannot be after today
	Choices            []string // stored values a code field accepts
	Test               string   // the catalogue test (or "bp") a number field holds
}

// Template is the ordered fields of one type of paper document.
type Template struct {
	Type   model.DocType
	Title  string
	Fields []Field
}

// Referral urgencies. Stored: append-only.
const (
	UrgencyRoutine   = "routine"
	UrgencyUrgent    = "urgent"
	UrgencyEmergency = "emergency"
)

// Urgencies lists them from least to most urgent.
var Urgencies = []string{UrgencyRoutine, UrgencyUrgent, UrgencyEmergency}

func dispositionChoices() []string {
	out := make([]string, len(Dispositions))
	for i, d := range Dispositions {
		out[i] = string(d)
	}
	return out
}

func testChoices() []string {
	out := make([]string, len(catalogue))
	for i, t := range catalogue {
		out[i] = t.Code
	}
	return out
}

const (
	listHelp = "Separate items with semicolons."
	// vitalHelp is shared by the admission vitals.
	vitalHelp = "As written; add the unit if it is not the usual one (101 F)."
)

var templates = []Template{
	{Type: model.DocAdmission, Title: "Admission form", Fields: []Field{
		{Key: "admitted", Label: "Admission date and time", Kind: FieldDateTime, Required: true, DoubleEntryDefault: true, NotFuture: true,
			Help: "Date and time of admission as written on the form."},
		{Key: "ward", Label: "Ward", Kind: FieldText, Required: true, DoubleEntryDefault: true},
		{Key: "bed", Label: "Bed", Kind: FieldText},
		{Key: "admitted_by", Label: "Admitting clinician", Kind: FieldText, DoubleEntryDefault: true,
			Help: "The name of the clinician who admitted the patient, if legible."},
		{Key: "referred_from", Label: "Referred from", Kind: FieldText, Help: "The facility that sent the patient, if any."},
		{Key: "reason", Label: "Reason for admission", Kind: FieldText, Required: true, Multiline: true,
			Help: "The presenting complaint as written."},
		{Key: "diagnoses", Label: "Admission diagnoses", Kind: FieldList, DoubleEntryDefault: true,
			Help: "As written, the main one first. " + listHelp},
		{Key: "allergies", Label: "Allergies", Kind: FieldList, DoubleEntryDefault: true,
			Help: "Each substance with its reaction. Type NKDA if the form says no known allergies; leave empty if it says nothing."},
		{Key: "medications", Label: "Medications on admission", Kind: FieldList, DoubleEntryDefault: true,
			Help: "Name, dose, route and frequency, e.g. amoxicillin 500 mg oral TDS. " + listHelp},
		{Key: "temp", Label: "Temperature", Kind: FieldNumber, DoubleEntryDefault: true, Test: "temp", Help: vitalHelp},
		{Key: "pulse", Label: "Pulse", Kind: FieldNumber, DoubleEntryDefault: true, Test: "pulse", Help: vitalHelp},
		{Key: "resp_rate", Label: "Respiratory rate", Kind: FieldNumber, DoubleEntryDefault: true, Test: "resp-rate", Help: vitalHelp},
		{Key: "bp", Label: "Blood pressure", Kind: FieldNumber, DoubleEntryDefault: true, Test: "bp", Help: "Systolic/diastolic, e.g. 120/80."},
		{Key: "spo2", Label: "SpO2", Kind: FieldNumber, DoubleEntryDefault: true, Test: "spo2", Help: vitalHelp},
		{Key: "weight", Label: "Weight", Kind: FieldNumber, DoubleEntryDefault: true, Test: "weight", Help: vitalHelp},
	}},
	{Type: model.DocDischarge, Title: "Discharge summary", Fields: []Field{
		{Key: "admitted", Label: "Admission date", Kind: FieldDate, DoubleEntryDefault: true, NotFuture: true,
			Help: "The admission date the summary gives; it finds the stay the summary closes."},
		{Key: "discharged", Label: "Discharge date and time", Kind: FieldDateTime, Required: true, DoubleEntryDefault: true, NotFuture: true,
			Help: "Date and time of discharge. For a death, the time of death."},
		{Key: "disposition", Label: "Outcome", Kind: FieldCode, Required: true, DoubleEntryDefault: true, Choices: dispositionChoices(),
			Help: "How the patient left hospital."},
		{Key: "principal_diagnosis", Label: "Principal diagnosis", Kind: FieldText, Required: true, DoubleEntryDefault: true,
			Help: "The main condition treated, as written."},
		{Key: "secondary_diagnoses", Label: "Other diagnoses", Kind: FieldList, DoubleEntryDefault: true, Help: listHelp},
		{Key: "procedures", Label: "Procedures", Kind: FieldList, DoubleEntryDefault: true, Help: listHelp},
		{Key: "discharge_medications", Label: "Medications on discharge", Kind: FieldList, DoubleEntryDefault: true,
			Help: "Name, dose, route, frequency and duration. " + listHelp},
		{Key: "follow_up", Label: "Follow-up", Kind: FieldText, Help: "Where and when, e.g. MCH clinic in 2 weeks."},
		{Key: "follow_up_date", Label: "Follow-up date", Kind: FieldDate, DoubleEntryDefault: true},
		{Key: "summary", Label: "Summary", Kind: FieldText, Multiline: true, Help: "The narrative as written."},
		{Key: "discharged_by", Label: "Discharging clinician", Kind: FieldText},
	}},
	{Type: model.DocCaseNote, Title: "Case note", Fields: []Field{
		{Key: "written", Label: "Date and time", Kind: FieldDateTime, Required: true, DoubleEntryDefault: true, NotFuture: true},
		{Key: "author", Label: "Author", Kind: FieldText, Required: true, DoubleEntryDefault: true,
			Help: "The name or signature on the note; \"illegible\" if it cannot be read."},
		{Key: "title", Label: "Title", Kind: FieldText, Help: "Ward round, review, procedure note …"},
		{Key: "text", Label: "Note", Kind: FieldText, Required: true, Multiline: true,
			Help: "As written. Type [illegible] for words that cannot be read."},
	}},
	{Type: model.DocLab, Title: "Lab result", Fields: []Field{
		{Key: "test", Label: "Test", Kind: FieldCode, Required: true, DoubleEntryDefault: true, Choices: testChoices()},
		{Key: "value", Label: "Result", Kind: FieldNumber, Required: true, DoubleEntryDefault: true,
			Help: "As printed: a number, or a word such as positive."},
		{Key: "unit", Label: "Unit", Kind: FieldCode, DoubleEntryDefault: true,
			Help: "The unit printed beside the result; empty for positive/negative results."},
		{Key: "ref_range", Label: "Reference range", Kind: FieldText, Help: "As printed, e.g. 3.5-5.0."},
		{Key: "collected", Label: "Collection date and time", Kind: FieldDateTime, Required: true, DoubleEntryDefault: true, NotFuture: true},
		{Key: "reported", Label: "Report date", Kind: FieldDate, DoubleEntryDefault: true, NotFuture: true},
		{Key: "lab", Label: "Laboratory", Kind: FieldText},
		{Key: "specimen", Label: "Specimen code", Kind: FieldCode,
			Help: "The code on the report, e.g. KDH123-04, if there is one: it closes the specimen in the log."},
	}},
	{Type: model.DocReferral, Title: "Referral letter", Fields: []Field{
		{Key: "date", Label: "Referral date", Kind: FieldDate, Required: true, DoubleEntryDefault: true, NotFuture: true},
		{Key: "to", Label: "Receiving facility", Kind: FieldText, Required: true, DoubleEntryDefault: true,
			Help: "The facility, department or clinician."},
		{Key: "from", Label: "Referring facility", Kind: FieldText},
		{Key: "reason", Label: "Reason", Kind: FieldText, Required: true, Multiline: true},
		{Key: "urgency", Label: "Urgency", Kind: FieldCode, Required: true, DoubleEntryDefault: true, Choices: Urgencies},
		{Key: "diagnoses", Label: "Diagnoses", Kind: FieldList, DoubleEntryDefault: true, Help: listHelp},
		{Key: "clinician", Label: "Referring clinician", Kind: FieldText, Required: true},
	}},
}

// TemplateFor returns the transcription template of a document type; false
// for types that are filed as scanned pages only (imaging, consent,
// nursing, other). The template is a copy the caller may change.
func TemplateFor(t model.DocType) (Template, bool) {
	for _, tp := range templates {
		if tp.Type == t {
			tp.Fields = slices.Clone(tp.Fields)
			for i := range tp.Fields {
				tp.Fields[i].Choices = slices.Clone(tp.Fields[i].Choices)
			}
			return tp, true
		}
	}
	return Template{}, false
}

// Field finds a field by key.
func (t Template) Field(key string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Kinds maps every field to its kind, for Compare.
func (t Template) Kinds() map[string]FieldKind {
	out := map[string]FieldKind{}
	for _, f := range t.Fields {
		out[f.Key] = f.Kind
	}
	return out
}

// DoubleEntryKinds maps the fields keyed twice by default to their kinds.
func (t Template) DoubleEntryKinds() map[string]FieldKind {
	out := map[string]FieldKind{}
	for _, f := range t.Fields {
		if f.DoubleEntryDefault {
			out[f.Key] = f.Kind
		}
	}
	return out
}

// Compare is Compare over the fields keyed twice by default, in the order
// of the form rather than by key.
func (t Template) Compare(first, second Entry, order DateOrder, now time.Time) []Mismatch {
	var out []Mismatch
	for _, f := range t.Fields {
		if f.DoubleEntryDefault && !Same(f.Kind, first[f.Key], second[f.Key], order, now) {
			out = append(out, Mismatch{Field: f.Key, First: first[f.Key], Second: second[f.Key]})
		}
	}
	return out
}

// Check returns the problems of a keyed entry by field key, so the form can
// show each message beside its field: required fields left empty, dates
// and numbers that do not read, results that are not possible, choices not
// on the list.
func (t Template) Check(e Entry, order DateOrder, now time.Time) map[string]string {
	errs := map[string]string{}
	today := model.DateOf(now)
	for _, f := range t.Fields {
		v := strings.TrimSpace(e[f.Key])
		if v == "" {
			if f.Required {
				errs[f.Key] = "enter the " + strings.ToLower(f.Label)
			}
			continue
		}
		if msg := t.checkValue(f, v, e, order, now, today); msg != "" {
			errs[f.Key] = msg
		}
	}
	return errs
}

func (t Template) checkValue(f Field, v string, e Entry, order DateOrder, now time.Time, today model.Date) string {
	switch f.Kind {
	case FieldDate:
		d, err := ParseDate(v, order, now)
		if err != nil {
			return err.Error()
		}
		if f.NotFuture && d.Time().After(today.Time()) {
			return fmt.Sprintf("the %s %s is in the future", strings.ToLower(f.Label), d)
		}
	case FieldDateTime:
		at, err := ParseDateTime(v, order, now)
		if err != nil {
			return err.Error()
		}
		if f.NotFuture && at.After(now.Add(clockSlack)) {
			return fmt.Sprintf("the %s %s is in the future", strings.ToLower(f.Label), at.Format(stamp))
		}
	case FieldNumber:
		test := f.Test
		if t.Type == model.DocLab && f.Key == "value" {
			// The lab form's result belongs to the test chosen above it.
			test = e["test"]
			if lookup(test) == nil {
				return "" // reported on the test field
			}
			if u := strings.TrimSpace(e["unit"]); u != "" && numberRE.MatchString(v) {
				if m := numberRE.FindStringSubmatch(v); strings.TrimSpace(m[3]) == "" {
					v += " " + u
				}
			}
		}
		if test != "" {
			if _, err := ParseObservations(test, v); err != nil {
				return err.Error()
			}
		} else if !numberRE.MatchString(v) {
			return fmt.Sprintf("%q is not a number", v)
		}
	case FieldCode:
		if t.Type == model.DocLab && f.Key == "test" {
			if lookup(v) == nil {
				return fmt.Sprintf("%q is not a test in the catalogue", v)
			}
			return ""
		}
		if len(f.Choices) > 0 && !slices.ContainsFunc(f.Choices, func(c string) bool { return strings.EqualFold(c, v) }) {
			if f.Key == "disposition" {
				if _, ok := DispositionByLabel(v); ok {
					return ""
				}
			}
			return fmt.Sprintf("%q is not one of: %s", v, strings.Join(f.Choices, ", "))
		}
	case FieldList:
		if f.Key == "medications" || f.Key == "discharge_medications" {
			return checkMedicationList(v)
		}
	case FieldText:
		if t.Type == model.DocLab && f.Key == "ref_range" {
			// A coded test's range ("negative") is kept as printed.
			if lt := lookup(e["test"]); lt != nil && !lt.Coded() {
				if _, _, err := ParseRefRange(e["test"], v, e["unit"]); err != nil {
					return err.Error()
				}
			}
		}
	}
	return ""
}

// ForClinic is the template with the clinic's choice of double-entry
// fields applied (keys not on the form are ignored; no choice for this type
// keeps the defaults).
func (t Template) ForClinic(c model.Clinic) Template {
	keys, ok := c.DoubleEntryFields[t.Type]
	if !ok {
		return t
	}
	t.Fields = slices.Clone(t.Fields)
	for i := range t.Fields {
		t.Fields[i].DoubleEntryDefault = slices.Contains(keys, t.Fields[i].Key)
	}
	return t
}

// ClinicTemplate is TemplateFor with the clinic's double-entry choice.
func ClinicTemplate(c model.Clinic, dt model.DocType) (Template, bool) {
	t, ok := TemplateFor(dt)
	if !ok {
		return t, false
	}
	return t.ForClinic(c), true
}

// Templates lists every transcription template, in form order.
func Templates() []Template {
	var out []Template
	for _, t := range templates {
		if c, ok := TemplateFor(t.Type); ok {
			out = append(out, c)
		}
	}
	return out
}
