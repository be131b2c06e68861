package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 12, item 2: a clerk may not restore; item 12: command-line sessions
// end with a sign-out, verify is audited, a code set is not installed twice.
func TestRestoreVerifyAndSignOutFromTheCommandLine(t *testing.T) {
	db := testStore(t)
	backup := filepath.Join(t.TempDir(), "b.dbak")
	if _, errs, code := runCLI(t, testPassword, "--db", db, "backup", "--to", backup); code != 0 {
		t.Fatalf("backup: %q", errs)
	}
	if _, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "restore", "--from", backup); code == 0 || !strings.Contains(errs, "clerk1 may not back up and restore") {
		t.Fatalf("clerk restore: %d %q", code, errs)
	}
	if left, _ := os.ReadDir(filepath.Dir(db)); len(left) != 1 {
		t.Fatalf("left behind: %v", left)
	}
	out, errs, code := runCLI(t, testPassword, "--db", db, "verify")
	if code != 0 || !strings.Contains(out, "OK: every record") {
		t.Fatalf("verify the store: %d %q %q", code, out, errs)
	}
	if _, errs, code := runCLI(t, testPassword, "--db", db, "verify", "--backup", backup); code != 0 || errs != "" {
		t.Fatalf("verify the backup: %q", errs)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--last", "0")
	for _, want := range []string{"sign-out", "verify", "denied"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in the trail:\n%s", want, out)
		}
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "restore", "--from", backup)
	if code != 0 || !strings.Contains(out, "Restored into") {
		t.Fatalf("administrator restore: %d %q %q", code, out, errs)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--last", "0")
	for _, want := range []string{"sign-out", "restore-backup"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in the trail:\n%s", want, out)
		}
	}
	icpc := filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv")
	args := []string{"--db", db, "codes", "import", "--format", "icpc2", "--name", "ICPC-2", "--version", "2015", icpc}
	if _, errs, code := runCLI(t, testPassword, args...); code != 0 {
		t.Fatalf("import: %q", errs)
	}
	if _, errs, code := runCLI(t, testPassword, args...); code == 0 || !strings.Contains(errs, "ICPC-2 2015 is already installed") {
		t.Fatalf("second import: %d %q", code, errs)
	}
}

// Issue 12, item 5: the root of trust is shown and checked against the
// fingerprint on the recovery sheet.
func TestFingerprintFromTheCommandLine(t *testing.T) {
	db := testStore(t)
	out, errs, code := runCLI(t, testPassword, "--db", db, "fingerprint")
	if code != 0 || !strings.Contains(out, "Root of trust of clinic") {
		t.Fatalf("fingerprint: %d %q %q", code, out, errs)
	}
	fp := strings.TrimSpace(out[strings.LastIndex(out, ": ")+2:])
	if len(fp) != 32 {
		t.Fatalf("fingerprint %q", fp)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "verify", "--fingerprint", strings.ToLower(fp))
	if code != 0 || !strings.Contains(out, "Root of trust (compare with the recovery sheet): "+fp) {
		t.Fatalf("verify with the right fingerprint: %d %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "verify", "--fingerprint", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG")
	if code == 0 || !strings.Contains(out, "signing keys were replaced") {
		t.Fatalf("verify with another fingerprint: %d %q", code, out)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "users", "list")
	if !strings.Contains(out, "Root of trust: "+fp) || !strings.Contains(out, "key ") {
		t.Fatalf("users list: %q", out)
	}
}

// Issue 12: verify compares the live trail with the backups' signed heads;
// rotate-keys re-seals the store and everyone signs in as before.
func TestVerifyAgainstBackupAndRotateKeys(t *testing.T) {
	db := testStore(t)
	backup := filepath.Join(t.TempDir(), "b.dbak")
	if _, errs, code := runCLI(t, testPassword, "--db", db, "backup", "--to", backup); code != 0 {
		t.Fatalf("backup: %q", errs)
	}
	out, errs, code := runCLI(t, testPassword, "--db", db, "verify", "--against", backup)
	if code != 0 || !strings.Contains(out, "Compared with the backup of") || !strings.Contains(out, "is in the live trail") {
		t.Fatalf("verify against the backup: %d %q %q", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "rotate-keys")
	if code != 0 || !strings.Contains(out, "Keys rotated") || !strings.Contains(out, "clerk1") {
		t.Fatalf("rotate-keys: %d %q %q", code, out, errs)
	}
	if _, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "rotate-keys"); code == 0 || !strings.Contains(errs, "clerk1 may not") {
		t.Fatalf("rotate-keys as a clerk: %d %q", code, errs)
	}
	// A backup made before clerk1 signs in again holds their re-sealed
	// slot: the read-only check of the backup opens it.
	b2 := filepath.Join(t.TempDir(), "after.dbak")
	if _, errs, code := runCLI(t, testPassword, "--db", db, "backup", "--to", b2); code != 0 {
		t.Fatalf("backup after rotation: %q", errs)
	}
	if out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "verify", "--backup", b2); code != 0 || !strings.Contains(out, "OK: the backup opens") {
		t.Fatalf("clerk1 checks the backup made after the rotation: %d %q %q", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "search", "nobody")
	if code != 0 {
		t.Fatalf("clerk after rotation: %d %q %q", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "verify", "--against", backup)
	if code != 0 || !strings.Contains(out, "OK: every record") || !strings.Contains(out, "is in the live trail") {
		t.Fatalf("verify after rotation: %d %q %q", code, out, errs)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--last", "0")
	if !strings.Contains(out, "keys rotated") {
		t.Errorf("no rotation in the trail:\n%s", out)
	}
}
