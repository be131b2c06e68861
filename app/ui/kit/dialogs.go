package kit

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// NewDialog is a message dialog with an OK button; Enter or Escape closes
// it, as in every other message.
func NewDialog(title string, content fyne.CanvasObject, w fyne.Window) dialog.Dialog {
	d := dialog.NewCustom(title, lang.X("dialog.ok", "OK (Enter)"), content, w)
	d.Resize(fyne.NewSize(440, 200))
	closeOnEnter(d, w)
	return d
}

// closeOnEnter lets the keyboard close a message dialog: with a dialog
// up no field has the focus, so the window's own key handler hears it.
func closeOnEnter(d dialog.Dialog, w fyne.Window) {
	c := w.Canvas()
	d.SetOnClosed(func() { c.SetOnTypedKey(nil) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
			d.Hide()
		}
	})
}

// ShowInfo is a short message; Enter or Escape closes it.
func (h *Host) ShowInfo(title, text string) {
	NewDialog(title, WrapLabel(text), h.Win).Show()
}

// AskReason asks why before a change that needs one (edits, deletes,
// breaking the glass). ok gets the trimmed reason.
func (h *Host) AskReason(title, prompt, confirm string, ok func(reason string)) {
	entry := newEscEntry(true)
	entry.SetPlaceHolder(prompt)
	entry.SetMinRowsVisible(3)
	entry.Wrapping = fyne.TextWrapWord // long reasons wrap, never scroll sideways
	h.askText(title, lang.X("dialog.reason", "Reason"), confirm, entry, ok)
}

// AskLine asks for one line (who printed notes are for, a name): Enter
// confirms.
func (h *Host) AskLine(title, label, prompt, confirm string, ok func(text string)) {
	entry := newEscEntry(false)
	entry.SetPlaceHolder(prompt)
	h.askText(title, label, confirm, entry, ok)
}

// escEntry is an entry that hands Escape to the dialog it sits in: a plain
// entry keeps the key while it has the focus, so Escape did nothing.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry(multiLine bool) *escEntry {
	e := &escEntry{}
	e.MultiLine = multiLine
	e.ExtendBaseWidget(e)
	return e
}

// EntryOf is o as an entry: a plain one, or the dialogs' box that extends
// it to hear Escape (for code, and tests, that look for the window's entries).
func EntryOf(o fyne.CanvasObject) (*widget.Entry, bool) {
	switch x := o.(type) {
	case *widget.Entry:
		return x, true
	case *escEntry:
		return &x.Entry, true
	}
	return nil, false
}

// TypedKey cancels the dialog on Escape and types every other key.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

func (h *Host) askText(title, label, confirm string, entry *escEntry, ok func(string)) {
	items := []*widget.FormItem{widget.NewFormItem(label, entry)}
	d := dialog.NewForm(title, confirm, lang.X("common.cancel", "Cancel"), items, func(yes bool) {
		if yes {
			ok(strings.TrimSpace(entry.Text))
		}
	}, h.Win)
	entry.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errReasonEmpty
		}
		return nil
	}
	if !entry.MultiLine {
		entry.OnSubmitted = func(string) { d.Submit() }
	}
	entry.onEscape = d.Hide // nothing confirmed
	d.Resize(fyne.NewSize(480, 240))
	d.Show()
	h.Win.Canvas().Focus(entry)
}

var errReasonEmpty = errors.New("give a reason")

// FormDialog is a quick form of ready-made items: save gets a done
// function to call with "" when saved (the dialog closes) or a message
// (shown, everything typed kept).
func (h *Host) FormDialog(title string, items []*widget.FormItem, focus fyne.Focusable, save func(done func(msg string))) {
	msg := ErrorText()
	var dlg dialog.Dialog
	run := func() {
		save(func(m string) {
			if m != "" {
				SetError(msg, m)
				return
			}
			dlg.Hide()
		})
	}
	for _, it := range items {
		if e, ok := it.Widget.(*widget.Entry); ok && !e.MultiLine {
			e.OnSubmitted = func(string) { run() }
		}
	}
	ok := widget.NewButton(lang.X("dialog.save", "Save (Enter)"), h.Act(run))
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewForm(items...), msg,
		container.NewHBox(SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { dlg.Hide() }), ok)), h.Win)
	dlg.Resize(fyne.NewSize(560, 300))
	dlg.Show()
	if focus != nil {
		h.Win.Canvas().Focus(focus)
	}
}

// ShowLongInfo shows a long text that scrolls; Enter or Escape closes it.
func (h *Host) ShowLongInfo(title, text string) {
	d := dialog.NewCustom(title, lang.X("dialog.close", "Close (Enter)"), container.NewVScroll(WrapLabel(text)), h.Win)
	d.Resize(h.Fit(620, 360))
	closeOnEnter(d, h.Win)
	d.Show()
}

// ScrollingBody is a tall dialog's content: the form scrolls, what is
// under it (message, buttons) stays in sight, so the dialog fits a small
// screen whatever the form's length.
func ScrollingBody(form fyne.CanvasObject, foot ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, container.NewVBox(foot...), nil, nil, container.NewVScroll(form))
}

// Fit is a dialog size no larger than the window (less a margin for the
// dialog's own frame): dialogs never reach past a small screen's edge.
func (h *Host) Fit(width, height float32) fyne.Size {
	c := h.Win.Canvas().Size()
	if c.Width > 0 {
		width = min(width, c.Width-40)
	}
	if c.Height > 0 {
		height = min(height, c.Height-40)
	}
	return fyne.NewSize(width, height)
}
