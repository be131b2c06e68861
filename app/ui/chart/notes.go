package chart

import (
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// notesTab shows a patient's notes, newest first, each with its signature
// and addenda. Clinicians sign; a signed note is locked and is corrected
// by an addendum shown under it, the original text unchanged.
type notesTab struct {
	h     *kit.Host
	p     model.Patient
	box   *fyne.Container
	notes []model.Note
	add   map[model.ID][]clinical.Addendum
}

func newNotesTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	n := &notesTab{h: h, p: p, box: container.NewVBox(widget.NewLabel(lang.X("common.loading", "Loading…")))}
	top := container.NewHBox()
	if h.Can(model.PermWriteNote) {
		top.Add(widget.NewButtonWithIcon(lang.X("chart.notes.new_note_button", "New note…"), theme.ContentAddIcon(), h.Act(n.newNote)))
	}
	n.reload()
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(n.box))
}

type notesLoad struct {
	notes []model.Note
	add   map[model.ID][]clinical.Addendum
}

func (n *notesTab) reload() {
	id := n.p.ID
	kit.Run(n.h, func(sess *storage.Session) (notesLoad, error) {
		ch, err := sess.Encounters().Chart(id)
		if err != nil {
			return notesLoad{}, err
		}
		add, err := sess.Clinical().Addenda(id)
		return notesLoad{ch.Notes, add}, err
	}, func(l notesLoad, err error) {
		n.box.Objects = nil
		if err != nil {
			n.box.Add(kit.WrapLabel(kit.Plain(err)))
			n.box.Refresh()
			return
		}
		n.notes, n.add = l.notes, l.add
		if len(l.notes) == 0 {
			n.box.Add(widget.NewLabel(lang.X("chart.notes.none", "No notes.")))
		}
		for _, note := range l.notes {
			n.box.Add(n.card(note))
		}
		n.box.Refresh()
	})
}

func (n *notesTab) card(note model.Note) fyne.CanvasObject {
	data := map[string]any{"When": n.h.When(note.Written), "Author": note.Author, "Signer": note.SignedBy, "Signed": n.h.When(note.SignedAt)}
	sub := lang.X("chart.notes.sub_unsigned", "{{.When}} · by {{.Author}} · NOT SIGNED", data)
	if note.SignedBy != "" {
		sub = lang.X("chart.notes.sub_signed", "{{.When}} · by {{.Author}} · signed by {{.Signer}} on {{.Signed}}", data)
	}
	body := container.NewVBox(kit.WrapLabel(note.Text))
	for _, a := range n.add[note.ID] {
		l := kit.WrapLabel(lang.X("chart.notes.addendum_by", "Addendum by {{.By}} on {{.When}}: {{.Text}}", map[string]any{"By": a.By, "When": n.h.When(a.At), "Text": a.Text}))
		l.Importance = widget.WarningImportance
		body.Add(l)
	}
	actions := container.NewHBox()
	switch {
	case note.SignedBy == "" && n.h.Can(model.PermSignNote):
		actions.Add(widget.NewButtonWithIcon(lang.X("chart.notes.sign", "Sign"), theme.ConfirmIcon(), n.h.Act(func() { n.sign(note) })))
	case note.SignedBy != "" && n.h.Can(model.PermWriteNote):
		actions.Add(widget.NewButtonWithIcon(lang.X("chart.notes.add_addendum", "Add addendum…"), theme.ContentAddIcon(), n.h.Act(func() { n.addendum(note) })))
	}
	if len(actions.Objects) > 0 {
		body.Add(actions)
	}
	return widget.NewCard(note.Title, sub, body)
}

func (n *notesTab) sign(note model.Note) {
	kit.Run(n.h, func(sess *storage.Session) (model.Note, error) { return sess.Clinical().SignNote(note.ID) }, func(_ model.Note, err error) {
		if err != nil {
			n.h.ShowError(err)
		}
		n.reload()
	})
}

func (n *notesTab) addendum(note model.Note) {
	text := widget.NewMultiLineEntry()
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	n.h.FormDialog(lang.X("chart.notes.addendum_to", "Addendum to: {{.Title}}", map[string]any{"Title": note.Title}), []*widget.FormItem{widget.NewFormItem(lang.X("chart.notes.addendum", "Addendum"), text)}, text, func(done func(string)) {
		kit.Run(n.h, func(sess *storage.Session) (clinical.Addendum, error) {
			return sess.Clinical().AddAddendum(note.ID, text.Text)
		}, func(_ clinical.Addendum, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			n.reload()
		})
	})
}

func (n *notesTab) newNote() {
	title, text := widget.NewEntry(), widget.NewMultiLineEntry()
	title.SetPlaceHolder(lang.X("chart.notes.title_hint", "e.g. Ward round, Review"))
	text.SetMinRowsVisible(6)
	text.Wrapping = fyne.TextWrapWord
	n.h.FormDialog(lang.X("chart.notes.new_note", "New note"), []*widget.FormItem{widget.NewFormItem(lang.X("chart.notes.title", "Title"), title), widget.NewFormItem(lang.X("chart.note", "Note"), text)}, title,
		func(done func(string)) {
			if strings.TrimSpace(text.Text) == "" {
				done(lang.X("chart.notes.write_the_note", "Write the note"))
				return
			}
			note := model.Note{PatientID: n.p.ID, Title: strings.TrimSpace(title.Text), Text: strings.TrimSpace(text.Text)}
			kit.Run(n.h, func(sess *storage.Session) (model.Note, error) { return note, sess.Encounters().CreateNote(&note) }, func(_ model.Note, err error) {
				if err != nil {
					done(kit.Plain(err))
					return
				}
				done("")
				n.reload()
			})
		})
}
