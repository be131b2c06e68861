package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// envelope is what one revision holds once decrypted.
type envelope struct {
	Meta model.Revision  `json:"meta"`
	Body json.RawMessage `json:"body"`
}

func revKey(id model.ID, rev uint32) []byte {
	k := make([]byte, 20)
	copy(k, id[:])
	binary.BigEndian.PutUint32(k[16:], rev)
	return k
}

// revAAD binds a sealed revision to its kind, record and revision number:
// a value copied elsewhere in the file does not open.
func revAAD(kind model.Kind, key []byte) []byte {
	return append(append([]byte(kind), 0), key...)
}

type head struct {
	rev     uint32
	deleted bool
}

func decodeHead(v []byte) (head, bool) {
	if len(v) != 5 {
		return head{}, false
	}
	return head{rev: binary.BigEndian.Uint32(v), deleted: v[4]&flagDeleted != 0}, true
}

func (h head) encode() []byte {
	b := make([]byte, 5)
	binary.BigEndian.PutUint32(b, h.rev)
	if h.deleted {
		b[4] = flagDeleted
	}
	return b
}

// kindBuckets returns the heads and revs buckets of a kind, creating them
// when create is set (write transactions only).
func kindBuckets(tx *bolt.Tx, kind model.Kind, create bool) (heads, revs *bolt.Bucket, err error) {
	root := tx.Bucket(bRecords)
	if root == nil {
		return nil, nil, ErrNotStore
	}
	kb := root.Bucket([]byte(kind))
	if kb == nil {
		if !create {
			return nil, nil, nil
		}
		if kb, err = root.CreateBucket([]byte(kind)); err != nil {
			return nil, nil, err
		}
		if _, err = kb.CreateBucket(bHeads); err != nil {
			return nil, nil, err
		}
		if _, err = kb.CreateBucket(bRevs); err != nil {
			return nil, nil, err
		}
	}
	return kb.Bucket(bHeads), kb.Bucket(bRevs), nil
}

// decodeRevision opens and parses one stored revision. It is the decoder
// every read goes through, and is fuzzed.
func decodeRevision(s *vault.Sealer, kind model.Kind, key, sealed []byte) (envelope, error) {
	env, _, err := decodeRevisionFull(s, kind, key, sealed)
	return env, err
}

// decodeRevisionPlain checks a revision as decodeRevision does and returns
// its plaintext (what a revision commitment hashes).
func decodeRevisionPlain(s *vault.Sealer, kind model.Kind, key, sealed []byte) ([]byte, error) {
	_, plain, err := decodeRevisionFull(s, kind, key, sealed)
	return plain, err
}

func decodeRevisionFull(s *vault.Sealer, kind model.Kind, key, sealed []byte) (env envelope, plain []byte, err error) {
	plain, err = s.Open(sealed, revAAD(kind, key))
	if err != nil {
		return env, nil, err
	}
	env, err = parseRevision(plain, key)
	return env, plain, err
}

func parseRevision(plain, key []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(plain, &env); err != nil {
		return env, fmt.Errorf("revision does not parse: %w", err)
	}
	if len(key) == 20 && env.Meta.Rev != binary.BigEndian.Uint32(key[16:]) {
		return env, model.Errorf(model.Damaged, "revision number does not match its place")
	}
	return env, nil
}

// writeOp describes one revision to write.
type writeOp struct {
	kind      model.Kind
	id        model.ID
	body      any
	op        model.Action
	reason    string
	expectRev uint32 // non-zero: fail with ErrStale unless the head is at this revision
	owner     model.ID
	deleted   bool
	replica   *replicaStamp // a revision from another desk, or a merge (replicaapply.go)
}

// putRecord writes a new revision of a record and its audit entry.
func (sess *Session) putRecord(tx *bolt.Tx, kind model.Kind, id model.ID, body any, op model.Action, reason string) error {
	return sess.write(tx, writeOp{kind: kind, id: id, body: body, op: op, reason: reason})
}

func (sess *Session) write(tx *bolt.Tx, w writeOp) error {
	if err := checkBody(w.body); err != nil {
		return err
	}
	heads, revs, err := kindBuckets(tx, w.kind, true)
	if err != nil {
		return err
	}
	h, exists := decodeHead(heads.Get(w.id[:]))
	creating := w.op == model.ActCreate || w.op == model.ActImport || w.op == model.ActRelease
	switch {
	case w.replica != nil:
		// Another desk's revision: it may create, edit or follow a delete.
	case creating && exists:
		return model.Errorf(model.Conflict, "%s %s already exists", w.kind, w.id)
	case !creating && !exists:
		return ErrNotFound
	case w.expectRev != 0 && h.rev != w.expectRev:
		return ErrStale
	}
	body, err := json.Marshal(w.body)
	if err != nil {
		return fmt.Errorf("encode %s: %w", w.kind, err)
	}
	nh := head{rev: h.rev + 1, deleted: w.deleted}
	env := envelope{Meta: model.Revision{Rev: nh.rev, Time: wallNow(), User: sess.user.Username,
		Op: w.op, Reason: w.reason, Deleted: w.deleted}, Body: body}
	if w.replica != nil {
		env.Meta = w.replica.meta
		env.Meta.Rev = nh.rev
	}
	plain, _ := json.Marshal(env)
	key := revKey(w.id, nh.rev)
	if err := revs.Put(key, sess.keys.Records.Seal(plain, revAAD(w.kind, key))); err != nil {
		return err
	}
	if err := heads.Put(w.id[:], nh.encode()); err != nil {
		return err
	}
	if err := stageReplica(tx, w, nh.rev); err != nil {
		return err
	}
	if !w.owner.IsZero() {
		if err := tx.Bucket(bOwner).Put(ownerKey(w.owner, w.kind, w.id), nil); err != nil {
			return err
		}
	}
	// The work queues move in this same transaction (queues.go).
	if err := sess.stageQueues(tx, w.kind, w.id, body, w.deleted); err != nil {
		return err
	}
	if w.replica == nil {
		// A revision from another desk brings no review here: the
		// deficiencies its desk found travel as records of their own.
		sess.stageReview(tx, w.kind, w.id, w.body)
	}
	sess.stageStats(tx, w.kind, w.id, w.owner, body)
	if err := sess.linkEncounterItem(tx, w.kind, w.id, w.body); err != nil {
		return err
	}
	if w.kind == model.KindPatient {
		p, err := patientOf(w.body)
		if err != nil {
			return err
		}
		if err := sess.stagePatient(tx, p, w.deleted); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(plain)
	if w.replica != nil {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActSync, Kind: w.kind, Record: w.id,
			Detail: string(env.Meta.Op) + " by " + env.Meta.User + " " + w.replica.from, Rev: nh.rev, Hash: sum[:]})
	}
	return sess.appendAudit(tx, model.AuditEntry{Action: w.op, Kind: w.kind, Record: w.id, Detail: w.reason, Rev: nh.rev, Hash: sum[:]})
}

func ownerKey(owner model.ID, kind model.Kind, id model.ID) []byte {
	k := make([]byte, 0, 33+len(kind))
	k = append(k, owner[:]...)
	k = append(k, byte(len(kind)))
	k = append(k, kind...)
	return append(k, id[:]...)
}

// readRevision reads revision rev (0: the latest) of a record.
func (sess *Session) readRevision(tx *bolt.Tx, kind model.Kind, id model.ID, rev uint32) (envelope, error) {
	heads, revs, err := kindBuckets(tx, kind, false)
	if err != nil {
		return envelope{}, err
	}
	if heads == nil {
		return envelope{}, ErrNotFound
	}
	h, ok := decodeHead(heads.Get(id[:]))
	if !ok {
		return envelope{}, ErrNotFound
	}
	if rev == 0 {
		rev = h.rev
	}
	key := revKey(id, rev)
	v := revs.Get(key)
	if v == nil {
		return envelope{}, ErrNotFound
	}
	env, err := decodeRevision(sess.keys.Records, kind, key, v)
	if err != nil {
		return env, fmt.Errorf("%s %s revision %d is damaged: %w", kind, id, rev, err)
	}
	return env, nil
}

// getRecord reads and decodes the latest revision. tx may be nil.
func getRecord[T any](sess *Session, tx *bolt.Tx, kind model.Kind, id model.ID) (T, model.Revision, error) {
	var out T
	var env envelope
	read := func(tx *bolt.Tx) (err error) { env, err = sess.readRevision(tx, kind, id, 0); return }
	var err error
	if tx != nil {
		err = read(tx)
	} else {
		err = sess.view(read)
	}
	if err != nil {
		return out, env.Meta, err
	}
	if err := json.Unmarshal(env.Body, &out); err != nil {
		return out, env.Meta, fmt.Errorf("%s %s does not parse: %w", kind, id, err)
	}
	return out, env.Meta, nil
}

// listRecords decodes the latest revision of every record of a kind.
// Deleted records are included only when withDeleted is set.
func listRecords[T any](sess *Session, kind model.Kind, withDeleted bool, fn func(T, model.Revision) bool) error {
	return sess.view(func(tx *bolt.Tx) error {
		heads, revs, err := kindBuckets(tx, kind, false)
		if err != nil || heads == nil {
			return err
		}
		c := heads.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			h, ok := decodeHead(v)
			if !ok || (h.deleted && !withDeleted) {
				continue
			}
			key := revKey(model.ID(k), h.rev)
			env, err := decodeRevision(sess.keys.Records, kind, key, revs.Get(key))
			if err != nil {
				return fmt.Errorf("%s %x is damaged: %w", kind, k, err)
			}
			var rec T
			if err := json.Unmarshal(env.Body, &rec); err != nil {
				return fmt.Errorf("%s %x does not parse: %w", kind, k, err)
			}
			if !fn(rec, env.Meta) {
				return nil
			}
		}
		return nil
	})
}

// History lists every revision of a record, oldest first. Audited as a view.
func (sess *Session) History(kind model.Kind, id model.ID) ([]model.Revision, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, err
	}
	if err := sess.checkRestricted(kind, id); err != nil {
		return nil, err
	}
	var out []model.Revision
	err := sess.view(func(tx *bolt.Tx) error {
		heads, _, err := kindBuckets(tx, kind, false)
		if err != nil {
			return err
		}
		if heads == nil {
			return ErrNotFound
		}
		v := heads.Get(id[:])
		if v == nil {
			return ErrNotFound
		}
		h, ok := decodeHead(v)
		if !ok {
			return model.Errorf(model.Damaged, "the %s record's head entry is damaged", kind)
		}
		for r := uint32(1); r <= h.rev; r++ {
			env, err := sess.readRevision(tx, kind, id, r)
			if err != nil {
				return err
			}
			out = append(out, env.Meta)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("read the history", err)
	}
	return out, sess.logAction(model.ActView, kind, id, "history")
}

// RevisionBody returns the JSON of one revision for the history view.
func (sess *Session) RevisionBody(kind model.Kind, id model.ID, rev uint32) (json.RawMessage, model.Revision, error) {
	if err := sess.require(model.PermReadRecord); err != nil {
		return nil, model.Revision{}, err
	}
	if err := sess.checkRestricted(kind, id); err != nil {
		return nil, model.Revision{}, err
	}
	var env envelope
	err := sess.view(func(tx *bolt.Tx) (err error) { env, err = sess.readRevision(tx, kind, id, rev); return })
	if err != nil {
		return nil, env.Meta, err
	}
	return env.Body, env.Meta, sess.logAction(model.ActView, kind, id, fmt.Sprintf("revision %d", rev))
}

// Delete marks a record deleted with a reason. Nothing is erased: the
// previous revisions stay and Restore brings it back.
func (sess *Session) Delete(kind model.Kind, id model.ID, reason string) error {
	return sess.setDeleted(kind, id, reason, true)
}

// Restore undoes a delete, with a reason.
func (sess *Session) Restore(kind model.Kind, id model.ID, reason string) error {
	return sess.setDeleted(kind, id, reason, false)
}

func (sess *Session) setDeleted(kind model.Kind, id model.ID, reason string, del bool) error {
	if err := sess.require(model.PermDeleteRecord); err != nil {
		return err
	}
	if reason == "" {
		return ErrReasonRequired
	}
	if kind == model.KindDisclosure {
		return model.Errorf(model.Invalid, "a disclosure is never deleted: add a note to it instead")
	}
	if err := sess.checkRestricted(kind, id); err != nil {
		return err
	}
	op := model.ActDelete
	if !del {
		op = model.ActRestore
	}
	return sess.update(func(tx *bolt.Tx) error {
		env, err := sess.readRevision(tx, kind, id, 0)
		if err != nil {
			return err
		}
		if env.Meta.Deleted == del {
			if del {
				return ErrDeleted
			}
			return model.Errorf(model.Conflict, "this record is not deleted")
		}
		return sess.write(tx, writeOp{kind: kind, id: id, body: env.Body, op: op, reason: reason, deleted: del})
	})
}

// Owned lists the IDs of records of a kind that belong to a patient.
func (sess *Session) owned(tx *bolt.Tx, owner model.ID, kind model.Kind) []model.ID {
	prefix := ownerKey(owner, kind, model.ZeroID)[:17+len(kind)]
	var ids []model.ID
	c := tx.Bucket(bOwner).Cursor()
	for k, _ := c.Seek(prefix); k != nil && len(k) == len(prefix)+16 && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
		ids = append(ids, model.ID(k[len(prefix):]))
	}
	return ids
}

// Counts returns how many records of each kind the store holds (backup
// manifests and the Admin screen). Counting needs no key: heads are plain.
func (s *Store) Counts() (map[model.Kind]int, error) {
	var out map[model.Kind]int
	err := s.db.View(func(tx *bolt.Tx) (err error) { out, err = countsTx(tx); return })
	return out, err
}

func countsTx(tx *bolt.Tx) (map[model.Kind]int, error) {
	root := tx.Bucket(bRecords)
	if root == nil {
		return nil, ErrNotStore
	}
	out := map[model.Kind]int{}
	err := root.ForEachBucket(func(k []byte) error {
		out[model.Kind(k)] = root.Bucket(k).Bucket(bHeads).Stats().KeyN
		return nil
	})
	return out, err
}

// checkBody applies the model rules every write of a kind must keep,
// whichever service writes it: an encounter has at most one principal
// diagnosis.
func checkBody(body any) error {
	switch b := body.(type) {
	case model.Encounter:
		return model.CheckPrincipal(b.Coding)
	case *model.Encounter:
		return model.CheckPrincipal(b.Coding)
	}
	return nil
}
