package ui

import (
	"fmt"
	"strings"

	"dossier/model"
	"dossier/model/clinical"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// notesTab shows a patient's notes, newest first, each with its signature
// and addenda. Clinicians sign; a signed note is locked and is corrected
// by an addendum shown under it, the original text unchanged.
type notesTab struct {
	ui    *UI
	p     model.Patient
	box   *fyne.Container
	notes []model.Note
	add   map[model.ID][]clinical.Addendum
}

func (ui *UI) notesTab(p model.Patient) fyne.CanvasObject {
	n := &notesTab{ui: ui, p: p, box: container.NewVBox(widget.NewLabel("Loading…"))}
	top := container.NewHBox()
	if ui.sess.Can(model.PermWriteNote) {
		top.Add(widget.NewButtonWithIcon("New note…", theme.ContentAddIcon(), ui.act(n.newNote)))
	}
	n.reload()
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(n.box))
}

type notesLoad struct {
	notes []model.Note
	add   map[model.ID][]clinical.Addendum
}

func (n *notesTab) reload() {
	sess, id := n.ui.sess, n.p.ID
	background(n.ui, func() (notesLoad, error) {
		ch, err := sess.Encounters().Chart(id)
		if err != nil {
			return notesLoad{}, err
		}
		add, err := sess.Clinical().Addenda(id)
		return notesLoad{ch.Notes, add}, err
	}, func(l notesLoad, err error) {
		n.box.Objects = nil
		if err != nil {
			n.box.Add(wrapLabel(plain(err)))
			n.box.Refresh()
			return
		}
		n.notes, n.add = l.notes, l.add
		if len(l.notes) == 0 {
			n.box.Add(widget.NewLabel("No notes."))
		}
		for _, note := range l.notes {
			n.box.Add(n.card(note))
		}
		n.box.Refresh()
	})
}

func (n *notesTab) card(note model.Note) fyne.CanvasObject {
	sub := fmt.Sprintf("%s · by %s", note.Written.Local().Format("2006-01-02 15:04"), note.Author)
	if note.SignedBy != "" {
		sub += fmt.Sprintf(" · signed by %s on %s", note.SignedBy, note.SignedAt.Local().Format("2006-01-02 15:04"))
	} else {
		sub += " · NOT SIGNED"
	}
	body := container.NewVBox(wrapLabel(note.Text))
	for _, a := range n.add[note.ID] {
		l := wrapLabel(fmt.Sprintf("Addendum by %s on %s: %s", a.By, a.At.Local().Format("2006-01-02 15:04"), a.Text))
		l.Importance = widget.WarningImportance
		body.Add(l)
	}
	actions := container.NewHBox()
	switch {
	case note.SignedBy == "" && n.ui.sess.Can(model.PermSignNote):
		actions.Add(widget.NewButtonWithIcon("Sign", theme.ConfirmIcon(), n.ui.act(func() { n.sign(note) })))
	case note.SignedBy != "" && n.ui.sess.Can(model.PermWriteNote):
		actions.Add(widget.NewButtonWithIcon("Add addendum…", theme.ContentAddIcon(), n.ui.act(func() { n.addendum(note) })))
	}
	if len(actions.Objects) > 0 {
		body.Add(actions)
	}
	return widget.NewCard(note.Title, sub, body)
}

func (n *notesTab) sign(note model.Note) {
	sess := n.ui.sess
	background(n.ui, func() (model.Note, error) { return sess.Clinical().SignNote(note.ID) }, func(_ model.Note, err error) {
		if err != nil {
			n.ui.showError(err)
		}
		n.reload()
	})
}

func (n *notesTab) addendum(note model.Note) {
	text := widget.NewMultiLineEntry()
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	n.ui.formDialog("Addendum to: "+note.Title, []*widget.FormItem{widget.NewFormItem("Addendum", text)}, text, func(done func(string)) {
		sess := n.ui.sess
		background(n.ui, func() (clinical.Addendum, error) { return sess.Clinical().AddAddendum(note.ID, text.Text) }, func(_ clinical.Addendum, err error) {
			if err != nil {
				done(plain(err))
				return
			}
			done("")
			n.reload()
		})
	})
}

func (n *notesTab) newNote() {
	title, text := widget.NewEntry(), widget.NewMultiLineEntry()
	title.SetPlaceHolder("e.g. Ward round, Review")
	text.SetMinRowsVisible(6)
	text.Wrapping = fyne.TextWrapWord
	n.ui.formDialog("New note", []*widget.FormItem{widget.NewFormItem("Title", title), widget.NewFormItem("Note", text)}, title,
		func(done func(string)) {
			if strings.TrimSpace(text.Text) == "" {
				done("Write the note")
				return
			}
			note := model.Note{PatientID: n.p.ID, Title: strings.TrimSpace(title.Text), Text: strings.TrimSpace(text.Text)}
			sess := n.ui.sess
			background(n.ui, func() (model.Note, error) { return note, sess.Encounters().CreateNote(&note) }, func(_ model.Note, err error) {
				if err != nil {
					done(plain(err))
					return
				}
				done("")
				n.reload()
			})
		})
}
