// Package mywork is the "My work" screen, the first after sign-in: the
// lists of what waits for the signed-in person (app/flow/worklist), each
// with its count; an item opens on the screen where the work is done, and
// Next (Alt+N) opens the next item of the same list from wherever the
// person is.
package mywork

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"dossier/app/flow/worklist"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation, Go to and Help.
const Title = "My work"

// pageRows is how many items one read of a list brings.
const pageRows = 100

// Openers open the items of lists that come from a worklist.Source, by
// the list's key (the deficiency lists open in open). The storage queues'
// items open through openItem.
var Openers = map[string]func(h *kit.Host, it storage.WorkItem){}

// cursor is where Next goes on from: the list, as narrowed, and the item
// last opened with its position.
type cursor struct {
	sec    worklist.Section
	filter storage.WorkFilter
	id     model.ID
	pos    int
}

var cursors struct {
	mu sync.Mutex
	by map[*kit.Host]*cursor
}

func setCursor(h *kit.Host, c *cursor) {
	cursors.mu.Lock()
	defer cursors.mu.Unlock()
	if cursors.by == nil {
		cursors.by = map[*kit.Host]*cursor{}
	}
	cursors.by[h] = c
}

func cursorOf(h *kit.Host) *cursor {
	cursors.mu.Lock()
	defer cursors.mu.Unlock()
	return cursors.by[h]
}

type screen struct {
	h       *kit.Host
	secs    []worklist.Section
	cur     int
	filter  storage.WorkFilter
	rows    map[int]storage.WorkItem
	loading map[int]bool
	total   int
	gen     int

	nav     *widget.List
	table   *widget.Table
	heading *widget.Label
	status  *widget.Label
	search  *widget.Entry
	filters *fyne.Container // the coder's: ward, clinician, dates, discharge
	dates   [2]*widget.Entry
	dateErr *widget.Label
	split   *container.Split // the lists and their items; hidden when the role has none
}

// columns are made when the screen is, after the translations are loaded.
func columns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.date", "Date"), Width: 95, Min: 90}, {Title: lang.X("col.patient", "Patient"), Width: 190},
		{Title: lang.X("col.what", "What"), Width: 230, Min: 150}, {Title: lang.X("col.who", "Who"), Width: 140}}
}

// Screen is the My work section.
func Screen(h *kit.Host) fyne.CanvasObject {
	s := &screen{h: h, cur: -1, rows: map[int]storage.WorkItem{}, loading: map[int]bool{},
		heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), status: widget.NewLabel(lang.X("mywork.loading", "Loading your lists…"))}
	s.status.Wrapping = fyne.TextWrapWord
	s.nav = widget.NewList(func() int { return len(s.secs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			// The count first: a long title gives way, never its count.
			o.(*widget.Label).SetText(fmt.Sprintf("%d · %s", s.secs[i].Count, listTitle(s.secs[i].Title)))
		})
	s.nav.OnSelected = func(i widget.ListItemID) { h.Touch(); s.choose(i) }
	var view fyne.CanvasObject
	s.table, view = kit.NewColumnTable(columns(), func() int { return s.total }, s.cell)
	s.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if it, ok := s.rows[id.Row]; ok && s.cur >= 0 {
			s.table.UnselectAll()
			open(h, &cursor{sec: s.secs[s.cur], filter: s.filter, id: it.ID, pos: id.Row}, it)
		}
	}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.X("mywork.search", "Search: patient, MRN or words"))
	s.search.OnChanged = func(t string) { s.filter.Text = t; s.reload() }
	s.filters = s.coderFilters()
	next := widget.NewButton(lang.X("mywork.next", "Next item (Alt+N)"), h.Act(func() { Next(h) }))
	top := container.NewVBox(kit.Heading(lang.X("nav.my_work", "My work")), s.status)
	right := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, next, s.heading), s.search, s.filters), nil, nil, nil, view)
	s.split = container.NewHSplit(s.nav, right)
	s.split.Offset = 0.27
	s.load()
	return container.NewBorder(top, nil, nil, nil, s.split)
}

// coderFilters narrows the encounters to code by ward, clinician, dates
// and discharge.
func (s *screen) coderFilters() *fyne.Container {
	ward, clin := widget.NewEntry(), widget.NewEntry()
	ward.SetPlaceHolder(lang.X("mywork.ward", "Ward"))
	clin.SetPlaceHolder(lang.X("mywork.clinician", "Clinician"))
	ward.OnChanged = func(t string) { s.filter.Ward = t; s.reload() }
	clin.OnChanged = func(t string) { s.filter.Clinician = t; s.reload() }
	s.dateErr = widget.NewLabel("")
	for i, hint := range []string{lang.X("mywork.from", "From (a date)"), lang.X("mywork.before", "Before (a date)")} {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		e.OnChanged = func(string) { s.datesChanged() }
		s.dates[i] = e
	}
	choices := []string{lang.X("mywork.any_discharge", "Any discharge"), lang.X("mywork.discharged", "Discharged"), lang.X("mywork.in_hospital", "Still in hospital")}
	dis := widget.NewSelect(choices, func(v string) {
		s.filter.Discharged = map[string]int{choices[1]: 1, choices[2]: 2}[v]
		s.reload()
	})
	dis.SetSelected(choices[0])
	box := container.NewVBox(container.NewGridWithColumns(3, ward, clin, dis), container.NewGridWithColumns(3, s.dates[0], s.dates[1], s.dateErr))
	box.Hide()
	return box
}

func (s *screen) datesChanged() {
	var t [2]time.Time
	for i, e := range s.dates {
		text := strings.TrimSpace(e.Text)
		if text == "" {
			continue
		}
		d, ok := s.h.ParseDate(text)
		if !ok {
			s.dateErr.SetText(lang.X("common.not_a_date", "Not a date: {{.Text}}", map[string]any{"Text": text}))
			return
		}
		t[i] = d.Time()
	}
	s.dateErr.SetText("")
	s.filter.From, s.filter.To = t[0], t[1]
	s.reload()
}

// load reads the lists and their counts, then shows the first list with
// something in it.
func (s *screen) load() {
	kit.Run(s.h, func(sess *storage.Session) ([]worklist.Section, error) {
		return worklist.Lists(sess, "", time.Now(), worklist.Sources...)
	}, func(secs []worklist.Section, err error) {
		if err != nil {
			s.status.SetText(kit.Plain(err))
			return
		}
		s.secs = secs
		s.nav.Refresh()
		s.split.Hidden = len(secs) == 0 // no empty frame under the sentence
		s.split.Refresh()
		if len(secs) == 0 {
			s.status.SetText(lang.X("mywork.nothing", "Nothing is listed for your role here: use the sections on the left."))
			return
		}
		waiting, first := 0, 0
		for i := len(secs) - 1; i >= 0; i-- {
			waiting += secs[i].Count
			if secs[i].Count > 0 {
				first = i
			}
		}
		s.status.SetText(lang.XN("mywork.waiting", "{{.Count}} items waiting for you. Choose an item to open it where the work is done; Alt+N then opens the next one.", waiting, map[string]any{"Count": waiting}))
		if c := cursorOf(s.h); c != nil {
			for i, sec := range secs {
				if sec.Key == c.sec.Key {
					first = i // back on the list last worked
				}
			}
		}
		s.nav.Select(first)
	})
}

func (s *screen) choose(i int) {
	if i < 0 || i >= len(s.secs) {
		return
	}
	s.cur = i
	s.heading.SetText(s.secs[i].Title)
	if s.secs[i].Queue == storage.QueueToCode {
		s.filters.Show()
	} else {
		s.filters.Hide()
	}
	s.reload()
}

// reload reads the chosen list's first page as filtered.
func (s *screen) reload() {
	if s.cur < 0 {
		return
	}
	s.gen++
	gen, sec, f := s.gen, s.secs[s.cur], s.filter
	kit.Run(s.h, func(sess *storage.Session) (storage.WorkPage, error) {
		return worklist.Page(sess, sec, f, 0, pageRows)
	}, func(p storage.WorkPage, err error) {
		if gen != s.gen {
			return
		}
		if err != nil {
			s.status.SetText(kit.Plain(err))
			return
		}
		s.rows, s.loading, s.total = map[int]storage.WorkItem{}, map[int]bool{0: true}, p.Total
		for i, it := range p.Items {
			s.rows[i] = it
		}
		s.table.UnselectAll()
		s.table.ScrollToTop()
		s.table.Refresh()
		text := listTitle(sec.Title)
		if p.Total != sec.Count || f != (storage.WorkFilter{}) {
			text = lang.X("mywork.shown_of", "{{.List}}: {{.Shown}} shown of {{.Total}}", map[string]any{"List": text, "Shown": p.Total, "Total": sec.Count})
		}
		s.heading.SetText(text)
	})
}

func (s *screen) loadPage(n int) {
	if s.loading[n] || s.cur < 0 {
		return
	}
	s.loading[n] = true
	gen, sec, f := s.gen, s.secs[s.cur], s.filter
	kit.Run(s.h, func(sess *storage.Session) (storage.WorkPage, error) {
		return worklist.Page(sess, sec, f, n*pageRows, pageRows)
	}, func(p storage.WorkPage, err error) {
		if gen != s.gen || err != nil {
			return
		}
		for i, it := range p.Items {
			s.rows[n*pageRows+i] = it
		}
		s.table.Refresh()
	})
}

func (s *screen) cell(row, col int) string {
	it, ok := s.rows[row]
	if !ok {
		s.loadPage(row / pageRows)
		return "…"
	}
	r := rowOf(s.h, it)
	return [...]string{r.When, r.Patient, r.What, r.Who}[col]
}

// Next opens the item after the one last opened from My work, in the same
// list as narrowed then (the Alt+N shortcut). False when nothing was
// opened from My work yet.
func Next(h *kit.Host) bool {
	c := cursorOf(h)
	if c == nil {
		h.Notice(lang.X("mywork.open_first", "Open an item from My work first; Next then goes on down its list."))
		return false
	}
	cur := *c
	type found struct {
		it  storage.WorkItem
		pos int
		ok  bool
	}
	kit.Run(h, func(sess *storage.Session) (found, error) {
		it, pos, ok, err := worklist.Next(sess, cur.sec, cur.filter, cur.id, cur.pos)
		return found{it, pos, ok}, err
	}, func(f found, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		if !f.ok {
			h.Notice(lang.X("mywork.last_of", "That was the last of “{{.List}}”.", map[string]any{"List": listTitle(cur.sec.Title)}))
			backToList(h)
			return
		}
		next := cur
		next.id, next.pos = f.it.ID, f.pos
		open(h, &next, f.it)
	})
	return true
}

func backToList(h *kit.Host) {
	if h.Shell != nil {
		h.Shell.OpenSection(Title)
	}
}

// open remembers the item for Next and opens it where its work is done.
func open(h *kit.Host, c *cursor, it storage.WorkItem) {
	setCursor(h, c)
	section := func(title string) {
		if h.Shell != nil {
			h.Shell.OpenSection(title)
		}
	}
	switch c.sec.Queue {
	case storage.QueueToKey:
		openKeying(h, it)
	case storage.QueueUnfiled:
		section("Scanning")
	case storage.QueueBatches:
		section("Batches")
	case storage.QueueChartsOut:
		section("Charts out")
	case storage.QueueToCode:
		if h.Links.CodeEncounter != nil {
			h.Links.CodeEncounter(it.ID)
		}
	case storage.QueueToSign: // signed on the chart's Notes tab
		h.OpenChartAt(it.Patient, "Notes")
	case storage.QueueRequests:
		if h.Links.OpenRequest != nil {
			h.Links.OpenRequest(it.ID)
		}
	case storage.QueueDuplicates:
		section("Duplicates")
	case storage.QueueDiffer:
		section("Keying")
	default:
		switch c.sec.Key {
		case worklist.DeficiencyKey: // completed on the chart (sign, file, code)
			h.OpenChart(it.Patient)
			return
		case worklist.DelinquentKey:
			section("Deficiencies")
			return
		}
		if o := Openers[c.sec.Key]; o != nil {
			o(h, it)
		}
	}
}

// openKeying opens a document's form; once saved, the clerk lands on the
// next document to key, not back on a chart or list.
func openKeying(h *kit.Host, it storage.WorkItem) {
	kit.Run(h, func(sess *storage.Session) (storage.DocumentView, error) {
		docs, err := sess.Documents().OfPatient(it.Patient)
		for _, d := range docs {
			if d.Doc.ID == it.ID {
				return d, err
			}
		}
		if err == nil {
			err = model.Errorf(model.NotFound, "the document is no longer in this patient's chart")
		}
		return storage.DocumentView{}, err
	}, func(dv storage.DocumentView, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		if h.Links.KeyDocumentThen != nil {
			h.Links.KeyDocumentThen(dv, func() { backToList(h) }, func() { Next(h) })
		}
	})
}
