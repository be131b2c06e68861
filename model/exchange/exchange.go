// Package exchange holds what moves between Dossier and other systems
// (FHIR today): one patient's record as it leaves, and one incoming
// patient with what importing it would do. The formats live in
// reports/fhir; the rules (who may export, matching, one transaction per
// patient) in storage.
package exchange

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// PatientRecord is one patient's record as it leaves the store.
type PatientRecord struct {
	Patient model.Patient
	// Restricted marks a restricted patient included because the user has
	// release authority; the export flags it (meta.security).
	Restricted   bool
	Encounters   []model.Encounter
	Problems     []clinical.ProblemEntry
	Allergies    []clinical.AllergyEntry
	Observations []clinical.ObservationEntry
	Medications  []clinical.MedicationEntry
	Documents    []model.Document
	// Images are the documents' page images, only when the export asks
	// for them (Scope.WithImages); the writer puts them in the documents'
	// DocumentReferences.
	Images []PageImage
}

// PageImage is one page of a document as it leaves: the original scan.
type PageImage struct {
	Document    model.ID
	Page        int // from 1, in the document's order
	ContentType string
	Data        []byte
}

// Scope says which patients an export takes.
type Scope struct {
	Patient model.ID  // one patient (a Bundle)
	All     bool      // the whole clinic
	Since   time.Time // with All: only patients with a change at or after this time
	// ForWhom is who the records leave for ("District registry"): audited.
	ForWhom string
	// Where is the file or folder written, for the audit entry.
	Where string
	// WithImages puts each document's page images in (audited as a
	// disclosure of images); without it none leave.
	WithImages bool
}

// ExportSummary is what an export handed out.
type ExportSummary struct {
	Patients     int
	Restricted   int // restricted patients included (flagged)
	LeftOut      int // restricted patients left out for lack of authority
	Encounters   int
	Observations int
	Images       int // page images included (Scope.WithImages)
	// Withheld are documents whose images stayed in because they are
	// flagged sensitive (they need the patient's explicit consent, which
	// a release records).
	Withheld int
}

// Incoming is one patient read from another system's file, with what
// belongs to them. Every record carries Source, the sender's identity of
// it ("Encounter/1a2b…"), so a second import of the same file finds it.
// Encounter IDs are provisional (the reader's), so the other records can
// name their encounter; the store replaces them.
type Incoming struct {
	Source       string
	Patient      model.Patient
	Encounters   []model.Encounter
	Problems     []clinical.ProblemEntry
	Allergies    []clinical.AllergyEntry
	Observations []clinical.ObservationEntry
	Medications  []clinical.MedicationEntry
	Skipped      []Skip
}

// Skip is one record of the file left out, and why.
type Skip struct {
	Source string
	Reason string
}

// Outcome is what importing an incoming patient does to the index.
type Outcome string

const (
	// OutCreate registers a new patient.
	OutCreate Outcome = "create"
	// OutUpdate adds new records to a patient imported before from the same source.
	OutUpdate Outcome = "update"
	// OutLinked adds the records to an existing patient found by an exact
	// identifier (this clinic's MRN, or national ID with the same birth date).
	OutLinked Outcome = "linked"
	// OutReview registers a new patient and sends the pair with the likely
	// existing patient to duplicate review.
	OutReview Outcome = "review"
	// OutUnchanged: everything in the file is already in the store.
	OutUnchanged Outcome = "unchanged"
	// OutRefused: the patient cannot be imported (see Note).
	OutRefused Outcome = "refused"
)

// Counts are records by type.
type Counts struct {
	Encounters, Conditions, Observations, Allergies, Medications int
}

// Total is the sum of the counts.
func (c Counts) Total() int {
	return c.Encounters + c.Conditions + c.Observations + c.Allergies + c.Medications
}

// Plan is what importing one incoming patient does (the preview), or did.
type Plan struct {
	Source  string
	Name    string
	Outcome Outcome
	Patient model.ID // the existing or new patient
	MRN     string
	New     Counts // records that will be (or were) added
	Already int    // records already in the store from an earlier import
	Skipped []Skip
	Note    string // the likely duplicate sent to review, or why refused
}
