package kit

import (
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Form is the one form dialog: a small form that stays open until its save
// succeeds. A refused save keeps everything typed, and the reason shows in
// plain words beside the field it is about.
type Form struct {
	h      *Host
	dlg    dialog.Dialog
	body   *fyne.Container
	form   *widget.Form
	foot   *fyne.Container // notes, the status line and the buttons
	status *widget.Label
	save   *widget.Button
	first  fyne.Focusable
	width  float32
}

// NewForm builds a form dialog whose save button calls submit.
func (h *Host) NewForm(title, saveText string, submit func()) *Form {
	m := &Form{h: h, form: widget.NewForm(), status: WrapLabel("")}
	m.status.Importance = widget.DangerImportance
	m.status.Hide()
	m.save = widget.NewButton(saveText, h.Act(submit))
	m.save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("common.cancel", "Cancel"), h.Act(m.Close))
	m.foot = container.NewVBox(m.status, container.NewHBox(cancel, SpacerH(), m.save))
	m.body = container.NewBorder(nil, m.foot, nil, nil, m.form)
	m.dlg = dialog.NewCustomWithoutButtons(title, m.body, h.Win)
	return m
}

// Entry adds a text field; Enter in it submits the form.
func (m *Form) Entry(label, placeholder, text string, submit func()) (*widget.Entry, *canvas.Text) {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(text)
	e.OnChanged = func(string) { m.h.Touch() }
	e.OnSubmitted = func(string) { m.h.Touch(); submit() }
	return e, m.Add(label, e)
}

// Add puts any input on the form with a message line under it; the first
// focusable input gets the keyboard when the form opens.
func (m *Form) Add(label string, input fyne.CanvasObject) *canvas.Text {
	msg := ErrorText()
	m.form.Append(label, container.NewVBox(input, msg))
	if f, ok := input.(fyne.Focusable); ok && m.first == nil {
		m.first = f
	}
	return msg
}

// Note adds a line of explanation under the fields; unlike a form row it
// takes no room while hidden.
func (m *Form) Note(o fyne.CanvasObject) {
	m.foot.Objects = append([]fyne.CanvasObject{o}, m.foot.Objects...)
}

// Show opens the dialog at the given width (at most the 1024-pixel screen).
func (m *Form) Show(width float32) {
	m.width = min(width, MaxDialogWidth)
	m.Relayout()
	m.dlg.Show()
	if m.first != nil {
		m.h.Win.Canvas().Focus(m.first)
	}
}

// Close hides the dialog.
func (m *Form) Close() { m.dlg.Hide() }

// Relayout fits the dialog to what it shows now: message lines appear and
// disappear, and Fyne does not lay out again by itself when one does.
func (m *Form) Relayout() {
	m.dlg.Resize(fyne.NewSize(m.width, min(m.dlg.MinSize().Height, MaxDialogHeight)))
	m.body.Refresh()
}

// Fail shows why nothing was saved; the form stays open as typed. Callers
// that changed field messages call it too (with "" when all is well), so
// the new lines get their room.
func (m *Form) Fail(msg string) {
	m.status.SetText(msg)
	m.status.Hidden = msg == ""
	m.Relayout()
}

// FailFields says a field is marked in red and nothing was saved.
func (m *Form) FailFields() {
	m.Fail(lang.X("patient.correct_red", "Correct the fields marked in red. Nothing was saved yet."))
}

// nothingSaved is why a save was refused, and that nothing was saved.
func nothingSaved(why string) string {
	return lang.X("form.nothing_saved", "{{.Why}} Nothing was saved.", map[string]any{"Why": why})
}

// Run saves in the background with the current session; the form closes
// and ok runs only when the save worked.
func (m *Form) Run(work func(sess *storage.Session) error, ok func()) {
	m.save.Disable()
	m.Fail("")
	Run(m.h, func(s *storage.Session) (struct{}, error) { return struct{}{}, work(s) }, func(_ struct{}, err error) {
		m.save.Enable()
		if err != nil {
			m.Fail(nothingSaved(m.h.DatesIn(Plain(err))))
			return
		}
		m.Close()
		ok()
	})
}

// Largest window and dialog a 1024×768 laptop shows whole (with a task bar).
const (
	MaxDialogWidth  = 1000
	MaxDialogHeight = 680
)
