package ui

import (
	"fmt"
	"slices"

	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// documentsTab shows a patient's scanned documents: a list of documents,
// the pages of the chosen one as thumbnails, and the page itself. Clerks
// can put pages in order, turn them, set them aside or send them back to
// the unfiled tray.
type documentsTab struct {
	ui     *UI
	pt     model.Patient
	docs   []storage.DocumentView
	list   *widget.List
	grid   *pages.Grid
	viewer *pages.Viewer
	status *widget.Label
	doc    int
}

func (ui *UI) documentsTab(p model.Patient) fyne.CanvasObject {
	d := &documentsTab{ui: ui, pt: p, status: widget.NewLabel("Loading documents…"), doc: -1}
	d.list = widget.NewList(func() int { return len(d.docs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("2019-05-02 Discharge summary · 12 pages")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(docLine(d.docs[i])) })
	d.list.OnSelected = func(i widget.ListItemID) { ui.touch(); d.open(i) }
	d.grid = pages.NewGrid(ui.h, d.showPage)
	var tools []fyne.CanvasObject
	tools = append(tools,
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), ui.act(func() { d.grid.SelectPage(d.grid.Selected - 1) })),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), ui.act(func() { d.grid.SelectPage(d.grid.Selected + 1) })))
	if ui.sess.Can(model.PermDigitize) {
		tools = append(tools,
			widget.NewButtonWithIcon("Earlier", theme.MoveUpIcon(), ui.act(func() { d.move(-1) })),
			widget.NewButtonWithIcon("Later", theme.MoveDownIcon(), ui.act(func() { d.move(1) })),
			widget.NewButtonWithIcon("Turn", theme.ContentRedoIcon(), ui.act(d.rotate)),
			widget.NewButtonWithIcon("Back to tray", theme.ContentCutIcon(), ui.act(d.unfile)),
			widget.NewButtonWithIcon("Sensitive…", theme.WarningIcon(), ui.act(d.flagSensitive)),
			widget.NewButtonWithIcon("Key into form…", theme.DocumentCreateIcon(), ui.act(d.transcribe)))
	}
	d.viewer = pages.NewViewer(ui.h, tools...)
	left := container.NewVSplit(container.NewBorder(d.status, nil, nil, nil, d.list), d.grid.Widget)
	left.Offset = 0.35
	split := container.NewHSplit(left, d.viewer.Root)
	split.Offset = 0.38
	d.reload()
	return split
}

func docLine(dv storage.DocumentView) string {
	s := fmt.Sprintf("%s  %s · %s", dv.Doc.Date, dv.Doc.Type.Label(), countOf(len(dv.Pages), "page"))
	if dv.Doc.Title != "" {
		s += " · " + dv.Doc.Title
	}
	return s
}

func (d *documentsTab) reload() {
	sess, id := d.ui.sess, d.pt.ID
	background(d.ui, func() ([]storage.DocumentView, error) { return sess.PatientDocuments(id) },
		func(docs []storage.DocumentView, err error) {
			if err != nil {
				d.status.SetText(plain(err))
				return
			}
			d.docs = docs
			pages := 0
			for _, x := range docs {
				pages += len(x.Pages)
			}
			d.status.SetText(fmt.Sprintf("%s scanned, %s", countOf(len(docs), "document"), countOf(pages, "page")))
			d.list.Refresh()
			if len(docs) == 0 {
				d.viewer.Clear("No scanned documents yet. File pages from the Scanning screen.")
				d.grid.Set(nil)
				return
			}
			d.list.Select(min(max(d.doc, 0), len(docs)-1))
		})
}

func (d *documentsTab) open(i int) {
	if i < 0 || i >= len(d.docs) {
		return
	}
	keep := d.grid.Selected
	if i != d.doc {
		keep = 0
	}
	d.doc = i
	d.grid.Set(d.docs[i].Pages)
	d.grid.SelectPage(min(max(keep, 0), len(d.docs[i].Pages)-1))
}

func (d *documentsTab) showPage(i int) {
	p, ok := d.grid.Current()
	if !ok || d.doc < 0 {
		return
	}
	dv := d.docs[d.doc]
	caption := fmt.Sprintf("%s %s · page %d of %d · filed by %s from %s", dv.Doc.Type.Label(), dv.Doc.Date, i+1, len(dv.Pages), dv.Doc.IndexedBy, p.Source)
	if p.Discarded {
		caption += " · set aside"
	}
	d.viewer.Show(p.Page, caption)
}

// move puts the selected page earlier or later in the document.
func (d *documentsTab) move(by int) {
	if d.doc < 0 {
		return
	}
	i, dv := d.grid.Selected, d.docs[d.doc]
	j := i + by
	if i < 0 || j < 0 || j >= len(dv.Pages) {
		return
	}
	doc := dv.Doc
	doc.Pages = slices.Clone(doc.Pages)
	doc.Pages[i], doc.Pages[j] = doc.Pages[j], doc.Pages[i]
	d.grid.Selected = j
	d.save(doc, dv.Rev, "page order")
}

// unfile sends the selected page back to the unfiled tray (filed to the
// wrong patient or document).
func (d *documentsTab) unfile() {
	p, ok := d.grid.Current()
	if !ok || d.doc < 0 {
		return
	}
	dv := d.docs[d.doc]
	if len(dv.Pages) == 1 {
		d.ui.showError(fmt.Errorf("this is the document's only page; file another page first"))
		return
	}
	d.ui.askReason("Send page back to the tray", "Why does this page not belong here?", "Send back", func(reason string) {
		doc := dv.Doc
		doc.Pages = slices.DeleteFunc(slices.Clone(doc.Pages), func(id model.ID) bool { return id == p.ID })
		d.save(doc, dv.Rev, reason)
	})
}

func (d *documentsTab) save(doc model.Document, rev uint32, reason string) {
	sess := d.ui.sess
	background(d.ui, func() (struct{}, error) { return struct{}{}, sess.UpdateDocument(doc, rev, reason) },
		func(_ struct{}, err error) {
			if err != nil {
				d.ui.showError(err)
			}
			d.reload()
		})
}

func (d *documentsTab) rotate() {
	p, ok := d.grid.Current()
	if !ok {
		return
	}
	sess := d.ui.sess
	background(d.ui, func() (model.Page, error) { return sess.RotatePage(p.ID, 1) }, func(_ model.Page, err error) {
		if err != nil {
			d.ui.showError(err)
		}
		d.reload()
	})
}

// countOf says "1 page" or "3 pages".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// flagSensitive marks what a document holds that needs the patient's
// explicit consent before it leaves the clinic, when its codes do not
// already say so (a counselling note, a test result).
func (d *documentsTab) flagSensitive() {
	if d.doc < 0 || d.doc >= len(d.docs) {
		return
	}
	dv := d.docs[d.doc]
	var labels, on []string
	for _, s := range model.SensitiveCategories {
		labels = append(labels, s.Label())
		if slices.Contains(dv.Doc.Sensitive, s) {
			on = append(on, s.Label())
		}
	}
	checks := widget.NewCheckGroup(labels, nil)
	checks.SetSelected(on)
	dialog.ShowCustomConfirm("Sensitive information in this document", "Save", "Cancel", checks, func(ok bool) {
		if !ok {
			return
		}
		doc := dv.Doc
		doc.Sensitive = nil
		for _, s := range model.SensitiveCategories {
			if slices.Contains(checks.Selected, s.Label()) {
				doc.Sensitive = append(doc.Sensitive, s)
			}
		}
		d.save(doc, dv.Rev, "sensitive categories marked")
	}, d.ui.win)
}

// transcribe opens the chosen document in the transcription workspace;
// closing it comes back to this chart.
func (d *documentsTab) transcribe() {
	if d.doc < 0 || d.doc >= len(d.docs) {
		return
	}
	id := d.pt.ID
	d.ui.h.Links.OpenTranscription(d.docs[d.doc], func() { d.ui.openChart(id) })
}
