package printing

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// caseNotesStore is what printing case notes needs from the session.
type caseNotesStore interface {
	CaseNotes(patient model.ID, forWhom string) (model.Patient, storage.Chart, error)
	Clinic() (model.Clinic, error)
	User() model.User
	RecordInternal(patient model.ID, forWhom string, what []string, pages int, sha string) (model.Disclosure, error)
}

// sessionCaseNotes is caseNotesStore over a signed-in session.
type sessionCaseNotes struct{ *storage.Session }

func (s sessionCaseNotes) CaseNotes(patient model.ID, forWhom string) (model.Patient, storage.Chart, error) {
	return s.Encounters().CaseNotes(patient, forWhom)
}

func (s sessionCaseNotes) RecordInternal(patient model.ID, forWhom string, what []string, pages int, sha string) (model.Disclosure, error) {
	return s.Release().RecordInternal(patient, forWhom, what, pages, sha)
}

// CaseNotes prints a patient's case notes for someone inside the clinic
// (a ward, a clinician) to a PDF at path. The print is audited and, as
// case notes leaving the records office are a release too, recorded as a
// disclosure before the file is written: if the disclosure cannot be
// saved, no file is left. It returns the patient printed.
func CaseNotes(sess *storage.Session, patient model.ID, forWhom, path string) (model.Patient, error) {
	j, p, err := CaseNotesJob(sess, patient, forWhom)
	if err != nil {
		return p, err
	}
	return p, j.Save(path)
}

// CaseNotesJob renders the case notes for saving, printing or preview;
// Save and Print record the disclosure.
func CaseNotesJob(sess *storage.Session, patient model.ID, forWhom string) (*Job, model.Patient, error) {
	return caseNotesJob(sessionCaseNotes{sess}, patient, forWhom, time.Now())
}

func caseNotes(sess caseNotesStore, id model.ID, forWhom, path string, at time.Time) (model.Patient, error) {
	j, p, err := caseNotesJob(sess, id, forWhom, at)
	if err != nil {
		return p, err
	}
	return p, j.Save(path)
}

func caseNotesJob(sess caseNotesStore, id model.ID, forWhom string, at time.Time) (*Job, model.Patient, error) {
	p, ch, err := sess.CaseNotes(id, forWhom)
	if err != nil {
		return nil, p, err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, p, err
	}
	var buf bytes.Buffer
	err = reports.WriteCaseNotes(&buf, reports.CaseNotes{Clinic: clinic, Patient: p, Encounters: ch.Encounters, Notes: ch.Notes,
		Keyed: ch.Keyed, DateOrder: clinical.ClinicOrder(clinic), For: forWhom, PrintedBy: sess.User().Username, PrintedAt: at,
		Words: printed.For(clinic.Language)})
	if err != nil {
		return nil, p, err
	}
	pdf := buf.Bytes()
	sum := sha256.Sum256(pdf)
	return &Job{Name: "case-notes-" + p.MRN + ".pdf", Title: "Dossier case notes", PDF: pdf,
		account: func(string) error {
			_, err := sess.RecordInternal(p.ID, forWhom, []string{"Case notes"}, reports.PageCount(pdf), hex.EncodeToString(sum[:]))
			return err
		}}, p, nil
}
