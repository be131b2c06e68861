package storage

import (
	"crypto/ed25519"
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

	mu       sync.Mutex
	keys     *vault.SubKeys
	dek      []byte
	unlocked map[model.ID]bool // restricted patients opened by breaking the glass
	// signer signs every audit entry the session writes (nil: the session
	// signs nothing, e.g. a refused sign-in); signerID is its user (zero
	// for the recovery key's signing key).
	signer       ed25519.PrivateKey
	signerID     model.ID
	failuresSeen int
	// censusSeen is set once this session's view of the census has been
	// audited: refreshing an open census screen is not a new view.
	censusSeen bool
	// busy counts transactions in flight; closing is set by Lock, which
	// waits for them before it wipes the keys, so no write can seal with
	// a wiped key and no read sees one.
	busy    sync.WaitGroup
	closing bool
	// rotating is open while the store's keys are being rotated (see
	// rotate.go): new work is refused with ErrRotating, Lock waits.
	rotating chan struct{}
	// enrolling is set on the session that builds a joined desk from its
	// enrolment file: the accounts it applies are signed by the enrolling
	// administrator, whose account arrives in the same file.
	enrolling bool
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
	if sess.keys == nil || sess.closing {
		return ErrLocked
	}
	return nil
}

// enter starts a transaction of this session; leave with sess.busy.Done.
func (sess *Session) enter() error {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.keys == nil || sess.closing {
		return ErrLocked
	}
	if sess.rotating != nil {
		return ErrRotating
	}
	sess.busy.Add(1)
	return nil
}

// Can reports whether the user holds a permission, for showing controls.
// The storage methods that need a permission check it again themselves
// (not every method needs one: see the package comment).
func (sess *Session) Can(p model.Permission) bool { return sess.user.Role.Allows(p) }

// require checks a permission and audits a refusal.
func (sess *Session) require(p model.Permission) error {
	if err := sess.alive(); err != nil {
		return err
	}
	if sess.user.Role.Allows(p) {
		return nil
	}
	refusal := denied(sess.user.Username, p.String())
	if err := sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActDenied, Detail: p.String(), Flagged: true})
	}); err != nil {
		return fmt.Errorf("%w (the refusal could not be written to the audit trail: %v)", refusal, err)
	}
	return refusal
}

// update runs fn in a write transaction, then writes the patient index
// chunks fn touched in the same transaction, and maps a full disk to
// ErrDiskFull.
func (sess *Session) update(fn func(tx *bolt.Tx) error) error {
	if err := sess.enter(); err != nil {
		return err
	}
	defer sess.busy.Done()
	return sess.commit(fn)
}

// commit is update without the session's in-flight count (Lock's own entry).
func (sess *Session) commit(fn func(tx *bolt.Tx) error) error {
	return diskErr(sess.store.db.Update(func(tx *bolt.Tx) error {
		defer func() { sess.store.stage, sess.store.stageTx = nil, nil }()
		defer func() { sess.store.review, sess.store.reviewTx = nil, nil }()
		defer func() { sess.store.statStage, sess.store.statStageTx = nil, nil }()
		if err := fn(tx); err != nil {
			return err
		}
		if err := sess.flushStats(tx); err != nil {
			return err
		}
		if err := sess.flushReview(tx); err != nil {
			return err
		}
		return sess.flushIndex(tx)
	}))
}

func (sess *Session) view(fn func(tx *bolt.Tx) error) error {
	if err := sess.enter(); err != nil {
		return err
	}
	defer sess.busy.Done()
	return sess.store.db.View(fn)
}

// Lock forgets the keys; the user must sign in again. Audited: the keys
// are forgotten even when the audit entry cannot be written, and that
// failure is returned.
func (sess *Session) Lock(reason model.Action) error {
	sess.mu.Lock()
	if r := sess.rotating; r != nil {
		// A rotation runs on this session: lock when it is done, with
		// the keys it leaves.
		sess.mu.Unlock()
		<-r
		sess.mu.Lock()
	}
	if sess.keys == nil || sess.closing {
		sess.mu.Unlock()
		return nil
	}
	sess.closing = true
	sess.mu.Unlock()
	// Work already running on this session (a background load the window
	// started before the lock) finishes with the keys it began with.
	sess.busy.Wait()
	var auditErr error
	if !sess.store.opts.ReadOnly {
		auditErr = sess.commit(func(tx *bolt.Tx) error { return sess.appendAudit(tx, model.AuditEntry{Action: reason}) })
	}
	sess.store.untrack(sess)
	sess.mu.Lock()
	vault.Wipe(sess.dek)
	sess.keys = nil
	sess.dek = nil
	sess.closing = false
	sess.unlocked = map[model.ID]bool{}
	sess.mu.Unlock()
	// The last session to lock takes the decrypted index out of memory.
	s := sess.store
	s.indexMu.Lock()
	last := false
	if s.sessions--; s.sessions <= 0 {
		s.sessions, s.index, last = 0, nil, true
	}
	s.indexMu.Unlock()
	if last {
		s.queues.drop() // the work queues too
	}
	return wrap("audit the sign-out", auditErr)
}

// LogAction writes an audit entry for an act the storage layer does not see
// itself (a view, a check). Printing and exporting go through
// Outputs().RecordPrint and RecordExport, which check the permission; a
// print or export logged here is checked the same way.
func (sess *Session) LogAction(act model.Action, kind model.Kind, id model.ID, detail string) error {
	switch act {
	case model.ActPrint:
		return sess.Outputs().RecordPrint(kind, id, detail)
	case model.ActExport:
		return sess.Outputs().RecordExport(kind, id, detail)
	}
	return sess.logAction(act, kind, id, detail)
}

// logAction appends an audit entry, checking no permission.
func (sess *Session) logAction(act model.Action, kind model.Kind, id model.ID, detail string) error {
	return sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: act, Kind: kind, Record: id, Detail: detail})
	})
}

// wallNow is the real time, always: audit entries, revision stamps and
// failed sign-ins carry it whatever the store's clock says.
func wallNow() time.Time { return time.Now().UTC() }

// now is the store's clock (Options.Clock, else the real time): what the
// rules that need "today" (due dates, "not in the future", ages) and the
// dates written into records use, so a demo or a test can set it.
func (sess *Session) now() time.Time { return sess.store.now() }

func (s *Store) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock().UTC()
	}
	return time.Now().UTC()
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
