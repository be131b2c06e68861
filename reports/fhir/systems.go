package fhir

import (
	"net/url"
	"strings"

	"dossier/model/coding"
)

// Code system and identifier URIs.
const (
	SysICD10CM    = "http://hl7.org/fhir/sid/icd-10-cm"
	SysICD10PCS   = "http://www.cms.gov/Medicare/Coding/ICD10"
	SysICD10WHO   = "http://hl7.org/fhir/sid/icd-10"
	SysSNOMED     = "http://snomed.info/sct"
	SysLOINC      = "http://loinc.org"
	SysUCUM       = "http://unitsofmeasure.org"
	SysRxNorm     = "http://www.nlm.nih.gov/research/umls/rxnorm"
	sysActCode    = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	sysIDType     = "http://terminology.hl7.org/CodeSystem/v2-0203"
	sysConfid     = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	sysDischarge  = "http://terminology.hl7.org/CodeSystem/discharge-disposition"
	sysAdmitSrc   = "http://terminology.hl7.org/CodeSystem/admit-source"
	sysCondClin   = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	sysCondVer    = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	sysCondCat    = "http://terminology.hl7.org/CodeSystem/condition-category"
	sysAllergyCl  = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
	sysAllergyVer = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
	sysObsCat     = "http://terminology.hl7.org/CodeSystem/observation-category"
	sysObsInterp  = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
	sysParticip   = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	// Dossier's own: the catalogue's test codes, local code lists, and
	// the extension marking an estimated birth date.
	SysDossierTest = "urn:dossier:test"
	sysLocalCodes  = "urn:dossier:codes:"
	ExtBirthEst    = "urn:dossier:birth-date-estimated"
	ExtFormerMRN   = "urn:dossier:former-mrn"
	// SNOMED CT "No known allergy".
	snomedNoKnownAllergy = "716186003"
)

// MRNSystem is the identifier system of a clinic's MRNs (the prefix names
// the clinic); former MRNs and old chart numbers have their own.
func MRNSystem(prefix string) string    { return "urn:dossier:" + strings.ToLower(prefix) + ":mrn" }
func legacySystem(prefix string) string { return "urn:dossier:" + strings.ToLower(prefix) + ":chart" }

// NationalIDSystem is the system national IDs are written with.
const NationalIDSystem = "urn:dossier:national-id"

// systemURI is the FHIR system of a Dossier code system name.
func systemURI(name string) string {
	u := strings.ToUpper(name)
	switch {
	case name == coding.ICD10CM:
		return SysICD10CM
	case name == coding.ICD10PCS:
		return SysICD10PCS
	case strings.Contains(u, "ICD-10") || strings.Contains(u, "ICD10"):
		if !strings.Contains(u, "PCS") && !strings.Contains(u, "CM") {
			return SysICD10WHO
		}
	}
	return sysLocalCodes + url.PathEscape(name)
}

// systemName is the Dossier code system name of a FHIR system, and whether
// it is one the coders work in (ICD-10 of some kind, or a clinic list
// Dossier exported); other systems (SNOMED CT …) go to the coding queue
// with their text.
func systemName(uri string) (string, bool) {
	switch uri {
	case SysICD10CM:
		return coding.ICD10CM, true
	case SysICD10PCS:
		return coding.ICD10PCS, true
	case SysICD10WHO:
		return "ICD-10", true
	}
	if rest, ok := strings.CutPrefix(uri, sysLocalCodes); ok {
		if n, err := url.PathUnescape(rest); err == nil && n != "" {
			return n, true
		}
	}
	return "", false
}

// systemLabel is how a foreign system is named in the text a coder reads.
func systemLabel(uri string) string {
	switch uri {
	case SysSNOMED:
		return "SNOMED CT"
	case SysLOINC:
		return "LOINC"
	case SysRxNorm:
		return "RxNorm"
	}
	return uri
}

// ucum maps the catalogue's canonical units to UCUM codes.
var ucum = map[string]string{
	"%": "%", "/min": "/min", "10^9/L": "10*9/L", "U/L": "U/L", "cells/µL": "/uL", "cm": "cm",
	"copies/mL": "{copies}/mL", "g/dL": "g/dL", "kg": "kg", "mmHg": "mm[Hg]", "mmol/L": "mmol/L",
	"°C": "Cel", "µmol/L": "umol/L",
}

// unitOfUCUM is the reverse of ucum.
var unitOfUCUM = func() map[string]string {
	m := map[string]string{}
	for k, v := range ucum {
		m[v] = k
	}
	return m
}()
