package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

func TestRecordAuditCommand(t *testing.T) {
	db := testStore(t)
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Admin().CreateUser(model.User{Username: "super1", FullName: "Sue Pervisor", Role: model.RoleSupervisor}, testPassword); err != nil {
		t.Fatal(err)
	}
	clerk, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := clerk.Patients().List(false)
	if err != nil || len(ps) < 2 {
		t.Fatal(len(ps), err)
	}
	now := time.Now()
	for i, p := range ps[:2] {
		e := model.Encounter{PatientID: p.ID, Start: now.AddDate(0, 0, -5-i), Ward: "Medical", AdmittedBy: "Dr Achieng"}
		if err := clerk.Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Admissions().Discharge(e.ID, now.AddDate(0, 0, -2-i), "Discharged home", ""); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") }

	out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "record-audit", "list")
	if code == 0 {
		t.Fatalf("a clerk listed the audits: %q", out)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "record-audit", "draw", "--from", day(-30), "--to", day(0), "--ward", "Medical", "--n", "5", "--seed", "3")
	if code != 0 || !strings.Contains(out, "Drew 2 stays") || !strings.Contains(out, "seed 3") {
		t.Fatalf("draw: %d %q %q", code, out, errs)
	}
	id := strings.Fields(out[strings.Index(out, "ID ")+3:])[0]
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "record-audit", "list", "--format", "csv")
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "Medical") {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "record-audit", "show", id[:8])
	if code != 0 || !strings.Contains(out, "Admission note present") || !strings.Contains(errs, "2 stays, 0 reviewed") {
		t.Fatalf("show: %d %q %q", code, out, errs)
	}
	pdf := filepath.Join(t.TempDir(), "audit.pdf")
	if _, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "record-audit", "report", id, "--out", pdf); code != 0 {
		t.Fatalf("report: %q", errs)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("report file: %v", err)
	}
}
