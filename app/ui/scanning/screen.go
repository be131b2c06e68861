// Package scanning is where paper becomes pages: the Scanning section
// (import from files, the watched scanner inbox or a SANE scanner, the
// unfiled tray, filing page ranges to a patient) and the Batches section
// (boxes of charts through digitization and their quality check).
package scanning

import (
	"context"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"sync"

	"dossier/app/ui/kit"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// scanScreen is where paper becomes pages: import from files, the scanner
// inbox or a scanner, then look through the unfiled tray and file page
// ranges to patients.
type scanScreen struct {
	h         *kit.Host
	grid      *pages.Grid
	viewer    *pages.Viewer
	batch     *widget.Select
	batches   []model.Batch
	tray      *widget.Label
	inbox     *widget.Label
	aside     *widget.Button
	root      fyne.CanvasObject
	left      *fyne.Container // the tray, or the filing form in its place
	tray0     fyne.CanvasObject
	watch     context.CancelFunc
	importing bool
}

const prefInbox = "scanner-inbox" // per computer, not per clinic: paths differ between machines

// shown is the Scanning screen each window built last (the page keys and
// the inbox watch act only while it is still on the window).
var shown = struct {
	sync.Mutex
	by map[*kit.Host]*scanScreen
}{by: map[*kit.Host]*scanScreen{}}

func current(h *kit.Host) *scanScreen {
	shown.Lock()
	defer shown.Unlock()
	return shown.by[h]
}

// Screen is the Scanning section.
func Screen(h *kit.Host) fyne.CanvasObject {
	s := &scanScreen{h: h, tray: widget.NewLabel(lang.X("scan.loading_the_unfiled_tray", "Loading the unfiled tray…")), inbox: kit.WrapLabel("")} // a long inbox path wraps
	s.tray.Truncation = fyne.TextTruncateEllipsis                                                                                                 // a long French title must not run under the viewer's toolbar
	s.grid = pages.NewGrid(h, s.showPage)
	s.aside = widget.NewButtonWithIcon(lang.X("scan.set_aside", "Set aside"), theme.DeleteIcon(), h.Act(s.toggleAside))
	s.viewer = pages.NewViewer(h,
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), h.Act(func() { s.step(-1) })),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), h.Act(func() { s.step(1) })),
		widget.NewButtonWithIcon(lang.X("scan.rotate_left", "Rotate left"), theme.ContentUndoIcon(), h.Act(func() { s.rotate(-1) })),
		widget.NewButtonWithIcon(lang.X("scan.rotate_right", "Rotate right"), theme.ContentRedoIcon(), h.Act(func() { s.rotate(1) })),
		s.aside,
		widget.NewButtonWithIcon(lang.X("scan.file_pages", "File pages…"), theme.DocumentSaveIcon(), h.Act(s.fileSelected)),
	)
	s.batch = widget.NewSelect(nil, nil)
	s.batch.PlaceHolder = lang.X("scan.no_batch", "No batch")
	tools := kit.Tools(widget.NewLabel(lang.X("scan.batch", "Batch:")), s.batch,
		widget.NewButtonWithIcon(lang.X("scan.import_files", "Import files…"), theme.FolderOpenIcon(), h.Act(s.pickFile)),
		widget.NewButtonWithIcon(lang.X("scan.import_a_folder", "Import a folder…"), theme.FolderOpenIcon(), h.Act(s.pickFolder)),
		widget.NewButtonWithIcon(lang.X("scan.scan_from_scanner_2", "Scan from scanner…"), theme.MediaRecordIcon(), h.Act(s.scanDialog)),
		widget.NewButtonWithIcon(lang.X("scan.scanner_inbox", "Scanner inbox…"), theme.StorageIcon(), h.Act(s.chooseInbox)),
	)
	s.tray0 = container.NewBorder(s.tray, nil, nil, nil, s.grid.Widget)
	s.left = container.NewStack(s.tray0)
	left := s.left
	split := container.NewHSplit(left, s.viewer.Root)
	split.Offset = 0.35
	s.root = container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.scanning", "Scanning")), tools, s.inbox), nil, nil, nil, split)
	shown.Lock()
	shown.by[h] = s
	shown.Unlock()
	s.loadBatches()
	s.reload()
	s.startInboxWatch()
	return s.root
}

// TurnPage shows the next (by 1) or previous (by -1) tray page if the
// Scanning screen is the one shown, and reports whether it was.
func TurnPage(h *kit.Host, by int) bool {
	s := current(h)
	if s == nil || !s.onScreen() {
		return false
	}
	s.step(by)
	return true
}

// onScreen reports whether this screen is still the one shown.
func (s *scanScreen) onScreen() bool {
	return s.h.Session() != nil && current(s.h) == s && kit.Shown(s.h.Win, s.root)
}

func (s *scanScreen) batchID() model.ID {
	if i := s.batch.SelectedIndex(); i >= 0 && i < len(s.batches) {
		return s.batches[i].ID
	}
	return model.ZeroID
}

func (s *scanScreen) loadBatches() {
	kit.Run(s.h, func(sess *storage.Session) ([]model.Batch, error) { return sess.Batches().List() }, func(bs []model.Batch, err error) {
		if err != nil {
			return
		}
		s.batches = s.batches[:0]
		var names []string
		for _, b := range bs {
			if !b.Stage.Done() {
				s.batches = append(s.batches, b)
				names = append(names, fmt.Sprintf("%s (%s)", b.Label, kit.Word(b.Stage.Label())))
			}
		}
		s.batch.SetOptions(names)
	})
}

// reload reads the unfiled tray again.
func (s *scanScreen) reload() {
	kit.Run(s.h, func(sess *storage.Session) ([]storage.PageView, error) { return sess.Pages().Unfiled(true) },
		func(pages []storage.PageView, err error) {
			if err != nil {
				s.tray.SetText(kit.Plain(err))
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
	return lang.X("scan.unfiled_tray", "Unfiled tray: {{.Pages}} ({{.Blank}}, {{.Aside}})", map[string]any{
		"Pages": kit.CountOf(len(pages)-aside, "page"),
		"Blank": lang.XN("scan.tray_look_blank", "{{.Count}} look blank", blank, map[string]any{"Count": blank}),
		"Aside": lang.XN("scan.tray_set_aside", "{{.Count}} set aside", aside, map[string]any{"Count": aside})})
}

func (s *scanScreen) showPage(i int) {
	p, ok := s.grid.Current()
	if !ok {
		return
	}
	s.aside.SetText(lang.X("scan.set_aside", "Set aside"))
	if p.Discarded {
		s.aside.SetText(lang.X("scan.bring_back", "Bring back"))
	}
	caption := lang.X("scan.page_caption", "Page {{.Page}} of {{.Pages}} · {{.Source}} · {{.Width}}×{{.Height}}",
		map[string]any{"Page": i + 1, "Pages": len(s.grid.Pages), "Source": p.Source, "Width": p.Width, "Height": p.Height})
	if p.Blank {
		caption += " · " + lang.X("scan.looks_blank", "looks blank")
	}
	s.viewer.Show(p.Page, caption)
}

func (s *scanScreen) step(d int) { s.grid.SelectPage(s.grid.Selected + d) }

func (s *scanScreen) rotate(quarter int) {
	p, ok := s.grid.Current()
	if !ok {
		return
	}
	at := s.grid.Selected
	kit.Run(s.h, func(sess *storage.Session) (model.Page, error) { return sess.Pages().Rotate(p.ID, quarter) }, func(np model.Page, err error) {
		if err != nil {
			s.h.ShowError(err)
			return
		}
		// The tray may have been read again meanwhile: put the turned page
		// back only where it still is.
		if at < 0 || at >= len(s.grid.Pages) || s.grid.Pages[at].ID != np.ID {
			s.reload()
			return
		}
		s.grid.Pages[at].Page = np
		s.grid.Widget.RefreshItem(at)
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
	kit.Run(s.h, func(sess *storage.Session) (struct{}, error) {
		if p.Discarded {
			return struct{}{}, sess.Pages().Restore(p.ID, lang.X("scan.reason_brought_back", "brought back from the set-aside pages"))
		}
		reason := lang.X("scan.reason_set_aside", "set aside while sorting the tray")
		if p.Blank {
			reason = lang.X("scan.reason_blank_page", "blank page")
		}
		return struct{}{}, sess.Pages().Discard(p.ID, reason)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.h.ShowError(err)
			return
		}
		s.reload()
	})
}

// scanTypes are the files the scan importer reads.
var scanTypes = []string{".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}

// pickFile imports one scan, starting where this user last took scans.
func (s *scanScreen) pickFile() {
	s.h.PickFile("scans", scanTypes, func(path string) { s.importPaths([]string{path}, nil) })
}

// pickFolder imports the scans of a folder the clerk ticks.
func (s *scanScreen) pickFolder() {
	s.h.PickFolderFiles("scans", "Import scans from a folder", scanTypes, func(paths []string) { s.importPaths(paths, nil) })
}

func (s *scanScreen) fileSelected() {
	if len(s.grid.Pages) == 0 {
		return
	}
	// The form takes the tray's place beside the page, not a dialog over it.
	back := func() {
		s.left.Objects = []fyne.CanvasObject{s.tray0}
		s.left.Refresh()
	}
	panel, first := filePagesPanel(s.h, s.grid.Pages, max(s.grid.Selected, 0), s.batchID(), back, s.reload)
	s.left.Objects = []fyne.CanvasObject{panel}
	s.left.Refresh()
	s.h.Win.Canvas().Focus(first)
}
