package cli

import (
	"errors"
	"flag"
	"fmt"

	"dossier/app/flow/printing"
)

// printTo is where a printing command sends its document: a PDF file
// (--out) or a printer (--printer, with --print-copies and --pages).
type printTo struct {
	out, printer, pages *string
	copies              *int
}

func addPrintFlags(fs *flag.FlagSet) printTo {
	return printTo{
		out:     fs.String("out", "", "the PDF to write"),
		printer: fs.String("printer", "", "print on this printer instead of writing a PDF (see dossier printers)"),
		copies:  fs.Int("print-copies", 1, "copies to print (with --printer)"),
		pages:   fs.String("pages", "", "pages to print, e.g. 1-3,5 (with --printer; default all)"),
	}
}

// chosen reports whether exactly one of --out and --printer was given.
func (pt printTo) chosen() bool { return (*pt.out == "") != (*pt.printer == "") }

// deliver saves or prints the job (the printing flow records it first)
// and says where it went.
func (pt printTo) deliver(j *printing.Job) (string, error) {
	if *pt.printer != "" {
		err := j.Print(printing.PrintOptions{Printer: *pt.printer, Copies: *pt.copies, Pages: *pt.pages})
		return "printed on " + *pt.printer, err
	}
	return "written to " + *pt.out, j.Save(*pt.out)
}

// runPrinters lists the printers the system offers.
func runPrinters(env *Env, _ *globals, args []string) error {
	fs := newFlags(env, "printers")
	if err := parse(fs, args); err != nil {
		return err
	}
	ps, err := printing.Printers()
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return errors.New("this computer has no printer set up")
	}
	for _, p := range ps {
		mark := ""
		if p.Default {
			mark = " (default)"
		}
		fmt.Fprintf(env.Stdout, "%s%s\n", p.Name, mark)
	}
	return nil
}
