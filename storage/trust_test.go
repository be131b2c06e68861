package storage

// Attacks from issue 12 by someone with an ordinary account and write access
// to the store file: each test edits the bbolt file directly, as a small
// program would, and checks that the attack no longer gets through.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage/internal/backupfile"
	"dossier/storage/internal/boltfile"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

// editFile opens a closed store's file with bbolt and runs fn in a write
// transaction, as an attacker's program would.
func editFile(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func clinicSalt(tx *bolt.Tx) []byte {
	return append([]byte(nil), tx.Bucket(bMeta).Get(kSalt)...)
}

func auditEntries(t *testing.T, sess *Session, f model.AuditFilter) []model.AuditEntry {
	t.Helper()
	es, err := sess.Admin().Audit(f, 0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func hasFlagged(es []model.AuditEntry, act model.Action, detail string) bool {
	for _, e := range es {
		if e.Action == act && e.Flagged && strings.Contains(e.Detail, detail) {
			return true
		}
	}
	return false
}

// Item 1: clerk1's slot pointed at the administrator's ID.
func TestSlotUserSwapGivesNoAdminSession(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	adminID, clerkID := admin.User().ID, clerk.User().ID
	dek := append([]byte(nil), admin.dek...)
	path := s.path
	s.Close()

	var saved []byte // clerk1's genuine slot, for the disabled-account attack
	editFile(t, path, func(tx *bolt.Tx) error {
		key := userSlotKey(clinicSalt(tx), "clerk1")
		saved = append([]byte(nil), tx.Bucket(bKeys).Get(key)...)
		var ks keySlot
		if err := json.Unmarshal(saved, &ks); err != nil {
			return err
		}
		if ks.V != slotVersion {
			t.Errorf("new slot has version %d", ks.V)
		}
		ks.UserID = adminID
		b, _ := json.Marshal(ks)
		return tx.Bucket(bKeys).Put(key, b)
	})
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if sess, err := s2.SignIn("clerk1", testPassword); err == nil {
		t.Fatalf("signed in as %s (%s) through an altered slot", sess.User().Username, sess.User().Role)
	}
	s2.Close()

	// An old-format slot (no user ID in its associated data) with the user
	// changed: it unwraps, so the session's own check must refuse it.
	editFile(t, path, func(tx *bolt.Tx) error {
		key := userSlotKey(clinicSalt(tx), "clerk1")
		salt := vault.RandomBytes(vault.SaltLen)
		kek := vault.DeriveKEK(testPassword, salt, TestKDF)
		w, err := wrapKey(kek, dek, key)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(keySlot{UserID: adminID, KDF: TestKDF, Salt: salt, Wrapped: w})
		return tx.Bucket(bKeys).Put(key, b)
	})
	s3, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s3.SignIn("clerk1", testPassword)
	if err == nil {
		t.Fatalf("old-format slot: signed in as %s (%s)", sess.User().Username, sess.User().Role)
	}
	if model.CodeOf(err) != model.Damaged || !strings.Contains(err.Error(), "altered") {
		t.Errorf("refusal: %v", err)
	}
	a3, err := s3.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if es := auditEntries(t, a3, model.AuditFilter{Action: model.ActTamper}); !hasFlagged(es, model.ActTamper, "clerk1 was altered to open the account of admin") {
		t.Errorf("no flagged tamper entry: %+v", es)
	}

	// A genuine old-format slot still opens, and is re-wrapped as version 2.
	s3.db.Update(func(tx *bolt.Tx) error {
		key := userSlotKey(s3.salt, "clerk1")
		salt := vault.RandomBytes(vault.SaltLen)
		kek := vault.DeriveKEK(testPassword, salt, TestKDF)
		w, _ := wrapKey(kek, dek, key)
		b, _ := json.Marshal(keySlot{UserID: clerkID, KDF: TestKDF, Salt: salt, Wrapped: w})
		return tx.Bucket(bKeys).Put(key, b)
	})
	if c, err := s3.SignIn("clerk1", testPassword); err != nil || c.User().ID != clerkID {
		t.Fatalf("old-format slot: %v", err)
	}
	s3.db.View(func(tx *bolt.Tx) error {
		ks, _, _ := readSlot(tx, userSlotKey(s3.salt, "clerk1"))
		if ks.V != slotVersion {
			t.Errorf("old slot not re-wrapped: version %d", ks.V)
		}
		return nil
	})

	// Disabling removes the slot; putting the old slot back must not let
	// the disabled account in.
	u := clerk.User()
	u.Disabled = true
	if err := a3.Admin().UpdateUser(u, "", "left the clinic"); err != nil {
		t.Fatal(err)
	}
	s3.Close()
	editFile(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bKeys).Put(userSlotKey(clinicSalt(tx), "clerk1"), saved)
	})
	s4, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s4.Close()
	if _, err := s4.SignIn("clerk1", testPassword); !errors.Is(err, ErrUserDisabled) {
		t.Fatalf("disabled account with a slot put back: %v", err)
	}
	a4, _ := s4.SignIn("admin", testPassword)
	if es := auditEntries(t, a4, model.AuditFilter{Action: model.ActTamper}); !hasFlagged(es, model.ActTamper, "disabled account clerk1") {
		t.Errorf("no flagged tamper entry for the disabled account: %+v", es)
	}
}

// Item 3: the end of the audit trail cut, or its head overwritten.
func TestAuditTailCutIsRecorded(t *testing.T) {
	for _, attack := range []string{"cut", "garbage", "no head"} {
		t.Run(attack, func(t *testing.T) {
			s, admin, _ := newTestStore(t)
			for i := 0; i < 3; i++ {
				admin.LogAction(model.ActPrint, "", model.ZeroID, "report")
			}
			path := s.path
			s.Close()
			editFile(t, path, func(tx *bolt.Tx) error {
				switch attack {
				case "cut":
					c := tx.Bucket(bAudit).Cursor()
					for i := 0; i < 2; i++ {
						k, _ := c.Last()
						if err := tx.Bucket(bAudit).Delete(k); err != nil {
							return err
						}
					}
					return nil
				case "garbage":
					return tx.Bucket(bMeta).Put(kAuditHead, []byte("garbage garbage garbage garbage garbage garbage"))
				}
				return tx.Bucket(bMeta).Delete(kAuditHead)
			})
			s2, err := Open(path, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			sess, err := s2.SignIn("admin", testPassword)
			if err != nil {
				t.Fatal(err)
			}
			_, problems, err := sess.Admin().VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) == 0 {
				t.Fatal("audit verify found nothing after the trail's end was tampered with")
			}
			if es := auditEntries(t, sess, model.AuditFilter{Action: model.ActTamper}); !hasFlagged(es, model.ActTamper, "audit trail") {
				t.Errorf("no flagged tamper entry: %+v", es)
			}
			// Later commands keep reporting it: it was not re-anchored away.
			sess.LogAction(model.ActPrint, "", model.ZeroID, "again")
			if _, problems, _ := sess.Admin().VerifyAudit(); len(problems) == 0 {
				t.Error("the tampering vanished from audit verify")
			}
		})
	}
}

// Item 6: hostile key-derivation settings in a slot.
func TestHostileKDFInSlotRefused(t *testing.T) {
	for name, p := range map[string]KDFParams{
		"threads 0":     {MemoryKiB: 64, Time: 1, Threads: 0},
		"memory 2^32-1": {MemoryKiB: 1<<32 - 1, Time: 1, Threads: 1},
		"time 2^32-1":   {MemoryKiB: 64, Time: 1<<32 - 1, Threads: 1},
	} {
		t.Run(name, func(t *testing.T) {
			s, _, _ := newTestStore(t)
			path := s.path
			s.Close()
			setAdminKDF(t, path, p)
			s2, err := Open(path, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			calls := countKDF(t)
			_, err = s2.SignIn("admin", testPassword)
			if model.CodeOf(err) != model.Damaged {
				t.Errorf("sign-in with %+v: %v", p, err)
			}
			if *calls != 0 {
				t.Errorf("derived %d keys with hostile settings", *calls)
			}
		})
	}
}

func setAdminKDF(t *testing.T, path string, p KDFParams) {
	t.Helper()
	editFile(t, path, func(tx *bolt.Tx) error {
		key := userSlotKey(clinicSalt(tx), "admin")
		var ks keySlot
		json.Unmarshal(tx.Bucket(bKeys).Get(key), &ks)
		ks.KDF = p
		b, _ := json.Marshal(ks)
		return tx.Bucket(bKeys).Put(key, b)
	})
}

// countKDF replaces the key derivation with a counting one for the test.
func countKDF(t *testing.T) *int {
	n := new(int)
	orig := deriveKEK
	deriveKEK = func(pw string, salt []byte, p KDFParams) []byte { *n++; lastKDF = p; return orig(pw, salt, p) }
	t.Cleanup(func() { deriveKEK = orig })
	return n
}

var lastKDF KDFParams

// Item 6: a crafted backup (checksum recomputed) with threads=0 in its
// administrator's slot must fail verify and restore without a panic and
// leave nothing behind.
func TestCraftedBackupLeavesNothingBehind(t *testing.T) {
	s, admin, _ := newTestStore(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.backup")
	man, err := admin.Admin().BackupToFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Take the store out of the backup, edit it, and frame it again.
	raw, _ := os.ReadFile(good)
	inner := filepath.Join(dir, "inner.dossier")
	os.WriteFile(inner, raw[backupfile.HeadLen:backupfile.HeadLen+man.Size], 0o600)
	setAdminKDF(t, inner, KDFParams{MemoryKiB: 64, Time: 1, Threads: 0})
	db, _ := os.ReadFile(inner)
	os.Remove(inner)
	sum := sha256.Sum256(db)
	man.Size, man.SHA256 = int64(len(db)), hex.EncodeToString(sum[:])
	var crafted bytes.Buffer
	backupfile.WriteHead(&crafted)
	crafted.Write(db)
	backupfile.WriteTrailer(&crafted, man)
	bad := filepath.Join(dir, "crafted.backup")
	os.WriteFile(bad, crafted.Bytes(), 0o600)

	tmpBefore := tempLeftovers(t)
	cred := Credentials{Username: "admin", Password: testPassword}
	if _, err := VerifyBackup(bad, cred); err == nil {
		t.Fatal("a crafted backup verified")
	}
	// Into an empty folder, and over the live store.
	empty := t.TempDir()
	if _, _, err := RestoreBackup(bad, filepath.Join(empty, "clinic.dossier"), cred, RestoreOptions{}); err == nil {
		t.Fatal("a crafted backup was restored")
	}
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	s.Close()
	if _, _, err := RestoreBackup(bad, s.path, cred, RestoreOptions{}); err == nil {
		t.Fatal("a crafted backup was restored over the live store")
	}
	if left, _ := os.ReadDir(filepath.Dir(s.path)); len(left) != 1 {
		t.Errorf("left behind beside the store: %v", left)
	}
	if after := tempLeftovers(t); after > tmpBefore {
		t.Errorf("%d temporary folders left behind", after-tmpBefore)
	}
}

func tempLeftovers(t *testing.T) int {
	m, _ := filepath.Glob(filepath.Join(os.TempDir(), "dossier-verify-*"))
	return len(m)
}

// Item 7: a store cut short must be refused at open, never written.
func TestTruncatedStoreRefused(t *testing.T) {
	s, admin, _ := newTestStore(t)
	var pages []NewPage
	for i := 0; i < 10; i++ {
		pages = append(pages, fakePage(string(rune('a'+i)), 1<<20))
	}
	if _, err := addUser(t, admin, "clerk1", model.RoleClerk).Pages().Import(model.ZeroID, pages); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	st, _ := os.Stat(path)
	full := st.Size()
	if full < 8<<20 {
		t.Fatalf("store only %d bytes", full)
	}
	orig, _ := os.ReadFile(path)
	f, _ := os.Open(path)
	m0, ok0 := boltfile.ReadMeta(f, 0)
	m1, ok1 := boltfile.ReadMeta(f, int64(m0.PageSize))
	f.Close()
	if !ok0 || !ok1 {
		t.Fatal("meta pages do not read")
	}
	m := max(m0.PGID, m1.PGID)
	need := int64(m) * int64(m0.PageSize)
	if need > full || need < 8<<20 {
		t.Fatalf("high-water mark %d bytes, file %d", need, full)
	}
	for _, size := range []int64{1 << 20, 2 << 20, 4 << 20, 6 << 20, need - int64(m0.PageSize), 10000, 4096} {
		cut := filepath.Join(t.TempDir(), "cut.dossier")
		os.WriteFile(cut, orig[:size], 0o600)
		for _, ro := range []bool{false, true} {
			o := testOptions()
			o.ReadOnly = ro
			st, err := Open(cut, o)
			if err == nil {
				st.Close()
				t.Errorf("%d bytes (read-only %v): opened", size, ro)
				continue
			}
			if model.CodeOf(err) != model.Damaged {
				t.Errorf("%d bytes: %v", size, err)
			}
			if size > 8192 && (!strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "dossier restore --from")) {
				t.Errorf("%d bytes: message %q", size, err)
			}
		}
		got, _ := os.ReadFile(cut)
		if !bytes.Equal(got, orig[:size]) {
			t.Errorf("%d bytes: the file was written to", size)
		}
	}
	// The whole file still opens.
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

// Item 8: a password typed into the username box must not reach the disk.
func TestFailedSignInKeepsNoUsername(t *testing.T) {
	s, _, _ := newTestStore(t)
	typed := "Tr0ub4dor&3-secret"
	s.SignIn(typed, "whatever password")
	s.SignIn("admin", "wrong password")
	s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bFailures).ForEach(func(k, v []byte) error {
			if bytes.Contains(bytes.ToLower(v), []byte(strings.ToLower(typed))) || bytes.Contains(v, []byte(`"admin"`)) {
				t.Errorf("failure kept in plain text: %s", v)
			}
			return nil
		})
	})
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	es := auditEntries(t, sess, model.AuditFilter{Action: model.ActSignInFailed})
	var admins, unknown int
	for _, e := range es {
		if strings.Contains(e.Detail, strings.ToLower(typed)) || strings.Contains(e.User, strings.ToLower(typed)) {
			t.Errorf("typed text in the trail: %+v", e)
		}
		switch e.User {
		case "admin":
			admins++
		case "(unknown user)":
			unknown++
		}
	}
	if admins != 1 || unknown != 1 || sess.FailedSignInsSinceLast() != 2 {
		t.Errorf("failures: admin %d, unknown %d, told %d: %+v", admins, unknown, sess.FailedSignInsSinceLast(), es)
	}
}

// Item 9: an unknown username costs the same derivation as a real one.
func TestUnknownUserCostsARealDerivation(t *testing.T) {
	s, _, _ := newTestStore(t)
	calls := countKDF(t)
	s.SignIn("nobody", "some password")
	if *calls != 1 || lastKDF != TestKDF {
		t.Errorf("unknown user: %d derivations with %+v, want 1 with the store's %+v", *calls, lastKDF, TestKDF)
	}
	*calls = 0
	s.SignIn("admin", "wrong password")
	if *calls != 1 || lastKDF != TestKDF {
		t.Errorf("real user: %d derivations with %+v", *calls, lastKDF)
	}
}

// Item 2: restore needs an administrator of the live store, and refuses
// another clinic's backup unless told.
func TestRestoreNeedsLiveAdministrator(t *testing.T) {
	s, admin, rk := newTestStore(t)
	addUser(t, admin, "clerk1", model.RoleClerk)
	boss := addUser(t, admin, "admin2", model.RoleAdmin)
	backup := filepath.Join(t.TempDir(), "b.backup")
	if _, err := admin.Admin().BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	u := boss.User()
	u.Disabled = true
	if err := admin.Admin().UpdateUser(u, "", "left"); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()

	if _, _, err := RestoreBackup(backup, path, Credentials{Username: "clerk1", Password: testPassword}, RestoreOptions{}); model.CodeOf(err) != model.Denied {
		t.Fatalf("clerk restored: %v", err)
	}
	if _, _, err := RestoreBackup(backup, path, Credentials{Username: "admin2", Password: testPassword}, RestoreOptions{}); model.CodeOf(err) != model.Denied {
		t.Fatalf("disabled administrator restored: %v", err)
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 1 {
		t.Errorf("left behind: %v", left)
	}

	// Another clinic's backup.
	otherPath := filepath.Join(t.TempDir(), "other.dossier")
	os2, osess, _, err := Create(otherPath, model.DefaultClinic("Other Clinic", "KHC"), model.User{Username: "admin", FullName: "O"}, testPassword, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	otherBackup := filepath.Join(t.TempDir(), "other.backup")
	if _, err := osess.Admin().BackupToFile(otherBackup); err != nil {
		t.Fatal(err)
	}
	os2.Close()
	cred := Credentials{Username: "admin", Password: testPassword}
	if _, _, err := RestoreBackup(otherBackup, path, cred, RestoreOptions{}); model.CodeOf(err) != model.Conflict || !strings.Contains(err.Error(), "another clinic") {
		t.Fatalf("another clinic's backup: %v", err)
	}

	// The administrator may; both trails record it.
	_, kept, err := RestoreBackup(backup, path, cred, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{kept, path} {
		st, err := Open(p, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		sess, err := st.SignIn("admin", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if es := auditEntries(t, sess, model.AuditFilter{Action: model.ActRestoreBackup}); len(es) != 1 {
			t.Errorf("%s: restore entries %+v", filepath.Base(p), es)
		}
		if p == kept {
			if es := auditEntries(t, sess, model.AuditFilter{FlaggedOnly: true}); !hasFlagged(es, model.ActDenied, "back up and restore") || !hasFlagged(es, model.ActDenied, "another clinic") {
				t.Errorf("refusals not flagged in the live trail: %+v", es)
			}
		}
		st.Close()
	}
	// The live store's recovery key also authorizes.
	if _, _, err := RestoreBackup(backup, path, Credentials{Recovery: rk}, RestoreOptions{}); err != nil {
		t.Fatalf("recovery key: %v", err)
	}
	// With the flag, another clinic's backup is restored.
	if _, _, err := RestoreBackup(otherBackup, path, cred, RestoreOptions{OtherClinic: true}); err != nil {
		t.Fatalf("--other-clinic: %v", err)
	}
}

// Item 12: restricted refusals flagged, verify audited, sign-out at Close.
func TestSmallerGaps(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	p := samplePatient("Hidden", "Person")
	p.Restricted = true
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	if _, _, err := clerk.Patients().Get(p.ID); !errors.Is(err, ErrRestricted) {
		t.Fatalf("clerk opened a restricted record: %v", err)
	}
	if _, err := clerk.Encounters().Timeline(p.ID); !errors.Is(err, ErrRestricted) {
		t.Fatalf("clerk read a restricted time line: %v", err)
	}
	es := auditEntries(t, admin, model.AuditFilter{Action: model.ActDenied, Record: p.ID})
	if len(es) != 2 || !es[0].Flagged || !es[1].Flagged {
		t.Errorf("restricted refusals: %+v", es)
	}
	if _, _, err := admin.Admin().VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	if es := auditEntries(t, admin, model.AuditFilter{Action: model.ActVerify}); len(es) != 1 {
		t.Errorf("audit verify not audited: %+v", es)
	}
	path := s.path
	s.Close()
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	a2, _ := s2.SignIn("admin", testPassword)
	if es := auditEntries(t, a2, model.AuditFilter{Action: model.ActSignOut}); len(es) != 2 {
		t.Errorf("sessions open at Close not signed out: %+v", es)
	}
}

// Item 9 of the brief: dossier verify of the live store names what is
// missing or altered.
func TestVerifyStoreNamesWhatIsMissing(t *testing.T) {
	s, admin, _ := newTestStore(t)
	a, b := samplePatient("Amina", "Nakato"), samplePatient("Peter", "Okello")
	for _, p := range []*model.Patient{&a, &b} {
		if err := admin.Patients().Register(p); err != nil {
			t.Fatal(err)
		}
	}
	a.Phone = "+256 772 000111"
	if err := admin.Patients().Update(a, 1, "new phone"); err != nil {
		t.Fatal(err)
	}
	rep, err := admin.Admin().VerifyStore(context.Background(), nil)
	if err != nil || !rep.OK() || rep.Records < 3 {
		t.Fatalf("intact store: %v %+v", err, rep)
	}
	path := s.path
	s.Close()
	editFile(t, path, func(tx *bolt.Tx) error {
		pb := tx.Bucket(bRecords).Bucket([]byte(model.KindPatient))
		if err := pb.Bucket(bRevs).Delete(revKey(a.ID, 2)); err != nil { // latest revision removed, head left
			return err
		}
		k := revKey(b.ID, 1)
		v := append([]byte(nil), pb.Bucket(bRevs).Get(k)...)
		v[len(v)-1] ^= 1 // a revision altered
		return pb.Bucket(bRevs).Put(k, v)
	})
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	sess, err := s2.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = sess.Admin().VerifyStore(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rep.Problems, "\n")
	if !strings.Contains(all, fmt.Sprintf("patient %x: revision 2 of 2 is missing", a.ID[:])) ||
		!strings.Contains(all, fmt.Sprintf("patient %x revision 1 does not decrypt", b.ID[:])) {
		t.Errorf("problems:\n%s", all)
	}
	if es := auditEntries(t, sess, model.AuditFilter{Action: model.ActVerify}); len(es) != 2 || !es[0].Flagged {
		t.Errorf("verify entries: %+v", es)
	}
}

// Item 2: when the live store is too damaged to sign in to, only the
// recovery key may replace it.
func TestRestoreOverDamagedStoreNeedsRecoveryKey(t *testing.T) {
	s, admin, rk := newTestStore(t)
	backup := filepath.Join(t.TempDir(), "b.backup")
	if _, err := admin.Admin().BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, raw[:len(raw)/4], 0o600)
	if _, _, err := RestoreBackup(backup, path, Credentials{Username: "admin", Password: testPassword}, RestoreOptions{}); model.CodeOf(err) != model.Denied || !strings.Contains(err.Error(), "recovery key") {
		t.Fatalf("password over a damaged store: %v", err)
	}
	_, kept, err := RestoreBackup(backup, path, Credentials{Recovery: rk}, RestoreOptions{})
	if err != nil || kept == "" {
		t.Fatalf("recovery key: %v %q", err, kept)
	}
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	os.Remove(kept) // the damaged file, kept aside; the cleanup checks only the store
}
