package replicate

import (
	"context"
	"time"

	"dossier/storage"
)

// PullLocked pulls while the window is locked: the keys are forgotten, so
// nothing can be opened, verified or applied; the documents are kept
// sealed in the store's inbox, with the pull checkpoint, and the next
// sign-in applies them (storage ApplyInbox). Pushing waits for the
// sign-in too: a document is sealed and signed with the keys the lock
// forgot. The client is the one the signed-in window made (the server's
// password is stored sealed, so it cannot be read while locked).
func PullLocked(ctx context.Context, store *storage.Store, c *Client) (Result, error) {
	defer exclusive(store)()
	var res Result
	st := storage.SyncStatus{LastTry: time.Now().UTC()}
	err := pullLocked(ctx, store, c, &res)
	if prev, ok := store.SyncStatus(); ok {
		st.LastSync = prev.LastSync
	}
	st.Pulled = res.Pulled
	if err != nil {
		st.LastError = err.Error()
	} else {
		st.LastSync = st.LastTry
	}
	if serr := store.SaveLockedStatus(st); err == nil {
		err = serr
	}
	return res, err
}

func pullLocked(ctx context.Context, store *storage.Store, c *Client, res *Result) error {
	since, err := store.LockedPullSince()
	if err != nil {
		return err
	}
	for {
		changes, next, err := c.Changes(ctx, since, Batch)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		var all []string
		for _, ch := range changes {
			all = append(all, ch.ID)
		}
		mine, err := store.LockedSent(all)
		if err != nil {
			return err
		}
		var ids []string
		var deleted []storage.SyncDoc
		for _, ch := range changes {
			switch {
			case ch.Deleted && len(ch.Changes) > 0:
				if mine[ch.ID] {
					deleted = append(deleted, storage.SyncDoc{ID: ch.ID, Rev: ch.Changes[0].Rev, Deleted: true})
				}
			case len(ch.ID) > 0 && ch.ID[0] == '_', mine[ch.ID]:
			default:
				ids = append(ids, ch.ID)
			}
		}
		// A few at a time (image chunks weigh 256 KB each); the
		// checkpoint moves with the last few.
		for {
			n := min(ChunkBatch, len(ids))
			var docs []storage.SyncDoc
			if n > 0 {
				if docs, err = c.BulkGet(ctx, ids[:n]); err != nil {
					return err
				}
			}
			ids = ids[n:]
			at := ""
			if len(ids) == 0 {
				docs, deleted, at = append(docs, deleted...), nil, next
			}
			if err := store.KeepInInbox(docs, at); err != nil {
				return err
			}
			res.Pulled += n
			if len(ids) == 0 {
				break
			}
		}
		since = next
	}
}

// drainInbox applies what was pulled while locked (if the sign-in did
// not), and pushes again this desk's documents found deleted meanwhile.
func drainInbox(ctx context.Context, sess *storage.Session, c *Client, res *Result) error {
	svc := sess.Sync()
	ar, err := svc.ApplyInbox()
	if err != nil {
		return err
	}
	res.add(ar)
	revs, err := svc.PendingResend()
	if err != nil || len(revs) == 0 {
		return err
	}
	var ids []string
	for id := range revs {
		ids = append(ids, id)
	}
	if err := resend(ctx, svc, c, ids, revs, res); err != nil {
		return err
	}
	return svc.ResendDone(ids)
}
