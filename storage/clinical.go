package storage

import (
	"strings"

	"dossier/model"
	"dossier/model/clinical"

	bolt "go.etcd.io/bbolt"
)

// AddAllergy puts an allergy on the patient's list.
func (svc Clinical) AddAllergy(a *clinical.AllergyEntry) error {
	sess := svc.sess
	if err := sess.require(model.PermWriteNote); err != nil {
		return err
	}
	a.Substance = strings.TrimSpace(a.Substance)
	if a.NoneKnown {
		a.Allergy = clinical.Allergy{}
	} else if err := a.Validate(); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, a.PatientID); err != nil {
		return err
	}
	a.ID, a.RecordedBy, a.Recorded = model.NewID(), sess.user.Username, sess.now()
	return wrap("save the allergy", sess.update(func(tx *bolt.Tx) error {
		reason := a.Substance
		if a.NoneKnown {
			reason = "no known allergies"
			// A registration alert naming an allergy contradicts it: the
			// allergy is recorded, or the alert corrected, first.
			env, err := sess.readRevision(tx, model.KindPatient, a.PatientID, 0)
			if err != nil {
				return err
			}
			p, err := patientOf(env.Body)
			if err != nil {
				return err
			}
			if named := clinical.AllergyAlerts(p.Alerts); len(named) > 0 {
				return model.Errorf(model.Conflict, "the patient's alert says “%s”: add that allergy, or correct the alert on the Details tab, before recording no known allergies",
					strings.Join(named, "; "))
			}
		}
		return sess.write(tx, writeOp{kind: model.KindAllergy, id: a.ID, body: a, op: model.ActCreate, owner: a.PatientID, reason: reason})
	}))
}

// SaveProblem adds a problem to the list, or records a change to one
// (resolved, no longer significant) as a new revision.
func (svc Clinical) SaveProblem(p *clinical.ProblemEntry, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermWriteNote); err != nil {
		return err
	}
	p.Text = strings.TrimSpace(p.Text)
	if err := p.Validate(); err != nil {
		return err
	}
	if err := sess.checkRestricted(model.KindPatient, p.PatientID); err != nil {
		return err
	}
	op := model.ActEdit
	if p.ID.IsZero() {
		op, reason = model.ActCreate, p.Text
		p.ID, p.RecordedBy, p.Recorded = model.NewID(), sess.user.Username, sess.now()
	} else if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return wrap("save the problem", sess.update(func(tx *bolt.Tx) error {
		return sess.write(tx, writeOp{kind: model.KindProblem, id: p.ID, body: p, op: op, owner: p.PatientID, reason: reason})
	}))
}

// ClinicalLists are a patient's allergies and problems.
type ClinicalLists struct {
	Allergies []clinical.AllergyEntry
	Problems  []clinical.ProblemEntry
}

// Lists reads a patient's allergies and problems (active first).
func (svc Clinical) Lists(patient model.ID) (ClinicalLists, error) {
	sess := svc.sess
	var l ClinicalLists
	var err error
	if l.Allergies, err = ownedList[clinical.AllergyEntry](sess, patient, model.KindAllergy, func(a, b clinical.AllergyEntry) bool {
		return a.Recorded.Before(b.Recorded)
	}); err != nil {
		return l, err
	}
	l.Problems, err = ownedList[clinical.ProblemEntry](sess, patient, model.KindProblem, func(a, b clinical.ProblemEntry) bool {
		if (a.Status == clinical.ProblemActive) != (b.Status == clinical.ProblemActive) {
			return a.Status == clinical.ProblemActive
		}
		if a.Significant != b.Significant {
			return a.Significant
		}
		return a.Recorded.Before(b.Recorded)
	})
	if err != nil {
		return l, err
	}
	return l, sess.logAction(model.ActView, model.KindPatient, patient, "chart summary")
}

// SignNote signs a note as the signed-in clinician; it is locked from then
// on and corrected only by addenda.
func (svc Clinical) SignNote(id model.ID) (model.Note, error) {
	sess := svc.sess
	var n model.Note
	if err := sess.require(model.PermSignNote); err != nil {
		return n, err
	}
	if err := sess.checkRestricted(model.KindNote, id); err != nil {
		return n, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		var err error
		if n, _, err = getRecord[model.Note](sess, tx, model.KindNote, id); err != nil {
			return err
		}
		if err := clinical.Sign(&n, sess.user.Username, sess.now(), true); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindNote, id: id, body: n, op: model.ActEdit, reason: "signed", owner: n.PatientID})
	})
	return n, wrap("sign the note", err)
}

// AddAddendum adds text to a signed note; the note itself never changes.
func (svc Clinical) AddAddendum(noteID model.ID, text string) (clinical.Addendum, error) {
	sess := svc.sess
	var a clinical.Addendum
	if err := sess.require(model.PermWriteNote); err != nil {
		return a, err
	}
	if err := sess.checkRestricted(model.KindNote, noteID); err != nil {
		return a, err
	}
	err := sess.update(func(tx *bolt.Tx) error {
		n, _, err := getRecord[model.Note](sess, tx, model.KindNote, noteID)
		if err != nil {
			return err
		}
		if a, err = clinical.AddAddendum(n, text, sess.user.Username, sess.now()); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindAddendum, id: a.ID, body: a, op: model.ActCreate, owner: n.PatientID, reason: "addendum"})
	})
	return a, wrap("add the addendum", err)
}

// Addenda returns a patient's addenda by the note they belong to, in
// time order.
func (svc Clinical) Addenda(patient model.ID) (map[model.ID][]clinical.Addendum, error) {
	sess := svc.sess
	list, err := ownedList[clinical.Addendum](sess, patient, model.KindAddendum, func(a, b clinical.Addendum) bool { return a.At.Before(b.At) })
	out := map[model.ID][]clinical.Addendum{}
	for _, a := range list {
		out[a.NoteID] = append(out[a.NoteID], a)
	}
	return out, err
}
