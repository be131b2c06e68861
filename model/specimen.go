package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// SpecimenStatus tracks a sample sent to the laboratory. Stored: append-only.
type SpecimenStatus string

const (
	SpecimenSent     SpecimenStatus = "sent"
	SpecimenResulted SpecimenStatus = "result-received"
	SpecimenRejected SpecimenStatus = "rejected" // lost, leaked, unlabelled: must be collected again
)

// SpecimenTypes are offered in forms; free text is allowed too.
var SpecimenTypes = []string{"Blood", "Serum", "Plasma", "Urine", "Stool", "Sputum", "Swab",
	"CSF", "Tissue", "Other"}

// Specimen is a sample sent to the laboratory, logged so results that never
// come back are noticed.
type Specimen struct {
	ID        ID             `json:"id"`
	PatientID ID             `json:"patient"`
	Code      string         `json:"code"` // printed on the label and its barcode
	Type      string         `json:"type"`
	Tests     string         `json:"tests"`
	Collected time.Time      `json:"collected"`
	Lab       string         `json:"lab"`
	Status    SpecimenStatus `json:"status"`
	Result    string         `json:"result,omitempty"`
	ResultAt  time.Time      `json:"resultAt,omitempty"`
}

// SpecimenCode makes the label code from the MRN and a per-patient
// sequence: "KDH123-04" for the 4th sample of KDH-0000123-K. It is unique
// in the clinic and short, because it must fit as a barcode on the small
// labels that go round a tube; the MRN's check letter is left out since
// Code 128 carries its own check.
func SpecimenCode(mrn string, seq int) string {
	parts := strings.Split(mrn, "-")
	if len(parts) == 3 {
		num := strings.TrimLeft(parts[1], "0")
		if num == "" {
			num = "0"
		}
		return fmt.Sprintf("%s%s-%02d", parts[0], num, seq)
	}
	return fmt.Sprintf("%s-%02d", strings.ReplaceAll(mrn, "-", ""), seq)
}

// Validate checks a specimen before it is logged.
func (s Specimen) Validate(now time.Time) error {
	switch {
	case s.PatientID.IsZero():
		return errors.New("the specimen has no patient")
	case strings.TrimSpace(s.Type) == "":
		return errors.New("enter the type of specimen")
	case strings.TrimSpace(s.Tests) == "":
		return errors.New("enter the tests requested")
	case s.Collected.IsZero():
		return errors.New("enter when the specimen was collected")
	case s.Collected.After(now.Add(5 * time.Minute)):
		return errors.New("the collection time is in the future")
	}
	return nil
}

// Awaiting reports a specimen whose result has not come back after days.
func (s Specimen) Awaiting(now time.Time, days int) bool {
	return s.Status == SpecimenSent && now.Sub(s.Collected) > time.Duration(days)*24*time.Hour
}
