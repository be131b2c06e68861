package cli

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

func TestDeficienciesCommand(t *testing.T) {
	db := testStore(t)
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []model.User{{Username: "super1", FullName: "Sue Pervisor", Role: model.RoleSupervisor},
		{Username: "drachieng", FullName: "Dr Achieng", Role: model.RoleClinician},
		{Username: "drokot", FullName: "Dr Okot", Role: model.RoleClinician}} {
		if _, err := sess.Admin().CreateUser(u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	clerk, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := clerk.Patients().List(false)
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	stay := func(who string, daysAgo int) {
		now := time.Now()
		e := model.Encounter{PatientID: ps[0].ID, Start: now.AddDate(0, 0, -daysAgo-3), Ward: "Medical", AdmittedBy: who}
		if err := clerk.Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Admissions().Discharge(e.ID, now.AddDate(0, 0, -daysAgo), "Discharged home", ""); err != nil {
			t.Fatal(err)
		}
	}
	stay("Dr Achieng", 40)
	stay("drokot", 2)
	s.Close()

	out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--format", "table")
	if code != 0 || !strings.Contains(out, "write and sign the discharge summary") || !strings.Contains(out, "Dr Okot") ||
		!strings.Contains(out, "delinquent") {
		t.Fatalf("table: %d %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--clinician", "drokot", "--format", "csv")
	if code != 0 || !strings.Contains(out, "MRN,Patient") || strings.Contains(out, "Dr Achieng") || !strings.Contains(out, "Dr Okot") {
		t.Fatalf("csv for one clinician: %q", out)
	}
	_, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--review-existing", "--summary")
	if code != 0 || !strings.Contains(errs, "encounters checked against the completeness rules") {
		t.Fatalf("--review-existing: %d %q", code, errs)
	}
	if _, _, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "deficiencies", "--review-existing"); code == 0 {
		t.Fatal("a clerk checked the existing charts")
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--delinquent", "--format", "table")
	if strings.Contains(out, "Dr Okot") || !strings.Contains(out, "Dr Achieng") {
		t.Fatalf("delinquent only: %q", out)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--summary", "--format", "table")
	if !strings.Contains(out, "Oldest (days)") || !strings.Contains(out, "Records clerk") {
		t.Fatalf("summary: %q", out)
	}
	// A clinician sees only their own.
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "drokot", "deficiencies", "--format", "table")
	if code != 0 || strings.Contains(out, "Dr Achieng") || !strings.Contains(out, "Dr Okot") {
		t.Fatalf("clinician's own: %d %q", code, out)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--action", "export")
	if !strings.Contains(out, "deficiency list") {
		t.Fatalf("CSV not audited: %q", out)
	}
	if _, errs, code := runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--format", "xml"); code == 0 || !strings.Contains(errs, "table or csv") {
		t.Fatalf("bad format accepted: %q", errs)
	}
	// The figures: the stay discharged 40 days ago is delinquent this month.
	month := model.MonthOf(time.Now()).String()
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--figures", "--to", month, "--format", "table")
	if code != 0 || !strings.Contains(out, "Delinquency rate") || !strings.Contains(out, "Dr Achieng") ||
		!strings.Contains(out, "Median days discharge to complete") {
		t.Fatalf("figures: %d %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--figures", "--from", month, "--to", month, "--format", "csv")
	if code != 0 || !strings.Contains(out, "Section,Item,Measure,Value") || !strings.Contains(out, "Month,"+month+",Delinquent records,") {
		t.Fatalf("figures as CSV: %q", out)
	}
	out, _, _ = runCLI(t, testPassword, "--db", db, "audit", "list", "--action", "export")
	if !strings.Contains(out, "deficiency figures") {
		t.Fatalf("figures CSV not audited: %q", out)
	}
	if _, _, code := runCLI(t, testPassword, "--db", db, "--user", "drokot", "deficiencies", "--figures"); code == 0 {
		t.Fatal("a clinician read the figures")
	}
	if _, errs, code := runCLI(t, testPassword, "--db", db, "--user", "super1", "deficiencies", "--figures", "--to", "June"); code == 0 || !strings.Contains(errs, "YYYY-MM") {
		t.Fatalf("a bad month accepted: %q", errs)
	}
}
