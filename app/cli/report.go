package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"dossier/app/flow/ministryreturn"
	"dossier/app/flow/monthlyreport"
	"dossier/assets"
	md "dossier/model/dhis2"
	"dossier/storage"
)

// figureSource is where the return's and the monthly report's figures come
// from: the statistics engine, as the section shows them.
var figureSource = ministryreturn.EngineFigures

// seriesSource gives the monthly report's charts: the same engine's
// figures, month by month and day by day.
var seriesSource = monthlyreport.EngineSeries

// runMonthlyReport writes the Monthly statistics report PDF (an audited
// print).
func runMonthlyReport(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "report monthly")
	period := fs.String("period", "", "the month, YYYY-MM")
	out := fs.String("out", "", "the PDF file to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE.pdf is needed")
	}
	month, err := md.ParseMonth(*period)
	if err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	j, err := monthlyreport.Job(sess, figureSource(sess), seriesSource(sess), month)
	if err != nil {
		return err
	}
	if err := j.Save(*out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Monthly statistics report for %s: %d pages, saved to %s.\n", month, j.Pages(), *out)
	return nil
}

// runReport prepares reports for outside bodies; today the ministry's
// monthly return (dhis2).
func runReport(env *Env, g *globals, args []string) error {
	if len(args) > 0 && args[0] == "monthly" {
		return runMonthlyReport(env, g, args[1:])
	}
	if len(args) == 0 || args[0] != "dhis2" {
		return errors.New("say report dhis2 (the ministry's monthly return) or report monthly (the Monthly statistics report)")
	}
	fs := newFlags(env, "report dhis2")
	period := fs.String("period", "", "the month, YYYY-MM")
	out := fs.String("out", "", "write the return to this file (dataValueSet JSON, or ADX XML with --adx)")
	adx := fs.Bool("adx", false, "write ADX XML instead of dataValueSet JSON")
	send := fs.Bool("send", false, "post the return to the ministry's server (a dry run first, then the import)")
	orgUnit := fs.String("org-unit", "", "the facility's organisation unit UID (default: the definition's)")
	definition := fs.String("definition", "", "administrators: import this report definition (JSON)")
	example := fs.Bool("example", false, "print the example report definition shipped with Dossier")
	server := fs.String("server", "", `administrators: the ministry's DHIS2 address (e.g. https://hmis.example.org/dhis; "none" clears it); the password from DOSSIER_DHIS2_PASSWORD or a prompt`)
	serverUser := fs.String("server-user", "", "with --server: the facility's user name on the ministry's server")
	history := fs.Bool("history", false, "list the returns kept (saved or sent), for --period or every period")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *example {
		_, err := env.Stdout.Write(assets.ExampleReturnDefinition)
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := sess.Returns()
	switch {
	case *definition != "":
		f, err := os.Open(*definition)
		if err != nil {
			return err
		}
		defer f.Close()
		d, err := md.ParseDefinition(f)
		if err != nil {
			return fmt.Errorf("%s: %w", *definition, err)
		}
		if err := svc.SetDefinition(d, *definition); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Imported the report definition %q: %d rows, data set %s.\n", d.Name, len(d.Rows), d.DataSet)
		return nil
	case *server != "":
		srv := md.Server{}
		if *server != "none" {
			pw, err := env.secret("DOSSIER_DHIS2_PASSWORD", "Password on the ministry's server: ")
			if err != nil {
				return err
			}
			srv = md.Server{URL: *server, Username: *serverUser, Password: pw}
		}
		if err := svc.SetServer(srv); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "Saved the ministry's server (sealed in the store).")
		return nil
	case *history:
		return printKept(env, svc, *period)
	}
	if *period == "" {
		return errors.New("--period YYYY-MM is needed")
	}
	month, err := md.ParseMonth(*period)
	if err != nil {
		return err
	}
	p, err := ministryreturn.Prepare(sess, figureSource(sess), month, *orgUnit)
	if err != nil {
		return err
	}
	printPrepared(env, p)
	if *out != "" {
		k, err := ministryreturn.SaveFile(sess, p, *adx, *out)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Saved to %s (%s).\n", k.File, k.Action)
	}
	if *send {
		res, err := ministryreturn.Send(context.Background(), sess, p, nil)
		fmt.Fprintf(env.Stdout, "Dry run: %s\n", ministryreturn.Describe(res.DryRun))
		if res.Import != nil {
			fmt.Fprintf(env.Stdout, "Import: %s\n", ministryreturn.Describe(*res.Import))
			for _, c := range res.Import.Conflicts {
				fmt.Fprintf(env.Stdout, "  conflict %s: %s\n", c.Object, c.Value)
			}
		}
		return err
	}
	if *out == "" {
		fmt.Fprintln(env.Stderr, "Nothing saved or sent: add --out FILE [--adx] or --send.")
	}
	return nil
}

func printPrepared(env *Env, p ministryreturn.Prepared) {
	fmt.Fprintf(env.Stdout, "%s — %s, org unit %s\n", p.Definition.Name, p.Month, p.OrgUnit)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Row\tData element\tCategory option combo\tValue")
	for _, v := range p.Values {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.Label, v.DataElement, v.CategoryOptionCombo, v.Text())
	}
	tw.Flush()
	if len(p.Missing) > 0 {
		fmt.Fprintf(env.Stdout, "%d rows not filled (their figures are not computed) and left out:\n", len(p.Missing))
		for _, m := range p.Missing {
			fmt.Fprintf(env.Stdout, "  %s (%s)\n", m.Label, m.Key)
		}
	}
	if p.LastSent == nil {
		fmt.Fprintln(env.Stdout, "Not sent before for this period.")
		return
	}
	fmt.Fprintf(env.Stdout, "Sent before by %s on %s; %d values changed since:\n", p.LastSent.By,
		p.LastSent.At.Local().Format("2006-01-02 15:04"), len(p.Changes))
	for _, c := range p.Changes {
		fmt.Fprintf(env.Stdout, "  %s: %s\n", c.Label, ChangeText(c))
	}
}

// ChangeText says a change in words: "41 → 42", "new: 3", "removed (was 2)".
func ChangeText(c md.Change) string {
	switch {
	case !c.WasThere:
		return "new: " + md.FormatValue(c.Now)
	case !c.NowThere:
		return "removed (was " + md.FormatValue(c.Was) + ")"
	}
	return md.FormatValue(c.Was) + " → " + md.FormatValue(c.Now)
}

func printKept(env *Env, svc storage.Returns, period string) error {
	ks, err := svc.Kept(period)
	if err != nil {
		return err
	}
	if len(ks) == 0 {
		fmt.Fprintln(env.Stdout, "No returns kept yet.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "When\tPeriod\tWhat\tBy\tValues\tWhere\tServer's answer")
	for _, k := range ks {
		answer := k.Failure
		if k.Answer != nil {
			answer = ministryreturn.Describe(*k.Answer)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", k.At.Local().Format("2006-01-02 15:04"), k.Period, k.Action, k.By,
			len(k.Values), strings.TrimSpace(k.File+" "+k.Server), answer)
	}
	return tw.Flush()
}
