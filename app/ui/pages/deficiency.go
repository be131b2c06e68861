package pages

import (
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Page is the page on show (zero ID when none).
func (v *Viewer) Page() model.Page { return v.page }

// RaiseDeficiency asks what is wrong with a filed page (missing signature
// or date, illegible, another patient's) and records a deficiency for
// whoever must put it right: the attending clinician, or the clerks for a
// misfiled page.
func RaiseDeficiency(h *kit.Host, page model.Page) {
	if page.ID.IsZero() || !page.Filed() {
		h.Notice(lang.X("pages.deficiency.choose_page", "Choose a filed page first."))
		return
	}
	labels := make([]string, len(model.PageProblems))
	for i, p := range model.PageProblems {
		labels[i] = problemName(p)
	}
	problem := widget.NewSelect(labels, func(string) { h.Touch() })
	problem.SetSelectedIndex(0)
	note := widget.NewEntry()
	note.SetPlaceHolder(lang.X("pages.deficiency.note_hint", "what to do, e.g. sign the drug chart of 3 June (optional)"))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("pages.deficiency.problem", "Problem"), problem),
		widget.NewFormItem(lang.X("pages.deficiency.to_complete", "To complete"), note)}
	h.FormDialog(lang.X("pages.deficiency.title", "Raise a deficiency on this page"), items, note, func(done func(string)) {
		d := model.Deficiency{Target: page.ID, Problem: model.PageProblems[max(0, problem.SelectedIndex())],
			Missing: strings.TrimSpace(note.Text)}
		kit.Run(h, func(sess *storage.Session) (model.Deficiency, error) {
			err := sess.Deficiencies().Raise(&d)
			return d, err
		}, func(d model.Deficiency, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			who := kit.RoleName(d.Role)
			if d.UserName != "" {
				who = d.UserName
			}
			h.Notice(lang.X("pages.deficiency.raised", "Deficiency raised for {{.Who}}: {{.What}}", map[string]any{"Who": who, "What": d.Missing}))
		})
	})
}

// problemName is what is wrong with a page, in the window's language (the
// model's Label is the command line's).
func problemName(p model.PageProblem) string {
	switch p {
	case model.ProblemSignature:
		return lang.X("pages.deficiency.missing_signature", "Missing signature")
	case model.ProblemDate:
		return lang.X("pages.deficiency.missing_date", "Missing date")
	case model.ProblemIllegible:
		return lang.X("pages.deficiency.illegible", "Illegible")
	case model.ProblemOtherPatient:
		return lang.X("pages.deficiency.other_patient", "Page of another patient")
	}
	return p.Label()
}
