package storage

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// While the window is locked the keys are forgotten, yet a desk can still
// pull: the documents are kept as they came, sealed, in an inbox, and the
// pull checkpoint moves in the same transaction. The next sign-in opens,
// verifies and applies them (ApplyInbox), deleting each batch from the
// inbox in the transaction that applies it, so nothing is applied twice
// and nothing is lost to a crash in between. Nothing here needs a key: the
// inbox holds only what the server already held.
//
//	sync
//	├─ inbox   seq(8) → a pulled document as JSON (still sealed)
//	└─ resend  document ID → the server's deletion revision: this desk's documents deleted on the server, to push again
var (
	sbInbox  = []byte("inbox")
	sbResend = []byte("resend")
)

// inboxBatchBytes bounds one sign-in transaction (image chunks are 256 KB).
const inboxBatchBytes = 32 << 20

// LockedPullSince is the server sequence pulled up to, read without keys.
func (s *Store) LockedPullSince() (string, error) {
	var since string
	err := s.db.View(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		since = string(sb.Get(kPullSince))
		return nil
	})
	return since, err
}

// LockedSent reports which of ids this desk pushed, without keys.
func (s *Store) LockedSent(ids []string) (out map[string]bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { out, err = sentAmong(tx, ids); return err })
	return out, err
}

// KeepInInbox keeps pulled documents sealed until the next sign-in and
// moves the pull checkpoint to since (when set) in the same transaction.
func (s *Store) KeepInInbox(docs []SyncDoc, since string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		in, err := subBucket(sb, sbInbox)
		if err != nil {
			return err
		}
		for _, d := range docs {
			raw, _ := json.Marshal(d)
			seq, _ := in.NextSequence()
			if err := in.Put(u64(seq), raw); err != nil {
				return err
			}
		}
		if since != "" {
			return sb.Put(kPullSince, []byte(since))
		}
		return nil
	})
}

// InboxCount is how many pulled documents wait for a sign-in.
func (s *Store) InboxCount() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil {
			if in := sb.Bucket(sbInbox); in != nil {
				n = in.Stats().KeyN
			}
		}
		return nil
	})
	return n
}

// ApplyInbox verifies and applies what was pulled while the window was
// locked, oldest first, a bounded batch per transaction. This desk's
// documents found deleted on the server are kept in resend for the next
// run to push again.
func (svc Sync) ApplyInbox() (ApplyResult, error) {
	sess := svc.sess
	var total ApplyResult
	if err := sess.alive(); err != nil {
		return total, err
	}
	for {
		var docs []SyncDoc
		var keys [][]byte
		err := sess.view(func(tx *bolt.Tx) error {
			sb := syncBucket(tx)
			if sb == nil || sb.Bucket(sbInbox) == nil {
				return nil
			}
			size := 0
			c := sb.Bucket(sbInbox).Cursor()
			for k, v := c.First(); k != nil && len(docs) < 500 && size < inboxBatchBytes; k, v = c.Next() {
				var d SyncDoc
				if json.Unmarshal(v, &d) == nil {
					docs = append(docs, d)
				}
				keys = append(keys, append([]byte{}, k...))
				size += len(v)
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return total, err
		}
		pre := sess.preOpen(docs)
		var res ApplyResult
		err = sess.update(func(tx *bolt.Tx) error {
			res = ApplyResult{}
			sb := syncBucket(tx)
			in := sb.Bucket(sbInbox)
			for _, k := range keys {
				if in.Get(k) == nil {
					return errInboxMoved // another session applied this batch meanwhile
				}
			}
			if err := sess.applyBatch(tx, sb, docs, pre, &res); err != nil {
				return err
			}
			if len(res.Resend) > 0 {
				rs, err := subBucket(sb, sbResend)
				if err != nil {
					return err
				}
				for _, d := range docs {
					if d.Deleted && sb.Bucket(sbSent).Get([]byte(d.ID)) != nil {
						if err := rs.Put([]byte(d.ID), []byte(d.Rev)); err != nil {
							return err
						}
					}
				}
			}
			for _, k := range keys {
				if err := in.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err == errInboxMoved {
			continue
		}
		if err != nil {
			return total, err
		}
		total.Applied += res.Applied
		total.Known += res.Known
		total.Pending = res.Pending
		total.Quarantined += res.Quarantined
		total.Conflicts += res.Conflicts
		total.Chunks += res.Chunks
		total.Images += res.Images
		total.Problems = append(total.Problems, res.Problems...)
	}
}

var errInboxMoved = &inboxMoved{}

type inboxMoved struct{}

func (*inboxMoved) Error() string { return "the inbox moved" }

// PendingResend returns this desk's documents found deleted on the server
// while locked, with the deletion revisions, to push again (Resend).
func (svc Sync) PendingResend() (map[string]string, error) {
	out := map[string]string{}
	err := svc.sess.view(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil && sb.Bucket(sbResend) != nil {
			sb.Bucket(sbResend).ForEach(func(k, v []byte) error {
				out[string(k)] = string(v)
				return nil
			})
		}
		return nil
	})
	return out, err
}

// ResendDone forgets documents once the server holds them again.
func (svc Sync) ResendDone(ids []string) error {
	return svc.sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil || sb.Bucket(sbResend) == nil {
			return nil
		}
		for _, id := range ids {
			if err := sb.Bucket(sbResend).Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// applyInboxAtSignIn runs at sign-in: what was pulled while locked is
// applied before the window shows the records. A failure leaves the
// documents in the inbox for the next sign-in or sync, and says so in the
// status.
func (sess *Session) applyInboxAtSignIn() {
	if sess.store.opts.ReadOnly || sess.store.InboxCount() == 0 {
		return
	}
	if _, err := sess.Sync().ApplyInbox(); err != nil {
		if st, ok := sess.store.SyncStatus(); ok {
			st.LastError = "documents pulled while locked could not be applied: " + err.Error()
			sess.Sync().SaveStatus(st)
		}
	}
}

// SaveLockedStatus saves the status of a run made while locked (the status
// is plain; no key is needed).
func (s *Store) SaveLockedStatus(st SyncStatus) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		fillCounts(sb, &st)
		b, _ := json.Marshal(st)
		return sb.Put(kSyncStatus, b)
	})
}
