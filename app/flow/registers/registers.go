// Package registers draws up the classic health-records registers and
// indexes for both front ends: the disease, procedure and clinician indexes
// and the admission and discharge, death and birth registers of a period,
// on screen, as a landscape PDF and as CSV. Storage audits the opening;
// printing and exporting are audited here through storage.Outputs.
package registers

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"dossier/app/flow/printing"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// Kind is one register.
type Kind string

const (
	DiseaseIndex       Kind = "disease"
	ProcedureIndex     Kind = "procedure"
	ClinicianIndex     Kind = "clinician"
	AdmissionDischarge Kind = "admissions"
	DeathRegister      Kind = "deaths"
	BirthRegister      Kind = "births"
)

// Kinds in the order screens list them.
var Kinds = []Kind{DiseaseIndex, ProcedureIndex, ClinicianIndex, AdmissionDischarge, DeathRegister, BirthRegister}

// ParseKind accepts a register's short name or its title.
func ParseKind(s string) (Kind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range Kinds {
		if s == string(k) || s == strings.ToLower(k.Title()) {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", model.Errorf(model.Invalid, "there is no register %q: choose %s", s, strings.Join(names, ", "))
}

// Title is the register's name as printed.
func (k Kind) Title() string {
	return map[Kind]string{DiseaseIndex: "Disease index", ProcedureIndex: "Procedure index", ClinicianIndex: "Clinician index",
		AdmissionDischarge: "Admission and discharge register", DeathRegister: "Death register", BirthRegister: "Birth register"}[k]
}

// Note says how the register is drawn up (printed under the title).
func (k Kind) Note() string {
	const dated = "Visits are dated by their day, stays by their discharge; stays still open are not listed."
	return map[Kind]string{
		DiseaseIndex:       "Patients by coded diagnosis (ICD-10), every diagnosis of each visit and discharged stay. " + dated,
		ProcedureIndex:     "Patients by coded procedure. " + dated,
		ClinicianIndex:     "Visits and discharged stays by attending clinician, with the principal diagnosis. " + dated,
		AdmissionDischarge: "Inpatient stays admitted or discharged in the period, by admission.",
		DeathRegister:      "Inpatients who died in the period, by date of death, with the principal diagnosis as coded.",
		BirthRegister:      "Deliveries in the period: encounters coded with an outcome of delivery (Z37), by date.",
	}[k]
}

// Filter chooses a register's period and entries.
type Filter struct {
	From, To time.Time // the days [From, To): To is the day after the last
	Code     string    // disease and procedure indexes: codes beginning so ("A09", "J1")
}

// Register is a register drawn up: the table, and the patient of each row
// (for opening the chart from the screen).
type Register struct {
	Kind     Kind
	Period   string
	Table    reports.Table
	Weights  []float64
	Patients []model.ID
}

// Build draws up a register (audited by storage as a view).
func Build(sess *storage.Session, k Kind, f Filter) (Register, error) {
	if k.Title() == "" {
		return Register{}, model.Errorf(model.Invalid, "there is no register %q", k)
	}
	encs, err := sess.Registers().Encounters(strings.ToLower(k.Title()), f.From, f.To)
	if err != nil {
		return Register{}, err
	}
	r := Register{Kind: k, Period: PeriodText(f.From, f.To)}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(f.From) && t.Before(f.To) }
	type row struct {
		sort  []string
		cells []string
		who   model.ID
	}
	var rows []row
	add := func(who model.ID, sortKey []string, cells ...string) {
		rows = append(rows, row{sortKey, cells, who})
	}
	code := normCode(f.Code)
	for _, re := range encs {
		e, p := re.Encounter, re.Patient
		date := dated(e)
		person := []string{p.MRN, p.Name, string(p.Sex), age(p, date)}
		switch k {
		case DiseaseIndex, ProcedureIndex:
			if !in(date) {
				continue
			}
			want := model.ItemDiagnosis
			if k == ProcedureIndex {
				want = model.ItemProcedure
			}
			for _, it := range e.Coding {
				if it.Kind != want || !it.Coded() || !strings.HasPrefix(normCode(it.Code), code) {
					continue
				}
				add(e.PatientID, []string{normCode(it.Code), day(date)},
					append([]string{it.Code, it.Title, day(date)}, append(person, string(e.Type), yesNo(it.Principal))...)...)
			}
		case ClinicianIndex:
			if !in(date) {
				continue
			}
			who := cmp.Or(strings.TrimSpace(e.Clinician), "(not recorded)")
			add(e.PatientID, []string{strings.ToLower(who), day(date)},
				append([]string{who, day(date)}, append(person, string(e.Type), principal(e))...)...)
		case AdmissionDischarge:
			if e.Type != model.EncInpatient || !(in(e.Start) || in(e.End)) {
				continue
			}
			s := clinical.StayOf(e)
			out, days := "", ""
			if !e.End.IsZero() {
				out, days = day(e.End), fmt.Sprint(s.LengthOfStay(e.End))
			}
			add(e.PatientID, []string{day(e.Start)},
				append([]string{day(e.Start), s.CurrentWard()}, append(person, principal(e), out, string(e.Disposition), days)...)...)
		case DeathRegister:
			if e.Type != model.EncInpatient || e.Disposition != string(clinical.DispDied) || !in(e.End) {
				continue
			}
			hours := e.End.Sub(e.Start).Hours()
			within := ""
			if hours < 48 {
				within = "under 48 h"
			}
			add(e.PatientID, []string{e.End.Format(time.RFC3339)},
				append([]string{e.End.Format("2006-01-02 15:04"), clinical.StayOf(e).CurrentWard()},
					append(person, fmt.Sprintf("%.0f", hours), within, principal(e))...)...)
		case BirthRegister:
			if !in(date) {
				continue
			}
			var outcome, delivery []string
			for _, it := range e.Coding {
				c := normCode(it.Code)
				switch {
				case strings.HasPrefix(c, "Z37"):
					outcome = append(outcome, it.Code+" "+it.Title)
				case c >= "O80" && c < "O85", strings.HasPrefix(c, "10D"):
					delivery = append(delivery, it.Code+" "+it.Title)
				}
			}
			if len(outcome) == 0 {
				continue
			}
			add(e.PatientID, []string{day(date)},
				append([]string{day(date)}, append(person, strings.Join(outcome, "; "), strings.Join(delivery, "; "))...)...)
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return slices.Compare(a.sort, b.sort) })
	r.Table.Header, r.Weights = columns(k)
	for _, x := range rows {
		r.Table.Rows = append(r.Table.Rows, x.cells)
		r.Patients = append(r.Patients, x.who)
	}
	return r, nil
}

func columns(k Kind) ([]string, []float64) {
	person := []string{"MRN", "Name", "Sex", "Age"}
	pw := []float64{1.6, 2.4, 0.5, 0.8}
	switch k {
	case DiseaseIndex, ProcedureIndex:
		return append([]string{"Code", "Title", "Date"}, append(person, "Type", "Principal")...),
			append([]float64{0.9, 3, 1.25}, append(pw, 1, 0.8)...)
	case ClinicianIndex:
		return append([]string{"Clinician", "Date"}, append(person, "Type", "Principal diagnosis")...),
			append([]float64{1.8, 1.25}, append(pw, 1, 3)...)
	case AdmissionDischarge:
		return append([]string{"Admitted", "Ward"}, append(person, "Diagnosis", "Discharged", "Outcome", "Days")...),
			append([]float64{1.25, 1.2}, append(pw, 2.6, 1.25, 1.3, 0.6)...)
	case DeathRegister:
		return append([]string{"Died", "Ward"}, append(person, "Hours in", "", "Cause (principal diagnosis)")...),
			append([]float64{1.4, 1.2}, append(pw, 0.7, 0.9, 3)...)
	case BirthRegister:
		return append([]string{"Date"}, append(person, "Outcome of delivery", "Delivery")...),
			append([]float64{1.25}, append(pw, 3, 3)...)
	}
	return nil, nil
}

// dated is the day an encounter counts in an index: a visit's day, a
// stay's discharge (zero while open).
func dated(e model.Encounter) time.Time {
	if e.Type == model.EncInpatient {
		return e.End
	}
	return e.Start
}

func principal(e model.Encounter) string {
	for _, it := range e.ItemsToCode() {
		if it.Kind == model.ItemDiagnosis && it.Principal {
			if it.Coded() {
				return it.Code + " " + it.Title
			}
			return it.Text
		}
	}
	return ""
}

func age(p storage.PatientSummary, at time.Time) string {
	if p.BirthDate.IsZero() || at.IsZero() {
		return ""
	}
	return p.BirthDate.AgeText(at)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func normCode(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
}

// PeriodText writes [from, to) for people: "2026-11-01 to 2026-11-30".
func PeriodText(from, to time.Time) string {
	last := to.AddDate(0, 0, -1)
	if from.Day() == 1 && last.AddDate(0, 0, 1).Day() == 1 && from.Month() == last.Month() && from.Year() == last.Year() {
		return from.Format("January 2006")
	}
	return from.Format("2006-01-02") + " to " + last.Format("2006-01-02")
}

// Month is the filter of a calendar month in loc.
func Month(year int, m time.Month, loc *time.Location) Filter {
	from := time.Date(year, m, 1, 0, 0, 0, 0, loc)
	return Filter{From: from, To: from.AddDate(0, 1, 0)}
}

// WriteCSV exports the register as CSV (audited export).
func WriteCSV(sess *storage.Session, r Register, w io.Writer, dest string) error {
	if err := sess.Outputs().RecordExport(model.KindEncounter, model.ZeroID,
		fmt.Sprintf("%s %s as CSV (%d rows) to %s", strings.ToLower(r.Kind.Title()), r.Period, len(r.Table.Rows), dest)); err != nil {
		return err
	}
	return reports.WriteCSV(w, r.Table)
}

// WritePDF prints the register as a landscape PDF (audited print).
func WritePDF(sess *storage.Session, r Register, w io.Writer, dest string) error {
	if err := sess.Outputs().RecordPrint(model.KindEncounter, model.ZeroID, printDetail(r, dest)); err != nil {
		return err
	}
	return render(sess, r, w)
}

func printDetail(r Register, dest string) string {
	return printing.AuditDetail(fmt.Sprintf("%s %s (%d rows)", strings.ToLower(r.Kind.Title()), r.Period, len(r.Table.Rows)), dest)
}

func render(sess *storage.Session, r Register, w io.Writer) error {
	clinic, err := sess.Clinic()
	if err != nil {
		return err
	}
	return reports.WriteRegister(w, reports.RegisterReport{Clinic: clinic, Title: r.Kind.Title(), Period: r.Period,
		Note: r.Kind.Note(), Table: r.Table, Weights: r.Weights, PrintedBy: sess.User().Username, PrintedAt: time.Now(),
		Words: printed.For(clinic.Language)})
}

// Job renders the register for the window's print-or-save dialog, which
// audits the print or save when it happens.
func Job(sess *storage.Session, r Register) (*printing.Job, error) {
	var b bytes.Buffer
	if err := render(sess, r, &b); err != nil {
		return nil, err
	}
	name := strings.ReplaceAll(strings.ToLower(r.Kind.Title()), " ", "-") + ".pdf"
	return printing.NewJob(name, "Dossier "+strings.ToLower(r.Kind.Title()), false, b.Bytes(), func(to string) error {
		return sess.Outputs().RecordPrint(model.KindEncounter, model.ZeroID, printDetail(r, to))
	}), nil
}
