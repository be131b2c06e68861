package storage

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage/internal/backupfile"

	bolt "go.etcd.io/bbolt"
)

func verifyStore(t *testing.T, sess *Session) VerifyReport {
	t.Helper()
	rep, err := sess.Admin().VerifyStore(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func hasProblem(rep VerifyReport, want string) bool {
	for _, p := range rep.Problems {
		if strings.Contains(p, want) {
			return true
		}
	}
	return false
}

// forgeAudit is the insider's tool: with the data key of their own session
// it appends an entry in anyone's name, recomputing the HMAC chain and the
// sealed head, and optionally writes a signature record beside it.
func forgeAudit(t *testing.T, insider *Session, e model.AuditEntry, sig func(seq uint64, mac, plain []byte) []byte) uint64 {
	t.Helper()
	fake := &Session{store: insider.store, keys: insider.keys, user: model.User{Username: e.User}}
	var seq uint64
	err := insider.store.db.Update(func(tx *bolt.Tx) error {
		if err := fake.appendAuditRaw(tx, e); err != nil {
			return err
		}
		k, v := tx.Bucket(bAudit).Cursor().Last()
		seq = u64v(k)
		if sig != nil {
			plain, err := insider.keys.Records.Open(v[32:], append([]byte("audit"), k...))
			if err != nil {
				return err
			}
			return tx.Bucket(bAuditSig).Put(k, sig(seq, v[:32], plain))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func u64v(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

func TestSigningKeysAndRootOfTrust(t *testing.T) {
	s, admin, _ := newTestStore(t)
	fp := s.RootFingerprint()
	if len(fp) != 26+6 || !SameFingerprint(fp, strings.ToLower(strings.ReplaceAll(fp, "-", " "))) {
		t.Fatalf("root fingerprint %q", fp)
	}
	if k := admin.User().CurrentKey(); k == nil || Fingerprint(k.Pub) != fp {
		t.Fatalf("the first administrator's key is not the root")
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	k := clerk.User().CurrentKey()
	if k == nil || !ed25519.Verify(admin.signerPub(), certMessage(clerk.User(), k.Pub), k.Cert) {
		t.Fatal("the clerk's key is not certified by the administrator who created them")
	}
	register(t, clerk)
	rep := verifyStore(t, admin)
	if !rep.OK() || rep.RootFingerprint != fp {
		t.Fatalf("problems in an honest store: %v (root %s)", rep.Problems, rep.RootFingerprint)
	}
	// Every entry is signed.
	s.db.View(func(tx *bolt.Tx) error {
		if a, g := tx.Bucket(bAudit).Stats().KeyN, tx.Bucket(bAuditSig).Stats().KeyN; a != g {
			t.Errorf("%d entries, %d signatures", a, g)
		}
		return nil
	})
	// The slot holds the private half bound to the slot and user: moved
	// into another slot it no longer opens, and the sign-in is refused.
	s.db.Update(func(tx *bolt.Tx) error {
		var ca, cc keySlot
		kb := tx.Bucket(bKeys)
		json.Unmarshal(kb.Get(userSlotKey(s.salt, "admin")), &ca)
		json.Unmarshal(kb.Get(userSlotKey(s.salt, "clerk1")), &cc)
		cc.Sign = ca.Sign
		b, _ := json.Marshal(cc)
		return kb.Put(userSlotKey(s.salt, "clerk1"), b)
	})
	if _, err := s.SignIn("clerk1", testPassword); err == nil {
		t.Fatal("a slot with another user's wrapped signing key signed in")
	}
}

// The attack of item 5: an insider with the data key recomputes the HMAC
// chain and the head and writes entries in the administrator's name.
// Before signing keys `audit verify` said the trail was intact.
func TestForgedAuditEntriesInAnotherName(t *testing.T) {
	for _, c := range []struct {
		name string
		sig  func(clerk *Session, admin model.User) func(uint64, []byte, []byte) []byte
		want string
	}{
		{"unsigned", func(*Session, model.User) func(uint64, []byte, []byte) []byte { return nil }, "is not signed"},
		{"signed by the clerk, claiming the administrator", func(clerk *Session, admin model.User) func(uint64, []byte, []byte) []byte {
			return func(seq uint64, mac, plain []byte) []byte {
				return append(append([]byte(nil), admin.ID[:]...), ed25519.Sign(clerk.signer, auditSigMessage(seq, mac, plain))...)
			}
		}, "does not carry a valid signature of admin"},
		{"signed by the clerk as the clerk", func(clerk *Session, admin model.User) func(uint64, []byte, []byte) []byte {
			return func(seq uint64, mac, plain []byte) []byte {
				id := clerk.User().ID
				return append(append([]byte(nil), id[:]...), ed25519.Sign(clerk.signer, auditSigMessage(seq, mac, plain))...)
			}
		}, "names admin but was signed by clerk1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, admin, _ := newTestStore(t)
			clerk := addUser(t, admin, "clerk1", model.RoleClerk)
			forgeAudit(t, clerk, model.AuditEntry{User: "admin", Action: model.ActCreate, Kind: model.KindUser, Detail: "account for Mallory"},
				c.sig(clerk, admin.User()))
			_, probs, err := admin.Admin().VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range probs {
				found = found || strings.Contains(p.Problem, c.want)
			}
			if !found {
				t.Fatalf("forged entry not caught (want %q): %v", c.want, probs)
			}
			if rep := verifyStore(t, admin); !hasProblem(rep, c.want) {
				t.Fatalf("dossier verify did not catch it: %v", rep.Problems)
			}
		})
	}
}

// Removing a signature, or the record of where signing began, is caught.
func TestSignatureRemovalCaught(t *testing.T) {
	s, admin, _ := newTestStore(t)
	addUser(t, admin, "clerk1", model.RoleClerk)
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bAuditSig).Delete(u64(3)) })
	if rep := verifyStore(t, admin); !hasProblem(rep, "entry 3: is not signed") {
		t.Fatalf("removed signature not caught: %v", rep.Problems)
	}
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(kSigningSince) })
	if rep := verifyStore(t, admin); !hasProblem(rep, "signing-since") {
		t.Fatalf("removed signing-since not caught: %v", rep.Problems)
	}
}

// An insider who raises their own role in their user record (sealing it
// with the data key) breaks their certificate; one who swaps the root key
// in meta is caught by the fingerprint on the recovery sheet.
func TestCertificateAndRootTampering(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	u := clerk.User()
	u.Role = model.RoleAdmin
	if err := clerk.update(func(tx *bolt.Tx) error {
		return clerk.putRecord(tx, model.KindUser, u.ID, u, model.ActEdit, "promotion")
	}); err != nil {
		t.Fatal(err)
	}
	if rep := verifyStore(t, admin); !hasProblem(rep, "certificate of clerk1's key does not match") {
		t.Fatalf("raised role not caught: %v", rep.Problems)
	}

	fp := s.RootFingerprint()
	_, other, _ := ed25519.GenerateKey(nil)
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kRootKey, other.Public().(ed25519.PublicKey))
	})
	rep := verifyStore(t, admin)
	if SameFingerprint(rep.RootFingerprint, fp) || !hasProblem(rep, "does not chain back to the root") {
		t.Fatalf("swapped root not caught: %s vs %s, %v", rep.RootFingerprint, fp, rep.Problems)
	}
}

// A password reset by an administrator or with the recovery key makes a
// new, certified key; the trail still verifies.
func TestNewKeysAfterResets(t *testing.T) {
	s, admin, rk := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	u := clerk.User()
	if err := admin.Admin().UpdateUser(u, "another password", "forgot it"); err != nil {
		t.Fatal(err)
	}
	c2, err := s.SignIn("clerk1", "another password")
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.User().Keys) != 2 || c2.signerID != u.ID {
		t.Fatalf("keys after reset: %d", len(c2.User().Keys))
	}
	u.Role = model.RoleSupervisor
	if err := admin.Admin().UpdateUser(c2.User(), "", "promoted"); err != nil {
		t.Fatal(err)
	}
	// A second administrator certifies a user, then is demoted: the
	// certificates they issued are taken over.
	admin2 := addUser(t, admin, "admin2", model.RoleAdmin)
	if _, err := admin2.Admin().CreateUser(model.User{Username: "clerk2", FullName: "Clerk Two", Role: model.RoleClerk}, testPassword); err != nil {
		t.Fatal(err)
	}
	coder, err := s.SignIn("clerk2", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	register(t, coder)
	demoted := admin2.User()
	demoted.Role = model.RoleClerk
	if err := admin.Admin().UpdateUser(demoted, "", "left the office"); err != nil {
		t.Fatal(err)
	}
	if rep := verifyStore(t, admin); !rep.OK() {
		t.Fatalf("problems after a demotion: %v", rep.Problems)
	}
	if _, err := s.RecoverWithKey(rk, "admin", "brand new password"); err != nil {
		t.Fatal(err)
	}
	a2, err := s.SignIn("admin", "brand new password")
	if err != nil {
		t.Fatal(err)
	}
	register(t, a2)
	if rep := verifyStore(t, a2); !rep.OK() {
		t.Fatalf("problems after resets: %v", rep.Problems)
	}
}

// A store made before signing keys: users get a key at their next sign-in,
// the first administrator's becomes the root and certifies the others;
// older entries are reported as unsigned, not as problems.
func TestSigningKeysMigration(t *testing.T) {
	s, admin, _ := newTestStore(t)
	addUser(t, admin, "clerk1", model.RoleClerk)
	// Make it look like a store from before signing keys.
	err := s.db.Update(func(tx *bolt.Tx) error {
		old := &Session{store: s, keys: admin.keys, user: admin.User()}
		users, err := old.usersTx(tx)
		if err != nil {
			return err
		}
		for id, u := range users {
			u.Keys = nil
			if err := old.putRecord(tx, model.KindUser, id, u, model.ActEdit, "old"); err != nil {
				return err
			}
		}
		kb := tx.Bucket(bKeys)
		c := kb.Cursor()
		var keys [][]byte
		for k, _ := c.Seek([]byte("u:")); k != nil && strings.HasPrefix(string(k), "u:"); k, _ = c.Next() {
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			var ks keySlot
			json.Unmarshal(kb.Get(k), &ks)
			ks.Sign = nil
			b, _ := json.Marshal(ks)
			kb.Put(k, b)
		}
		for _, k := range [][]byte{kRootKey, kRecoverySign, kSigningSince} {
			tx.Bucket(bMeta).Delete(k)
		}
		if err := tx.DeleteBucket(bAuditSig); err != nil {
			return err
		}
		_, err = tx.CreateBucket(bAuditSig)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.RootFingerprint() != "" {
		t.Fatal("root left")
	}
	clerk, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if k := clerk.User().CurrentKey(); k == nil || len(k.Issuer) != 0 {
		t.Fatalf("the clerk's migrated key should wait for an administrator: %+v", k)
	}
	register(t, clerk)
	a2, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if s.RootFingerprint() == "" || Fingerprint(a2.User().CurrentKey().Pub) != s.RootFingerprint() {
		t.Fatal("the first administrator's key did not become the root")
	}
	rep := verifyStore(t, a2)
	if !rep.OK() {
		t.Fatalf("problems after migration: %v", rep.Problems)
	}
	notes := strings.Join(rep.Notes, "; ")
	if !strings.Contains(notes, "unsigned (before signing keys)") {
		t.Fatalf("notes: %s", notes)
	}
	// The clerk's key is certified now, so a second sign-in signs with a
	// trusted key.
	if _, err := s.SignIn("clerk1", testPassword); err != nil {
		t.Fatal(err)
	}
	if rep := verifyStore(t, a2); !rep.OK() {
		t.Fatalf("problems: %v", rep.Problems)
	}
}

func register(t *testing.T, sess *Session) {
	t.Helper()
	p := samplePatient("Amina", "Okello")
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
}

// Issue 12, item 4: the audit entry of every write commits to the revision
// it wrote. Each attack below passed `dossier verify` before.
func TestRevisionCommitments(t *testing.T) {
	setup := func(t *testing.T) (*Store, *Session, model.ID) {
		s, admin, _ := newTestStore(t)
		p := samplePatient("Amina", "Okello")
		if err := admin.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
		p.Phone = "+256 700 000000"
		if err := admin.update(func(tx *bolt.Tx) error {
			return admin.putRecord(tx, model.KindPatient, p.ID, p, model.ActEdit, "new phone")
		}); err != nil {
			t.Fatal(err)
		}
		if rep := verifyStore(t, admin); !rep.OK() {
			t.Fatalf("honest store: %v", rep.Problems)
		}
		return s, admin, p.ID
	}
	buckets := func(tx *bolt.Tx) (heads, revs *bolt.Bucket) {
		kb := tx.Bucket(bRecords).Bucket([]byte(model.KindPatient))
		return kb.Bucket(bHeads), kb.Bucket(bRevs)
	}
	t.Run("whole record removed", func(t *testing.T) {
		s, admin, id := setup(t)
		s.db.Update(func(tx *bolt.Tx) error {
			heads, revs := buckets(tx)
			heads.Delete(id[:])
			revs.Delete(revKey(id, 1))
			return revs.Delete(revKey(id, 2))
		})
		if rep := verifyStore(t, admin); !hasProblem(rep, "revision 1 is recorded in the audit trail but missing") {
			t.Fatalf("not caught: %v", rep.Problems)
		}
	})
	t.Run("latest revision removed, head moved back", func(t *testing.T) {
		s, admin, id := setup(t)
		s.db.Update(func(tx *bolt.Tx) error {
			heads, revs := buckets(tx)
			heads.Put(id[:], head{rev: 1}.encode())
			return revs.Delete(revKey(id, 2))
		})
		if rep := verifyStore(t, admin); !hasProblem(rep, "revision 2 is recorded in the audit trail but missing") {
			t.Fatalf("not caught: %v", rep.Problems)
		}
	})
	t.Run("revision replaced with the data key", func(t *testing.T) {
		s, admin, id := setup(t)
		s.db.Update(func(tx *bolt.Tx) error {
			_, revs := buckets(tx)
			k := revKey(id, 1)
			env, err := decodeRevision(admin.keys.Records, model.KindPatient, k, revs.Get(k))
			if err != nil {
				return err
			}
			env.Body = []byte(strings.Replace(string(env.Body), "Amina", "Alice", 1))
			plain, _ := json.Marshal(env)
			return revs.Put(k, admin.keys.Records.Seal(plain, revAAD(model.KindPatient, k)))
		})
		if rep := verifyStore(t, admin); !hasProblem(rep, "revision 1 is not the revision the audit trail recorded") {
			t.Fatalf("not caught: %v", rep.Problems)
		}
	})
	t.Run("record added outside Dossier", func(t *testing.T) {
		s, admin, _ := setup(t)
		id := model.NewID()
		s.db.Update(func(tx *bolt.Tx) error {
			heads, revs := buckets(tx)
			k := revKey(id, 1)
			plain, _ := json.Marshal(envelope{Meta: model.Revision{Rev: 1, User: "admin", Op: model.ActCreate}, Body: []byte(`{"givenName":"Ghost"}`)})
			revs.Put(k, admin.keys.Records.Seal(plain, revAAD(model.KindPatient, k)))
			return heads.Put(id[:], head{rev: 1}.encode())
		})
		if rep := verifyStore(t, admin); !hasProblem(rep, "exists without its audited creation") {
			t.Fatalf("not caught: %v", rep.Problems)
		}
	})
}

// Issue 12, item 10: the manifest is signed by the user who made the
// backup and names the audit chain's head; a forged author or date, a
// stripped signature, or a trail cut inside the backup is caught.
func TestSignedBackupManifest(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	register(t, clerk)
	path := filepath.Join(t.TempDir(), "b.dbak")
	man, err := admin.Admin().BackupToFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Sig) == 0 || man.AuditSeq == 0 {
		t.Fatalf("manifest not signed: %+v", man)
	}
	cred := Credentials{Username: "admin", Password: testPassword}
	rep, err := VerifyBackup(path, cred)
	if err != nil || !rep.OK() {
		t.Fatalf("honest backup: %v %v", err, rep.Problems)
	}
	rewrite := func(t *testing.T, edit func(*Manifest)) string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := backupfile.ReadLayout(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		edit(&m)
		var out bytes.Buffer
		out.Write(data[:backupfile.HeadLen+m.Size])
		backupfile.WriteTrailer(&out, m)
		p := filepath.Join(t.TempDir(), "forged.dbak")
		os.WriteFile(p, out.Bytes(), 0o600)
		return p
	}
	for _, c := range []struct {
		name string
		edit func(*Manifest)
		want string
	}{
		{"author forged", func(m *Manifest) { m.By = "clerk1" }, "says it was made by clerk1 but is signed by admin"},
		{"date forged", func(m *Manifest) { m.Created = m.Created.AddDate(0, -1, 0) }, "signature does not match"},
		{"signature stripped", func(m *Manifest) { m.Sig, m.Signer = nil, "" }, "not signed although"},
		{"chain head moved back", func(m *Manifest) { m.AuditSeq-- }, "signature does not match"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := VerifyBackup(rewrite(t, c.edit), cred)
			if err != nil {
				t.Fatal(err)
			}
			if !hasProblem(rep, c.want) {
				t.Fatalf("not caught (want %q): %v", c.want, rep.Problems)
			}
		})
	}
}
