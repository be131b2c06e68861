package statistics

import (
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/stats"
	"dossier/storage"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// editRules edits what the figures count by (administrators; storage
// checks): the ministry's age groups, when an outpatient is new, and the
// notifiable diseases with their weekly alert thresholds. The lists are
// typed one item a line (model.ParseAgeBands, model.ParseNotifiable).
func (r *room) editRules() {
	kit.Run(r.h, func(sess *storage.Session) (model.StatSettings, error) {
		return sess.Statistics().Settings()
	}, func(s model.StatSettings, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		r.showRules(s)
	})
}

func (r *room) showRules(s model.StatSettings) {
	h := r.h
	groups := s.AgeGroups
	if len(groups) == 0 {
		for _, g := range stats.DefaultAgeGroups {
			groups = append(groups, model.AgeBand{Label: g.Label, Min: g.Min, Max: g.Max})
		}
	}
	ages := widget.NewMultiLineEntry()
	ages.SetText(model.FormatAgeBands(groups))
	ages.SetMinRowsVisible(5)
	newInYear := lang.X("stats.rules.new_in_year", "First attendance in the calendar year")
	newEver := lang.X("stats.rules.new_ever", "First attendance ever at this facility")
	newRule := widget.NewRadioGroup([]string{newInYear, newEver}, func(string) { h.Touch() })
	newRule.SetSelected(newInYear)
	if s.NewEver {
		newRule.SetSelected(newEver)
	}
	diseases := widget.NewMultiLineEntry()
	diseases.SetText(model.FormatNotifiable(s.Notifiable))
	diseases.SetMinRowsVisible(7)
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("stats.rules.reason_hint", "Why: e.g. the ministry's new age groups"))
	msg := kit.ErrorText()
	form := widget.NewForm(
		widget.NewFormItem(lang.X("stats.rules.age_groups", "Age groups"), ages),
		widget.NewFormItem("", kit.WrapLabel(lang.X("stats.rules.age_help", "One group a line, label: first–last age in years, e.g. 1-4: 1-4; the last may be open, 50+: 50+. From age 0, no gaps."))),
		widget.NewFormItem(lang.X("stats.rules.new_outpatient", "New outpatient"), newRule),
		widget.NewFormItem(lang.X("stats.rules.notifiable", "Notifiable diseases"), diseases),
		widget.NewFormItem("", kit.WrapLabel(lang.X("stats.rules.notifiable_help", "One disease a line: name; ICD-10 codes or code prefixes; the cases in a week that raise the alert, e.g. Cholera; A00; 1."))))
	var dlg dialog.Dialog
	save := h.Act(func() {
		next := s
		var err error
		if next.AgeGroups, err = model.ParseAgeBands(ages.Text); err == nil {
			next.Notifiable, err = model.ParseNotifiable(diseases.Text)
		}
		if err != nil {
			kit.SetError(msg, kit.Plain(err))
			return
		}
		next.NewEver = newRule.Selected == newEver
		why := reason.Text
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Statistics().SaveSettings(next, why)
		}, func(_ struct{}, err error) {
			if err != nil {
				kit.SetError(msg, kit.Plain(err))
				return
			}
			dlg.Hide()
			h.Notice(lang.X("stats.rules.saved", "Statistics settings saved: {{.Why}}.", map[string]any{"Why": why}))
			r.loadAlerts()
			r.compute()
		})
	})
	reason.OnSubmitted = func(string) { save() } // Enter in the reason saves
	ok := widget.NewButton(lang.X("common.save", "Save"), save)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("common.cancel", "Cancel"), func() { dlg.Hide() })
	// The reason stays in sight below the lists, which scroll.
	why := widget.NewForm(widget.NewFormItem(lang.X("dialog.reason", "Reason"), reason))
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), why, msg, container.NewHBox(kit.SpacerH(), cancel, ok)), nil, nil,
		container.NewVScroll(form))
	dlg = dialog.NewCustomWithoutButtons(lang.X("stats.rules.title", "Statistics settings"), body, h.Win)
	dlg.Resize(h.Fit(760, 600))
	dlg.Show()
	h.Win.Canvas().Focus(ages)
}
