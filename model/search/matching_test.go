package search

import (
	"fmt"
	"slices"
	"testing"

	"dossier/model"
)

// TestMatchingIsSearchUnranked: the set Matching returns is the set of
// Search's results, for one word, several, a word being typed, filters
// alone, restricted patients, and limits that cut the candidates.
func TestMatchingIsSearchUnranked(t *testing.T) {
	ix := New()
	givens := []string{"Amina", "Aminah", "Peter", "Petra", "Phillip", "Filipo", "Okello", "Okelo", "Nakato", "Nakatto"}
	for i := 0; i < 3000; i++ {
		e := entry(givens[i%len(givens)], fmt.Sprintf("Family%d", i%97), model.SexFemale, 1950+i%60, "Bwera")
		e.Restricted = i%50 == 0
		e.Deleted = i%71 == 0
		ix.Put(e)
	}
	tests := []struct {
		name string
		q    Query
	}{
		{"one word", Query{Text: "amina "}},
		{"one word typed", Query{Text: "amin"}},
		{"two letters", Query{Text: "am"}},
		{"sound alike", Query{Text: "filip "}},
		{"typo", Query{Text: "okelo "}},
		{"name and family", Query{Text: "peter family12"}},
		{"family with digits", Query{Text: "family12"}},
		{"year only", Query{Text: "1960"}},
		{"word and year", Query{Text: "nakato 1971"}},
		{"restricted shown", Query{Text: "amina", ShowRestricted: true}},
		{"no match", Query{Text: "zzzqx "}},
	}
	for _, tc := range tests {
		for _, limit := range []int{1, 7, 100, 5000} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, limit), func(t *testing.T) {
				q := tc.q
				q.Today, q.Limit = today, limit
				want := ids(ix.Search(q))
				got := ix.Matching(q)
				slices.SortFunc(want, func(a, b model.ID) int { return slices.Compare(a[:], b[:]) })
				slices.SortFunc(got, func(a, b model.ID) int { return slices.Compare(a[:], b[:]) })
				if !slices.Equal(got, want) {
					t.Fatalf("Matching found %d, Search %d: %v != %v", len(got), len(want), got, want)
				}
			})
		}
	}
}

// TestSelectBestKeepsTheBest: the k best by score then position, whatever
// the input order, ties included.
func TestSelectBestKeepsTheBest(t *testing.T) {
	for _, n := range []int{1, 2, 5, 50, 1000} {
		for _, k := range []int{1, 2, n / 2, n - 1} {
			if k < 1 || k > n {
				continue
			}
			c := make([]scored, n)
			for i := range c {
				c[i] = scored{int32((i * 7919) % n), float64((i * 31) % 5)}
			}
			sorted := slices.Clone(c)
			slices.SortFunc(sorted, func(a, b scored) int {
				if better(a, b) {
					return -1
				}
				return 1
			})
			selectBest(c, k)
			got := slices.Clone(c[:k])
			slices.SortFunc(got, func(a, b scored) int {
				if better(a, b) {
					return -1
				}
				return 1
			})
			if !slices.Equal(got, sorted[:k]) {
				t.Fatalf("n=%d k=%d: %v, want %v", n, k, got, sorted[:k])
			}
		}
	}
}

// BenchmarkMatchingWorklist is a worklist's text filter on the 200,000
// patients of storage's queue benchmark (given names repeating every
// 5,000, family names every 9,000): the set of up to 5,000 patients
// matching, by Search (ranked) and by Matching (unranked).
func BenchmarkMatchingWorklist(b *testing.B) {
	ix := New()
	for i := 0; i < 200_000; i++ {
		ix.Put(Entry{ID: model.NewID(), MRN: fmt.Sprintf("BEN-%07d", i), Given: fmt.Sprintf("Given%d", i%5000), Family: fmt.Sprintf("Family%d", i%9000)})
	}
	for _, text := range []string{"family123", "given12", "family123 given4"} {
		q := Query{Text: text, Limit: 5000, Today: today}
		b.Run("search/"+text, func(b *testing.B) {
			start := cpuMillis()
			defer func() { b.ReportMetric((cpuMillis()-start)/float64(b.N), "cpu-ms/op") }()
			for b.Loop() {
				ix.Search(q)
			}
		})
		b.Run("matching/"+text, func(b *testing.B) {
			start := cpuMillis()
			defer func() { b.ReportMetric((cpuMillis()-start)/float64(b.N), "cpu-ms/op") }()
			for b.Loop() {
				ix.Matching(q)
			}
		})
	}
}
