package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// runRecordAudit lists the record audits kept, shows one's scores, draws
// a new sample or prints an audit's report (records supervisors).
func runRecordAudit(env *Env, g *globals, args []string) error {
	if len(args) == 0 {
		return errors.New("say list, show ID, draw or report ID")
	}
	verb, args := args[0], args[1:]
	fs := newFlags(env, "record-audit "+verb)
	format := fs.String("format", "table", "table or csv")
	from := fs.String("from", "", "draw: first day of the period (YYYY-MM-DD)")
	to := fs.String("to", "", "draw: last day of the period (YYYY-MM-DD)")
	ward := fs.String("ward", "", "draw: the ward (default every ward)")
	n := fs.Int("n", 20, "draw: how many stays")
	seed := fs.Uint64("seed", 0, "draw: the seed of an earlier draw, to repeat it (default a fresh one)")
	out := fs.String("out", "", "report: the PDF file to write")
	compare := fs.String("compare", "", "report: an earlier audit's ID to show each question's change since")
	var id string
	if (verb == "show" || verb == "report") && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "csv" {
		return errors.New("--format is table or csv")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := sess.RecordAudits()
	var t reports.Table
	switch verb {
	case "list":
		audits, err := svc.List()
		if err != nil {
			return err
		}
		if len(audits) == 0 && *format == "table" {
			fmt.Fprintln(env.Stdout, "No record audits yet.")
			return nil
		}
		t = reports.RecordAuditList(audits)
	case "show":
		a, err := findAudit(svc, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "Record audit %s: %d stays, %d reviewed, seed %d\n", a.Title(), len(a.Stays), a.Reviewed(), a.Seed)
		t = reports.RecordAuditScores(a)
	case "draw":
		f, err1 := time.ParseInLocation("2006-01-02", *from, time.Local)
		l, err2 := time.ParseInLocation("2006-01-02", *to, time.Local)
		if err := errors.Join(err1, err2); err != nil {
			return errors.New("--from and --to are days as YYYY-MM-DD")
		}
		a, err := svc.Draw(f, l.AddDate(0, 0, 1), *ward, *n, *seed)
		if err != nil {
			return err
		}
		stays := "stays"
		if len(a.Stays) == 1 {
			stays = "stay"
		}
		fmt.Fprintf(env.Stdout, "Drew %d %s for the audit %s (seed %d): ID %s\n", len(a.Stays), stays, a.Title(), a.Seed, a.ID)
		return nil
	case "report":
		return writeAuditReport(sess, id, *compare, *out)
	default:
		return fmt.Errorf("record-audit %s: say list, show ID, draw or report ID", verb)
	}
	if *format == "csv" {
		if err := sess.Outputs().RecordExport(model.KindRecordAudit, model.ZeroID, "record audit "+verb+" as CSV to standard output"); err != nil {
			return err
		}
		return reports.WriteCSV(env.Stdout, t)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Header, "\t"))
	for _, r := range t.Rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// findAudit finds an audit by its ID or the first characters of it.
func findAudit(svc storage.RecordAudits, id string) (model.RecordAudit, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return model.RecordAudit{}, errors.New("give the audit's ID (record-audit list shows them)")
	}
	audits, err := svc.List()
	if err != nil {
		return model.RecordAudit{}, err
	}
	var found []model.RecordAudit
	for _, a := range audits {
		if strings.HasPrefix(a.ID.String(), id) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return model.RecordAudit{}, fmt.Errorf("no record audit has the ID %s", id)
	case 1:
		a, _, err := svc.Get(found[0].ID) // audited as a view
		return a, err
	}
	return model.RecordAudit{}, fmt.Errorf("%d audits start with %s: give more of the ID", len(found), id)
}

func writeAuditReport(sess *storage.Session, id, compare, out string) error {
	if out == "" {
		return errors.New("--out FILE.pdf is needed")
	}
	a, err := findAudit(sess.RecordAudits(), id)
	if err != nil {
		return err
	}
	r := reports.RecordAuditReport{Audit: a, PrintedBy: sess.User().Username, PrintedAt: time.Now()}
	if compare != "" {
		e, err := findAudit(sess.RecordAudits(), compare)
		if err != nil {
			return err
		}
		r.Earlier = &e
	}
	if r.Clinic, err = sess.Clinic(); err != nil {
		return err
	}
	r.Words = printed.For(r.Clinic.Language) // the window's report prints the same
	if err := sess.Outputs().RecordPrint(model.KindRecordAudit, a.ID, "record audit report "+a.Title()+" to "+out); err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := reports.WriteRecordAuditReport(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
