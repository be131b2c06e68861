package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

func TestStatsCommand(t *testing.T) {
	db := testStore(t)
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
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
	// Two stays of 3 days each, discharged 2 days and 1 day ago.
	now := time.Now()
	for i, p := range ps[:2] {
		e := model.Encounter{PatientID: p.ID, Start: now.AddDate(0, 0, -5+i), Ward: "Medical", AdmittedBy: "Dr Achieng"}
		if err := clerk.Admissions().Admit(&e); err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Admissions().Discharge(e.ID, now.AddDate(0, 0, -2+i), "Discharged home", ""); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	from, to := now.AddDate(0, 0, -10).Format("2006-01-02"), now.Format("2006-01-02")

	out, errs, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "stats", "--from", from, "--to", to, "--format", "json")
	if code != 0 {
		t.Fatalf("stats: %s %s", out, errs)
	}
	var got struct {
		Figures []struct {
			Key   string
			Value float64
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	want := map[string]float64{"ip.admissions": 2, "ip.discharges": 2, "ip.discharge_days": 6, "ip.alos": 3,
		"ip.admissions/ward=Medical": 2}
	for _, f := range got.Figures {
		if w, ok := want[f.Key]; ok {
			if f.Value != w {
				t.Errorf("%s = %v, want %v", f.Key, f.Value, w)
			}
			delete(want, f.Key)
		}
	}
	if len(want) > 0 {
		t.Errorf("figures missing: %v", want)
	}
	out, errs, code = runCLI(t, testPassword, "--db", db, "--user", "clerk1", "stats", "--from", from, "--to", to,
		"--members", "ip.discharges/ward=Medical")
	if code != 0 || strings.Count(out, ps[0].MRN)+strings.Count(out, ps[1].MRN) != 2 || !strings.Contains(out, "discharged") {
		t.Fatalf("members: %q %s", out, errs)
	}
	if _, _, code := runCLI(t, testPassword, "--db", db, "--user", "clerk1", "stats", "--period", "2026-13"); code == 0 {
		t.Error("a bad period was accepted")
	}
}
