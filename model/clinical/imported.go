package clinical

import (
	"time"

	"dossier/model"
)

// ObservationEntry is a vital sign or result brought in from another system
// (a FHIR Observation). Test is the catalogue code when the result's code
// is one the catalogue knows (by LOINC); otherwise Test is empty and the
// result keeps its own code, system and unit, exactly as it came.
type ObservationEntry struct {
	ID          model.ID `json:"id"`
	PatientID   model.ID `json:"patient"`
	EncounterID model.ID `json:"encounter,omitempty"`
	Observation
	System  string `json:"system,omitempty"`  // "http://loinc.org"
	Code    string `json:"code,omitempty"`    // "8302-2"
	Display string `json:"display,omitempty"` // "Body Height"
	// Category is "vital-signs", "laboratory" … as the sender classed it.
	Category string `json:"category,omitempty"`
	// Source names the record this came from ("Observation/…"), so
	// importing the same file again adds nothing.
	Source     string    `json:"source"`
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}

// MedicationEntry is a medication statement brought in from another system.
type MedicationEntry struct {
	ID          model.ID `json:"id"`
	PatientID   model.ID `json:"patient"`
	EncounterID model.ID `json:"encounter,omitempty"`
	Medication
	System     string    `json:"system,omitempty"` // the drug's code system (RxNorm …)
	Code       string    `json:"code,omitempty"`
	Status     string    `json:"status,omitempty"` // "active", "completed", "stopped"
	Source     string    `json:"source"`
	RecordedBy string    `json:"recordedBy"`
	Recorded   time.Time `json:"recorded"`
}
