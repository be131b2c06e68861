package cli

import (
	"context"
	"dossier/app/flow/privatefile"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

func runInit(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "init")
	clinic := fs.String("clinic", "", "the clinic's name")
	prefix := fs.String("prefix", "", "MRN prefix, 2–5 letters or digits (e.g. KHC)")
	admin := fs.String("admin", "admin", "the administrator's username")
	fullName := fs.String("name", "Administrator", "the administrator's full name")
	pdf := fs.String("recovery-pdf", "", "also write the recovery key sheet to this PDF")
	if err := parse(fs, args); err != nil {
		return err
	}
	c := model.DefaultClinic(*clinic, *prefix)
	if err := c.Validate(); err != nil {
		return err
	}
	if storage.Exists(g.db) {
		return fmt.Errorf("%s: %w", g.db, storage.ErrExists)
	}
	pw, err := env.newSecret("DOSSIER_PASSWORD", *admin)
	if err != nil {
		return err
	}
	s, sess, rk, err := storage.Create(g.db, c, model.User{Username: *admin, FullName: *fullName}, pw, storage.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(env.Stdout, "Clinic %q created at %s\n\nRECOVERY KEY (write it down or print it, keep it locked away):\n\n    %s\n\n", c.Name, g.db, rk)
	fmt.Fprintf(env.Stdout, "ROOT FINGERPRINT (write it beside the key; `dossier verify --fingerprint` checks it):\n\n    %s\n\n", s.RootFingerprint())
	if *pdf != "" {
		return writeRecoveryPDF(sess, *pdf, c, rk)
	}
	return nil
}

func writeRecoveryPDF(sess *storage.Session, path string, c model.Clinic, rk storage.RecoveryKey) error {
	err := privatefile.Write(path, func(w io.Writer) error {
		return reports.WriteRecoverySheet(w, reports.RecoverySheet{Clinic: c.Name, ClinicID: sess.Store().ClinicID(),
			Key: rk.String(), Created: time.Now(), StoreAt: sess.Store().Path(), RootFingerprint: sess.Store().RootFingerprint()})
	})
	if err != nil {
		return fmt.Errorf("write the recovery sheet: %w", err)
	}
	return sess.Outputs().RecordPrint("", model.ZeroID, "recovery key sheet")
}

func runBackup(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "backup")
	to := fs.String("to", "", "the backup file to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("say where to write the backup: --to FILE")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	man, err := sess.Admin().BackupToFile(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backup written to %s in %.1fs: %d bytes, %d patients, sha256 %s\n",
		*to, time.Since(start).Seconds(), man.Size, man.Counts[model.KindPatient], man.SHA256)
	return nil
}

func runVerify(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "verify")
	backup := fs.String("backup", "", "the backup file to check (without it: the store itself)")
	useRK := fs.Bool("recovery-key", false, "unlock with the recovery key instead of a password")
	fp := fs.String("fingerprint", "", "the root fingerprint printed on the recovery sheet: check the store's root of trust against it")
	var against fileList
	fs.Var(&against, "against", "a backup file whose signed audit head the live trail must contain (repeatable; the backups the store recorded are compared anyway)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *backup == "" {
		if *useRK {
			return errors.New("the store itself is verified by a signed-in user: leave out --recovery-key")
		}
		return verifyLive(env, g, *fp, against)
	}
	if len(against) > 0 {
		return errors.New("--against compares the live store with backups: leave out --backup")
	}
	cred, err := credentials(env, g, *useRK)
	if err != nil {
		return err
	}
	rep, err := storage.VerifyBackup(*backup, cred)
	if err != nil {
		return err
	}
	checkFingerprint(&rep, *fp)
	printReport(env, rep)
	logVerify(env, g, cred, *backup, rep)
	if !rep.OK() {
		return fmt.Errorf("the backup has %d problems", len(rep.Problems))
	}
	fmt.Fprintln(env.Stdout, "OK: the backup opens and every record decrypts.")
	return nil
}

// logVerify records a backup's verification in the live store's audit
// trail, when there is a live store the same credentials unlock.
func logVerify(env *Env, g *globals, cred storage.Credentials, backup string, rep storage.VerifyReport) {
	if !storage.Exists(g.db) {
		return
	}
	s, err := storage.Open(g.db, storage.Options{})
	if err == nil {
		defer s.Close()
		var sess *storage.Session
		if sess, err = s.Unlock(cred); err == nil {
			detail := fmt.Sprintf("backup %s: %d records, %d problems", filepath.Base(backup), rep.Records, len(rep.Problems))
			err = sess.LogAction(model.ActVerify, "", model.ZeroID, detail)
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "Note: the check was not recorded in the store's audit trail (%s).\n", oneLine(err))
	}
}

// verifyLive checks the store itself: structure, every revision and page
// image, the audit chain and its end, which must contain the signed head of
// every backup it can find (recorded by the store, or named with --against).
func verifyLive(env *Env, g *globals, fp string, against []string) error {
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	rep, err := sess.Admin().VerifyStoreAgainst(context.Background(), against, nil)
	if err != nil {
		return err
	}
	checkFingerprint(&rep, fp)
	fmt.Fprintf(env.Stdout, "Store of clinic %s checked in %.1fs: %d records, %d revisions and %d page image chunks decrypted, %d audit entries verified.\n",
		rep.ClinicID, time.Since(start).Seconds(), rep.Records, rep.Revisions, rep.ImageChunks, rep.AuditEntries)
	printTrust(env, rep)
	for i, a := range rep.Anchors {
		if i == 5 {
			fmt.Fprintf(env.Stdout, "… and %d more backups whose signed audit heads are in the live trail\n", len(rep.Anchors)-5)
			break
		}
		fmt.Fprintln(env.Stdout, "Compared with "+a)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(env.Stdout, "PROBLEM: "+p)
	}
	if !rep.OK() {
		return fmt.Errorf("the store %s has %d problems: something was removed or altered outside Dossier", filepath.Base(g.db), len(rep.Problems))
	}
	fmt.Fprintln(env.Stdout, "OK: every record, page image and audit entry is present and intact.")
	return nil
}

// checkFingerprint compares the store's root of trust with the fingerprint
// from the recovery sheet (when one was given) and adds a problem when they
// differ: the signing keys were replaced outside Dossier.
func checkFingerprint(rep *storage.VerifyReport, fp string) {
	if fp == "" {
		return
	}
	switch {
	case rep.RootFingerprint == "":
		rep.Problems = append(rep.Problems, "the store has no root of trust, but the recovery sheet names "+fp+": its signing keys were removed")
	case !storage.SameFingerprint(rep.RootFingerprint, fp):
		rep.Problems = append(rep.Problems, fmt.Sprintf("the store's root of trust is %s, not %s as on the recovery sheet: its signing keys were replaced", rep.RootFingerprint, fp))
	}
}

// printTrust prints the root fingerprint and the notes on signatures.
func printTrust(env *Env, rep storage.VerifyReport) {
	if rep.RootFingerprint != "" {
		fmt.Fprintf(env.Stdout, "Root of trust (compare with the recovery sheet): %s\n", rep.RootFingerprint)
	} else {
		fmt.Fprintln(env.Stdout, "Root of trust: none yet (a store from before signing keys; the first administrator's next sign-in makes it)")
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(env.Stdout, "Note: "+n)
	}
}

func printReport(env *Env, rep storage.VerifyReport) {
	m := rep.Manifest
	fmt.Fprintf(env.Stdout, "Backup of clinic %s made %s by %s with Dossier %s (schema %d)\n",
		m.ClinicID, m.Created.Local().Format("2006-01-02 15:04"), m.By, m.AppVersion, m.Schema)
	fmt.Fprintf(env.Stdout, "Checksum OK. %d records, %d revisions and %d page image chunks decrypted, %d audit entries verified.\n",
		rep.Records, rep.Revisions, rep.ImageChunks, rep.AuditEntries)
	printTrust(env, rep)
	for _, p := range rep.Problems {
		fmt.Fprintln(env.Stdout, "PROBLEM: "+p)
	}
}

func runRestore(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "restore")
	from := fs.String("from", "", "the backup file to restore")
	useRK := fs.Bool("recovery-key", false, "unlock with the recovery key instead of a password")
	other := fs.Bool("other-clinic", false, "replace this clinic's store with a backup of another clinic")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("name the backup to restore: --from FILE")
	}
	cred, err := credentials(env, g, *useRK)
	if err != nil {
		return err
	}
	rep, kept, err := storage.RestoreBackup(*from, g.db, cred, storage.RestoreOptions{OtherClinic: *other})
	if err != nil {
		return err
	}
	printReport(env, rep)
	fmt.Fprintf(env.Stdout, "Restored into %s.\n", g.db)
	if kept != "" {
		fmt.Fprintf(env.Stdout, "The store as it was before is kept at %s.\n", kept)
	}
	return nil
}

func runAudit(env *Env, g *globals, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "list") {
		return errors.New("usage: dossier audit verify | audit list [--last N] [--user U] [--action A] [--flagged]")
	}
	if args[0] == "list" {
		return auditList(env, g, args[1:])
	}
	if err := parse(newFlags(env, "audit verify"), args[1:]); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	n, problems, err := sess.Admin().VerifyAudit()
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(env.Stdout, "PROBLEM: "+p.String())
	}
	// The copies of the other desks' chains this desk pulled (replication).
	chains, err := sess.Sync().VerifyPeerChains()
	if err != nil {
		return err
	}
	for _, c := range chains {
		for _, p := range c.Problems {
			fmt.Fprintf(env.Stdout, "PROBLEM: desk %s: %s\n", c.Device[:8], p)
		}
		if len(c.Problems) == 0 {
			fmt.Fprintf(env.Stdout, "desk %s: %d audit entries held here, chain intact\n", c.Device[:8], c.Entries)
		}
		problems = append(problems, make([]storage.AuditProblem, len(c.Problems))...)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the audit trail of %s has been tampered with: %d problems", filepath.Base(g.db), len(problems))
	}
	fmt.Fprintf(env.Stdout, "OK: %d audit entries, chain intact.\n", n)
	return nil
}

func auditList(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "audit list")
	last := fs.Int("last", 50, "how many entries, newest first (0: all)")
	user := fs.String("user", "", "only this user's entries")
	action := fs.String("action", "", "only this action (sign-in, view, edit, break-glass …)")
	flagged := fs.Bool("flagged", false, "only flagged entries")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	entries, err := sess.Admin().Audit(model.AuditFilter{User: *user, Action: model.Action(*action), FlaggedOnly: *flagged}, *last)
	if err != nil {
		return err
	}
	for _, e := range entries {
		flag := " "
		if e.Flagged {
			flag = "!"
		}
		rec := ""
		if !e.Record.IsZero() {
			rec = string(e.Kind) + ":" + e.Record.String()[:8]
		}
		fmt.Fprintf(env.Stdout, "%6d %s %s %-10s %-16s %-18s %s\n", e.Seq, e.Time.Local().Format("2006-01-02 15:04:05"),
			flag, e.User, e.Action, rec, e.Detail)
	}
	return nil
}

func runRecover(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "recover")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := storage.Open(g.db, storage.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	user := g.user
	if user == "" {
		user = s.DefaultUser()
	}
	text, err := env.line("DOSSIER_RECOVERY_KEY", "Recovery key: ")
	if err != nil {
		return err
	}
	rk, err := storage.ParseRecoveryKey(text)
	if err != nil {
		return err
	}
	pw, err := env.newSecret("DOSSIER_NEW_PASSWORD", user)
	if err != nil {
		return err
	}
	if _, err := s.RecoverWithKey(rk, user, pw); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "The password of %s is reset. Sign in with the new password.\n", user)
	return nil
}

func runUsers(env *Env, g *globals, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: dossier users list | add --username U --name N --role R")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	switch args[0] {
	case "list":
		users, err := sess.Admin().Users()
		if err != nil {
			return err
		}
		for _, u := range users {
			state := ""
			if u.Disabled {
				state = " (disabled)"
			}
			key := "(no signing key yet)"
			if k := u.CurrentKey(); k != nil {
				key = "key " + storage.Fingerprint(k.Pub)
				if len(k.Issuer) == 0 {
					key += " (not certified yet)"
				}
			}
			fmt.Fprintf(env.Stdout, "%-16s %-20s %s%s  %s\n", u.Username, u.Role.Label(), u.FullName, state, key)
		}
		fmt.Fprintf(env.Stdout, "Root of trust: %s\n", orNone(s.RootFingerprint()))
		return nil
	case "add":
		fs := newFlags(env, "users add")
		name := fs.String("username", "", "username")
		full := fs.String("name", "", "full name")
		role := fs.String("role", "", "clerk, coder, supervisor, clinician or admin")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		r, err := model.ParseRole(*role)
		if err != nil {
			return err
		}
		pw, err := env.newSecret("DOSSIER_NEW_PASSWORD", *name)
		if err != nil {
			return err
		}
		u, err := sess.Admin().CreateUser(model.User{Username: *name, FullName: *full, Role: r}, pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Account %s (%s) created.\n", u.Username, u.Role.Label())
		return nil
	}
	return fmt.Errorf("unknown users command %q", args[0])
}

func orNone(s string) string {
	if s == "" {
		return "none yet (the first administrator's next sign-in makes it)"
	}
	return s
}

// runFingerprint prints the store's root of trust, to compare with the
// recovery sheet. It needs no sign-in: the fingerprint is public.
func runFingerprint(env *Env, g *globals, args []string) error {
	if err := parse(newFlags(env, "fingerprint"), args); err != nil {
		return err
	}
	s, err := storage.Open(g.db, storage.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(env.Stdout, "Root of trust of clinic %s: %s\n", s.ClinicID(), orNone(s.RootFingerprint()))
	return nil
}
