package storage

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The audit trail is a keyed hash chain: entry n stores
// mac_n = HMAC(auditKey, mac_{n-1} ‖ n ‖ plaintext_n) beside its sealed text.
// Without the key nobody can alter, drop or reorder entries and recompute
// the chain; a sealed copy of the last (n, mac_n) in meta catches a cut tail.

var auditHeadAAD = []byte("audit-head")

func auditMAC(key, prev []byte, seq uint64, plain []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(prev)
	m.Write(u64(seq))
	m.Write(plain)
	return m.Sum(nil)
}

// appendAudit adds an entry in tx. Time and user default to now and the
// session's user.
//
// Before appending it checks the sealed head in meta against the bucket's
// last entry. A mismatch (entries cut from the end, the head overwritten or
// removed) is never silently re-anchored: a flagged tamper entry saying
// what was found goes into the chain first, and `audit verify` reports it.
func (sess *Session) appendAudit(tx *bolt.Tx, e model.AuditEntry) error {
	if problem := sess.headMismatch(tx); problem != "" {
		t := model.AuditEntry{Action: model.ActTamper, Detail: "audit trail: " + problem, Flagged: true}
		if err := sess.appendAuditRaw(tx, t); err != nil {
			return err
		}
	}
	return sess.appendAuditRaw(tx, e)
}

// headMismatch compares the sealed head with the last entry of the audit
// bucket and says what is wrong ("" when they agree).
func (sess *Session) headMismatch(tx *bolt.Tx) string {
	var lastSeq uint64
	var lastMAC []byte
	if k, v := tx.Bucket(bAudit).Cursor().Last(); k != nil {
		if len(k) != 8 || len(v) < 32 {
			return "the last entry is malformed"
		}
		lastSeq, lastMAC = binary.BigEndian.Uint64(k), v[:32]
	}
	hv := tx.Bucket(bMeta).Get(kAuditHead)
	if hv == nil {
		if lastSeq == 0 {
			return ""
		}
		return fmt.Sprintf("the record of the last entry is missing (the trail ends at entry %d)", lastSeq)
	}
	hp, err := sess.keys.Records.Open(hv, auditHeadAAD)
	if err != nil || len(hp) != 40 {
		return fmt.Sprintf("the record of the last entry was altered (the trail ends at entry %d)", lastSeq)
	}
	head := binary.BigEndian.Uint64(hp[:8])
	switch {
	case head > lastSeq:
		return fmt.Sprintf("entries %d to %d were removed from the end", lastSeq+1, head)
	case head < lastSeq:
		return fmt.Sprintf("entries %d to %d were added after the recorded end", head+1, lastSeq)
	case !bytes.Equal(hp[8:], lastMAC):
		return fmt.Sprintf("entry %d was replaced (the chain's recorded end does not match)", lastSeq)
	}
	return ""
}

func (sess *Session) appendAuditRaw(tx *bolt.Tx, e model.AuditEntry) error {
	b := tx.Bucket(bAudit)
	prev := make([]byte, 32)
	var seq uint64 = 1
	if k, v := b.Cursor().Last(); k != nil && len(v) >= 32 {
		seq = binary.BigEndian.Uint64(k) + 1
		copy(prev, v[:32])
	}
	e.Seq = seq
	if e.Time.IsZero() {
		e.Time = wallNow()
	}
	if e.User == "" {
		e.User = sess.user.Username
	}
	plain, err := json.Marshal(e)
	if err != nil {
		return err
	}
	mac := auditMAC(sess.keys.Audit, prev, seq, plain)
	key := u64(seq)
	val := append(mac, sess.keys.Records.Seal(plain, append([]byte("audit"), key...))...)
	if err := b.Put(key, val); err != nil {
		return err
	}
	if err := sess.signAudit(tx, seq, mac, plain); err != nil {
		return err
	}
	headPlain := append(u64(seq), mac...)
	return tx.Bucket(bMeta).Put(kAuditHead, sess.keys.Records.Seal(headPlain, auditHeadAAD))
}

// AuditProblem is one finding of Verify: which entry, and what is wrong.
type AuditProblem struct {
	Seq     uint64
	Problem string
}

func (p AuditProblem) String() string { return fmt.Sprintf("entry %d: %s", p.Seq, p.Problem) }

// VerifyAudit walks the whole chain and reports every entry that was altered,
// removed or moved. An empty result means the trail is intact. It needs
// only the key, not a permission, so `dossier audit verify` and backup
// verification can run it.
//
// The check itself is audited (flagged when it found problems).
func (svc Admin) VerifyAudit() (entries uint64, problems []AuditProblem, err error) {
	sess := svc.sess
	err = sess.view(func(tx *bolt.Tx) error {
		entries, problems = sess.verifyAuditTx(tx)
		return nil
	})
	if err != nil || sess.store.opts.ReadOnly {
		return entries, problems, err
	}
	detail := fmt.Sprintf("audit trail: %d entries, chain intact", entries)
	if len(problems) > 0 {
		detail = fmt.Sprintf("audit trail: %d entries, %d problems (first: %s)", entries, len(problems), problems[0])
	}
	err = sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActVerify, Detail: detail, Flagged: len(problems) > 0})
	})
	return entries, problems, err
}

func (sess *Session) verifyAuditTx(tx *bolt.Tx) (uint64, []AuditProblem) {
	n, problems, _, _ := sess.verifyAuditSigned(tx, nil)
	return n, problems
}

// commitKey names one revision in the map of audited commitments:
// kind ‖ 0 ‖ id(16) ‖ rev(4).
func commitKey(kind model.Kind, key []byte) string { return string(revAAD(kind, key)) }

// verifyAuditSigned is verifyAuditTx that also checks every entry's
// signature against its signer's certified key, and returns notes on what
// is only informative (entries written before signing keys, keys not yet
// certified).
//
// When commits is not nil it is filled with every revision commitment in
// the trail (commitKey → SHA-256 of the revision's plaintext); began says
// whether the trail began with commitments (its first entry has one).
func (sess *Session) verifyAuditSigned(tx *bolt.Tx, commits map[string][]byte) (n uint64, problems []AuditProblem, notes []string, began bool) {
	trust := sess.loadTrust(tx)
	sigs := tx.Bucket(bAuditSig)
	var since uint64
	if v := tx.Bucket(bMeta).Get(kSigningSince); len(v) == 8 {
		since = binary.BigEndian.Uint64(v)
	}
	noteCount := map[string]int{}
	var firstSigned uint64
	if sigs != nil {
		if k, _ := sigs.Cursor().First(); len(k) == 8 {
			firstSigned = binary.BigEndian.Uint64(k)
		}
	}
	switch {
	case firstSigned != 0 && since == 0:
		problems = append(problems, AuditProblem{firstSigned, "is signed, but the record of where signing began (signing-since) was removed"})
		since = firstSigned
	case firstSigned != 0 && firstSigned < since:
		problems = append(problems, AuditProblem{firstSigned, fmt.Sprintf("is signed, but the record of where signing began was moved to %d (hiding unsigned entries)", since)})
		since = firstSigned
	}
	if since != 0 && trust.root == nil {
		problems = append(problems, AuditProblem{since, "begins the signed trail, but the store's root of trust (root-key) was removed"})
	}
	add := func(seq uint64, f string, a ...any) {
		problems = append(problems, AuditProblem{seq, fmt.Sprintf(f, a...)})
	}
	prev := make([]byte, 32)
	var want uint64 = 1
	keyFor := sess.auditKeys(tx) // entries before a key rotation were chained with the key of then
	c := tx.Bucket(bAudit).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n++
		if len(k) != 8 || len(v) < 32 {
			add(want, "is malformed")
			continue
		}
		seq := binary.BigEndian.Uint64(k)
		if seq > want {
			if seq-want == 1 {
				add(want, "was removed")
			} else {
				add(want, "to %d were removed", seq-1)
			}
		}
		want = seq + 1
		mac := v[:32]
		plain, err := sess.keys.Records.Open(v[32:], append([]byte("audit"), k...))
		if err != nil {
			add(seq, "was altered or moved from another position (it does not decrypt here)")
			prev = mac
			continue
		}
		var e model.AuditEntry
		parsed := json.Unmarshal(plain, &e) == nil && e.Seq == seq
		if !parsed {
			add(seq, "has been altered (its content does not parse or names another position)")
		} else if e.Action == model.ActTamper {
			add(seq, "records tampering found %s: %s", e.Time.Local().Format("2006-01-02 15:04"), e.Detail)
		}
		if problem, note := trust.checkEntry(sigs, since, seq, mac, plain, e, parsed); problem != "" {
			add(seq, "%s", problem)
		} else if note != "" {
			noteCount[note]++
		}
		if parsed && seq == 1 && len(e.Hash) == sha256.Size {
			began = true
		}
		if parsed && commits != nil && len(e.Hash) == sha256.Size && e.Rev > 0 && e.Kind != "" {
			commits[commitKey(e.Kind, revKey(e.Record, e.Rev))] = e.Hash
		}
		if !hmac.Equal(mac, auditMAC(keyFor(seq), prev, seq, plain)) {
			add(seq, "does not follow the entry before it (altered, or an entry before it was changed or reordered)")
		}
		prev = mac
	}
	hv := tx.Bucket(bMeta).Get(kAuditHead)
	hp, err := sess.keys.Records.Open(hv, auditHeadAAD)
	switch {
	case hv == nil && n > 0:
		add(want-1, "the record of the last entry is missing")
	case hv == nil:
	case err != nil || len(hp) != 40:
		add(want-1, "the record of the last entry was altered")
	default:
		last := binary.BigEndian.Uint64(hp[:8])
		if last >= want {
			add(want, "and every entry after it up to %d were removed from the end", last)
		} else if last == want-1 && !bytes.Equal(hp[8:], prev) {
			add(last, "was replaced (the chain's recorded end does not match)")
		}
	}
	for note, c := range noteCount {
		notes = append(notes, fmt.Sprintf("%d audit entries: %s", c, note))
	}
	sort.Strings(notes)
	return n, problems, notes, began
}

// Audit returns up to limit entries matching the filter, newest first.
// Reading the trail is itself audited.
func (svc Admin) Audit(f model.AuditFilter, limit int) ([]model.AuditEntry, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadAudit); err != nil {
		return nil, err
	}
	var out []model.AuditEntry
	err := sess.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAudit).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			if len(v) < 32 {
				continue
			}
			plain, err := sess.keys.Records.Open(v[32:], append([]byte("audit"), k...))
			if err != nil {
				out = append(out, model.AuditEntry{Seq: binary.BigEndian.Uint64(k), Detail: "(damaged entry)", Flagged: true})
				continue
			}
			var e model.AuditEntry
			if json.Unmarshal(plain, &e) == nil && f.Match(e) {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("read the audit trail", err)
	}
	return out, sess.logAction(model.ActView, "", model.ZeroID, "audit trail")
}
