package export

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

const pw = "a long password"

// store makes a store with a clerk and a supervisor, and one patient
// with a checked-out chart and a specimen (as the clerk).
func store(t *testing.T) (*storage.Store, model.Patient) {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk},
		{Username: "super1", FullName: "Sam", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	p := model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 3, Day: 4}}
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	clerk, err := s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer clerk.Lock("sign-out")
	if _, err := clerk.ChartFiles().CheckOut(p.ID, "=HYPERLINK(\"x\")", model.DateOf(time.Now().AddDate(0, 0, 3)), ""); err != nil {
		t.Fatal(err)
	}
	return s, p
}

func signIn(t *testing.T, s *storage.Store, user string) *storage.Session {
	t.Helper()
	sess, err := s.SignIn(user, pw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Lock("sign-out") })
	return sess
}

func TestEveryListExportsAsPrivateAuditedCSV(t *testing.T) {
	s, p := store(t)
	sess := signIn(t, s, "super1")
	dir := t.TempDir()
	for _, l := range Lists {
		if !l.Allowed(sess) {
			t.Errorf("a records supervisor may not export %s", l.Name)
			continue
		}
		path := filepath.Join(dir, l.Name+".csv")
		n, err := l.Save(sess, path)
		if err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: not a private file: %v %v", l.Name, fi, err)
		}
		f, _ := os.Open(path)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) != n+1 {
			t.Fatalf("%s: %d rows read back (%v), want %d", l.Name, len(rows), err, n+1)
		}
		if l.Name == "charts-out" {
			if n != 1 || rows[1][0] != p.MRN || rows[1][3] != "'=HYPERLINK(\"x\")" || rows[1][6] != "" {
				t.Errorf("charts out: %q", rows)
			}
		}
	}
	es, err := sess.Admin().Audit(model.AuditFilter{Action: model.ActExport}, 0)
	if err != nil || len(es) != len(Lists) {
		t.Fatalf("%d exports audited, want %d (%v)", len(es), len(Lists), err)
	}
	if !strings.Contains(es[len(es)-1].Detail, "census (patients admitted now) as CSV: 0 rows, to ") {
		t.Errorf("audit detail %q", es[len(es)-1].Detail)
	}
}

func TestAClerkMayNotExport(t *testing.T) {
	s, _ := store(t)
	clerk := signIn(t, s, "clerk1")
	l, _ := ByName("charts-out")
	if l.Allowed(clerk) {
		t.Fatal("a clerk is offered the export")
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	if _, err := l.Save(clerk, path); model.CodeOf(err) != model.Denied {
		t.Fatalf("err %v, want denied", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a refused export left a file")
	}
}
