package storage

import (
	"encoding/binary"
	"slices"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

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
