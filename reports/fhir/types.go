// Package fhir writes and reads HL7 FHIR R4 JSON: one patient's record as
// a Bundle, a whole clinic as Bulk Data NDJSON (one file per resource
// type, written as the store streams patients), and Bundles or NDJSON
// from other systems (Synthea and the like) read into incoming patients
// for the store to match and save. Standard library JSON only.
package fhir

import "encoding/json"

// The FHIR data types this package writes and reads: only the elements
// Dossier fills or reads, every one omitted when empty (FHIR forbids
// empty values).

type Meta struct {
	Security []Coding `json:"security,omitempty"`
	Source   string   `json:"source,omitempty"`
}

type Extension struct {
	URL          string `json:"url"`
	ValueBoolean *bool  `json:"valueBoolean,omitempty"`
	ValueInteger *int   `json:"valueInteger,omitempty"`
	ValueString  string `json:"valueString,omitempty"`
}

type Coding struct {
	System  string `json:"system,omitempty"`
	Version string `json:"version,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

type Identifier struct {
	Use    string           `json:"use,omitempty"`
	Type   *CodeableConcept `json:"type,omitempty"`
	System string           `json:"system,omitempty"`
	Value  string           `json:"value,omitempty"`
}

type Reference struct {
	Reference string `json:"reference,omitempty"`
	Display   string `json:"display,omitempty"`
}

type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

type Quantity struct {
	Value      *float64 `json:"value,omitempty"`
	Comparator string   `json:"comparator,omitempty"`
	Unit       string   `json:"unit,omitempty"`
	System     string   `json:"system,omitempty"`
	Code       string   `json:"code,omitempty"`
}

type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

type Address struct {
	Text     string   `json:"text,omitempty"`
	Line     []string `json:"line,omitempty"`
	City     string   `json:"city,omitempty"`
	District string   `json:"district,omitempty"`
	State    string   `json:"state,omitempty"`
	Country  string   `json:"country,omitempty"`
}

type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
}

type Attachment struct {
	ContentType string `json:"contentType,omitempty"`
	Data        []byte `json:"data,omitempty"` // base64 in JSON, as FHIR's base64Binary
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Creation    string `json:"creation,omitempty"`
}

// Binary carries a page image in Bulk NDJSON, where a DocumentReference
// names it by url rather than holding it (a line per resource stays
// small enough to stream).
type Binary struct {
	Resource
	ContentType string `json:"contentType"`
	Data        []byte `json:"data,omitempty"`
}

// Resource is the part every resource has.
type Resource struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id,omitempty"`
	Meta         *Meta       `json:"meta,omitempty"`
	Extension    []Extension `json:"extension,omitempty"`
}

type Patient struct {
	Resource
	Identifier []Identifier     `json:"identifier,omitempty"`
	Active     *bool            `json:"active,omitempty"`
	Name       []HumanName      `json:"name,omitempty"`
	Telecom    []ContactPoint   `json:"telecom,omitempty"`
	Gender     string           `json:"gender,omitempty"`
	BirthDate  string           `json:"birthDate,omitempty"`
	Deceased   *bool            `json:"deceasedBoolean,omitempty"`
	DeceasedAt string           `json:"deceasedDateTime,omitempty"`
	Address    []Address        `json:"address,omitempty"`
	Contact    []PatientContact `json:"contact,omitempty"`
}

type PatientContact struct {
	Name *HumanName `json:"name,omitempty"`
}

type Practitioner struct {
	Resource
	Identifier []Identifier `json:"identifier,omitempty"`
	Active     *bool        `json:"active,omitempty"`
	Name       []HumanName  `json:"name,omitempty"`
}

type EncounterParticipant struct {
	Type       []CodeableConcept `json:"type,omitempty"`
	Individual *Reference        `json:"individual,omitempty"`
}

type EncounterLocation struct {
	Location Reference `json:"location"`
	Status   string    `json:"status,omitempty"`
	Period   *Period   `json:"period,omitempty"`
}

type Hospitalization struct {
	AdmitSource          *CodeableConcept `json:"admitSource,omitempty"`
	DischargeDisposition *CodeableConcept `json:"dischargeDisposition,omitempty"`
}

type Encounter struct {
	Resource
	Identifier      []Identifier           `json:"identifier,omitempty"`
	Status          string                 `json:"status"`
	Class           Coding                 `json:"class"`
	Type            []CodeableConcept      `json:"type,omitempty"`
	Subject         *Reference             `json:"subject,omitempty"`
	Participant     []EncounterParticipant `json:"participant,omitempty"`
	Period          *Period                `json:"period,omitempty"`
	ReasonCode      []CodeableConcept      `json:"reasonCode,omitempty"`
	Hospitalization *Hospitalization       `json:"hospitalization,omitempty"`
	Location        []EncounterLocation    `json:"location,omitempty"`
}

type Condition struct {
	Resource
	ClinicalStatus     *CodeableConcept  `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept  `json:"verificationStatus,omitempty"`
	Category           []CodeableConcept `json:"category,omitempty"`
	Code               *CodeableConcept  `json:"code,omitempty"`
	Subject            Reference         `json:"subject"`
	Encounter          *Reference        `json:"encounter,omitempty"`
	OnsetDateTime      string            `json:"onsetDateTime,omitempty"`
	AbatementDateTime  string            `json:"abatementDateTime,omitempty"`
	RecordedDate       string            `json:"recordedDate,omitempty"`
}

type Procedure struct {
	Resource
	Status            string           `json:"status"`
	Code              *CodeableConcept `json:"code,omitempty"`
	Subject           Reference        `json:"subject"`
	Encounter         *Reference       `json:"encounter,omitempty"`
	PerformedDateTime string           `json:"performedDateTime,omitempty"`
}

type ReferenceRange struct {
	Low  *Quantity `json:"low,omitempty"`
	High *Quantity `json:"high,omitempty"`
	Text string    `json:"text,omitempty"`
}

type Observation struct {
	Resource
	Status               string            `json:"status"`
	Category             []CodeableConcept `json:"category,omitempty"`
	Code                 CodeableConcept   `json:"code"`
	Subject              *Reference        `json:"subject,omitempty"`
	Encounter            *Reference        `json:"encounter,omitempty"`
	EffectiveDateTime    string            `json:"effectiveDateTime,omitempty"`
	ValueQuantity        *Quantity         `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept  `json:"valueCodeableConcept,omitempty"`
	ValueString          string            `json:"valueString,omitempty"`
	Interpretation       []CodeableConcept `json:"interpretation,omitempty"`
	ReferenceRange       []ReferenceRange  `json:"referenceRange,omitempty"`
	Component            []ObsComponent    `json:"component,omitempty"`
}

// ObsComponent is a part of a panel observation (blood pressure's two numbers).
type ObsComponent struct {
	Code                 CodeableConcept  `json:"code"`
	ValueQuantity        *Quantity        `json:"valueQuantity,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueString          string           `json:"valueString,omitempty"`
}

type Reaction struct {
	Manifestation []CodeableConcept `json:"manifestation"`
	Severity      string            `json:"severity,omitempty"`
}

type AllergyIntolerance struct {
	Resource
	ClinicalStatus     *CodeableConcept `json:"clinicalStatus,omitempty"`
	VerificationStatus *CodeableConcept `json:"verificationStatus,omitempty"`
	Type               string           `json:"type,omitempty"`
	Criticality        string           `json:"criticality,omitempty"`
	Code               *CodeableConcept `json:"code,omitempty"`
	Patient            Reference        `json:"patient"`
	Encounter          *Reference       `json:"encounter,omitempty"`
	RecordedDate       string           `json:"recordedDate,omitempty"`
	Reaction           []Reaction       `json:"reaction,omitempty"`
	Note               []Annotation     `json:"note,omitempty"`
}

type Annotation struct {
	Text string `json:"text"`
}

type Dosage struct {
	Text string `json:"text,omitempty"`
}

type MedicationStatement struct {
	Resource
	Status                    string           `json:"status"`
	MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept,omitempty"`
	Subject                   Reference        `json:"subject"`
	Context                   *Reference       `json:"context,omitempty"`
	EffectivePeriod           *Period          `json:"effectivePeriod,omitempty"`
	Dosage                    []Dosage         `json:"dosage,omitempty"`
}

type DocumentContent struct {
	Attachment Attachment `json:"attachment"`
}

type DocumentReference struct {
	Resource
	Status      string            `json:"status"`
	Type        *CodeableConcept  `json:"type,omitempty"`
	Subject     *Reference        `json:"subject,omitempty"`
	Date        string            `json:"date,omitempty"`
	Author      []Reference       `json:"author,omitempty"`
	Description string            `json:"description,omitempty"`
	Content     []DocumentContent `json:"content"`
	Context     *DocContext       `json:"context,omitempty"`
}

type DocContext struct {
	Encounter []Reference `json:"encounter,omitempty"`
}

// BundleEntry is one entry of a Bundle; Resource is kept raw when read.
type BundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource json.RawMessage `json:"resource,omitempty"`
}

type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}
