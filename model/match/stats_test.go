package match

import (
	"context"
	"slices"
	"testing"
)

// keyed counts the pairs that share a blocking key, by brute force (the
// pairs blocking proposes), only across the split when split ≥ 0.
func keyed(people []Prepared, split int) int {
	keys := make([][]string, len(people))
	for i := range people {
		keys[i] = BlockingKeys(&people[i])
	}
	n := 0
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			if split >= 0 && (i < split) == (j < split) {
				continue
			}
			if slices.ContainsFunc(keys[i], func(k string) bool { return slices.Contains(keys[j], k) }) {
				n++
			}
		}
	}
	return n
}

// The counts a run reports are true: every pair is counted once, however
// many keys it shares, so compared pairs never exceed the n(n-1)/2 (or
// len(a)·len(b)) that exist, and without oversized blocks they are exactly
// the pairs that share a key.
func TestPairsStats(t *testing.T) {
	same := make([]Prepared, 101)
	for i := range same {
		same[i] = Prepare(Person{Given: "Achieng", Family: "Odhiambo", Sex: 'F', BirthYear: 1984, Locality: "Kondele"})
	}
	varied := synthetic(101)
	for _, tc := range []struct {
		name          string
		people        []Prepared
		split         int // ≥ 0: link people[:split] with people[split:]
		maxBlock      int
		possible      int
		wantCompared  int // -1: check against brute force
		wantOversized bool
	}{
		{"nobody", nil, -1, 0, 0, 0, false},
		{"one person", same[:1], -1, 0, 0, 0, false},
		{"101 people, all alike", same, -1, 0, 5050, 5050, false},
		{"101 varied people", varied, -1, 0, 5050, -1, false},
		{"linking 40 with 61 alike", same, 40, 0, 40 * 61, 40 * 61, false},
		{"linking 50 with 51 varied", varied, 50, 0, 50 * 51, -1, false},
		{"101 alike, blocks capped at 10", same, -1, 10, 5050, 101*window - window*(window+1)/2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := DefaultModel
			m.MaxBlock = tc.maxBlock
			var st Stats
			var err error
			if tc.split >= 0 {
				_, st, err = m.LinkStats(context.Background(), tc.people[:tc.split], tc.people[tc.split:], nil)
			} else {
				_, st, err = m.PairsStats(context.Background(), tc.people, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tc.wantCompared
			if want < 0 {
				want = keyed(tc.people, tc.split)
			}
			if st.People != len(tc.people) || st.Possible != tc.possible || st.Compared != want ||
				st.NotCompared() != tc.possible-want || (st.Oversized > 0) != tc.wantOversized {
				t.Errorf("got %+v (not compared %d), want %d people, %d possible, %d compared, oversized %v",
					st, st.NotCompared(), len(tc.people), tc.possible, want, tc.wantOversized)
			}
			if st.Compared > st.Possible {
				t.Errorf("compared %d of %d possible", st.Compared, st.Possible)
			}
		})
	}
}
