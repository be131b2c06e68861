package storage

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/hkdf"
)

// Per-user signing keys (issue 12, item 5). Every user holds an Ed25519
// key pair: the private half (its 32-byte seed) is wrapped in the user's key
// slot under the same password-derived key as the data key, the public half
// is in the user record with a certificate by the administrator who created
// the user. The first administrator's key is the root of trust: its
// fingerprint is printed on the recovery sheet, shown by `dossier
// fingerprint`, and kept in meta (root-key). The recovery key has a signing
// key of its own, derived from it and certified by the root (meta
// recovery-sign), so that a password reset with the recovery key can
// certify the new key it makes.
//
// Every audit entry is signed by the acting user (audit-sig bucket), so
// someone who holds the data key and recomputes the HMAC chain still cannot
// write entries in another user's name.

// signAAD is the associated data of the wrapped signing seed in a slot.
func signAAD(slotKey []byte, user model.ID) []byte {
	aad := append([]byte(nil), slotKey...)
	aad = append(aad, "\x00sign:"...)
	return append(aad, user[:]...)
}

// newSeed makes a fresh Ed25519 seed.
func newSeed() []byte { return vault.RandomBytes(ed25519.SeedSize) }

func lp(b *bytes.Buffer, s []byte) {
	var n [2]byte
	binary.BigEndian.PutUint16(n[:], uint16(len(s)))
	b.Write(n[:])
	b.Write(s)
}

// certMessage is what a certificate signs: user ID ‖ username ‖ role ‖ key.
func certMessage(u model.User, pub []byte) []byte {
	var b bytes.Buffer
	b.WriteString("dossier-user-cert/1\x00")
	b.Write(u.ID[:])
	lp(&b, []byte(u.Username))
	lp(&b, []byte(u.Role))
	lp(&b, pub)
	return b.Bytes()
}

// certify signs pub as u's key with issuer.
func certify(issuer ed25519.PrivateKey, u model.User, pub []byte, k model.SigningKey) model.SigningKey {
	k.Pub = pub
	k.Issuer = append([]byte(nil), issuer.Public().(ed25519.PublicKey)...)
	k.Cert = ed25519.Sign(issuer, certMessage(u, pub))
	return k
}

func recoveryCertMessage(pub []byte) []byte {
	return append([]byte("dossier-recovery-cert/1\x00"), pub...)
}

// recoverySigner is the signing key of a recovery key (derived from it).
func recoverySigner(rk RecoveryKey) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, rk, nil, []byte("dossier/recovery-signing")), seed); err != nil {
		panic("storage: hkdf: " + err.Error())
	}
	return ed25519.NewKeyFromSeed(seed)
}

// auditSigMessage is what an audit entry's signature covers: its sequence
// number, its chain MAC and the SHA-256 of its plaintext.
func auditSigMessage(seq uint64, mac, plain []byte) []byte {
	h := sha256.Sum256(plain)
	m := append([]byte("dossier-audit/1\x00"), u64(seq)...)
	m = append(m, mac...)
	return append(m, h[:]...)
}

// Fingerprint is how a public key is shown to people: the first 16 bytes
// of its SHA-256 in base32, in groups of four.
func Fingerprint(pub []byte) string {
	if len(pub) == 0 {
		return ""
	}
	sum := sha256.Sum256(pub)
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:16])
	var g []string
	for len(s) > 4 {
		g = append(g, s[:4])
		s = s[4:]
	}
	return strings.Join(append(g, s), "-")
}

// SameFingerprint compares two fingerprints as typed (case, spaces and
// dashes do not matter).
func SameFingerprint(a, b string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == ' ' {
				return -1
			}
			return r
		}, strings.ToUpper(s))
	}
	return norm(a) != "" && norm(a) == norm(b)
}

// RootFingerprint is the fingerprint of the store's root of trust (the
// first administrator's public signing key), "" when the store has none yet
// (made before signing keys, and its first administrator has not signed
// in since).
func (s *Store) RootFingerprint() string {
	var fp string
	s.db.View(func(tx *bolt.Tx) error {
		fp = Fingerprint(tx.Bucket(bMeta).Get(kRootKey))
		return nil
	})
	return fp
}

// usersTx reads the latest revision of every user record in tx.
func (sess *Session) usersTx(tx *bolt.Tx) (map[model.ID]model.User, error) {
	out := map[model.ID]model.User{}
	heads, revs, err := kindBuckets(tx, model.KindUser, false)
	if err != nil || heads == nil {
		return out, err
	}
	c := heads.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		h, ok := decodeHead(v)
		if !ok || len(k) != 16 {
			continue
		}
		key := revKey(model.ID(k), h.rev)
		env, err := decodeRevision(sess.keys.Records, model.KindUser, key, revs.Get(key))
		if err != nil {
			continue
		}
		var u model.User
		if json.Unmarshal(env.Body, &u) == nil {
			out[model.ID(k)] = u
		}
	}
	return out, nil
}

// trustInfo says which public keys chain back to the root.
type trustInfo struct {
	root     []byte
	recovery []byte // the recovery key's signing key, when certified by the root
	users    map[model.ID]model.User
	byKey    map[string]model.ID
	memo     map[string]string // key → "" when trusted, else why not
}

func (sess *Session) loadTrust(tx *bolt.Tx) *trustInfo {
	t := &trustInfo{memo: map[string]string{}, byKey: map[string]model.ID{}}
	m := tx.Bucket(bMeta)
	if r := m.Get(kRootKey); len(r) == ed25519.PublicKeySize {
		t.root = append([]byte(nil), r...)
	}
	if rs := m.Get(kRecoverySign); len(rs) == ed25519.PublicKeySize+ed25519.SignatureSize && t.root != nil {
		pub := rs[:ed25519.PublicKeySize]
		if ed25519.Verify(t.root, recoveryCertMessage(pub), rs[ed25519.PublicKeySize:]) {
			t.recovery = append([]byte(nil), pub...)
		}
	}
	t.users, _ = sess.usersTx(tx)
	for id, u := range t.users {
		for _, k := range u.Keys {
			t.byKey[string(k.Pub)] = id
		}
	}
	return t
}

// why says why a key is not trusted ("" when it chains back to the root).
func (t *trustInfo) why(pub []byte, depth int) string {
	if t.root != nil && bytes.Equal(pub, t.root) {
		return ""
	}
	if t.recovery != nil && bytes.Equal(pub, t.recovery) {
		return ""
	}
	if r, ok := t.memo[string(pub)]; ok {
		return r
	}
	if depth > 32 {
		return "its certificates go round in a circle"
	}
	t.memo[string(pub)] = "its certificates go round in a circle"
	r := t.check(pub, depth)
	t.memo[string(pub)] = r
	return r
}

func (t *trustInfo) check(pub []byte, depth int) string {
	if t.root == nil {
		return "the store has no root of trust (root-key is missing from meta)"
	}
	id, ok := t.byKey[string(pub)]
	if !ok {
		return "the key belongs to no account"
	}
	u := t.users[id]
	for _, k := range u.Keys {
		if !bytes.Equal(k.Pub, pub) {
			continue
		}
		if len(k.Issuer) == 0 {
			return "pending: no administrator has certified " + u.Username + "'s key yet"
		}
		if len(k.Issuer) != ed25519.PublicKeySize || !ed25519.Verify(k.Issuer, certMessage(u, pub), k.Cert) {
			return "the certificate of " + u.Username + "'s key does not match the account (its name, role or key was changed)"
		}
		if r := t.why(k.Issuer, depth+1); r != "" {
			return "the key that certified " + u.Username + "'s key is not trusted (" + r + ")"
		}
		if iid, ok := t.byKey[string(k.Issuer)]; ok && !bytes.Equal(k.Issuer, t.recovery) && t.users[iid].Role != model.RoleAdmin && !bytes.Equal(k.Issuer, t.root) {
			return "the key of " + u.Username + " was certified by " + t.users[iid].Username + ", who is not an administrator"
		}
		return ""
	}
	return "the key belongs to no account"
}

// pending reports whether a reason from why is only a key not certified yet.
func pending(why string) bool { return strings.HasPrefix(why, "pending:") }

// checkSignatures checks the audit entry at seq (MAC, plaintext, parsed
// entry) against its signature. It returns a problem ("" when none) and a
// note for what is only informative (unsigned before signing began, or
// signed by a key not yet certified).
func (t *trustInfo) checkEntry(sigs *bolt.Bucket, since uint64, seq uint64, mac, plain []byte, e model.AuditEntry, parsed bool) (problem, note string) {
	var sv []byte
	if sigs != nil {
		sv = sigs.Get(u64(seq))
	}
	if sv == nil {
		switch {
		case since != 0 && seq >= since && parsed && e.Action == model.ActTamper:
			return "", "unsigned tamper record (written while refusing a sign-in)"
		case since != 0 && seq >= since:
			return fmt.Sprintf("is not signed although every entry from %d on must be (forged, or its signature removed)", since), ""
		}
		return "", "unsigned (before signing keys)"
	}
	if len(sv) != 16+ed25519.SignatureSize {
		return "has a malformed signature", ""
	}
	signer, sig := model.ID(sv[:16]), sv[16:]
	msg := auditSigMessage(seq, mac, plain)
	if signer.IsZero() {
		if t.recovery == nil || !ed25519.Verify(t.recovery, msg, sig) {
			return "claims to be signed with the recovery key, but the signature does not match", ""
		}
		return "", ""
	}
	u, ok := t.users[signer]
	if !ok {
		return "is signed in the name of an account that does not exist", ""
	}
	var key []byte
	for _, k := range u.Keys {
		if ed25519.Verify(k.Pub, msg, sig) {
			key = k.Pub
			break
		}
	}
	if key == nil {
		return fmt.Sprintf("does not carry a valid signature of %s (forged in their name, or altered)", u.Username), ""
	}
	if parsed && e.User != u.Username && e.Action != model.ActSignInFailed {
		return fmt.Sprintf("names %s but was signed by %s", e.User, u.Username), ""
	}
	if r := t.why(key, 0); r != "" {
		if pending(r) {
			return "", "signed by " + u.Username + " with a key no administrator has certified yet"
		}
		return "is signed by a key that does not chain back to the root: " + r, ""
	}
	return "", ""
}

// signAudit signs the entry just written at seq, and records where signing
// began when this is the first signed entry.
func (sess *Session) signAudit(tx *bolt.Tx, seq uint64, mac, plain []byte) error {
	if sess.signer == nil {
		return nil
	}
	b := tx.Bucket(bAuditSig)
	if b == nil {
		return nil
	}
	if s := sess.store; s.sigsTx == tx {
		s.sigs = append(s.sigs, auditSigJob{seq, auditSigMessage(seq, mac, plain)})
	} else {
		sig := ed25519.Sign(sess.signer, auditSigMessage(seq, mac, plain))
		if err := b.Put(u64(seq), append(append([]byte(nil), sess.signerID[:]...), sig...)); err != nil {
			return err
		}
	}
	m := tx.Bucket(bMeta)
	if m.Get(kSigningSince) == nil {
		return m.Put(kSigningSince, u64(seq))
	}
	return nil
}

// setSigner makes the session sign as userID with seed.
func (sess *Session) setSigner(userID model.ID, seed []byte) {
	if len(seed) != ed25519.SeedSize {
		return
	}
	sess.signer = ed25519.NewKeyFromSeed(seed)
	sess.signerID = userID
}

// signerPub is the session's public key (nil when it signs nothing).
func (sess *Session) signerPub() []byte {
	if sess.signer == nil {
		return nil
	}
	return sess.signer.Public().(ed25519.PublicKey)
}

// newUserKey makes a key pair for u, certified by the session's key (an
// administrator's, or the recovery key's), and appends it to u.Keys. It
// returns the seed to wrap in u's slot.
func (sess *Session) newUserKey(u *model.User) []byte {
	seed := newSeed()
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	k := model.SigningKey{Pub: pub, Created: sess.now()}
	if sess.signer != nil {
		k = certify(sess.signer, *u, pub, k)
	}
	u.Keys = append(u.Keys, k)
	return seed
}

// recertify signs every key of u again with the session's key (after the
// role changed, or to certify keys still pending).
func (sess *Session) recertify(u *model.User) {
	if sess.signer == nil {
		return
	}
	for i, k := range u.Keys {
		u.Keys[i] = certify(sess.signer, *u, k.Pub, k)
	}
}

// certifyPending certifies, as the signed-in administrator, every user key
// that no administrator has certified yet (keys made at a first sign-in
// after signing keys began). Each certification is an audited edit.
func (sess *Session) certifyPending(tx *bolt.Tx) error {
	if sess.signer == nil || sess.user.Role != model.RoleAdmin {
		return nil
	}
	// Only an administrator whose own key is certified certifies others.
	if k := sess.user.CurrentKey(); k == nil || len(k.Issuer) == 0 || !bytes.Equal(k.Pub, sess.signerPub()) {
		return nil
	}
	users, err := sess.usersTx(tx)
	if err != nil {
		return err
	}
	for id, u := range users {
		if id == sess.user.ID {
			continue
		}
		changed := false
		for i, k := range u.Keys {
			if len(k.Issuer) == 0 {
				u.Keys[i] = certify(sess.signer, u, k.Pub, k)
				changed = true
			}
		}
		if changed {
			if err := sess.putRecord(tx, model.KindUser, id, u, model.ActEdit, "signing key of "+u.Username+" certified"); err != nil {
				return err
			}
		}
	}
	return nil
}

// setRecoverySigner makes a recovery-key session sign with the recovery
// key's signing key, when the store has it certified by its root.
func (sess *Session) setRecoverySigner(rk RecoveryKey) {
	priv := recoverySigner(rk)
	pub := priv.Public().(ed25519.PublicKey)
	ok := false
	sess.store.db.View(func(tx *bolt.Tx) error {
		rs := tx.Bucket(bMeta).Get(kRecoverySign)
		ok = len(rs) >= ed25519.PublicKeySize && bytes.Equal(rs[:ed25519.PublicKeySize], pub)
		return nil
	})
	if ok {
		sess.signer, sess.signerID = priv, model.ZeroID
	}
}

// takeOverCertificates certifies again, with the session's key, every key
// that one of former's keys certified (former is no longer an
// administrator, and verify trusts certificates by administrators only).
func (sess *Session) takeOverCertificates(tx *bolt.Tx, former model.User) error {
	if sess.signer == nil {
		return nil
	}
	issued := map[string]bool{}
	for _, k := range former.Keys {
		issued[string(k.Pub)] = true
	}
	users, err := sess.usersTx(tx)
	if err != nil {
		return err
	}
	for id, u := range users {
		if id == former.ID {
			continue
		}
		changed := false
		for i, k := range u.Keys {
			if issued[string(k.Issuer)] {
				u.Keys[i] = certify(sess.signer, u, k.Pub, k)
				changed = true
			}
		}
		if changed {
			if err := sess.putRecord(tx, model.KindUser, id, u, model.ActEdit, "signing key of "+u.Username+" certified again ("+former.Username+" is no longer an administrator)"); err != nil {
				return err
			}
		}
	}
	return nil
}

// auditSigJob is an audit entry's signature to make before the
// transaction commits: its sequence and the signed message.
type auditSigJob struct {
	seq uint64
	msg []byte
}

// signBatch makes the signatures collected in tx (Apply) on every core
// and stores them, as signAudit would have one by one.
func (sess *Session) signBatch(tx *bolt.Tx) error {
	s := sess.store
	jobs := s.sigs
	s.sigs, s.sigsTx = nil, nil
	if len(jobs) == 0 {
		return nil
	}
	sigs := make([][]byte, len(jobs))
	workers := min(runtime.NumCPU(), len(jobs))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(jobs); i += workers {
				sigs[i] = ed25519.Sign(sess.signer, jobs[i].msg)
			}
		}(w)
	}
	wg.Wait()
	b := tx.Bucket(bAuditSig)
	for i, j := range jobs {
		if err := b.Put(u64(j.seq), append(append([]byte(nil), sess.signerID[:]...), sigs[i]...)); err != nil {
			return err
		}
	}
	return nil
}
