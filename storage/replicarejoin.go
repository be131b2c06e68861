package storage

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// A desk restored from a backup (or a store copied from another desk)
// has counters behind what it already pushed: its next revisions would take
// identities its earlier documents hold on the server, and its next audit
// entries the places of entries its peers hold. The server's checkpoint
// for the desk shows it (the counters there are ahead of the store's), and
// the desk then rejoins as a new chain segment: a new device ID, its
// revisions not yet pushed renamed under it, and its audit chain carried
// on under it after the last entry the server had acknowledged, every
// document of the new segment naming the desk and entry it continues
// from. An administrator does it (audited, flagged), at a sync.
//
//	sync
//	└─ segment → previous device(16) ‖ the last entry of its chain this desk continues from (8)
var kSegment = []byte("segment")

// SyncCounters is how far a desk has gone, as its server checkpoint
// records it: the out sequence and audit entry the server acknowledged
// and the revision counter.
type SyncCounters struct {
	Pushed uint64 `json:"pushed"`
	Audit  uint64 `json:"audit"`
	DevSeq uint64 `json:"devseq"`
}

// Behind says whether a store's counters c are behind a checkpoint's
// (the store was restored or copied).
func (c SyncCounters) Behind(cp SyncCounters) bool {
	return cp.Pushed > c.Pushed || cp.Audit > c.Audit || cp.DevSeq > c.DevSeq
}

// SyncCounters reads this desk's counters (no key needed).
func (s *Store) SyncCounters() SyncCounters {
	var c SyncCounters
	s.db.View(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil {
			c = SyncCounters{Pushed: u64At(sb.Get(kPushCkpt)), Audit: u64At(sb.Get(kAuditCkpt)), DevSeq: u64At(sb.Get(kDevSeq))}
		}
		return nil
	})
	return c
}

// Rejoin makes this desk a new chain segment (administrators): server is
// what the server's checkpoint says the desk had reached. It returns the
// new device ID.
func (svc Sync) Rejoin(server SyncCounters) (string, error) {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return "", model.Errorf(model.Denied, "this desk was restored from a backup (the server holds documents it wrote later): an administrator must sign in and sync to rejoin it as a new chain segment; until then it does not sync")
	}
	var dev string
	err := sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		old := append([]byte(nil), sb.Get(kDevice)...)
		nd := vault.RandomBytes(16)
		if err := sb.Put(kDevice, nd); err != nil {
			return err
		}
		if err := sb.Put(kDevSeq, u64(0)); err != nil {
			return err
		}
		after := u64At(sb.Get(kAuditCkpt))
		if err := sb.Put(kSegment, append(append([]byte(nil), old...), u64(after)...)); err != nil {
			return err
		}
		renamed, err := renameUnpushed(sb, old)
		if err != nil {
			return err
		}
		dev = hex.EncodeToString(nd)
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActEnrol, Flagged: true, Detail: fmt.Sprintf(
			"this desk was restored from a backup and rejoins as a new chain segment: desk %s continues desk %s's audit chain after entry %d "+
				"(the server held its documents up to revision %d and audit entry %d; here %d and %d); %d revisions not yet sent renamed",
			short(dev), short(hex.EncodeToString(old)), after, server.DevSeq, server.Audit,
			svc.sess.store.counters(tx).DevSeq, after, renamed)})
	})
	return dev, err
}

func (s *Store) counters(tx *bolt.Tx) SyncCounters {
	sb := syncBucket(tx)
	return SyncCounters{Pushed: u64At(sb.Get(kPushCkpt)), Audit: u64At(sb.Get(kAuditCkpt)), DevSeq: u64At(sb.Get(kDevSeq))}
}

// renameUnpushed gives the revisions written under the old device and not
// yet pushed identities of the new one (kDevice already holds it), and
// points their children at the new names. Nobody else knows them: they
// have not left the desk. A merge keeps its name (a hash of its parents'
// old names).
func renameUnpushed(sb *bolt.Bucket, old []byte) (int, error) {
	rids, known := sb.Bucket(sbRids), sb.Bucket(sbKnown)
	names := map[rid]rid{}
	var refs [][]byte
	c := sb.Bucket(sbOut).Cursor()
	for k, ref := c.Seek(u64(u64At(sb.Get(kPushCkpt)) + 1)); k != nil; k, ref = c.Next() {
		ri, ok := decodeRidInfo(rids.Get(ref))
		if !ok {
			continue
		}
		refs = append(refs, append([]byte(nil), ref...))
		if !bytes.Equal(ri.rid[:16], old) {
			continue
		}
		nr := nextRid(sb)
		names[ri.rid] = nr
		if err := known.Delete(ri.rid[:]); err != nil {
			return 0, err
		}
		if err := known.Put(nr[:], ref); err != nil {
			return 0, err
		}
	}
	for _, ref := range refs {
		ri, _ := decodeRidInfo(rids.Get(ref))
		changed := false
		if nr, ok := names[ri.rid]; ok {
			ri.rid, changed = nr, true
		}
		for i, p := range ri.parents {
			if np, ok := names[p]; ok {
				ri.parents[i], changed = np, true
			}
		}
		if !changed {
			continue
		}
		v := append(append([]byte(nil), ri.rid[:]...), ri.owner[:]...)
		for _, p := range ri.parents {
			v = append(v, p[:]...)
		}
		if err := rids.Put(ref, v); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}

// segmentOf is the segment this desk's chain continues (zero when none).
func segmentOf(sb *bolt.Bucket) (prev string, after uint64) {
	if v := sb.Get(kSegment); len(v) == 24 {
		return hex.EncodeToString(v[:16]), u64At(v[16:])
	}
	return "", 0
}
