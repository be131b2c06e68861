package printed

import (
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// The model names its codes in English for the command line; printed
// pages name them here, from their stable codes, in the language. A code
// without words prints as the model names it.

// Sex is the sex in words.
func (w Words) Sex(s model.Sex) string {
	switch s {
	case model.SexFemale:
		return w.T("sex.female")
	case model.SexMale:
		return w.T("sex.male")
	case model.SexOther:
		return w.T("sex.other")
	}
	return w.T("sex.unknown")
}

// SexLetter is the sex in one or two letters, for compact lines ("34 y F").
func (w Words) SexLetter(s model.Sex) string {
	switch s {
	case model.SexFemale:
		return w.T("sex.letter_female")
	case model.SexMale:
		return w.T("sex.letter_male")
	case model.SexOther:
		return w.T("sex.letter_other")
	}
	return w.T("sex.letter_unknown")
}

// Age is an age at today in its unit: "34 y", "5 mo", "12 d".
func (w Words) Age(born model.Date, today time.Time) string {
	if born.IsZero() {
		return w.T("age.unknown")
	}
	n, unit := born.Age(today)
	switch unit {
	case model.AgeUnborn:
		return w.T("age.unborn")
	case model.AgeDays:
		return w.N("age.days", n, n)
	case model.AgeMonths:
		return w.N("age.months", n, n)
	}
	return w.N("age.years", n, n)
}

// AgeSex is the compact "34 y F" of a patient ("~" for an estimated birth).
func (w Words) AgeSex(p model.Patient, today time.Time) string {
	age := w.Age(p.BirthDate, today)
	if p.BirthEstimated && !p.BirthDate.IsZero() {
		age = "~" + age
	}
	return age + " " + w.SexLetter(p.Sex)
}

// EncounterType names a kind of encounter ("outpatient").
func (w Words) EncounterType(t model.EncounterType) string {
	switch t {
	case model.EncOutpatient:
		return w.T("encounter.outpatient")
	case model.EncInpatient:
		return w.T("encounter.inpatient")
	case model.EncEmergency:
		return w.T("encounter.emergency")
	}
	return string(t)
}

// Disposition says how a stay ended ("Discharged home").
func (w Words) Disposition(d clinical.Disposition) string {
	switch d {
	case clinical.DispHome:
		return w.T("disposition.home")
	case clinical.DispReferred:
		return w.T("disposition.referred")
	case clinical.DispLeftAgainstAdvice:
		return w.T("disposition.left_against_advice")
	case clinical.DispDied:
		return w.T("disposition.died")
	case clinical.DispTransferredOut:
		return w.T("disposition.transferred_out")
	}
	return d.Label()
}

// TranscriptStatus is where a document keyed from paper is in its
// double keying ("Awaiting second keying").
func (w Words) TranscriptStatus(s clinical.TranscriptStatus) string {
	switch s {
	case clinical.TranscriptAwaitingSecond:
		return w.T("transcript.awaiting_second")
	case clinical.TranscriptMismatched:
		return w.T("transcript.mismatched")
	case clinical.TranscriptVerified:
		return w.T("transcript.verified")
	}
	return w.T("transcript.keyed")
}
