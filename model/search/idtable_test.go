package search

import (
	"testing"

	"dossier/model"
)

func TestIDTable(t *testing.T) {
	for _, n := range []int{0, 1, 767, 768, 769, 5000} {
		var slots []slot
		var tab idTable
		for i := 0; i < n; i++ {
			slots = append(slots, slot{id: model.NewID()}) // minted fast: many share a timestamp
			tab.add(slots, int32(i))
		}
		built, ok := buildIDTable(slots)
		if !ok {
			t.Fatalf("%d: distinct IDs reported as duplicates", n)
		}
		for i := range slots {
			for _, tb := range []*idTable{&tab, &built} {
				if p, ok := tb.get(slots, slots[i].id); !ok || p != int32(i) {
					t.Fatalf("%d: ID %d found at %d, %v", n, i, p, ok)
				}
			}
		}
		if _, ok := tab.get(slots, model.NewID()); ok {
			t.Fatalf("%d: an unknown ID was found", n)
		}
		if n > 1 {
			slots = append(slots, slots[0])
			if _, ok := buildIDTable(slots); ok {
				t.Fatalf("%d: a duplicate ID was not noticed", n)
			}
		}
	}
}
