package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportDHIS2AndRegistersCommands(t *testing.T) {
	db := testStore(t)
	dir := t.TempDir()
	def := filepath.Join(dir, "def.json")
	out, errs, code := runCLI(t, testPassword, "--db", db, "report", "dhis2", "--example")
	if code != 0 || !strings.Contains(out, `"rows"`) {
		t.Fatalf("example: %d %q", code, errs)
	}
	os.WriteFile(def, []byte(out), 0o600)
	// A clerk may not import the definition.
	if _, errs, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "report", "dhis2", "--definition", def); code == 0 {
		t.Fatal("a clerk imported the report definition")
	}
	if out, errs, code = runCLI(t, testPassword, "--db", db, "report", "dhis2", "--definition", def); code != 0 || !strings.Contains(out, "22 rows") {
		t.Fatalf("import: %q %q", out, errs)
	}
	adx := filepath.Join(dir, "nov.adx.xml")
	out, errs, code = runCLI(t, testPassword, "--db", db, "report", "dhis2", "--period", "2026-11", "--out", adx, "--adx")
	if code != 0 || !strings.Contains(out, "rows not filled") || !strings.Contains(out, "Saved to") {
		t.Fatalf("prepare: %q %q", out, errs)
	}
	if b, err := os.ReadFile(adx); err != nil || !strings.Contains(string(b), `period="2026-11-01/P1M"`) {
		t.Fatalf("ADX %s %v", b, err)
	}
	if out, _, code = runCLI(t, testPassword, "--db", db, "report", "dhis2", "--history"); code != 0 || !strings.Contains(out, "saved ADX XML") {
		t.Fatalf("history: %q", out)
	}
	if _, errs, code = runCLI(t, testPassword, "--db", db, "report", "dhis2", "--period", "Nov"); code == 0 || !strings.Contains(errs, "YYYY-MM") {
		t.Fatalf("a bad period: %q", errs)
	}
	pdf := filepath.Join(dir, "deaths.pdf")
	if _, errs, code = runCLI(t, testPassword, "--db", db, "registers", "deaths", "--period", "2026-11", "--format", "pdf", "--out", pdf); code != 0 {
		t.Fatalf("registers pdf: %q", errs)
	}
	if out, _, code = runCLI(t, testPassword, "--db", db, "registers", "admissions", "--from", "2026-11-01", "--to", "2026-11-30"); code != 0 || !strings.Contains(out, "Admission and discharge register — November 2026") {
		t.Fatalf("registers: %q", out)
	}
	monthly := filepath.Join(dir, "m.pdf")
	if out, errs, code = runCLI(t, testPassword, "--db", db, "report", "monthly", "--period", "2026-11", "--out", monthly); code != 0 || !strings.Contains(out, "saved to") {
		t.Fatalf("monthly: %q %q", out, errs)
	}
}
