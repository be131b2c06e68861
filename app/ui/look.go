package ui

import (
	"errors"
	"strings"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// centered puts o in the middle of the window at the given width.
func centered(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	spacer := canvas.NewRectangle(nil)
	spacer.SetMinSize(fyne.NewSize(width, 0))
	return container.NewCenter(container.NewVBox(spacer, o))
}

// errorText is a message line under a field; hidden while empty so forms
// have no gaps.
func errorText() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameError))
	t.TextSize = theme.CaptionTextSize()
	t.Hide()
	return t
}

func showError(t *canvas.Text, msg string) {
	t.Text = msg
	if msg == "" {
		t.Hide()
	} else {
		t.Show()
	}
	t.Refresh()
}

// plain turns an error into a sentence for clinic staff.
func plain(err error) string {
	if err == nil {
		return ""
	}
	denied, _ := model.AsError(err)
	switch {
	case denied != nil && denied.Code == model.Denied && denied.Fields["permission"] != "":
		return "You may not do this: " + denied.Error() + "."
	case errors.Is(err, storage.ErrDiskFull):
		return "The disk is full: nothing was saved. Free some space and try again."
	}
	s := err.Error()
	if s == "" {
		return "Something went wrong."
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func (ui *UI) showError(err error) {
	if err == nil || errors.Is(err, errCancelled) {
		return
	}
	d := widget.NewLabel(plain(err))
	d.Wrapping = fyne.TextWrapWord
	dlg := newDialog("Could not do that", d, ui.win)
	dlg.Show()
}

func spacerH() fyne.CanvasObject { return layout.NewSpacer() }

// orDash shows an empty value as a dash.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
