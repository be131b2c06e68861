package coding

import (
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/coding"
	"dossier/storage"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// codingWork is the coder's edit of one encounter before it is saved.
type codingWork struct {
	screen *codingScreen
	q      storage.QueueItem
	items  []model.CodedItem
	notes  []model.Note
}

func (w *codingWork) render() {
	h, e, p := w.screen.h, w.q.Encounter, w.q.Patient
	source := p.Name + " · " + lang.X("banner.mrn", "MRN {{.MRN}}", map[string]any{"MRN": p.MRN}) + " · " + kit.SexName(p.Sex) + " · " + ageOf(p) + "\n" +
		lang.X("coding.visit_on", "{{.Type}} on {{.Date}}", map[string]any{"Type": kit.EncounterTypeName(e.Type), "Date": h.Day(e.Start)})
	if e.Ward != "" {
		source += " · " + lang.X("coding.ward", "ward {{.Ward}}", map[string]any{"Ward": e.Ward})
	}
	if e.Clinician != "" {
		source += " · " + e.Clinician
	}
	if e.Reason != "" {
		source += "\n" + lang.X("coding.reason", "Reason: {{.Reason}}", map[string]any{"Reason": e.Reason})
	}
	if len(e.Diagnoses) > 0 {
		source += "\n" + lang.X("coding.as_written", "Diagnoses as written: {{.Diagnoses}}", map[string]any{"Diagnoses": strings.Join(e.Diagnoses, "; ")})
	}
	for _, n := range w.notes {
		source += fmt.Sprintf("\n\n%s (%s): %s", n.Title, n.Author, n.Text)
	}
	rows := container.NewVBox()
	for i := range w.items {
		rows.Add(w.itemRow(i))
	}
	newText := widget.NewEntry()
	newText.SetPlaceHolder(lang.X("coding.another_diagnosis_or_procedure", "Another diagnosis or procedure, as written"))
	addDx := widget.NewButton(lang.X("coding.add_diagnosis", "Add diagnosis"), h.Act(func() { w.add(model.ItemDiagnosis, newText.Text) }))
	addPx := widget.NewButton(lang.X("coding.add_procedure", "Add procedure"), h.Act(func() { w.add(model.ItemProcedure, newText.Text) }))
	warnings := kit.WrapLabel(w.warnings())
	save := widget.NewButton(lang.X("common.save", "Save"), h.Act(func() { w.save(false) }))
	done := widget.NewButton(lang.X("coding.mark_coded_ctrl_m", "Mark coded (Ctrl+M)"), h.Act(func() { w.save(true) }))
	done.Importance = widget.HighImportance
	// The buttons stay below the scrolling text, so Mark coded is on
	// screen however long the notes are (1024×700 included).
	actions := container.NewHBox(w.screen.saved, kit.SpacerH(), save, done)
	w.screen.current = w
	w.screen.detail.Objects = []fyne.CanvasObject{container.NewBorder(nil, actions, nil, nil,
		container.NewVScroll(container.NewVBox(
			widget.NewCard(lang.X("coding.source", "Source"), "", kit.WrapLabel(source)),
			kit.Heading(lang.X("coding.codes_principal_first", "Codes (principal first)")), rows,
			container.NewBorder(nil, nil, nil, container.NewHBox(addDx, addPx), newText),
			warnings)))}
	w.screen.detail.Refresh()
}

func ageOf(p storage.PatientSummary) string {
	if p.BirthDate.IsZero() {
		return lang.X("coding.age_unknown", "age unknown")
	}
	return kit.AgeText(p.BirthDate, time.Now())
}

func (w *codingWork) itemRow(i int) fyne.CanvasObject {
	h, it := w.screen.h, w.items[i]
	kind := string(it.Kind)
	switch it.Kind {
	case model.ItemDiagnosis:
		kind = lang.X("coding.kind_diagnosis", "diagnosis")
	case model.ItemProcedure:
		kind = lang.X("coding.kind_procedure", "procedure")
	}
	text := fmt.Sprintf("%d. %s: %s", i+1, kind, it.Text)
	if it.Coded() {
		text += fmt.Sprintf("\n    → %s %s (%s %s)", it.Code, it.Title, it.System, it.Version)
	} else {
		text += "\n    → " + lang.X("coding.not_coded_yet", "not coded yet")
	}
	if it.Principal {
		text = "★ " + text
	}
	if !it.Done.IsZero() {
		text += "\n    " + lang.X("coding.done_on", "done on {{.Date}}", map[string]any{"Date": it.Done.String()})
	}
	code := widget.NewButton(lang.X("coding.code", "Code…"), h.Act(func() {
		PickCodeThenCause(h, it.Text, func(c coding.Code) {
			w.items[i].System, w.items[i].Version, w.items[i].Code, w.items[i].Title = c.System.Name, c.System.Version, c.Code, c.Title
			w.render()
		}, func(c coding.Code) {
			// The external cause is an additional diagnosis code, after
			// the injury it explains.
			cause := model.CodedItem{Kind: model.ItemDiagnosis, Text: lang.X("coding.external_cause_text", "external cause of {{.Code}}", map[string]any{"Code": w.items[i].Code}),
				System: c.System.Name, Version: c.System.Version, Code: c.Code, Title: c.Title}
			w.items = append(w.items[:i+1], append([]model.CodedItem{cause}, w.items[i+1:]...)...)
			w.render()
		})
	}))
	principal := widget.NewButton(lang.X("coding.principal", "Principal"), h.Act(func() {
		for j := range w.items {
			w.items[j].Principal = j == i
		}
		w.render()
	}))
	up := widget.NewButton("↑", h.Act(func() { w.swap(i, i-1) }))
	down := widget.NewButton("↓", h.Act(func() { w.swap(i, i+1) }))
	remove := widget.NewButton(lang.X("coding.remove", "Remove"), h.Act(func() { w.items = append(w.items[:i], w.items[i+1:]...); w.render() }))
	buttons := container.NewHBox(code, principal, up, down, remove)
	if it.Kind != model.ItemDiagnosis {
		principal.Disable()
	}
	if it.Kind == model.ItemProcedure {
		// The day it was done: the post-operative death rate counts from it.
		buttons.Add(widget.NewButton(lang.X("coding.day_done", "Day done…"), h.Act(func() { w.askDone(i) })))
	}
	// The text above its buttons: beside them it had a word a line in the
	// 1024-pixel window once a procedure had its sixth button.
	return container.NewVBox(kit.WrapLabel(text), container.NewHBox(kit.SpacerH(), buttons))
}

// askDone asks the day a procedure was done, as the operation note gives
// it; storage checks it falls within the encounter when the coding is saved.
func (w *codingWork) askDone(i int) {
	h := w.screen.h
	h.AskLine(lang.X("coding.day_done_title", "Day the procedure was done"), lang.X("coding.day", "Day"),
		lang.X("coding.day_hint", "YYYY-MM-DD, from the operation note"), lang.X("coding.set_day", "Set day"), func(text string) {
			d, err := model.ParseISODate(text)
			if err != nil {
				h.ShowError(err)
				return
			}
			if i < len(w.items) {
				w.items[i].Done = d
			}
			w.render()
		})
}

func (w *codingWork) swap(i, j int) {
	if j < 0 || j >= len(w.items) {
		return
	}
	w.items[i], w.items[j] = w.items[j], w.items[i]
	w.render()
}

func (w *codingWork) add(kind model.ItemKind, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	w.items = append(w.items, model.CodedItem{Kind: kind, Text: strings.TrimSpace(text)})
	w.render()
}

// warnings runs the coding edits over the diagnosis codes in order (the
// first is the principal) with the patient's sex and age.
func (w *codingWork) warnings() string {
	sets := w.screen.sets
	if !sets.ready() {
		return ""
	}
	var codes []string
	for _, it := range w.items {
		if it.Coded() && it.Kind == model.ItemDiagnosis {
			if it.Principal {
				codes = append([]string{it.Code}, codes...)
			} else {
				codes = append(codes, it.Code)
			}
		}
	}
	age := -1
	if !w.q.Patient.BirthDate.IsZero() {
		age = w.q.Patient.BirthDate.AgeYears(w.q.Encounter.Start)
	}
	var out []string
	for _, warn := range sets.setFor(coding.ICD10CM).CheckEncounter(codes, w.q.Patient.Sex, age) {
		out = append(out, "⚠ "+warn.Text)
	}
	if len(out) == 0 {
		return lang.X("coding.no_warnings", "No coding warnings.")
	}
	return strings.Join(out, "\n")
}

func (w *codingWork) save(done bool) {
	items := append([]model.CodedItem(nil), w.items...)
	id, rev := w.q.Encounter.ID, w.q.Rev
	kit.Run(w.screen.h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Coding().Save(id, items, done, rev)
	}, func(_ struct{}, err error) {
		if err != nil {
			w.screen.h.ShowError(err)
			return
		}
		what := lang.X("coding.saved", "Saved.")
		if done {
			what = lang.X("coding.saved_marked_coded", "Saved: {{.Name}} marked coded.", map[string]any{"Name": w.q.Patient.Name})
		}
		w.screen.saved.SetText(what)
		w.screen.current = nil
		// Marked coded: on to the next encounter waiting (the one after
		// this, in queue order); saved only: this one again, fresh.
		next := id
		if done {
			next = w.screen.after(id)
		}
		w.screen.reloadThen(next)
	})
}
