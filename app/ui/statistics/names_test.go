package statistics

import (
	"testing"

	"dossier/model"
	"dossier/model/clinical"
)

// TestEveryCodeHasWords: each stay outcome and ward type the model stores
// has its words in the window's languages (names.go); a new code without
// them fails here.
func TestEveryCodeHasWords(t *testing.T) {
	for _, d := range append(clinical.Dispositions, "unknown") {
		if _, ok := outcomeNameOf(string(d)); !ok {
			t.Errorf("stay outcome %q has no words in the window's languages", d)
		}
	}
	for _, w := range model.WardTypes {
		if _, ok := wardTypeNameOf(w); !ok {
			t.Errorf("ward type %q has no words in the window's languages", w)
		}
	}
}
