package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Replication (issue 19) keeps its state in one bucket, created when a desk
// first syncs or is enrolled; a store that never syncs has none and pays
// nothing.
//
//	sync
//	├─ device     → this desk's device ID (16)
//	├─ dev-seq    → last revision counter of this desk (8)
//	├─ mrn-block  → this desk's MRN block (8): numbers block×1,000,000 + n
//	├─ next-block → the next block this desk gives an enrolled desk (8)
//	├─ settings   → sealed SyncSettings (server URL, user, password)
//	├─ status     → plain JSON SyncStatus (times, counts, plain errors; no patient data)
//	├─ push-ckpt  → the last out sequence the server acknowledged (8)
//	├─ pull-since → the server's _changes sequence pulled up to
//	├─ rids       kind ‖ 0 ‖ id(16) ‖ rev(4) → rid(24) ‖ owner(16) ‖ parent rids (24 each)
//	├─ known      rid(24) → kind ‖ 0 ‖ id(16) ‖ rev(4)
//	├─ out        seq(8) → kind ‖ 0 ‖ id(16) ‖ rev(4): revisions written here, to push
//	├─ sent       document ID → out seq(8): pushed documents (re-pushed when deleted on the server)
//	├─ pending    document ID → the sealed document, waiting for its parent revisions
//	├─ quarantine document ID → plain JSON {time, why}: documents that failed verification
//	└─ conflicts  kind ‖ 0 ‖ id(16) → sealed SyncConflict: fields two desks changed differently
//
// A revision's identity (rid) is the device that wrote it and that desk's
// counter, so two desks working offline never make the same one; a merge
// of two revisions is named by a hash of its parents (0xFF first), so
// every desk that merges the same pair makes the same revision.
var (
	bSync         = []byte("sync")
	sbRids        = []byte("rids")
	sbKnown       = []byte("known")
	sbOut         = []byte("out")
	sbSent        = []byte("sent")
	sbPending     = []byte("pending")
	sbQuarantine  = []byte("quarantine")
	sbConflicts   = []byte("conflicts")
	kDevice       = []byte("device")
	kDevSeq       = []byte("dev-seq")
	kMRNBlock     = []byte("mrn-block")
	kNextBlock    = []byte("next-block")
	kSyncSettings = []byte("settings")
	kSyncStatus   = []byte("status")
	kPushCkpt     = []byte("push-ckpt")
	kPullSince    = []byte("pull-since")
)

const ridLen = 24

// rid names one revision across every desk: device(16) ‖ counter(8), or
// 0xFF ‖ hash for a merge.
type rid [ridLen]byte

func (r rid) String() string { return hex.EncodeToString(r[:]) }

func parseRid(s string) (rid, bool) {
	var r rid
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ridLen {
		return r, false
	}
	copy(r[:], b)
	return r, true
}

// replicaStamp is what a write applying another desk's revision (or a
// merge) carries instead of making a new identity.
type replicaStamp struct {
	rid     rid
	parents []rid
	meta    model.Revision
	owner   model.ID
	push    bool // a merge: pushed like a local revision
	keep    bool // a merge with conflicts: the conflict entry stays
	from    string
}

func revRef(kind model.Kind, id model.ID, rev uint32) []byte {
	return revAAD(kind, revKey(id, rev))
}

// splitRef parses kind ‖ 0 ‖ id(16) ‖ rev(4).
func splitRef(ref []byte) (model.Kind, model.ID, uint32, bool) {
	i := bytes.IndexByte(ref, 0)
	if i <= 0 || len(ref) != i+1+20 {
		return "", model.ZeroID, 0, false
	}
	return model.Kind(ref[:i]), model.ID(ref[i+1 : i+17]), binary.BigEndian.Uint32(ref[i+17:]), true
}

func recRef(kind model.Kind, id model.ID) []byte {
	return append(append([]byte(kind), 0), id[:]...)
}

// syncBucket is the replication bucket (nil when the desk never synced).
func syncBucket(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(bSync) }

// enableSync creates the replication bucket and gives every revision
// already in the store an identity and a place in the outbox, oldest
// first. It needs no key: heads and revision keys are plain.
func enableSync(tx *bolt.Tx) error {
	if syncBucket(tx) != nil {
		return nil
	}
	sb, err := tx.CreateBucket(bSync)
	if err != nil {
		return err
	}
	for _, name := range [][]byte{sbRids, sbKnown, sbOut, sbSent, sbPending, sbQuarantine, sbConflicts} {
		if _, err := sb.CreateBucket(name); err != nil {
			return err
		}
	}
	if err := sb.Put(kDevice, vault.RandomBytes(16)); err != nil {
		return err
	}
	if err := sb.Put(kNextBlock, u64(1)); err != nil {
		return err
	}
	root := tx.Bucket(bRecords)
	owners := ownersByRecord(tx)
	return root.ForEachBucket(func(k []byte) error {
		kind := model.Kind(k)
		heads := root.Bucket(k).Bucket(bHeads)
		return heads.ForEach(func(id, v []byte) error {
			h, ok := decodeHead(v)
			if !ok || len(id) != 16 {
				return nil
			}
			var prev []rid
			for r := uint32(1); r <= h.rev; r++ {
				stamp := &replicaStamp{rid: nextRid(sb), parents: prev, owner: owners[string(recRef(kind, model.ID(id)))], push: true}
				if err := putRid(sb, kind, model.ID(id), r, stamp); err != nil {
					return err
				}
				prev = []rid{stamp.rid}
			}
			return nil
		})
	})
}

// ownersByRecord reads the owner index backwards: record → patient.
func ownersByRecord(tx *bolt.Tx) map[string]model.ID {
	out := map[string]model.ID{}
	tx.Bucket(bOwner).ForEach(func(k, _ []byte) error {
		if len(k) < 34 {
			return nil
		}
		n := int(k[16])
		if len(k) != 17+n+16 {
			return nil
		}
		out[string(recRef(model.Kind(k[17:17+n]), model.ID(k[17+n:])))] = model.ID(k[:16])
		return nil
	})
	return out
}

func nextRid(sb *bolt.Bucket) rid {
	var r rid
	copy(r[:16], sb.Get(kDevice))
	seq := uint64(1)
	if v := sb.Get(kDevSeq); len(v) == 8 {
		seq = binary.BigEndian.Uint64(v) + 1
	}
	sb.Put(kDevSeq, u64(seq))
	binary.BigEndian.PutUint64(r[16:], seq)
	return r
}

// putRid records a revision's identity, parents and owner, and queues it to
// push when it was written here (or is a merge).
func putRid(sb *bolt.Bucket, kind model.Kind, id model.ID, rev uint32, st *replicaStamp) error {
	ref := revRef(kind, id, rev)
	v := make([]byte, 0, ridLen+16+ridLen*len(st.parents))
	v = append(v, st.rid[:]...)
	v = append(v, st.owner[:]...)
	for _, p := range st.parents {
		v = append(v, p[:]...)
	}
	if err := sb.Bucket(sbRids).Put(ref, v); err != nil {
		return err
	}
	if err := sb.Bucket(sbKnown).Put(st.rid[:], ref); err != nil {
		return err
	}
	if !st.push {
		return nil
	}
	out := sb.Bucket(sbOut)
	seq, _ := out.NextSequence()
	return out.Put(u64(seq), ref)
}

// ridInfo is a stored revision's identity.
type ridInfo struct {
	rid     rid
	owner   model.ID
	parents []rid
}

func ridOf(sb *bolt.Bucket, kind model.Kind, id model.ID, rev uint32) (ridInfo, bool) {
	return decodeRidInfo(sb.Bucket(sbRids).Get(revRef(kind, id, rev)))
}

func decodeRidInfo(v []byte) (ridInfo, bool) {
	var ri ridInfo
	if len(v) < ridLen+16 || (len(v)-ridLen-16)%ridLen != 0 {
		return ri, false
	}
	copy(ri.rid[:], v)
	copy(ri.owner[:], v[ridLen:])
	for p := v[ridLen+16:]; len(p) > 0; p = p[ridLen:] {
		var r rid
		copy(r[:], p)
		ri.parents = append(ri.parents, r)
	}
	return ri, true
}

// stageReplica is called by write for every revision: a local edit gets
// a new identity whose parent is the revision it replaced, and goes to the
// outbox; a revision from elsewhere keeps the identity it came with. Any
// new revision on top of a merge settles that record's conflict entry.
func stageReplica(tx *bolt.Tx, w writeOp, rev uint32) error {
	sb := syncBucket(tx)
	if sb == nil {
		return nil
	}
	st := w.replica
	if st == nil {
		st = &replicaStamp{rid: nextRid(sb), owner: w.owner, push: true}
		if rev > 1 {
			if p, ok := ridOf(sb, w.kind, w.id, rev-1); ok {
				st.parents = []rid{p.rid}
				if st.owner.IsZero() {
					st.owner = p.owner
				}
			}
		}
	}
	if err := putRid(sb, w.kind, w.id, rev, st); err != nil {
		return err
	}
	if !st.keep {
		return sb.Bucket(sbConflicts).Delete(recRef(w.kind, w.id))
	}
	return nil
}

// mrnBlockBase is what this desk adds to its MRN counter: its block times
// a million (0 on the clinic's first desk and on a store that never synced).
func mrnBlockBase(tx *bolt.Tx) uint64 {
	if sb := syncBucket(tx); sb != nil {
		if v := sb.Get(kMRNBlock); len(v) == 8 {
			return binary.BigEndian.Uint64(v) * mrnBlockSize
		}
	}
	return 0
}

// mrnBlockSize is how many MRNs each desk's block holds.
const mrnBlockSize = 1_000_000

// advanceMRN moves this desk's MRN counter past the number of a pulled
// patient whose MRN lies in this desk's own block. Such a patient was
// registered here and the store forgot it (restored from a backup taken
// before): without this the desk would issue the same MRN again. It runs
// in the transaction that applies the patient, so the counter and the
// record never disagree. (A number from another clinic that happens to
// fall in the block only skips numbers: never a collision.)
func advanceMRN(tx *bolt.Tx, body json.RawMessage) error {
	var p struct {
		MRN string `json:"mrn"`
	}
	if json.Unmarshal(body, &p) != nil || p.MRN == "" {
		return nil
	}
	n, ok := model.MRNNumber(p.MRN)
	base := mrnBlockBase(tx)
	if !ok || n <= base || n >= base+mrnBlockSize {
		return nil
	}
	m := tx.Bucket(bMeta)
	if seq := n - base; seq > u64At(m.Get(kMRNSeq)) {
		return m.Put(kMRNSeq, u64(seq))
	}
	return nil
}
