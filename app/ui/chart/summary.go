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
				f.box.Add(chip("Allergy alert not yet on the allergy list", theme.Color(theme.ColorNameWarning)))
			} else {
				f.box.Add(chip("Allergies not recorded", theme.Color(theme.ColorNameDisabled)))
			}
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
func summaryTab(h *kit.Host, flags *chartFlags) fyne.CanvasObject {
	allergies, problems, results, meds := container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	var noneKnown *widget.Button
	if h.Can(model.PermWriteNote) {
		noneKnown = widget.NewButton("No known allergies", h.Act(func() { recordNoAllergies(h, flags) }))
	}
	flags.changed = func(l summaryData) {
		showResults(h, results, meds, l.transcripts, l.labs)
		allergies.Objects = nil
		alerted := clinical.AllergyAlerts(flags.p.Alerts)
		if len(l.Allergies) == 0 {
			if len(alerted) > 0 {
				allergies.Add(kit.WrapLabel("The registration alert says “" + strings.Join(alerted, "; ") +
					"”. Confirm it with the patient and add it to the list."))
			} else {
				allergies.Add(widget.NewLabel("Not recorded. Ask the patient, and check the paper chart."))
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
			problems.Add(widget.NewLabel("None recorded."))
		}
		for _, p := range l.Problems {
			p := p
			row := container.NewBorder(nil, nil, nil, nil, kit.WrapLabel(problemLine(p)))
			if p.Status == clinical.ProblemActive && h.Can(model.PermWriteNote) {
				row = container.NewBorder(nil, nil, nil, widget.NewButton("Resolved…", h.Act(func() { resolveProblem(h, flags, p) })), kit.WrapLabel(problemLine(p)))
			}
			problems.Add(row)
		}
		problems.Refresh()
	}
	box := container.NewVBox(widget.NewLabelWithStyle("Allergies and adverse reactions", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), allergies)
	if h.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon("Add allergy…", theme.ContentAddIcon(), h.Act(func() { addAllergy(h, flags) })),
			noneKnown))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle("Problems", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(problems)
	if h.Can(model.PermWriteNote) {
		box.Add(container.NewHBox(widget.NewButtonWithIcon("Add problem…", theme.ContentAddIcon(), h.Act(func() { addProblem(h, flags) }))))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle("Recent results and vital signs from keyed documents (H high, L low, HH or LL critical)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(results)
	box.Add(widget.NewLabelWithStyle("Medicines written on keyed documents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(meds)
	return container.NewVScroll(box)
}

func allergyLine(h *kit.Host, a clinical.AllergyEntry) string {
	if a.NoneKnown {
		return fmt.Sprintf("• No known allergies · recorded by %s %s", a.RecordedBy, h.Day(a.Recorded))
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
	return s + fmt.Sprintf("  · recorded by %s %s", a.RecordedBy, h.Day(a.Recorded))
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

func addAllergy(h *kit.Host, flags *chartFlags) {
	substance, reaction := widget.NewEntry(), widget.NewEntry()
	substance.SetPlaceHolder("e.g. penicillin, sulfa drugs, peanuts")
	reaction.SetPlaceHolder("e.g. rash, anaphylaxis")
	severity := widget.NewSelect(clinical.Severities, nil)
	kind := widget.NewSelect(clinical.AllergyKinds, nil)
	source := widget.NewEntry()
	source.SetPlaceHolder("where it is written, e.g. admission form 2016-03-02")
	h.FormDialog("Add an allergy", []*widget.FormItem{widget.NewFormItem("Substance", substance), widget.NewFormItem("Reaction", reaction),
		widget.NewFormItem("Severity", severity), widget.NewFormItem("Kind", kind), widget.NewFormItem("Source", source)}, substance,
		func(done func(string)) {
			a := clinical.AllergyEntry{PatientID: flags.p.ID, Source: strings.TrimSpace(source.Text),
				Allergy: clinical.Allergy{Substance: substance.Text, Reaction: strings.TrimSpace(reaction.Text), Severity: severity.Selected, Kind: kind.Selected}}
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
	text.SetPlaceHolder("as written, e.g. HIV on ART, epilepsy")
	code.SetPlaceHolder("ICD-10 code if known")
	onset.SetPlaceHolder("since (optional): 2019, 12/03/2019 …")
	significant := widget.NewCheck("Significant: show it on every screen of the chart", nil)
	h.FormDialog("Add a problem", []*widget.FormItem{widget.NewFormItem("Problem", text), widget.NewFormItem("Code", code),
		widget.NewFormItem("Since", onset), widget.NewFormItem("", significant)}, text,
		func(done func(string)) {
			p := clinical.ProblemEntry{PatientID: flags.p.ID, Problem: clinical.Problem{Text: text.Text, Code: strings.ToUpper(strings.TrimSpace(code.Text)),
				Status: clinical.ProblemActive, Significant: significant.Checked}}
			if strings.TrimSpace(onset.Text) != "" {
				d, err := clinical.ParseDate(onset.Text, h.DateOrder(), time.Now())
				if err != nil {
					done("Since: " + err.Error())
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
	when.SetText("today")
	h.FormDialog("Problem resolved: "+p.Text, []*widget.FormItem{widget.NewFormItem("Resolved on", when)}, when, func(done func(string)) {
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
			medLines = append(medLines, fmt.Sprintf("• %s  (%s, keyed %s)", m, tr.Template.Label(), h.Day(tr.First.At)))
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
		l := widget.NewLabel(resultLine(h, o))
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
		s += fmt.Sprintf("  (range %g–%g)", o.RefLow, o.RefHigh)
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
