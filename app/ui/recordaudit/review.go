package recordaudit

import (
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// answerChoices are the radio choices, in order.
var answerChoices = []model.AuditAnswer{model.AnswerYes, model.AnswerNo, model.AnswerNA}

// answerName is an answer in the window's language (the model names it in
// English for the printed report).
func answerName(a model.AuditAnswer) string {
	switch a {
	case model.AnswerYes:
		return lang.X("recordaudit.yes", "Yes")
	case model.AnswerNo:
		return lang.X("recordaudit.no", "No")
	case model.AnswerNA:
		return lang.X("recordaudit.na", "N/A")
	}
	return a.Label()
}

// answerLabels are the radio choices, in the order of answerChoices.
func answerLabels() []string {
	out := make([]string, len(answerChoices))
	for i, a := range answerChoices {
		out[i] = answerName(a)
	}
	return out
}

// answerOf is the answer a radio choice stands for (none for no choice).
func answerOf(label string) model.AuditAnswer {
	for _, a := range answerChoices {
		if label != "" && answerName(a) == label {
			return a
		}
	}
	return model.AnswerNone
}

// reviewer is the review dialog: one stay at a time, a radio group per
// question; Save & next saves the stay's answers as a revision of the audit.
type reviewer struct {
	r      *room
	a      model.RecordAudit
	at     int
	head   *widget.Label
	keys   *widget.Label // the keyboard's question, and the keys
	q      int           // the question the Y / N / A keys answer
	radios []*widget.RadioGroup
	msg    *widget.Label
	dlg    dialog.Dialog
}

func (r *room) openReview() {
	a, ok := r.selected()
	if !ok {
		return
	}
	kit.Run(r.h, func(sess *storage.Session) (model.RecordAudit, error) {
		got, _, err := sess.RecordAudits().Get(a.ID) // audited: the review reads the sample
		return got, err
	}, func(got model.RecordAudit, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		r.reviewAudit(got)
	})
}

func (r *room) reviewAudit(a model.RecordAudit) {
	if len(a.Stays) == 0 {
		return
	}
	v := &reviewer{r: r, a: a, head: widget.NewLabel(""), keys: widget.NewLabel(""), msg: widget.NewLabel("")}
	// Start at the first stay not fully answered.
	for v.at < len(a.Stays)-1 && a.Stays[v.at].Reviewed() {
		v.at++
	}
	form := widget.NewForm()
	for _, q := range a.Questions {
		// A click leaves no focus behind, so Y / N / A keep answering.
		g := widget.NewRadioGroup(answerLabels(), func(string) { r.h.Touch(); r.h.Win.Canvas().Unfocus() })
		g.Horizontal = true
		v.radios = append(v.radios, g)
		form.Append(q, g)
	}
	prev := widget.NewButton(lang.X("recordaudit.previous_stay", "Previous stay"), r.h.Act(func() { v.save(-1) }))
	next := widget.NewButton(lang.X("recordaudit.save_next_stay", "Save & next stay"), r.h.Act(func() { v.save(+1) }))
	next.Importance = widget.HighImportance
	closeB := widget.NewButton(lang.X("recordaudit.save_close", "Save & close"), r.h.Act(func() { v.save(0) }))
	body := kit.ScrollingBody(container.NewVBox(v.head, form), v.keys, v.msg,
		container.NewHBox(prev, kit.SpacerH(), closeB, next))
	v.dlg = dialog.NewCustomWithoutButtons(lang.X("recordaudit.review_title", "Review: {{.Audit}}", map[string]any{"Audit": auditTitle(a)}), body, r.h.Win)
	v.dlg.Resize(r.h.Fit(760, 640))
	v.head.Wrapping, v.keys.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
	v.fill()
	// Keyboard first: Y, N and A answer a question and move to the next,
	// ↑ ↓ choose the question, Enter saves and goes to the next stay.
	c := r.h.Win.Canvas()
	before := c.OnTypedKey()
	v.dlg.SetOnClosed(func() { c.SetOnTypedKey(before) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) { v.key(k.Name) })
	v.dlg.Show()
}

// key handles one key typed in the review.
func (v *reviewer) key(name fyne.KeyName) {
	v.r.h.Touch()
	choice := map[fyne.KeyName]model.AuditAnswer{fyne.KeyY: model.AnswerYes, fyne.KeyN: model.AnswerNo, fyne.KeyA: model.AnswerNA}
	switch {
	case choice[name] != model.AnswerNone:
		v.radios[v.q].SetSelected(answerName(choice[name]))
		v.q = min(v.q+1, len(v.radios)-1)
	case name == fyne.KeyDown:
		v.q = min(v.q+1, len(v.radios)-1)
	case name == fyne.KeyUp:
		v.q = max(v.q-1, 0)
	case name == fyne.KeyReturn || name == fyne.KeyEnter:
		v.save(+1)
		return
	case name == fyne.KeyEscape:
		v.dlg.Hide() // what was saved stays; this stay's unsaved answers go
		return
	}
	v.showKeys()
}

func (v *reviewer) showKeys() {
	v.keys.SetText(lang.X("recordaudit.keys", "Keys: Y yes · N no · A not applicable, for question {{.Number}} ({{.Question}}); ↑ ↓ another question; Enter saves and goes on; Esc closes without saving this stay.",
		map[string]any{"Number": v.q + 1, "Question": v.a.Questions[v.q]}))
}

// fill shows the current stay's answers.
func (v *reviewer) fill() {
	s := v.a.Stays[v.at]
	v.head.SetText(lang.X("recordaudit.stay_head", "Stay {{.Number}} of {{.Total}} — MRN {{.MRN}}, {{.Ward}}, admitted {{.Admitted}}. Score = yes ÷ (yes + no).",
		map[string]any{"Number": v.at + 1, "Total": len(v.a.Stays), "MRN": s.MRN, "Ward": s.Ward, "Admitted": s.Admitted.Format("2006-01-02")}))
	for i, g := range v.radios {
		g.SetSelected("")
		if i < len(s.Answers) && s.Answers[i] != model.AnswerNone {
			g.SetSelected(answerName(s.Answers[i]))
		}
	}
	v.msg.SetText(lang.XN("recordaudit.stays_reviewed", "{{.Reviewed}} of {{.Count}} stays reviewed.", len(v.a.Stays),
		map[string]any{"Reviewed": v.a.Reviewed(), "Count": len(v.a.Stays)}))
	v.q = 0
	v.showKeys()
}

// save stores the answers shown, then moves by step (0: closes).
func (v *reviewer) save(step int) {
	answers := make([]model.AuditAnswer, len(v.radios))
	for i, g := range v.radios {
		answers[i] = answerOf(g.Selected)
	}
	id, at := v.a.ID, v.at
	kit.Run(v.r.h, func(sess *storage.Session) (model.RecordAudit, error) {
		return sess.RecordAudits().Answer(id, at, answers)
	}, func(a model.RecordAudit, err error) {
		if err != nil {
			v.msg.SetText(kit.Plain(err))
			return
		}
		v.a = a
		v.r.reloadSelecting(a.ID)
		next := v.at + step
		if step == 0 || next < 0 || next >= len(a.Stays) {
			v.dlg.Hide()
			return
		}
		v.at = next
		v.fill()
	})
}
