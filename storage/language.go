package storage

import (
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// The clinic's language must be known before the window opens (Fyne reads
// the process locale when it starts), that is before anyone signs in and
// the sealed settings can be read. So UpdateClinic also keeps a plain copy
// of the language code in meta: a two-letter code, not patient data.

// putLanguage keeps the plain copy of the language setting.
func putLanguage(tx *bolt.Tx, lang string) error {
	m := tx.Bucket(bMeta)
	if lang == "" {
		return m.Delete(kLanguage)
	}
	return m.Put(kLanguage, []byte(lang))
}

// ClinicLanguage is the language the clinic chose in Settings for the store
// at path, "" when none was chosen (follow the computer's) or the store
// cannot be read now: the window then opens in the computer's language and
// the store's own errors are shown as usual.
func ClinicLanguage(path string) string {
	if !Exists(path) {
		return ""
	}
	s, err := Open(path, Options{ReadOnly: true, LockWait: 200 * time.Millisecond})
	if err != nil {
		return ""
	}
	defer s.Close()
	var lang string
	s.db.View(func(tx *bolt.Tx) error {
		lang = string(tx.Bucket(bMeta).Get(kLanguage))
		return nil
	})
	for _, l := range model.Languages {
		if l == lang {
			return l
		}
	}
	return ""
}
