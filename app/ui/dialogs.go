package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

func newDialog(title string, content fyne.CanvasObject, w fyne.Window) dialog.Dialog {
	d := dialog.NewCustom(title, "OK", content, w)
	d.Resize(fyne.NewSize(440, 200))
	return d
}

// askReason asks why before a change that needs one (edits, deletes,
// breaking the glass). ok gets the trimmed reason.
func (ui *UI) askReason(title, prompt, confirm string, ok func(reason string)) {
	entry := widget.NewMultiLineEntry()
	entry.SetPlaceHolder(prompt)
	entry.SetMinRowsVisible(3)
	items := []*widget.FormItem{widget.NewFormItem("Reason", entry)}
	d := dialog.NewForm(title, confirm, "Cancel", items, func(yes bool) {
		if yes {
			ok(strings.TrimSpace(entry.Text))
		}
	}, ui.win)
	entry.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errReasonEmpty
		}
		return nil
	}
	d.Resize(fyne.NewSize(480, 240))
	d.Show()
	ui.win.Canvas().Focus(entry)
}

type reasonError struct{}

func (reasonError) Error() string { return "give a reason" }

var errReasonEmpty = reasonError{}
