package match

import "testing"

// Three records of one person, each corrupted differently: the two copies
// each match the original but not each other well enough alone; the
// cluster makes them a Match. A stranger linked by a low score is not
// pulled in.
func TestCloseClusters(t *testing.T) {
	m := DefaultModel
	base := Person{Given: "sarah", Family: "bruhn", BirthYear: 1930, BirthMonth: 2, BirthDay: 13,
		Address: "44 forbes street wintersloe", Locality: "kellerberrin", Postcode: "4510", Region: "vic"}
	dup1, dup2 := base, base
	dup1.Given, dup1.BirthYear, dup1.BirthMonth, dup1.Locality = "sarha", 1967, 9, "kellerberin"
	dup2.Family, dup2.BirthYear, dup2.BirthMonth, dup2.BirthDay, dup2.Address, dup2.Postcode = "bruhm", 1988, 7, 4, "2 ocean road", "4501"
	stranger := Person{Given: "peter", Family: "okello", BirthYear: 1980, Postcode: "4510", Region: "vic"}
	// A copy whose family name was replaced: it matches the original, but
	// with dup1 (birth replaced too) only two fields of three say who.
	dup3 := base
	dup3.Family = "kelly"
	people := []Prepared{Prepare(base), Prepare(dup1), Prepare(dup2), Prepare(stranger), Prepare(dup3)}
	score := func(a, b int) float64 { return m.Score(&people[a], &people[b]) }
	t.Logf("scores: %.1f %.1f %.1f; dup3: %.1f %.1f; stranger: %.1f %.1f", score(0, 1), score(0, 2), score(1, 2),
		score(0, 4), score(1, 4), score(0, 3), score(1, 3))
	if score(1, 2) >= m.MatchAt || score(1, 2) < m.ReviewAt {
		t.Fatalf("test data: the copies score %.1f together, want Review", score(1, 2))
	}
	if score(0, 4) < m.MatchAt || score(1, 4) >= m.ReviewAt || score(1, 4) < clusterFloor {
		t.Fatalf("test data: dup3 scores %.1f with the original and %.1f with dup1", score(0, 4), score(1, 4))
	}
	if score(0, 3) >= clusterFloor {
		t.Fatalf("test data: the stranger scores %.1f with the original", score(0, 3))
	}
	tests := []struct {
		name  string
		pairs []Pair
		want  map[[2]int]Decision
	}{
		{"copies joined through the original",
			[]Pair{{A: 0, B: 1, Decision: Match}, {A: 0, B: 2, Decision: Match}},
			map[[2]int]Decision{{0, 1}: Match, {0, 2}: Match, {1, 2}: Match}},
		{"a Review pair inside the cluster becomes a Match",
			[]Pair{{A: 0, B: 1, Decision: Match}, {A: 0, B: 2, Decision: Match}, {A: 1, B: 2, Decision: Review}},
			map[[2]int]Decision{{1, 2}: Match}},
		{"a pair scoring below Review but not against joins its cluster",
			[]Pair{{A: 0, B: 1, Decision: Match}, {A: 0, B: 4, Decision: Match}},
			map[[2]int]Decision{{1, 4}: Match}},
		{"two records alone are not a cluster",
			[]Pair{{A: 0, B: 1, Decision: Match}, {A: 1, B: 2, Decision: Review}},
			map[[2]int]Decision{{1, 2}: Review}},
		{"a stranger in a cluster pairs only where it scores",
			[]Pair{{A: 0, B: 1, Decision: Match}, {A: 1, B: 3, Decision: Match}},
			map[[2]int]Decision{{0, 3}: NonMatch}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[[2]int]Decision{}
			for _, p := range m.closeClusters(people, append([]Pair(nil), tc.pairs...)) {
				got[[2]int{p.A, p.B}] = p.Decision
			}
			for k, d := range tc.want {
				if got[k] != d {
					t.Errorf("pair %v: %s, want %s", k, got[k], d)
				}
			}
		})
	}
}
