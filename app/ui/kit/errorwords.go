package kit

import (
	"fmt"
	"strings"

	"dossier/assets"
	"dossier/model"
	"dossier/reports/printed"

	"fyne.io/fyne/v2/lang"
)

// windowLanguage is the language Fyne chose for the window's words, as its
// translation files name it: asking lang keeps error messages in the same
// language as the screen around them, whatever the system says.
func windowLanguage() string {
	return lang.X("language.code", "en")
}

// PrintedWords are the printed documents' words in the window's language,
// for what the window draws with a report's code (the statistics charts):
// English when the window's language is one Dossier does not print.
func PrintedWords() printed.Words { return printed.For(windowLanguage()) }

// errorText is e's message in the window's language: storage and the flows
// speak English (the command line, the log), and the clinic's file under
// assets/translations/errors gives the same message in its words. A message
// with no translation stays English.
func errorText(e *model.Error) string { return errorTextIn(windowLanguage(), e) }

// errorTextIn is e's message in the language code.
func errorTextIn(code string, e *model.Error) string {
	words := assets.ErrorWords(code)
	if words == nil {
		return e.Error()
	}
	if e.Format != "" {
		if t, ok := words[e.Format]; ok {
			return fmt.Sprintf(t, e.Args...)
		}
		return e.Error()
	}
	if e.Message == "" && len(e.Fields) > 0 || len(e.Fields) > 0 && e.Message == model.InvalidFields(e.Fields).Message {
		return model.InvalidFields(fieldMessagesIn(words, e.Fields)).Message
	}
	if t, ok := words[e.Message]; ok {
		return t
	}
	return e.Error()
}

// FieldMessages is a form's per-field messages (model.FieldsOf) in the
// window's language.
func FieldMessages(fields map[string]string) map[string]string {
	return fieldMessagesIn(assets.ErrorWords(windowLanguage()), fields)
}

func fieldMessagesIn(words map[string]string, fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for f, m := range fields {
		if t, ok := words[m]; ok {
			m = t
		}
		out[f] = m
	}
	return out
}

// localErrorString is err's whole text with the message of the Error inside
// it in the window's language (a wrapping prefix, rare on screen, stays).
func localErrorString(code string, err error, e *model.Error) string {
	s := err.Error()
	if e == nil {
		return s
	}
	if t := errorTextIn(code, e); t != e.Error() {
		s = strings.Replace(s, e.Error(), t, 1)
	}
	return s
}
