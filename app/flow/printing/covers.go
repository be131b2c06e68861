package printing

import (
	"bytes"
	"fmt"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// MaxCoverSheets keeps a slip of the keyboard from printing a ream.
const MaxCoverSheets = 20

// CoverSheets prints n copies of the cover sheet that files the pages
// scanned behind it to a patient, document type and date. The print is
// audited before the file is written. It returns the patient.
func CoverSheets(sess *storage.Session, patient model.ID, t model.DocType, date model.Date, n int, path string) (model.Patient, error) {
	j, p, err := CoverSheetsJob(sess, patient, t, date, n)
	if err != nil {
		return p, err
	}
	return p, j.Save(path)
}

// CoverSheetsJob renders n cover sheets for saving, printing (at actual
// size) or preview; Save and Print audit them.
func CoverSheetsJob(sess *storage.Session, patient model.ID, t model.DocType, date model.Date, n int) (*Job, model.Patient, error) {
	if err := mayPrint(sess); err != nil {
		return nil, model.Patient{}, err
	}
	if !t.Valid() {
		return nil, model.Patient{}, fmt.Errorf("there is no document type %q", t)
	}
	if n < 1 || n > MaxCoverSheets {
		return nil, model.Patient{}, fmt.Errorf("print from 1 to %d cover sheets", MaxCoverSheets)
	}
	p, _, err := sess.Patients().Get(patient)
	if err != nil {
		return nil, p, err
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return nil, p, err
	}
	sheet := reports.CoverSheet{Clinic: clinic.Name, Patient: p.DisplayName(), Cover: model.Cover{MRN: p.MRN, Type: t, Date: date},
		PrintedBy: sess.User().FullName, Printed: time.Now(), Words: printed.For(clinic.Language)}
	sheets := make([]reports.CoverSheet, n)
	for i := range sheets {
		sheets[i] = sheet
	}
	var buf bytes.Buffer
	if err := reports.WriteCoverSheets(&buf, sheets); err != nil {
		return nil, p, err
	}
	noun := "cover sheets"
	if n == 1 {
		noun = "cover sheet"
	}
	detail := fmt.Sprintf("%s: %s %s ×%d", noun, t.Label(), date, n)
	return &Job{Name: fmt.Sprintf("cover-%s-%s-%s.pdf", p.MRN, t, date), Title: "Dossier cover sheets", ActualSize: true, PDF: buf.Bytes(),
		account: func(to string) error {
			return sess.Outputs().RecordPrint(model.KindPatient, p.ID, withDest(detail, to))
		}}, p, nil
}
