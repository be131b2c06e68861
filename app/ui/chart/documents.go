package chart

import (
	"errors"
	"slices"

	"dossier/app/ui/kit"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// documentsTab shows a patient's scanned documents: a list of documents,
// the pages of the chosen one as thumbnails, and the page itself. Clerks
// can put pages in order, turn them, set them aside or send them back to
// the unfiled tray.
type documentsTab struct {
	h      *kit.Host
	pt     model.Patient
	docs   []storage.DocumentView
	list   *widget.List
	grid   *pages.Grid
	viewer *pages.Viewer
	status *widget.Label
	doc    int
}

func newDocumentsTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	d := &documentsTab{h: h, pt: p, status: widget.NewLabel(lang.X("chart.docs.loading", "Loading documents…")), doc: -1}
	d.status.Truncation = fyne.TextTruncateEllipsis
	d.list = widget.NewList(func() int { return len(d.docs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel(lang.X("chart.docs.template_line", "2019-05-02 Discharge summary · 12 pages"))
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(d.h.DocLine(d.docs[i])) })
	d.list.OnSelected = func(i widget.ListItemID) { h.Touch(); d.open(i) }
	d.grid = pages.NewGrid(h, d.showPage)
	var tools []fyne.CanvasObject
	tools = append(tools,
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), h.Act(func() { d.grid.SelectPage(d.grid.Selected - 1) })),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), h.Act(func() { d.grid.SelectPage(d.grid.Selected + 1) })))
	if h.Can(model.PermDigitize) {
		tools = append(tools,
			widget.NewButtonWithIcon(lang.X("chart.docs.earlier", "Earlier"), theme.MoveUpIcon(), h.Act(func() { d.move(-1) })),
			widget.NewButtonWithIcon(lang.X("chart.docs.later", "Later"), theme.MoveDownIcon(), h.Act(func() { d.move(1) })),
			widget.NewButtonWithIcon(lang.X("chart.docs.turn", "Turn"), theme.ContentRedoIcon(), h.Act(d.rotate)),
			widget.NewButtonWithIcon(lang.X("chart.docs.back_to_tray", "Back to tray"), theme.ContentCutIcon(), h.Act(d.unfile)),
			widget.NewButtonWithIcon(lang.X("chart.docs.sensitive", "Sensitive…"), theme.WarningIcon(), h.Act(d.flagSensitive)))
		tools = append(tools, widget.NewButtonWithIcon(lang.X("chart.docs.deficiency", "Deficiency…"), theme.ErrorIcon(), h.Act(func() { pages.RaiseDeficiency(h, d.viewer.Page()) })))
		if h.Links.KeyDocument != nil {
			tools = append(tools, widget.NewButtonWithIcon(lang.X("chart.docs.key_into_form", "Key into form…"), theme.DocumentCreateIcon(), h.Act(d.transcribe)))
		}
	}
	d.viewer = pages.NewViewer(h, tools...)
	left := container.NewVSplit(container.NewBorder(d.status, nil, nil, nil, d.list), d.grid.Widget)
	left.Offset = 0.35
	split := container.NewHSplit(left, d.viewer.Root)
	split.Offset = 0.38
	d.reload()
	return split
}

func (d *documentsTab) reload() {
	id := d.pt.ID
	kit.Run(d.h, func(sess *storage.Session) ([]storage.DocumentView, error) { return sess.Documents().OfPatient(id) },
		func(docs []storage.DocumentView, err error) {
			if err != nil {
				d.status.SetText(kit.Plain(err))
				return
			}
			d.docs = docs
			pages := 0
			for _, x := range docs {
				pages += len(x.Pages)
			}
			d.status.SetText(lang.XN("chart.docs.scanned", "{{.Count}} documents scanned, {{.Pages}}", len(docs), map[string]any{"Count": len(docs), "Pages": kit.PagesCount(pages)}))
			d.list.Refresh()
			if len(docs) == 0 {
				d.viewer.Clear(lang.X("chart.docs.none", "No scanned documents yet. File pages from the Scanning screen."))
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
	caption := lang.X("chart.docs.caption", "{{.Type}} {{.Date}} · page {{.Page}} of {{.Pages}} · filed by {{.By}} from {{.Source}}", map[string]any{"Type": kit.DocTypeName(dv.Doc.Type), "Date": d.h.Date(dv.Doc.Date), "Page": i + 1, "Pages": len(dv.Pages),
		"By": dv.Doc.IndexedBy, "Source": p.Source})
	if p.Discarded {
		caption += " · " + lang.X("chart.set_aside", "set aside")
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
		d.h.ShowError(errors.New(lang.X("chart.docs.only_page", "This is the document's only page; file another page first.")))
		return
	}
	d.h.AskReason(lang.X("chart.docs.send_back_title", "Send page back to the tray"), lang.X("chart.docs.send_back_prompt", "Why does this page not belong here?"), lang.X("chart.docs.send_back", "Send back"), func(reason string) {
		doc := dv.Doc
		doc.Pages = slices.DeleteFunc(slices.Clone(doc.Pages), func(id model.ID) bool { return id == p.ID })
		d.save(doc, dv.Rev, reason)
	})
}

func (d *documentsTab) save(doc model.Document, rev uint32, reason string) {
	kit.Run(d.h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Documents().Update(doc, rev, reason)
	},
		func(_ struct{}, err error) {
			if err != nil {
				d.h.ShowError(err)
			}
			d.reload()
		})
}

func (d *documentsTab) rotate() {
	p, ok := d.grid.Current()
	if !ok {
		return
	}
	kit.Run(d.h, func(sess *storage.Session) (model.Page, error) { return sess.Pages().Rotate(p.ID, 1) }, func(_ model.Page, err error) {
		if err != nil {
			d.h.ShowError(err)
		}
		d.reload()
	})
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
	dialog.ShowCustomConfirm(lang.X("chart.docs.sensitive_title", "Sensitive information in this document"), lang.X("common.save", "Save"), lang.X("common.cancel", "Cancel"), checks, func(ok bool) {
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
	}, d.h.Win)
}

// transcribe opens the chosen document in the transcription workspace;
// closing it comes back to this chart.
func (d *documentsTab) transcribe() {
	if d.doc < 0 || d.doc >= len(d.docs) {
		return
	}
	id := d.pt.ID
	d.h.Links.KeyDocument(d.docs[d.doc], func() { d.h.OpenChart(id) })
}
