package assets

import (
	"embed"
	"encoding/json"
	"sync"
)

// errorWordsFS holds, per language, the plain messages storage and the
// flows give (English, for the command line and the log) in that language:
// a JSON object from the English text, as passed to model.Errorf with its
// %s and %d, to the translation with the same verbs in the same order.
// English has no file: its words are the keys.
//
//go:embed translations/errors/*.json
var errorWordsFS embed.FS

var (
	errorWordsOnce sync.Once
	errorWords     map[string]map[string]string
)

// ErrorWords is the message table of a language (nil for English or a
// language Dossier has no file for).
func ErrorWords(code string) map[string]string {
	errorWordsOnce.Do(func() {
		errorWords = map[string]map[string]string{}
		entries, _ := errorWordsFS.ReadDir("translations/errors")
		for _, e := range entries {
			data, err := errorWordsFS.ReadFile("translations/errors/" + e.Name())
			if err != nil {
				continue
			}
			var m map[string]string
			if json.Unmarshal(data, &m) == nil {
				errorWords[e.Name()[:len(e.Name())-len(".json")]] = m
			}
		}
	})
	return errorWords[code]
}
