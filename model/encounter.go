package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// EncounterType distinguishes visits from stays. Stored: append-only.
type EncounterType string

const (
	EncOutpatient EncounterType = "outpatient"
	EncInpatient  EncounterType = "inpatient"
	EncEmergency  EncounterType = "emergency"
)

// Encounter is one visit or stay of a patient.
type Encounter struct {
	ID        ID            `json:"id"`
	PatientID ID            `json:"patient"`
	Type      EncounterType `json:"type"`
	Start     time.Time     `json:"start"`
	End       time.Time     `json:"end,omitempty"`
	Ward      string        `json:"ward,omitempty"`
	// Clinician is the attending clinician as typed on records made before
	// clinicians were users; kept readable, never repurposed. New records
	// name the attending by ClinicianID (a user with role clinician) and
	// keep the name here for display.
	Clinician   string `json:"clinician,omitempty"`
	ClinicianID ID     `json:"clinicianId,omitempty"`
	Reason      string `json:"reason,omitempty"`
	// Diagnoses as written; coding attaches codes to them later.
	Diagnoses []string `json:"dx,omitempty"`
	// Coding is the coder's work on this encounter: each diagnosis or
	// procedure with its code, principal first.
	Coding       []CodedItem  `json:"coding,omitempty"`
	CodingStatus CodingStatus `json:"codingStatus,omitempty"`
	CodedBy      string       `json:"codedBy,omitempty"`
	CodedAt      time.Time    `json:"codedAt,omitempty"`
	// The rest is an inpatient stay's course, kept by Admit, Transfer and
	// Discharge (package clinical reads it as a clinical.Stay). Ward and Bed
	// are where the patient was admitted; each move between wards is a
	// Transfer, so where the patient is now is the last transfer's ward.
	// End is the discharge (for a death, the time of death).
	Bed       string     `json:"bed,omitempty"`
	Transfers []Transfer `json:"transfers,omitempty"`
	// Disposition is how the stay ended: the stored value of a
	// clinical.Disposition ("home", "died" …), empty while the stay is open.
	Disposition   string `json:"disposition,omitempty"`
	DischargeNote string `json:"dischargeNote,omitempty"`
	// AdmittedBy is the admitting clinician, as written on the admission
	// form (not necessarily a user of Dossier).
	AdmittedBy string `json:"admittedBy,omitempty"`
	// Source names the record this encounter was imported from ("FHIR
	// Encounter/…"), so importing the same file again adds nothing.
	Source string `json:"source,omitempty"`
}

// Transfer is a move between wards of this facility during a stay. Stored
// inside the encounter; the same fields as clinical.Transfer.
type Transfer struct {
	At       time.Time `json:"at"`
	FromWard string    `json:"from,omitempty"`
	ToWard   string    `json:"to"`
	Bed      string    `json:"bed,omitempty"`
	By       string    `json:"by,omitempty"` // who ordered or recorded the move
}

// CodingStatus is where an encounter stands with the coder. Stored:
// append-only.
type CodingStatus string

const (
	CodingNone       CodingStatus = ""            // nothing to code, or not started
	CodingInProgress CodingStatus = "in-progress" // some items coded
	CodingDone       CodingStatus = "coded"       // every item coded and checked
)

// ItemKind says whether a coded item is a diagnosis or a procedure.
// Stored: append-only.
type ItemKind string

const (
	ItemDiagnosis ItemKind = "diagnosis"
	ItemProcedure ItemKind = "procedure"
)

// CodedItem is one diagnosis or procedure as written and, once coded, the
// code with the system and release it came from, so old records stay
// correct after a code set is updated.
type CodedItem struct {
	Kind      ItemKind `json:"kind"`
	Text      string   `json:"text"`
	System    string   `json:"system,omitempty"`
	Version   string   `json:"version,omitempty"`
	Code      string   `json:"code,omitempty"`
	Title     string   `json:"title,omitempty"`
	Principal bool     `json:"principal,omitempty"`
	// Done is the day a procedure was done, as the operation note gives
	// it; zero when not recorded (procedures coded before it existed).
	// The post-operative death rate counts from it.
	Done Date `json:"done,omitzero"`
}

// Coded reports whether the item has a code.
func (c CodedItem) Coded() bool { return c.Code != "" }

// ItemsToCode returns the encounter's items, starting from its written
// diagnoses when no one has coded it yet.
func (e Encounter) ItemsToCode() []CodedItem {
	if len(e.Coding) > 0 {
		return e.Coding
	}
	var out []CodedItem
	for i, d := range e.Diagnoses {
		out = append(out, CodedItem{Kind: ItemDiagnosis, Text: d, Principal: i == 0})
	}
	return out
}

// NeedsCoding reports an encounter with written diagnoses or items not
// yet coded.
func (e Encounter) NeedsCoding() bool {
	if e.CodingStatus == CodingDone {
		return false
	}
	for _, it := range e.ItemsToCode() {
		if !it.Coded() {
			return true
		}
	}
	return e.CodingStatus == CodingInProgress
}

// Validate checks the dates of an encounter against today.
func (e Encounter) Validate(now time.Time) error {
	if e.PatientID.IsZero() {
		return errors.New("the encounter has no patient")
	}
	if e.Start.IsZero() {
		return errors.New("enter the date of the visit or admission")
	}
	if e.Start.After(now) {
		return errors.New("the visit date is in the future")
	}
	if !e.End.IsZero() && e.End.Before(e.Start) {
		return errors.New("the discharge is before the admission")
	}
	return nil
}

// Note is a narrative written or transcribed into a patient's chart.
type Note struct {
	ID          ID        `json:"id"`
	PatientID   ID        `json:"patient"`
	EncounterID ID        `json:"encounter,omitempty"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	Author      string    `json:"author"`
	Written     time.Time `json:"written"`
	SignedBy    string    `json:"signedBy,omitempty"`
	SignedAt    time.Time `json:"signedAt,omitempty"`
}

// CheckStayOverlap refuses an inpatient stay that overlaps another stay of
// the same patient: a person is in one bed at a time. Backdated stays keyed
// from old charts are where this is usually caught. A stay with no
// discharge is open until now.
func CheckStayOverlap(e Encounter, others []Encounter, now time.Time) error {
	if e.Type != EncInpatient {
		return nil
	}
	end := func(x Encounter) time.Time {
		if x.End.IsZero() {
			return now
		}
		return x.End
	}
	for _, o := range others {
		if o.ID == e.ID || o.Type != EncInpatient {
			continue
		}
		if e.Start.Before(end(o)) && o.Start.Before(end(e)) {
			return fmt.Errorf("this stay overlaps the admission of %s (ward %s)", o.Start.Format("2006-01-02"), o.Ward)
		}
	}
	return nil
}

// CheckProcedureDates enforces that a procedure's date, where one is
// given, falls within its encounter (from the first day to the discharge,
// or to today while it is open) and that only procedures carry one.
func CheckProcedureDates(e Encounter, items []CodedItem, today time.Time) error {
	first := DateOf(e.Start)
	last := DateOf(today)
	if !e.End.IsZero() {
		last = DateOf(e.End)
	}
	for _, it := range items {
		switch {
		case it.Done.IsZero():
		case it.Kind != ItemProcedure:
			return FieldError("done", fmt.Sprintf("%q is not a procedure: only a procedure has the date it was done", it.Text))
		case it.Done.Time().Before(first.Time()) || it.Done.Time().After(last.Time()):
			return FieldError("done", fmt.Sprintf("%q was done on %s, outside the encounter (%s to %s)", it.Text, it.Done, first, last))
		}
	}
	return nil
}

// CheckPrincipal enforces one principal diagnosis per encounter: at most one
// coded item is a principal diagnosis. The error is Invalid with a message
// for the "principal" field.
func CheckPrincipal(items []CodedItem) error {
	var names []string
	for _, it := range items {
		if it.Principal && it.Kind == ItemDiagnosis {
			names = append(names, it.Text)
		}
	}
	if len(names) > 1 {
		return FieldError("principal", fmt.Sprintf("choose one principal diagnosis; the others are secondary (%s are all marked principal)", strings.Join(names, ", ")))
	}
	return nil
}
