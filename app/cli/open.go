package cli

import (
	"dossier/storage"
)

// signIn opens the store and unlocks it for --user (default: the clinic's
// first administrator) with the password from the prompt or environment.
func signIn(env *Env, g *globals) (*storage.Store, *storage.Session, error) {
	return signInWith(env, g, storage.Options{})
}

// signInWith is signIn with the store opened with opts.
func signInWith(env *Env, g *globals, opts storage.Options) (*storage.Store, *storage.Session, error) {
	s, err := storage.Open(g.db, opts)
	if err != nil {
		return nil, nil, err
	}
	user := g.user
	if user == "" {
		user = s.DefaultUser()
	}
	pw, err := env.secret("DOSSIER_PASSWORD", "Password for "+user+": ")
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	sess, err := s.SignIn(user, pw)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, sess, nil
}

// credentials asks for what unlocks a backup: the recovery key when asked
// for, else the user's password.
func credentials(env *Env, g *globals, useRecovery bool) (storage.Credentials, error) {
	if useRecovery {
		text, err := env.line("DOSSIER_RECOVERY_KEY", "Recovery key: ")
		if err != nil {
			return storage.Credentials{}, err
		}
		rk, err := storage.ParseRecoveryKey(text)
		return storage.Credentials{Recovery: rk}, err
	}
	user := g.user
	if user == "" {
		user = "admin"
		if s, err := storage.Open(g.db, storage.Options{ReadOnly: true}); err == nil {
			user = s.DefaultUser()
			s.Close()
		}
	}
	pw, err := env.secret("DOSSIER_PASSWORD", "Password for "+user+": ")
	return storage.Credentials{Username: user, Password: pw}, err
}
