package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// modalForm is a small form in a dialog that stays open until its save
// succeeds: a refused save keeps everything typed, and the reason shows in
// plain words beside the field it is about.
type modalForm struct {
	ui     *UI
	dlg    dialog.Dialog
	body   *fyne.Container
	form   *widget.Form
	foot   *fyne.Container // notes, the status line and the buttons
	status *widget.Label
	save   *widget.Button
	first  fyne.Focusable
	width  float32
}

func (ui *UI) newModalForm(title, saveText string, submit func()) *modalForm {
	m := &modalForm{ui: ui, form: widget.NewForm(), status: wrapLabel("")}
	m.status.Importance = widget.DangerImportance
	m.status.Hide()
	m.save = widget.NewButton(saveText, ui.act(submit))
	m.save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", ui.act(m.close))
	m.foot = container.NewVBox(m.status, container.NewHBox(cancel, spacerH(), m.save))
	m.body = container.NewBorder(nil, m.foot, nil, nil, m.form)
	m.dlg = dialog.NewCustomWithoutButtons(title, m.body, ui.win)
	return m
}

// entry adds a text field; Enter in it submits the form.
func (m *modalForm) entry(label, placeholder, text string, submit func()) (*widget.Entry, *canvas.Text) {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(text)
	e.OnChanged = func(string) { m.ui.touch() }
	e.OnSubmitted = func(string) { m.ui.touch(); submit() }
	return e, m.add(label, e)
}

// add puts any input on the form with a message line under it; the first
// focusable input gets the keyboard when the form opens.
func (m *modalForm) add(label string, input fyne.CanvasObject) *canvas.Text {
	msg := errorText()
	m.form.Append(label, container.NewVBox(input, msg))
	if f, ok := input.(fyne.Focusable); ok && m.first == nil {
		m.first = f
	}
	return msg
}

// note adds a line of explanation under the fields; unlike a form row it
// takes no room while hidden.
func (m *modalForm) note(o fyne.CanvasObject) {
	m.foot.Objects = append([]fyne.CanvasObject{o}, m.foot.Objects...)
}

func (m *modalForm) show(width float32) {
	m.width = width
	m.relayout()
	m.dlg.Show()
	if m.first != nil {
		m.ui.win.Canvas().Focus(m.first)
	}
}

func (m *modalForm) close() { m.dlg.Hide() }

// relayout fits the dialog to what it shows now: message lines appear and
// disappear, and Fyne does not lay out again by itself when one does.
func (m *modalForm) relayout() {
	m.dlg.Resize(fyne.NewSize(m.width, m.dlg.MinSize().Height))
	m.body.Refresh()
}

// fail shows why nothing was saved; the form stays open as typed. Callers
// that changed field messages call it too (with "" when all is well), so
// the new lines get their room.
func (m *modalForm) fail(msg string) {
	m.status.SetText(msg)
	m.status.Hidden = msg == ""
	m.relayout()
}

// run saves in the background; the form closes and ok runs only when the
// save worked.
func (m *modalForm) run(work func() error, ok func()) {
	m.save.Disable()
	m.fail("")
	background(m.ui, func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		m.save.Enable()
		if err != nil {
			m.fail(plain(err) + " Nothing was saved.")
			return
		}
		m.close()
		ok()
	})
}
