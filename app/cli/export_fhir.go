package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"time"

	"dossier/app/flow/exchange"
)

const exportFHIRUsage = `usage: dossier export fhir (--mrn MRN | --all | --since YYYY-MM-DD) --out PATH --for "recipient" [--with-images]
  --mrn writes one patient's Bundle to the file PATH; --all and --since write Bulk Data NDJSON
  (one file per resource type) into the folder PATH; --with-images puts each document's page
  images in (inline in a Bundle, as Binary resources in NDJSON), audited as a disclosure of images`

// runExportFHIR writes FHIR R4: one patient as a Bundle, or the clinic as
// Bulk Data NDJSON. Ctrl-C stops a bulk export (audited as stopped).
func runExportFHIR(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "export fhir")
	mrn := fs.String("mrn", "", "one patient's MRN: a Bundle")
	all := fs.Bool("all", false, "every patient: Bulk Data NDJSON")
	since := fs.String("since", "", "patients with a change on or after this day: Bulk Data NDJSON")
	out := fs.String("out", "", "the file (--mrn) or folder (--all, --since) to write")
	forWhom := fs.String("for", "", "who the records are for (audited)")
	images := fs.Bool("with-images", false, "put the documents' page images in (a disclosure of images; needs release authority)")
	if err := parse(fs, args); err != nil {
		return err
	}
	modes := 0
	for _, set := range []bool{*mrn != "", *all, *since != ""} {
		if set {
			modes++
		}
	}
	if modes != 1 || *out == "" {
		return errors.New(exportFHIRUsage)
	}
	if *forWhom == "" {
		*forWhom = "command-line export"
	}
	var from time.Time
	if *since != "" {
		t, err := time.ParseInLocation("2006-01-02", *since, time.Local)
		if err != nil {
			return fmt.Errorf("--since %q: give a day as YYYY-MM-DD", *since)
		}
		from = t
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	var res exchange.ExportResult
	if *mrn != "" {
		id, err := patientByMRN(sess, *mrn)
		if err != nil {
			return err
		}
		res, err = exchange.ExportPatient(sess, id, *out, *forWhom, *images)
		if err != nil {
			return err
		}
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, err = exchange.ExportBulk(ctx, sess, *out, from, *forWhom, *images, func(n int) {
			fmt.Fprintf(env.Stdout, "\r%d patients…", n)
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout)
	}
	fmt.Fprintf(env.Stdout, "%s in %.1fs.\n", res, time.Since(start).Seconds())
	types := make([]string, 0, len(res.Resources))
	for t := range res.Resources {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(env.Stdout, "  %-22s %d\n", t, res.Resources[t])
	}
	return nil
}
