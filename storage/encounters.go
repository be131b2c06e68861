package storage

import (
	"sort"
	"strings"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// Create records a visit or stay for a patient.
func (svc Encounters) Create(e *model.Encounter) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	if err := clinical.ValidateEncounter(*e, sess.now()); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, e.PatientID); err != nil {
		return err
	}
	e.ID = model.NewID()
	return wrap("save the encounter", sess.update(func(tx *bolt.Tx) error {
		if err := sess.checkOverlap(tx, *e); err != nil {
			return err
		}
		if err := sess.resolveClinician(tx, e); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindEncounter, id: e.ID, body: e, op: model.ActCreate, owner: e.PatientID})
	}))
}

// checkOverlap refuses a stay that overlaps another live stay of the same
// patient (model.CheckStayOverlap).
func (sess *Session) checkOverlap(tx *bolt.Tx, e model.Encounter) error {
	var others []model.Encounter
	for _, id := range sess.owned(tx, e.PatientID, model.KindEncounter) {
		o, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
		if err != nil {
			return err
		}
		if !m.Deleted {
			others = append(others, o)
		}
	}
	return model.CheckStayOverlap(e, others, sess.now())
}

// CreateNote adds a note to a patient's chart.
func (svc Encounters) CreateNote(n *model.Note) error {
	sess := svc.sess
	if err := sess.require(model.PermWriteNote); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, n.PatientID); err != nil {
		return err
	}
	n.ID = model.NewID()
	n.Author = sess.user.Username
	if n.Written.IsZero() {
		n.Written = sess.now()
	}
	return wrap("save the note", sess.update(func(tx *bolt.Tx) error {
		return sess.write(tx, writeOp{kind: model.KindNote, id: n.ID, body: n, op: model.ActCreate, owner: n.PatientID})
	}))
}

// CreateChartItems writes encounters and notes in bulk (demo, imports).
// Items that already carry an ID keep it, so notes can name their encounter.
func (svc Encounters) CreateChartItems(encs []model.Encounter, notes []model.Note) error {
	sess := svc.sess
	if err := sess.require(model.PermRegisterPatient); err != nil {
		return err
	}
	return wrap("save encounters and notes", sess.update(func(tx *bolt.Tx) error {
		for i := range encs {
			if encs[i].ID.IsZero() {
				encs[i].ID = model.NewID()
			}
			if err := sess.write(tx, writeOp{kind: model.KindEncounter, id: encs[i].ID, body: encs[i], op: model.ActCreate, owner: encs[i].PatientID}); err != nil {
				return err
			}
		}
		for i := range notes {
			if notes[i].ID.IsZero() {
				notes[i].ID = model.NewID()
			}
			if err := sess.write(tx, writeOp{kind: model.KindNote, id: notes[i].ID, body: notes[i], op: model.ActCreate, owner: notes[i].PatientID}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Chart is what a patient owns, newest first.
type Chart struct {
	Encounters []model.Encounter
	Notes      []model.Note
	// Keyed are the keyed documents, each with the encounter its document
	// is filed to; only CaseNotes reads them, for the print.
	Keyed []clinical.Transcript
}

// Chart reads a patient's encounters and notes. Audited as a view.
func (svc Encounters) Chart(patient model.ID) (Chart, error) {
	sess := svc.sess
	var ch Chart
	if err := sess.require(model.PermReadRecord); err != nil {
		return ch, err
	}
	if err := sess.checkRestricted(model.KindPatient, patient); err != nil {
		return ch, err
	}
	err := sess.view(func(tx *bolt.Tx) error {
		for _, id := range sess.owned(tx, patient, model.KindEncounter) {
			e, m, err := getRecord[model.Encounter](sess, tx, model.KindEncounter, id)
			if err != nil {
				return err
			}
			if !m.Deleted {
				ch.Encounters = append(ch.Encounters, e)
			}
		}
		for _, id := range sess.owned(tx, patient, model.KindNote) {
			n, m, err := getRecord[model.Note](sess, tx, model.KindNote, id)
			if err != nil {
				return err
			}
			if !m.Deleted {
				ch.Notes = append(ch.Notes, n)
			}
		}
		return nil
	})
	if err != nil {
		return ch, wrap("read the chart", err)
	}
	sort.Slice(ch.Encounters, func(i, j int) bool { return ch.Encounters[i].Start.After(ch.Encounters[j].Start) })
	sort.Slice(ch.Notes, func(i, j int) bool { return ch.Notes[i].Written.After(ch.Notes[j].Written) })
	return ch, sess.logAction(model.ActView, model.KindPatient, patient, "chart")
}

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
	if err := sess.view(func(tx *bolt.Tx) error {
		ch.Keyed, err = sess.keyedOfPatientTx(tx, patient)
		return err
	}); err != nil {
		return p, ch, wrap("read the keyed documents", err)
	}
	return p, ch, sess.logAction(model.ActPrint, model.KindPatient, patient, "case notes for "+strings.TrimSpace(forWhom))
}
