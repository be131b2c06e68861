package match

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func sharesKey(a, b Person) bool {
	pa, pb := Prepare(a), Prepare(b)
	kb := BlockingKeys(&pb)
	for _, k := range BlockingKeys(&pa) {
		if slices.Contains(kb, k) {
			return true
		}
	}
	return false
}

func TestBlockingKeysTolerate(t *testing.T) {
	base := Person{Given: "Achieng", Family: "Odhiambo", Sex: 'F', BirthYear: 1984, BirthMonth: 6, BirthDay: 21,
		Phone: "0712 345 678", Address: "12 Ring road", Locality: "Kondele", Postcode: "40100", Region: "Kisumu"}
	tests := []struct {
		name   string
		change func(*Person)
	}{
		{"typo in family name", func(p *Person) { p.Family = "Odhaimbo" }},
		{"typo in given name", func(p *Person) { p.Given = "Acheing" }},
		{"typo in both names", func(p *Person) { p.Given, p.Family = "Akieng", "Odiambo"; p.Phone = "" }},
		{"swapped names", func(p *Person) { p.Given, p.Family = p.Family, p.Given; p.Phone = "" }},
		{"no family name", func(p *Person) { p.Family = ""; p.Phone = "" }},
		{"no birth date", func(p *Person) { p.BirthYear, p.BirthMonth, p.BirthDay = 0, 0, 0; p.Phone = "" }},
		{"stated age", func(p *Person) {
			p.BirthYear, p.BirthMonth, p.BirthDay, p.BirthEstimated = 1985, 7, 1, true
			p.Phone = ""
		}},
		{"birth typo and family typo", func(p *Person) { p.BirthDay = 12; p.Family = "Otiambo"; p.Phone = "" }},
		{"moved village", func(p *Person) { p.Locality, p.Postcode, p.Phone = "Manyatta", "40101", "" }},
		{"new phone", func(p *Person) { p.Phone = "0799 000 111" }},
		{"family typo, new birth date, village and postcode", func(p *Person) {
			p.Family, p.BirthYear, p.BirthMonth, p.Locality, p.Postcode, p.Phone = "Odihambo", 1961, 2, "Manyatta", "40111", ""
		}},
		{"only the phone in common", func(p *Person) { p.Given, p.Family, p.BirthYear, p.Locality = "Grace", "Ouma", 0, "" }},
	}
	for _, tc := range tests {
		if !sharesKey(base, with(base, tc.change)) {
			t.Errorf("%s: no shared key", tc.name)
		}
	}
	p := Prepare(base)
	keys := BlockingKeys(&p)
	for i, k := range keys {
		if slices.Contains(keys[:i], k) {
			t.Errorf("key %q twice", k)
		}
	}
	empty := Prepare(Person{})
	if k := BlockingKeys(&empty); len(k) != 0 {
		t.Errorf("an empty person has keys %q", k)
	}
}

// Pairs must give exactly the pairs that share a key and score at least
// ReviewAt, each once, best first: checked against comparing every pair.
func TestPairsAgainstBruteForce(t *testing.T) {
	people := synthetic(800)
	m := DefaultModel
	m.ReviewAt = 5
	got, err := m.Pairs(context.Background(), people, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Freq = CountFrequencies(people) // as Pairs does
	keys := make([][]string, len(people))
	for i := range people {
		keys[i] = BlockingKeys(&people[i])
	}
	want := map[[2]int]Decision{}
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			share := false
			for _, k := range keys[i] {
				share = share || slices.Contains(keys[j], k)
			}
			if d := m.Decide(m.Score(&people[i], &people[j])); share && d != NonMatch {
				want[[2]int{i, j}] = d
			}
		}
	}
	seen := map[[2]int]bool{}
	for i, p := range got {
		k := [2]int{p.A, p.B}
		if p.A >= p.B || seen[k] {
			t.Fatalf("pair %v: out of order or twice", k)
		}
		seen[k] = true
		if d, ok := want[k]; !ok || d != p.Decision {
			t.Errorf("pair %v: %v, brute force says %v (in: %v)", k, p.Decision, d, ok)
		}
		if i > 0 && got[i-1].Comparison.Score < p.Comparison.Score {
			t.Fatalf("not best first at %d", i)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d pairs, brute force %d", len(got), len(want))
	}
	if len(got) < 50 {
		t.Errorf("only %d pairs: the synthetic duplicates are not found", len(got))
	}
}

// With tiny blocks every key is oversized: the sorted-neighbourhood windows
// must still find the duplicates, once each.
func TestPairsOversizedBlocks(t *testing.T) {
	people := synthetic(2000)
	full, err := DefaultModel.Pairs(context.Background(), people, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := DefaultModel
	m.MaxBlock = 2
	small, err := m.Pairs(context.Background(), people, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]int]bool{}
	for _, p := range small {
		if seen[[2]int{p.A, p.B}] || p.A >= p.B {
			t.Fatalf("pair %d,%d twice or out of order", p.A, p.B)
		}
		seen[[2]int{p.A, p.B}] = true
	}
	matches := func(ps []Pair) (n int) {
		for _, p := range ps {
			if p.Decision == Match {
				n++
			}
		}
		return n
	}
	if a, b := matches(full), matches(small); float64(b) < 0.9*float64(a) {
		t.Errorf("windows found %d matches, full blocks %d", b, a)
	}
}

func TestPairsProgressAndCancel(t *testing.T) {
	people := synthetic(3000)
	last, calls := -1, 0
	_, err := DefaultModel.Pairs(context.Background(), people, func(done, total int) {
		if done < last || done > total {
			t.Errorf("progress %d of %d after %d", done, total, last)
		}
		last, calls = done, calls+1
		if done == total && total == 0 {
			t.Error("no comparisons")
		}
	})
	if err != nil || calls == 0 {
		t.Fatalf("err %v, %d progress calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DefaultModel.Pairs(ctx, people, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := DefaultModel.Link(ctx, people[:10], people[10:], nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled link: %v", err)
	}
}

func TestLink(t *testing.T) {
	register := []Prepared{
		Prepare(amina),
		Prepare(Person{ID: "r2", Given: "Rahul", Family: "Sharma", Sex: 'M', BirthYear: 1960, BirthMonth: 1, BirthDay: 5, Locality: "Pune"}),
		Prepare(Person{ID: "r3", Given: "John", Family: "Mwangi", Sex: 'M', BirthYear: 1975, BirthMonth: 3, BirthDay: 2, Locality: "Limuru"}),
	}
	list := []Prepared{
		Prepare(Person{ID: "c1", Given: "Jon", Family: "Mwangi", Sex: 'M', BirthYear: 1975, BirthMonth: 3, BirthDay: 2, Locality: "Limuru"}),
		Prepare(Person{ID: "c2", Given: "Grace", Family: "Njeri", Sex: 'F', BirthYear: 2001, Locality: "Limuru"}),
		Prepare(with(amina, func(p *Person) { p.ID = "c3"; p.Family = "Wanjriu" })),
	}
	pairs, err := DefaultModel.Link(context.Background(), register, list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, p := range pairs {
		got = append(got, [2]string{register[p.A].Person().ID, list[p.B].Person().ID})
		if p.Decision != Match {
			t.Errorf("%v: %v", got[len(got)-1], p.Decision)
		}
	}
	if want := [][2]string{{"1", "c3"}, {"r3", "c1"}}; !slices.Equal(got, want) {
		t.Errorf("linked %v, want %v", got, want)
	}
	// Linking never pairs two people of the same list, even identical ones.
	pairs, _ = DefaultModel.Link(context.Background(), []Prepared{register[0], register[0]}, nil, nil)
	if len(pairs) != 0 {
		t.Errorf("pairs within one list: %v", pairs)
	}
}
