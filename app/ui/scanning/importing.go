package scanning

import (
	"context"
	"fyne.io/fyne/v2/lang"
	"path/filepath"

	scanflow "dossier/app/flow/scan"
	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// importPaths imports files with progress and Cancel; after reads files
// that were stored (the inbox removes them).
func (s *scanScreen) importPaths(paths []string, after func(sum scanflow.Summary, imported []string)) {
	batch := s.batchID()
	var sum scanflow.Summary
	s.h.WithProgress(lang.X("scan.importing_scans", "Importing scans"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		inputs, unread := scanflow.Read(paths)
		var err error
		sum, err = scanflow.Import(ctx, sess, batch, inputs, progress)
		sum.Failed = append(unread, sum.Failed...)
		sum.Files = len(paths)
		return err
	}, func(err error) {
		if after != nil {
			after(sum, importedPaths(paths, sum))
		}
		s.reload()
		s.loadBatches()
		msg := sum.String()
		if err != nil {
			msg = kit.Plain(err) + "\n" + msg
		}
		s.h.ShowLongInfo(lang.X("scan.import_finished", "Import finished"), msg)
	})
}

// importedPaths are the files that are now stored (not among the failed).
func importedPaths(paths []string, sum scanflow.Summary) []string {
	failed := map[string]bool{}
	for _, f := range sum.Failed {
		failed[f.File] = true
	}
	var out []string
	for _, p := range paths {
		if !failed[filepath.Base(p)] {
			out = append(out, p)
		}
	}
	return out
}

// scanDialog scans straight from a scanner through SANE.
func (s *scanScreen) scanDialog() {
	if _, err := scanflow.FindScanner(); err != nil {
		s.h.ShowLongInfo(lang.X("scan.no_scanner_program", "No scanner program"), err.Error())
		return
	}
	gray := widget.NewCheck(lang.X("scan.grayscale_smaller_colour_only", "Grayscale (smaller; colour only for photos)"), nil)
	gray.SetChecked(true)
	feeder := widget.NewCheck(lang.X("scan.document_feeder_scan_every", "Document feeder: scan every page in it"), nil)
	form := dialog.NewForm(lang.X("scan.scan_from_scanner", "Scan from scanner"), lang.X("scan.scan", "Scan"), lang.X("common.cancel", "Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", gray), widget.NewFormItem("", feeder)},
		func(ok bool) {
			if ok {
				s.scan(scanflow.Scanner{Gray: gray.Checked, Feeder: feeder.Checked})
			}
		}, s.h.Win)
	form.Show()
}

func (s *scanScreen) scan(sc scanflow.Scanner) {
	batch := s.batchID()
	var sum scanflow.Summary
	s.h.WithProgress(lang.X("nav.scanning", "Scanning"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		pages, err := sc.Scan(ctx, 500, func(n int) { progress(float64(n%10) / 10) })
		if err != nil {
			return err
		}
		sum, err = scanflow.Import(ctx, sess, batch, pages, progress)
		return err
	}, func(err error) {
		s.reload()
		if err != nil {
			s.h.ShowError(err)
			return
		}
		s.h.ShowLongInfo(lang.X("scan.scan_finished", "Scan finished"), sum.String())
	})
}
