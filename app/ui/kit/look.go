package kit

import (
	"errors"
	"log"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Heading is a section or dialog title.
func Heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// Centered puts o in the middle of the window at the given width.
func Centered(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	spacer := canvas.NewRectangle(nil)
	spacer.SetMinSize(fyne.NewSize(width, 0))
	return container.NewCenter(container.NewVBox(spacer, o))
}

// ErrorText is a message line under a field; hidden while empty so forms
// have no gaps.
func ErrorText() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameError))
	t.TextSize = theme.CaptionTextSize()
	t.Hide()
	return t
}

// SetError shows msg in t, or hides t when msg is empty.
func SetError(t *canvas.Text, msg string) {
	t.Text = msg
	if msg == "" {
		t.Hide()
	} else {
		t.Show()
	}
	t.Refresh()
}

// SpacerH pushes what follows to the right of a row.
func SpacerH() fyne.CanvasObject { return layout.NewSpacer() }

// WrapLabel is a label that wraps at word boundaries.
func WrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Plain turns an error into a sentence for clinic staff. An error storage
// marks as internal reads "Internal error" on screen; its detail goes to the
// local log (errors carry no patient data: storage never puts field values
// into them).
func Plain(err error) string { return plainIn(windowLanguage(), err) }

// plainIn is Plain in the language code.
func plainIn(code string, err error) string {
	if err == nil {
		return ""
	}
	e, _ := model.AsError(err)
	switch {
	case e != nil && e.Code == model.Denied && e.Fields["permission"] != "":
		return lang.X("error.denied", "You may not do this: {{.What}}.", map[string]any{"What": errorTextIn(code, e)})
	case e != nil && e.Code == model.Internal:
		log.Printf("internal error: %v", err)
		return lang.X("error.internal", "Internal error: nothing was changed. The details are in Dossier's log.")
	case errors.Is(err, storage.ErrDiskFull):
		return lang.X("error.disk_full", "The disk is full: nothing was saved. Free some space and try again.")
	}
	s := localErrorString(code, err, e)
	if s == "" {
		return lang.X("error.unknown", "Something went wrong.")
	}
	first, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(first)) + s[size:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// ShowError tells the user what went wrong (a cancel is not an error).
func (h *Host) ShowError(err error) {
	if err == nil || errors.Is(err, ErrCancelled) {
		return
	}
	NewDialog(lang.X("error.title", "Could not do that"), WrapLabel(h.DatesIn(Plain(err))), h.Win).Show()
}

// Notice shows a short message in a dialog.
func (h *Host) Notice(text string) {
	NewDialog("Dossier", WrapLabel(text), h.Win).Show()
}
