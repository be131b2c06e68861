// Package coding is the coder's window: the queue of encounters waiting
// for codes, the work on one encounter, the code picker and the code sets
// it searches.
package coding

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"sort"
	"strings"
	"sync"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// codingScreen is the coder's queue: encounters with uncoded diagnoses and
// procedures, oldest first, and the work on the selected one. The queue
// is read a page at a time as the table scrolls, so every encounter
// waiting can be reached however long the queue is.
type codingScreen struct {
	h     *kit.Host
	sets  *codeSets
	rows  map[int]storage.QueueItem // the pages read so far, by row
	total int
	// loading are the pages being read; gen counts reloads, so a page
	// read before one is dropped.
	loading   map[int]bool
	gen       int
	table     *widget.Table
	detail    *fyne.Container
	status    *widget.Label
	prod      *widget.Label
	next      model.ID // opened when the queue next loads after a save
	afterSave bool
	// saved says what the last save did ("Saved: … marked coded."), beside
	// the buttons of the next encounter.
	saved   *widget.Label
	current *codingWork
}

// screens keeps each window's coding screen, for the Mark coded shortcut.
var screens struct {
	mu sync.Mutex
	by map[*kit.Host]*codingScreen
}

func screenOf(h *kit.Host) *codingScreen {
	screens.mu.Lock()
	defer screens.mu.Unlock()
	return screens.by[h]
}

// MarkCoded marks the encounter open on the window's Coding screen as
// coded (the Ctrl+M shortcut); false when none is open.
func MarkCoded(h *kit.Host) bool {
	c := screenOf(h)
	if c == nil || c.current == nil {
		return false
	}
	c.current.save(true)
	return true
}

// OpenEncounter shows the Coding section with encounter id open (from My
// work); false when the role has no Coding section.
func OpenEncounter(h *kit.Host, id model.ID) bool {
	if h.Shell == nil || !h.Shell.OpenSection("Coding") {
		return false
	}
	if c := screenOf(h); c != nil {
		c.reloadThen(id)
	}
	return true
}

// after is the encounter after id in the queue shown (or the first other
// one), to open once id is coded.
func (c *codingScreen) after(id model.ID) model.ID {
	for i, q := range c.rows {
		if q.Encounter.ID != id {
			continue
		}
		if n, ok := c.rows[i+1]; ok {
			return n.Encounter.ID
		}
		if f, ok := c.rows[0]; ok && i > 0 {
			return f.Encounter.ID
		}
	}
	return model.ID{}
}

// reloadThen reloads the queue and opens the encounter id when it is
// still waiting.
func (c *codingScreen) reloadThen(id model.ID) {
	c.next, c.afterSave = id, true
	c.reload()
}

// pageRows is how many encounters one read of the queue brings.
const pageRows = 200

func codingColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.date", "Date"), Width: 95, Min: 90}, {Title: lang.X("col.patient", "Patient"), Width: 200},
		{Title: lang.X("coding.col_as_written", "As written"), Width: 220, Min: 170}, {Title: lang.X("col.status", "Status"), Width: 90}}
}

// Screen is the Coding section.
func Screen(h *kit.Host) fyne.CanvasObject {
	c := &codingScreen{h: h, sets: setsOf(h), detail: container.NewStack(kit.WrapLabel(lang.X("coding.select_an_encounter_to", "Select an encounter to code."))),
		status: widget.NewLabel(""), prod: widget.NewLabel(""), saved: widget.NewLabel(""),
		rows: map[int]storage.QueueItem{}, loading: map[int]bool{}}
	screens.mu.Lock()
	if screens.by == nil {
		screens.by = map[*kit.Host]*codingScreen{}
	}
	screens.by[h] = c
	screens.mu.Unlock()
	var view fyne.CanvasObject
	c.table, view = kit.NewColumnTable(codingColumns(), func() int { return c.total }, c.cell)
	c.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if q, ok := c.rows[id.Row]; ok {
			c.open(q)
		}
	}
	c.reload()
	split := container.NewHSplit(view, c.detail) // the work scrolls inside, its buttons stay
	split.Offset = 0.45
	return container.NewBorder(kit.Heading(lang.X("coding.coding_queue", "Coding queue")), container.NewHBox(c.status, kit.SpacerH(), c.prod), nil, nil, split)
}

func (c *codingScreen) cell(row, col int) string {
	q, ok := c.rows[row]
	if !ok {
		c.loadPage(row / pageRows)
		return "…"
	}
	switch col {
	case 0:
		return q.Encounter.Start.Local().Format("2006-01-02")
	case 1:
		return q.Patient.Name + " · " + q.Patient.MRN
	case 2:
		var texts []string
		for _, it := range q.Encounter.ItemsToCode() {
			texts = append(texts, it.Text)
		}
		return strings.Join(texts, "; ")
	case 3:
		if q.Encounter.CodingStatus == "" {
			return "uncoded"
		}
		return string(q.Encounter.CodingStatus)
	}
	return ""
}

// loadPage reads page n of the queue when the table first shows one of
// its rows.
func (c *codingScreen) loadPage(n int) {
	if c.loading[n] {
		return
	}
	c.loading[n] = true
	gen := c.gen
	kit.Run(c.h, func(sess *storage.Session) ([]storage.QueueItem, error) {
		q, _, err := sess.Coding().Page(storage.WorkFilter{}, n*pageRows, pageRows)
		return q, err
	}, func(q []storage.QueueItem, err error) {
		if gen != c.gen {
			return
		}
		if err != nil {
			c.status.SetText(kit.Plain(err))
			return
		}
		for i, it := range q {
			c.rows[n*pageRows+i] = it
		}
		c.table.Refresh()
	})
}

func (c *codingScreen) reload() {
	type loaded struct {
		first []storage.QueueItem
		total int
		// at is the page holding the encounter to open next, and where.
		at     []storage.QueueItem
		atPage int
		prod   map[string]int
		me     string
	}
	sets := c.sets
	if c.total == 0 {
		c.status.SetText(lang.X("coding.loading_the_coding_queue", "Loading the coding queue and the code sets…"))
	}
	next := c.next
	c.gen++
	gen := c.gen
	kit.Run(c.h, func(sess *storage.Session) (loaded, error) {
		// Load the code sets now, off the UI goroutine, so the edits and
		// the picker never wait for them.
		if err := sets.load(sess); err != nil {
			return loaded{}, err
		}
		if counts, err := sess.Coding().Counts(); err == nil {
			sets.boost(counts)
		}
		var l loaded
		var err error
		if l.first, l.total, err = sess.Coding().Page(storage.WorkFilter{}, 0, pageRows); err != nil {
			return l, err
		}
		l.atPage = -1
		if !next.IsZero() {
			// The encounter to open may be far down the queue.
			if pos, err := sess.Worklist().Position(storage.QueueToCode, storage.WorkFilter{}, next); err == nil && pos >= pageRows {
				l.atPage = pos / pageRows
				if l.at, _, err = sess.Coding().Page(storage.WorkFilter{}, l.atPage*pageRows, pageRows); err != nil {
					return l, err
				}
			}
		}
		today := time.Now().Truncate(24 * time.Hour)
		l.prod, err = sess.Coding().Productivity(today)
		l.me = sess.User().Username
		return l, err
	}, func(l loaded, err error) {
		if gen != c.gen {
			return
		}
		if err != nil {
			c.status.SetText(kit.Plain(err))
			return
		}
		c.rows, c.loading, c.total = map[int]storage.QueueItem{}, map[int]bool{0: true}, l.total
		for i, q := range l.first {
			c.rows[i] = q
		}
		if l.atPage >= 0 {
			c.loading[l.atPage] = true
			for i, q := range l.at {
				c.rows[l.atPage*pageRows+i] = q
			}
		}
		c.table.UnselectAll()
		c.table.Refresh()
		c.status.SetText(lang.XN("coding.waiting", "{{.Count}} encounters waiting, oldest first.", l.total, map[string]any{"Count": l.total}))

		c.prod.SetText(productivityText(l.prod, l.me))
		next, afterSave := c.next, c.afterSave
		c.next, c.afterSave = model.ID{}, false
		if !afterSave {
			return
		}
		for i, q := range c.rows {
			if q.Encounter.ID == next {
				c.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
				c.table.Select(widget.TableCellID{Row: i, Col: 0})
				return
			}
		}
		more := lang.X("coding.select_next_encounter", "Select the next encounter.")
		if l.total == 0 {
			more = lang.X("coding.nothing_else_waiting", "Nothing else is waiting to be coded.")
		}
		c.detail.Objects = []fyne.CanvasObject{container.NewVBox(c.saved, kit.WrapLabel(more))}
		c.detail.Refresh()
	})
}

func productivityText(prod map[string]int, me string) string {
	var others []string
	for u, n := range prod {
		if u != me {
			others = append(others, fmt.Sprintf("%s %d", u, n))
		}
	}
	sort.Strings(others)
	text := lang.X("coding.coded_today", "Coded today: you {{.Count}}", map[string]any{"Count": prod[me]})
	if len(others) > 0 {
		text += " · " + strings.Join(others, ", ")
	}
	return text
}

// open shows one encounter's source text beside its items.
func (c *codingScreen) open(q storage.QueueItem) {
	sets := c.sets
	kit.Run(c.h, func(sess *storage.Session) (storage.Chart, error) {
		// The edits need the code sets; the queue's reload has usually
		// loaded them already, and a failure shows as no warnings.
		_ = sets.load(sess)
		return sess.Encounters().Chart(q.Encounter.PatientID)
	},
		func(ch storage.Chart, err error) {
			if err != nil {
				c.detail.Objects = []fyne.CanvasObject{kit.WrapLabel(kit.Plain(err))}
				c.detail.Refresh()
				return
			}
			w := &codingWork{screen: c, q: q, items: append([]model.CodedItem(nil), q.Encounter.ItemsToCode()...)}
			for _, n := range ch.Notes {
				if n.EncounterID == q.Encounter.ID {
					w.notes = append(w.notes, n)
				}
			}
			w.render()
		})
}
