package chart

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"

	"dossier/app/ui/kit"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The chart's Timeline tab: encounters, scanned documents and notes on one
// time line, newest first, with filters over them. Choosing an item opens
// it on the right; a document opens side by side, its keyed values with
// their form labels beside the pages they were keyed from.
//
// Nothing here blocks the UI goroutine. The tab is built at once with
// "Loading…" and filled when Session.Timeline returns: the read, every
// audit entry (LogAction when an item is opened) and every page image
// (pages.Viewer.Show) go through kit.Run. What runs on the UI goroutine
// works on the items already in memory: filtering 1,300 items is a loop
// of comparisons, and the list is a widget.List, so only the rows on screen
// exist. This was checked in TestTimelineFirstPaintDoesNotWait, which
// builds the tab while holding the lock completions run under (so none
// can run) and finds it on screen saying "Loading…", and with a
// 200-encounter, 1,000-document chart in TestTimelineBigChart.

// Filter choices that are not a document type, in the window's language
// (the same for the whole run: the language changes at the next start).
func tlAllTypes() string   { return lang.X("chart.tl.all_types", "All types") }
func tlEncounters() string { return lang.X("chart.tl.encounters", "Encounters") }
func tlNotes() string      { return lang.X("chart.tl.notes", "Notes") }
func tlAllWards() string   { return lang.X("chart.tl.all_wards", "All wards") }

// Widths of a row's first line: the date and the form state; the type
// takes what is left. The second line, ward and title, spans the row.
const (
	tlDateWidth = 100
	tlFormWidth = 88
)

type timelineView struct {
	h      *kit.Host
	pt     model.Patient
	all    []storage.TimelineItem
	shown  []int // indexes into all, after the filters
	loaded bool

	typeSel, wardSel *widget.Select
	from, to         *widget.Entry
	count            *widget.Label
	list             *timelineList
	detail           *fyne.Container // the right-hand side

	// The open item: its record ID, and a sequence so a slow audit write
	// for an item left behind cannot replace a newer one.
	openID model.ID
	openSq int
	quiet  bool // re-selecting the open item after filtering: not a new opening

	// The document side by side: its record and its pages.
	record   *fyne.Container
	viewer   *pages.Viewer
	doc      *storage.DocumentView
	page     int
	docSplit *container.Split
}

func newTimelineTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	v := &timelineView{h: h, pt: p, count: widget.NewLabel(lang.X("common.loading", "Loading…"))}
	types := append([]string{tlAllTypes(), tlEncounters()}, kit.DocTypeNames()...)
	types = append(types, tlNotes())
	v.typeSel = widget.NewSelect(types, func(string) { v.apply() })
	v.typeSel.Selected = tlAllTypes()
	v.wardSel = widget.NewSelect([]string{tlAllWards()}, func(string) { v.apply() })
	v.wardSel.Selected = tlAllWards()
	v.from, v.to = widget.NewEntry(), widget.NewEntry()
	v.from.PlaceHolder, v.to.PlaceHolder = lang.X("chart.tl.from_date", "From date"), lang.X("chart.tl.to_date", "To date")
	v.from.OnChanged = func(string) { v.apply() }
	v.to.OnChanged = func(string) { v.apply() }
	dateBox := func(e *widget.Entry) fyne.CanvasObject {
		return container.New(layout.NewGridWrapLayout(fyne.NewSize(130, e.MinSize().Height)), e)
	}
	filters := container.NewHBox(v.typeSel, v.wardSel, widget.NewLabel(lang.X("scan.from", "From")), dateBox(v.from), widget.NewLabel(lang.X("chart.to", "to")), dateBox(v.to))
	v.count.TextStyle = fyne.TextStyle{Bold: true}
	v.count.Wrapping = fyne.TextWrapWord

	v.list = newTimelineList(func() int { return len(v.shown) }, newTimelineRow, v.updateRow)
	v.list.OnSelected = func(i widget.ListItemID) {
		v.list.selected = i
		if v.quiet {
			return
		}
		h.Touch()
		v.list.focus = i
		v.open(i)
	}
	v.list.enter = func(i int) { h.Touch(); v.open(i) }
	left := container.NewBorder(v.count, nil, nil, nil, v.list)

	// Previous and next page: icons only, as the pane beside the record is
	// narrow; the caption says which page of how many is shown.
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), h.Act(func() { v.showPage(v.page - 1) }))
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), h.Act(func() { v.showPage(v.page + 1) }))
	v.viewer = pages.NewViewer(h, prev, next)
	v.viewer.Caption.Truncation = fyne.TextTruncateEllipsis
	v.record = container.NewVBox()
	v.docSplit = container.NewHSplit(container.NewVScroll(v.record), v.viewer.Root)
	v.docSplit.Offset = 0.45
	v.detail = container.NewStack(tlMessage(lang.X("common.loading", "Loading…")))

	split := container.NewHSplit(left, v.detail)
	split.Offset = 0.4
	v.load()
	return container.NewBorder(filters, nil, nil, nil, split)
}

func tlMessage(s string) fyne.CanvasObject {
	return container.NewPadded(container.NewVBox(kit.WrapLabel(s)))
}

// load reads the time line in the background and fills the tab.
func (v *timelineView) load() {
	id := v.pt.ID
	kit.Run(v.h, func(sess *storage.Session) (storage.Timeline, error) { return sess.Encounters().Timeline(id) },
		func(tl storage.Timeline, err error) {
			if err != nil {
				v.count.SetText(kit.Plain(err))
				v.setDetail(tlMessage(kit.Plain(err)))
				return
			}
			v.all, v.loaded = tl.Items, true
			seen := map[string]bool{}
			wards := []string{}
			for _, it := range tl.Items {
				if w := it.Ward; w != "" && !seen[w] {
					seen[w] = true
					wards = append(wards, w)
				}
			}
			slices.SortFunc(wards, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
			v.wardSel.SetOptions(append([]string{tlAllWards()}, wards...))
			v.apply()
			if len(v.all) == 0 {
				v.setDetail(tlMessage(lang.X("chart.tl.empty", "No encounters, documents or notes yet.")))
			} else {
				v.setDetail(tlMessage(lang.X("chart.tl.choose_item", "Choose an item to open it here. Up and Down move through the list; Enter opens.")))
			}
		})
}

// apply runs the filters over the items in memory.
func (v *timelineView) apply() {
	if !v.loaded {
		return
	}
	var problems []string
	bound := func(e *widget.Entry, notADate string) (model.Date, bool) {
		s := strings.TrimSpace(e.Text)
		if s == "" {
			return model.Date{}, true
		}
		d, ok := v.h.ParseDate(s)
		if !ok {
			problems = append(problems, notADate)
		}
		return d, ok
	}
	from, okFrom := bound(v.from, lang.X("chart.tl.from_not_a_date", "the from date is not a date (type 2024-03-12 or 12/3/2024)"))
	to, okTo := bound(v.to, lang.X("chart.tl.to_not_a_date", "the to date is not a date (type 2024-03-12 or 12/3/2024)"))
	typ, ward := v.typeSel.Selected, v.wardSel.Selected
	v.shown = v.shown[:0]
	for i, it := range v.all {
		if !tlTypeMatches(it, typ) || (ward != "" && ward != tlAllWards() && it.Ward != ward) {
			continue
		}
		d := it.Date().Time()
		if okFrom && !from.IsZero() && d.Before(from.Time()) || okTo && !to.IsZero() && d.After(to.Time()) {
			continue
		}
		v.shown = append(v.shown, i)
	}
	text := lang.XN("chart.tl.count", "{{.Shown}} of {{.Total}} items", len(v.all),
		map[string]any{"Shown": tlThousands(len(v.shown)), "Total": tlThousands(len(v.all))})
	if len(problems) > 0 {
		text += " · " + strings.Join(problems, "; ")
	}
	v.count.SetText(text)
	// The open item stays open, and stays chosen in the list if it passed.
	v.quiet = true
	v.list.UnselectAll()
	v.list.Refresh()
	for pos, i := range v.shown {
		if !v.openID.IsZero() && tlItemID(v.all[i]) == v.openID {
			v.list.Select(pos)
			break
		}
	}
	v.quiet = false
}

func tlTypeMatches(it storage.TimelineItem, typ string) bool {
	switch typ {
	case "", tlAllTypes():
		return true
	case tlEncounters():
		return it.Kind == storage.TimelineEncounter
	case tlNotes():
		return it.Kind == storage.TimelineNote
	}
	return it.Kind == storage.TimelineDocument && it.Type == kit.English(typ)
}

// tlThousands writes 1200 as "1,200".
func tlThousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + tlThousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func tlItemID(it storage.TimelineItem) model.ID {
	switch {
	case it.Encounter != nil:
		return it.Encounter.ID
	case it.Document != nil:
		return it.Document.Doc.ID
	case it.Note != nil:
		return it.Note.ID
	}
	return model.ZeroID
}

func tlKind(it storage.TimelineItem) model.Kind {
	switch it.Kind {
	case storage.TimelineEncounter:
		return model.KindEncounter
	case storage.TimelineDocument:
		return model.KindDocument
	}
	return model.KindNote
}

// tlTypeText is the Type column: what kind of visit, or the document type.
func tlTypeText(it storage.TimelineItem) string {
	if it.Kind != storage.TimelineEncounter {
		return kit.Word(it.Type)
	}
	if t := model.EncounterType(it.Type); kit.EncounterTypeName(t) != it.Type {
		return kit.EncounterTypeName(t)
	}
	return capitalize(it.Type)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// tlFormText is the Form column: whether a document has been keyed.
func tlFormText(it storage.TimelineItem) string {
	if it.Document == nil {
		return ""
	}
	if it.Transcript != nil {
		return lang.X("chart.tl.keyed", "keyed")
	}
	if _, ok := clinical.TemplateFor(it.Document.Doc.Type); !ok {
		return lang.X("chart.tl.scan_only", "scan only")
	}
	return lang.X("chart.tl.not_keyed", "not keyed")
}
