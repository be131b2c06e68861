package admin

import (
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const pw = "correct horse battery"

// fakeStore stands in for the shell behind the Backups screen.
type fakeStore struct{ made, restored int }

func (f *fakeStore) Restore(path, password string) { f.restored++ }
func (f *fakeStore) BackupMade()                   { f.made++ }

// signedInHost is a window's host signed in as the administrator of a new
// store.
func signedInHost(t *testing.T) (*kit.Host, *storage.Session) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "admin.dossier")
	s, sess, _, err := storage.Create(path, model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada Admin"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("Dossier")
	h := kit.NewHost(a, w, "test")
	h.SignedIn(sess)
	t.Cleanup(func() { h.Wait(); w.Close(); s.Close() })
	return h, sess
}

func TestBackupThenCheckItIsAudited(t *testing.T) {
	h, sess := signedInHost(t)
	store := &fakeStore{}
	b := &backups{h: h, store: store, last: widget.NewLabel(""), result: widget.NewLabel("")}
	h.Serialized(b.showLast)
	h.Wait()
	if b.last.Text != "No backup has been made yet." {
		t.Fatalf("before any backup: %q", b.last.Text)
	}
	backup := filepath.Join(t.TempDir(), "clinic.dbak")
	h.Serialized(func() { b.runBackup(backup) })
	h.Wait()
	if !strings.HasPrefix(b.result.Text, "Backup saved to") || !strings.HasPrefix(b.last.Text, "Last backup:") {
		t.Fatalf("backup result %q / %q", b.result.Text, b.last.Text)
	}
	if store.made != 1 {
		t.Fatalf("the shell was told of %d backups, want 1", store.made)
	}
	h.Serialized(func() { b.runVerify(backup, pw) })
	h.Wait()
	if !strings.HasPrefix(b.result.Text, "Backup is good") {
		t.Fatalf("verify: %q", b.result.Text)
	}
	es, err := sess.Admin().Audit(model.AuditFilter{Action: model.ActView}, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		found = found || e.Detail == "checked backup clinic.dbak"
	}
	if !found {
		t.Fatalf("the check of the backup is not in the audit trail: %+v", es)
	}
}
