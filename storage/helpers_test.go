package storage

import (
	"path/filepath"
	"testing"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

const testPassword = "correct horse battery"

// newTestStore creates a store in a temp dir and, at cleanup, closes it and
// runs bbolt's consistency check over the file.
func newTestStore(t testing.TB) (*Store, *Session, RecoveryKey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clinic.dossier")
	s, sess, rk, err := Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, testPassword, testOptions())
	if err != nil {
		t.Fatalf("create store: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		checkFile(t, path)
	})
	return s, sess, rk
}

func testOptions() Options { return Options{KDF: TestKDF, AllowWeakKDF: true} }

func checkFile(t testing.TB, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Errorf("reopen for check: %v", err)
		return
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("tx.Check: %v", err)
		}
		return nil
	})
}

func samplePatient(given, family string) model.Patient {
	return model.Patient{GivenName: given, FamilyName: family, Sex: model.SexFemale,
		BirthDate: model.Date{Year: 1984, Month: 3, Day: 12}, Phone: "+256 772 123456",
		Address: []string{"Northern", "Gulu", "Laroo"}, NationalID: "CM8400123ABCD"}
}

func addUser(t testing.TB, admin *Session, name string, role model.Role) *Session {
	t.Helper()
	if _, err := admin.Admin().CreateUser(model.User{Username: name, FullName: name, Role: role}, testPassword); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	sess, err := admin.store.SignIn(name, testPassword)
	if err != nil {
		t.Fatalf("sign in %s: %v", name, err)
	}
	return sess
}
