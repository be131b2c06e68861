package storage

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Each desk's audit entries travel too, as documents of their own ("a"
// IDs), so that every desk holds a copy of every other desk's chain: a
// chain cut or forked on one desk is caught by the others. The entries are
// kept apart (sync/peer-audit), never mixed into this desk's own chain.
//
//	sync
//	├─ audit-ckpt  → the last own audit entry the server acknowledged (8)
//	└─ peer-audit  device(16) ‖ seq(8) → the sealed document as pulled (JSON)
var (
	kAuditCkpt  = []byte("audit-ckpt")
	sbPeerAudit = []byte("peer-audit")
)

// auditDoc is the plaintext of an audit document.
type auditDoc struct {
	Seq   uint64          `json:"seq"`
	MAC   []byte          `json:"mac"`
	Entry json.RawMessage `json:"entry"`
	Sig   []byte          `json:"sig,omitempty"` // signer ID(16) ‖ Ed25519 signature, as in audit-sig
	// Prev and After, on a desk restored from a backup (replicarejoin.go):
	// its chain continues desk Prev's after entry After.
	Prev  string `json:"prev,omitempty"`
	After uint64 `json:"after,omitempty"`
}

func (sess *Session) auditDocID(dev []byte, seq uint64) string {
	m := hmac.New(sha256.New, sess.keys.Index)
	m.Write([]byte("dossier/sync-audit-id\x00"))
	m.Write(dev)
	m.Write(u64(seq))
	return "a" + hex.EncodeToString(m.Sum(nil)[:16])
}

// OutgoingAudit returns up to max of this desk's audit entries the server
// does not hold yet, and the last one's sequence.
func (svc Sync) OutgoingAudit(max int) (docs []SyncDoc, last uint64, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		var err error
		docs, err = sess.auditDocs(tx, sb, u64At(sb.Get(kAuditCkpt))+1, max)
		if len(docs) > 0 {
			last = docs[len(docs)-1].Seq
		}
		return err
	})
	return docs, last, err
}

// auditDocs builds the documents of up to max audit entries from seq from.
func (sess *Session) auditDocs(tx *bolt.Tx, sb *bolt.Bucket, from uint64, max int) (docs []SyncDoc, err error) {
	dev := sb.Get(kDevice)
	prev, after := segmentOf(sb)
	sigs := tx.Bucket(bAuditSig)
	c := tx.Bucket(bAudit).Cursor()
	for k, v := c.Seek(u64(from)); k != nil && len(docs) < max; k, v = c.Next() {
		if len(k) != 8 || len(v) < 32 {
			continue
		}
		seq := binary.BigEndian.Uint64(k)
		plain, err := sess.keys.Records.Open(v[32:], append([]byte("audit"), k...))
		if err != nil {
			return nil, model.Errorf(model.Damaged, "audit entry %d does not open: run dossier verify", seq)
		}
		ad := auditDoc{Seq: seq, MAC: v[:32], Entry: plain}
		if prev != "" && seq > after {
			ad.Prev, ad.After = prev, after
		}
		if sigs != nil {
			ad.Sig = sigs.Get(k)
		}
		body, _ := json.Marshal(ad)
		d := SyncDoc{ID: sess.auditDocID(dev, seq), V: syncDocVersion, Dev: hex.EncodeToString(dev), Seq: seq}
		d.C = sess.keys.Records.Seal(body, docAAD(d.ID, d.Dev, d.Seq))
		d.Rev = couchRev(d.C)
		docs = append(docs, d)
	}
	return docs, nil
}

// PushedAudit records that the server holds this desk's entries up to last.
func (svc Sync) PushedAudit(docs []SyncDoc, last uint64) error {
	return svc.sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		for _, d := range docs {
			if err := sb.Bucket(sbSent).Put([]byte(d.ID), nil); err != nil {
				return err
			}
		}
		if last > u64At(sb.Get(kAuditCkpt)) {
			return sb.Put(kAuditCkpt, u64(last))
		}
		return nil
	})
}

// applyAuditDoc keeps a copy of another desk's audit entry after checking
// it opens, names its own place and carries a valid signature.
func (sess *Session) applyAuditDoc(tx *bolt.Tx, sb *bolt.Bucket, trust *trustInfo, d SyncDoc, pre *opened, res *ApplyResult) error {
	dev, err := hex.DecodeString(d.Dev)
	if err != nil || len(dev) != 16 || sess.auditDocID(dev, d.Seq) != d.ID {
		return sess.quarantine(sb, d, "an audit document names a place other than its own", res)
	}
	if bytes.Equal(dev, sb.Get(kDevice)) {
		res.Known++
		return nil
	}
	if pre == nil || pre.audit == nil {
		o := sess.openAudit(nil, d)
		pre = &o
	}
	if pre.why != "" {
		return sess.quarantine(sb, d, pre.why, res)
	}
	ad, plain := *pre.audit, pre.plain
	if len(ad.Sig) == 16+ed25519.SignatureSize && !trust.hasKey(model.ID(ad.Sig[:16]), pre.auditKey) &&
		!trust.auditSigValid(model.ID(ad.Sig[:16]), ad.Sig[16:], ad.Seq, ad.MAC, ad.Entry) {
		return sess.quarantine(sb, d, "an audit entry's signature does not match its signer's key", res)
	}
	peer, err := sb.CreateBucketIfNotExists(sbPeerAudit)
	if err != nil {
		return err
	}
	key := append(append([]byte(nil), dev...), u64(ad.Seq)...)
	if old := peer.Get(key); old != nil {
		var prev auditDoc
		if json.Unmarshal(old, &prev) == nil && !bytes.Equal(prev.MAC, ad.MAC) {
			return sess.quarantine(sb, d, fmt.Sprintf("desk %s's audit entry %d differs from the copy held here: its chain was forked or rewritten", short(d.Dev), ad.Seq), res)
		}
		res.Known++
		return nil
	}
	res.Applied++
	return peer.Put(key, plain)
}

// heldMAC is the chain MAC of desk dev's entry seq as held here: a peer's
// copy, or this desk's own entry when dev is the desk this one was before
// it rejoined.
func heldMAC(sb *bolt.Bucket, dev string, seq uint64) ([]byte, bool) {
	d, err := hex.DecodeString(dev)
	if err != nil || len(d) != 16 {
		return nil, false
	}
	if peer := sb.Bucket(sbPeerAudit); peer != nil {
		var ad auditDoc
		if v := peer.Get(append(d, u64(seq)...)); v != nil && json.Unmarshal(v, &ad) == nil && len(ad.MAC) == 32 {
			return ad.MAC, true
		}
	}
	if prev, _ := segmentOf(sb); prev == dev {
		if v := sb.Tx().Bucket(bAudit).Get(u64(seq)); len(v) >= 32 {
			return v[:32], true
		}
	}
	return nil, false
}

// openAudit decrypts and parses an audit document and, given the trust
// before the batch (may be nil), finds the key its signature is good with
// (preOpen runs it on every core, before the transaction).
func (sess *Session) openAudit(trust *trustInfo, d SyncDoc) opened {
	plain, err := sess.keys.Records.Open(d.C, docAAD(d.ID, d.Dev, d.Seq))
	if err != nil {
		return opened{why: "it does not decrypt with the clinic's key: altered on the server, or not this clinic's"}
	}
	var ad auditDoc
	if json.Unmarshal(plain, &ad) != nil || ad.Seq != d.Seq || len(ad.MAC) != 32 {
		return opened{why: "an audit document does not parse"}
	}
	o := opened{audit: &ad, plain: plain}
	if trust != nil && len(ad.Sig) == 16+ed25519.SignatureSize {
		o.auditKey = trust.auditSigKey(model.ID(ad.Sig[:16]), ad.Sig[16:], ad.Seq, ad.MAC, ad.Entry)
	}
	return o
}

// auditSigKey is the key of signer's an audit entry's signature is good
// with (nil: none).
func (t *trustInfo) auditSigKey(signer model.ID, sig []byte, seq uint64, mac, plain []byte) []byte {
	msg := auditSigMessage(seq, mac, plain)
	if signer.IsZero() {
		if t.recovery != nil && ed25519.Verify(t.recovery, msg, sig) {
			return t.recovery
		}
		return nil
	}
	for _, k := range t.users[signer].Keys {
		if len(k.Pub) == ed25519.PublicKeySize && ed25519.Verify(k.Pub, msg, sig) {
			return k.Pub
		}
	}
	return nil
}

// hasKey says whether key (non-nil) is still one of signer's (the
// recovery key for a zero signer): a signature found good with it before
// the transaction stays good.
func (t *trustInfo) hasKey(signer model.ID, key []byte) bool {
	if len(key) == 0 {
		return false
	}
	if signer.IsZero() {
		return bytes.Equal(t.recovery, key)
	}
	for _, k := range t.users[signer].Keys {
		if bytes.Equal(k.Pub, key) {
			return true
		}
	}
	return false
}

// auditSigValid checks an audit entry's signature against any key of its
// signer's account (or the recovery key's, for a zero signer).
func (t *trustInfo) auditSigValid(signer model.ID, sig []byte, seq uint64, mac, plain []byte) bool {
	return t.auditSigKey(signer, sig, seq, mac, plain) != nil
}

// PeerChain is what this desk holds of another desk's audit chain.
type PeerChain struct {
	Device   string
	Entries  int
	Last     uint64
	Problems []string
}

// VerifyPeerChains checks every other desk's chain held here: entries
// missing from the middle or start (a cut), and entries that do not
// follow the one before (altered or reordered). Forks are caught as the
// copies arrive (see applyAuditDoc) and wait in the quarantine.
func (svc Sync) VerifyPeerChains() ([]PeerChain, error) {
	sess := svc.sess
	var out []PeerChain
	err := sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil || sb.Bucket(sbPeerAudit) == nil {
			return nil
		}
		byDev := map[string]*PeerChain{}
		prevMAC := map[string][]byte{}
		next := map[string]uint64{}
		keyFor := sess.auditKeys(tx)
		err := sb.Bucket(sbPeerAudit).ForEach(func(k, v []byte) error {
			if len(k) != 24 {
				return nil
			}
			dev, seq := hex.EncodeToString(k[:16]), binary.BigEndian.Uint64(k[16:])
			pc := byDev[dev]
			var ad auditDoc
			adOK := json.Unmarshal(v, &ad) == nil
			if pc == nil {
				pc = &PeerChain{Device: dev}
				byDev[dev] = pc
				prevMAC[dev] = make([]byte, 32)
				next[dev] = 1
				// A desk restored from a backup continues another
				// chain (its own before the restore) after an entry.
				if adOK && ad.Prev != "" && seq == ad.After+1 {
					next[dev] = seq
					if mac, ok := heldMAC(sb, ad.Prev, ad.After); ok {
						prevMAC[dev] = mac
					} else if ad.After > 0 {
						pc.Problems = append(pc.Problems, fmt.Sprintf("it continues desk %s's chain after entry %d, which is not held here", short(ad.Prev), ad.After))
					}
				}
			}
			if !adOK {
				pc.Problems = append(pc.Problems, fmt.Sprintf("entry %d: the copy held here is damaged", seq))
				return nil
			}
			linked := seq == next[dev]
			if seq > next[dev] {
				pc.Problems = append(pc.Problems, fmt.Sprintf("entries %d to %d are missing (cut, or not yet pulled)", next[dev], seq-1))
			}
			if linked && !hmac.Equal(ad.MAC, auditMAC(keyFor(seq), prevMAC[dev], seq, ad.Entry)) {
				pc.Problems = append(pc.Problems, fmt.Sprintf("entry %d does not follow the entry before it", seq))
			}
			prevMAC[dev], next[dev] = ad.MAC, seq+1
			pc.Entries++
			pc.Last = seq
			return nil
		})
		for _, pc := range byDev {
			out = append(out, *pc)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Device < out[j].Device })
		return err
	})
	return out, err
}
