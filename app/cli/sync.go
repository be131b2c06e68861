package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"dossier/app/flow/replicate"
	"dossier/storage"
)

// runDevice enrols a new desk (an enrolment file protected by a passphrase)
// or revokes this desk's replication.
func runDevice(env *Env, g *globals, args []string) error {
	if len(args) == 0 || (args[0] != "enrol" && args[0] != "revoke") {
		return errors.New("use: dossier device enrol --out FILE | dossier device revoke --reason TEXT")
	}
	fs := newFlags(env, "device "+args[0])
	out := fs.String("out", "", "enrol: where to write the enrolment file")
	reason := fs.String("reason", "", "revoke: why")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if args[0] == "revoke" {
		if *reason == "" {
			return errors.New("say why with --reason")
		}
		if err := sess.Sync().Revoke(*reason); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "this desk's replication is revoked; also remove its user from the server")
		return nil
	}
	if *out == "" {
		return errors.New("name the enrolment file with --out")
	}
	pass, err := env.secret("DOSSIER_ENROL_PASSPHRASE", "Enrolment passphrase (12 characters or more): ")
	if err != nil {
		return err
	}
	file, dev, err := sess.Sync().Enrol(pass, storage.KDFParams{})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, file, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "enrolment file for desk %s written to %s; give the passphrase separately, then delete the file once joined\n", dev[:8], *out)
	return nil
}

// runJoin makes a new desk's store (--db) from an enrolment file.
func runJoin(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "join")
	from := fs.String("from", "", "the enrolment file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("name the enrolment file with --from")
	}
	file, err := os.ReadFile(*from)
	if err != nil {
		return err
	}
	pass, err := env.secret("DOSSIER_ENROL_PASSPHRASE", "Enrolment passphrase: ")
	if err != nil {
		return err
	}
	s, err := storage.Join(g.db, file, pass, storage.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(env.Stdout, "desk %s joined the clinic (MRN block %d) at %s; sign in and run dossier sync\n", s.Device()[:8], s.MRNBlock(), g.db)
	return nil
}

// runSync replicates with the server (once, or every minute until
// stopped), or prints the status.
func runSync(env *Env, g *globals, args []string) error {
	if len(args) > 0 && args[0] == "status" {
		s, err := storage.Open(g.db, storage.Options{ReadOnly: true})
		if err != nil {
			return err
		}
		defer s.Close()
		st, on := s.SyncStatus()
		if !on {
			fmt.Fprintln(env.Stdout, "replication is not set up on this desk")
			return nil
		}
		last := "never"
		if !st.LastSync.IsZero() {
			last = st.LastSync.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(env.Stdout, "desk %s  last sync %s\nwaiting to go up %d, waiting for parents %d, conflicts %d, set aside %d, pulled while locked %d\n",
			s.Device()[:8], last, st.Up, st.Down, st.Conflicts, st.Quarantined, st.Inbox)
		if st.LastError != "" {
			fmt.Fprintln(env.Stdout, "last problem: "+st.LastError)
		}
		return nil
	}
	fs := newFlags(env, "sync")
	url := fs.String("url", "", "the server's database, e.g. https://server:6984/clinic (saved sealed for the next runs)")
	once := fs.Bool("once", false, "one push and pull, then stop")
	ca := fs.String("ca", "", "PEM file of the CA the server's certificate chains to")
	proxy := fs.String("proxy", "", "HTTP proxy URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	set, err := sess.Sync().Settings()
	if err != nil {
		return err
	}
	if *url != "" {
		set.URL, set.CAFile, set.Proxy = *url, *ca, *proxy
		set.User, set.Password = env.Getenv("DOSSIER_SYNC_USER"), env.Getenv("DOSSIER_SYNC_PASSWORD")
		set.Revoked = false
		if err := sess.Sync().SetSettings(set); err != nil {
			return err
		}
	}
	if set.URL == "" {
		return errors.New("no server yet: give --url (and DOSSIER_SYNC_USER, DOSSIER_SYNC_PASSWORD)")
	}
	c, err := replicate.NewClient(set.URL, set.User, set.Password, set.CAFile, set.Proxy)
	if err != nil {
		return err
	}
	for {
		start := time.Now()
		res, err := replicate.Run(context.Background(), sess, c)
		if err != nil {
			fmt.Fprintln(env.Stderr, "dossier: sync: "+oneLine(err))
			if *once {
				return err
			}
		} else {
			fmt.Fprintf(env.Stdout, "pushed %d, pulled %d (applied %d), conflicts %d, set aside %d, in %s\n",
				res.Pushed, res.Pulled, res.Applied, res.Conflicts, res.Quarantined, time.Since(start).Round(time.Millisecond))
			for _, p := range res.Problems {
				fmt.Fprintln(env.Stdout, "  "+p)
			}
		}
		if *once {
			return nil
		}
		time.Sleep(time.Minute)
	}
}
