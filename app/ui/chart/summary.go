package chart

import (
	"fmt"
	"sort"
	"strings"
	"time"

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

// chartFlags fills the banner's clinical chips (allergies, significant
// active problems) once the lists are read, and again after they change.
type chartFlags struct {
	h     *kit.Host
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
	labs        []model.LabReport // received from a laboratory system (HL7)
}

func (f *chartFlags) reload() {
	id := f.p.ID
	kit.Run(f.h, func(sess *storage.Session) (summaryData, error) {
		l, err := sess.Clinical().Lists(id)
		if err != nil {
			return summaryData{}, err
		}
		trs, err := sess.Transcripts().OfPatient(id)
		if err != nil {
			return summaryData{}, err
		}
		labs, err := sess.Interfaces().LabReports(id)
		return summaryData{l, trs, labs}, err
	}, func(l summaryData, err error) {
		f.box.Objects = nil
		if err != nil {
			f.box.Add(widget.NewLabel(kit.Plain(err)))
			f.box.Refresh()
			return
		}
		f.lists = l.ClinicalLists
		if len(l.Allergies) == 0 {
			if len(clinical.AllergyAlerts(f.p.Alerts)) > 0 {
				// The alert itself is shown beside: say it is not on the list yet.
				f.box.Add(chip(lang.X("chart.summary.alert_not_on_list", "Allergy alert not yet on the allergy list"), theme.Color(theme.ColorNameWarning)))
			} else {
				f.box.Add(chip(lang.X("chart.summary.allergies_not_recorded", "Allergies not recorded"), theme.Color(theme.ColorNameDisabled)))
			}
		}
		for _, fl := range flagTexts(l.ClinicalLists) {
			if fl.noneKnown {
				f.box.Add(chip(fl.text, theme.Color(theme.ColorNameSuccess)))
				continue
			}
			f.box.Add(chip("⚠ "+fl.text, theme.Color(theme.ColorNameError)))
		}
		f.box.Refresh()
		if f.changed != nil {
			f.changed(l)
		}
	})
}

// flagText is one of the banner's clinical chips in the clinic's language.
type flagText struct {
	text      string
	noneKnown bool
}

// flagTexts are the chips clinical.Flags lists, in the window's words: a
// recorded "no known allergies" while no allergy is known, each allergy
// with its reaction, each significant active problem.
func flagTexts(l storage.ClinicalLists) []flagText {
	var out []flagText
	known := 0
	for _, a := range l.Allergies {
		if !a.NoneKnown {
			known++
		}
	}
	for _, a := range l.Allergies {
		switch {
		case a.NoneKnown && known == 0:
			out = append(out, flagText{lang.X("chart.summary.nka_chip", "No known allergies (recorded {{.Date}})", map[string]any{"Date": a.Recorded.Format("2006-01-02")}), true})
		case a.NoneKnown:
		case a.Reaction != "":
			out = append(out, flagText{lang.X("chart.summary.allergy_reaction_chip", "Allergy: {{.Substance}} ({{.Reaction}})", map[string]any{"Substance": a.Substance, "Reaction": a.Reaction}), false})
		default:
			out = append(out, flagText{lang.X("chart.summary.allergy_chip", "Allergy: {{.Substance}}", map[string]any{"Substance": a.Substance}), false})
		}
	}
	for _, p := range l.Problems {
		if p.Status == clinical.ProblemActive && p.Significant {
			out = append(out, flagText{p.Text, false})
		}
	}
	return out
}

// summaryTab lists what a reader must see first: allergies and reactions,
// then problems (significant active ones first).
func summaryTab(h *kit.Host, flags *chartFlags) fyne.CanvasObject {
	allergies, problems, results, meds := container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	var noneKnown *widget.Button
	if h.Can(model.PermWriteNote) {
		noneKnown = widget.NewButton(lang.X("chart.summary.no_known_allergies", "No known allergies"), h.Act(func() { recordNoAllergies(h, flags) }))
	}
	flags.changed = func(l summaryData) {
		showResults(h, results, meds, l.transcripts, l.labs)
		allergies.Objects = nil
		alerted := clinical.AllergyAlerts(flags.p.Alerts)
		if len(l.Allergies) == 0 {
			if len(alerted) > 0 {
				allergies.Add(kit.WrapLabel(lang.X("chart.summary.alert_says", "The registration alert says “{{.Alert}}”. Confirm it with the patient and add it to the list.", map[string]any{"Alert": strings.Join(alerted, "; ")})))
			} else {
				allergies.Add(widget.NewLabel(lang.X("chart.summary.not_recorded", "Not recorded. Ask the patient, and check the paper chart.")))
			}
		}
		if noneKnown != nil {
			// Storage refuses "no known allergies" over an allergy alert.
			if len(alerted) > 0 {
				noneKnown.Hide()
			} else {
				noneKnown.Show()
			}
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
			allergies.Add(kit.WrapLabel(allergyLine(h, a)))
		}
		allergies.Refresh()
		problems.Objects = nil
		if len(l.Problems) == 0 {
			problems.Add(widget.NewLabel(lang.X("chart.summary.none_recorded", "None recorded.")))
		}
		for _, p := range l.Problems {
			p := p
			row := container.NewBorder(nil, nil, nil, nil, kit.WrapLabel(problemLine(p)))
			if p.Status == clinical.ProblemActive && h.Can(model.PermWriteNote) {
				row = container.NewBorder(nil, nil, nil, widget.NewButton(lang.X("chart.summary.resolved_button", "Resolved…"), h.Act(func() { resolveProblem(h, flags, p) })), kit.WrapLabel(problemLine(p)))
			}
			problems.Add(row)
		}
		problems.Refresh()
	}
	box := container.NewVBox(widget.NewLabelWithStyle(lang.X("chart.summary.allergies_heading", "Allergies and adverse reactions"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), allergies)
	if h.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon(lang.X("chart.summary.add_allergy_button", "Add allergy…"), theme.ContentAddIcon(), h.Act(func() { addAllergy(h, flags) })),
			noneKnown))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle(lang.X("chart.summary.problems_heading", "Problems"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(problems)
	if h.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon(lang.X("chart.summary.add_problem_button", "Add problem…"), theme.ContentAddIcon(), h.Act(func() { addProblem(h, flags) }))))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle(lang.X("chart.summary.results_heading", "Recent results and vital signs from keyed documents (H high, L low, HH or LL critical)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(results)
	box.Add(widget.NewLabelWithStyle(lang.X("chart.summary.medicines_heading", "Medicines written on keyed documents"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(meds)
	return container.NewVScroll(box)
}

func allergyLine(h *kit.Host, a clinical.AllergyEntry) string {
	if a.NoneKnown {
		return "• " + lang.X("chart.summary.nka_line", "No known allergies · recorded by {{.By}} {{.Day}}", map[string]any{"By": a.RecordedBy, "Day": h.Day(a.Recorded)})
	}
	s := "• " + a.Substance
	var more []string
	for _, x := range []string{a.Reaction, kit.Word(a.Severity), kit.Word(a.Kind)} {
		if x != "" {
			more = append(more, x)
		}
	}
	if len(more) > 0 {
		s += " — " + strings.Join(more, ", ")
	}
	if a.Source != "" {
		s += " " + lang.X("chart.summary.source", "(source: {{.Source}})", map[string]any{"Source": a.Source})
	}
	return s + "  · " + lang.X("chart.summary.recorded_by", "recorded by {{.By}} {{.Day}}", map[string]any{"By": a.RecordedBy, "Day": h.Day(a.Recorded)})
}

func problemLine(p clinical.ProblemEntry) string {
	s := "• " + p.Text
	if p.Code != "" {
		s += " [" + p.Code + "]"
	}
	if p.Significant {
		s = "⚠ " + strings.TrimPrefix(s, "• ") + " " + lang.X("chart.summary.significant", "(significant)")
	}
	if p.Status == clinical.ProblemResolved {
		s += " — " + lang.X("chart.summary.resolved_on", "resolved {{.Date}}", map[string]any{"Date": p.Resolved.String()})
	} else if !p.Onset.IsZero() {
		s += " — " + lang.X("chart.summary.since_date", "since {{.Date}}", map[string]any{"Date": p.Onset.String()})
	}
	return s
}

func addAllergy(h *kit.Host, flags *chartFlags) {
	substance, reaction := widget.NewEntry(), widget.NewEntry()
	substance.SetPlaceHolder(lang.X("chart.summary.substance_hint", "e.g. penicillin, sulfa drugs, peanuts"))
	reaction.SetPlaceHolder(lang.X("chart.summary.reaction_hint", "e.g. rash, anaphylaxis"))
	severity := widget.NewSelect(kit.Words(clinical.Severities), nil)
	kind := widget.NewSelect(kit.Words(clinical.AllergyKinds), nil)
	source := widget.NewEntry()
	source.SetPlaceHolder(lang.X("chart.summary.source_hint", "where it is written, e.g. admission form 2016-03-02"))
	h.FormDialog(lang.X("chart.summary.add_allergy", "Add an allergy"), []*widget.FormItem{widget.NewFormItem(lang.X("chart.summary.substance", "Substance"), substance), widget.NewFormItem(lang.X("chart.summary.reaction", "Reaction"), reaction),
		widget.NewFormItem(lang.X("chart.summary.severity", "Severity"), severity), widget.NewFormItem(lang.X("chart.summary.kind", "Kind"), kind), widget.NewFormItem(lang.X("chart.summary.source_field", "Source"), source)}, substance,
		func(done func(string)) {
			a := clinical.AllergyEntry{PatientID: flags.p.ID, Source: strings.TrimSpace(source.Text),
				Allergy: clinical.Allergy{Substance: substance.Text, Reaction: strings.TrimSpace(reaction.Text), Severity: pickedWord(severity, clinical.Severities), Kind: pickedWord(kind, clinical.AllergyKinds)}}
			kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Clinical().AddAllergy(&a) }, func(_ struct{}, err error) {
				if err != nil {
					done(kit.Plain(err))
					return
				}
				done("")
				flags.reload()
			})
		})
}

func addProblem(h *kit.Host, flags *chartFlags) {
	text, code, onset := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	text.SetPlaceHolder(lang.X("chart.summary.problem_hint", "as written, e.g. HIV on ART, epilepsy"))
	code.SetPlaceHolder(lang.X("chart.summary.code_hint", "ICD-10 code if known"))
	onset.SetPlaceHolder(lang.X("chart.summary.since_hint", "since (optional): 2019, 12/03/2019 …"))
	significant := widget.NewCheck(lang.X("chart.summary.significant_check", "Significant: show it on every screen of the chart"), nil)
	h.FormDialog(lang.X("chart.summary.add_problem", "Add a problem"), []*widget.FormItem{widget.NewFormItem(lang.X("chart.summary.problem", "Problem"), text), widget.NewFormItem(lang.X("chart.summary.code", "Code"), code),
		widget.NewFormItem(lang.X("chart.summary.since", "Since"), onset), widget.NewFormItem("", significant)}, text,
		func(done func(string)) {
			p := clinical.ProblemEntry{PatientID: flags.p.ID, Problem: clinical.Problem{Text: text.Text, Code: strings.ToUpper(strings.TrimSpace(code.Text)),
				Status: clinical.ProblemActive, Significant: significant.Checked}}
			if strings.TrimSpace(onset.Text) != "" {
				d, err := clinical.ParseDate(onset.Text, h.DateOrder(), time.Now())
				if err != nil {
					done(lang.X("chart.summary.since_error", "Since: {{.Error}}", map[string]any{"Error": err.Error()}))
					return
				}
				p.Onset = d
			}
			kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Clinical().SaveProblem(&p, "") }, func(_ struct{}, err error) {
				if err != nil {
					done(kit.Plain(err))
					return
				}
				done("")
				flags.reload()
			})
		})
}

func resolveProblem(h *kit.Host, flags *chartFlags, p clinical.ProblemEntry) {
	when := widget.NewEntry()
	when.SetText(h.Day(time.Now())) // the clinic's order and calendar, as the form reads it back
	h.FormDialog(lang.X("chart.summary.problem_resolved", "Problem resolved: {{.Problem}}", map[string]any{"Problem": p.Text}), []*widget.FormItem{widget.NewFormItem(lang.X("chart.summary.resolved_on_field", "Resolved on"), when)}, when, func(done func(string)) {
		d, err := clinical.ParseDate(when.Text, h.DateOrder(), time.Now())
		if err != nil {
			done(err.Error())
			return
		}
		p.Status, p.Resolved = clinical.ProblemResolved, d
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Clinical().SaveProblem(&p, "resolved")
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			flags.reload()
		})
	})
}

// summaryResults is how many results the summary shows; the timeline has
// the rest.
const summaryResults = 15

// showResults lists the newest results with their flags and the medicines
// on the newest keyed documents.
func showResults(h *kit.Host, results, meds *fyne.Container, trs []clinical.Transcript, labs []model.LabReport) {
	order, now := h.DateOrder(), time.Now()
	var obs []clinical.Observation
	for _, r := range labs {
		obs = append(obs, clinical.LabObservations(r)...)
	}
	var medLines []string
	for _, tr := range trs {
		obs = append(obs, tr.Results(order, now)...)
		for _, m := range tr.Medications() {
			medLines = append(medLines, "• "+lang.X("chart.summary.medicine_line", "{{.Medicine}}  ({{.Form}}, keyed {{.Day}})", map[string]any{"Medicine": m, "Form": tr.Template.Label(), "Day": h.Day(tr.First.At)}))
		}
	}
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].At.After(obs[j].At) })
	results.Objects = nil
	if len(obs) == 0 {
		results.Add(widget.NewLabel(lang.X("chart.summary.none_keyed", "None keyed yet.")))
	}
	for i, o := range obs {
		if i == summaryResults {
			results.Add(widget.NewLabel(lang.X("chart.summary.more_on_timeline", "… and {{.Count}} more on the timeline.", map[string]any{"Count": len(obs) - i})))
			break
		}
		l := widget.NewLabel(resultLine(h, o))
		if o.Flag() != "" {
			l.Importance = widget.DangerImportance
		}
		results.Add(l)
	}
	results.Refresh()
	meds.Objects = nil
	if len(medLines) == 0 {
		meds.Add(widget.NewLabel(lang.X("chart.summary.none_keyed", "None keyed yet.")))
	}
	for _, m := range medLines {
		meds.Add(kit.WrapLabel(m))
	}
	meds.Refresh()
}

func resultLine(h *kit.Host, o clinical.Observation) string {
	s := fmt.Sprintf("%s  %s: %s", h.Day(o.At), clinical.TestName(o.Test), o.String())
	if f := o.Flag(); f != "" {
		s += "  " + f
	}
	if o.RefLow != 0 || o.RefHigh != 0 {
		s += "  " + lang.X("chart.summary.range", "(range {{.Range}})", map[string]any{"Range": fmt.Sprintf("%g–%g", o.RefLow, o.RefHigh)})
	}
	return s
}

// recordNoAllergies records that the patient has no known allergies, once
// asked: a list left blank says only that nobody recorded anything.
func recordNoAllergies(h *kit.Host, flags *chartFlags) {
	a := clinical.AllergyEntry{PatientID: flags.p.ID, NoneKnown: true}
	kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Clinical().AddAllergy(&a) }, func(_ struct{}, err error) {
		if err != nil {
			h.ShowError(err)
			return
		}
		flags.reload()
	})
}

// pickedWord is the model's word for what a select of Words(words) shows
// picked ("" when nothing is).
func pickedWord(sel *widget.Select, words []string) string {
	if i := sel.SelectedIndex(); i >= 0 && i < len(words) {
		return words[i]
	}
	return ""
}
