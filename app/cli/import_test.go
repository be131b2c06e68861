package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportHL7AndRegister(t *testing.T) {
	db := testStore(t)
	dir := t.TempDir()
	hl7 := filepath.Join(dir, "in.hl7")
	msgs := "MSH|^~\\&|HOSP|H|D|C|20260101||ADT^A28|C1|P|2.5\nPID|1||H-5^^^^MR||Banda^Grace||19850312|F\n" +
		"MSH|^~\\&|HOSP|H|D|C|20260101||ADT^A02|C2|P|2.5\nPID|1||NOBODY^^^^MR||X^Y\nPV1|1|I|Surgical\n" +
		"MSH|^~\\&|HOSP|H|D|C|20260101||SIU^S12|C3|P|2.5\n"
	os.WriteFile(hl7, []byte(msgs), 0o600)
	out, errs, code := runCLI(t, testPassword, "--db", db, "import", "hl7", hl7, "--dry-run")
	if code != 0 || !strings.Contains(out, "Dry run: nothing written. 3 messages read: 2 ready to apply, 0 with a problem, 1 refused") {
		t.Fatalf("dry run: %d %s %s", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "import", "hl7", hl7)
	if code != 0 || !strings.Contains(out, "3 messages: 1 applied, 0 already applied before, 1 kept in Interface errors, 1 refused") ||
		!strings.Contains(out, "unknown patient") || !strings.Contains(out, "SIU^S12 is not taken") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	csv := filepath.Join(dir, "reg.csv")
	os.WriteFile(csv, []byte("chart,given_name,surname,date_of_birth,sex\nOLD-1,Grace,Banda,1985-03-12,F\nOLD-2,Moses,Kato,1960-01-01,M\n"), 0o600)
	out, errs, code = runCLI(t, testPassword, "--db", db, "import", "register", "--csv", csv, "--map", "chart=id", "--dry-run")
	if code != 0 || !strings.Contains(out, "Preview: 1 new patient; 1 added to the registered patient") || !strings.Contains(out, "nothing registered") {
		t.Fatalf("register dry run: %d %s %s", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "import", "register", "--csv", csv, "--map", "chart=id")
	if code != 0 || !strings.Contains(out, "Done: 1 patients registered, old chart numbers added to 1 registered patients") {
		t.Fatalf("register: %d %s %s", code, out, errs)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "listen"); code == 0 || !strings.Contains(errs, "listener is off") {
		t.Fatalf("listen with no port: %d %s", code, errs)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "import", "csv"); code == 0 || !strings.Contains(errs, "unknown import") {
		t.Fatalf("unknown import: %d %s", code, errs)
	}
}
