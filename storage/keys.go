package storage

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/hkdf"
)

// keySlot is the data key wrapped under a key-encryption key. Slots hold no
// names: a user's slot is found by a salted hash of the username.
//
// Version 2 slots (V=2) bind the user ID as well as the slot key into the
// wrapped key's associated data, so a slot whose user was changed to another
// account's ID no longer opens. Version 0 slots (no "v") bound only the slot
// key; they are still read, and re-wrapped as version 2 at the next
// successful sign-in.
type keySlot struct {
	V       int       `json:"v,omitempty"`
	UserID  model.ID  `json:"user,omitempty"`
	KDF     KDFParams `json:"kdf,omitempty"`
	Salt    []byte    `json:"salt"`
	Wrapped []byte    `json:"wrapped"`
	// Sign is the user's Ed25519 signing seed sealed with the same
	// key-encryption key, bound to the slot key and user ID (signAAD).
	// Absent in slots made before signing keys: one is made at the next
	// sign-in.
	Sign []byte `json:"sign,omitempty"`
	// Box is set in a slot written by a key rotation (vault/rekey.go): the
	// ephemeral X25519 public key, and Wrapped is the new data key sealed
	// to the slot owner's signing key instead of under the password. The
	// next sign-in opens it with the seed in Sign and wraps it under the
	// password again.
	Box []byte `json:"box,omitempty"`
}

// slotVersion is the format of the user slots this build writes.
const slotVersion = 2

// slotAAD is the associated data a user slot's wrapped key is sealed with.
func slotAAD(key []byte, v int, user model.ID) []byte {
	if v < 2 {
		return key
	}
	aad := append([]byte(nil), key...)
	aad = append(aad, "\x00user:"...)
	return append(aad, user[:]...)
}

// deriveKEK is vault.DeriveKEK; tests replace it to count derivations.
var deriveKEK = vault.DeriveKEK

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

func putUserSlot(tx *bolt.Tx, clinicSalt []byte, u model.User, dek, seed []byte, password string, kdf KDFParams) error {
	salt := vault.RandomBytes(vault.SaltLen)
	kek := deriveKEK(password, salt, kdf)
	defer vault.Wipe(kek)
	return putUserSlotKEK(tx, clinicSalt, u, dek, seed, kek, salt, kdf)
}

// putUserSlotKEK writes a user slot under an already derived key.
func putUserSlotKEK(tx *bolt.Tx, clinicSalt []byte, u model.User, dek, seed, kek, salt []byte, kdf KDFParams) error {
	key := userSlotKey(clinicSalt, u.Username)
	w, err := wrapKey(kek, dek, slotAAD(key, slotVersion, u.ID))
	if err != nil {
		return err
	}
	ks := keySlot{V: slotVersion, UserID: u.ID, KDF: kdf, Salt: salt, Wrapped: w}
	if seed != nil {
		if ks.Sign, err = wrapKey(kek, seed, signAAD(key, u.ID)); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(ks)
	return tx.Bucket(bKeys).Put(key, b)
}

func putRecoverySlot(tx *bolt.Tx, dek []byte, rk RecoveryKey) error {
	salt := vault.RandomBytes(vault.SaltLen)
	kek := vault.RecoveryKEK(rk, salt)
	defer vault.Wipe(kek)
	w, err := wrapKey(kek, dek, kRecovery)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(keySlot{Salt: salt, Wrapped: w})
	return tx.Bucket(bKeys).Put(kRecovery, b)
}

// readSlot reads a slot and checks every value in it that comes from the
// file (KDF settings, salt and key lengths) before anything is derived with
// them. found is false when there is no slot; err is set when there is one
// that is damaged or was altered.
func readSlot(tx *bolt.Tx, key []byte) (ks keySlot, found bool, err error) {
	v := tx.Bucket(bKeys).Get(key)
	if v == nil {
		return ks, false, nil
	}
	if json.Unmarshal(v, &ks) != nil {
		return ks, true, model.Errorf(model.Damaged, "a key slot is damaged or was altered (it does not parse): it was not used")
	}
	if ks.Box != nil && len(ks.Box) != 32 {
		return ks, true, model.Errorf(model.Damaged, "a key slot is damaged or was altered (its re-sealed key is %d bytes): it was not used", len(ks.Box))
	}
	if string(key) == string(kRecovery) {
		return ks, true, vault.CheckSalt(ks.Salt, ks.Wrapped)
	}
	return ks, true, vault.CheckKDF(ks.KDF, ks.Salt, ks.Wrapped)
}

// currentKDF is the key-derivation setting of the store's slots (the first
// administrator's, else any valid user slot's), for the dummy derivation of
// an unknown username.
func (s *Store) currentKDF(tx *bolt.Tx) KDFParams {
	if admin := tx.Bucket(bMeta).Get(kAdminUser); admin != nil {
		if ks, ok, err := readSlot(tx, userSlotKey(s.salt, string(admin))); ok && err == nil {
			return ks.KDF
		}
	}
	c := tx.Bucket(bKeys).Cursor()
	for k, _ := c.Seek([]byte("u:")); k != nil && bytes.HasPrefix(k, []byte("u:")); k, _ = c.Next() {
		if ks, ok, err := readSlot(tx, k); ok && err == nil {
			return ks.KDF
		}
	}
	return vault.MinKDF
}

// dummyWrapped stands in for a wrapped key when the username is unknown.
var dummyWrapped = make([]byte, vault.WrappedLen)

// SignIn unlocks the store for a user. A wrong password changes no record;
// the failure is kept in a small log that the next successful sign-in moves
// into the audit trail (it cannot be sealed without the key).
func (s *Store) SignIn(username, password string) (*Session, error) {
	username = model.NormalizeUsername(username)
	key := userSlotKey(s.salt, username)
	var slot keySlot
	var found bool
	var slotErr error
	var dummyKDF KDFParams
	s.db.View(func(tx *bolt.Tx) error {
		slot, found, slotErr = readSlot(tx, key)
		if !found {
			dummyKDF = s.currentKDF(tx)
		}
		return nil
	})
	if slotErr != nil {
		s.recordFailure(username)
		return nil, slotErr
	}
	var dek []byte
	var sk slotSigning
	var reseal func() // wraps a slot re-sealed by a key rotation under the password again
	if found && slot.Box != nil {
		// A slot re-sealed by a key rotation: the password opens the
		// signing seed, the seed opens the data key.
		kek := deriveKEK(password, slot.Salt, slot.KDF)
		defer vault.Wipe(kek)
		seed, err := unwrapKey(kek, slot.Sign, signAAD(key, slot.UserID))
		if err == nil {
			if dek, err = vault.OpenWithSigningSeed(seed, slot.Box, slot.Wrapped, rekeyAAD(slotAAD(key, slot.V, slot.UserID))); err != nil {
				s.recordFailure(username)
				return nil, errResealedSlot(username)
			}
			sk.seed = seed
			reseal = func() {
				s.db.Update(func(tx *bolt.Tx) error {
					var u model.User
					u.ID, u.Username = slot.UserID, username
					return putUserSlotKEK(tx, s.salt, u, dek, seed, kek, slot.Salt, slot.KDF)
				})
			}
		}
	} else if found {
		kek := deriveKEK(password, slot.Salt, slot.KDF)
		defer vault.Wipe(kek)
		dek, _ = unwrapKey(kek, slot.Wrapped, slotAAD(key, slot.V, slot.UserID))
		if dek != nil && slot.Sign != nil {
			seed, err := unwrapKey(kek, slot.Sign, signAAD(key, slot.UserID))
			sk.seed, sk.damaged = seed, err != nil || len(seed) != ed25519.SeedSize
		}
		if dek != nil && slot.Sign == nil && slot.V >= slotVersion {
			// A slot made before signing keys: wrap the new seed in it
			// under the key just derived.
			sk.rewrap = func(tx *bolt.Tx, u model.User, seed []byte) error {
				return putUserSlotKEK(tx, s.salt, u, dek, seed, kek, slot.Salt, slot.KDF)
			}
		}
	} else {
		// An unknown username costs what a real one does: the same
		// derivation with the store's own settings, and an unwrap.
		kek := deriveKEK(password, vault.RandomBytes(vault.SaltLen), dummyKDF)
		unwrapKey(kek, dummyWrapped, key)
		vault.Wipe(kek)
	}
	if dek == nil {
		if err := s.recordFailure(username); err != nil {
			return nil, fmt.Errorf("%w (the failed attempt could not be recorded: %v)", ErrWrongPassword, err)
		}
		return nil, ErrWrongPassword
	}
	if slot.V < slotVersion && slot.Sign == nil {
		// A version 0 slot is re-wrapped below with a new derivation;
		// the seed made at this sign-in goes into it then.
		sk.rewrap = func(tx *bolt.Tx, u model.User, seed []byte) error { return nil }
	}
	sess, err := s.startSession(dek, slot.UserID, username, model.ActSignIn, "", sk)
	if err != nil {
		return nil, err
	}
	if reseal != nil && !s.opts.ReadOnly {
		// If this fails the slot stays re-sealed and the next sign-in
		// tries again.
		reseal()
	}
	if slot.V < slotVersion && !s.opts.ReadOnly {
		// Re-wrap an old slot so that it binds the user ID too. If this
		// fails the old slot stays and the next sign-in tries again.
		s.db.Update(func(tx *bolt.Tx) error {
			var seed []byte
			if sess.signer != nil {
				seed = sess.signer.Seed()
			}
			return putUserSlot(tx, s.salt, sess.user, sess.dek, seed, password, slot.KDF)
		})
	}
	sess.applyInboxAtSignIn()
	return sess, nil
}

// failure is a failed sign-in kept until the next unlock. It holds a keyed
// hash of the username as typed, never the text: a password typed into the
// username box must not land on disk. Old entries have User instead.
type failure struct {
	Time time.Time `json:"t"`
	User string    `json:"u,omitempty"`
	Hash string    `json:"h,omitempty"`
}

// failureHash is the keyed hash of a typed username kept for a failed
// sign-in: HMAC-SHA256 under a key derived from the clinic salt.
func failureHash(clinicSalt []byte, username string) string {
	k := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, clinicSalt, nil, []byte("dossier/failed-sign-in")), k); err != nil {
		panic("storage: hkdf: " + err.Error())
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(model.NormalizeUsername(username)))
	return hex.EncodeToString(m.Sum(nil)[:16])
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
	b, err := json.Marshal(failure{Time: wallNow(), Hash: failureHash(s.salt, username)})
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		f := tx.Bucket(bFailures)
		seq, _ := f.NextSequence()
		return f.Put(u64(seq), b)
	})
}

// recoveryKeyName is what a failed recovery-key unlock is recorded under.
const recoveryKeyName = "recovery key"

// startSession builds a session from an unwrapped data key and audits the
// sign-in, folding in failures and migrations that happened while locked.
// The user record the slot points to must be the account signing in
// (username) and must be enabled; anything else means the file was edited,
// and is refused and recorded as flagged tampering.
// slotSigning is what a sign-in found about the user's signing key: the
// unwrapped seed, whether the slot's wrapped seed was altered (damaged), and
// for a slot without one, how to wrap a new seed into it (rewrap).
type slotSigning struct {
	seed    []byte
	damaged bool
	rewrap  func(tx *bolt.Tx, u model.User, seed []byte) error
}

func (s *Store) startSession(dek []byte, userID model.ID, username string, act model.Action, detail string, sk slotSigning) (*Session, error) {
	keys, err := vault.DeriveSubKeys(dek)
	if err != nil {
		return nil, err
	}
	sess := &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{}}
	u, _, err := getRecord[model.User](sess, nil, model.KindUser, userID)
	var refusal error
	var what string
	switch {
	case err != nil:
		what = fmt.Sprintf("the key slot of %s points to no readable account (%v)", username, err)
		refusal = model.Errorf(model.Damaged, "the account of %s cannot be read: the store was altered or damaged; sign-in refused and recorded, tell the administrator", username)
	case u.Username != username:
		what = fmt.Sprintf("the key slot of %s was altered to open the account of %s", username, u.Username)
		refusal = model.Errorf(model.Damaged, "the sign-in data of %s was altered outside Dossier: sign-in refused and recorded, tell the administrator", username)
	case u.Disabled:
		what = fmt.Sprintf("the disabled account %s still had a key slot", username)
		refusal = ErrUserDisabled
	case sk.damaged:
		what = fmt.Sprintf("the signing key in the key slot of %s was altered or replaced", username)
		refusal = model.Errorf(model.Damaged, "the sign-in data of %s was altered outside Dossier: sign-in refused and recorded, tell the administrator", username)
	}
	if refusal != nil && !s.opts.ReadOnly && !sess.holdsStoreKey() {
		// The slot held a key that is not this store's (an old slot put
		// back after a key rotation): nothing can be sealed with it, so
		// the attempt is kept as a failed sign-in.
		s.recordFailure(username)
		vault.Wipe(dek)
		return nil, refusal
	}
	if refusal != nil {
		if !s.opts.ReadOnly {
			sess.user = model.User{Username: username}
			s.db.Update(func(tx *bolt.Tx) error {
				return sess.appendAudit(tx, model.AuditEntry{Action: model.ActTamper, Kind: model.KindUser, Record: userID,
					Detail: what + "; sign-in refused", Flagged: true})
			})
		}
		vault.Wipe(dek)
		return nil, refusal
	}
	sess.user = u
	var newKey bool
	if sk.seed != nil {
		sess.setSigner(u.ID, sk.seed)
	} else if sk.rewrap != nil && !s.opts.ReadOnly {
		// Migration: a user without a signing key gets one now. The first
		// administrator's becomes the root of trust (self-certified);
		// anyone else's waits for an administrator to certify it.
		seed := newSeed()
		sess.setSigner(u.ID, seed)
		k := model.SigningKey{Pub: sess.signerPub(), Created: sess.now()}
		s.db.View(func(tx *bolt.Tx) error {
			m := tx.Bucket(bMeta)
			if m.Get(kRootKey) == nil && string(m.Get(kAdminUser)) == u.Username && u.Role == model.RoleAdmin {
				k = certify(sess.signer, u, k.Pub, k)
			}
			return nil
		})
		sess.user.Keys = append(sess.user.Keys, k)
		newKey = true
	}
	s.indexMu.Lock()
	s.sessions++
	s.indexMu.Unlock()
	s.track(sess)
	if s.opts.ReadOnly {
		return sess, nil
	}
	names := map[string]string{failureHash(s.salt, recoveryKeyName): recoveryKeyName}
	if users, err := sess.listUsersUnchecked(); err == nil {
		for _, u := range users {
			names[failureHash(s.salt, u.Username)] = u.Username
		}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if newKey {
			k := sess.user.CurrentKey()
			if len(k.Issuer) != 0 {
				if err := tx.Bucket(bMeta).Put(kRootKey, k.Pub); err != nil {
					return err
				}
			}
			if err := sk.rewrap(tx, sess.user, sess.signer.Seed()); err != nil {
				return err
			}
			if err := sess.putRecord(tx, model.KindUser, sess.user.ID, sess.user, model.ActEdit, "signing key made for "+sess.user.Username); err != nil {
				return err
			}
		} else if k := sess.user.CurrentKey(); sess.signer != nil && (k == nil || !bytes.Equal(k.Pub, sess.signerPub())) {
			if err := sess.appendAudit(tx, model.AuditEntry{Action: model.ActTamper, Kind: model.KindUser, Record: sess.user.ID, Flagged: true,
				Detail: "the public signing key in the account of " + sess.user.Username + " is not the one in their key slot"}); err != nil {
				return err
			}
		}
		if err := sess.foldFailures(tx, names); err != nil {
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
		if err := sess.appendAudit(tx, model.AuditEntry{Action: act, Detail: detail, Flagged: act == model.ActRecoveryUsed}); err != nil {
			return err
		}
		return sess.certifyPending(tx)
	})
	if err != nil {
		return nil, fmt.Errorf("record the sign-in: %w", diskErr(err))
	}
	return sess, nil
}

// holdsStoreKey reports whether the session's key opens the store's sealed
// record of the audit trail's end (or the store has none yet).
func (sess *Session) holdsStoreKey() bool {
	ok := true
	sess.store.db.View(func(tx *bolt.Tx) error {
		if hv := tx.Bucket(bMeta).Get(kAuditHead); hv != nil {
			_, err := sess.keys.Records.Open(hv, auditHeadAAD)
			ok = err == nil
		}
		return nil
	})
	return ok
}

// foldFailures moves the failed sign-ins recorded while locked into the audit
// chain (flagging three or more for one username) and deletes them. names
// maps the keyed hash of each account's username to the username; a failure
// whose hash matches no account is recorded as an unknown username.
func (sess *Session) foldFailures(tx *bolt.Tx, names map[string]string) error {
	f := tx.Bucket(bFailures)
	perUser := map[string]int{}
	var keys [][]byte
	var list []failure
	f.ForEach(func(k, v []byte) error {
		var fl failure
		if json.Unmarshal(v, &fl) == nil {
			if fl.Hash == "" { // written by an older Dossier
				fl.Hash = failureHash(sess.store.salt, fl.User)
			}
			list = append(list, fl)
			perUser[fl.Hash]++
		}
		keys = append(keys, append([]byte(nil), k...))
		return nil
	})
	for _, fl := range list {
		user, known := names[fl.Hash]
		detail := "wrong password"
		if !known {
			user, detail = "(unknown user)", "a username that is no account (hash "+fl.Hash[:8]+")"
		}
		n := perUser[fl.Hash]
		e := model.AuditEntry{Time: fl.Time, User: user, Action: model.ActSignInFailed, Detail: detail, Flagged: n >= 3}
		if n >= 3 {
			e.Detail = fmt.Sprintf("%s (%d failures in a row)", detail, n)
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
	dek, err := s.openRecoverySlot(rk)
	if err != nil {
		if err == ErrWrongRecoveryKey {
			s.recordFailure(recoveryKeyName)
		}
		return nil, err
	}
	keys, err := vault.DeriveSubKeys(dek)
	if err != nil {
		return nil, err
	}
	probe := &Session{store: s, keys: keys, dek: dek, unlocked: map[model.ID]bool{}}
	probe.setRecoverySigner(rk)
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
	// The old signing key is wrapped under the lost password: make a new
	// one, certified by the recovery key's signing key.
	seed := probe.newUserKey(&target)
	probe.user = target
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putUserSlot(tx, s.salt, target, dek, seed, newPassword, kdf); err != nil {
			return err
		}
		return probe.putRecord(tx, model.KindUser, target.ID, target, model.ActEdit, "password reset with the recovery key")
	})
	if err != nil {
		return nil, fmt.Errorf("set the new password: %w", diskErr(err))
	}
	return s.startSession(dek, target.ID, target.Username, model.ActRecoveryUsed, "password of "+target.Username+" reset with the recovery key", slotSigning{seed: seed})
}

// openRecoverySlot unwraps the data key with the recovery key: under the
// key derived from it, or, in a slot re-sealed by a key rotation, with the
// recovery key's signing seed.
func (s *Store) openRecoverySlot(rk RecoveryKey) ([]byte, error) {
	var slot keySlot
	var found bool
	var slotErr error
	s.db.View(func(tx *bolt.Tx) error { slot, found, slotErr = readSlot(tx, kRecovery); return nil })
	if slotErr != nil {
		return nil, slotErr
	}
	if !found {
		return nil, ErrWrongRecoveryKey
	}
	if slot.Box != nil {
		dek, err := vault.OpenWithSigningSeed(recoverySigner(rk).Seed(), slot.Box, slot.Wrapped, rekeyAAD(kRecovery))
		if err != nil {
			return nil, ErrWrongRecoveryKey
		}
		return dek, nil
	}
	kek := vault.RecoveryKEK(rk, slot.Salt)
	defer vault.Wipe(kek)
	dek, err := unwrapKey(kek, slot.Wrapped, kRecovery)
	if err != nil {
		return nil, ErrWrongRecoveryKey
	}
	return dek, nil
}

// Key rotation hands the new data key to users who are not there: it is
// sealed to each one's certified signing key (vault.SealToSigningKey, where
// the design is explained) and opened at their next sign-in with the seed
// their password unwraps.

// rekeyAAD is the associated data of a data key sealed to a slot's owner.
func rekeyAAD(slotAAD []byte) []byte {
	return append(append([]byte(nil), slotAAD...), "\x00rekey"...)
}

// errResealedSlot is the answer when a slot sealed at a rotation does not
// open with the seed its password unwrapped.
func errResealedSlot(username string) error {
	return model.Errorf(model.Damaged, "the key slot of %s was re-sealed at a key rotation but does not open with their signing key: an administrator must set a new password for %s", username, username)
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
	var slotErr error
	s.db.View(func(tx *bolt.Tx) error { slot, _, slotErr = readSlot(tx, key); return nil })
	if slotErr != nil {
		return slotErr
	}
	kek := deriveKEK(oldPassword, slot.Salt, slot.KDF)
	var err error
	if slot.Box != nil { // re-sealed by a key rotation: the password opens the seed
		_, err = unwrapKey(kek, slot.Sign, signAAD(key, slot.UserID))
	} else {
		_, err = unwrapKey(kek, slot.Wrapped, slotAAD(key, slot.V, slot.UserID))
	}
	vault.Wipe(kek)
	if err != nil {
		return model.Errorf(model.Denied, "the current password is wrong")
	}
	kdf := CalibrateKDFOrWeak(s.opts)
	return sess.update(func(tx *bolt.Tx) error {
		var seed []byte
		if sess.signer != nil && sess.signerID == sess.user.ID {
			seed = sess.signer.Seed()
		}
		if err := putUserSlot(tx, s.salt, sess.user, sess.dek, seed, newPassword, kdf); err != nil {
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
