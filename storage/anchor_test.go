package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage/internal/backupfile"

	bolt "go.etcd.io/bbolt"
)

// cutTail is the insider's tool: holding the data key and their own
// signing key (their session), it deletes every audit entry from seq on
// with its signature, then appends n entries of its own, which re-chains
// the HMACs, re-seals the recorded end and signs with the insider's key.
func cutTail(t *testing.T, insider *Session, from uint64, n int) {
	t.Helper()
	err := insider.store.db.Update(func(tx *bolt.Tx) error {
		a, sigs := tx.Bucket(bAudit), tx.Bucket(bAuditSig)
		var keys [][]byte
		c := a.Cursor()
		for k, _ := c.Seek(u64(from)); k != nil; k, _ = c.Next() {
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			a.Delete(k)
			sigs.Delete(k)
		}
		if n == 0 { // re-anchor the head on the last entry left
			k, v := a.Cursor().Last()
			return tx.Bucket(bMeta).Put(kAuditHead, insider.keys.Records.Seal(append(append([]byte(nil), k...), v[:32]...), auditHeadAAD))
		}
		for i := 0; i < n; i++ {
			if err := insider.appendAuditRaw(tx, model.AuditEntry{Action: model.ActView, Detail: "nothing to see"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func lastSeq(t *testing.T, sess *Session) uint64 {
	var n uint64
	sess.store.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bAudit).Cursor().Last()
		n = binary.BigEndian.Uint64(k)
		return nil
	})
	return n
}

// The end of the trail anchored outside the store: an insider who cuts the
// tail and re-anchors and re-signs it passes every check inside the file,
// and is caught by the signed head of a backup made before.
func TestAuditCutCaughtByBackupHead(t *testing.T) {
	for _, attack := range []string{"cut", "cut and re-grown", "cut, backup list removed"} {
		t.Run(attack, func(t *testing.T) {
			_, admin, _ := newTestStore(t)
			clerk := addUser(t, admin, "clerk1", model.RoleClerk)
			register(t, admin)
			for i := 0; i < 4; i++ {
				clerk.LogAction(model.ActView, "", model.ZeroID, "looked")
			}
			backup := filepath.Join(t.TempDir(), "monday.dbak")
			man, err := admin.Admin().BackupToFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			// A clean store with its backup verifies, compared with it.
			rep := verifyStore(t, admin)
			if !rep.OK() || len(rep.Anchors) != 1 || !strings.Contains(rep.Anchors[0], "monday.dbak") {
				t.Fatalf("clean store: %v anchors %v notes %v", rep.Problems, rep.Anchors, rep.Notes)
			}
			clerk.LogAction(model.ActView, "", model.ZeroID, "looked again")

			grow := 0
			if attack == "cut and re-grown" {
				grow = 20
			}
			cutTail(t, clerk, man.AuditSeq-2, grow)
			if attack == "cut, backup list removed" {
				editFile0(t, clerk, func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(kBackupLog) })
				// Inside the file nothing shows any more: the gap the
				// backup closes.
				rep := verifyStore(t, admin)
				if !rep.OK() || !hasNote(rep, "no backup to compare") {
					t.Fatalf("without the backup: %v %v", rep.Problems, rep.Notes)
				}
				rep, err = admin.Admin().VerifyStoreAgainst(context.Background(), []string{backup}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !hasProblem(rep, "audit trail cut: the backup of") || !hasProblem(rep, "recorded entry") {
					t.Fatalf("--against the backup: cut not reported: %v", rep.Problems)
				}
				return
			}
			rep = verifyStore(t, admin)
			want := "audit trail cut: the backup of"
			if grow > 0 {
				want = "audit trail diverges: the backup of"
			}
			if !hasProblem(rep, want) {
				t.Fatalf("the cut was not caught: %v", rep.Problems)
			}
			for _, p := range rep.Problems {
				if strings.HasPrefix(p, "audit trail") {
					t.Log(p)
				}
			}
			if len(rep.Problems) != 1 {
				t.Fatalf("only the cut should show (the insider's entries are validly signed): %v", rep.Problems)
			}
		})
	}
}

func editFile0(t *testing.T, sess *Session, fn func(tx *bolt.Tx) error) {
	t.Helper()
	if err := sess.store.db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func hasNote(rep VerifyReport, want string) bool {
	for _, n := range rep.Notes {
		if strings.Contains(n, want) {
			return true
		}
	}
	return false
}

// A backup's head the live trail no longer has because an administrator
// restored an older backup is a note, not a cut; a forged manifest or one
// of another clinic named with --against is a problem.
func TestAnchorsAfterRestoreAndForgedManifest(t *testing.T) {
	s, admin, _ := newTestStore(t)
	dir := t.TempDir()
	register(t, admin)
	older := filepath.Join(dir, "older.dbak")
	if _, err := admin.Admin().BackupToFile(older); err != nil {
		t.Fatal(err)
	}
	register(t, admin)
	newer := filepath.Join(dir, "newer.dbak")
	if _, err := admin.Admin().BackupToFile(newer); err != nil {
		t.Fatal(err)
	}
	// A forged copy of the newer backup: its head moved back.
	data, _ := os.ReadFile(newer)
	m, err := backupfile.ReadLayout(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	m.AuditSeq--
	var out bytes.Buffer
	out.Write(data[:backupfile.HeadLen+m.Size])
	backupfile.WriteTrailer(&out, m)
	forged := filepath.Join(t.TempDir(), "forged.dbak")
	os.WriteFile(forged, out.Bytes(), 0o600)
	rep, err := admin.Admin().VerifyStoreAgainst(context.Background(), []string{forged}, nil)
	if err != nil || !hasProblem(rep, "does not carry a valid signature of admin") {
		t.Fatalf("forged manifest: %v %v", err, rep.Problems)
	}

	path := s.Path()
	s.Close()
	if _, _, err := RestoreBackup(older, path, Credentials{Username: "admin", Password: testPassword}, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	admin2, err := s2.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = admin2.Admin().VerifyStoreAgainst(context.Background(), []string{newer}, nil)
	if err != nil || !rep.OK() {
		t.Fatalf("after a restore: %v %v", err, rep.Problems)
	}
	if !hasNote(rep, "the store was restored from an older backup") {
		t.Fatalf("the restore is not named: %v", rep.Notes)
	}
}
