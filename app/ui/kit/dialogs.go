package kit

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// NewDialog is a message dialog with an OK button.
func NewDialog(title string, content fyne.CanvasObject, w fyne.Window) dialog.Dialog {
	d := dialog.NewCustom(title, "OK", content, w)
	d.Resize(fyne.NewSize(440, 200))
	return d
}

// AskReason asks why before a change that needs one (edits, deletes,
// breaking the glass). ok gets the trimmed reason.
func (h *Host) AskReason(title, prompt, confirm string, ok func(reason string)) {
	entry := widget.NewMultiLineEntry()
	entry.SetPlaceHolder(prompt)
	entry.SetMinRowsVisible(3)
	items := []*widget.FormItem{widget.NewFormItem("Reason", entry)}
	d := dialog.NewForm(title, confirm, "Cancel", items, func(yes bool) {
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
	ok := widget.NewButton("Save (Enter)", h.Act(run))
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewForm(items...), msg,
		container.NewHBox(SpacerH(), widget.NewButton("Cancel", func() { dlg.Hide() }), ok)), h.Win)
	dlg.Resize(fyne.NewSize(560, 300))
	dlg.Show()
	if focus != nil {
		h.Win.Canvas().Focus(focus)
	}
}

// ShowLongInfo shows a long text that scrolls; Enter or Escape closes it.
func (h *Host) ShowLongInfo(title, text string) {
	d := dialog.NewCustom(title, "Close (Enter)", container.NewVScroll(WrapLabel(text)), h.Win)
	d.Resize(fyne.NewSize(620, 360))
	d.SetOnClosed(func() { h.Win.Canvas().SetOnTypedKey(nil) })
	d.Show()
	h.Win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
			d.Hide()
		}
	})
}
