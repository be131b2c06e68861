package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// Key rotation: every value re-sealed under a new data key, for when
// someone who held the old one should no longer read what comes next (a
// user who may have copied the file leaves, a laptop is lost, a password
// leaked).
//
// Crash safety. The re-sealed store is built as a new file beside the
// live one (STORE.rotating), synced, and put in place with one rename, as
// a restore does: at every instant the store's path holds the old store,
// whole, or the new one, whole. An in-place scheme would have to keep
// values under two keys at once and a durable record of which is which,
// resumable after a kill at any point: more states, each a way to lose a
// record. The price is disk space for a second copy while it runs; a full
// disk fails the build and leaves the old store as it was.
//
// While the copy runs the old store's write lock is held (bbolt allows one
// writer), so nothing written can be missed; the session's own work waits
// or is refused with ErrRotating, and no other session may be open.
//
// What carries over unchanged: every revision's plaintext, so the revision
// commitments (hashes of plaintexts) and signatures stay valid; every audit
// entry's chain MAC and signature (the MACs were made with the old audit
// key, which the new store keeps sealed under the new key in meta
// retired-keys, with the last entry it covers; entries after the rotation
// use the new one). What is rebuilt: the exact-lookup index (blind keys
// are HMACs under the index key) from the patients' revisions; drafts keep
// their place, found through the retired index key until saved again.
// Users' slots: see vault/rekey.go.

// ErrRotating answers work asked of a session while its store's keys are
// being rotated.
var ErrRotating = model.Errorf(model.Unavailable, "the keys are being rotated: try again when that is done")

// plainMeta are the meta keys whose values are not sealed: rotation
// copies them as they are.
var plainMeta = map[string]bool{
	string(kMagic): true, string(kSchema): true, string(kSalt): true, string(kClinicID): true,
	string(kMRNSeq): true, string(kLastBackup): true, string(kAdminUser): true, string(kRebuild): true,
	string(kSearchCount): true, string(kROISeq): true, string(kDemo): true, string(kRootKey): true,
	string(kRecoverySign): true, string(kSigningSince): true, string(kDefItems): true,
	string(kLanguage): true,
}

var (
	kRetiredKeys = []byte("retired-keys")
	retiredAAD   = []byte("retired-keys")
	errRotated   = errors.New("rotated") // rolls back the old store's transaction after the swap
)

// retiredKeys are the keys of before rotations that the store still needs
// (sealed in meta under the current key).
type retiredKeys struct {
	// Audit are the HMAC keys of the chain before each rotation, in order:
	// entries up to Upto were chained with Key.
	Audit []retiredAudit `json:"audit,omitempty"`
	// Index are the blind-index keys of before, newest first: drafts saved
	// before a rotation are found under them.
	Index [][]byte `json:"index,omitempty"`
}

type retiredAudit struct {
	Upto uint64 `json:"upto"`
	Key  []byte `json:"key"`
}

func (sess *Session) retired(tx *bolt.Tx) retiredKeys {
	var r retiredKeys
	v := tx.Bucket(bMeta).Get(kRetiredKeys)
	if v == nil {
		return r
	}
	if plain, err := sess.keys.Records.Open(v, retiredAAD); err == nil {
		json.Unmarshal(plain, &r)
	}
	return r
}

// auditKeys gives the HMAC key each entry of the chain was made with.
func (sess *Session) auditKeys(tx *bolt.Tx) func(seq uint64) []byte {
	r := sess.retired(tx)
	cur := sess.keys.Audit
	return func(seq uint64) []byte {
		for _, a := range r.Audit {
			if seq <= a.Upto {
				return a.Key
			}
		}
		return cur
	}
}

// draftKeys are the keys a form's draft may be under: the current one
// first, then those under retired index keys.
func (sess *Session) draftKeys(tx *bolt.Tx, form string) [][]byte {
	out := [][]byte{sess.draftKey(form)}
	for _, k := range sess.retired(tx).Index {
		old := &vault.SubKeys{Index: k}
		out = append(out, old.Blind("draft", sess.user.Username+"\x00"+form))
	}
	return out
}

// RotatePlan says what a key rotation does (or did) to the key slots.
type RotatePlan struct {
	// Carried are the active users whose slots get the new key: they sign
	// in with their password as before.
	Carried []string
	// NeedPassword are active users who cannot be given the new key (no
	// signing key certified back to the root): an administrator sets
	// them a new password after the rotation. Each says why.
	NeedPassword []string
	// Disabled are accounts that get no slot at all.
	Disabled []string
	// Recovery says the recovery key opens the new store.
	Recovery bool
	// Values is how many sealed values are re-sealed.
	Values int
	// DroppedLookups counts exact-lookup index entries that matched no
	// patient revision (left out of the new store; verify does not need
	// them, search rebuilds them at the patient's next edit).
	DroppedLookups int
}

// slotTarget is one user slot to write into the rotated store.
type slotTarget struct {
	key  []byte
	user model.User
	pub  []byte
	old  keySlot
}

// rotationPlan works out who gets the new key, in tx (the old store).
func (sess *Session) rotationPlan(tx *bolt.Tx) (RotatePlan, []slotTarget, []byte, error) {
	var plan RotatePlan
	t := sess.loadTrust(tx)
	var targets []slotTarget
	for _, u := range t.users {
		if u.Disabled {
			plan.Disabled = append(plan.Disabled, u.Username)
			continue
		}
		key := userSlotKey(sess.store.salt, u.Username)
		old, found, err := readSlot(tx, key)
		k := u.CurrentKey()
		why := ""
		switch {
		case !found:
			why = "has no key slot"
		case err != nil:
			why = "their key slot is damaged"
		case old.V < slotVersion || old.Sign == nil || k == nil:
			why = "has not signed in since signing keys began"
		case old.UserID != u.ID:
			why = "their key slot names another account"
		default:
			if r := t.why(k.Pub, 0); r != "" {
				why = "their signing key is not certified back to the root (" + r + ")"
			}
		}
		if why != "" {
			plan.NeedPassword = append(plan.NeedPassword, u.Username+": "+why)
			continue
		}
		plan.Carried = append(plan.Carried, u.Username)
		targets = append(targets, slotTarget{key: key, user: u, pub: k.Pub, old: old})
	}
	sort.Strings(plan.Carried)
	sort.Strings(plan.NeedPassword)
	sort.Strings(plan.Disabled)
	plan.Recovery = t.recovery != nil
	for _, name := range [][]byte{bRecords, bAudit, bSearch, bBlobs, bDrafts, bDefQueue, bDefLinks} {
		if b := tx.Bucket(name); b != nil {
			plan.Values += b.Stats().KeyN
		}
	}
	plan.Values += 2 // the audit head and the backup list
	return plan, targets, t.recovery, nil
}

// RotationPlan says, before rotating, who will carry over and who will
// need a new password. Administrators only.
func (svc Admin) RotationPlan() (RotatePlan, error) {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return RotatePlan{}, err
	}
	var plan RotatePlan
	err := sess.view(func(tx *bolt.Tx) error {
		var err error
		plan, _, _, err = sess.rotationPlan(tx)
		return err
	})
	return plan, err
}

// rotateStep is called between RotateKeys's steps; the crash test sets it
// to kill the process there.
var rotateStep = func(step string) {}

// RotateKeys re-seals everything under a new data key (see the top of this
// file), with progress (values done of total) and cancellation: a cancelled
// or failed rotation leaves the old store as it was but for its audit
// entries. It is audited in the old trail before it starts and in the new
// one when done. Administrators only; no other session may be open. The
// session goes on with the new key.
func (svc Admin) RotateKeys(ctx context.Context, progress func(done, total int)) (RotatePlan, error) {
	sess := svc.sess
	s := sess.store
	if err := sess.require(model.PermManageUsers); err != nil {
		return RotatePlan{}, err
	}
	if s.opts.ReadOnly {
		return RotatePlan{}, model.Errorf(model.Invalid, "the store is open read-only")
	}
	if sess.signer == nil {
		return RotatePlan{}, model.Errorf(model.Invalid, "rotating the keys needs your signing key: sign out and sign in again")
	}
	s.liveMu.Lock()
	others := len(s.live)
	if s.live[sess] {
		others--
	}
	s.liveMu.Unlock()
	if others > 0 {
		return RotatePlan{}, model.Errorf(model.Conflict, "someone else is signed in to this store: they must sign out before the keys are rotated")
	}
	plan, err := svc.RotationPlan()
	if err != nil {
		return plan, err
	}
	if !plan.Recovery {
		return plan, model.Errorf(model.Invalid, "this store's recovery key has no certified signing key (the store is older than signing keys), so the recovery key would not open the store after a rotation: nothing was changed")
	}
	err = sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActRotateKeys,
			Detail: fmt.Sprintf("key rotation begun: %d values to re-seal; the new key goes to %s", plan.Values, strings.Join(plan.Carried, ", "))})
	})
	if err != nil {
		return plan, wrap("record the key rotation", err)
	}
	rotateStep("begun")
	sess.beginRotation()
	defer sess.endRotation()

	newDEK := vault.RandomBytes(vault.DataKeyLen)
	newKeys, err := vault.DeriveSubKeys(newDEK)
	if err != nil {
		return plan, err
	}
	tmp := s.path + ".rotating"
	os.Remove(tmp)
	var ndb *bolt.DB
	var outcome error
	err = s.db.Update(func(tx *bolt.Tx) error {
		ndb, outcome = sess.buildRotated(ctx, tx, tmp, newDEK, newKeys, progress, &plan)
		if outcome == nil {
			rotateStep("built")
			if outcome = os.Rename(tmp, s.path); outcome != nil {
				ndb.Close()
				os.Remove(tmp)
				outcome = fmt.Errorf("put the re-sealed store in place: %w", diskErr(outcome))
			}
		}
		if outcome != nil {
			// Recorded in the old store, which stays.
			detail := "key rotation cancelled: the store is unchanged"
			if !errors.Is(outcome, context.Canceled) {
				detail = fmt.Sprintf("key rotation failed (%v): the store is unchanged", outcome)
			}
			return sess.appendAudit(tx, model.AuditEntry{Action: model.ActRotateKeys, Detail: detail, Flagged: !errors.Is(outcome, context.Canceled)})
		}
		syncDir(filepath.Dir(s.path))
		rotateStep("swapped")
		return errRotated
	})
	if outcome != nil {
		vault.Wipe(newDEK)
		return plan, outcome
	}
	if err != errRotated {
		return plan, wrap("rotate the keys", err)
	}
	old := s.db
	s.db = ndb
	old.Close()
	sess.mu.Lock()
	vault.Wipe(sess.dek)
	sess.dek, sess.keys = newDEK, newKeys
	sess.mu.Unlock()
	return plan, nil
}

// beginRotation stops the session's new work (ErrRotating) and waits for
// what is running; endRotation lets it go on.
func (sess *Session) beginRotation() {
	sess.mu.Lock()
	sess.rotating = make(chan struct{})
	sess.mu.Unlock()
	sess.busy.Wait()
}

func (sess *Session) endRotation() {
	sess.mu.Lock()
	close(sess.rotating)
	sess.rotating = nil
	sess.mu.Unlock()
}

// buildRotated writes the re-sealed copy of tx into a new file at tmp and
// syncs it. On failure or cancellation it removes the file.
func (sess *Session) buildRotated(ctx context.Context, tx *bolt.Tx, tmp string, newDEK []byte, nk *vault.SubKeys, progress func(int, int), plan *RotatePlan) (_ *bolt.DB, err error) {
	// Mapped at the old store's size from the start: growing the map as
	// the copy grows would remap it again and again.
	var mapSize int
	if st, err := os.Stat(sess.store.path); err == nil {
		mapSize = int(st.Size())
	}
	ndb, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: mapSize})
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Base(tmp), diskErr(err))
	}
	var w *rewriter
	defer func() {
		if err != nil {
			if w != nil && w.tx != nil {
				w.tx.Rollback()
			}
			ndb.Close()
			os.Remove(tmp)
		}
	}()
	// The file is not the store until it is renamed: one sync at the end.
	ndb.NoSync = true
	p, targets, recoveryPub, err := sess.rotationPlan(tx)
	if err != nil {
		return nil, err
	}
	*plan = p
	w = &rewriter{db: ndb, ctx: ctx, progress: progress, total: plan.Values}
	ok := sess.keys
	// userRevs are the revisions of user records the audit trail commits
	// to (read while its entries are re-sealed), to check each account
	// before it is given the new key.
	userRevs := map[model.ID]userCommit{}
	var seen func(plain []byte)
	reseal := func(what string, v, aad []byte) ([]byte, error) {
		plain, err := ok.Records.Open(v, aad)
		if err != nil {
			return nil, model.Errorf(model.Damaged, "%s does not decrypt: run `dossier verify` and repair the store before rotating its keys", what)
		}
		if seen != nil {
			seen(plain)
		}
		out := nk.Records.Seal(plain, aad)
		vault.Wipe(plain)
		return out, w.tick()
	}
	oldBlind := tx.Bucket(bBlind)
	err = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		path := [][]byte{name}
		if err := w.ensure(path, b.Sequence()); err != nil {
			return err
		}
		switch string(name) {
		case string(bKeys), string(bBlind):
			return nil // written below / rebuilt from the patients' revisions
		case string(bQueues):
			return nil // keyed and sealed under the old key: rebuilt at the next use (queues.go)
		case string(bStats):
			return nil // likewise: the date index is rebuilt at the next use (statsindex.go)
		case string(bRecords):
			return b.ForEachBucket(func(kind []byte) error {
				return sess.rotateKind(w, b.Bucket(kind), kind, nk, oldBlind, reseal, plan)
			})
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return fmt.Errorf("the bucket %s holds a bucket %q this version does not know: nothing was changed", name, k)
			}
			var err error
			switch string(name) {
			case string(bMeta):
				switch string(k) {
				case string(kAuditHead):
					v, err = reseal("the record of the audit trail's end", v, auditHeadAAD)
				case string(kBackupLog):
					v, err = reseal("the list of backups", v, backupLogAAD)
				case string(kBackupPlan):
					v, err = reseal("the backup schedule", v, kBackupPlan)
				case string(kBackupsMade):
					v, err = reseal("the list of past backups", v, kBackupsMade)
				case string(kRetiredKeys):
					return nil // written below
				default:
					// Plain values (counters, public keys, flags) are copied.
					// A key this version does not know may be sealed under the
					// old key: copying it would leave it unreadable.
					if !plainMeta[string(k)] {
						return fmt.Errorf("the store holds a setting %q this version does not know: nothing was changed", k)
					}
				}
			case string(bAudit):
				if len(v) < 32 {
					return model.Errorf(model.Damaged, "audit entry %x is malformed: run `dossier verify` first", k)
				}
				var sealed []byte
				seen = func(plain []byte) { noteUserCommit(userRevs, plain) }
				sealed, err = reseal(fmt.Sprintf("audit entry %x", k), v[32:], append([]byte("audit"), k...))
				seen = nil
				v = append(append([]byte(nil), v[:32]...), sealed...)
			case string(bSearch):
				v, err = reseal("the patient index", v, append([]byte("search"), k...))
			case string(bBlobs):
				v, err = reseal("a page image", v, blobAAD(k))
			case string(bDrafts):
				v, err = reseal("a draft", v, draftAAD(k))
			case string(bDefQueue), string(bDefLinks):
				rekey := rotateDefQueue
				if string(name) == string(bDefLinks) {
					rekey = rotateDefLink
				}
				nk2, nv, err := rekey(ok, nk, k, v)
				if err != nil {
					return err
				}
				if err := w.tick(); err != nil {
					return err
				}
				return w.put(path, nk2, nv)
			case string(bAuditSig), string(bOwner), string(bFailures):
			default:
				return fmt.Errorf("the store holds a bucket %q this version does not know: nothing was changed", name)
			}
			if err != nil {
				return err
			}
			return w.put(path, k, v)
		})
	})
	if err != nil {
		return nil, err
	}
	// Keys of before that the new store still needs.
	r := sess.retired(tx)
	var last uint64
	if k, _ := tx.Bucket(bAudit).Cursor().Last(); len(k) == 8 {
		last = u64v8(k)
	}
	if last > 0 {
		r.Audit = append(r.Audit, retiredAudit{Upto: last, Key: ok.Audit})
	}
	r.Index = append([][]byte{ok.Index}, r.Index...)
	rb, _ := json.Marshal(r)
	if err := w.put([][]byte{bMeta}, kRetiredKeys, nk.Records.Seal(rb, retiredAAD)); err != nil {
		return nil, err
	}
	// The slots: the new key sealed to each active user's certified key,
	// and to the recovery key's.
	carried := plan.Carried[:0]
	for _, t := range targets {
		if why := sess.userRecordAudited(tx, t.user.ID, userRevs); why != "" {
			plan.NeedPassword = append(plan.NeedPassword, t.user.Username+": "+why)
			continue
		}
		carried = append(carried, t.user.Username)
		aad := rekeyAAD(slotAAD(t.key, slotVersion, t.user.ID))
		eph, sealed, err := vault.SealToSigningKey(newDEK, t.pub, aad)
		if err != nil {
			return nil, fmt.Errorf("seal the new key for %s: %w", t.user.Username, err)
		}
		b, _ := json.Marshal(keySlot{V: slotVersion, UserID: t.user.ID, KDF: t.old.KDF, Salt: t.old.Salt, Sign: t.old.Sign, Box: eph, Wrapped: sealed})
		if err := w.put([][]byte{bKeys}, t.key, b); err != nil {
			return nil, err
		}
	}
	plan.Carried = carried
	sort.Strings(plan.NeedPassword)
	eph, sealed, err := vault.SealToSigningKey(newDEK, recoveryPub, rekeyAAD(kRecovery))
	if err != nil {
		return nil, fmt.Errorf("seal the new key for the recovery key: %w", err)
	}
	rs, _ := json.Marshal(keySlot{Salt: vault.RandomBytes(vault.SaltLen), Box: eph, Wrapped: sealed})
	if err := w.put([][]byte{bKeys}, kRecovery, rs); err != nil {
		return nil, err
	}
	if err := w.commit(); err != nil {
		return nil, err
	}
	if progress != nil {
		progress(plan.Values, plan.Values)
	}
	// The new trail records the rotation before the file is put in place.
	ns := &Session{store: sess.store, keys: nk, user: sess.user, signer: sess.signer, signerID: sess.signerID}
	err = ndb.Update(func(ntx *bolt.Tx) error {
		if n := ntx.Bucket(bBlind).Stats().KeyN; n < oldBlind.Stats().KeyN {
			plan.DroppedLookups = oldBlind.Stats().KeyN - n
		}
		detail := fmt.Sprintf("keys rotated: %d values re-sealed under a new data key; the new key went to %s and the recovery key",
			plan.Values, strings.Join(plan.Carried, ", "))
		if len(plan.NeedPassword) > 0 {
			detail += "; an administrator must set a new password for " + strings.Join(plan.NeedPassword, "; ")
		}
		if plan.DroppedLookups > 0 {
			detail += fmt.Sprintf("; %d exact-lookup entries matched no patient revision and were left out", plan.DroppedLookups)
		}
		return ns.appendAudit(ntx, model.AuditEntry{Action: model.ActRotateKeys, Detail: detail, Flagged: len(plan.NeedPassword) > 0})
	})
	if err != nil {
		return nil, fmt.Errorf("record the rotation in the new store: %w", diskErr(err))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := ndb.Sync(); err != nil {
		return nil, fmt.Errorf("write the re-sealed store: %w", diskErr(err))
	}
	ndb.NoSync = false
	return ndb, nil
}

// rotateKind copies one kind's heads and re-seals its revisions; for
// patients it rebuilds the exact-lookup entries each revision had.
func (sess *Session) rotateKind(w *rewriter, kb *bolt.Bucket, kind []byte, nk *vault.SubKeys, oldBlind *bolt.Bucket,
	reseal func(string, []byte, []byte) ([]byte, error), plan *RotatePlan) error {
	if kb == nil {
		return fmt.Errorf("records: %q is not a bucket", kind)
	}
	base := [][]byte{bRecords, kind}
	if err := w.ensure(base, kb.Sequence()); err != nil {
		return err
	}
	return kb.ForEachBucket(func(sub []byte) error {
		path := [][]byte{bRecords, kind, sub}
		b := kb.Bucket(sub)
		if err := w.ensure(path, b.Sequence()); err != nil {
			return err
		}
		switch string(sub) {
		case string(bHeads):
			return b.ForEach(func(k, v []byte) error { return w.put(path, k, v) })
		case string(bRevs):
		default:
			return fmt.Errorf("records %s hold a bucket %q this version does not know: nothing was changed", kind, sub)
		}
		ok := sess.keys
		return b.ForEach(func(k, v []byte) error {
			aad := revAAD(model.Kind(kind), k)
			if model.Kind(kind) == model.KindPatient && oldBlind != nil {
				plain, err := ok.Records.Open(v, aad)
				if err == nil {
					if env, err := parseRevision(plain, k); err == nil {
						var p model.Patient
						if json.Unmarshal(env.Body, &p) == nil && len(k) == 20 {
							p.ID = model.ID(k[:16])
							olds, news := blindKeysWith(ok, p), blindKeysWith(nk, p)
							c := oldBlind.Cursor()
							for i, o := range olds {
								if ck, _ := c.Seek(o); ck != nil && bytes.Equal(ck, o) {
									if err := w.put([][]byte{bBlind}, news[i], nil); err != nil {
										return err
									}
								}
							}
						}
					}
					vault.Wipe(plain)
				}
			}
			sealed, err := reseal(fmt.Sprintf("%s %x revision", kind, k), v, aad)
			if err != nil {
				return err
			}
			return w.put(path, k, sealed)
		})
	})
}

// userCommit is the latest revision of a user record the audit trail
// commits to, with the hash of its plaintext.
type userCommit struct {
	rev  uint32
	hash []byte
}

func noteUserCommit(m map[model.ID]userCommit, plain []byte) {
	if !bytes.Contains(plain, []byte(`"kind":"user"`)) {
		return
	}
	var e model.AuditEntry
	if json.Unmarshal(plain, &e) != nil || e.Kind != model.KindUser || e.Rev == 0 || len(e.Hash) != sha256.Size {
		return
	}
	if c, ok := m[e.Record]; !ok || e.Rev >= c.rev {
		m[e.Record] = userCommit{e.Rev, e.Hash}
	}
}

// userRecordAudited says why an account's record is not the one the audit
// trail last recorded ("" when it is, or when the trail has no commitment
// for it, as in stores older than commitments). An insider holding the old
// key could otherwise set a disabled account back to an earlier, enabled
// revision and have the rotation give it the new key.
func (sess *Session) userRecordAudited(tx *bolt.Tx, id model.ID, commits map[model.ID]userCommit) string {
	c, ok := commits[id]
	if !ok {
		return ""
	}
	heads, revs, err := kindBuckets(tx, model.KindUser, false)
	if err != nil || heads == nil {
		return "their account record cannot be read"
	}
	h, hok := decodeHead(heads.Get(id[:]))
	switch {
	case !hok:
		return "their account record cannot be read"
	case h.rev < c.rev:
		return fmt.Sprintf("their account was set back from revision %d to %d outside Dossier", c.rev, h.rev)
	case h.rev > c.rev:
		return fmt.Sprintf("their account has a revision %d no audit entry recorded (written outside Dossier)", h.rev)
	}
	key := revKey(id, h.rev)
	plain, err := decodeRevisionPlain(sess.keys.Records, model.KindUser, key, revs.Get(key))
	if err != nil {
		return "their account record does not decrypt"
	}
	if sum := sha256.Sum256(plain); !bytes.Equal(sum[:], c.hash) {
		return "their account record is not the one the audit trail recorded (altered outside Dossier)"
	}
	return ""
}

func u64v8(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// rewriter writes the rotated store in transactions of bounded size, so a
// large store is not held in memory at once.
type rewriter struct {
	db       *bolt.DB
	ctx      context.Context
	tx       *bolt.Tx
	buckets  map[string]*bolt.Bucket
	n, size  int
	done     int
	total    int
	progress func(done, total int)
}

func (w *rewriter) begin() error {
	if w.tx != nil {
		return nil
	}
	tx, err := w.db.Begin(true)
	if err != nil {
		return diskErr(err)
	}
	w.tx, w.buckets, w.n, w.size = tx, map[string]*bolt.Bucket{}, 0, 0
	return nil
}

func (w *rewriter) bucket(path [][]byte) (*bolt.Bucket, error) {
	if err := w.begin(); err != nil {
		return nil, err
	}
	name := string(bytes.Join(path, []byte{0}))
	if b := w.buckets[name]; b != nil {
		return b, nil
	}
	b, err := w.tx.CreateBucketIfNotExists(path[0])
	for _, p := range path[1:] {
		if err != nil {
			break
		}
		b, err = b.CreateBucketIfNotExists(p)
	}
	if err != nil {
		return nil, err
	}
	b.FillPercent = 0.9 // written in key order
	w.buckets[name] = b
	return b, nil
}

// ensure makes the bucket (even an empty one) with its sequence.
func (w *rewriter) ensure(path [][]byte, seq uint64) error {
	b, err := w.bucket(path)
	if err != nil {
		return err
	}
	if seq != 0 {
		return b.SetSequence(seq)
	}
	return nil
}

func (w *rewriter) put(path [][]byte, k, v []byte) error {
	b, err := w.bucket(path)
	if err != nil {
		return err
	}
	if err := b.Put(k, v); err != nil {
		return diskErr(err)
	}
	w.n++
	w.size += len(k) + len(v)
	if w.n >= 20000 || w.size >= 32<<20 {
		return w.commit()
	}
	return nil
}

func (w *rewriter) commit() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx, w.buckets = nil, nil
	if err != nil {
		return diskErr(err)
	}
	return w.ctx.Err()
}

// tick counts one value re-sealed, reports progress and checks for Cancel.
func (w *rewriter) tick() error {
	w.done++
	if w.done%512 == 0 {
		if w.progress != nil {
			w.progress(min(w.done, w.total), w.total)
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
