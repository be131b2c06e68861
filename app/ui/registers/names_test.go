package registers

import (
	"testing"

	regflow "dossier/app/flow/registers"
)

// TestEveryRegisterHasWords: each register the flow draws up has its name
// in the window's languages, and the name leads back to the register.
func TestEveryRegisterHasWords(t *testing.T) {
	for _, k := range regflow.Kinds {
		name, ok := kindNameOf(k)
		if !ok {
			t.Errorf("register %q has no name in the window's languages", k)
			continue
		}
		if back, ok := kindByName(name); !ok || back != k {
			t.Errorf("%q names %q, not %q", name, back, k)
		}
	}
}
