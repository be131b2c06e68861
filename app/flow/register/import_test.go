package register

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"
)

const pw = "a long password"

func clerk(t *testing.T) *storage.Session {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := admin.Admin().CreateUser(model.User{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	sess, err := s.SignIn("clerk1", pw)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// The register: Grace twice (a typo in her name, the same birth and
// phone), one new person, one already registered under another spelling,
// and a row with its chart column in the "old_no" column (mapped).
const register = `old_no,given_name,surname,date_of_birth,sex,phone,village,district
R-001,Grace,Banda,1985-03-12,F,0977123456,Chilubi,Kasama
R-002,Joseph,Mwale,1970-01-01,M,0966000111,Mungwi,Kasama
R-003,Grase,Banda,1985-03-12,F,0977123456,Chilubi,Kasama
R-004,Ruth,Tembo,1992-07-30,F,0955444333,Lukulu,Kasama
`

func TestRegisterImport(t *testing.T) {
	sess := clerk(t)
	ruth := model.Patient{GivenName: "Ruth", FamilyName: "Tembo", Sex: model.SexFemale, BirthDate: model.Date{Year: 1992, Month: 7, Day: 30},
		Phone: "0955444333", Address: []string{"Kasama", "Lukulu"}}
	if err := sess.Patients().Register(&ruth); err != nil {
		t.Fatal(err)
	}
	mapping := map[string]string{"old_no": "id"}
	plan, err := Prepare(context.Background(), sess, strings.NewReader(register), mapping, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Action{Create, Create, Folded, Existing}
	for i, r := range plan.Rows {
		if r.Action != want[i] {
			t.Errorf("line %d (%s): %s, want %s", r.Line, r.Patient.GivenName, r.Action, want[i])
		}
	}
	if got := plan.Rows[0].Patient.LegacyCharts; len(got) != 2 || got[1] != "R-003" {
		t.Errorf("Grace keeps both old chart numbers: %v", got)
	}
	if l, _ := sess.Patients().List(false); len(l) != 1 {
		t.Fatalf("the preview wrote: %d patients", len(l))
	}
	rep, err := Apply(context.Background(), sess, plan, nil)
	if err != nil || rep.Created != 2 || rep.Added != 1 {
		t.Fatalf("report %+v %v", rep, err)
	}
	for chart, name := range map[string]string{"R-001": "Grace", "R-003": "Grace", "R-004": "Ruth", "R-002": "Joseph"} {
		ids, _ := sess.Patients().FindByIdentifier(chart)
		if len(ids) != 1 {
			t.Fatalf("old chart %s finds %d", chart, len(ids))
		}
		p, _, _ := sess.Patients().Get(ids[0])
		if p.GivenName != name {
			t.Errorf("old chart %s finds %s", chart, p.GivenName)
		}
	}
	// The same file again changes nothing.
	again, err := Prepare(context.Background(), sess, strings.NewReader(register), mapping, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := again.Counts(); c[Already] != 3 || c[Create] != 0 {
		t.Fatalf("second import plans %v", c)
	}
}

func TestRegisterBrokenRows(t *testing.T) {
	sess := clerk(t)
	bad := "id,given_name,surname,date_of_birth\n1,Ann,Phiri,1990-02-30\n2,Bob,Zulu,1980-01-01\n"
	if _, err := Prepare(context.Background(), sess, strings.NewReader(bad), nil, false, nil); err == nil {
		t.Fatal("a broken row was accepted without --accept-broken")
	}
	plan, err := Prepare(context.Background(), sess, strings.NewReader(bad), nil, true, nil)
	if err != nil || len(plan.Rows) != 1 || len(plan.Broken) != 1 || plan.Broken[0].Line != 2 {
		t.Fatalf("%+v %v", plan, err)
	}
}
