package fhir

// The elements read beyond what the writer's types hold.
type (
	inPatient struct {
		Patient
		Meta             *Meta  `json:"meta,omitempty"`
		DeceasedDateTime string `json:"deceasedDateTime"`
	}
	inEncounter struct {
		Encounter
	}
	inCondition struct {
		Condition
	}
	inProcedure struct {
		Procedure
		PerformedPeriod *Period `json:"performedPeriod"`
	}
	inObservation struct {
		Observation
		EffectivePeriod *Period `json:"effectivePeriod"`
		Issued          string  `json:"issued"`
	}
	inAllergy struct {
		AllergyIntolerance
		OnsetDateTime string `json:"onsetDateTime"`
	}
	inMedication struct {
		Status                    string           `json:"status"`
		MedicationCodeableConcept *CodeableConcept `json:"medicationCodeableConcept"`
		MedicationReference       *Reference       `json:"medicationReference"`
		Subject                   Reference        `json:"subject"`
		Context                   *Reference       `json:"context"`
		Encounter                 *Reference       `json:"encounter"`
		EffectivePeriod           *Period          `json:"effectivePeriod"`
		EffectiveDateTime         string           `json:"effectiveDateTime"`
		AuthoredOn                string           `json:"authoredOn"`
		Dosage                    []Dosage         `json:"dosage"`
		DosageInstruction         []Dosage         `json:"dosageInstruction"`
	}
	inPractitioner struct {
		Name []struct {
			Text   string   `json:"text"`
			Family string   `json:"family"`
			Given  []string `json:"given"`
			Prefix []string `json:"prefix"`
		} `json:"name"`
	}
)
