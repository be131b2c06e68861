package kit

import (
	"log"
	"os"
	"slices"
	"strings"

	"dossier/assets"
	"dossier/model"

	"fyne.io/fyne/v2/lang"
)

// LoadTranslations gives Fyne the window's words in every language Dossier
// ships (assets/translations), then makes sure code, the clinic's choice,
// is the one used. Fyne matches the system's locale against the languages
// it has; where the system's locale is not the chosen language (Windows and
// macOS, which ignore LANGUAGE), the chosen file is also loaded under the
// system's locale, so the match lands on it. Plural forms then follow the
// system language's rules (README, Languages).
func LoadTranslations(code string) {
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		log.Printf("translations: %v", err)
	}
	if !slices.Contains(model.Languages, code) {
		return
	}
	sys := lang.SystemLocale()
	if base, _, _ := strings.Cut(sys.LanguageString(), "-"); base == code {
		return
	}
	data, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		log.Printf("translations: %v", err)
		return
	}
	if err := lang.AddTranslationsForLocale(data, sys); err != nil {
		log.Printf("translations: %v", err)
	}
}

// UseEnglish is for a package's tests: the English words, with their
// plural forms ("1 pair", "2 pairs"), which the code's fallback alone
// does not have, as the app loads them at start.
func UseEnglish() {
	os.Setenv("LANGUAGE", "en")
	LoadTranslations("")
}
