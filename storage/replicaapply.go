package storage

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// ApplyResult says what one batch of pulled documents did.
type ApplyResult struct {
	Applied     int      // revisions written (merges included)
	Known       int      // already here (this desk's own, or pulled before)
	Pending     int      // waiting for a parent revision not yet pulled
	Quarantined int      // failed verification: kept aside, never applied
	Conflicts   int      // merges that left a field for a supervisor
	Chunks      int      // page image chunks received
	Images      int      // page images whose last chunk arrived (now shown)
	Resend      []string // this desk's documents deleted on the server
	Problems    []string // plain words, one per quarantined document
}

// Apply verifies and applies a batch of pulled documents in one
// transaction, and moves the pull checkpoint to since in the same
// transaction: a desk killed mid-batch applies the batch again from the
// start and nothing twice (a revision already known is skipped).
func (svc Sync) Apply(docs []SyncDoc, since string) (ApplyResult, error) {
	sess := svc.sess
	var res ApplyResult
	if err := sess.alive(); err != nil {
		return res, err
	}
	pre := sess.preOpen(docs)
	err := sess.update(func(tx *bolt.Tx) error {
		res = ApplyResult{}
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		// Each applied revision's audit entry is signed; the signatures
		// (a third of applying) are made together, on every core.
		s := sess.store
		s.sigs, s.sigsTx = nil, tx
		defer func() { s.sigs, s.sigsTx = nil, nil }()
		if err := sess.applyBatch(tx, sb, docs, pre, &res); err != nil {
			return err
		}
		if err := sess.signBatch(tx); err != nil {
			return err
		}
		if since != "" {
			return sb.Put(kPullSince, []byte(since))
		}
		return nil
	})
	return res, err
}

// applyBatch verifies and applies documents inside a write transaction.
func (sess *Session) applyBatch(tx *bolt.Tx, sb *bolt.Bucket, docs []SyncDoc, pre map[string]*opened, res *ApplyResult) error {
	trust := sess.loadTrust(tx)
	for _, d := range docs {
		var err error
		switch {
		case d.Deleted:
			if sb.Bucket(sbSent).Get([]byte(d.ID)) != nil {
				res.Resend = append(res.Resend, d.ID)
			}
		case len(d.ID) > 0 && d.ID[0] == 'a':
			err = sess.applyAuditDoc(tx, sb, trust, d, pre[d.ID], res)
		case IsChunkDoc(d.ID):
			err = sess.applyChunkDoc(tx, sb, d, res)
		default:
			err = sess.applyDoc(tx, sb, trust, d, pre[d.ID], res)
		}
		if err != nil {
			return err
		}
	}
	return sess.retryPending(tx, sb, res)
}

// opened is a document decrypted and its signature checked, before the
// write transaction: the costly half of verification, done on every core.
type opened struct {
	s   docSealed
	why string
	// An audit document: its plain text, parsed, and the key its signature
	// was found good with against the trust before the batch (nil: not
	// checked; the transaction checks it).
	audit    *auditDoc
	plain    []byte
	auditKey []byte
}

func (sess *Session) open(d SyncDoc) opened {
	if d.V != syncDocVersion {
		return opened{why: fmt.Sprintf("format %d is not one this desk reads", d.V)}
	}
	plain, err := sess.keys.Records.Open(d.C, docAAD(d.ID, d.Dev, d.Seq))
	if err != nil {
		return opened{why: "it does not decrypt with the clinic's key: altered on the server, or not this clinic's"}
	}
	var s docSealed
	if json.Unmarshal(plain, &s) != nil {
		return opened{why: "its content does not parse"}
	}
	if len(s.Pub) != ed25519.PublicKeySize || !ed25519.Verify(s.Pub, docSigMessage(d.ID, s.M), s.Sig) {
		return opened{why: "its signature does not match"}
	}
	return opened{s: s}
}

// preOpen opens and checks a batch in parallel.
func (sess *Session) preOpen(docs []SyncDoc) map[string]*opened {
	out := make([]opened, len(docs))
	var trust *trustInfo
	for _, d := range docs {
		if strings.HasPrefix(d.ID, "a") && !d.Deleted {
			sess.store.db.View(func(tx *bolt.Tx) error { trust = sess.loadTrust(tx); return nil })
			break
		}
	}
	workers := runtime.NumCPU()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				switch d := docs[i]; {
				case d.Deleted, IsChunkDoc(d.ID):
				case strings.HasPrefix(d.ID, "a"):
					out[i] = sess.openAudit(trust, d)
				default:
					out[i] = sess.open(d)
				}
			}
		}(w)
	}
	wg.Wait()
	m := make(map[string]*opened, len(docs))
	for i := range docs {
		m[docs[i].ID] = &out[i]
	}
	return m
}

// openDoc checks a document's ciphertext and signature (or takes what
// preOpen found) and the signer's place in the clinic's trust, and parses it.
func (sess *Session) openDoc(trust *trustInfo, d SyncDoc, pre *opened) (docInner, string) {
	var in docInner
	if pre == nil {
		o := sess.open(d)
		pre = &o
	}
	if pre.why != "" {
		return in, pre.why
	}
	s := pre.s
	if why := trust.why(s.Pub, 0); why != "" && !pending(why) && !sess.enrolling {
		return in, "it was signed by a key this clinic does not trust (" + why + ")"
	}
	if json.Unmarshal(s.M, &in) != nil {
		return in, "its revision does not parse"
	}
	if r, ok := parseRid(in.Rid); !ok || sess.docID(r) != d.ID {
		return in, "it names a revision other than its own"
	}
	return in, ""
}

func (sess *Session) quarantine(sb *bolt.Bucket, d SyncDoc, why string, res *ApplyResult) error {
	res.Quarantined++
	res.Problems = append(res.Problems, "document "+d.ID+" from desk "+short(d.Dev)+" rejected: "+why)
	b, _ := json.Marshal(struct {
		Time time.Time `json:"time"`
		Dev  string    `json:"dev"`
		Why  string    `json:"why"`
	}{wallNow(), d.Dev, why})
	return sb.Bucket(sbQuarantine).Put([]byte(d.ID), b)
}

func short(dev string) string {
	if len(dev) > 8 {
		return dev[:8]
	}
	return dev
}

// applyDoc applies one document (or parks it until its parents arrive).
func (sess *Session) applyDoc(tx *bolt.Tx, sb *bolt.Bucket, trust *trustInfo, d SyncDoc, pre *opened, res *ApplyResult) error {
	in, why := sess.openDoc(trust, d, pre)
	if why != "" {
		return sess.quarantine(sb, d, why, res)
	}
	r, _ := parseRid(in.Rid)
	if sb.Bucket(sbKnown).Get(r[:]) != nil {
		res.Known++
		sb.Bucket(sbPending).Delete([]byte(d.ID))
		return nil
	}
	var parents []rid
	for _, s := range in.Parents {
		p, ok := parseRid(s)
		if !ok {
			return sess.quarantine(sb, d, "a parent revision is malformed", res)
		}
		if sb.Bucket(sbKnown).Get(p[:]) == nil {
			res.Pending++
			raw, _ := json.Marshal(d)
			return sb.Bucket(sbPending).Put([]byte(d.ID), raw)
		}
		parents = append(parents, p)
	}
	var env envelope
	if err := json.Unmarshal(in.Env, &env); err != nil {
		return sess.quarantine(sb, d, "its revision does not parse", res)
	}
	sb.Bucket(sbPending).Delete([]byte(d.ID))
	return sess.applyRevision(tx, sb, in.Kind, in.ID, replicaStamp{rid: r, parents: parents, meta: env.Meta, owner: in.Owner,
		from: "on desk " + short(d.Dev)}, env.Body, res)
}

// retryPending applies parked documents whose parents have arrived, until
// a pass applies none.
func (sess *Session) retryPending(tx *bolt.Tx, sb *bolt.Bucket, res *ApplyResult) error {
	for {
		var docs []SyncDoc
		sb.Bucket(sbPending).ForEach(func(_, v []byte) error {
			var d SyncDoc
			if json.Unmarshal(v, &d) == nil {
				docs = append(docs, d)
			}
			return nil
		})
		if len(docs) == 0 {
			res.Pending = 0
			return nil
		}
		before := res.Applied + res.Known + res.Quarantined
		res.Pending = 0
		trust := sess.loadTrust(tx)
		for _, d := range docs {
			if err := sess.applyDoc(tx, sb, trust, d, nil, res); err != nil {
				return err
			}
		}
		if res.Applied+res.Known+res.Quarantined == before {
			return nil
		}
	}
}

// applyRevision writes another desk's revision. When it follows this
// desk's latest revision of the record it is simply the next one; when the
// desks diverged it is kept as a revision too and a merge of the two is
// written on top (mergeHeads).
func (sess *Session) applyRevision(tx *bolt.Tx, sb *bolt.Bucket, kind model.Kind, id model.ID, st replicaStamp, body json.RawMessage, res *ApplyResult) error {
	heads, _, err := kindBuckets(tx, kind, true)
	if err != nil {
		return err
	}
	h, exists := decodeHead(heads.Get(id[:]))
	var local ridInfo
	if exists {
		local, _ = ridOf(sb, kind, id, h.rev)
	}
	if err := sess.write(tx, writeOp{kind: kind, id: id, body: typedBody(kind, body), op: st.meta.Op, reason: st.meta.Reason,
		owner: st.owner, deleted: st.meta.Deleted, replica: &st}); err != nil {
		return err
	}
	res.Applied++
	if kind == model.KindPatient {
		if err := advanceMRN(tx, body); err != nil {
			return err
		}
	}
	if !exists || containsRid(st.parents, local.rid) {
		return nil
	}
	return sess.mergeHeads(tx, sb, kind, id, local.rid, st.rid, st.owner, res)
}

func containsRid(rs []rid, r rid) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// typedBody gives write the body in the type its index hooks read.
func typedBody(kind model.Kind, body json.RawMessage) any {
	switch kind {
	case model.KindNote:
		var n model.Note
		if json.Unmarshal(body, &n) == nil {
			return n
		}
	case model.KindDocument:
		var d model.Document
		if json.Unmarshal(body, &d) == nil {
			return d
		}
	}
	return body
}

// revAt reads the envelope of a known revision.
func (sess *Session) revAt(tx *bolt.Tx, sb *bolt.Bucket, r rid) (envelope, ridInfo, error) {
	ref := sb.Bucket(sbKnown).Get(r[:])
	kind, id, rev, ok := splitRef(ref)
	if !ok {
		return envelope{}, ridInfo{}, ErrNotFound
	}
	ri, _ := decodeRidInfo(sb.Bucket(sbRids).Get(ref))
	env, err := sess.readRevision(tx, kind, id, rev)
	return env, ri, err
}

// commonAncestor walks back from a and b and returns the nearest revision
// both descend from (found the same way whichever desk asks: a < b).
func (sess *Session) commonAncestor(sb *bolt.Bucket, a, b rid) (rid, bool) {
	parentsOf := func(r rid) []rid {
		ri, _ := decodeRidInfo(sb.Bucket(sbRids).Get(sb.Bucket(sbKnown).Get(r[:])))
		return ri.parents
	}
	seen := map[rid]bool{}
	for q := []rid{a}; len(q) > 0; q = q[1:] {
		if !seen[q[0]] {
			seen[q[0]] = true
			q = append(q, parentsOf(q[0])...)
		}
	}
	visited := map[rid]bool{}
	for q := []rid{b}; len(q) > 0; q = q[1:] {
		if seen[q[0]] {
			return q[0], true
		}
		if !visited[q[0]] {
			visited[q[0]] = true
			q = append(q, parentsOf(q[0])...)
		}
	}
	return rid{}, false
}

// mergeHeads writes the merge of two diverged revisions of a record. It is
// deterministic, so every desk that merges the same two writes the same
// revision (same identity, same body) and the desks converge:
//   - a field only one desk changed takes that desk's value;
//   - a field both changed to different values takes the later edit's value
//     (by time, then identity) and goes to the Conflicts queue with both.
func (sess *Session) mergeHeads(tx *bolt.Tx, sb *bolt.Bucket, kind model.Kind, id model.ID, x, y rid, owner model.ID, res *ApplyResult) error {
	a, b := x, y
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	ea, _, err := sess.revAt(tx, sb, a)
	if err != nil {
		return err
	}
	eb, _, err := sess.revAt(tx, sb, b)
	if err != nil {
		return err
	}
	var base map[string]json.RawMessage
	baseDeleted := false
	if anc, ok := sess.commonAncestor(sb, a, b); ok {
		if e, _, err := sess.revAt(tx, sb, anc); err == nil {
			json.Unmarshal(e.Body, &base)
			baseDeleted = e.Meta.Deleted
		}
	}
	fa, fb := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	json.Unmarshal(ea.Body, &fa)
	json.Unmarshal(eb.Body, &fb)
	bWins := !ea.Meta.Time.After(eb.Meta.Time) // at the same time b wins: its identity is the greater
	names := map[string]bool{}
	for k := range fa {
		names[k] = true
	}
	for k := range fb {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	merged := map[string]json.RawMessage{}
	var conflicts []ConflictField
	for _, k := range keys {
		va, vb, vo := fa[k], fb[k], base[k]
		switch {
		case bytes.Equal(va, vb):
			setField(merged, k, va)
		case bytes.Equal(va, vo):
			setField(merged, k, vb)
		case bytes.Equal(vb, vo):
			setField(merged, k, va)
		default:
			chosen := "a"
			if bWins {
				chosen = "b"
				setField(merged, k, vb)
			} else {
				setField(merged, k, va)
			}
			conflicts = append(conflicts, ConflictField{Field: k, A: va, B: vb, Chosen: chosen})
		}
	}
	deleted := ea.Meta.Deleted
	if ea.Meta.Deleted != eb.Meta.Deleted && ea.Meta.Deleted == baseDeleted {
		deleted = eb.Meta.Deleted
	}
	body, _ := json.Marshal(merged)
	sum := sha256.Sum256(append(append([]byte("dossier/merge\x00"), a[:]...), b[:]...))
	var m rid
	m[0] = 0xFF
	copy(m[1:], sum[:])
	if sb.Bucket(sbKnown).Get(m[:]) != nil {
		return nil
	}
	when := ea.Meta.Time
	if eb.Meta.Time.After(when) {
		when = eb.Meta.Time
	}
	reason := "edits made on two desks merged"
	if len(conflicts) > 0 {
		reason = fmt.Sprintf("edits made on two desks merged; %d fields wait in the Conflicts queue", len(conflicts))
	}
	st := replicaStamp{rid: m, parents: []rid{a, b}, owner: owner, push: true, keep: len(conflicts) > 0, from: "(merge)",
		meta: model.Revision{Time: when, User: "sync", Op: model.ActSync, Reason: reason, Deleted: deleted}}
	if err := sess.write(tx, writeOp{kind: kind, id: id, body: typedBody(kind, body), op: model.ActSync, reason: reason,
		owner: owner, deleted: deleted, replica: &st}); err != nil {
		return err
	}
	res.Applied++
	if len(conflicts) == 0 {
		return nil
	}
	res.Conflicts++
	c := SyncConflict{Kind: kind, ID: id, Merge: m.String(), Fields: conflicts, Found: wallNow(),
		UserA: ea.Meta.User, UserB: eb.Meta.User, TimeA: ea.Meta.Time, TimeB: eb.Meta.Time}
	plain, _ := json.Marshal(c)
	key := recRef(kind, id)
	return sb.Bucket(sbConflicts).Put(key, sess.keys.Records.Seal(plain, append([]byte("sync-conflict\x00"), key...)))
}

func setField(m map[string]json.RawMessage, k string, v json.RawMessage) {
	if v != nil {
		m[k] = v
	}
}
