package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	scanflow "dossier/app/flow/scan"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scanScreen is where paper becomes pages: import from files, the scanner
// inbox or a scanner, then look through the unfiled tray and file page
// ranges to patients.
type scanScreen struct {
	ui        *UI
	grid      *pages.Grid
	viewer    *pages.Viewer
	batch     *widget.Select
	batches   []model.Batch
	tray      *widget.Label
	inbox     *widget.Label
	aside     *widget.Button
	root      fyne.CanvasObject
	watch     context.CancelFunc
	importing bool
}

func baseName(p string) string { return filepath.Base(p) }

const prefInbox = "scanner-inbox" // per computer, not per clinic: paths differ between machines

func (ui *UI) scanningScreen() fyne.CanvasObject {
	s := &scanScreen{ui: ui, tray: widget.NewLabel("Loading the unfiled tray…"), inbox: widget.NewLabel("")}
	s.grid = pages.NewGrid(ui.h, s.showPage)
	s.aside = widget.NewButtonWithIcon("Set aside", theme.DeleteIcon(), ui.act(s.toggleAside))
	s.viewer = pages.NewViewer(ui.h,
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), ui.act(func() { s.step(-1) })),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), ui.act(func() { s.step(1) })),
		widget.NewButtonWithIcon("Rotate left", theme.ContentUndoIcon(), ui.act(func() { s.rotate(-1) })),
		widget.NewButtonWithIcon("Rotate right", theme.ContentRedoIcon(), ui.act(func() { s.rotate(1) })),
		s.aside,
		widget.NewButtonWithIcon("File pages…", theme.DocumentSaveIcon(), ui.act(s.fileSelected)),
	)
	s.batch = widget.NewSelect(nil, nil)
	s.batch.PlaceHolder = "No batch"
	tools := container.NewHBox(widget.NewLabel("Batch:"), s.batch,
		widget.NewButtonWithIcon("Import files…", theme.FolderOpenIcon(), ui.act(s.pickFile)),
		widget.NewButtonWithIcon("Import a folder…", theme.FolderOpenIcon(), ui.act(s.pickFolder)),
		widget.NewButtonWithIcon("Scan from scanner…", theme.MediaRecordIcon(), ui.act(s.scanDialog)),
		widget.NewButtonWithIcon("Scanner inbox…", theme.StorageIcon(), ui.act(s.chooseInbox)),
	)
	left := container.NewBorder(s.tray, nil, nil, nil, s.grid.Widget)
	split := container.NewHSplit(left, s.viewer.Root)
	split.Offset = 0.35
	s.root = container.NewBorder(container.NewVBox(heading("Scanning"), tools, s.inbox), nil, nil, nil, split)
	ui.scan = s
	s.loadBatches()
	s.reload()
	s.startInboxWatch()
	return s.root
}

func (s *scanScreen) batchID() model.ID {
	if i := s.batch.SelectedIndex(); i >= 0 && i < len(s.batches) {
		return s.batches[i].ID
	}
	return model.ZeroID
}

func (s *scanScreen) loadBatches() {
	background(s.ui, s.ui.sess.Batches, func(bs []model.Batch, err error) {
		if err != nil {
			return
		}
		s.batches = s.batches[:0]
		var names []string
		for _, b := range bs {
			if !b.Stage.Done() {
				s.batches = append(s.batches, b)
				names = append(names, fmt.Sprintf("%s (%s)", b.Label, b.Stage.Label()))
			}
		}
		s.batch.SetOptions(names)
	})
}

// reload reads the unfiled tray again.
func (s *scanScreen) reload() {
	sess := s.ui.sess
	background(s.ui, func() ([]storage.PageView, error) { return sess.UnfiledPages(true) },
		func(pages []storage.PageView, err error) {
			if err != nil {
				s.tray.SetText(plain(err))
				return
			}
			keep := s.grid.Selected
			s.grid.Set(pages)
			s.tray.SetText(trayTitle(pages))
			if len(pages) == 0 {
				s.viewer.Clear("The unfiled tray is empty. Import scans to begin.")
				return
			}
			s.grid.SelectPage(min(max(keep, 0), len(pages)-1))
		})
}

func trayTitle(pages []storage.PageView) string {
	blank, aside := 0, 0
	for _, p := range pages {
		switch {
		case p.Discarded:
			aside++
		case p.Blank:
			blank++
		}
	}
	return fmt.Sprintf("Unfiled tray: %s (%d look blank, %d set aside)", countOf(len(pages)-aside, "page"), blank, aside)
}

func (s *scanScreen) showPage(i int) {
	p, ok := s.grid.Current()
	if !ok {
		return
	}
	s.aside.SetText("Set aside")
	if p.Discarded {
		s.aside.SetText("Bring back")
	}
	caption := fmt.Sprintf("Page %d of %d · %s · %d×%d", i+1, len(s.grid.Pages), p.Source, p.Width, p.Height)
	if p.Blank {
		caption += " · looks blank"
	}
	s.viewer.Show(p.Page, caption)
}

func (s *scanScreen) step(d int) { s.grid.SelectPage(s.grid.Selected + d) }

func (s *scanScreen) rotate(quarter int) {
	p, ok := s.grid.Current()
	if !ok {
		return
	}
	sess := s.ui.sess
	background(s.ui, func() (model.Page, error) { return sess.RotatePage(p.ID, quarter) }, func(np model.Page, err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.grid.Pages[s.grid.Selected].Page = np
		s.grid.Widget.RefreshItem(s.grid.Selected)
		s.showPage(s.grid.Selected)
	})
}

// toggleAside sets a page aside (a blank back, a double feed) or brings it
// back. Setting aside is undone with the same button.
func (s *scanScreen) toggleAside() {
	p, ok := s.grid.Current()
	if !ok {
		return
	}
	sess := s.ui.sess
	background(s.ui, func() (struct{}, error) {
		if p.Discarded {
			return struct{}{}, sess.RestorePage(p.ID, "brought back from the set-aside pages")
		}
		reason := "set aside while sorting the tray"
		if p.Blank {
			reason = "blank page"
		}
		return struct{}{}, sess.DiscardPage(p.ID, reason)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.reload()
	})
}

func (s *scanScreen) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.importPaths([]string{path}, nil)
	}, s.ui.win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (s *scanScreen) pickFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		entries, _ := os.ReadDir(l.Path())
		var paths []string
		for _, e := range entries {
			if e.Type().IsRegular() {
				paths = append(paths, filepath.Join(l.Path(), e.Name()))
			}
		}
		if len(paths) == 0 {
			dialog.ShowInformation("Nothing to import", "That folder has no files.", s.ui.win)
			return
		}
		s.importPaths(paths, nil)
	}, s.ui.win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// importPaths imports files with progress and Cancel; after reads files
// that were stored (the inbox removes them).
func (s *scanScreen) importPaths(paths []string, after func(sum scanflow.Summary, imported []string)) {
	sess, batch := s.ui.sess, s.batchID()
	var sum scanflow.Summary
	s.ui.withProgress("Importing scans", func(ctx context.Context, progress func(float64)) error {
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
			msg = plain(err) + "\n" + msg
		}
		showLongInfo(s.ui, "Import finished", msg)
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

// showLongInfo shows a report that may run to several lines. Enter or
// Escape closes it, so a clerk at the keyboard is not sent to the mouse.
func showLongInfo(ui *UI, title, text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "Close (Enter)", container.NewVScroll(l), ui.win)
	d.Resize(fyne.NewSize(620, 360))
	d.SetOnClosed(func() { ui.win.Canvas().SetOnTypedKey(nil) })
	d.Show()
	ui.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
			d.Hide()
		}
	})
}

func (s *scanScreen) fileSelected() {
	if len(s.grid.Pages) == 0 {
		return
	}
	s.ui.showFilePages(s.grid.Pages, max(s.grid.Selected, 0), s.batchID(), s.reload)
}

// scanDialog scans straight from a scanner through SANE.
func (s *scanScreen) scanDialog() {
	if _, err := scanflow.FindScanner(); err != nil {
		showLongInfo(s.ui, "No scanner program", err.Error())
		return
	}
	gray := widget.NewCheck("Grayscale (smaller; colour only for photos)", nil)
	gray.SetChecked(true)
	feeder := widget.NewCheck("Document feeder: scan every page in it", nil)
	form := dialog.NewForm("Scan from scanner", "Scan", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("", gray), widget.NewFormItem("", feeder)},
		func(ok bool) {
			if ok {
				s.scan(scanflow.Scanner{Gray: gray.Checked, Feeder: feeder.Checked})
			}
		}, s.ui.win)
	form.Show()
}

func (s *scanScreen) scan(sc scanflow.Scanner) {
	sess, batch := s.ui.sess, s.batchID()
	var sum scanflow.Summary
	s.ui.withProgress("Scanning", func(ctx context.Context, progress func(float64)) error {
		pages, err := sc.Scan(ctx, 500, func(n int) { progress(float64(n%10) / 10) })
		if err != nil {
			return err
		}
		sum, err = scanflow.Import(ctx, sess, batch, pages, progress)
		return err
	}, func(err error) {
		s.reload()
		if err != nil {
			s.ui.showError(err)
			return
		}
		showLongInfo(s.ui, "Scan finished", sum.String())
	})
}
