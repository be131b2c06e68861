package storage

import (
	"fmt"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// checkRestricted refuses access to a restricted patient's records unless
// the user's role may open them or the glass was broken in this session.
func (sess *Session) checkRestricted(kind model.Kind, id model.ID) error {
	pid := id
	if kind != model.KindPatient {
		owner, ok := sess.ownerOf(kind, id)
		if !ok {
			return nil
		}
		pid = owner
	}
	var restricted bool
	err := sess.view(func(tx *bolt.Tx) error {
		p, _, err := getRecord[model.Patient](sess, tx, model.KindPatient, pid)
		restricted = err == nil && p.Restricted
		return nil
	})
	if err != nil || !restricted || sess.mayOpen(pid) {
		return err
	}
	if err := sess.auditRestricted(pid); err != nil {
		return fmt.Errorf("%w (the refusal could not be audited: %v)", ErrRestricted, err)
	}
	return ErrRestricted
}

// auditRestricted records a refused opening of a restricted patient's
// records, flagged for review like breaking the glass.
func (sess *Session) auditRestricted(patient model.ID) error {
	return sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActDenied, Kind: model.KindPatient, Record: patient,
			Detail: "restricted record", Flagged: true})
	})
}

// mayOpen reports whether this session may open a restricted patient: by
// role, or because the glass was broken for it.
func (sess *Session) mayOpen(patient model.ID) bool {
	if sess.user.Role.MayOpenRestricted() {
		return true
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.unlocked[patient]
}

// ownerOf finds the patient a record belongs to by reading its latest
// revision's "patient" field.
func (sess *Session) ownerOf(kind model.Kind, id model.ID) (model.ID, bool) {
	var owner struct {
		Patient model.ID `json:"patient"`
	}
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		owner, _, err = getRecord[struct {
			Patient model.ID `json:"patient"`
		}](sess, tx, kind, id)
		return err
	})
	return owner.Patient, err == nil && !owner.Patient.IsZero()
}

// BreakGlass opens a restricted patient's record for this session after the
// user gives a reason. The audit entry is flagged for review.
func (svc Patients) BreakGlass(patient model.ID, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	err := sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActBreakGlass, Kind: model.KindPatient,
			Record: patient, Detail: reason, Flagged: true})
	})
	if err != nil {
		return err
	}
	sess.mu.Lock()
	sess.unlocked[patient] = true
	sess.mu.Unlock()
	return nil
}
