// Package coding is the coder's window: the queue of encounters waiting
// for codes, the work on one encounter, the code picker and the code sets
// it searches.
package coding

import (
	"fmt"
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
// procedures, oldest first, and the work on the selected one.
type codingScreen struct {
	h         *kit.Host
	sets      *codeSets
	queue     []storage.QueueItem
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

// MarkCoded marks the encounter open on the window's Coding screen as
// coded (the Ctrl+M shortcut); false when none is open.
func MarkCoded(h *kit.Host) bool {
	screens.mu.Lock()
	c := screens.by[h]
	screens.mu.Unlock()
	if c == nil || c.current == nil {
		return false
	}
	c.current.save(true)
	return true
}

// after is the encounter after id in the queue shown (or the first other
// one), to open once id is coded.
func (c *codingScreen) after(id model.ID) model.ID {
	for i, q := range c.queue {
		if q.Encounter.ID == id {
			if i+1 < len(c.queue) {
				return c.queue[i+1].Encounter.ID
			}
			if i > 0 {
				return c.queue[0].Encounter.ID
			}
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

// queueShown bounds the queue on screen; coding the oldest brings the next.
const queueShown = 500

var codingColumns = []kit.Column{{Title: "Date", Width: 95, Min: 90}, {Title: "Patient", Width: 200}, {Title: "As written", Width: 220, Min: 170}, {Title: "Status", Width: 90}}

// Screen is the Coding section.
func Screen(h *kit.Host) fyne.CanvasObject {
	c := &codingScreen{h: h, sets: setsOf(h), detail: container.NewStack(kit.WrapLabel("Select an encounter to code.")),
		status: widget.NewLabel(""), prod: widget.NewLabel(""), saved: widget.NewLabel("")}
	screens.mu.Lock()
	if screens.by == nil {
		screens.by = map[*kit.Host]*codingScreen{}
	}
	screens.by[h] = c
	screens.mu.Unlock()
	var view fyne.CanvasObject
	c.table, view = kit.NewColumnTable(codingColumns, func() int { return len(c.queue) }, c.cell)
	c.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(c.queue) {
			c.open(c.queue[id.Row])
		}
	}
	c.reload()
	split := container.NewHSplit(view, c.detail) // the work scrolls inside, its buttons stay
	split.Offset = 0.45
	return container.NewBorder(kit.Heading("Coding queue"), container.NewHBox(c.status, kit.SpacerH(), c.prod), nil, nil, split)
}

func (c *codingScreen) cell(row, col int) string {
	q := c.queue[row]
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

func (c *codingScreen) reload() {
	type loaded struct {
		queue []storage.QueueItem
		prod  map[string]int
		me    string
	}
	sets := c.sets
	if len(c.queue) == 0 {
		c.status.SetText("Loading the coding queue and the code sets…")
	}
	kit.Run(c.h, func(sess *storage.Session) (loaded, error) {
		// Load the code sets now, off the UI goroutine, so the edits and
		// the picker never wait for them.
		if err := sets.load(sess); err != nil {
			return loaded{}, err
		}
		if counts, err := sess.Coding().Counts(); err == nil {
			sets.boost(counts)
		}
		q, err := sess.Coding().Queue(queueShown)
		if err != nil {
			return loaded{}, err
		}
		today := time.Now().Truncate(24 * time.Hour)
		prod, err := sess.Coding().Productivity(today)
		return loaded{q, prod, sess.User().Username}, err
	}, func(l loaded, err error) {
		if err != nil {
			c.status.SetText(kit.Plain(err))
			return
		}
		c.queue = l.queue
		c.table.UnselectAll()
		c.table.Refresh()
		text := fmt.Sprintf("%s waiting, oldest first.", kit.CountOf(len(l.queue), "encounter"))
		if len(l.queue) == queueShown {
			text = fmt.Sprintf("The %d oldest encounters waiting are shown.", queueShown)
		}
		c.status.SetText(text)
		c.prod.SetText(productivityText(l.prod, l.me))
		next, afterSave := c.next, c.afterSave
		c.next, c.afterSave = model.ID{}, false
		if !afterSave {
			return
		}
		for i, q := range c.queue {
			if q.Encounter.ID == next {
				c.table.Select(widget.TableCellID{Row: i, Col: 0})
				return
			}
		}
		more := "Select the next encounter."
		if len(c.queue) == 0 {
			more = "Nothing else is waiting to be coded."
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
	text := fmt.Sprintf("Coded today: you %d", prod[me])
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
