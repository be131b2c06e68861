package cli

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/search"
	"dossier/storage"
)

func TestWorklistCommand(t *testing.T) {
	db := testStore(t)
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []model.User{{Username: "coder1", FullName: "C", Role: model.RoleCoder}, {Username: "super1", FullName: "S", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	admin.Lock("sign-out")
	clerk, err := s.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := clerk.Patients().Search(search.Query{Text: "Nakato", Limit: 1}, false)
	for i, dx := range []string{"malaria", "cough"} {
		e := model.Encounter{PatientID: rs[0].ID, Type: model.EncOutpatient, Start: time.Now().AddDate(0, 0, i-5), Ward: "OPD", Clinician: "Dr Okello", Diagnoses: []string{dx}}
		if err := clerk.Encounters().Create(&e); err != nil {
			t.Fatal(err)
		}
	}
	clerk.Lock("sign-out")
	s.Close()

	out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "coder1", "worklist")
	if code != 0 || !strings.Contains(out, "Encounters to code: 2") || strings.Index(out, "malaria") > strings.Index(out, "cough") || !strings.Contains(out, "NAKATO, Amina") {
		t.Fatalf("coder: %d %q %q", code, out, errs)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "coder1", "worklist", "--limit", "1")
	if code != 0 || !strings.Contains(out, "… and 1 more") || strings.Contains(out, "cough") {
		t.Fatalf("limit: %q", out)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "worklist")
	if code != 0 || !strings.Contains(out, "Documents filed but not keyed: 0") || !strings.Contains(out, "Pages in the unfiled tray: 0") {
		t.Fatalf("clerk: %q", out)
	}
	out, _, code = runCLI(t, testPassword, "--db", db, "--user", "super1", "worklist", "--for", "coder1", "--list", "to-code")
	if code != 0 || !strings.Contains(out, "Work for coder1") || !strings.Contains(out, "cough") {
		t.Fatalf("supervisor for a coder: %q", out)
	}
	_, errs, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "worklist", "--for", "coder1")
	if code == 0 || !strings.Contains(errs, "may not review charts") {
		t.Fatalf("a clerk read a coder's list: %d %q", code, errs)
	}
}
