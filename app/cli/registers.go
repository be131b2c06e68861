package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/app/flow/registers"
	md "dossier/model/dhis2"
)

// runRegisters prints a register or index of a period, as a table, CSV
// (an audited export) or a landscape PDF (an audited print).
func runRegisters(env *Env, g *globals, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New("say which register: disease, procedure, clinician, admissions, deaths or births")
	}
	kind, err := registers.ParseKind(args[0])
	if err != nil {
		return err
	}
	fs := newFlags(env, "registers "+args[0])
	period := fs.String("period", "", "the month, YYYY-MM")
	from := fs.String("from", "", "or the first day, YYYY-MM-DD")
	to := fs.String("to", "", "and the last day, YYYY-MM-DD")
	code := fs.String("code", "", "disease and procedure indexes: only codes beginning so")
	format := fs.String("format", "table", "table, csv or pdf")
	out := fs.String("out", "", "the file to write (pdf needs one; csv defaults to standard output)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var f registers.Filter
	switch {
	case *period != "" && *from == "" && *to == "":
		m, err := md.ParseMonth(*period)
		if err != nil {
			return err
		}
		f = registers.Month(m.Year, m.Month, time.Local)
	case *period == "" && *from != "" && *to != "":
		a, err1 := time.ParseInLocation("2006-01-02", *from, time.Local)
		b, err2 := time.ParseInLocation("2006-01-02", *to, time.Local)
		if errors.Join(err1, err2) != nil {
			return errors.New("--from and --to are days as YYYY-MM-DD")
		}
		f = registers.Filter{From: a, To: b.AddDate(0, 0, 1)}
	default:
		return errors.New("give --period YYYY-MM, or --from and --to")
	}
	f.Code = *code
	if *format != "table" && *format != "csv" && *format != "pdf" {
		return errors.New("--format is table, csv or pdf")
	}
	if *format == "pdf" && *out == "" {
		return errors.New("--format pdf needs --out FILE.pdf")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := registers.Build(sess, kind, f)
	if err != nil {
		return err
	}
	switch *format {
	case "table":
		fmt.Fprintf(env.Stdout, "%s — %s (%d entries)\n", kind.Title(), r.Period, len(r.Table.Rows))
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(r.Table.Header, "\t"))
		for _, row := range r.Table.Rows {
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		return tw.Flush()
	case "csv":
		if *out == "" {
			return registers.WriteCSV(sess, r, env.Stdout, "standard output")
		}
	}
	file, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if *format == "csv" {
		err = registers.WriteCSV(sess, r, file, *out)
	} else {
		err = registers.WritePDF(sess, r, file, *out)
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
	}
	return err
}
