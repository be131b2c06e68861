package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	regimport "dossier/app/flow/register"
	"dossier/reports/imports/people"
)

// runImportRegister brings an old patient register in: a preview first
// (always printed), then, unless --dry-run, the import and its report.
func runImportRegister(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "import register")
	csvPath := fs.String("csv", "", "the register as CSV (comma, semicolon or tab separated, with a header line)")
	mapArg := fs.String("map", "", "columns whose header is not recognised: COLUMN=FIELD,… (id is the old chart number)")
	dry := fs.Bool("dry-run", false, "print the preview only; register nothing")
	acceptBroken := fs.Bool("accept-broken", false, "skip broken rows instead of stopping")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *csvPath == "" {
		return errors.New("usage: dossier import register --csv FILE [--map COLUMN=FIELD,…] [--dry-run] [--accept-broken]")
	}
	mapping, err := people.ParseMapping(*mapArg)
	if err != nil {
		return err
	}
	f, err := os.Open(*csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	plan, err := regimport.Prepare(ctx, sess, f, mapping, *acceptBroken, nil)
	for _, b := range plan.Broken {
		fmt.Fprintln(env.Stderr, b.String())
	}
	if err != nil {
		if errors.Is(err, people.ErrBroken) {
			return fmt.Errorf("%s has %d broken rows; fix them or run with --accept-broken", *csvPath, len(plan.Broken))
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "Columns: %s\n", describeColumns(plan.Columns))
	for _, r := range plan.Rows {
		if r.Action == regimport.Create {
			continue
		}
		detail := ""
		switch r.Action {
		case regimport.Existing, regimport.Review:
			detail = " (" + r.OtherMRN + ")"
		case regimport.Folded:
			detail = fmt.Sprintf(" (line %d)", r.SameAsLine)
		case regimport.Broken:
			detail = ": " + r.Problem
		}
		fmt.Fprintf(env.Stdout, "  line %d: %s%s\n", r.Line, r.Action, detail)
	}
	fmt.Fprintf(env.Stdout, "Preview: %s.\n", plan.Counts())
	if *dry {
		fmt.Fprintln(env.Stdout, "Dry run: nothing registered.")
		return nil
	}
	rep, err := regimport.Apply(ctx, sess, plan, nil)
	if err != nil {
		return err
	}
	state := "Done"
	if rep.Cancelled {
		state = "Cancelled (what was registered stays; import the file again to finish)"
	}
	fmt.Fprintf(env.Stdout, "%s: %d patients registered, old chart numbers added to %d registered patients, %d pairs put in duplicate review.\n",
		state, rep.Created, rep.Added, rep.ToReview)
	return nil
}
