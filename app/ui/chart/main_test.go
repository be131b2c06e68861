package chart

import (
	"os"
	"testing"

	"dossier/app/ui/kit"
)

// TestMain gives the tests the English words with their plural forms.
func TestMain(m *testing.M) {
	kit.UseEnglish()
	os.Exit(m.Run())
}
