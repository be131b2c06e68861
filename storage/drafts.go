package storage

import (
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Drafts keep a form being keyed safe until it is saved: a closed window,
// a lock or a crash loses nothing. Each user's drafts are sealed like
// records and found by a keyed hash of user and form, so the file shows
// neither. They are not audited one by one (autosave writes them every few
// seconds); the record saved from a draft is.

func (sess *Session) draftKey(form string) []byte {
	return sess.keys.blind("draft", sess.user.Username+"\x00"+form)
}

func draftAAD(key []byte) []byte { return append([]byte("draft\x00"), key...) }

// Save stores the current state of a form.
func (svc Drafts) Save(form string, v any) error {
	sess := svc.sess
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode the draft: %w", err)
	}
	return wrap("keep the draft", sess.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return ErrNotStore
		}
		key := sess.draftKey(form)
		return b.Put(key, sess.keys.records.seal(body, draftAAD(key)))
	}))
}

// Load reads a form's draft into v; ok is false when there is none.
func (svc Drafts) Load(form string, v any) (ok bool, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		key := sess.draftKey(form)
		sealed := b.Get(key)
		if sealed == nil {
			return nil
		}
		plain, err := sess.keys.records.open(sealed, draftAAD(key))
		if err != nil {
			return errors.New("the draft is damaged and cannot be read")
		}
		ok = true
		return json.Unmarshal(plain, v)
	})
	return ok, wrap("read the draft", err)
}

// Delete forgets a form's draft once it is saved or discarded.
func (svc Drafts) Delete(form string) error {
	sess := svc.sess
	return wrap("remove the draft", sess.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bDrafts); b != nil {
			return b.Delete(sess.draftKey(form))
		}
		return nil
	}))
}
