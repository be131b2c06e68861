package assets

import (
	"embed"
	"encoding/json"
	"strings"
	"sync"
)

// phrasesFS holds phrase books: words made below the window, in English
// for the command line and the log, and shown in the window in the
// clinic's language. Each book is a folder of JSON objects, one per
// language, from the English text to its translation (English has no
// file: its words are the keys):
//   - errors: the messages storage, the model, the flows and reports give
//     (the format passed to model.Errorf, with the same %s and %d in the
//     same order in every language);
//   - model: the model's names for what clerks pick and read, such as
//     document types, form titles, field labels and their help.
//
//go:embed translations/errors/*.json translations/model/*.json
var phrasesFS embed.FS

var (
	phrasesOnce sync.Once
	phrases     map[string]map[string]string // "book/code" → English → words
)

// Phrases is a book's table for a language (nil for English or a language
// Dossier has no file for).
func Phrases(book, code string) map[string]string {
	phrasesOnce.Do(func() {
		phrases = map[string]map[string]string{}
		for _, b := range []string{"errors", "model"} {
			entries, _ := phrasesFS.ReadDir("translations/" + b)
			for _, e := range entries {
				data, err := phrasesFS.ReadFile("translations/" + b + "/" + e.Name())
				if err != nil {
					continue
				}
				var m map[string]string
				if json.Unmarshal(data, &m) == nil {
					phrases[b+"/"+strings.TrimSuffix(e.Name(), ".json")] = m
				}
			}
		}
	})
	return phrases[book+"/"+code]
}

// ErrorWords is the errors book of a language.
func ErrorWords(code string) map[string]string { return Phrases("errors", code) }

// ModelWords is the model book of a language.
func ModelWords(code string) map[string]string { return Phrases("model", code) }
