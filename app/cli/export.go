package cli

import (
	"errors"
	"fmt"

	"dossier/app/flow/export"
)

// runExport writes one of the window's lists as CSV (audited as an export).
func runExport(env *Env, g *globals, args []string) error {
	usage := errors.New("usage: dossier export " + export.Names() + " --out FILE.csv")
	if len(args) == 0 {
		return usage
	}
	if args[0] == "fhir" {
		return runExportFHIR(env, g, args[1:])
	}
	l, ok := export.ByName(args[0])
	if !ok {
		return usage
	}
	fs := newFlags(env, "export")
	out := fs.String("out", "", "the CSV file to write")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usage
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := l.Save(sess, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d rows written to %s.\n", l.Title, n, *out)
	return nil
}
