package ui

import (
	"fmt"
	"slices"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Recent patients: the charts a user opened last, kept sealed per user
// (storage Prefs) and shown under the Patients screen, so the patient a
// clerk was just working on is one click away.

const (
	recentPref = "recent-patients"
	maxRecent  = 8
)

// rememberPatient puts id first in the user's recent patients.
func (ui *UI) rememberPatient(id model.ID) {
	kit.Run(ui.h, func(sess *storage.Session) (struct{}, error) {
		var ids []model.ID
		if _, err := sess.Prefs().Load(recentPref, &ids); err != nil {
			return struct{}{}, err
		}
		ids = slices.DeleteFunc(ids, func(x model.ID) bool { return x == id })
		ids = append([]model.ID{id}, ids...)
		if len(ids) > maxRecent {
			ids = ids[:maxRecent]
		}
		return struct{}{}, sess.Prefs().Save(recentPref, ids)
	}, func(struct{}, error) {}) // a lost recent-list entry is not worth a dialog
}

// recentPatient is one button's worth of a recent patient.
type recentPatient struct {
	id    model.ID
	label string
}

// withRecentPatients puts the user's recent patients under a screen.
func (ui *UI) withRecentPatients(screen fyne.CanvasObject) fyne.CanvasObject {
	row := container.NewHBox()
	bar := container.NewBorder(nil, nil, widget.NewLabelWithStyle(lang.X("recent.label", "Recent:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil,
		container.NewHScroll(row))
	bar.Hide()
	kit.Run(ui.h, func(sess *storage.Session) ([]recentPatient, error) {
		var ids []model.ID
		if _, err := sess.Prefs().Load(recentPref, &ids); err != nil || len(ids) == 0 {
			return nil, err
		}
		ix, err := sess.Patients().Index() // names as the search shows them (masked when restricted); not a chart read
		if err != nil {
			return nil, err
		}
		var out []recentPatient
		for _, id := range ids {
			e, ok := ix.Get(id)
			if !ok || e.Deleted || !e.MergedInto.IsZero() {
				continue
			}
			name := model.Patient{GivenName: e.Given, FamilyName: e.Family}.DisplayName()
			if e.Restricted && e.Given == "(restricted record)" {
				name = lang.X("recent.restricted_record", "restricted record")
			}
			out = append(out, recentPatient{id, fmt.Sprintf("%s · %s", name, e.MRN)})
		}
		return out, nil
	}, func(list []recentPatient, err error) {
		if err != nil || len(list) == 0 {
			return
		}
		for _, r := range list {
			row.Add(widget.NewButtonWithIcon(r.label, theme.AccountIcon(), func() { ui.touch(); ui.h.OpenChart(r.id) }))
		}
		bar.Show()
	})
	return container.NewBorder(nil, bar, nil, nil, screen)
}
