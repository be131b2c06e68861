package model

import "testing"

func TestClinicCalendarAndLanguage(t *testing.T) {
	for _, c := range []struct {
		cal, lang string
		ok        bool
	}{
		{"", "", true}, {"gregorian", "en", true}, {"ethiopian", "fr", true}, {"ethiopian", "sw", true},
		{"", "pt", true}, {"julian", "", false}, {"Ethiopian", "", false}, {"", "am", false}, {"", "FR", false},
	} {
		cl := DefaultClinic("Kasese", "KDH")
		cl.Calendar, cl.Language = c.cal, c.lang
		if err := cl.Validate(); (err == nil) != c.ok {
			t.Errorf("calendar %q language %q: %v", c.cal, c.lang, err)
		}
	}
	for _, l := range Languages {
		if LanguageName(l) == "" {
			t.Errorf("%s has no name", l)
		}
	}
}
