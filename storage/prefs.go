package storage

import (
	"encoding/json"
	"fmt"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Prefs keeps small per-user settings (appearance, recent patients),
// sealed like drafts in the drafts bucket and found by a keyed hash of
// user and name, so the file shows neither. They are the user's own and
// are not audited (opening a patient is, when it happens).
type Prefs struct{ sess *Session }

// Prefs is the session's Prefs service.
func (sess *Session) Prefs() Prefs { return Prefs{sess} }

func (sess *Session) prefKey(name string) []byte {
	return sess.keys.Blind("pref", sess.user.Username+"\x00"+name)
}

func prefAAD(key []byte) []byte { return append([]byte("pref\x00"), key...) }

// Save stores the user's setting called name.
func (svc Prefs) Save(name string, v any) error {
	sess := svc.sess
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode the setting: %w", err)
	}
	return wrap("keep the setting", sess.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return ErrNotStore
		}
		key := sess.prefKey(name)
		return b.Put(key, sess.keys.Records.Seal(body, prefAAD(key)))
	}))
}

// Load reads the user's setting called name into v; ok is false when the
// user has none.
func (svc Prefs) Load(name string, v any) (ok bool, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		key := sess.prefKey(name)
		sealed := b.Get(key)
		if sealed == nil {
			return nil
		}
		plain, err := sess.keys.Records.Open(sealed, prefAAD(key))
		if err != nil {
			return model.Errorf(model.Damaged, "the setting %s is damaged and cannot be read", name)
		}
		ok = true
		return json.Unmarshal(plain, v)
	})
	return ok, wrap("read the setting", err)
}
