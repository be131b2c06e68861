package storage

import (
	"encoding/binary"
	"slices"
	"sort"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

func (sess *Session) listUsersUnchecked() ([]model.User, error) {
	var out []model.User
	err := listRecords(sess, model.KindUser, true, func(u model.User, _ model.Revision) bool {
		out = append(out, u)
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Username < out[j].Username })
	return out, err
}

// Users lists every account, for administrators.
func (svc Admin) Users() ([]model.User, error) {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return nil, err
	}
	return sess.listUsersUnchecked()
}

// CreateUser adds a staff account with its first password.
func (svc Admin) CreateUser(u model.User, password string) (model.User, error) {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return u, err
	}
	if err := model.ValidateUsername(u.Username); err != nil {
		return u, err
	}
	if err := model.ValidatePassword(password); err != nil {
		return u, err
	}
	if _, err := model.ParseRole(string(u.Role)); err != nil {
		return u, err
	}
	u.Username = model.NormalizeUsername(u.Username)
	existing, err := sess.listUsersUnchecked()
	if err != nil {
		return u, err
	}
	for _, e := range existing {
		if e.Username == u.Username {
			return u, model.Errorf(model.Conflict, "the username %q is taken", u.Username)
		}
	}
	u.ID = model.NewID()
	u.Created = sess.now()
	u.Keys = nil
	seed := sess.newUserKey(&u) // certified by this administrator
	kdf := CalibrateKDFOrWeak(sess.store.opts)
	err = sess.update(func(tx *bolt.Tx) error {
		if err := putUserSlot(tx, sess.store.salt, u, sess.dek, seed, password, kdf); err != nil {
			return err
		}
		return sess.putRecord(tx, model.KindUser, u.ID, u, model.ActCreate, "account for "+u.FullName)
	})
	return u, wrap("create the account", err)
}

// UpdateUser changes a user's name, role or disabled state. Disabling
// removes the user's key slot so the password no longer unlocks the store.
func (svc Admin) UpdateUser(u model.User, newPassword, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return err
	}
	if reason == "" {
		return ErrReasonRequired
	}
	if u.ID == sess.user.ID && (u.Disabled || u.Role != model.RoleAdmin) {
		return model.Errorf(model.Invalid, "you cannot disable yourself or remove your own administrator role")
	}
	if newPassword != "" {
		if err := model.ValidatePassword(newPassword); err != nil {
			return err
		}
	}
	kdf := KDFParams{}
	if newPassword != "" {
		kdf = CalibrateKDFOrWeak(sess.store.opts)
	}
	return wrap("save the account", sess.update(func(tx *bolt.Tx) error {
		old, _, err := getRecord[model.User](sess, tx, model.KindUser, u.ID)
		if err != nil {
			return err
		}
		u.Username, u.Created, u.Keys = old.Username, old.Created, slices.Clone(old.Keys)
		if u.Role != old.Role {
			// The certificates name the role: certify the keys again.
			sess.recertify(&u)
		}
		if old.Role == model.RoleAdmin && u.Role != model.RoleAdmin {
			// Certificates count only from administrators: take over
			// the ones the former administrator issued.
			if err := sess.takeOverCertificates(tx, old); err != nil {
				return err
			}
		}
		slot := userSlotKey(sess.store.salt, u.Username)
		switch {
		case u.Disabled:
			if err := tx.Bucket(bKeys).Delete(slot); err != nil {
				return err
			}
		case newPassword != "":
			// The old signing key is wrapped under the old password:
			// the new password gets a new key, certified by this
			// administrator.
			seed := sess.newUserKey(&u)
			if err := putUserSlot(tx, sess.store.salt, u, sess.dek, seed, newPassword, kdf); err != nil {
				return err
			}
		case old.Disabled:
			return model.Errorf(model.Invalid, "set a new password to enable %s again", u.Username)
		}
		return sess.putRecord(tx, model.KindUser, u.ID, u, model.ActEdit, reason)
	}))
}

// Clinic returns the clinic's settings. They are read from the store once
// and kept in memory: screens ask for them on every date typed.
func (sess *Session) Clinic() (model.Clinic, error) {
	if err := sess.alive(); err != nil {
		return model.Clinic{}, err
	}
	s := sess.store
	s.clinicMu.Lock()
	defer s.clinicMu.Unlock()
	if s.clinic == nil {
		c, _, err := getRecord[model.Clinic](sess, nil, model.KindClinic, clinicRecordID)
		if err != nil {
			return c, wrap("read the clinic settings", err)
		}
		s.clinic = &c
	}
	return cloneClinic(*s.clinic), nil
}

// cloneClinic copies the settings so a caller changing a list or map in
// its copy does not change the cached one.
func cloneClinic(c model.Clinic) model.Clinic {
	c.AddressLevels = slices.Clone(c.AddressLevels)
	if c.DoubleEntryFields != nil {
		m := make(map[model.DocType][]string, len(c.DoubleEntryFields))
		for k, v := range c.DoubleEntryFields {
			m[k] = slices.Clone(v)
		}
		c.DoubleEntryFields = m
	}
	return c
}

// UpdateClinic saves new settings as a new revision.
func (svc Admin) UpdateClinic(c model.Clinic, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if reason == "" {
		reason = "settings changed"
	}
	err := sess.update(func(tx *bolt.Tx) error {
		if err := putLanguage(tx, c.Language); err != nil {
			return err
		}
		return sess.write(tx, writeOp{kind: model.KindClinic, id: clinicRecordID, body: c, op: model.ActEdit, reason: reason})
	})
	if err == nil {
		sess.store.clinicMu.Lock()
		cached := cloneClinic(c)
		sess.store.clinic = &cached
		sess.store.clinicMu.Unlock()
	}
	return wrap("save the settings", err)
}

// LastBackup is when the last verified backup was made (zero if never).
func (s *Store) LastBackup() time.Time {
	var t time.Time
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(kLastBackup); len(v) == 8 {
			t = time.Unix(int64(binary.BigEndian.Uint64(v)), 0)
		}
		return nil
	})
	return t
}

// BackupDue reports whether the reminder should show.
func (svc Admin) BackupDue(today time.Time) (bool, time.Time) {
	sess := svc.sess
	c, err := sess.Clinic()
	last := sess.store.LastBackup()
	if err != nil {
		return false, last
	}
	return last.IsZero() || today.Sub(last) > time.Duration(c.BackupReminderDays)*24*time.Hour, last
}

// clinicTx reads the settings inside a transaction.
func (sess *Session) clinicTx(tx *bolt.Tx) (model.Clinic, error) {
	c, _, err := getRecord[model.Clinic](sess, tx, model.KindClinic, clinicRecordID)
	return c, wrap("read the clinic settings", err)
}
