package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"dossier/app/flow/statistics"
	"dossier/model"
	"dossier/model/stats"
	"dossier/reports"
)

// runStats prints the facility's statistics for a period (the figures of
// the Statistics section), or with --members the patients one figure
// counts (audited; as CSV an audited export).
func runStats(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "stats")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD (default: --from)")
	period := fs.String("period", "", "instead of --from/--to: 2026-11-03, 2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-15")
	ward := fs.String("ward", "", "only this ward's figures (its code)")
	top := fs.Int("top", 10, "morbidity: the N commonest")
	by := fs.String("by", "category", "morbidity by category, block or chapter")
	all := fs.Bool("all-diagnoses", false, "morbidity from every coded diagnosis, not only the principal")
	newMode := fs.String("new", "", "\"year\" or \"ever\": what makes an outpatient new (default: the clinic's setting)")
	members := fs.String("members", "", "list the patients a figure counts, e.g. ip.admissions/ward=MED")
	format := fs.String("format", "table", "table, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return errors.New("--format is table, csv or json")
	}
	p, err := statPeriod(*period, *from, *to)
	if err != nil {
		return err
	}
	opt := statistics.Options{Ward: *ward, TopN: *top, TopBy: stats.Level(*by), AllDiagnoses: *all}
	switch *by {
	case "category", "block", "chapter":
	default:
		return errors.New("--by is category, block or chapter")
	}
	switch *newMode {
	case "":
	case "year", "ever":
		ever := *newMode == "ever"
		opt.NewEver = &ever
	default:
		return errors.New("--new is year or ever")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if *members != "" {
		k, err := statistics.ParseKey(*members)
		if err != nil {
			return err
		}
		rows, err := statistics.Members(sess, p, k)
		if err != nil {
			return err
		}
		t := reports.Table{Header: []string{"MRN", "Name", "Type", "Start", "End", "Ward", "Why it counts"}}
		for _, m := range rows {
			end := ""
			if !m.End.IsZero() {
				end = m.End.Format("2006-01-02 15:04")
			}
			t.Rows = append(t.Rows, []string{m.MRN, m.Name, string(m.Type), m.Start.Format("2006-01-02 15:04"), end, m.Ward, m.Reason})
		}
		switch *format {
		case "csv", "json":
			if err := sess.Outputs().RecordExport(model.KindEncounter, model.ZeroID, fmt.Sprintf("patients of %s, %s (%d) as %s to standard output", k, p, len(rows), *format)); err != nil {
				return err
			}
			if *format == "csv" {
				return reports.WriteCSV(env.Stdout, t)
			}
			return writeJSON(env, rows)
		}
		return printTable(env, t)
	}
	f, err := statistics.Compute(sess, p, opt)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return reports.WriteCSV(env.Stdout, statistics.Table(f))
	case "json":
		type figure struct {
			Key   string  `json:"key"`
			Value float64 `json:"value"`
		}
		out := struct {
			From    string   `json:"from"`
			To      string   `json:"to"`
			Figures []figure `json:"figures"`
		}{From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02")}
		for _, r := range statistics.Rows(f) {
			out.Figures = append(out.Figures, figure{r.Key.String(), f[r.Key]})
		}
		return writeJSON(env, out)
	}
	fmt.Fprintf(env.Stdout, "Statistics %s (%d days)\n", p, p.Days())
	return printTable(env, statistics.Table(f))
}

func writeJSON(env *Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// statPeriod reads --period, or --from and --to (days, clinic local time).
func statPeriod(period, from, to string) (stats.Period, error) {
	if period != "" {
		if from != "" || to != "" {
			return stats.Period{}, errors.New("give --period or --from/--to, not both")
		}
		return stats.ParsePeriod(period, time.Local)
	}
	if from == "" {
		return stats.Period{}, errors.New("give the period: --from YYYY-MM-DD [--to YYYY-MM-DD], or --period 2026-11")
	}
	if to == "" {
		to = from
	}
	return stats.ParsePeriod(from+".."+to, time.Local)
}
