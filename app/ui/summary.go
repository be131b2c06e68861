package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartFlags fills the banner's clinical chips (allergies, significant
// active problems) once the lists are read, and again after they change.
type chartFlags struct {
	ui    *UI
	p     model.Patient
	box   *fyne.Container
	lists storage.ClinicalLists
	// changed lets the summary tab redraw when the lists are read again.
	changed func(summaryData)
}

// summaryData is what the summary shows: the lists and the keyed
// documents its results and medicines come from.
type summaryData struct {
	storage.ClinicalLists
	transcripts []clinical.Transcript
}

func (f *chartFlags) reload() {
	sess, id := f.ui.sess, f.p.ID
	background(f.ui, func() (summaryData, error) {
		l, err := sess.Clinical().Lists(id)
		if err != nil {
			return summaryData{}, err
		}
		trs, err := sess.Transcripts().OfPatient(id)
		return summaryData{l, trs}, err
	}, func(l summaryData, err error) {
		f.box.Objects = nil
		if err != nil {
			f.box.Add(widget.NewLabel(plain(err)))
			f.box.Refresh()
			return
		}
		f.lists = l.ClinicalLists
		if len(l.Allergies) == 0 {
			f.box.Add(chip("Allergies not recorded", theme.Color(theme.ColorNameDisabled)))
		}
		for _, s := range clinical.Flags(l.Allergies, l.Problems) {
			if strings.HasPrefix(s, "No known allergies") {
				f.box.Add(chip(s, theme.Color(theme.ColorNameSuccess)))
				continue
			}
			f.box.Add(chip("⚠ "+s, theme.Color(theme.ColorNameError)))
		}
		f.box.Refresh()
		if f.changed != nil {
			f.changed(l)
		}
	})
}

// summaryTab lists what a reader must see first: allergies and reactions,
// then problems (significant active ones first).
func (ui *UI) summaryTab(flags *chartFlags) fyne.CanvasObject {
	allergies, problems, results, meds := container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	flags.changed = func(l summaryData) {
		ui.showResults(results, meds, l.transcripts)
		allergies.Objects = nil
		if len(l.Allergies) == 0 {
			allergies.Add(widget.NewLabel("Not recorded. Ask the patient, and check the paper chart."))
		}
		known := 0
		for _, a := range l.Allergies {
			if !a.NoneKnown {
				known++
			}
		}
		for _, a := range l.Allergies {
			if a.NoneKnown && known > 0 {
				continue // an allergy found since outdates "no known allergies"
			}
			allergies.Add(wrapLabel(allergyLine(a)))
		}
		allergies.Refresh()
		problems.Objects = nil
		if len(l.Problems) == 0 {
			problems.Add(widget.NewLabel("None recorded."))
		}
		for _, p := range l.Problems {
			p := p
			row := container.NewBorder(nil, nil, nil, nil, wrapLabel(problemLine(p)))
			if p.Status == clinical.ProblemActive && ui.sess.Can(model.PermWriteNote) {
				row = container.NewBorder(nil, nil, nil, widget.NewButton("Resolved…", ui.act(func() { ui.resolveProblem(flags, p) })), wrapLabel(problemLine(p)))
			}
			problems.Add(row)
		}
		problems.Refresh()
	}
	box := container.NewVBox(widget.NewLabelWithStyle("Allergies and adverse reactions", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), allergies)
	if ui.sess.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon("Add allergy…", theme.ContentAddIcon(), ui.act(func() { ui.addAllergy(flags) })),
			widget.NewButton("No known allergies", ui.act(func() { ui.recordNoAllergies(flags) }))))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle("Problems", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(problems)
	if ui.sess.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon("Add problem…", theme.ContentAddIcon(), ui.act(func() { ui.addProblem(flags) }))))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle("Recent results and vital signs from keyed documents (H high, L low, HH or LL critical)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(results)
	box.Add(widget.NewLabelWithStyle("Medicines written on keyed documents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(meds)
	return container.NewVScroll(box)
}

func allergyLine(a clinical.AllergyEntry) string {
	if a.NoneKnown {
		return fmt.Sprintf("• No known allergies · recorded by %s %s", a.RecordedBy, a.Recorded.Local().Format("2006-01-02"))
	}
	s := "• " + a.Substance
	var more []string
	for _, x := range []string{a.Reaction, a.Severity, a.Kind} {
		if x != "" {
			more = append(more, x)
		}
	}
	if len(more) > 0 {
		s += " — " + strings.Join(more, ", ")
	}
	if a.Source != "" {
		s += " (source: " + a.Source + ")"
	}
	return s + fmt.Sprintf("  · recorded by %s %s", a.RecordedBy, a.Recorded.Local().Format("2006-01-02"))
}

func problemLine(p clinical.ProblemEntry) string {
	s := "• " + p.Text
	if p.Code != "" {
		s += " [" + p.Code + "]"
	}
	if p.Significant {
		s = "⚠ " + strings.TrimPrefix(s, "• ") + " (significant)"
	}
	if p.Status == clinical.ProblemResolved {
		s += fmt.Sprintf(" — resolved %s", p.Resolved)
	} else if !p.Onset.IsZero() {
		s += fmt.Sprintf(" — since %s", p.Onset)
	}
	return s
}

// formDialog shows a small form with its own message line; save returns a
// message to show, or "" to close.
func (ui *UI) formDialog(title string, items []*widget.FormItem, focus fyne.Focusable, save func(done func(msg string))) {
	msg := errorText()
	var dlg dialog.Dialog
	run := func() {
		save(func(m string) {
			if m != "" {
				showError(msg, m)
				return
			}
			dlg.Hide()
		})
	}
	for _, it := range items {
		if e, ok := it.Widget.(*widget.Entry); ok && !e.MultiLine {
			e.OnSubmitted = func(string) { run() }
		}
	}
	ok := widget.NewButton("Save (Enter)", ui.act(run))
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewForm(items...), msg,
		container.NewHBox(spacerH(), widget.NewButton("Cancel", func() { dlg.Hide() }), ok)), ui.win)
	dlg.Resize(fyne.NewSize(560, 300))
	dlg.Show()
	if focus != nil {
		ui.win.Canvas().Focus(focus)
	}
}

func (ui *UI) addAllergy(flags *chartFlags) {
	substance, reaction := widget.NewEntry(), widget.NewEntry()
	substance.SetPlaceHolder("e.g. penicillin, sulfa drugs, peanuts")
	reaction.SetPlaceHolder("e.g. rash, anaphylaxis")
	severity := widget.NewSelect(clinical.Severities, nil)
	kind := widget.NewSelect(clinical.AllergyKinds, nil)
	source := widget.NewEntry()
	source.SetPlaceHolder("where it is written, e.g. admission form 2016-03-02")
	ui.formDialog("Add an allergy", []*widget.FormItem{widget.NewFormItem("Substance", substance), widget.NewFormItem("Reaction", reaction),
		widget.NewFormItem("Severity", severity), widget.NewFormItem("Kind", kind), widget.NewFormItem("Source", source)}, substance,
		func(done func(string)) {
			a := clinical.AllergyEntry{PatientID: flags.p.ID, Source: strings.TrimSpace(source.Text),
				Allergy: clinical.Allergy{Substance: substance.Text, Reaction: strings.TrimSpace(reaction.Text), Severity: severity.Selected, Kind: kind.Selected}}
			sess := ui.sess
			background(ui, func() (struct{}, error) { return struct{}{}, sess.Clinical().AddAllergy(&a) }, func(_ struct{}, err error) {
				if err != nil {
					done(plain(err))
					return
				}
				done("")
				flags.reload()
			})
		})
}

func (ui *UI) addProblem(flags *chartFlags) {
	text, code, onset := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	text.SetPlaceHolder("as written, e.g. HIV on ART, epilepsy")
	code.SetPlaceHolder("ICD-10 code if known")
	onset.SetPlaceHolder("since (optional): 2019, 12/03/2019 …")
	significant := widget.NewCheck("Significant: show it on every screen of the chart", nil)
	ui.formDialog("Add a problem", []*widget.FormItem{widget.NewFormItem("Problem", text), widget.NewFormItem("Code", code),
		widget.NewFormItem("Since", onset), widget.NewFormItem("", significant)}, text,
		func(done func(string)) {
			p := clinical.ProblemEntry{PatientID: flags.p.ID, Problem: clinical.Problem{Text: text.Text, Code: strings.ToUpper(strings.TrimSpace(code.Text)),
				Status: clinical.ProblemActive, Significant: significant.Checked}}
			if strings.TrimSpace(onset.Text) != "" {
				d, err := clinical.ParseDate(onset.Text, ui.dateOrder(), time.Now())
				if err != nil {
					done("Since: " + err.Error())
					return
				}
				p.Onset = d
			}
			sess := ui.sess
			background(ui, func() (struct{}, error) { return struct{}{}, sess.Clinical().SaveProblem(&p, "") }, func(_ struct{}, err error) {
				if err != nil {
					done(plain(err))
					return
				}
				done("")
				flags.reload()
			})
		})
}

func (ui *UI) resolveProblem(flags *chartFlags, p clinical.ProblemEntry) {
	when := widget.NewEntry()
	when.SetText("today")
	ui.formDialog("Problem resolved: "+p.Text, []*widget.FormItem{widget.NewFormItem("Resolved on", when)}, when, func(done func(string)) {
		d, err := clinical.ParseDate(when.Text, ui.dateOrder(), time.Now())
		if err != nil {
			done(err.Error())
			return
		}
		p.Status, p.Resolved = clinical.ProblemResolved, d
		sess := ui.sess
		background(ui, func() (struct{}, error) { return struct{}{}, sess.Clinical().SaveProblem(&p, "resolved") }, func(_ struct{}, err error) {
			if err != nil {
				done(plain(err))
				return
			}
			done("")
			flags.reload()
		})
	})
}

// dateOrder is how the clinic writes dates on paper.
func (ui *UI) dateOrder() clinical.DateOrder {
	if c, err := ui.sess.Clinic(); err == nil && c.DateOrder != "" {
		return clinical.DateOrder(c.DateOrder)
	}
	return clinical.OrderDMY
}

// summaryResults is how many results the summary shows; the timeline has
// the rest.
const summaryResults = 15

// showResults lists the newest results with their flags and the medicines
// on the newest keyed documents.
func (ui *UI) showResults(results, meds *fyne.Container, trs []clinical.Transcript) {
	order, now := ui.dateOrder(), time.Now()
	var obs []clinical.Observation
	var medLines []string
	for _, tr := range trs {
		obs = append(obs, tr.Results(order, now)...)
		for _, m := range tr.Medications() {
			medLines = append(medLines, fmt.Sprintf("• %s  (%s, keyed %s)", m, tr.Template.Label(), tr.First.At.Local().Format("2006-01-02")))
		}
	}
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].At.After(obs[j].At) })
	results.Objects = nil
	if len(obs) == 0 {
		results.Add(widget.NewLabel("None keyed yet."))
	}
	for i, o := range obs {
		if i == summaryResults {
			results.Add(widget.NewLabel(fmt.Sprintf("… and %d more on the timeline.", len(obs)-i)))
			break
		}
		l := widget.NewLabel(resultLine(o))
		if o.Flag() != "" {
			l.Importance = widget.DangerImportance
		}
		results.Add(l)
	}
	results.Refresh()
	meds.Objects = nil
	if len(medLines) == 0 {
		meds.Add(widget.NewLabel("None keyed yet."))
	}
	for _, m := range medLines {
		meds.Add(wrapLabel(m))
	}
	meds.Refresh()
}

func resultLine(o clinical.Observation) string {
	s := fmt.Sprintf("%s  %s: %s", o.At.Local().Format("2006-01-02"), clinical.TestName(o.Test), o.String())
	if f := o.Flag(); f != "" {
		s += "  " + f
	}
	if o.RefLow != 0 || o.RefHigh != 0 {
		s += fmt.Sprintf("  (range %g–%g)", o.RefLow, o.RefHigh)
	}
	return s
}

// clinic is the clinic's settings (an empty value when they cannot be read:
// callers fall back to defaults).
func (ui *UI) clinic() model.Clinic {
	c, _ := ui.sess.Clinic()
	return c
}

// recordNoAllergies records that the patient has no known allergies, once
// asked: a list left blank says only that nobody recorded anything.
func (ui *UI) recordNoAllergies(flags *chartFlags) {
	a := clinical.AllergyEntry{PatientID: flags.p.ID, NoneKnown: true}
	sess := ui.sess
	background(ui, func() (struct{}, error) { return struct{}{}, sess.Clinical().AddAllergy(&a) }, func(_ struct{}, err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		flags.reload()
	})
}
