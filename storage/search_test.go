package storage

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/demo"
	"dossier/model/search"

	bolt "go.etcd.io/bbolt"
)

func TestSearchByNameIdentifierAndAfterReopen(t *testing.T) {
	s, sess, _ := newTestStore(t)
	ps := []model.Patient{samplePatient("Amina", "Nakato"), samplePatient("Peter", "Okello"), samplePatient("Grace", "Auma")}
	ps[1].Phone, ps[1].LegacyCharts = "0772 555 123", []string{"OPD/2014/03321"}
	ps[1].NationalID = "CM7500000AAAA"
	ps[2].Restricted = true
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	check := func(sess *Session, text, wantName string) {
		t.Helper()
		rs, err := sess.Patients().Search(search.Query{Text: text}, false)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if len(rs) == 0 || rs[0].Name != wantName {
			t.Fatalf("%q: got %+v, want %s first", text, rs, wantName)
		}
	}
	check(sess, "nakatto", "NAKATO, Amina")
	check(sess, ps[1].MRN, "OKELLO, Peter")
	check(sess, strings.ToLower(ps[1].MRN), "OKELLO, Peter")
	check(sess, "+256 772 555123", "OKELLO, Peter")
	check(sess, "opd/2014/03321", "OKELLO, Peter")
	check(sess, "CM7500000AAAA", "OKELLO, Peter")
	bad := ps[1].MRN[:len(ps[1].MRN)-1] + "Z"
	if bad == ps[1].MRN {
		bad = ps[1].MRN[:len(ps[1].MRN)-1] + "Y"
	}
	if _, err := sess.Patients().Search(search.Query{Text: bad}, false); !errors.Is(err, model.ErrMRNCheck) {
		t.Fatalf("mistyped MRN: %v", err)
	}
	clerk := addUser(t, sess, "clerk1", model.RoleClerk)
	if rs, _ := clerk.Patients().Search(search.Query{Text: "auma"}, false); len(rs) != 0 {
		t.Fatalf("restricted patient found by name: %+v", rs)
	}
	rs, _ := clerk.Patients().Search(search.Query{Text: ps[2].MRN}, false)
	if len(rs) != 1 || rs[0].Name != "(restricted record)" {
		t.Fatalf("restricted by MRN: %+v", rs)
	}
	// An edit moves the patient in the index.
	p, rev, _ := sess.Patients().Get(ps[0].ID)
	p.FamilyName = "Namubiru"
	if err := sess.Patients().Update(p, rev.Rev, "married name"); err != nil {
		t.Fatal(err)
	}
	check(sess, "namubiru", "NAMUBIRU, Amina")

	// Reopen: the index comes back from the sealed snapshot, no rebuild.
	sess.Lock(model.ActSignOut)
	clerk.Lock(model.ActSignOut)
	if s.index != nil {
		t.Fatal("index kept in memory after every session locked")
	}
	s.Close()
	s2, err := Open(s.path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	s.db = s2.db
	sess2, _ := s2.SignIn("admin", testPassword)
	s2.db.View(func(tx *bolt.Tx) error {
		if _, err := sess2.readSnapshot(tx); err != nil {
			t.Fatalf("snapshot: %v", err)
		}
		return nil
	})
	check(sess2, "namubiru", "NAMUBIRU, Amina")
	check(sess2, "okelo", "OKELLO, Peter")
}

func TestSnapshotIsRebuiltWhenItDisagrees(t *testing.T) {
	s, sess, _ := newTestStore(t)
	p := samplePatient("Amina", "Nakato")
	sess.Patients().Register(&p)
	sess.Lock(model.ActSignOut)
	// Damage the snapshot: the next session must rebuild it from records.
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bSearch).Put(u32(0), []byte("garbage")) })
	sess, _ = s.SignIn("admin", testPassword)
	rs, err := sess.Patients().Search(search.Query{Text: "nakato"}, false)
	if err != nil || len(rs) != 1 {
		t.Fatalf("after rebuild: %v %v", rs, err)
	}
}

// An index loaded from the sealed snapshot searches exactly like the one
// built save by save: the same results, scores and reasons, in the same
// order, for prefixes of every length, whole names, two words and typos
// (over several chunks, with an edit and new patients after the first load).
func TestSnapshotIndexSearchesLikeFresh(t *testing.T) {
	s, sess, _ := newTestStore(t)
	var ps []model.Patient
	demo.Patients(demo.Config{Patients: 2600, Seed: 11, Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, func(i int, p model.Patient) bool {
		p.Restricted = i%97 == 0
		ps = append(ps, p)
		return true
	})
	if err := sess.Patients().RegisterMany(ps, nil); err != nil {
		t.Fatal(err)
	}
	list, err := sess.Patients().List(false)
	if err != nil || len(list) == 0 {
		t.Fatalf("list: %v", err)
	}
	p, rev, err := sess.Patients().Get(list[5].ID)
	if err != nil {
		t.Fatal(err)
	}
	p.FamilyName, p.OtherNames = "Wanjiru-Okello", []string{"Nalule"}
	if err := sess.Patients().Update(p, rev.Rev, "married name"); err != nil {
		t.Fatal(err)
	}
	var queries []string
	for i, ps := range list[:min(len(list), 120)] {
		name := strings.ToLower(ps.Name)
		family, given, _ := strings.Cut(name, ", ") // "NAKATO, Amina"
		if family == "" || given == "" {
			continue
		}
		queries = append(queries, family[:1], family[:min(2, len(family))], family[:min(3, len(family))], family,
			given+" "+family[:min(2, len(family))], given+" "+family, family+" ")
		if i%4 == 0 && len(family) > 3 {
			queries = append(queries, given+" "+family[1:], given+" "+family[:2]+family[3:])
		}
	}
	results := func(sess *Session) []string {
		var out []string
		for _, q := range queries {
			rs, err := sess.Patients().Search(search.Query{Text: q, Limit: 30, Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, false)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			for _, r := range rs {
				out = append(out, fmt.Sprintf("%q %s %s %.6f %v", q, r.ID, r.Name, r.Score, r.Why))
			}
		}
		return out
	}
	fresh := results(sess)
	if len(fresh) < 10*len(queries) {
		t.Fatalf("only %d results for %d queries", len(fresh), len(queries))
	}
	sess.Lock(model.ActSignOut)
	if s.index != nil {
		t.Fatal("index kept in memory after every session locked")
	}
	sess, err = s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	loaded := results(sess)
	if len(loaded) != len(fresh) {
		t.Fatalf("snapshot index: %d results, fresh index %d", len(loaded), len(fresh))
	}
	for i := range fresh {
		if loaded[i] != fresh[i] {
			t.Fatalf("result %d differs:\nsnapshot %s\nfresh    %s", i, loaded[i], fresh[i])
		}
	}
}
