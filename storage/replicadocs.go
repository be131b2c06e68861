package storage

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// SyncDoc is one document as it travels to and from the CouchDB server.
// The server sees only what routing needs: an opaque ID (a keyed hash of
// the revision's identity), the device that wrote it, that desk's counter,
// and ciphertext. Kind, record ID, parents, author and body are inside C.
type SyncDoc struct {
	ID      string `json:"_id"`
	Rev     string `json:"_rev,omitempty"`
	Deleted bool   `json:"_deleted,omitempty"`
	V       int    `json:"v,omitempty"`
	Dev     string `json:"dev,omitempty"`
	Seq     uint64 `json:"seq,omitempty"`
	C       []byte `json:"c,omitempty"`
}

// syncDocVersion is the format of C; the AAD binds it.
const syncDocVersion = 1

// docInner is what C holds once opened: the revision, signed.
type docInner struct {
	Kind    model.Kind      `json:"kind"`
	ID      model.ID        `json:"id"`
	Rid     string          `json:"rid"`
	Parents []string        `json:"par,omitempty"`
	Owner   model.ID        `json:"owner,omitempty"`
	Env     json.RawMessage `json:"env"` // the revision's plaintext: meta and body
}

// docSealed is the plaintext of C: the inner document and the signature of
// the user whose desk sent it, over the document ID and the inner bytes.
type docSealed struct {
	M   json.RawMessage `json:"m"`
	Pub []byte          `json:"k"`
	Sig []byte          `json:"s"`
}

func (sess *Session) docID(r rid) string {
	m := hmac.New(sha256.New, sess.keys.Index)
	m.Write([]byte("dossier/sync-doc-id\x00"))
	m.Write(r[:])
	return "r" + hex.EncodeToString(m.Sum(nil)[:16])
}

func docAAD(id, dev string, seq uint64) []byte {
	return []byte(fmt.Sprintf("dossier-sync/%d\x00%s\x00%s\x00%d", syncDocVersion, id, dev, seq))
}

func docSigMessage(id string, m []byte) []byte {
	return append([]byte("dossier-sync-sig\x00"+id+"\x00"), m...)
}

// couchRev is the document's CouchDB revision: the documents never change,
// so it is a hash of the ciphertext (the same on every push of it).
func couchRev(c []byte) string {
	s := sha256.Sum256(c)
	return "1-" + hex.EncodeToString(s[:16])
}

// sealDoc builds the document of one stored revision.
func (sess *Session) sealDoc(tx *bolt.Tx, sb *bolt.Bucket, ref []byte) (SyncDoc, error) {
	kind, id, rev, ok := splitRef(ref)
	if !ok {
		return SyncDoc{}, model.Errorf(model.Damaged, "the outbox holds a malformed entry")
	}
	ri, ok := decodeRidInfo(sb.Bucket(sbRids).Get(ref))
	if !ok {
		return SyncDoc{}, model.Errorf(model.Damaged, "a revision to send has no identity")
	}
	_, revs, err := kindBuckets(tx, kind, false)
	if err != nil || revs == nil {
		return SyncDoc{}, ErrNotFound
	}
	key := revKey(id, rev)
	plain, err := decodeRevisionPlain(sess.keys.Records, kind, key, revs.Get(key))
	if err != nil {
		return SyncDoc{}, fmt.Errorf("%s %s revision %d is damaged: %w", kind, id, rev, err)
	}
	in := docInner{Kind: kind, ID: id, Rid: ri.rid.String(), Owner: ri.owner, Env: plain}
	for _, p := range ri.parents {
		in.Parents = append(in.Parents, p.String())
	}
	m, _ := json.Marshal(in)
	if sess.signer == nil {
		return SyncDoc{}, model.Errorf(model.Denied, "%s has no signing key: sign in again before syncing", sess.user.Username)
	}
	d := SyncDoc{ID: sess.docID(ri.rid), V: syncDocVersion, Dev: hex.EncodeToString(ri.rid[:16]), Seq: binary.BigEndian.Uint64(ri.rid[16:])}
	sealed, _ := json.Marshal(docSealed{M: m, Pub: sess.signerPub(), Sig: ed25519.Sign(sess.signer, docSigMessage(d.ID, m))})
	d.C = sess.keys.Records.Seal(sealed, docAAD(d.ID, d.Dev, d.Seq))
	d.Rev = couchRev(d.C)
	return d, nil
}

// Sync is the replication service of a session (issue 19).
type Sync struct{ sess *Session }

// Sync returns the replication service.
func (sess *Session) Sync() Sync { return Sync{sess} }

// Enable gives the store its replication state (a device ID, identities
// for every revision already written). Idempotent.
func (svc Sync) Enable() error {
	return svc.sess.update(enableSync)
}

// Outgoing returns up to max documents written here and not yet
// acknowledged by the server, and the outbox position of the last one.
func (svc Sync) Outgoing(max int) (docs []SyncDoc, last uint64, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		after := u64At(sb.Get(kPushCkpt))
		c := sb.Bucket(sbOut).Cursor()
		for k, v := c.Seek(u64(after + 1)); k != nil && len(docs) < max; k, v = c.Next() {
			d, err := sess.sealDoc(tx, sb, v)
			if err != nil {
				return err
			}
			docs = append(docs, d)
			last = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return docs, last, err
}

// Pushed records that the server holds every outbox document up to last.
func (svc Sync) Pushed(docs []SyncDoc, last uint64) error {
	return svc.sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		after := u64At(sb.Get(kPushCkpt))
		if last <= after {
			return nil
		}
		// The pages among them put their images in the image outbox:
		// images travel after their records.
		c := sb.Bucket(sbOut).Cursor()
		for k, ref := c.Seek(u64(after + 1)); k != nil && binary.BigEndian.Uint64(k) <= last; k, ref = c.Next() {
			if kind, id, rev, ok := splitRef(ref); ok && kind == model.KindPage {
				if err := svc.sess.queuePageImages(tx, sb, id, rev); err != nil {
					return err
				}
			}
		}
		for _, d := range docs {
			if err := sb.Bucket(sbSent).Put([]byte(d.ID), nil); err != nil {
				return err
			}
		}
		return sb.Put(kPushCkpt, u64(last))
	})
}

// Resend rebuilds documents this desk wrote that were deleted on the
// server (to push again on top of the deletion).
func (svc Sync) Resend(ids []string) ([]SyncDoc, error) {
	sess := svc.sess
	var out []SyncDoc
	err := sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		want := map[string]bool{}
		for _, id := range ids {
			want[id] = true
		}
		// The outbox and the trail are walked once: a deletion on the
		// server is rare.
		dev := sb.Get(kDevice)
		c := tx.Bucket(bAudit).Cursor()
		for k, _ := c.First(); k != nil && len(out) < len(ids); k, _ = c.Next() {
			if len(k) != 8 || !want[sess.auditDocID(dev, binary.BigEndian.Uint64(k))] {
				continue
			}
			one, err := sess.auditDocs(tx, sb, binary.BigEndian.Uint64(k), 1)
			if err != nil {
				return err
			}
			out = append(out, one...)
		}
		chunks, err := sess.resendChunks(tx, sb, want)
		if err != nil {
			return err
		}
		out = append(out, chunks...)
		return sb.Bucket(sbOut).ForEach(func(_, ref []byte) error {
			ri, ok := decodeRidInfo(sb.Bucket(sbRids).Get(ref))
			if !ok || !want[sess.docID(ri.rid)] {
				return nil
			}
			d, err := sess.sealDoc(tx, sb, ref)
			if err == nil {
				out = append(out, d)
			}
			return err
		})
	})
	return out, err
}

// PullSince is the server sequence this desk has pulled up to ("" at first).
func (svc Sync) PullSince() (string, error) {
	var since string
	err := svc.sess.view(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil {
			since = string(sb.Get(kPullSince))
		}
		return nil
	})
	return since, err
}

// Device is this desk's device ID in hex ("" before replication is enabled).
func (s *Store) Device() string {
	var dev string
	s.db.View(func(tx *bolt.Tx) error {
		if sb := syncBucket(tx); sb != nil {
			dev = hex.EncodeToString(sb.Get(kDevice))
		}
		return nil
	})
	return dev
}

func u64At(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

var errSyncOff = model.Errorf(model.Invalid, "replication is not set up on this desk")

// Sent reports which of ids are documents this desk pushed (a pull need not
// fetch them).
func (svc Sync) Sent(ids []string) (out map[string]bool, err error) {
	err = svc.sess.view(func(tx *bolt.Tx) error { out, err = sentAmong(tx, ids); return err })
	return out, err
}

// sentAmong is which of ids this desk pushed, as the sync bucket records.
func sentAmong(tx *bolt.Tx, ids []string) (map[string]bool, error) {
	sb := syncBucket(tx)
	if sb == nil {
		return nil, errSyncOff
	}
	out := map[string]bool{}
	for _, id := range ids {
		if sb.Bucket(sbSent).Get([]byte(id)) != nil {
			out[id] = true
		}
	}
	return out, nil
}
