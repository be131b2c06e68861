package ui

import (
	"log"
	"os"
	"slices"
	"strings"

	"dossier/assets"
	"dossier/model"

	"fyne.io/fyne/v2/lang"
)

// useLanguage makes the clinic's language (Settings; "" is the computer's)
// the process locale before Fyne starts, because Fyne's lang package picks
// its translations from the locale. LANGUAGE is what gettext and Fyne's
// locale reader look at first on Linux and the BSDs. On Windows and macOS
// that reader asks the system, not the environment: loadTranslations then
// puts the chosen language where the system's is looked for.
func useLanguage(code string) {
	if !slices.Contains(model.Languages, code) {
		return
	}
	os.Setenv("LANGUAGE", code)
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := os.Getenv(v); val != "" {
			if val == "C" || val == "POSIX" {
				os.Setenv(v, code)
			}
			return
		}
	}
	os.Setenv("LANG", code)
}

// loadTranslations gives Fyne the window's words in every language Dossier
// ships (assets/translations), then makes sure code, the clinic's choice,
// is the one used. Fyne matches the system's locale against the languages
// it has; where the system's locale is not the chosen language (Windows and
// macOS, which ignore LANGUAGE), the chosen file is also loaded under the
// system's locale, so the match lands on it. Plural forms then follow the
// system language's rules (README, Languages).
func loadTranslations(code string) {
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
