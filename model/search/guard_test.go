package search

import (
	"testing"

	"dossier/model"
	"dossier/model/match"
)

// People born the same day in the same village are common in a rural
// register (twins, neighbours). The matcher must not merge them on birth
// date and place alone.
func TestSameDaySameVillageIsNotAMatch(t *testing.T) {
	base := Entry{Given: "Amina", Family: "Nakato", Sex: model.SexFemale, Birth: model.Date{Year: 1990, Month: 3, Day: 4},
		Address: []string{"Western", "Kasese", "Bwera"}}
	tests := []struct {
		name  string
		other Entry
		worst match.Decision // the strongest decision allowed
	}{
		{"twin sister", Entry{Given: "Babirye", Family: "Nakato", Sex: model.SexFemale, Birth: base.Birth, Address: base.Address}, match.Review},
		{"twin brother", Entry{Given: "Okello", Family: "Nakato", Sex: model.SexMale, Birth: base.Birth, Address: base.Address}, match.Review},
		{"unrelated neighbour", Entry{Given: "Peter", Family: "Okello", Sex: model.SexMale, Birth: base.Birth, Address: base.Address}, match.NonMatch},
	}
	a := match.Prepare(base.Person())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := match.Prepare(tc.other.Person())
			cmp := match.DefaultModel.Compare(&a, &b)
			if d := match.DefaultModel.DecideCareful(cmp); d > tc.worst {
				t.Fatalf("decided %s (score %.1f, same %v), at most %s allowed", d, cmp.Score, cmp.Agree(), tc.worst)
			}
		})
	}
}
