// Package scanflow brings scanned files into the store: it decodes them
// (reports/imports/scans), files the pages that follow a cover sheet to their
// patient, and leaves the rest in the unfiled tray. The window, the
// scanner inbox and the command line all import through here.
package scan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dossier/model"
	scanin "dossier/reports/imports/scans"
	"dossier/storage"
)

// Summary says what an import did, in words a clerk can act on.
type Summary struct {
	Files     int
	Pages     int // pages stored (cover sheets not counted)
	Filed     int // pages filed automatically behind cover sheets
	Documents int
	Unfiled   int
	Covers    int
	Failed    []scanin.FileError
	Notes     []string // cover sheets that could not be used, and why
}

// String is the one-paragraph report shown after an import.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s imported from %s.", count(s.Pages, "page"), count(s.Files, "file"))
	if s.Filed > 0 {
		fmt.Fprintf(&b, " %s filed behind cover sheets as %s.", count(s.Filed, "page"), count(s.Documents, "document"))
	}
	if s.Unfiled > 0 {
		fmt.Fprintf(&b, " %s in the unfiled tray.", count(s.Unfiled, "page"))
	}
	for _, n := range s.Notes {
		b.WriteString("\n• " + n)
	}
	for _, f := range s.Failed {
		b.WriteString("\n• Not imported: " + f.Error())
	}
	return b.String()
}

// Import decodes files and stores their pages for batch (zero: none).
// Files that cannot be read are named in the summary and the rest go on;
// each group of pages is stored in one transaction.
func Import(ctx context.Context, sess *storage.Session, batch model.ID, files []scanin.Input, progress func(float64)) (Summary, error) {
	sum := Summary{Files: len(files)}
	opt := scanin.Options{Progress: func(done, total int) {
		if progress != nil && total > 0 {
			progress(0.9 * float64(done) / float64(total))
		}
	}}
	pages, failed, err := scanin.ReadFiles(ctx, files, opt)
	sum.Failed = failed
	if err != nil {
		return sum, err
	}
	groups := scanin.Split(pages)
	for i, g := range groups {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := storeGroup(sess, batch, g, &sum); err != nil {
			return sum, fmt.Errorf("stopped after %d pages: %w", sum.Pages, err)
		}
		if progress != nil {
			progress(0.9 + 0.1*float64(i+1)/float64(len(groups)))
		}
	}
	return sum, nil
}

func storeGroup(sess *storage.Session, batch model.ID, g scanin.Group, sum *Summary) error {
	if g.Cover != nil || g.SheetSource != "" {
		sum.Covers++
	}
	if len(g.Pages) == 0 {
		if g.Cover != nil {
			sum.Notes = append(sum.Notes, fmt.Sprintf("The cover sheet for %s (%s) had no pages behind it.", g.Cover.MRN, g.SheetSource))
		}
		return nil
	}
	nps := make([]storage.NewPage, len(g.Pages))
	for i, p := range g.Pages {
		nps[i] = storage.NewPage{Source: p.Source, Format: p.Format, Original: p.Original, Display: p.Display,
			Thumb: p.Thumb, Width: p.Width, Height: p.Height, DPI: p.DPI, Rotation: p.Rotation, Ink: p.Ink, Blank: p.Blank}
	}
	if g.Cover != nil {
		if patient, why := coverPatient(sess, *g.Cover); why == "" {
			doc := model.Document{PatientID: patient, Type: g.Cover.Type, Date: g.Cover.Date, BatchID: batch,
				Title: "Scanned behind a cover sheet"}
			if err := sess.Documents().Import(&doc, nps); err == nil {
				sum.Pages += len(nps)
				sum.Filed += len(nps)
				sum.Documents++
				return nil
			} else {
				why = err.Error()
				sum.Notes = append(sum.Notes, fmt.Sprintf("%s behind the cover sheet for %s went to the unfiled tray: %s", pageCount(len(nps)), g.Cover.MRN, why))
			}
		} else {
			sum.Notes = append(sum.Notes, fmt.Sprintf("%s behind the cover sheet for %s went to the unfiled tray: %s", pageCount(len(nps)), g.Cover.MRN, why))
		}
	} else if g.SheetSource != "" {
		sum.Notes = append(sum.Notes, fmt.Sprintf("A cover sheet (%s) could not be read; the %d pages behind it went to the unfiled tray.", g.SheetSource, len(nps)))
	}
	if _, err := sess.Pages().Import(batch, nps); err != nil {
		return err
	}
	sum.Pages += len(nps)
	sum.Unfiled += len(nps)
	return nil
}

// coverPatient finds the one current patient a cover sheet names. why is
// set when the pages cannot be filed to them.
func coverPatient(sess *storage.Session, c model.Cover) (model.ID, string) {
	ids, err := sess.Patients().FindByIdentifier(c.MRN)
	switch {
	case err != nil:
		return model.ZeroID, err.Error()
	case len(ids) == 0:
		return model.ZeroID, "no patient has this MRN"
	case len(ids) > 1:
		return model.ZeroID, "the MRN matches more than one patient"
	}
	if c.Date.Time().After(time.Now()) {
		return model.ZeroID, "the cover sheet date is in the future"
	}
	return ids[0], ""
}

func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// pageCount says "1 page" or "3 pages" (kit.CountOf is the window's; this
// package serves the command line too).
func pageCount(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
