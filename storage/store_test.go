package storage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage/vault"

	bolt "go.etcd.io/bbolt"
)

func TestSignInWrongPasswordIsAuditedAndChangesNoRecord(t *testing.T) {
	s, sess, _ := newTestStore(t)
	before, _ := s.Counts()
	sess.Lock(model.ActSignOut)
	for i := 0; i < 3; i++ {
		if _, err := s.SignIn("admin", "wrong password"); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("attempt %d: got %v, want ErrWrongPassword", i, err)
		}
	}
	if _, err := s.SignIn("nobody", testPassword); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("unknown user: got %v", err)
	}
	after, _ := s.Counts()
	if len(before) != len(after) || before[model.KindPatient] != after[model.KindPatient] {
		t.Fatalf("records changed by failed sign-ins: %v → %v", before, after)
	}
	sess, err := s.SignIn("Admin ", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if sess.FailedSignInsSinceLast() != 4 {
		t.Errorf("failures told = %d, want 4", sess.FailedSignInsSinceLast())
	}
	entries, err := sess.Admin().Audit(model.AuditFilter{Action: model.ActSignInFailed}, 0)
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, e := range entries {
		if e.Flagged {
			flagged++
		}
	}
	if len(entries) != 4 || flagged != 3 {
		t.Errorf("got %d failure entries (%d flagged), want 4 (3 flagged)", len(entries), flagged)
	}
}

func TestNothingIdentifyingInTheFileOrBackup(t *testing.T) {
	s, sess, _ := newTestStore(t)
	p := samplePatient("Nakato", "Zawadiwekesa")
	p.LegacyCharts = []string{"OLD-77321"}
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	clerk := addUser(t, sess, "clerk1", model.RoleClerk)
	if err := clerk.Encounters().CreateNote(&model.Note{PatientID: p.ID, Title: "Visit", Text: "Complains of Quixotrexia"}); err != nil {
		t.Fatal(err)
	}
	if ids, err := sess.Patients().FindByIdentifier(p.MRN); err != nil || len(ids) != 1 || ids[0] != p.ID {
		t.Fatalf("MRN lookup: %v %v", ids, err)
	}
	backup := filepath.Join(t.TempDir(), "b.dbak")
	if _, err := sess.Admin().BackupToFile(backup); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Zawadiwekesa", "ZAWADIWEKESA", "Nakato", p.MRN, strings.ReplaceAll(p.MRN, "-", ""),
		"1984-03-12", `"y":1984`, "772 123456", "CM8400123ABCD", "OLD-77321", "Quixotrexia", "Laroo"}
	sess.Lock(model.ActSignOut)
	s.db.Sync()
	for _, f := range []string{s.path, backup} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range secrets {
			if bytes.Contains(data, []byte(sec)) {
				t.Errorf("%s contains %q in plaintext", filepath.Base(f), sec)
			}
		}
	}
}

func TestEditsMakeRevisionsAndDeleteIsReversible(t *testing.T) {
	_, sess, _ := newTestStore(t)
	p := samplePatient("Amina", "Okello")
	if err := sess.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	p.Phone = "+256 700 000001"
	if err := sess.Patients().Update(p, 1, ""); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("edit without reason: %v", err)
	}
	if err := sess.Patients().Update(p, 1, "new phone number"); err != nil {
		t.Fatal(err)
	}
	if err := sess.Patients().Update(p, 1, "stale edit"); !errors.Is(err, ErrStale) {
		t.Fatalf("stale edit: %v", err)
	}
	if err := sess.Delete(model.KindPatient, p.ID, "registered twice"); err != nil {
		t.Fatal(err)
	}
	list, _ := sess.Patients().List(false)
	if len(list) != 0 {
		t.Fatalf("deleted patient still listed")
	}
	if err := sess.Restore(model.KindPatient, p.ID, "was not a duplicate"); err != nil {
		t.Fatal(err)
	}
	hist, err := sess.History(model.KindPatient, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	ops := []model.Action{}
	for _, h := range hist {
		ops = append(ops, h.Op)
	}
	want := []model.Action{model.ActCreate, model.ActEdit, model.ActDelete, model.ActRestore}
	if len(ops) != len(want) {
		t.Fatalf("history %v, want %v", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] || hist[i].User != "admin" {
			t.Errorf("rev %d: %v by %s", i+1, ops[i], hist[i].User)
		}
	}
	body, _, err := sess.RevisionBody(model.KindPatient, p.ID, 1)
	if err != nil || !strings.Contains(string(body), "772 123456") {
		t.Errorf("first revision lost the old phone: %s %v", body, err)
	}
	got, rev, _ := sess.Patients().Get(p.ID)
	if got.Phone != "+256 700 000001" || rev.Rev != 4 {
		t.Errorf("current = %q rev %d", got.Phone, rev.Rev)
	}
}

func TestPermissionsAreEnforcedInStorage(t *testing.T) {
	_, admin, _ := newTestStore(t)
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	tests := []struct {
		name string
		do   func() error
	}{
		{"coder registers a patient", func() error { p := samplePatient("A", "B"); return coder.Patients().Register(&p) }},
		{"clerk reads the audit trail", func() error { _, err := clerk.Admin().Audit(model.AuditFilter{}, 10); return err }},
		{"clerk deletes a record", func() error { return clerk.Delete(model.KindPatient, model.NewID(), "x") }},
		{"clerk backs up", func() error { _, err := clerk.Admin().WriteBackup(&bytes.Buffer{}); return err }},
		{"coder creates a user", func() error {
			_, err := coder.Admin().CreateUser(model.User{Username: "x1", Role: model.RoleAdmin}, testPassword)
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); !errors.Is(err, ErrDenied) {
				t.Fatalf("got %v, want a denial", err)
			}
		})
	}
	denied, _ := admin.Admin().Audit(model.AuditFilter{Action: model.ActDenied}, 0)
	if len(denied) != len(tests) {
		t.Errorf("%d denials audited, want %d", len(denied), len(tests))
	}
}

func TestRestrictedRecordNeedsBreakingTheGlass(t *testing.T) {
	_, admin, _ := newTestStore(t)
	p := samplePatient("Secret", "Person")
	p.Restricted = true
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if _, _, err := clerk.Patients().Get(p.ID); !errors.Is(err, ErrRestricted) {
		t.Fatalf("restricted open: %v", err)
	}
	list, _ := clerk.Patients().List(false)
	if len(list) != 1 || list[0].Name != "(restricted record)" {
		t.Fatalf("list leaks restricted name: %+v", list)
	}
	if err := clerk.Patients().BreakGlass(p.ID, ""); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("break glass without reason: %v", err)
	}
	if err := clerk.Patients().BreakGlass(p.ID, "patient unconscious in casualty"); err != nil {
		t.Fatal(err)
	}
	if got, _, err := clerk.Patients().Get(p.ID); err != nil || got.FamilyName != "Person" {
		t.Fatalf("after break glass: %v", err)
	}
	sup := addUser(t, admin, "sup1", model.RoleSupervisor)
	if _, _, err := sup.Patients().Get(p.ID); err != nil {
		t.Fatalf("supervisor: %v", err)
	}
	e, _ := admin.Admin().Audit(model.AuditFilter{Action: model.ActBreakGlass}, 0)
	if len(e) != 1 || !e[0].Flagged || e[0].User != "clerk1" || e[0].Detail != "patient unconscious in casualty" {
		t.Errorf("break-glass audit: %+v", e)
	}
}

func TestSecondInstanceGetsAClearMessage(t *testing.T) {
	s, _, _ := newTestStore(t)
	// LockWait bounds the wait; a hang would be caught by the test timeout,
	// not by a wall-clock assertion.
	_, err := Open(s.path, Options{LockWait: 200 * time.Millisecond})
	if !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "Dossier is already open on this computer") {
		t.Errorf("message %q", err)
	}
}

func TestOpeningWhatIsNotAStore(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, bytes.Repeat([]byte("hello world\n"), 2000), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	plainBolt := filepath.Join(dir, "other.db")
	db, _ := bolt.Open(plainBolt, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	for _, tc := range []struct {
		path string
		want error
	}{{text, ErrNotStore}, {empty, ErrNotStore}, {plainBolt, ErrNotStore}, {filepath.Join(dir, "missing"), ErrNoStore}} {
		before, _ := os.ReadFile(tc.path)
		if _, err := Open(tc.path, Options{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", filepath.Base(tc.path), err, tc.want)
		}
		after, _ := os.ReadFile(tc.path)
		if !bytes.Equal(before, after) {
			t.Errorf("%s was changed by the failed open", filepath.Base(tc.path))
		}
	}
}

func TestRecoveryKeyResetsAdminPassword(t *testing.T) {
	s, sess, rk := newTestStore(t)
	sess.Lock(model.ActSignOut)
	parsed, err := ParseRecoveryKey(strings.ToLower(strings.ReplaceAll(rk.String(), "-", " ")))
	if err != nil || !bytes.Equal(parsed, rk) {
		t.Fatalf("parse printed key: %v", err)
	}
	wrong := RecoveryKey(vault.RandomBytes(32))
	if _, err := s.RecoverWithKey(wrong, "admin", "new password 1"); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := s.SignIn("admin", testPassword); err != nil {
		t.Fatalf("wrong recovery key changed the password: %v", err)
	}
	if _, err := s.RecoverWithKey(parsed, "admin", "new password 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn("admin", testPassword); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("old password still works")
	}
	sess, err = s.SignIn("admin", "new password 1")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := sess.Admin().Audit(model.AuditFilter{Action: model.ActRecoveryUsed}, 0)
	if len(e) != 1 || !e[0].Flagged {
		t.Errorf("recovery not audited: %+v", e)
	}
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	u := clerk.User()
	u.Disabled = true
	if err := admin.Admin().UpdateUser(u, "", "left the clinic"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn("clerk1", testPassword); err == nil {
		t.Fatal("disabled user signed in")
	}
}

func TestParseRecoveryKeyRejectsJunk(t *testing.T) {
	for _, in := range []string{"", "abcd", strings.Repeat("A", 51), strings.Repeat("!", 52)} {
		if _, err := ParseRecoveryKey(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
}
