package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyMode is why a form is being keyed.
type keyMode int

const (
	keyFirst  keyMode = iota // the first keying (or its correction)
	keySecond                // the blind second keying of the double-entry fields
)

// autosaveEvery is how often an unsaved form is put in the encrypted
// drafts, so a crash or a closed window loses at most this much typing.
const autosaveEvery = 3 * time.Second

// transcribeScreen is the transcription workspace: the scanned pages on
// the left, the document's form on the right, keyboard only. Enter moves
// to the next field and saves from the last one.
type transcribeScreen struct {
	ui      *UI
	doc     storage.DocumentView
	tmpl    clinical.Template
	mode    keyMode
	tr      clinical.Transcript // the transcript being second-keyed
	viewer  *pages.Viewer
	page    int
	entries map[string]fyne.Focusable
	values  map[string]func() string
	setters map[string]func(string)
	errs    map[string]*canvas.Text
	order   []string
	rows    map[string]fyne.CanvasObject
	scroll  *container.Scroll
	status  *widget.Label
	dirty   bool
	stop    context.CancelFunc
	back    func()
	root    fyne.CanvasObject
}

// draftKey names the draft of this form for this user.
func (ts *transcribeScreen) draftKey() string {
	return fmt.Sprintf("transcribe:%s:%d", ts.doc.Doc.ID, ts.mode)
}

func (ui *UI) openTranscription(doc storage.DocumentView, mode keyMode, tr clinical.Transcript, back func()) {
	t, ok := clinical.ClinicTemplate(ui.clinic(), doc.Doc.Type)
	if !ok {
		ui.showError(fmt.Errorf("%s documents are kept as scanned pages and have no form to key", strings.ToLower(doc.Doc.Type.Label())))
		return
	}
	ts := &transcribeScreen{ui: ui, doc: doc, tmpl: t, mode: mode, tr: tr, back: back,
		entries: map[string]fyne.Focusable{}, values: map[string]func() string{}, setters: map[string]func(string){},
		errs: map[string]*canvas.Text{}, rows: map[string]fyne.CanvasObject{}, status: widget.NewLabel("")}
	ts.status.Wrapping = fyne.TextWrapWord
	ui.transcribe = ts
	ui.shell.setContent(ts.build())
	ts.showPage(0)
	ts.loadExisting()
	ts.startAutosave()
}

func (ts *transcribeScreen) build() fyne.CanvasObject {
	ui := ts.ui
	ts.viewer = pages.NewViewer(ui.h,
		widget.NewButtonWithIcon("Page", theme.NavigateBackIcon(), ui.act(func() { ts.showPage(ts.page - 1) })),
		widget.NewButtonWithIcon("Page", theme.NavigateNextIcon(), ui.act(func() { ts.showPage(ts.page + 1) })))
	form := container.NewVBox()
	for _, f := range ts.tmpl.Fields {
		if ts.mode == keySecond && !f.DoubleEntryDefault {
			continue
		}
		row := ts.fieldRow(f)
		ts.rows[f.Key] = row
		form.Add(row)
	}
	title := fmt.Sprintf("Keying: %s of %s", ts.tmpl.Title, ts.doc.Doc.Date)
	if ts.mode == keySecond {
		title = "Second keying (blind): " + ts.tmpl.Title + " of " + ts.doc.Doc.Date.String()
	}
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), ui.act(ts.save))
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Discard draft and close", ui.act(ts.discard))
	backBtn := widget.NewButtonWithIcon("Close (the draft is kept)", theme.NavigateBackIcon(), ui.act(ts.close))
	ts.scroll = container.NewVScroll(form)
	right := container.NewBorder(container.NewVBox(heading(title), ts.status), container.NewHBox(backBtn, spacerH(), discard, save),
		nil, nil, ts.scroll)
	split := container.NewHSplit(ts.viewer.Root, right)
	split.Offset = 0.5
	ts.root = split
	return split
}

// fieldRow builds one field: label, input, help and a message line.
func (ts *transcribeScreen) fieldRow(f clinical.Field) fyne.CanvasObject {
	label := f.Label
	if f.Required {
		label += " *"
	}
	msg := errorText()
	ts.errs[f.Key] = msg
	var input fyne.CanvasObject
	next := func() { ts.next(f.Key) }
	switch {
	case len(f.Choices) > 0:
		sel := widget.NewSelectEntry(f.Choices)
		sel.OnChanged = func(string) { ts.dirty = true }
		sel.OnSubmitted = func(string) { next() }
		ts.entries[f.Key], ts.values[f.Key], ts.setters[f.Key] = sel, func() string { return sel.Text }, sel.SetText
		input = sel
	case f.Multiline:
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.OnChanged = func(string) { ts.dirty = true }
		ts.entries[f.Key], ts.values[f.Key], ts.setters[f.Key] = e, func() string { return e.Text }, e.SetText
		input = e
	default:
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholderFor(f))
		e.OnChanged = func(string) { ts.dirty = true }
		e.OnSubmitted = func(string) { next() }
		ts.entries[f.Key], ts.values[f.Key], ts.setters[f.Key] = e, func() string { return e.Text }, e.SetText
		input = e
	}
	ts.order = append(ts.order, f.Key)
	box := container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), input)
	if f.Help != "" {
		h := widget.NewLabel(f.Help)
		h.Wrapping = fyne.TextWrapWord
		h.Importance = widget.LowImportance
		box.Add(h)
	}
	box.Add(msg)
	return box
}

func placeholderFor(f clinical.Field) string {
	switch f.Kind {
	case clinical.FieldDate:
		return "12/03/2024, 12.3.24 or 3 days ago"
	case clinical.FieldDateTime:
		return "12/03/2024 14:30"
	case clinical.FieldList:
		return "separate items with ;"
	}
	return ""
}

// focusField moves the cursor to a field and scrolls the form so the
// field can be seen: the clerk's eyes are on the paper, not the mouse.
func (ts *transcribeScreen) focusField(key string) {
	ts.ui.win.Canvas().Focus(ts.entries[key])
	row := ts.rows[key]
	if row == nil || ts.scroll == nil {
		return
	}
	top, h := row.Position().Y, ts.scroll.Size().Height
	if off := ts.scroll.Offset.Y; top < off || top+row.Size().Height > off+h {
		ts.scroll.Offset.Y = max(0, top-h/3)
		ts.scroll.Refresh()
	}
}

// next checks the field just left and moves on; Enter on the last field
// saves.
func (ts *transcribeScreen) next(key string) {
	ts.checkField(key)
	for i, k := range ts.order {
		if k == key {
			if i+1 < len(ts.order) {
				ts.focusField(ts.order[i+1])
			} else {
				ts.save()
			}
			return
		}
	}
}

func (ts *transcribeScreen) entry() clinical.Entry {
	e := clinical.Entry{}
	for k, v := range ts.values {
		if s := strings.TrimSpace(v()); s != "" {
			e[k] = s
		}
	}
	return e
}

func (ts *transcribeScreen) dateOrder() clinical.DateOrder { return ts.ui.dateOrder() }

// whole is the form as the template checks it: in the second keying the
// fields not keyed twice come from the first.
func (ts *transcribeScreen) whole() clinical.Entry {
	e := ts.entry()
	if ts.mode == keySecond {
		for k, v := range ts.tr.First.Fields {
			if _, keyed := ts.values[k]; !keyed {
				e[k] = v
			}
		}
	}
	return e
}

// checkField shows the message for one field (on leaving it).
func (ts *transcribeScreen) checkField(key string) {
	errs := ts.tmpl.Check(ts.whole(), ts.dateOrder(), time.Now())
	showError(ts.errs[key], errs[key])
}

// showErrors puts every message beside its field; true when there are none.
func (ts *transcribeScreen) showErrors(errs map[string]string) bool {
	for k, t := range ts.errs {
		showError(t, errs[k])
	}
	if len(errs) > 0 {
		ts.status.Importance = widget.DangerImportance
		ts.status.SetText(fmt.Sprintf("%d fields need attention; see the messages under them. Your typing is kept.", len(errs)))
		return false
	}
	return true
}

func (ts *transcribeScreen) showPage(i int) {
	pages := ts.doc.Pages
	if i < 0 || i >= len(pages) {
		return
	}
	ts.page = i
	p := pages[i]
	ts.viewer.Show(p.Page, fmt.Sprintf("Page %d of %d · %s", i+1, len(pages), p.Source))
}

// loadExisting fills the form from a draft, or from the saved first
// keying when correcting it. The second keying starts empty: it is blind.
func (ts *transcribeScreen) loadExisting() {
	sess, key, mode, docID := ts.ui.sess, ts.draftKey(), ts.mode, ts.doc.Doc.ID
	type loaded struct {
		draft   clinical.Entry
		hasDrft bool
		saved   clinical.Transcript
		hasSave bool
	}
	background(ts.ui, func() (loaded, error) {
		var l loaded
		var err error
		if l.hasDrft, err = sess.LoadDraft(key, &l.draft); err != nil {
			return l, err
		}
		if mode == keyFirst {
			l.saved, l.hasSave, err = sess.DocumentTranscript(docID)
		}
		return l, err
	}, func(l loaded, err error) {
		switch {
		case err != nil:
			ts.status.SetText(plain(err))
		case l.hasDrft:
			ts.fill(l.draft)
			ts.status.SetText("Your unsaved keying of this document was kept; carry on where you stopped.")
		case l.hasSave:
			ts.fill(l.saved.First.Fields)
			ts.status.SetText(fmt.Sprintf("Keyed by %s on %s (%s). Correct it and save.", l.saved.First.By,
				l.saved.First.At.Local().Format("2006-01-02"), l.saved.Status.Label()))
		}
		ts.dirty = false
		if len(ts.order) > 0 {
			ts.focusField(ts.order[0])
		}
	})
}

func (ts *transcribeScreen) fill(e clinical.Entry) {
	for k, set := range ts.setters {
		set(e[k])
	}
}

// startAutosave keeps the draft while this form is shown. The timer
// goroutine only wakes the UI goroutine, which reads the form and hands
// the saving to the background.
func (ts *transcribeScreen) startAutosave() {
	ctx, cancel := context.WithCancel(context.Background())
	ts.stop = cancel
	go func() {
		t := time.NewTicker(autosaveEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() {
					if ctx.Err() == nil {
						ts.autosave()
					}
				})
			}
		}
	}()
}

func (ts *transcribeScreen) onScreen() bool {
	return ts.ui.sess != nil && ts.ui.transcribe == ts && ts.ui.shell != nil &&
		len(ts.ui.shell.content.Objects) == 1 && ts.ui.shell.content.Objects[0] == ts.root
}

func (ts *transcribeScreen) autosave() {
	if !ts.onScreen() {
		ts.stop()
		return
	}
	if !ts.dirty {
		return
	}
	ts.dirty = false
	sess, key, e := ts.ui.sess, ts.draftKey(), ts.entry()
	background(ts.ui, func() (struct{}, error) { return struct{}{}, sess.SaveDraft(key, e) }, func(_ struct{}, err error) {
		if err != nil {
			ts.dirty = true
			ts.status.SetText("The draft could not be kept: " + plain(err))
		}
	})
}

func (ts *transcribeScreen) save() {
	e := ts.entry()
	if !ts.showErrors(ts.tmpl.Check(ts.whole(), ts.dateOrder(), time.Now())) {
		ts.autosave()
		return
	}
	sess, key, doc, mode, trID := ts.ui.sess, ts.draftKey(), ts.doc, ts.mode, ts.tr.ID
	var pages []model.ID
	for _, p := range doc.Pages {
		if !p.Discarded {
			pages = append(pages, p.ID)
		}
	}
	background(ts.ui, func() (clinical.Transcript, error) {
		var tr clinical.Transcript
		var err error
		if mode == keySecond {
			tr, err = sess.KeySecond(trID, e)
		} else {
			tr, err = sess.SaveTranscript(doc.Doc.ID, pages, e)
		}
		if err == nil {
			err = sess.DeleteDraft(key)
		}
		return tr, err
	}, func(tr clinical.Transcript, err error) {
		var ve storage.ValidationError
		if errors.As(err, &ve) {
			ts.showErrors(ve)
			return
		}
		if err != nil {
			ts.status.Importance = widget.DangerImportance
			ts.status.SetText(plain(err) + " Your typing is kept as a draft.")
			ts.dirty = true
			ts.autosave()
			return
		}
		ts.stop()
		ts.ui.notice(savedText(tr))
		ts.back()
	})
}

func savedText(tr clinical.Transcript) string {
	switch tr.Status {
	case clinical.TranscriptAwaitingSecond:
		return "Saved. Another clerk will key it a second time."
	case clinical.TranscriptMismatched:
		return fmt.Sprintf("Saved. The two keyings differ in %d fields; a supervisor will settle them.", len(tr.Mismatches))
	case clinical.TranscriptVerified:
		return "Saved. The two keyings agree: the document is verified."
	}
	return "Saved."
}

// close leaves the form; the autosave keeps what was typed.
func (ts *transcribeScreen) close() {
	ts.dirty = true
	ts.autosave()
	ts.stop()
	ts.back()
}

func (ts *transcribeScreen) discard() {
	sess, key := ts.ui.sess, ts.draftKey()
	ts.stop()
	background(ts.ui, func() (struct{}, error) { return struct{}{}, sess.DeleteDraft(key) }, func(_ struct{}, err error) {
		if err != nil {
			ts.ui.showError(err)
		}
		ts.back()
	})
}

// draftNow reads the form being keyed (on the UI goroutine) and returns a
// function that stores it as a draft (off it), so locking or closing the
// window keeps the last seconds of typing too.
func (ui *UI) draftNow() func(*storage.Session) {
	ts := ui.transcribe
	if ts == nil || !ts.onScreen() {
		return func(*storage.Session) {}
	}
	ts.stop()
	key, e := ts.draftKey(), ts.entry()
	return func(sess *storage.Session) { sess.SaveDraft(key, e) }
}

// keepDraft stores the form being keyed before the session ends.
func (ui *UI) keepDraft(sess *storage.Session) { ui.draftNow()(sess) }

// turnPage shows the next or previous scanned page on the screen being
// worked (Alt+Page Down / Alt+Page Up, from the menu so it works while a
// field has the cursor).
func (ui *UI) turnPage(by int) {
	switch {
	case ui.transcribe != nil && ui.transcribe.onScreen():
		ui.transcribe.showPage(ui.transcribe.page + by)
	case ui.scan != nil && ui.scan.onScreen():
		ui.scan.step(by)
	}
}
