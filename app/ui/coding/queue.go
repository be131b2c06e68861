package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/coding"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// codingScreen is the coder's queue: encounters with uncoded diagnoses and
// procedures, oldest first, and the work on the selected one.
type codingScreen struct {
	ui     *UI
	queue  []storage.QueueItem
	table  *widget.Table
	detail *fyne.Container
	status *widget.Label
	prod   *widget.Label
}

// queueShown bounds the queue on screen; coding the oldest brings the next.
const queueShown = 500

var codingColumns = []column{{"Date", 95}, {"Patient", 200}, {"As written", 220}, {"Status", 90}}

func (ui *UI) codingScreen() fyne.CanvasObject {
	c := &codingScreen{ui: ui, detail: container.NewStack(wrapLabel("Select an encounter to code.")),
		status: widget.NewLabel(""), prod: widget.NewLabel("")}
	c.table = columnTable(codingColumns, func() int { return len(c.queue) }, c.cell)
	c.table.OnSelected = func(id widget.TableCellID) {
		ui.touch()
		if id.Row >= 0 && id.Row < len(c.queue) {
			c.open(c.queue[id.Row])
		}
	}
	c.reload()
	split := container.NewHSplit(c.table, container.NewVScroll(c.detail))
	split.Offset = 0.45
	return container.NewBorder(heading("Coding queue"), container.NewHBox(c.status, spacerH(), c.prod), nil, nil, split)
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
	}
	background(c.ui, func() (loaded, error) {
		// Load the code sets now, off the UI goroutine, so the edits and
		// the picker never wait for them.
		if err := c.ui.codes.load(c.ui.sess); err != nil {
			return loaded{}, err
		}
		if counts, err := c.ui.sess.CodeCounts(); err == nil {
			c.ui.codes.boost(counts)
		}
		q, err := c.ui.sess.CodingQueue(queueShown)
		if err != nil {
			return loaded{}, err
		}
		today := time.Now().Truncate(24 * time.Hour)
		prod, err := c.ui.sess.Productivity(today)
		return loaded{q, prod}, err
	}, func(l loaded, err error) {
		if err != nil {
			c.status.SetText(plain(err))
			return
		}
		c.queue = l.queue
		c.table.UnselectAll()
		c.table.Refresh()
		text := fmt.Sprintf("%s waiting, oldest first.", plural(len(l.queue), "encounter", "encounters"))
		if len(l.queue) == queueShown {
			text = fmt.Sprintf("The %d oldest encounters waiting are shown.", queueShown)
		}
		c.status.SetText(text)
		c.prod.SetText(productivityText(l.prod, c.ui.sess.User().Username))
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
	background(c.ui, func() (storage.Chart, error) { return c.ui.sess.PatientChart(q.Encounter.PatientID) },
		func(ch storage.Chart, err error) {
			if err != nil {
				c.detail.Objects = []fyne.CanvasObject{wrapLabel(plain(err))}
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

// codingWork is the coder's edit of one encounter before it is saved.
type codingWork struct {
	screen *codingScreen
	q      storage.QueueItem
	items  []model.CodedItem
	notes  []model.Note
}

func (w *codingWork) render() {
	ui, e, p := w.screen.ui, w.q.Encounter, w.q.Patient
	source := fmt.Sprintf("%s · MRN %s · %s · %s\n%s visit on %s", p.Name, p.MRN, p.Sex.Label(), ageOf(p), e.Type, e.Start.Local().Format("2006-01-02"))
	if e.Ward != "" {
		source += " · ward " + e.Ward
	}
	if e.Clinician != "" {
		source += " · " + e.Clinician
	}
	if e.Reason != "" {
		source += "\nReason: " + e.Reason
	}
	if len(e.Diagnoses) > 0 {
		source += "\nDiagnoses as written: " + strings.Join(e.Diagnoses, "; ")
	}
	for _, n := range w.notes {
		source += fmt.Sprintf("\n\n%s (%s): %s", n.Title, n.Author, n.Text)
	}
	rows := container.NewVBox()
	for i := range w.items {
		rows.Add(w.itemRow(i))
	}
	newText := widget.NewEntry()
	newText.SetPlaceHolder("Another diagnosis or procedure, as written")
	addDx := widget.NewButton("Add diagnosis", ui.act(func() { w.add(model.ItemDiagnosis, newText.Text) }))
	addPx := widget.NewButton("Add procedure", ui.act(func() { w.add(model.ItemProcedure, newText.Text) }))
	warnings := wrapLabel(w.warnings())
	save := widget.NewButton("Save", ui.act(func() { w.save(false) }))
	done := widget.NewButton("Mark coded", ui.act(func() { w.save(true) }))
	done.Importance = widget.HighImportance
	w.screen.detail.Objects = []fyne.CanvasObject{container.NewVBox(
		widget.NewCard("Source", "", wrapLabel(source)),
		heading("Codes (principal first)"), rows,
		container.NewBorder(nil, nil, nil, container.NewHBox(addDx, addPx), newText),
		warnings, container.NewHBox(spacerH(), save, done))}
	w.screen.detail.Refresh()
}

func ageOf(p storage.PatientSummary) string {
	if p.BirthDate.IsZero() {
		return "age unknown"
	}
	return p.BirthDate.AgeText(time.Now())
}

func (w *codingWork) itemRow(i int) fyne.CanvasObject {
	ui, it := w.screen.ui, w.items[i]
	text := fmt.Sprintf("%d. %s: %s", i+1, it.Kind, it.Text)
	if it.Coded() {
		text += fmt.Sprintf("\n    → %s %s (%s %s)", it.Code, it.Title, it.System, it.Version)
	} else {
		text += "\n    → not coded yet"
	}
	if it.Principal {
		text = "★ " + text
	}
	code := widget.NewButton("Code…", ui.act(func() {
		ui.pickCode(it.Text, func(c coding.Code) {
			w.items[i].System, w.items[i].Version, w.items[i].Code, w.items[i].Title = c.System.Name, c.System.Version, c.Code, c.Title
			w.render()
		})
	}))
	principal := widget.NewButton("Principal", ui.act(func() {
		for j := range w.items {
			w.items[j].Principal = j == i
		}
		w.render()
	}))
	up := widget.NewButton("↑", ui.act(func() { w.swap(i, i-1) }))
	down := widget.NewButton("↓", ui.act(func() { w.swap(i, i+1) }))
	remove := widget.NewButton("Remove", ui.act(func() { w.items = append(w.items[:i], w.items[i+1:]...); w.render() }))
	if it.Kind != model.ItemDiagnosis {
		principal.Disable()
	}
	return container.NewBorder(nil, nil, nil, container.NewHBox(code, principal, up, down, remove), wrapLabel(text))
}

func (w *codingWork) swap(i, j int) {
	if j < 0 || j >= len(w.items) {
		return
	}
	w.items[i], w.items[j] = w.items[j], w.items[i]
	w.render()
}

func (w *codingWork) add(kind model.ItemKind, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	w.items = append(w.items, model.CodedItem{Kind: kind, Text: strings.TrimSpace(text)})
	w.render()
}

// warnings runs the coding edits over the diagnosis codes in order (the
// first is the principal) with the patient's sex and age.
func (w *codingWork) warnings() string {
	sets := &w.screen.ui.codes
	if sets.load(w.screen.ui.sess) != nil {
		return ""
	}
	var codes []string
	for _, it := range w.items {
		if it.Coded() && it.Kind == model.ItemDiagnosis {
			if it.Principal {
				codes = append([]string{it.Code}, codes...)
			} else {
				codes = append(codes, it.Code)
			}
		}
	}
	age := -1
	if !w.q.Patient.BirthDate.IsZero() {
		age = w.q.Patient.BirthDate.AgeYears(w.q.Encounter.Start)
	}
	var out []string
	for _, warn := range sets.setFor(coding.ICD10CM).CheckEncounter(codes, w.q.Patient.Sex, age) {
		out = append(out, "⚠ "+warn.Text)
	}
	if len(out) == 0 {
		return "No coding edits fire."
	}
	return strings.Join(out, "\n")
}

func (w *codingWork) save(done bool) {
	items := append([]model.CodedItem(nil), w.items...)
	background(w.screen.ui, func() (struct{}, error) {
		return struct{}{}, w.screen.ui.sess.SaveCoding(w.q.Encounter.ID, items, done, w.q.Rev)
	}, func(_ struct{}, err error) {
		if err != nil {
			w.screen.ui.showError(err)
			return
		}
		w.screen.detail.Objects = []fyne.CanvasObject{wrapLabel("Saved. Select the next encounter.")}
		w.screen.detail.Refresh()
		w.screen.reload()
	})
}
