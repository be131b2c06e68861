package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"
)

const testPassword = "cli test password"

// testStore creates a store with a fast key derivation and two patients.
func testStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cli.dossier")
	s, sess, _, err := storage.Create(path, model.DefaultClinic("CLI Clinic", "CLN"), model.User{Username: "admin", FullName: "A"},
		testPassword, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	ps := []model.Patient{{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, Phone: "0772 555 123"},
		{GivenName: "Peter", FamilyName: "Okello", Sex: model.SexMale}}
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Admin().CreateUser(model.User{Username: "clerk1", FullName: "C", Role: model.RoleClerk}, testPassword); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

func runCLI(t *testing.T, password string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "DOSSIER_PASSWORD" {
			return password
		}
		return ""
	}}
	code := Main(env, args)
	return out.String(), errb.String(), code
}

func TestSearchBackupVerifyAudit(t *testing.T) {
	db := testStore(t)
	out, errs, code := runCLI(t, testPassword, "--db", db, "search", "nakatto")
	if code != 0 || !strings.Contains(out, "NAKATO, Amina") {
		t.Fatalf("search: %d %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "search", "+256 772 555 123")
	if code != 0 || !strings.Contains(out, "phone") {
		t.Fatalf("search by phone: %q", out)
	}
	backup := filepath.Join(t.TempDir(), "b.dbak")
	if _, errs, code = runCLI(t, testPassword, "--db", db, "backup", "--to", backup); code != 0 {
		t.Fatalf("backup: %q", errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "verify", "--backup", backup)
	if code != 0 || !strings.Contains(out, "every record decrypts") {
		t.Fatalf("verify: %q %q", out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "audit", "verify")
	if code != 0 || !strings.Contains(out, "chain intact") {
		t.Fatalf("audit verify: %q", out)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--action", "backup")
	if !strings.Contains(out, "backup") {
		t.Fatalf("audit list: %q", out)
	}
}

func TestErrorsAreOnePlainLine(t *testing.T) {
	db := testStore(t)
	tests := []struct {
		args []string
		pw   string
		want string
	}{
		{[]string{"--db", db, "audit", "verify"}, "wrong", "dossier: wrong username or password"},
		{[]string{"--db", db + ".missing", "backup", "--to", "x"}, testPassword, "no Dossier store here yet"},
		{[]string{"--db", db, "search", "CLN-0000001-Z"}, testPassword, "not valid"},
		{[]string{"frobnicate"}, testPassword, "unknown command"},
	}
	for _, tc := range tests {
		_, errs, code := runCLI(t, tc.pw, tc.args...)
		if code == 0 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errs)
		}
	}
}

func TestCaseNotesCommand(t *testing.T) {
	db := testStore(t)
	out, _, _ := runCLI(t, testPassword, "--db", db, "search", "nakato")
	mrn := strings.Fields(out)[0]
	pdf := filepath.Join(t.TempDir(), "notes.pdf")
	out, errs, code := runCLI(t, testPassword, "--db", db, "casenotes", "--mrn", mrn, "--out", pdf, "--for", "Ward 3")
	if code != 0 || !strings.Contains(out, "written to") {
		t.Fatalf("casenotes: %d %q %q", code, out, errs)
	}
	if data, _ := os.ReadFile(pdf); !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--action", "print")
	if !strings.Contains(out, "case notes for Ward 3") {
		t.Fatalf("print not audited: %q", out)
	}
	if _, _, code := runCLI(t, testPassword, "--db", db, "casenotes", "--mrn", mrn, "--out", pdf); code == 0 {
		t.Fatal("printed without saying for whom")
	}
}
