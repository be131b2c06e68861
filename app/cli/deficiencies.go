package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/app/flow/completion"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"
)

// runDeficiencies prints the deficiency queue as the desk shows it: every
// open deficiency the signed-in user may see, or one clinician's, or only
// those of delinquent records.
func runDeficiencies(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "deficiencies")
	clinician := fs.String("clinician", "", "only this clinician's (username or full name)")
	delinquent := fs.Bool("delinquent", false, "only deficiencies of delinquent records")
	role := fs.String("role", "", "only those for this role: clinician, coder or clerk")
	summary := fs.Bool("summary", false, "counts by person instead of one line per deficiency")
	format := fs.String("format", "table", "table or csv")
	figures := fs.Bool("figures", false, "the chart-completion figures (delinquency rate, median days to complete, by type) instead of the list")
	from := fs.String("from", "", "with --figures: the first month, YYYY-MM (default: five months before --to)")
	to := fs.String("to", "", "with --figures: the last month, YYYY-MM (default: this month)")
	review := fs.Bool("review-existing", false, "check the charts already in the store against the completeness rules now (records supervisors), then list")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "csv" {
		return errors.New("--format is table or csv")
	}
	if !*figures && (*from != "" || *to != "") {
		return errors.New("--from and --to go with --figures")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if *figures {
		return printFigures(env, sess, *from, *to, *format)
	}
	if *review {
		n, err := sess.Deficiencies().ReviewExisting(nil, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "%d encounters checked against the completeness rules.\n", n)
	}
	f := storage.DeficiencyFilter{Delinquent: *delinquent}
	if *role != "" {
		r, err := model.ParseRole(*role)
		if err != nil {
			return err
		}
		f.Role = r
	}
	if *clinician != "" {
		u, err := findClinician(sess, *clinician)
		if err != nil {
			return err
		}
		f.Role, f.UserID, f.UserName = model.RoleClinician, u.ID, u.FullName
	}
	rows, err := sess.Deficiencies().Open(f)
	if err != nil {
		return err
	}
	var t reports.Table
	if *summary {
		t = summaryTable(storage.ByResponsible(rows))
	} else {
		t = reports.DeficiencyTable(completion.Lines(rows))
	}
	if *format == "csv" {
		if err := sess.Outputs().RecordExport(model.KindDeficiency, model.ZeroID, fmt.Sprintf("deficiency list (%d) as CSV to standard output", len(rows))); err != nil {
			return err
		}
		return reports.WriteCSV(env.Stdout, t)
	}
	if len(rows) == 0 {
		fmt.Fprintln(env.Stdout, "No open deficiencies.")
		return nil
	}
	return printTable(env, t)
}

func printTable(env *Env, t reports.Table) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Header, "\t"))
	for _, r := range t.Rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// printFigures prints the chart-completion figures of a period (by
// default the last six months, this one included).
func printFigures(env *Env, sess *storage.Session, from, to, format string) error {
	last := model.MonthOf(time.Now())
	if to != "" {
		m, err := model.ParseMonth(to)
		if err != nil {
			return err
		}
		last = m
	}
	first := model.MonthOf(last.Start(time.Local).AddDate(0, -5, 0))
	if from != "" {
		m, err := model.ParseMonth(from)
		if err != nil {
			return err
		}
		first = m
	}
	f, err := sess.Deficiencies().Figures(first, last)
	if err != nil {
		return err
	}
	t := completion.FiguresTable(f)
	if format == "csv" {
		if err := sess.Outputs().RecordExport(model.KindDeficiency, model.ZeroID, fmt.Sprintf("deficiency figures %s to %s as CSV to standard output", first, last)); err != nil {
			return err
		}
		return reports.WriteCSV(env.Stdout, t)
	}
	return printTable(env, t)
}

func summaryTable(counts []storage.ResponsibleCount) reports.Table {
	t := reports.Table{Header: []string{"Responsible", "Role", "Deficiencies", "Records", "Warning", "Delinquent", "Oldest (days)"}}
	for _, c := range counts {
		t.Rows = append(t.Rows, []string{c.Name, c.Role.Label(), fmt.Sprint(c.Open), fmt.Sprint(c.Records),
			fmt.Sprint(c.Warning), fmt.Sprint(c.Delinquent), fmt.Sprint(c.OldestAge)})
	}
	return t
}

// findClinician finds a clinician by username or full name.
func findClinician(sess *storage.Session, who string) (model.User, error) {
	us, err := sess.Encounters().Clinicians()
	if err != nil {
		return model.User{}, err
	}
	for _, u := range us {
		if strings.EqualFold(u.Username, who) || strings.EqualFold(u.FullName, who) {
			return u, nil
		}
	}
	return model.User{}, fmt.Errorf("%q is not a clinician's username or name", who)
}
