package storage

// Prefs keeps small per-user settings (appearance, recent patients). They
// are kept as drafts are (drafts.go): sealed in the drafts bucket and found
// by a keyed hash of user and name, so the file shows neither, and carried
// through a key rotation with them. They are the user's own and are not
// audited (opening a patient is, when it happens).
type Prefs struct{ sess *Session }

// Prefs is the session's Prefs service.
func (sess *Session) Prefs() Prefs { return Prefs{sess} }

func prefForm(name string) string { return "pref\x00" + name }

// Save stores the user's setting called name.
func (svc Prefs) Save(name string, v any) error {
	return Drafts{svc.sess}.Save(prefForm(name), v)
}

// Load reads the user's setting called name into v; ok is false when the
// user has none.
func (svc Prefs) Load(name string, v any) (ok bool, err error) {
	return Drafts{svc.sess}.Load(prefForm(name), v)
}
