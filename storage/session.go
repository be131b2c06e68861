package storage

import (
	"fmt"
	"sync"
	"time"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Session is one signed-in user's unlocked view of the store. Its feature
// methods are grouped into services (services.go); see the package comment
// for which of them check a permission.
type Session struct {
	store *Store
	user  model.User

	mu           sync.Mutex
	keys         *vault.SubKeys
	dek          []byte
	unlocked     map[model.ID]bool // restricted patients opened by breaking the glass
	failuresSeen int
}

// User is who is signed in.
func (sess *Session) User() model.User { return sess.user }

// Store is the store this session unlocked.
func (sess *Session) Store() *Store { return sess.store }

// FailedSignInsSinceLast is how many wrong passwords were typed since the
// previous successful sign-in, to tell the user at sign-in.
func (sess *Session) FailedSignInsSinceLast() int { return sess.failuresSeen }

func (sess *Session) alive() error {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.keys == nil {
		return ErrLocked
	}
	return nil
}

// Can reports whether the user holds a permission (for showing controls;
// every operation checks again).
func (sess *Session) Can(p model.Permission) bool { return sess.user.Role.Allows(p) }

// require checks a permission and audits a refusal.
func (sess *Session) require(p model.Permission) error {
	if err := sess.alive(); err != nil {
		return err
	}
	if sess.user.Role.Allows(p) {
		return nil
	}
	sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActDenied, Detail: p.String(), Flagged: true})
	})
	return denied(sess.user.Username, p.String())
}

// update runs fn in a write transaction, then writes the patient index
// chunks fn touched in the same transaction, and maps a full disk to
// ErrDiskFull.
func (sess *Session) update(fn func(tx *bolt.Tx) error) error {
	if err := sess.alive(); err != nil {
		return err
	}
	return diskErr(sess.store.db.Update(func(tx *bolt.Tx) error {
		defer func() { sess.store.stage, sess.store.stageTx = nil, nil }()
		if err := fn(tx); err != nil {
			return err
		}
		return sess.flushIndex(tx)
	}))
}

func (sess *Session) view(fn func(tx *bolt.Tx) error) error {
	if err := sess.alive(); err != nil {
		return err
	}
	return sess.store.db.View(fn)
}

// Lock forgets the keys; the user must sign in again. Audited.
func (sess *Session) Lock(reason model.Action) {
	if sess.alive() != nil {
		return
	}
	if !sess.store.opts.ReadOnly {
		sess.update(func(tx *bolt.Tx) error { return sess.appendAudit(tx, model.AuditEntry{Action: reason}) })
	}
	sess.store.untrack(sess)
	sess.mu.Lock()
	vault.Wipe(sess.dek)
	sess.keys = nil
	sess.dek = nil
	sess.unlocked = map[model.ID]bool{}
	sess.mu.Unlock()
	// The last session to lock takes the decrypted index out of memory.
	s := sess.store
	s.indexMu.Lock()
	if s.sessions--; s.sessions <= 0 {
		s.sessions, s.index = 0, nil
	}
	s.indexMu.Unlock()
}

// LogAction writes an audit entry for an act the storage layer does not see
// itself (printing, exporting).
func (sess *Session) LogAction(act model.Action, kind model.Kind, id model.ID, detail string) error {
	return sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: act, Kind: kind, Record: id, Detail: detail})
	})
}

func now() time.Time { return time.Now().UTC() }

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
