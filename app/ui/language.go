package ui

import (
	"os"
	"slices"

	"dossier/app/ui/kit"
	"dossier/model"
)

// useLanguage makes the clinic's language (Settings; "" is the computer's)
// the process locale before Fyne starts, because Fyne's lang package picks
// its translations from the locale. LANGUAGE is what gettext and Fyne's
// locale reader look at first on Linux and the BSDs. On Windows and macOS
// that reader asks the system, not the environment: kit.LoadTranslations then
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

// loadTranslations: see kit.LoadTranslations.
func loadTranslations(code string) { kit.LoadTranslations(code) }
