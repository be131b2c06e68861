package registers

import (
	"time"

	regflow "dossier/app/flow/registers"

	"fyne.io/fyne/v2/lang"
)

// The registers flow names its registers, notes and columns in English for
// the printed register and the CSV; the page names them here, in the
// window's language. A name this file does not know shows as the flow says.

// kindName is a register's name.
func kindName(k regflow.Kind) string {
	if s, ok := kindNameOf(k); ok {
		return s
	}
	return k.Title()
}

func kindNameOf(k regflow.Kind) (string, bool) {
	switch k {
	case regflow.DiseaseIndex:
		return lang.X("registers.kind.disease", "Disease index"), true
	case regflow.ProcedureIndex:
		return lang.X("registers.kind.procedure", "Procedure index"), true
	case regflow.ClinicianIndex:
		return lang.X("registers.kind.clinician", "Clinician index"), true
	case regflow.AdmissionDischarge:
		return lang.X("registers.kind.admissions", "Admission and discharge register"), true
	case regflow.DeathRegister:
		return lang.X("registers.kind.deaths", "Death register"), true
	case regflow.BirthRegister:
		return lang.X("registers.kind.births", "Birth register"), true
	}
	return "", false
}

// kindByName is the register a name of the list stands for.
func kindByName(s string) (regflow.Kind, bool) {
	for _, k := range regflow.Kinds {
		if kindName(k) == s {
			return k, true
		}
	}
	return "", false
}

// kindNote says how a register is drawn up.
func kindNote(k regflow.Kind) string {
	dated := lang.X("registers.note.dated", "Visits are dated by their day, stays by their discharge; stays still open are not listed.")
	switch k {
	case regflow.DiseaseIndex:
		return lang.X("registers.note.disease", "Patients by coded diagnosis (ICD-10), every diagnosis of each visit and discharged stay.") + " " + dated
	case regflow.ProcedureIndex:
		return lang.X("registers.note.procedure", "Patients by coded procedure.") + " " + dated
	case regflow.ClinicianIndex:
		return lang.X("registers.note.clinician", "Visits and discharged stays by attending clinician, with the principal diagnosis.") + " " + dated
	case regflow.AdmissionDischarge:
		return lang.X("registers.note.admissions", "Inpatient stays admitted or discharged in the period, by admission.")
	case regflow.DeathRegister:
		return lang.X("registers.note.deaths", "Inpatients who died in the period, by date of death, with the principal diagnosis as coded.")
	case regflow.BirthRegister:
		return lang.X("registers.note.births", "Deliveries in the period: encounters coded with an outcome of delivery (Z37), by date.")
	}
	return k.Note()
}

// headerName is a column of a register.
func headerName(h string) string {
	switch h {
	case "MRN":
		return lang.X("col.mrn", "MRN")
	case "Name":
		return lang.X("col.name", "Name")
	case "Sex":
		return lang.X("col.sex", "Sex")
	case "Age":
		return lang.X("registers.col.age", "Age")
	case "Code":
		return lang.X("registers.col.code", "Code")
	case "Title":
		return lang.X("registers.col.title", "Title")
	case "Date":
		return lang.X("col.date", "Date")
	case "Type":
		return lang.X("registers.col.type", "Type")
	case "Principal":
		return lang.X("registers.col.principal", "Principal")
	case "Clinician":
		return lang.X("registers.col.clinician", "Clinician")
	case "Principal diagnosis":
		return lang.X("registers.col.principal_diagnosis", "Principal diagnosis")
	case "Admitted":
		return lang.X("registers.col.admitted", "Admitted")
	case "Ward":
		return lang.X("registers.col.ward", "Ward")
	case "Diagnosis":
		return lang.X("registers.col.diagnosis", "Diagnosis")
	case "Discharged":
		return lang.X("registers.col.discharged", "Discharged")
	case "Outcome":
		return lang.X("registers.col.outcome", "Outcome")
	case "Days":
		return lang.X("registers.col.days", "Days")
	case "Died":
		return lang.X("registers.col.died", "Died")
	case "Hours in":
		return lang.X("registers.col.hours_in", "Hours in")
	case "Cause (principal diagnosis)":
		return lang.X("registers.col.cause", "Cause (principal diagnosis)")
	case "Outcome of delivery":
		return lang.X("registers.col.outcome_of_delivery", "Outcome of delivery")
	case "Delivery":
		return lang.X("registers.col.delivery", "Delivery")
	}
	return h
}

// periodName writes the filter's days for people: a whole month by its
// name ("November 2026"), else the first and last day.
func periodName(f regflow.Filter) string {
	last := f.To.AddDate(0, 0, -1)
	if f.From.Day() == 1 && f.To.Day() == 1 && f.From.Month() == last.Month() && f.From.Year() == last.Year() {
		return lang.X("registers.month_year", "{{.Month}} {{.Year}}", map[string]any{"Month": monthName(f.From.Month()), "Year": f.From.Year()})
	}
	return lang.X("registers.period", "{{.From}} to {{.To}}", map[string]any{"From": f.From.Format("2006-01-02"), "To": last.Format("2006-01-02")})
}

// monthName is a month's name.
func monthName(m time.Month) string {
	switch m {
	case time.January:
		return lang.X("registers.month.january", "January")
	case time.February:
		return lang.X("registers.month.february", "February")
	case time.March:
		return lang.X("registers.month.march", "March")
	case time.April:
		return lang.X("registers.month.april", "April")
	case time.May:
		return lang.X("registers.month.may", "May")
	case time.June:
		return lang.X("registers.month.june", "June")
	case time.July:
		return lang.X("registers.month.july", "July")
	case time.August:
		return lang.X("registers.month.august", "August")
	case time.September:
		return lang.X("registers.month.september", "September")
	case time.October:
		return lang.X("registers.month.october", "October")
	case time.November:
		return lang.X("registers.month.november", "November")
	case time.December:
		return lang.X("registers.month.december", "December")
	}
	return m.String()
}
