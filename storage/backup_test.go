package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/model"
	"dossier/storage/internal/backupfile"
	"dossier/storage/vault"
)

func TestBackupVerifyAndRestore(t *testing.T) {
	s, sess, rk := newTestStore(t)
	for i := 0; i < 20; i++ {
		p := samplePatient(fmt.Sprintf("Given%d", i), "Family")
		if err := sess.Patients().Register(&p); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "clinic.dbak")
	man, err := sess.Admin().BackupToFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if man.Counts[model.KindPatient] != 20 || man.SHA256 == "" || man.AppVersion == "" {
		t.Fatalf("manifest %+v", man)
	}
	if s.LastBackup().IsZero() {
		t.Error("last backup time not recorded")
	}
	rep, err := VerifyBackup(backup, Credentials{Username: "admin", Password: testPassword})
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
	if rep.Records < 22 || rep.AuditEntries == 0 {
		t.Errorf("report %+v", rep)
	}
	if _, err := VerifyBackup(backup, Credentials{Recovery: rk}); err != nil {
		t.Errorf("verify with recovery key: %v", err)
	}
	if _, err := VerifyBackup(backup, Credentials{Recovery: RecoveryKey(vault.RandomBytes(32))}); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Errorf("wrong recovery key: %v", err)
	}
	if _, err := VerifyBackup(backup, Credentials{Username: "admin", Password: "nope nope"}); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}

	// Bad backups: truncated, a flipped byte, not a backup at all.
	data, _ := os.ReadFile(backup)
	flipped := append([]byte(nil), data...)
	flipped[backupfile.HeadLen+5000] ^= 1
	for name, content := range map[string][]byte{
		"truncated": data[:len(data)/2], "flipped": flipped, "text": []byte("hello"),
	} {
		bad := filepath.Join(dir, name)
		os.WriteFile(bad, content, 0o600)
		if _, err := VerifyBackup(bad, Credentials{Username: "admin", Password: testPassword}); !errors.Is(err, ErrBadBackup) {
			t.Errorf("%s backup: %v", name, err)
		}
	}

	// Restore over the live file: it must refuse while the store is open.
	cred := Credentials{Username: "admin", Password: testPassword}
	if _, _, err := RestoreBackup(backup, s.path, cred, RestoreOptions{}); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("restore over open store: %v", err)
	}
	p := samplePatient("After", "Backup")
	sess.Patients().Register(&p)
	s.Close()
	trunc := filepath.Join(dir, "truncated")
	if _, _, err := RestoreBackup(trunc, s.path, cred, RestoreOptions{}); err == nil {
		t.Fatal("restored a truncated backup")
	}
	_, kept, err := RestoreBackup(backup, s.path, cred, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if kept == "" || !Exists(kept) {
		t.Fatalf("old store not kept: %q", kept)
	}
	s2, err := Open(s.path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	sess2, err := s2.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := sess2.Patients().List(false)
	if len(list) != 20 {
		t.Errorf("restored %d patients, want 20", len(list))
	}
	if _, probs, _ := sess2.Admin().VerifyAudit(); len(probs) != 0 {
		t.Errorf("restored audit chain: %v", probs)
	}
	s.db = s2.db // so the cleanup check closes and checks the restored file
}

// failingWriter runs out of space after n bytes, like a full disk.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, &os.PathError{Op: "write", Path: "backup", Err: syscall.ENOSPC}
	}
	w.n -= len(p)
	return len(p), nil
}

func TestBackupOnFullDiskSaysSoAndLeavesNoFile(t *testing.T) {
	_, sess, _ := newTestStore(t)
	_, err := sess.Admin().WriteBackup(&failingWriter{n: 10000})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("got %v", err)
	}
	dir := t.TempDir()
	if _, err := sess.Admin().BackupToFile(filepath.Join(dir, "nowhere", "b.dbak")); err == nil {
		t.Fatal("backup into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left files behind: %v", entries)
	}
}

func TestBackupIsHotAndConsistent(t *testing.T) {
	_, sess, _ := newTestStore(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 30; i++ {
			p := samplePatient("W", "Writer")
			sess.Patients().Register(&p)
		}
	}()
	var buf bytes.Buffer
	man, err := sess.Admin().WriteBackup(&buf)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hot.dbak")
	os.WriteFile(path, buf.Bytes(), 0o600)
	rep, err := VerifyBackup(path, Credentials{Username: "admin", Password: testPassword})
	if err != nil || !rep.OK() {
		t.Fatalf("hot backup does not verify: %v %v", err, rep.Problems)
	}
	if rep.Manifest.Counts[model.KindPatient] != man.Counts[model.KindPatient] {
		t.Errorf("counts differ")
	}
}

func FuzzReadBackupLayout(f *testing.F) {
	_, sess, _ := newTestStore(f)
	var buf bytes.Buffer
	sess.Admin().WriteBackup(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("DOSSIER-BACKUP/1\n"))
	f.Add(append([]byte("DOSSIER-BACKUP/1\n{}"), backupfile.TailMagic...))
	f.Fuzz(func(t *testing.T, data []byte) {
		man, err := readBackupLayout(bytes.NewReader(data), int64(len(data)))
		if err == nil && man.Size > int64(len(data)) {
			t.Fatalf("accepted a manifest larger than the file")
		}
		if err != nil && !errors.Is(err, ErrBadBackup) {
			t.Fatalf("error not ErrBadBackup: %v", err)
		}
	})
}

func FuzzDecodeRevision(f *testing.F) {
	_, sess, _ := newTestStore(f)
	key := revKey(model.NewID(), 1)
	good, _ := jsonEnvelope(1)
	f.Add(sess.keys.Records.Seal(good, revAAD(model.KindPatient, key)))
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := decodeRevision(sess.keys.Records, model.KindPatient, key, data)
		if err == nil && env.Meta.Rev != 1 {
			t.Fatalf("accepted revision %d at position 1", env.Meta.Rev)
		}
	})
}

func jsonEnvelope(rev uint32) ([]byte, error) {
	return []byte(fmt.Sprintf(`{"meta":{"rev":%d,"user":"admin","op":"create"},"body":{}}`, rev)), io.EOF
}
