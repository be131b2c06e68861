package model

import (
	"errors"
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
	Clinician string        `json:"clinician,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	// Diagnoses as written; coding attaches codes to them later.
	Diagnoses []string `json:"dx,omitempty"`
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
