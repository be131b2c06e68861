package kit

import (
	"testing"

	"dossier/assets"
	"dossier/model"
	"dossier/model/clinical"
)

// TestModelWordsInEveryLanguage: every word of the model the window shows
// (document types, kinds of encounter, outcomes, the forms' titles, labels,
// help and choices) has its translation, no translation is left over, and
// no two words picked from a list share one translation (English would
// then not know which was picked).
func TestModelWordsInEveryLanguage(t *testing.T) {
	shown := map[string]bool{}
	for _, w := range modelWordsShown() {
		shown[w] = true
	}
	// Words picked from a list are mapped back to what is stored.
	picked := map[string]bool{}
	for _, l := range model.DocTypeLabels() {
		picked[l] = true
	}
	for _, l := range encounterTypeLabels {
		picked[l] = true
	}
	for _, d := range clinical.Dispositions {
		picked[d.Label()] = true
	}
	for _, code := range model.Languages {
		if code == "en" {
			continue
		}
		book := assets.ModelWords(code)
		if book == nil {
			t.Errorf("%s: no file assets/translations/model/%s.json", code, code)
			continue
		}
		for w := range shown {
			if tr, ok := book[w]; !ok || tr == "" {
				t.Errorf("%s: no words for %q", code, w)
			}
		}
		back := map[string]string{}
		for en, tr := range book {
			if !shown[en] {
				t.Errorf("%s: %q is in the book but the window never shows it: remove it", code, en)
			}
			if !picked[en] {
				continue
			}
			if other, dup := back[tr]; dup {
				t.Errorf("%s: %q and %q, both picked from a list, are both %q", code, en, other, tr)
			}
			back[tr] = en
		}
	}
}

// TestWordsMapBack: a document type, a kind of encounter and an outcome
// picked in French are stored as the same value as in English.
func TestWordsMapBack(t *testing.T) {
	book := assets.ModelWords("fr")
	for _, dt := range model.DocTypes {
		fr := book[dt.Label()]
		if got, ok := model.DocTypeByLabel(englishIn(book, fr)); !ok || got != dt {
			t.Errorf("%s shown as %q maps back to %q", dt, fr, got)
		}
	}
}
