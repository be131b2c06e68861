package storage

import (
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Clinicians as people: an encounter names its attending clinician by user
// ID (a user with role clinician), so deficiencies reach the person and not
// a spelling. Old encounters keep the name as typed (Encounter.Clinician).

// Clinicians lists the active users with role clinician, by name: the
// choices for an encounter's attending.
func (svc Encounters) Clinicians() ([]model.User, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	all, err := sess.listUsersUnchecked()
	if err != nil {
		return nil, wrap("read the clinicians", err)
	}
	var out []model.User
	for _, u := range all {
		if u.Role == model.RoleClinician && !u.Disabled {
			out = append(out, model.User{ID: u.ID, Username: u.Username, FullName: u.FullName, Role: u.Role})
		}
	}
	return out, nil
}

// resolveClinician checks an encounter's ClinicianID names a clinician
// and writes their name beside it; with no ID, a name typed that is
// exactly a clinician's full name or username gets that clinician's ID.
func (sess *Session) resolveClinician(tx *bolt.Tx, e *model.Encounter) error {
	if !e.ClinicianID.IsZero() {
		u, m, err := getRecord[model.User](sess, tx, model.KindUser, e.ClinicianID)
		if err != nil || m.Deleted || u.Role != model.RoleClinician {
			return model.FieldError("clinician", "choose the attending clinician from the list of clinicians")
		}
		e.Clinician = u.FullName
		return nil
	}
	name := strings.TrimSpace(e.Clinician)
	if name == "" {
		return nil
	}
	users, err := sess.listUsersInTx(tx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == model.RoleClinician && !u.Disabled &&
			(strings.EqualFold(u.FullName, name) || strings.EqualFold(u.Username, name)) {
			e.ClinicianID, e.Clinician = u.ID, u.FullName
			return nil
		}
	}
	return nil
}

func (sess *Session) listUsersInTx(tx *bolt.Tx) ([]model.User, error) {
	var out []model.User
	for _, id := range allIDs(tx, model.KindUser) {
		u, m, err := getRecord[model.User](sess, tx, model.KindUser, id)
		if err != nil {
			return nil, err
		}
		if !m.Deleted {
			out = append(out, u)
		}
	}
	return out, nil
}

// allIDs lists the live heads of a kind (small kinds only: users).
func allIDs(tx *bolt.Tx, kind model.Kind) []model.ID {
	heads, _, err := kindBuckets(tx, kind, false)
	if err != nil || heads == nil {
		return nil
	}
	var ids []model.ID
	heads.ForEach(func(k, v []byte) error {
		if h, ok := decodeHead(v); ok && !h.deleted && len(k) == 16 {
			ids = append(ids, model.ID(k))
		}
		return nil
	})
	return ids
}
