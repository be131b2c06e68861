package kit

import (
	"slices"

	"dossier/assets"
	"dossier/model"
	"dossier/model/clinical"
)

// The model names document types, outcomes and the keying forms' titles,
// labels and help in English (the command line, the stored templates).
// The window shows them through Word, from the model phrase book in
// assets/translations/model, and maps a shown choice back with English.

// Word is the model's English label in the window's language (itself when
// the book has no entry, as for a clinic's own form labels).
func Word(english string) string {
	if t, ok := assets.ModelWords(windowLanguage())[english]; ok {
		return t
	}
	return english
}

// Words is Word over a list.
func Words(english []string) []string {
	out := make([]string, len(english))
	for i, s := range english {
		out[i] = Word(s)
	}
	return out
}

// English is the model's label a shown word stands for (itself when it is
// no translation: typed text, or English already).
func English(shown string) string { return englishIn(assets.ModelWords(windowLanguage()), shown) }

func englishIn(book map[string]string, shown string) string {
	for en, t := range book {
		if t == shown {
			return en
		}
	}
	return shown
}

// DocTypeName is a document type as the window shows it.
func DocTypeName(t model.DocType) string { return Word(t.Label()) }

// DocTypeNames are the document types' names in the order forms offer them.
func DocTypeNames() []string { return Words(model.DocTypeLabels()) }

// DocTypeByName is the document type a shown name stands for.
func DocTypeByName(name string) (model.DocType, bool) { return model.DocTypeByLabel(English(name)) }

// encounterTypeLabels are the English names of the kinds of encounter.
var encounterTypeLabels = map[model.EncounterType]string{
	model.EncInpatient:  "Inpatient stay",
	model.EncOutpatient: "Outpatient visit",
	model.EncEmergency:  "Emergency visit",
}

// EncounterTypeName is the kind of an encounter as the window shows it.
func EncounterTypeName(t model.EncounterType) string {
	if l, ok := encounterTypeLabels[t]; ok {
		return Word(l)
	}
	return string(t)
}

// EncounterTypeByName is the kind of encounter a shown name stands for.
func EncounterTypeByName(name string) (model.EncounterType, bool) {
	en := English(name)
	for t, l := range encounterTypeLabels {
		if l == en || string(t) == en {
			return t, true
		}
	}
	return "", false
}

// DispositionName is how a stay ended, as the window shows it.
func DispositionName(d clinical.Disposition) string { return Word(d.Label()) }

// modelWordsShown lists every English word the window shows through Word:
// the test holds the phrase book to it.
func modelWordsShown() []string {
	var out []string
	out = append(out, model.DocTypeLabels()...)
	for _, l := range encounterTypeLabels {
		out = append(out, l)
	}
	for _, d := range clinical.Dispositions {
		out = append(out, d.Label())
	}
	out = append(out, clinical.Urgencies...)
	out = append(out, clinical.Severities...)
	out = append(out, clinical.AllergyKinds...)
	out = append(out, model.SpecimenTypes...)
	out = append(out, defaultAddressLevels()...)
	for _, k := range append(slices.Clone(model.RequesterKinds), model.ReqInternal) {
		out = append(out, k.Label())
	}
	for _, c := range model.SensitiveCategories {
		out = append(out, c.Label())
	}
	for _, st := range model.BatchStages {
		out = append(out, st.Label())
	}
	out = append(out, model.QCProblems...)
	for _, st := range []clinical.TranscriptStatus{clinical.TranscriptKeyed, clinical.TranscriptAwaitingSecond, clinical.TranscriptMismatched, clinical.TranscriptVerified} {
		out = append(out, st.Label())
	}
	for _, st := range []model.InboundStatus{model.InboundApplied, model.InboundFailed, model.InboundRefused, model.InboundDismissed} {
		out = append(out, st.Label())
	}
	for _, a := range []model.AuditAnswer{model.AnswerYes, model.AnswerNo, model.AnswerNA} {
		out = append(out, a.Label())
	}
	for _, c := range model.RuleCodes {
		out = append(out, c.Label())
	}
	for _, pp := range model.PageProblems {
		out = append(out, pp.Label())
	}
	for _, tp := range clinical.Templates() {
		out = append(out, tp.Title)
		for _, f := range tp.Fields {
			out = append(out, f.Label)
			if f.Help != "" {
				out = append(out, f.Help)
			}
			if f.Key != "test" && f.Key != "unit" { // catalogue codes and units are the same in every language
				out = append(out, f.ShownChoices()...)
			}
		}
	}
	return out
}
