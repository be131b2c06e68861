package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCodesImportInstallsOnlyGoodFiles(t *testing.T) {
	db := testStore(t)
	icpc := filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv")
	out, errs, code := runCLI(t, testPassword, "--db", db, "codes", "import", "--format", "icpc2", "--name", "ICPC-2", "--version", "2015", icpc)
	if code != 0 || !strings.Contains(out, "Installed ICPC-2 2015") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("code,title\nA01,Pain general\n,No code here\nA01,Duplicate\n"), 0o600)
	_, errs, code = runCLI(t, testPassword, "--db", db, "codes", "import", "--format", "csv", "--name", "Clinic list", "--version", "1", bad)
	if code == 0 || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "nothing was installed") {
		t.Fatalf("bad file: %d %q", code, errs)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "codes", "import", "--name", "X", "--version", "1", "codes_import_test.go"); code == 0 {
		t.Fatalf("a Go file was imported: %q", errs)
	}
}

func TestCodesImportInstallsAnIndex(t *testing.T) {
	db := testStore(t)
	drug := filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icd10cm-drug-sample.xml")
	out, errs, code := runCLI(t, testPassword, "--db", db, "codes", "import", drug)
	if code != 0 || !strings.Contains(out, "Installed the Table of Drugs and Chemicals 2026: 3 lines") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "codes", "import", "--format", "cms-index-drug", "--version", "2027", drug); code == 0 ||
		!strings.Contains(errs, "2026") {
		t.Fatalf("a 2026 table was installed as 2027: %q", errs)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "codes", "import", "--format", "cms-index-neoplasm", drug); code == 0 {
		t.Fatalf("the drug table was installed as the Neoplasm Table: %q", errs)
	}
}
