// Package chart is one patient's chart: the banner and its tabs (summary,
// details, encounters, time line, notes, documents, disclosures, history),
// and opening a chart, with breaking the glass for a restricted record.
// Tabs that other features fill (paper chart, stays, specimens) and the
// chart's printing come through kit.Links.
package chart

import (
	"errors"
	"fmt"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Open opens a patient's chart; a restricted record asks to break the
// glass, and a merged record opens the chart it was merged into.
func Open(h *kit.Host, id model.ID) { OpenAt(h, id, "") }

// OpenAt opens a patient's chart on the tab with this title (empty: the
// first), so a worklist item lands where its work is done.
func OpenAt(h *kit.Host, id model.ID, tab string) {
	type loaded struct {
		p   model.Patient
		rev model.Revision
	}
	kit.Run(h, func(sess *storage.Session) (loaded, error) {
		p, rev, err := sess.Patients().Get(id)
		return loaded{p, rev}, err
	}, func(l loaded, err error) {
		if errors.Is(err, storage.ErrRestricted) {
			h.AskReason(lang.X("chart.break_glass", "Break the glass"), lang.X("chart.break_glass_prompt", "Why must you open this restricted record? (e.g. patient unconscious in casualty)"), lang.X("chart.open_record", "Open record"),
				func(reason string) { breakGlass(h, id, reason) })
			return
		}
		if err != nil {
			h.ShowError(err)
			return
		}
		if h.Shell == nil {
			return
		}
		if !l.p.MergedInto.IsZero() {
			h.Shell.Flash(lang.X("chart.merged", "MRN {{.MRN}} was merged into another record: its chart is shown instead.", map[string]any{"MRN": l.p.MRN}))
			OpenAt(h, l.p.MergedInto, tab)
			return
		}
		h.Shell.SetContent(screen(h, l.p, l.rev, tab))
	})
}

func breakGlass(h *kit.Host, id model.ID, reason string) {
	kit.Run(h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Patients().BreakGlass(id, reason)
	},
		func(_ struct{}, err error) {
			if err != nil {
				h.ShowError(err)
				return
			}
			Open(h, id)
		})
}

// screen shows one patient: banner, details, encounters and notes,
// and the record's revision history.
func screen(h *kit.Host, p model.Patient, rev model.Revision, tab string) fyne.CanvasObject {
	l := h.Links
	back := widget.NewButtonWithIcon(lang.X("nav.patients", "Patients"), theme.NavigateBackIcon(), h.Act(func() { h.Shell.OpenSection("Patients") }))
	actions := kit.Tools()
	if h.Can(model.PermEditPatient) && !rev.Deleted && l.EditPatient != nil {
		actions.Add(widget.NewButtonWithIcon(lang.X("chart.edit", "Edit"), theme.DocumentCreateIcon(), h.Act(func() { l.EditPatient(p, rev.Rev) })))
	}
	if h.Can(model.PermDeleteRecord) {
		if rev.Deleted {
			actions.Add(widget.NewButtonWithIcon(lang.X("chart.restore", "Restore"), theme.ContentUndoIcon(), h.Act(func() { setDeleted(h, p.ID, false) })))
		} else {
			actions.Add(widget.NewButtonWithIcon(lang.X("chart.delete", "Delete"), theme.DeleteIcon(), h.Act(func() { setDeleted(h, p.ID, true) })))
		}
	}
	if h.Can(model.PermPrint) {
		printing := []struct {
			text string
			do   func(model.Patient)
		}{{lang.X("chart.print_case_notes", "Print case notes…"), l.PrintCaseNotes}, {lang.X("chart.labels", "Labels…"), folderLabels(l.PrintLabels)}, {lang.X("chart.cover_sheets", "Cover sheets…"), l.PrintCoverSheets}}
		for _, pr := range printing {
			if pr.do != nil {
				do := pr.do
				actions.Add(widget.NewButtonWithIcon(pr.text, theme.DocumentPrintIcon(), h.Act(func() { do(p) })))
			}
		}
	}
	if h.Can(model.PermMerge) && len(p.FormerMRNs) > 0 {
		offerUnmerge(h, p, actions)
	}
	flags := &chartFlags{h: h, p: p, box: container.NewHBox()}
	// other is a tab another feature fills; without it the tab says so.
	other := func(tab func(model.Patient) fyne.CanvasObject) func() fyne.CanvasObject {
		return func() fyne.CanvasObject {
			if tab == nil {
				return widget.NewLabel(lang.X("chart.not_available", "Not available in this window."))
			}
			return tab(p)
		}
	}
	chartTabs := []lazyTab{
		{"Summary", lang.X("chart.tab.summary", "Summary"), func() fyne.CanvasObject { return summaryTab(h, flags) }},
		{"Details", lang.X("chart.tab.details", "Details"), func() fyne.CanvasObject { return container.NewVScroll(patientDetails(h, p, h.AddressLevels())) }},
		{"Encounters", lang.X("chart.tab.encounters", "Encounters"), func() fyne.CanvasObject {
			encounters := widget.NewLabel(lang.X("common.loading", "Loading…"))
			loadEncounters(h, p.ID, encounters)
			return encountersTab(h, p, encounters)
		}},
		{"Timeline", lang.X("chart.tab.timeline", "Timeline"), func() fyne.CanvasObject { return newTimelineTab(h, p) }},
		{"Notes", lang.X("chart.tab.notes", "Notes"), func() fyne.CanvasObject { return newNotesTab(h, p) }},
		{"Documents", lang.X("chart.tab.documents", "Documents"), func() fyne.CanvasObject { return newDocumentsTab(h, p) }},
		{"Paper chart", lang.X("chart.tab.paper_chart", "Paper chart"), other(l.PaperChartTab)},
		{"Stays", lang.X("chart.tab.stays", "Stays"), other(l.StaysTab)},
		{"Specimens", lang.X("chart.tab.specimens", "Specimens"), other(l.SpecimensTab)},
		{"Disclosures", lang.X("chart.tab.disclosures", "Disclosures"), func() fyne.CanvasObject { return newDisclosuresTab(h, p).root }},
		{"History", lang.X("chart.tab.history", "History"), func() fyne.CanvasObject {
			history := container.NewStack(widget.NewLabel(lang.X("common.loading", "Loading…")))
			loadHistory(h, p.ID, history)
			return history
		}},
	}
	tabs := lazyTabs(chartTabs...)
	for i, it := range tabs.Items {
		if tab != "" && chartTabs[i].title == tab {
			tabs.Select(it)
		}
	}
	flags.reload()
	return container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, back, nil, actions), patientBanner(h, p, rev.Deleted), flags.box), nil, nil, nil, tabs)
}

// lazyTab is a chart tab built the first time it is opened: opening a
// chart then reads (and audits) only what is looked at. title is the
// English name OpenAt is given ("Notes"); text is what the tab shows.
type lazyTab struct {
	title string
	text  string
	build func() fyne.CanvasObject
}

func lazyTabs(ts ...lazyTab) *container.AppTabs {
	items := make([]*container.TabItem, len(ts))
	built := make([]bool, len(ts))
	for i, t := range ts {
		items[i] = container.NewTabItem(t.text, container.NewStack())
	}
	tabs := container.NewAppTabs(items...)
	open := func(i int) {
		if i < 0 || built[i] {
			return
		}
		built[i] = true
		items[i].Content.(*fyne.Container).Objects = []fyne.CanvasObject{ts[i].build()}
		items[i].Content.Refresh()
	}
	tabs.OnSelected = func(it *container.TabItem) {
		for i := range items {
			if items[i] == it {
				open(i)
			}
		}
	}
	open(0)
	return tabs
}

func patientDetails(h *kit.Host, p model.Patient, levels []string) fyne.CanvasObject {
	f := widget.NewForm()
	add := func(label, value string) {
		if value != "" {
			l := widget.NewLabel(value)
			l.Wrapping = fyne.TextWrapWord
			f.Append(label, l)
		}
	}
	add(lang.X("patient.given", "Given name"), p.GivenName)
	add(lang.X("patient.family", "Family name"), p.FamilyName)
	add(lang.X("patient.other", "Other names"), strings.Join(p.OtherNames, ", "))
	add(lang.X("col.sex", "Sex"), kit.SexName(p.Sex))
	add(lang.X("patient.birth", "Date of birth"), h.Date(p.BirthDate))
	if p.BirthEstimated {
		add("", lang.X("chart.birth_estimated", "Birth date estimated from a stated age"))
	}
	add(lang.X("patient.phone", "Phone"), p.Phone)
	for i, a := range p.Address {
		label := lang.X("chart.address", "Address")
		if i < len(levels) {
			label = levels[i]
		}
		add(label, a)
	}
	add(lang.X("patient.national_id", "National ID"), p.NationalID)
	add(lang.X("patient.next_of_kin", "Next of kin"), p.NextOfKin)
	add(lang.X("patient.legacy", "Old chart numbers"), strings.Join(p.LegacyCharts, ", "))
	add(lang.X("patient.alerts", "Alerts"), strings.Join(p.Alerts, "; "))
	add(lang.X("chart.registered", "Registered"), h.When(p.Registered))
	return f
}

// loadEncounters fills the Encounters tab's list.
func loadEncounters(h *kit.Host, id model.ID, encounters *widget.Label) {
	kit.Run(h, func(sess *storage.Session) (storage.Chart, error) { return sess.Encounters().Chart(id) },
		func(ch storage.Chart, err error) {
			if err != nil {
				encounters.SetText(kit.Plain(err))
				return
			}
			encounters.SetText(encounterText(h, ch.Encounters))
		})
}

func encounterText(h *kit.Host, es []model.Encounter) string {
	if len(es) == 0 {
		return lang.X("chart.no_encounters", "No encounters.")
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s  %s", h.Day(e.Start), kit.EncounterTypeName(e.Type))
		if !e.End.IsZero() {
			fmt.Fprintf(&b, lang.X("chart.encounter_to", " to %s (%s)"), h.Day(e.End), kit.CountOf(int(e.End.Sub(e.Start).Hours()/24), "day"))
		}
		if e.Ward != "" {
			fmt.Fprintf(&b, lang.X("chart.encounter_ward", "  ward: %s"), e.Ward)
		}
		if e.Clinician != "" {
			fmt.Fprintf(&b, "  · %s", e.Clinician)
		}
		if e.Reason != "" {
			fmt.Fprintf(&b, "\n      "+lang.X("chart.encounter_reason", "reason: %s"), e.Reason)
		}
		if len(e.Diagnoses) > 0 {
			fmt.Fprintf(&b, "\n      "+lang.X("chart.encounter_diagnoses", "diagnoses: %s"), strings.Join(e.Diagnoses, "; "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func setDeleted(h *kit.Host, id model.ID, del bool) {
	title, prompt, confirm := lang.X("chart.delete_patient", "Delete patient"), lang.X("chart.delete_patient_prompt", "Why delete this record? (e.g. registered twice by mistake)"), lang.X("chart.delete", "Delete")
	if !del {
		title, prompt, confirm = lang.X("chart.restore_patient", "Restore patient"), lang.X("chart.restore_patient_prompt", "Why restore this record?"), lang.X("chart.restore", "Restore")
	}
	h.AskReason(title, prompt, confirm, func(reason string) {
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			if del {
				return struct{}{}, sess.Delete(model.KindPatient, id, reason)
			}
			return struct{}{}, sess.Restore(model.KindPatient, id, reason)
		}, func(_ struct{}, err error) {
			if err != nil {
				h.ShowError(err)
				return
			}
			Open(h, id)
		})
	})
}

// offerUnmerge adds an "Undo merge" button for each merge this patient
// survived.
func offerUnmerge(h *kit.Host, p model.Patient, actions *fyne.Container) {
	kit.Run(h, func(sess *storage.Session) ([]model.Merge, error) { return sess.Duplicates().MergesInto(p.ID) },
		func(ms []model.Merge, err error) {
			if err != nil {
				return
			}
			for _, m := range ms {
				m := m
				actions.Add(widget.NewButtonWithIcon(lang.X("chart.undo_merge_of", "Undo merge of {{.Day}}", map[string]any{"Day": h.Day(m.At)}), theme.ContentUndoIcon(),
					h.Act(func() {
						h.AskReason(lang.X("chart.undo_merge", "Undo merge"), lang.X("chart.undo_merge_prompt", "Why undo this merge? (e.g. they are twins)"), lang.X("chart.undo_merge", "Undo merge"), func(reason string) {
							kit.Run(h, func(sess *storage.Session) (struct{}, error) {
								return struct{}{}, sess.Duplicates().Unmerge(m.ID, reason)
							},
								func(_ struct{}, err error) {
									if err != nil {
										h.ShowError(err)
										return
									}
									Open(h, p.ID)
								})
						})
					})))
			}
		})
}

// folderLabels offers the labels dialog on the patient's own labels (no
// specimens preset), or nothing when the window prints no labels.
func folderLabels(print func(model.Patient, []model.Specimen)) func(model.Patient) {
	if print == nil {
		return nil
	}
	return func(p model.Patient) { print(p, nil) }
}
