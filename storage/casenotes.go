package storage

import (
	"strings"

	"dossier/model"
)

// CaseNotes gathers a patient's chart for printing for someone inside
// the clinic (a ward, a clinician). The print is audited with whom it was
// for; restricted records follow the usual rule.
func (svc Encounters) CaseNotes(patient model.ID, forWhom string) (model.Patient, Chart, error) {
	sess := svc.sess
	if err := sess.require(model.PermPrint); err != nil {
		return model.Patient{}, Chart{}, err
	}
	if strings.TrimSpace(forWhom) == "" {
		return model.Patient{}, Chart{}, ErrReasonRequired
	}
	p, _, err := sess.Patients().Get(patient)
	if err != nil {
		return p, Chart{}, err
	}
	ch, err := sess.Encounters().Chart(patient)
	if err != nil {
		return p, ch, err
	}
	return p, ch, sess.LogAction(model.ActPrint, model.KindPatient, patient, "case notes for "+strings.TrimSpace(forWhom))
}
