package storage

import (
	"path/filepath"
	"testing"

	"dossier/model"
	"dossier/storage/vault"
)

// twoDesksLocal is a clinic's first desk and a joined one, exchanging
// documents directly (the server's part is tested in app/flow/replicate).
func twoDesksLocal(t *testing.T) (*Session, *Session) {
	t.Helper()
	_, a, _ := newTestStore(t)
	file, _, err := a.Sync().Enrol("a long enrolment passphrase", vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.dossier")
	s, err := Join(path, file, "a long enrolment passphrase", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); checkFile(t, path) })
	b, err := s.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func replicateTo(t *testing.T, from, to *Session) ApplyResult {
	t.Helper()
	var total ApplyResult
	for {
		docs, last, err := from.Sync().Outgoing(100)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			return total
		}
		from.Sync().Pushed(docs, last)
		res, err := to.Sync().Apply(docs, "")
		if err != nil {
			t.Fatal(err)
		}
		total.Applied += res.Applied
		total.Conflicts += res.Conflicts
		total.Quarantined += res.Quarantined
	}
}

func TestMergeOfTwoDesksEdits(t *testing.T) {
	cases := []struct {
		name         string
		editA, editB func(*model.Patient)
		conflicts    int
		check        func(model.Patient) bool
	}{
		{"different fields merge", func(p *model.Patient) { p.Phone = "+256 700 1" }, func(p *model.Patient) { p.NextOfKin = "Ayo" }, 0,
			func(p model.Patient) bool { return p.Phone == "+256 700 1" && p.NextOfKin == "Ayo" }},
		{"same value on both desks", func(p *model.Patient) { p.Phone = "+256 700 2" }, func(p *model.Patient) { p.Phone = "+256 700 2" }, 0,
			func(p model.Patient) bool { return p.Phone == "+256 700 2" }},
		{"same field differently", func(p *model.Patient) { p.FamilyName = "Apio" }, func(p *model.Patient) { p.FamilyName = "Acen" }, 1,
			func(p model.Patient) bool { return p.FamilyName == "Apio" || p.FamilyName == "Acen" }},
		{"a list and a field", func(p *model.Patient) { p.Address = []string{"North", "Lira"} }, func(p *model.Patient) { p.GivenName = "Grace" }, 0,
			func(p model.Patient) bool { return len(p.Address) == 2 && p.GivenName == "Grace" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := twoDesksLocal(t)
			p := samplePatient("Ann", "Okello")
			if err := a.Patients().Register(&p); err != nil {
				t.Fatal(err)
			}
			replicateTo(t, a, b)
			for _, x := range []struct {
				sess *Session
				edit func(*model.Patient)
			}{{a, c.editA}, {b, c.editB}} {
				q, rev, err := x.sess.Patients().Get(p.ID)
				if err != nil {
					t.Fatal(err)
				}
				x.edit(&q)
				if err := x.sess.Patients().Update(q, rev.Rev, "corrected"); err != nil {
					t.Fatal(err)
				}
			}
			ra := replicateTo(t, b, a)
			rb := replicateTo(t, a, b) // a's own edit and its merge
			replicateTo(t, b, a)       // b's merge: the same one, already known
			if ra.Conflicts != c.conflicts || rb.Conflicts != c.conflicts {
				t.Errorf("conflicts %d and %d, want %d", ra.Conflicts, rb.Conflicts, c.conflicts)
			}
			pa, reva, _ := a.Patients().Get(p.ID)
			pb, revb, _ := b.Patients().Get(p.ID)
			if !c.check(pa) || pa.FamilyName != pb.FamilyName || pa.Phone != pb.Phone || pa.GivenName != pb.GivenName || pa.NextOfKin != pb.NextOfKin || len(pa.Address) != len(pb.Address) {
				t.Errorf("desks differ or the merge is wrong:\n A %+v\n B %+v", pa, pb)
			}
			// Both edits are kept in each desk's history: create, a's, b's, merge.
			if reva.Rev != 4 || revb.Rev != 4 {
				t.Errorf("revisions %d and %d, want 4 on each desk", reva.Rev, revb.Rev)
			}
			// Nothing more travels once both hold the same merge.
			if r := replicateTo(t, a, b); r.Applied != 0 {
				t.Errorf("the desks keep exchanging: %d applied", r.Applied)
			}
		})
	}
}

func TestMRNBlocksNeverCollide(t *testing.T) {
	a, b := twoDesksLocal(t)
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		for _, sess := range []*Session{a, b} {
			p := samplePatient("N"+string(rune('a'+i)), "Same")
			if err := sess.Patients().Register(&p); err != nil {
				t.Fatal(err)
			}
			if seen[p.MRN] {
				t.Fatalf("MRN %s issued twice", p.MRN)
			}
			if _, err := model.CheckMRN(p.MRN); err != nil {
				t.Fatalf("MRN %s: %v", p.MRN, err)
			}
			seen[p.MRN] = true
		}
	}
}
