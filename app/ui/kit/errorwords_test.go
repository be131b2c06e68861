package kit

import (
	"fmt"
	"testing"

	"dossier/model"
)

// TestErrorsInTheWindowsLanguage: a message from below the window is shown
// in the clinic's language with its values filled in again, whether it
// came from Errorf, a field's message or a validation of several fields,
// and inside a wrapping error; a message with no translation stays English.
func TestErrorsInTheWindowsLanguage(t *testing.T) {
	cases := []struct {
		name, lang string
		err        error
		want       string
	}{
		{"formatted", "fr", model.Errorf(model.NotFound, "there is no user %q", "amina"), `Il n'y a pas d'utilisateur "amina".`},
		{"formatted pt", "pt", model.Errorf(model.Invalid, "keep from 1 to %d backups", 30), "Guarde de 1 a 30 cópias."},
		{"english", "en", model.Errorf(model.NotFound, "there is no user %q", "amina"), `There is no user "amina".`},
		{"field", "sw", model.FieldError("sex", "Choose the sex."), "Chagua jinsia."},
		{"fields", "fr", model.InvalidFields(map[string]string{"name": "Enter at least one name.", "sex": "Choose the sex."}),
			"Saisissez au moins un nom. Choisissez le sexe."},
		{"wrapped", "fr", fmt.Errorf("restore: %w", model.Errorf(model.Damaged, "this file is not a Dossier store")),
			"Restore: ce fichier n'est pas une base Dossier."},
		{"accented first letter", "fr", model.Errorf(model.Invalid, "write the note to add"), "Écrivez la note à ajouter."},
		{"no translation", "fr", model.Errorf(model.Invalid, "a message no file has %d", 3), "A message no file has 3."},
		{"question", "fr", model.Errorf(model.Invalid, "the report definition is larger than %d MB: is it the right file?", 2),
			"La définition du rapport dépasse 2 Mo : est-ce le bon fichier ?"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := plainIn(c.lang, c.err); got != c.want {
				t.Errorf("plainIn(%s) = %q, want %q", c.lang, got, c.want)
			}
		})
	}
}
