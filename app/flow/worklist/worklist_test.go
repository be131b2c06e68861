package worklist

import (
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
	"dossier/storage"
)

const pw = "a long password"

// clinic is a store with one person of each role and work in every list.
type clinic struct {
	s       *storage.Store
	patient model.Patient
	encs    []model.Encounter // to code, oldest first
}

func newClinic(t *testing.T) clinic {
	t.Helper()
	s, admin, _, err := storage.Create(filepath.Join(t.TempDir(), "x.dossier"), model.DefaultClinic("Test Clinic", "TST"),
		model.User{Username: "admin", FullName: "Ada"}, pw, storage.Options{KDF: storage.TestKDF, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, u := range []model.User{{Username: "clerk1", FullName: "Clara", Role: model.RoleClerk}, {Username: "coder1", FullName: "Cody", Role: model.RoleCoder},
		{Username: "drokello", FullName: "Dr Okello", Role: model.RoleClinician}, {Username: "super1", FullName: "Sam", Role: model.RoleSupervisor}} {
		if _, err := admin.Admin().CreateUser(u, pw); err != nil {
			t.Fatal(err)
		}
	}
	c := clinic{s: s, patient: model.Patient{GivenName: "Amina", FamilyName: "Nakato", Sex: model.SexFemale, BirthDate: model.Date{Year: 1990, Month: 3, Day: 4}}}
	if err := admin.Patients().Register(&c.patient); err != nil {
		t.Fatal(err)
	}
	admin.Lock("sign-out")
	clerk, doc := signIn(t, s, "clerk1"), signIn(t, s, "drokello")
	now := time.Now()
	for i, dx := range []string{"malaria", "cough", "anaemia"} {
		e := model.Encounter{PatientID: c.patient.ID, Type: model.EncOutpatient, Start: now.AddDate(0, 0, -10+i), Ward: "OPD", Clinician: "Dr Okello", Diagnoses: []string{dx}}
		if err := clerk.Encounters().Create(&e); err != nil {
			t.Fatal(err)
		}
		c.encs = append(c.encs, e)
	}
	if err := doc.Encounters().CreateNote(&model.Note{PatientID: c.patient.ID, Title: "Discharge summary", Text: "Home on day 3."}); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.ChartFiles().CheckOut(c.patient.ID, "Ward 3", model.DateOf(now.AddDate(0, 0, 1)), ""); err != nil {
		t.Fatal(err)
	}
	return c
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

func counts(secs []Section) map[string]int {
	out := map[string]int{}
	for _, s := range secs {
		out[s.Key] = s.Count
	}
	return out
}

func TestListsByRole(t *testing.T) {
	c := newClinic(t)
	today := time.Now()
	for _, tc := range []struct {
		user, who string
		today     time.Time
		want      map[string]int
	}{
		{"clerk1", "", today, map[string]int{"to-key": 0, "unfiled": 0, "batches": 0, "charts-out": 0}},
		// The chart is due tomorrow: overdue the day after.
		{"clerk1", "", today.AddDate(0, 0, 2), map[string]int{"to-key": 0, "unfiled": 0, "batches": 0, "charts-out": 1}},
		{"coder1", "", today, map[string]int{"to-code": 3}},
		{"drokello", "", today, map[string]int{"to-sign": 1}},
		{"super1", "", today, map[string]int{"requests": 0, "duplicates": 0, "differ": 0}},
		// A supervisor reads a clinician's list as the clinician sees it.
		{"super1", "drokello", today, map[string]int{"to-sign": 1}},
		{"super1", "coder1", today, map[string]int{"to-code": 3}},
	} {
		t.Run(tc.user+" for "+tc.who, func(t *testing.T) {
			secs, err := Lists(signIn(t, c.s, tc.user), tc.who, tc.today)
			if err != nil {
				t.Fatal(err)
			}
			got := counts(secs)
			if len(got) != len(tc.want) {
				t.Fatalf("lists %v, want %v", got, tc.want)
			}
			for k, n := range tc.want {
				if got[k] != n {
					t.Errorf("%s: %d, want %d", k, got[k], n)
				}
			}
		})
	}
	// Only a supervisor reads someone else's list.
	if _, err := Lists(signIn(t, c.s, "clerk1"), "coder1", today); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk read a coder's list: %v", err)
	}
}

// Next walks a list without going back to it: to the one after when the
// item is passed over, to the one that moved up when it was done.
func TestNextOpensTheFollowingItem(t *testing.T) {
	c := newClinic(t)
	coder := signIn(t, c.s, "coder1")
	secs, err := Lists(coder, "", time.Now())
	if err != nil || len(secs) != 1 {
		t.Fatal(secs, err)
	}
	sec := secs[0]
	it, pos, ok, err := Next(coder, sec, storage.WorkFilter{}, c.encs[0].ID, 0)
	if err != nil || !ok || it.ID != c.encs[1].ID || pos != 1 {
		t.Fatalf("passed over: %v %d %v %v", it.ID, pos, ok, err)
	}
	// Code the second: the third moves up into its place.
	q, _, err := coder.Coding().Page(storage.WorkFilter{}, 1, 1)
	if err != nil || len(q) != 1 || q[0].Encounter.ID != c.encs[1].ID {
		t.Fatal(q, err)
	}
	items := q[0].Encounter.ItemsToCode()
	items[0].System, items[0].Code = "ICD-10", "R05"
	if err := coder.Coding().Save(c.encs[1].ID, items, true, q[0].Rev); err != nil {
		t.Fatal(err)
	}
	it, pos, ok, err = Next(coder, sec, storage.WorkFilter{}, c.encs[1].ID, 1)
	if err != nil || !ok || it.ID != c.encs[2].ID || pos != 1 {
		t.Fatalf("after coding: %v %d %v %v", it.ID, pos, ok, err)
	}
	if _, _, ok, _ := Next(coder, sec, storage.WorkFilter{}, c.encs[2].ID, 1); ok {
		t.Fatal("a next item past the end of the list")
	}
	// A search narrows the list Next walks.
	it, _, ok, _ = Next(coder, sec, storage.WorkFilter{Text: "anaemia"}, c.encs[0].ID, 0)
	if !ok || it.ID != c.encs[2].ID {
		t.Fatalf("narrowed: %v %v", it.ID, ok)
	}
}

// fakeSource stands for the deficiencies a person must complete.
type fakeSource struct{ roles map[model.Role]bool }

func (f fakeSource) Sections(sess *storage.Session, who string, role model.Role) ([]Section, error) {
	if !f.roles[role] {
		return nil, nil
	}
	return []Section{{Key: "deficiencies", Title: "Deficiencies assigned to you", Count: 2}}, nil
}

func (f fakeSource) Page(sess *storage.Session, s Section, offset, limit int) (storage.WorkPage, error) {
	return storage.WorkPage{Items: []storage.WorkItem{{Text: "discharge summary not signed"}}, Total: 2}, nil
}

// A Source adds its lists after the queues, for the roles it serves, and
// serves their pages.
func TestSourcesAddTheirLists(t *testing.T) {
	c := newClinic(t)
	src := fakeSource{roles: map[model.Role]bool{model.RoleClinician: true, model.RoleClerk: true}}
	doc := signIn(t, c.s, "drokello")
	secs, err := Lists(doc, "", time.Now(), src)
	if err != nil || len(secs) != 2 || secs[1].Key != "deficiencies" || secs[1].Count != 2 || secs[1].Source == nil {
		t.Fatalf("%+v %v", secs, err)
	}
	page, err := Page(doc, secs[1], storage.WorkFilter{}, 0, 10)
	if err != nil || page.Total != 2 || page.Items[0].Text != "discharge summary not signed" {
		t.Fatalf("%+v %v", page, err)
	}
	if secs, _ := Lists(signIn(t, c.s, "coder1"), "", time.Now(), src); len(secs) != 1 {
		t.Fatalf("a coder got the source's list: %+v", secs)
	}
}

// The deficiency lists: each person sees what their role must complete
// (storage decides), a supervisor the delinquent records; a page holds
// what the count says.
func TestDeficiencyLists(t *testing.T) {
	c := newClinic(t)
	for _, tc := range []struct {
		user, who, key string
		want           int
	}{
		// The three visits' principal diagnoses are not coded: the coder's.
		{"clerk1", "", DeficiencyKey, 0}, {"coder1", "", DeficiencyKey, 3}, {"drokello", "", DeficiencyKey, 0},
		{"super1", "", DelinquentKey, 0}, {"super1", "coder1", DeficiencyKey, 3},
	} {
		t.Run(tc.user+" for "+tc.who, func(t *testing.T) {
			sess := signIn(t, c.s, tc.user)
			secs, err := Lists(sess, tc.who, time.Now(), Deficiencies{})
			if err != nil {
				t.Fatal(err)
			}
			var sec Section
			for _, s := range secs {
				if s.Key == tc.key {
					sec = s
				}
			}
			if sec.Source == nil {
				t.Fatalf("no %s list in %v", tc.key, counts(secs))
			}
			page, err := sec.Source.Page(sess, sec, 0, 50)
			if err != nil || page.Total != sec.Count || len(page.Items) != min(sec.Count, 50) {
				t.Fatalf("page: %d items of %d, count %d: %v", len(page.Items), page.Total, sec.Count, err)
			}
			if sec.Count != tc.want {
				t.Fatalf("%d deficiencies, want %d", sec.Count, tc.want)
			}
			for _, it := range page.Items {
				if it.Patient != c.patient.ID || it.Text == "" {
					t.Fatalf("item %+v", it)
				}
			}
		})
	}
}
