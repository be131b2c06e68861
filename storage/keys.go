package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// keySlot is the data key wrapped under a key-encryption key. Slots hold no
// names: a user's slot is found by a salted hash of the username.
type keySlot struct {
	UserID  model.ID  `json:"user,omitempty"`
	KDF     KDFParams `json:"kdf,omitempty"`
	Salt    []byte    `json:"salt"`
	Wrapped []byte    `json:"wrapped"`
}

func userSlotKey(clinicSalt []byte, username string) []byte {
	h := sha256.New()
	h.Write(clinicSalt)
	h.Write([]byte(model.NormalizeUsername(username)))
	return append([]byte("u:"), h.Sum(nil)[:16]...)
}

func wrapKey(kek, dek, aad []byte) ([]byte, error) {
	s, err := vault.NewSealer(kek)
	if err != nil {
		return nil, err
	}
	return s.Seal(dek, aad), nil
}

func unwrapKey(kek, wrapped, aad []byte) ([]byte, error) {
	s, err := vault.NewSealer(kek)
	if err != nil {
		return nil, err
	}
	return s.Open(wrapped, aad)
}

func putUserSlot(tx *bolt.Tx, clinicSalt []byte, u model.User, dek []byte, password string, kdf KDFParams) error {
	salt := vault.RandomBytes(16)
	kek := vault.DeriveKEK(password, salt, kdf)
	defer vault.Wipe(kek)
	key := userSlotKey(clinicSalt, u.Username)
	w, err := wrapKey(kek, dek, key)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(keySlot{UserID: u.ID, KDF: kdf, Salt: salt, Wrapped: w})
	return tx.Bucket(bKeys).Put(key, b)
}

func putRecoverySlot(tx *bolt.Tx, dek []byte, rk RecoveryKey) error {
	salt := vault.RandomBytes(16)
	kek := vault.RecoveryKEK(rk, salt)
	defer vault.Wipe(kek)
	w, err := wrapKey(kek, dek, kRecovery)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(keySlot{Salt: salt, Wrapped: w})
	return tx.Bucket(bKeys).Put(kRecovery, b)
}

func readSlot(tx *bolt.Tx, key []byte) (keySlot, bool) {
	var ks keySlot
	v := tx.Bucket(bKeys).Get(key)
	if v == nil || json.Unmarshal(v, &ks) != nil {
		return ks, false
	}
	return ks, true
}

// SignIn unlocks the store for a user. A wrong password changes no record;
// the failure is kept in a small log that the next successful sign-in moves
// into the audit trail (it cannot be sealed without the key).
func (s *Store) SignIn(username, password string) (*Session, error) {
	username = model.NormalizeUsername(username)
	key := userSlotKey(s.salt, username)
	var slot keySlot
	var found bool
	s.db.View(func(tx *bolt.Tx) error { slot, found = readSlot(tx, key); return nil })
	var dek []byte
	if found {
		kek := vault.DeriveKEK(password, slot.Salt, slot.KDF)
		dek, _ = unwrapKey(kek, slot.Wrapped, key)
		vault.Wipe(kek)
	} else {
		// Spend as long as a real attempt, with the key-derivation settings
		// of an existing user's slot, so timing does not reveal which
		// usernames exist.
		vault.DeriveKEK(password, make([]byte, 16), s.anySlotKDF())
	}
	if dek == nil {
		if err := s.recordFailure(username); err != nil {
			return nil, fmt.Errorf("%w (the failed attempt could not be recorded: %v)", ErrWrongPassword, err)
		}
		return nil, ErrWrongPassword
	}
	return s.startSession(dek, slot.UserID, model.ActSignIn, "")
}

type failure struct {
	Time time.Time `json:"t"`
	User string    `json:"u"`
}

// anySlotKDF is the key-derivation settings of the first user slot (the
// settings a real attempt would spend), or the minimum when there is none.
func (s *Store) anySlotKDF() KDFParams {
	kdf := vault.MinKDF
	s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bKeys).Cursor()
		for k, v := c.Seek([]byte("u:")); k != nil && bytes.HasPrefix(k, []byte("u:")); k, v = c.Next() {
			var ks keySlot
			if json.Unmarshal(v, &ks) == nil && ks.KDF != (KDFParams{}) {
				kdf = ks.KDF
				break
			}
		}
		return nil
	})
	return kdf
}

func (s *Store) recordFailure(username string) error {
	if s.opts.ReadOnly {
		return nil
	}
	b, err := json.Marshal(failure{Time: wallNow(), User: username})
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		f := tx.Bucket(bFailures)
		seq, _ := f.NextSequence()
		return f.Put(u64(seq), b)
	})
}

// startSession builds a session from an unwrapped data key and audits the
// sign-in, folding in failures and migrations that happened while locked.
func (s *Store) startSession(dek []byte, userID model.ID, act model.Action, detail string) (*Session, error) {
	keys, err := vault.DeriveSubKeys(dek)
	if err != nil {
		return nil, err
	}
	sess := &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{}}
	u, _, err := getRecord[model.User](sess, nil, model.KindUser, userID)
	if err != nil {
		return nil, fmt.Errorf("read the user account: %w", err)
	}
	if u.Disabled {
		return nil, ErrUserDisabled
	}
	sess.user = u
	s.indexMu.Lock()
	s.sessions++
	s.indexMu.Unlock()
	if s.opts.ReadOnly {
		return sess, nil
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := sess.foldFailures(tx); err != nil {
			return err
		}
		s.mu.Lock()
		pending := s.pending
		s.pending = nil
		s.mu.Unlock()
		for _, m := range pending {
			if err := sess.appendAudit(tx, model.AuditEntry{Action: model.ActMigrate, Detail: "schema " + m}); err != nil {
				return err
			}
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: act, Detail: detail, Flagged: act == model.ActRecoveryUsed})
	})
	if err != nil {
		return nil, fmt.Errorf("record the sign-in: %w", diskErr(err))
	}
	return sess, nil
}

// foldFailures moves the failed sign-ins recorded while locked into the audit
// chain (flagging three or more for one username) and deletes them.
func (sess *Session) foldFailures(tx *bolt.Tx) error {
	f := tx.Bucket(bFailures)
	perUser := map[string]int{}
	var keys [][]byte
	var list []failure
	f.ForEach(func(k, v []byte) error {
		var fl failure
		if json.Unmarshal(v, &fl) == nil {
			list = append(list, fl)
			perUser[fl.User]++
		}
		keys = append(keys, append([]byte(nil), k...))
		return nil
	})
	for _, fl := range list {
		e := model.AuditEntry{Time: fl.Time, User: fl.User, Action: model.ActSignInFailed,
			Detail: "wrong password", Flagged: perUser[fl.User] >= 3}
		if perUser[fl.User] >= 3 {
			e.Detail = fmt.Sprintf("wrong password (%d failures in a row)", perUser[fl.User])
		}
		if err := sess.appendAudit(tx, e); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := f.Delete(k); err != nil {
			return err
		}
	}
	sess.failuresSeen = len(list)
	return nil
}

// RecoverWithKey unlocks the store with the recovery key and sets a new
// password for the named user (normally the administrator). Flagged in the
// audit trail.
func (s *Store) RecoverWithKey(rk RecoveryKey, username, newPassword string) (*Session, error) {
	if err := model.ValidatePassword(newPassword); err != nil {
		return nil, err
	}
	var slot keySlot
	var found bool
	s.db.View(func(tx *bolt.Tx) error { slot, found = readSlot(tx, kRecovery); return nil })
	if !found {
		return nil, ErrWrongRecoveryKey
	}
	kek := vault.RecoveryKEK(rk, slot.Salt)
	dek, err := unwrapKey(kek, slot.Wrapped, kRecovery)
	vault.Wipe(kek)
	if err != nil {
		s.recordFailure("recovery key")
		return nil, ErrWrongRecoveryKey
	}
	keys, err := vault.DeriveSubKeys(dek)
	if err != nil {
		return nil, err
	}
	probe := &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{}}
	var target model.User
	users, err := probe.listUsersUnchecked()
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Username == model.NormalizeUsername(username) {
			target = u
		}
	}
	if target.ID.IsZero() {
		return nil, model.Errorf(model.NotFound, "there is no user %q in this clinic", username)
	}
	target.Disabled = false
	kdf := CalibrateKDFOrWeak(s.opts)
	probe.user = target
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putUserSlot(tx, s.salt, target, dek, newPassword, kdf); err != nil {
			return err
		}
		return probe.putRecord(tx, model.KindUser, target.ID, target, model.ActEdit, "password reset with the recovery key")
	})
	if err != nil {
		return nil, fmt.Errorf("set the new password: %w", diskErr(err))
	}
	return s.startSession(dek, target.ID, model.ActRecoveryUsed, "password of "+target.Username+" reset with the recovery key")
}

// CalibrateKDFOrWeak picks KDF settings for new key slots.
func CalibrateKDFOrWeak(o Options) KDFParams {
	if o.KDF != (KDFParams{}) && (!o.KDF.Weak() || o.AllowWeakKDF) {
		return o.KDF
	}
	return CalibrateKDF(time.Second)
}

// ChangePassword re-wraps the data key for the signed-in user.
func (sess *Session) ChangePassword(oldPassword, newPassword string) error {
	if err := sess.alive(); err != nil {
		return err
	}
	if err := model.ValidatePassword(newPassword); err != nil {
		return err
	}
	s := sess.store
	key := userSlotKey(s.salt, sess.user.Username)
	var slot keySlot
	s.db.View(func(tx *bolt.Tx) error { slot, _ = readSlot(tx, key); return nil })
	kek := vault.DeriveKEK(oldPassword, slot.Salt, slot.KDF)
	_, err := unwrapKey(kek, slot.Wrapped, key)
	vault.Wipe(kek)
	if err != nil {
		return model.Errorf(model.Denied, "the current password is wrong")
	}
	kdf := CalibrateKDFOrWeak(s.opts)
	return sess.update(func(tx *bolt.Tx) error {
		if err := putUserSlot(tx, s.salt, sess.user, sess.dek, newPassword, kdf); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActPasswordChange, Kind: model.KindUser, Record: sess.user.ID})
	})
}

// KDFParams are the Argon2id settings stored beside each wrapped key.
type KDFParams = vault.KDFParams

// RecoveryKey is the 256-bit key printed at setup (see vault.RecoveryKey).
type RecoveryKey = vault.RecoveryKey

// TestKDF is a deliberately weak setting for tests only; Create refuses it
// unless Options.AllowWeakKDF is set.
var TestKDF = vault.TestKDF

// CalibrateKDF finds Argon2id settings that take about target on this
// machine (see vault.CalibrateKDF).
func CalibrateKDF(target time.Duration) KDFParams { return vault.CalibrateKDF(target) }

// ParseRecoveryKey reads a recovery key as printed (see vault.ParseRecoveryKey).
func ParseRecoveryKey(s string) (RecoveryKey, error) { return vault.ParseRecoveryKey(s) }
