package search

import (
	"context"
	"testing"

	"dossier/model"
	"dossier/model/demo"
	"dossier/model/match"
)

// demoIndex indexes a demo clinic, whose generator records which records
// are clerk-made near-duplicates of which.
func demoIndex(t testing.TB, n int) (*Index, demo.Dataset) {
	ds := demo.Generate(demo.Config{Patients: n, Seed: 11, Today: today})
	ix := New()
	for i := range ds.Patients {
		ds.Patients[i].ID = model.NewID()
		ix.Put(EntryOf(ds.Patients[i], false))
	}
	return ix, ds
}

func TestScanFindsTheDemoDuplicates(t *testing.T) {
	ix, ds := demoIndex(t, 3000)
	pairs, err := ix.Scan(context.Background(), &match.DefaultModel, nil)
	if err != nil {
		t.Fatal(err)
	}
	truth := map[[2]model.ID]bool{}
	for d, o := range ds.DuplicateOf {
		a, b := ds.Patients[d].ID, ds.Patients[o].ID
		truth[[2]model.ID{a, b}], truth[[2]model.ID{b, a}] = true, true
	}
	found, correct := 0, 0
	for _, p := range pairs {
		found++
		if truth[[2]model.ID{p.A, p.B}] {
			correct++
		}
	}
	recall := float64(correct) / float64(len(ds.DuplicateOf))
	precision := float64(correct) / float64(max(1, found))
	t.Logf("demo duplicates: %d true, %d proposed, recall %.3f, precision %.3f", len(ds.DuplicateOf), found, recall, precision)
	if recall < 0.85 {
		t.Errorf("recall %.3f below 0.85", recall)
	}
	if precision < 0.5 {
		t.Errorf("precision %.3f below 0.5 for the review queue", precision)
	}
}

func TestCandidatesIncludeTheOriginal(t *testing.T) {
	ix, ds := demoIndex(t, 2000)
	hit := 0
	for d, o := range ds.DuplicateOf {
		e := EntryOf(ds.Patients[d], false)
		for _, c := range ix.Candidates(&e) {
			if c.ID == ds.Patients[o].ID {
				hit++
				break
			}
		}
	}
	if share := float64(hit) / float64(len(ds.DuplicateOf)); share < 0.9 {
		t.Fatalf("candidates hold the original for only %.2f of duplicates", share)
	}
}

func TestScanCancels(t *testing.T) {
	ix, _ := demoIndex(t, 500)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Scan(ctx, &match.DefaultModel, nil); err == nil {
		t.Fatal("cancelled scan finished")
	}
}

// A scan that finds more likely pairs than it may keep says how many it
// found: the best are kept, best first, and none is lost silently.
func TestScanFoundReportsTheCap(t *testing.T) {
	ix, _ := demoIndex(t, 2000)
	all, found, err := ix.ScanFound(context.Background(), &match.DefaultModel, nil)
	if err != nil || found != len(all) || found < 10 {
		t.Fatalf("uncapped: %d pairs, found %d, %v", len(all), found, err)
	}
	defer func(old int) { scanCap = old }(scanCap)
	for _, tc := range []struct {
		name     string
		cap      int
		wantKept int
	}{
		{"cap above what is found", found + 1, found},
		{"cap exactly what is found", found, found},
		{"cap below", found / 2, found / 2},
		{"cap of one", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scanCap = tc.cap
			pairs, n, err := ix.ScanFound(context.Background(), &match.DefaultModel, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n != found || len(pairs) != tc.wantKept {
				t.Fatalf("kept %d of %d found, want %d of %d", len(pairs), n, tc.wantKept, found)
			}
			for i := range pairs {
				if pairs[i].Score != all[i].Score {
					t.Fatalf("pair %d scores %v, the best %d of all score %v", i, pairs[i].Score, tc.wantKept, all[i].Score)
				}
			}
		})
	}
}

// A registration whose family name differs from an existing patient's only
// in its first letter is proposed, at the desk and by the scan, even when
// the given name was written as an initial (the family name alone must
// bring the candidate).
func TestFirstLetterDuplicates(t *testing.T) {
	tests := []struct{ have, typed string }{
		{"Hassan", "Assan"},
		{"Kamau", "Camau"},
		{"Silva", "Tilva"},
		{"Wanjiru", "Vanjiru"},
		{"Juma", "Yuma"},
		{"Shrestha", "Hrestha"},
		{"Rahman", "Arhman"},
		{"Fernando", "Ernando"},
		{"Philips", "Filips"},
	}
	for _, tc := range tests {
		t.Run(tc.have+"/"+tc.typed, func(t *testing.T) {
			ix, _ := demoIndex(t, 300)
			have := entry("Grace", tc.have, model.SexFemale, 1984, "Bwera")
			have.Phone = "+256 772 111222"
			ix.Put(have)
			typed := entry("G", tc.typed, model.SexFemale, 1984, "Bwera")
			typed.Phone = have.Phone
			found := false
			for _, c := range ix.Candidates(&typed) {
				if c.ID == have.ID {
					found = true
					a, b := match.Prepare(typed.Person()), match.Prepare(c.Person())
					if d := match.DefaultModel.DecideCareful(match.DefaultModel.Compare(&a, &b)); d == match.NonMatch {
						t.Errorf("registration check: decided %s", d)
					}
				}
			}
			if !found {
				t.Fatal("registration check: the existing patient is not a candidate")
			}
			ix.Put(typed)
			pairs, err := ix.Scan(context.Background(), &match.DefaultModel, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pairs {
				if p.A == have.ID && p.B == typed.ID || p.A == typed.ID && p.B == have.ID {
					return
				}
			}
			t.Error("the scan does not propose the pair")
		})
	}
}
