package ui

import (
	"os"
	"testing"
)

// TestMain gives the window tests the English translations, as the app
// loads them at start: a count-dependent text ("1 match", "2 matches")
// needs its plural forms from en.json, which the code's fallback alone
// does not have.
func TestMain(m *testing.M) {
	os.Setenv("LANGUAGE", "en")
	loadTranslations("")
	os.Exit(m.Run())
}
