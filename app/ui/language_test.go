package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// The clinic's language reaches Fyne through the process locale.
func TestUseLanguageSetsFyneLocale(t *testing.T) {
	for _, c := range []struct {
		lcAll, lang, code, want string
	}{
		{"", "en_GB.UTF-8", "fr", "fr"},
		{"en_US.UTF-8", "", "sw", "sw"},
		{"C", "", "pt", "pt"},
		{"", "fr_FR.UTF-8", "", "fr"}, // no choice: the computer's
		{"", "fr_FR.UTF-8", "de", "fr"},
	} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		useLanguage(c.code)
		if got, _, _ := strings.Cut(lang.SystemLocale().LanguageString(), "-"); got != c.want {
			t.Errorf("%+v: Fyne's locale %q, want %q", c, got, c.want)
		}
	}
}
