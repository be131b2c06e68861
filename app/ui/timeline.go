package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

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
// (pageViewer.Show) go through background(). What runs on the UI goroutine
// works on the items already in memory: filtering 1,300 items is a loop
// of comparisons, and the list is a widget.List, so only the rows on screen
// exist. This was checked in TestTimelineFirstPaintDoesNotWait, which
// builds the tab while holding the lock completions run under (so none
// can run) and finds it on screen saying "Loading…", and with a
// 200-encounter, 1,000-document chart in TestTimelineBigChart.

// Filter choices that are not a document type.
const (
	tlAllTypes   = "All types"
	tlEncounters = "Encounters"
	tlNotes      = "Notes"
	tlAllWards   = "All wards"
)

// Widths of a row's first line: the date and the form state; the type
// takes what is left. The second line, ward and title, spans the row.
const (
	tlDateWidth = 100
	tlFormWidth = 88
)

type timelineView struct {
	ui     *UI
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

func (ui *UI) timelineTab(p model.Patient) fyne.CanvasObject {
	v := &timelineView{ui: ui, pt: p, count: widget.NewLabel("Loading…")}
	types := append([]string{tlAllTypes, tlEncounters}, model.DocTypeLabels()...)
	types = append(types, tlNotes)
	v.typeSel = widget.NewSelect(types, func(string) { v.apply() })
	v.typeSel.Selected = tlAllTypes
	v.wardSel = widget.NewSelect([]string{tlAllWards}, func(string) { v.apply() })
	v.wardSel.Selected = tlAllWards
	v.from, v.to = widget.NewEntry(), widget.NewEntry()
	v.from.PlaceHolder, v.to.PlaceHolder = "From date", "To date"
	v.from.OnChanged = func(string) { v.apply() }
	v.to.OnChanged = func(string) { v.apply() }
	dateBox := func(e *widget.Entry) fyne.CanvasObject {
		return container.New(layout.NewGridWrapLayout(fyne.NewSize(130, e.MinSize().Height)), e)
	}
	filters := container.NewHBox(v.typeSel, v.wardSel, widget.NewLabel("From"), dateBox(v.from), widget.NewLabel("to"), dateBox(v.to))
	v.count.TextStyle = fyne.TextStyle{Bold: true}
	v.count.Wrapping = fyne.TextWrapWord

	v.list = newTimelineList(func() int { return len(v.shown) }, newTimelineRow, v.updateRow)
	v.list.OnSelected = func(i widget.ListItemID) {
		v.list.selected = i
		if v.quiet {
			return
		}
		ui.touch()
		v.list.focus = i
		v.open(i)
	}
	v.list.enter = func(i int) { ui.touch(); v.open(i) }
	left := container.NewBorder(v.count, nil, nil, nil, v.list)

	// Previous and next page: icons only, as the pane beside the record is
	// narrow; the caption says which page of how many is shown.
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), ui.act(func() { v.showPage(v.page - 1) }))
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), ui.act(func() { v.showPage(v.page + 1) }))
	v.viewer = pages.NewViewer(ui.h, prev, next)
	v.viewer.Caption.Truncation = fyne.TextTruncateEllipsis
	v.record = container.NewVBox()
	v.docSplit = container.NewHSplit(container.NewVScroll(v.record), v.viewer.Root)
	v.docSplit.Offset = 0.45
	v.detail = container.NewStack(tlMessage("Loading…"))

	split := container.NewHSplit(left, v.detail)
	split.Offset = 0.4
	v.load()
	return container.NewBorder(filters, nil, nil, nil, split)
}

func tlMessage(s string) fyne.CanvasObject {
	return container.NewPadded(container.NewVBox(wrapLabel(s)))
}

// load reads the time line in the background and fills the tab.
func (v *timelineView) load() {
	sess, id := v.ui.sess, v.pt.ID
	background(v.ui, func() (storage.Timeline, error) { return sess.Timeline(id) },
		func(tl storage.Timeline, err error) {
			if err != nil {
				v.count.SetText(plain(err))
				v.setDetail(tlMessage(plain(err)))
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
			v.wardSel.SetOptions(append([]string{tlAllWards}, wards...))
			v.apply()
			if len(v.all) == 0 {
				v.setDetail(tlMessage("No encounters, documents or notes yet."))
			} else {
				v.setDetail(tlMessage("Choose an item to open it here. Up and Down move through the list; Enter opens."))
			}
		})
}

// apply runs the filters over the items in memory.
func (v *timelineView) apply() {
	if !v.loaded {
		return
	}
	var problems []string
	bound := func(e *widget.Entry, name string) (model.Date, bool) {
		s := strings.TrimSpace(e.Text)
		if s == "" {
			return model.Date{}, true
		}
		d, ok := v.ui.parseDate(s)
		if !ok {
			problems = append(problems, fmt.Sprintf("the %s date is not a date (type 2024-03-12 or 12/3/2024)", name))
		}
		return d, ok
	}
	from, okFrom := bound(v.from, "from")
	to, okTo := bound(v.to, "to")
	typ, ward := v.typeSel.Selected, v.wardSel.Selected
	v.shown = v.shown[:0]
	for i, it := range v.all {
		if !tlTypeMatches(it, typ) || (ward != "" && ward != tlAllWards && it.Ward != ward) {
			continue
		}
		d := it.Date().Time()
		if okFrom && !from.IsZero() && d.Before(from.Time()) || okTo && !to.IsZero() && d.After(to.Time()) {
			continue
		}
		v.shown = append(v.shown, i)
	}
	items := "items"
	if len(v.all) == 1 {
		items = "item"
	}
	text := fmt.Sprintf("%s of %s %s", tlThousands(len(v.shown)), tlThousands(len(v.all)), items)
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
	case "", tlAllTypes:
		return true
	case tlEncounters:
		return it.Kind == storage.TimelineEncounter
	case tlNotes:
		return it.Kind == storage.TimelineNote
	}
	return it.Kind == storage.TimelineDocument && it.Type == typ
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
		return it.Type
	}
	switch model.EncounterType(it.Type) {
	case model.EncInpatient:
		return "Inpatient stay"
	case model.EncOutpatient:
		return "Outpatient visit"
	case model.EncEmergency:
		return "Emergency visit"
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
		return "keyed"
	}
	if _, ok := clinical.TemplateFor(it.Document.Doc.Type); !ok {
		return "scan only"
	}
	return "not keyed"
}

// newTimelineRow is a list row: date, type and form state on the first
// line, the ward and title under them in smaller type.
func newTimelineRow() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 4)
	for i, s := range []string{"2024-03-12", "Discharge summary", "not keyed", "Female Medical · title of the item"} {
		l := widget.NewLabel(s)
		l.Truncation = fyne.TextTruncateEllipsis
		objs[i] = l
	}
	objs[0].(*widget.Label).TextStyle = fyne.TextStyle{Bold: true}
	objs[2].(*widget.Label).Alignment = fyne.TextAlignTrailing
	objs[3].(*widget.Label).SizeName = theme.SizeNameCaptionText
	return container.New(tlRowLayout{}, objs...)
}

func (v *timelineView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.shown) {
		return
	}
	it := v.all[v.shown[i]]
	cells := o.(*fyne.Container).Objects
	var sub []string
	if it.Ward != "" {
		sub = append(sub, it.Ward)
	}
	if it.Title != "" {
		sub = append(sub, it.Title)
	}
	if it.Document != nil {
		sub = append(sub, countOf(len(it.Document.Pages), "page"))
	}
	for c, s := range []string{it.Date().String(), tlTypeText(it), tlFormText(it), strings.Join(sub, " · ")} {
		cells[c].(*widget.Label).SetText(s)
	}
}

// tlRowLayout places a row's date, type and form state on one line and
// its ward and title on a second, closer line.
type tlRowLayout struct{}

// tlLineOverlap is how much of the labels' padding the two lines share.
const tlLineOverlap = 14

func (tlRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h1 := max(objs[0].MinSize().Height, objs[1].MinSize().Height, objs[2].MinSize().Height)
	return fyne.NewSize(tlDateWidth+tlFormWidth+60, h1+objs[3].MinSize().Height-tlLineOverlap)
}

func (tlRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h1 := max(objs[0].MinSize().Height, objs[1].MinSize().Height, objs[2].MinSize().Height)
	typeW := max(40, size.Width-tlDateWidth-tlFormWidth)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(tlDateWidth, h1))
	objs[1].Move(fyne.NewPos(tlDateWidth, 0))
	objs[1].Resize(fyne.NewSize(typeW, h1))
	objs[2].Move(fyne.NewPos(size.Width-tlFormWidth, 0))
	objs[2].Resize(fyne.NewSize(tlFormWidth, h1))
	objs[3].Move(fyne.NewPos(0, h1-tlLineOverlap))
	objs[3].Resize(fyne.NewSize(size.Width, objs[3].MinSize().Height))
}

// timelineList is the list with Enter to open the item Up and Down moved
// to. The list keeps its keyboard position to itself, so it is followed
// here the way List.TypedKey moves it.
type timelineList struct {
	widget.List
	focus    int
	selected int
	enter    func(i int)
}

func newTimelineList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *timelineList {
	l := &timelineList{selected: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *timelineList) TypedKey(k *fyne.KeyEvent) {
	n := l.Length()
	switch k.Name {
	case fyne.KeyDown:
		if l.focus < n-1 {
			l.focus++
		}
	case fyne.KeyUp:
		if l.focus > 0 {
			l.focus--
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.focus < 0 || l.focus >= n {
			return
		}
		if l.focus == l.selected {
			l.enter(l.focus) // open it again
			return
		}
		l.Select(l.focus)
		return
	}
	l.List.TypedKey(k)
}

func (l *timelineList) UnselectAll() {
	l.selected = -1
	l.List.UnselectAll()
}

func (v *timelineView) setDetail(o fyne.CanvasObject) {
	v.detail.Objects = []fyne.CanvasObject{o}
	v.detail.Refresh()
}

// open shows the item at position i of the filtered list once its view
// is in the audit trail: every record opened from the time line is.
func (v *timelineView) open(i int) {
	if i < 0 || i >= len(v.shown) {
		return
	}
	it := v.all[v.shown[i]]
	v.openID = tlItemID(it)
	v.openSq++
	sq := v.openSq
	sess, kind, id := v.ui.sess, tlKind(it), v.openID
	background(v.ui, func() (struct{}, error) {
		return struct{}{}, sess.LogAction(model.ActView, kind, id, "timeline")
	}, func(_ struct{}, err error) {
		if sq != v.openSq {
			return
		}
		if err != nil {
			v.setDetail(tlMessage(plain(err)))
			return
		}
		switch {
		case it.Document != nil:
			v.showDocument(it)
		case it.Encounter != nil:
			v.setDetail(container.NewVScroll(v.encounterDetail(*it.Encounter)))
		case it.Note != nil:
			v.setDetail(container.NewVScroll(v.noteDetail(*it.Note)))
		}
	})
}

// showDocument puts the keyed record on the left and the source pages on
// the right.
func (v *timelineView) showDocument(it storage.TimelineItem) {
	dv := it.Document
	v.doc = dv
	v.record.Objects = []fyne.CanvasObject{container.NewPadded(v.recordOf(it))}
	v.record.Refresh()
	v.setDetail(v.docSplit)
	if len(dv.Pages) == 0 {
		v.viewer.Clear("This document has no pages.")
		return
	}
	v.page = -1
	v.showPage(0)
}

func (v *timelineView) showPage(i int) {
	if v.doc == nil || i < 0 || i >= len(v.doc.Pages) || i == v.page {
		return
	}
	v.page = i
	p := v.doc.Pages[i]
	caption := fmt.Sprintf("Page %d of %d · %s", i+1, len(v.doc.Pages), p.Source)
	if p.Discarded {
		caption += " · set aside"
	}
	v.viewer.Show(p.Page, caption)
}

// recordOf is a document's typed record: the keyed values with their form
// labels in form order, who keyed them and when, and where they stand.
func (v *timelineView) recordOf(it storage.TimelineItem) fyne.CanvasObject {
	dv := it.Document
	title := heading(fmt.Sprintf("%s · %s", dv.Doc.Type.Label(), dv.Doc.Date))
	title.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(title)
	meta := []string{fmt.Sprintf("%s, filed by %s on %s", countOf(len(dv.Pages), "page"), dv.Doc.IndexedBy,
		dv.Doc.IndexedAt.Local().Format("2006-01-02"))}
	if dv.Doc.Title != "" {
		meta = append([]string{dv.Doc.Title}, meta...)
	}
	if e := v.encounterOf(dv.Doc.EncounterID); e != nil {
		meta = append(meta, "Encounter: "+kit.EncounterLabel(*e))
	}
	box.Add(wrapLabel(strings.Join(meta, "\n")))
	t, hasForm := clinical.TemplateFor(dv.Doc.Type)
	tr := it.Transcript
	switch {
	case !hasForm:
		box.Add(wrapLabel("Kept as scanned pages only: this type of document has no form to key."))
		return box
	case tr == nil:
		box.Add(wrapLabel("Not keyed yet: its values are only on the pages. Key it from the Documents tab."))
		return box
	}
	status := fmt.Sprintf("Keyed by %s on %s", tr.First.By, tr.First.At.Local().Format("2006-01-02 15:04"))
	if tr.Status != clinical.TranscriptKeyed {
		status += " · " + tr.Status.Label()
	}
	if tr.Second != nil {
		status += fmt.Sprintf("\nSecond keying by %s on %s", tr.Second.By, tr.Second.At.Local().Format("2006-01-02 15:04"))
	}
	if tr.SettledBy != "" {
		status += fmt.Sprintf("\nDifferences settled by %s on %s", tr.SettledBy, tr.SettledAt.Local().Format("2006-01-02"))
	}
	keyedBy := widget.NewLabelWithStyle(status, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	keyedBy.Wrapping = fyne.TextWrapWord
	box.Add(keyedBy)
	if it.ValuesHidden {
		box.Add(wrapLabel("The values are hidden until a second clerk has keyed this document blind."))
		return box
	}
	// Each label over its value: the pane beside the page is narrow, and
	// form labels are long.
	for _, f := range t.Fields {
		val := strings.TrimSpace(tr.Final[f.Key])
		if val == "" {
			val = "—"
		}
		if f.Kind == clinical.FieldList {
			val = strings.ReplaceAll(val, ";", "\n")
			val = strings.ReplaceAll(val, "\n ", "\n")
		}
		label := widget.NewLabelWithStyle(f.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		label.SizeName = theme.SizeNameCaptionText
		label.Wrapping = fyne.TextWrapWord
		value := wrapLabel(val)
		box.Add(container.New(tlFieldLayout{}, label, value))
	}
	return box
}

// tlFieldLayout puts a field's label just over its value.
type tlFieldLayout struct{}

const tlFieldOverlap = 12

func (tlFieldLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height-tlFieldOverlap)
}

func (tlFieldLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(fyne.NewSize(size.Width, objs[0].MinSize().Height))
	h := objs[0].MinSize().Height
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Move(fyne.NewPos(0, h-tlFieldOverlap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h+tlFieldOverlap))
}

func (v *timelineView) encounterOf(id model.ID) *model.Encounter {
	if id.IsZero() {
		return nil
	}
	for _, it := range v.all {
		if it.Encounter != nil && it.Encounter.ID == id {
			return it.Encounter
		}
	}
	return nil
}

func (v *timelineView) encounterDetail(e model.Encounter) fyne.CanvasObject {
	typ := tlTypeText(storage.TimelineItem{Kind: storage.TimelineEncounter, Type: string(e.Type)})
	form := widget.NewForm()
	add := func(label, val string) {
		if strings.TrimSpace(val) != "" {
			form.Append(label, wrapLabel(val))
		}
	}
	day := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
	add("Type", typ)
	if e.Type == model.EncInpatient {
		add("Admitted", day(e.Start))
		if e.End.IsZero() {
			add("Discharged", "Not yet discharged")
		} else {
			add("Discharged", fmt.Sprintf("%s (%s)", day(e.End), plural(int(e.End.Sub(e.Start).Hours()/24), "day", "days")))
		}
	} else {
		add("Date", day(e.Start))
		if !e.End.IsZero() {
			add("Ended", day(e.End))
		}
	}
	add("Ward", e.Ward)
	add("Clinician", e.Clinician)
	add("Reason", e.Reason)
	var dx []string
	for _, c := range e.ItemsToCode() {
		line := c.Text
		if c.Coded() {
			line += fmt.Sprintf(" — %s %s", c.Code, strings.TrimSpace(c.System+" "+c.Version))
			if c.Title != "" && !strings.EqualFold(c.Title, c.Text) {
				line += " (" + c.Title + ")"
			}
		} else {
			line += " — not coded"
		}
		if c.Kind == model.ItemProcedure {
			line = "Procedure: " + line
		}
		if c.Principal {
			line += " · principal"
		}
		dx = append(dx, line)
	}
	add("Diagnoses", strings.Join(dx, "\n"))
	switch e.CodingStatus {
	case model.CodingDone:
		add("Coding", fmt.Sprintf("Coded by %s on %s", e.CodedBy, e.CodedAt.Local().Format("2006-01-02")))
	case model.CodingInProgress:
		add("Coding", "In progress")
	}
	docs, notes := 0, 0
	for _, it := range v.all {
		if it.Document != nil && it.Document.Doc.EncounterID == e.ID {
			docs++
		}
		if it.Note != nil && it.Note.EncounterID == e.ID {
			notes++
		}
	}
	if docs+notes > 0 {
		add("In the chart", countOf(docs, "document")+", "+countOf(notes, "note"))
	}
	return container.NewPadded(container.NewVBox(heading(typ+" · "+e.Start.Local().Format("2006-01-02")), form))
}

func (v *timelineView) noteDetail(n model.Note) fyne.CanvasObject {
	title := n.Title
	if title == "" {
		title = "Note"
	}
	form := widget.NewForm()
	form.Append("Written", wrapLabel(n.Written.Local().Format("2006-01-02 15:04")))
	form.Append("Author", wrapLabel(n.Author))
	signed := "Not signed"
	if n.SignedBy != "" {
		signed = fmt.Sprintf("Signed by %s on %s", n.SignedBy, n.SignedAt.Local().Format("2006-01-02 15:04"))
	}
	form.Append("Signature", wrapLabel(signed))
	if e := v.encounterOf(n.EncounterID); e != nil {
		form.Append("Encounter", wrapLabel(kit.EncounterLabel(*e)))
	}
	text := wrapLabel(n.Text)
	return container.NewPadded(container.NewVBox(heading(title), form, widget.NewSeparator(), text))
}
