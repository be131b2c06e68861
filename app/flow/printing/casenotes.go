package printing

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// caseNotesStore is what printing case notes needs from the session.
type caseNotesStore interface {
	CaseNotesFor(patient model.ID, forWhom string) (model.Patient, storage.Chart, error)
	Clinic() (model.Clinic, error)
	User() model.User
	RecordInternalRelease(patient model.ID, forWhom string, what []string, pages int, sha string) (model.Disclosure, error)
}

// CaseNotes prints a patient's case notes for someone inside the clinic
// (a ward, a clinician) to a PDF at path. The print is audited and, as
// case notes leaving the records office are a release too, recorded as a
// disclosure before the file is written: if the disclosure cannot be
// saved, no file is left. It returns the patient printed.
func CaseNotes(sess *storage.Session, patient model.ID, forWhom, path string) (model.Patient, error) {
	return caseNotes(sess, patient, forWhom, path, time.Now())
}

func caseNotes(sess caseNotesStore, id model.ID, forWhom, path string, at time.Time) (model.Patient, error) {
	p, ch, err := sess.CaseNotesFor(id, forWhom)
	if err != nil {
		return p, err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return p, err
	}
	var buf bytes.Buffer
	err = reports.WriteCaseNotes(&buf, reports.CaseNotes{Clinic: clinic, Patient: p, Encounters: ch.Encounters, Notes: ch.Notes,
		For: forWhom, PrintedBy: sess.User().Username, PrintedAt: at})
	if err != nil {
		return p, err
	}
	pdf := buf.Bytes()
	sum := sha256.Sum256(pdf)
	return p, deliver(path, pdf, func() error {
		_, err := sess.RecordInternalRelease(p.ID, forWhom, []string{"Case notes"}, reports.PageCount(pdf), hex.EncodeToString(sum[:]))
		return err
	})
}
