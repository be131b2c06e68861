package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"dossier/app/flow/exchange"
)

// runImportFHIR imports FHIR Bundles or NDJSON files: every patient
// matched against the index, one transaction each; --dry-run prints the
// preview and writes nothing. Ctrl-C stops between patients.
func runImportFHIR(env *Env, g *globals, args []string) error {
	usage := errors.New("usage: dossier import fhir FILE|FOLDER… [--dry-run] [--details]")
	var files []string
	dry, details := false, false
	for _, a := range args {
		switch a {
		case "--dry-run", "-dry-run":
			dry = true
		case "--details", "-details":
			details = true
		default:
			if len(a) > 1 && a[0] == '-' {
				return usage
			}
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		return usage
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := exchange.ImportFiles(ctx, sess, files, dry, func(patients, done, total int) {
		if patients%100 == 0 {
			fmt.Fprintf(env.Stdout, "\r%d patients, %d of %d files…", patients, done, total)
		}
	})
	fmt.Fprintln(env.Stdout)
	for _, p := range res.Plans {
		if p.Note != "" || details {
			fmt.Fprintf(env.Stdout, "  %-8s %-30s %s %s\n", p.Outcome, p.Name, p.MRN, p.Note)
		}
		if details {
			for _, sk := range p.Skipped {
				fmt.Fprintf(env.Stdout, "           skipped %s: %s\n", sk.Source, sk.Reason)
			}
		}
	}
	reasons := map[string]int{}
	for _, sk := range res.Skipped {
		reasons[sk.Reason]++
	}
	for _, p := range res.Plans {
		for _, sk := range p.Skipped {
			reasons[sk.Reason]++
		}
	}
	if len(reasons) > 0 {
		fmt.Fprintln(env.Stdout, "Skipped, by reason:")
		for r, n := range reasons {
			fmt.Fprintf(env.Stdout, "  %6d  %s\n", n, r)
		}
	}
	fmt.Fprintf(env.Stdout, "%s (%.1fs)\n", res, time.Since(start).Seconds())
	return err
}
