package keying

import (
	"context"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"dossier/app/ui/kit"
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

// transcribeScreen is the transcription workspace: the scanned pages on
// the left, the document's form on the right, keyboard only. Enter moves
// to the next field and saves from the last one.
type transcribeScreen struct {
	h       *kit.Host
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

	// saved, when set, runs instead of back after a save (My work: on to
	// the next document to key).
	saved func()
}

// draftKey names the draft of this form for this user.
func (ts *transcribeScreen) draftKey() string {
	return fmt.Sprintf("transcribe:%s:%d", ts.doc.Doc.ID, ts.mode)
}

// OpenTranscription opens a filed document's form for its first keying
// (or the correction of it) in place of the section shown; back runs when
// the clerk leaves it.
func OpenTranscription(h *kit.Host, doc storage.DocumentView, back func()) {
	openTranscription(h, doc, keyFirst, clinical.Transcript{}, back)
}

// OpenTranscriptionThen is OpenTranscription where a save runs saved
// instead of back: a clerk working down a list goes on to the next
// document rather than back to where they came from.
func OpenTranscriptionThen(h *kit.Host, doc storage.DocumentView, back, saved func()) {
	openTranscription(h, doc, keyFirst, clinical.Transcript{}, back)
	if ts := current(h); ts != nil && ts.doc.Doc.ID == doc.Doc.ID {
		ts.saved = saved
	}
}

// openTranscription shows the workspace for doc; tr is the transcript
// being keyed a second time.
func openTranscription(h *kit.Host, doc storage.DocumentView, mode keyMode, tr clinical.Transcript, back func()) {
	if h.Shell == nil {
		return
	}
	t, ok := clinical.ClinicTemplate(h.Clinic(), doc.Doc.Type)
	if !ok {
		h.ShowError(model.Errorf(model.Invalid, "%s documents are kept as scanned pages and have no form to key", strings.ToLower(doc.Doc.Type.Label())))
		return
	}
	ts := &transcribeScreen{h: h, doc: doc, tmpl: t, mode: mode, tr: tr, back: back,
		entries: map[string]fyne.Focusable{}, values: map[string]func() string{}, setters: map[string]func(string){},
		errs: map[string]*canvas.Text{}, rows: map[string]fyne.CanvasObject{}, status: widget.NewLabel("")}
	ts.status.Wrapping = fyne.TextWrapWord
	setCurrent(h, ts)
	h.Shell.SetContent(ts.build())
	ts.showPage(0)
	ts.loadExisting()
	ts.startAutosave()
}

func (ts *transcribeScreen) build() fyne.CanvasObject {
	h := ts.h
	ts.viewer = pages.NewViewer(h,
		widget.NewButtonWithIcon(lang.X("keying.page", "Page"), theme.NavigateBackIcon(), h.Act(func() { ts.showPage(ts.page - 1) })),
		widget.NewButtonWithIcon(lang.X("keying.page", "Page"), theme.NavigateNextIcon(), h.Act(func() { ts.showPage(ts.page + 1) })))
	form := container.NewVBox()
	for _, f := range ts.tmpl.Fields {
		if ts.mode == keySecond && !f.DoubleEntryDefault {
			continue
		}
		row := ts.fieldRow(f)
		ts.rows[f.Key] = row
		form.Add(row)
	}
	title := lang.X("keying.title", "Keying: {{.Form}} of {{.Date}}", map[string]any{"Form": kit.Word(ts.tmpl.Title), "Date": ts.h.Date(ts.doc.Doc.Date)})
	if ts.mode == keySecond {
		title = lang.X("keying.title_second", "Second keying (blind): {{.Form}} of {{.Date}}", map[string]any{"Form": kit.Word(ts.tmpl.Title), "Date": ts.h.Date(ts.doc.Doc.Date)})
	}
	save := widget.NewButtonWithIcon(lang.X("common.save", "Save"), theme.DocumentSaveIcon(), h.Act(ts.save))
	save.Importance = widget.HighImportance
	discard := widget.NewButton(lang.X("keying.discard_draft_and_close", "Discard draft and close"), h.Act(ts.discard))
	backBtn := widget.NewButtonWithIcon(lang.X("keying.close_the_draft_is", "Close (the draft is kept)"), theme.NavigateBackIcon(), h.Act(ts.close))
	ts.scroll = container.NewVScroll(form)
	right := container.NewBorder(container.NewVBox(kit.Heading(title), ts.status), container.NewHBox(backBtn, kit.SpacerH(), discard, save),
		nil, nil, ts.scroll)
	split := container.NewHSplit(ts.viewer.Root, right)
	split.Offset = 0.5
	ts.root = split
	return split
}

func (ts *transcribeScreen) showPage(i int) {
	pages := ts.doc.Pages
	if i < 0 || i >= len(pages) {
		return
	}
	ts.page = i
	p := pages[i]
	ts.viewer.Show(p.Page, lang.X("keying.page_of", "Page {{.Page}} of {{.Pages}} · {{.Source}}", map[string]any{"Page": i + 1, "Pages": len(pages), "Source": p.Source}))
}

// loadExisting fills the form from a draft, or from the saved first
// keying when correcting it. The second keying starts empty: it is blind.
func (ts *transcribeScreen) loadExisting() {
	key, mode, docID := ts.draftKey(), ts.mode, ts.doc.Doc.ID
	type loaded struct {
		draft   clinical.Entry
		hasDrft bool
		saved   clinical.Transcript
		hasSave bool
	}
	kit.Run(ts.h, func(sess *storage.Session) (loaded, error) {
		var l loaded
		var err error
		if l.hasDrft, err = sess.Drafts().Load(key, &l.draft); err != nil {
			return l, err
		}
		if mode == keyFirst {
			l.saved, l.hasSave, err = sess.Transcripts().OfDocument(docID)
		}
		return l, err
	}, func(l loaded, err error) {
		switch {
		case err != nil:
			ts.status.SetText(kit.Plain(err))
		case l.hasDrft:
			ts.fill(l.draft)
			ts.status.SetText(lang.X("keying.your_unsaved_keying_of", "Your unsaved keying of this document was kept; carry on where you stopped."))
		case l.hasSave:
			ts.fill(l.saved.First.Fields)
			ts.status.SetText(fmt.Sprintf(lang.X("keying.keyed_by_on_correct", "Keyed by %s on %s (%s). Correct it and save."), l.saved.First.By,
				ts.h.Day(l.saved.First.At), l.saved.Status.Label()))
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

func (ts *transcribeScreen) save() {
	e := ts.entry()
	if !ts.showErrors(ts.tmpl.Check(ts.whole(), ts.dateOrder(), time.Now())) {
		ts.autosave()
		return
	}
	key, doc, mode, trID := ts.draftKey(), ts.doc, ts.mode, ts.tr.ID
	var pages []model.ID
	for _, p := range doc.Pages {
		if !p.Discarded {
			pages = append(pages, p.ID)
		}
	}
	kit.Run(ts.h, func(sess *storage.Session) (clinical.Transcript, error) {
		var tr clinical.Transcript
		var err error
		if mode == keySecond {
			tr, err = sess.Transcripts().KeySecond(trID, e)
		} else {
			tr, err = sess.Transcripts().Save(doc.Doc.ID, pages, e)
		}
		if err == nil {
			err = sess.Drafts().Delete(key)
		}
		return tr, err
	}, func(tr clinical.Transcript, err error) {
		if ve := model.FieldsOf(err); model.CodeOf(err) == model.Invalid && len(ve) > 0 {
			ts.showErrors(kit.FieldMessages(ve))
			return
		}
		if err != nil {
			ts.status.Importance = widget.DangerImportance
			ts.status.SetText(lang.X("keying.your_typing_is_kept", "{{.Error}} Your typing is kept as a draft.", map[string]any{"Error": kit.Plain(err)}))
			ts.dirty = true
			ts.autosave()
			return
		}
		ts.stop()
		ts.h.Notice(savedText(tr))
		if ts.saved != nil {
			ts.saved()
			return
		}
		ts.back()
	})
}

// savedText says what became of the keying and of the records it
// describes (the stay discharged, or why not).
func savedText(tr clinical.Transcript) string {
	text := lang.X("keying.saved", "Saved.")
	switch tr.Status {
	case clinical.TranscriptAwaitingSecond:
		text = lang.X("keying.saved_awaiting_second", "Saved. Another clerk will key it a second time.")
	case clinical.TranscriptMismatched:
		text = lang.X("keying.saved_keyings_differ", "Saved. The two keyings differ in {{.Fields}}; a supervisor will settle them.",
			map[string]any{"Fields": kit.CountOf(len(tr.Mismatches), "field")})
	case clinical.TranscriptVerified:
		text = lang.X("keying.saved_verified", "Saved. The two keyings agree: the document is verified.")
	}
	for _, e := range tr.Effects {
		text += "\n" + e
	}
	return text
}

// close leaves the form; the autosave keeps what was typed.
func (ts *transcribeScreen) close() {
	ts.dirty = true
	ts.autosave()
	ts.stop()
	ts.back()
}

func (ts *transcribeScreen) discard() {
	key := ts.draftKey()
	ts.stop()
	kit.Run(ts.h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Drafts().Delete(key) }, func(_ struct{}, err error) {
		if err != nil {
			ts.h.ShowError(err)
		}
		ts.back()
	})
}
