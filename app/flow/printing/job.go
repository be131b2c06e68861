package printing

import (
	"fmt"

	"dossier/reports"
)

// Job is one document rendered in memory and not yet accounted for. It
// leaves Dossier only through Save or Print, which record it first; the
// window may show it before that (Preview), as looking at a record on
// screen is not an output.
type Job struct {
	// Name is the suggested file name.
	Name string
	// Title names the job in the printer's queue, which other people see:
	// what it is, never whose.
	Title string
	// ActualSize prints at 100 %: labels and cover sheets must match the
	// sheet they are printed on, so the spooler may not fit them to the page.
	ActualSize bool
	PDF        []byte
	// account records the output (an audit entry or a disclosure) before
	// it leaves; to says which printer it goes to ("" for a saved file,
	// which the audit has always taken to be the output).
	account func(to string) error
}

// Pages is how many pages the document has.
func (j *Job) Pages() int { return reports.PageCount(j.PDF) }

// Save writes the document to path as a private file, recorded first.
func (j *Job) Save(path string) error {
	return deliver(path, j.PDF, func() error { return j.account("") })
}

// Print sends the document to a printer through the system spooler. The
// options are checked and the printer looked up before the print is
// recorded, so a mistyped page range or a printer that is gone records
// nothing.
func (j *Job) Print(o PrintOptions) error {
	o, err := o.checked(j.Pages())
	if err != nil {
		return err
	}
	if err := printerExists(o.Printer); err != nil {
		return err
	}
	if err := j.account(o.describe()); err != nil {
		return err
	}
	if err := spool(j.PDF, j.Title, o, j.ActualSize); err != nil {
		return fmt.Errorf("the print was recorded but the printer did not take it: %w", err)
	}
	return nil
}

// withDest adds where a print went to its audit detail.
func withDest(detail, to string) string {
	if to == "" {
		return detail
	}
	return detail + ", " + to
}

// NewJob makes a job of a PDF a screen rendered itself (the accounting of
// disclosures); account records it (RecordPrint or a disclosure) with
// where it goes ("" for a saved file, "printed on X" for a printer).
func NewJob(name, title string, actualSize bool, pdf []byte, account func(to string) error) *Job {
	return &Job{Name: name, Title: title, ActualSize: actualSize, PDF: pdf, account: account}
}

// AuditDetail adds where a print went to its audit detail.
func AuditDetail(detail, to string) string { return withDest(detail, to) }
