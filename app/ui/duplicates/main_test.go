package duplicates

import (
	"os"
	"testing"

	"dossier/assets"

	"fyne.io/fyne/v2/lang"
)

// TestMain gives the tests the English translations, as the app loads
// them at start: a count-dependent text ("1 pair", "2 pairs") needs its
// plural forms from en.json, which the code's fallback alone does not have.
func TestMain(m *testing.M) {
	os.Setenv("LANGUAGE", "en")
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
