package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"dossier/app/ui/admissions"
	"dossier/app/ui/tracking"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartScreen shows one patient: banner, details, encounters and notes,
// and the record's revision history.
func (ui *UI) chartScreen(p model.Patient, rev model.Revision) fyne.CanvasObject {
	back := widget.NewButtonWithIcon("Patients", theme.NavigateBackIcon(), ui.act(func() { ui.OpenSection("Patients") }))
	actions := container.NewHBox(back, spacerH())
	if ui.sess.Can(model.PermEditPatient) && !rev.Deleted {
		actions.Add(widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), ui.act(func() { ui.showPatientForm(&p, rev.Rev) })))
	}
	if ui.sess.Can(model.PermDeleteRecord) {
		if rev.Deleted {
			actions.Add(widget.NewButtonWithIcon("Restore", theme.ContentUndoIcon(), ui.act(func() { ui.setPatientDeleted(p.ID, false) })))
		} else {
			actions.Add(widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), ui.act(func() { ui.setPatientDeleted(p.ID, true) })))
		}
	}
	if ui.sess.Can(model.PermPrint) {
		actions.Add(widget.NewButtonWithIcon("Print case notes…", theme.DocumentPrintIcon(), ui.act(func() { ui.h.Links.PrintCaseNotes(p) })))
		actions.Add(widget.NewButtonWithIcon("Labels…", theme.DocumentPrintIcon(), ui.act(func() { ui.h.Links.PrintLabels(p, nil) })))
		actions.Add(widget.NewButtonWithIcon("Cover sheets…", theme.DocumentPrintIcon(), ui.act(func() { ui.h.Links.PrintCoverSheets(p) })))
	}
	if ui.sess.Can(model.PermMerge) && len(p.FormerMRNs) > 0 {
		ui.offerUnmerge(p, actions)
	}
	flags := &chartFlags{ui: ui, p: p, box: container.NewHBox()}
	tabs := lazyTabs(
		lazyTab{"Summary", func() fyne.CanvasObject { return ui.summaryTab(flags) }},
		lazyTab{"Details", func() fyne.CanvasObject { return container.NewVScroll(patientDetails(p, ui.addressLevels())) }},
		lazyTab{"Encounters", func() fyne.CanvasObject {
			encounters := widget.NewLabel("Loading…")
			ui.loadChart(p.ID, encounters)
			return ui.encountersTab(p, encounters)
		}},
		lazyTab{"Timeline", func() fyne.CanvasObject { return ui.timelineTab(p) }},
		lazyTab{"Notes", func() fyne.CanvasObject { return ui.notesTab(p) }},
		lazyTab{"Documents", func() fyne.CanvasObject { return ui.documentsTab(p) }},
		lazyTab{"Paper chart", func() fyne.CanvasObject { return tracking.PaperChartTab(ui.h, p) }},
		lazyTab{"Stays", func() fyne.CanvasObject { return admissions.StaysTab(ui.h, p) }},
		lazyTab{"Specimens", func() fyne.CanvasObject { return tracking.SpecimensTab(ui.h, p) }},
		lazyTab{"Disclosures", func() fyne.CanvasObject { return ui.disclosuresTab(p) }},
		lazyTab{"History", func() fyne.CanvasObject {
			history := container.NewStack(widget.NewLabel("Loading…"))
			ui.loadHistory(p.ID, history)
			return history
		}},
	)
	flags.reload()
	return container.NewBorder(container.NewVBox(actions, patientBanner(p, rev.Deleted), flags.box), nil, nil, nil, tabs)
}

// lazyTab is a chart tab built the first time it is opened: opening a
// chart then reads (and audits) only what is looked at.
type lazyTab struct {
	title string
	build func() fyne.CanvasObject
}

func lazyTabs(ts ...lazyTab) *container.AppTabs {
	items := make([]*container.TabItem, len(ts))
	built := make([]bool, len(ts))
	for i, t := range ts {
		items[i] = container.NewTabItem(t.title, container.NewStack())
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

func (ui *UI) addressLevels() []string {
	c, err := ui.sess.Clinic()
	if err != nil || len(c.AddressLevels) == 0 {
		return []string{"Address"}
	}
	return c.AddressLevels
}

func patientDetails(p model.Patient, levels []string) fyne.CanvasObject {
	f := widget.NewForm()
	add := func(label, value string) {
		if value != "" {
			l := widget.NewLabel(value)
			l.Wrapping = fyne.TextWrapWord
			f.Append(label, l)
		}
	}
	add("Given name", p.GivenName)
	add("Family name", p.FamilyName)
	add("Other names", strings.Join(p.OtherNames, ", "))
	add("Sex", p.Sex.Label())
	add("Date of birth", p.BirthDate.String())
	if p.BirthEstimated {
		add("", "Birth date estimated from a stated age")
	}
	add("Phone", p.Phone)
	for i, a := range p.Address {
		label := "Address"
		if i < len(levels) {
			label = levels[i]
		}
		add(label, a)
	}
	add("National ID", p.NationalID)
	add("Next of kin", p.NextOfKin)
	add("Old chart numbers", strings.Join(p.LegacyCharts, ", "))
	add("Alerts", strings.Join(p.Alerts, "; "))
	add("Registered", p.Registered.Local().Format("2006-01-02 15:04"))
	return f
}

func (ui *UI) loadChart(id model.ID, encounters *widget.Label) {
	background(ui, func() (storage.Chart, error) { return ui.sess.Encounters().Chart(id) },
		func(ch storage.Chart, err error) {
			if err != nil {
				encounters.SetText(plain(err))
				return
			}
			encounters.SetText(encounterText(ch.Encounters))
		})
}

func encounterText(es []model.Encounter) string {
	if len(es) == 0 {
		return "No encounters."
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s  %-10s", e.Start.Local().Format("2006-01-02"), e.Type)
		if !e.End.IsZero() {
			fmt.Fprintf(&b, " to %s (%d days)", e.End.Local().Format("2006-01-02"), int(e.End.Sub(e.Start).Hours()/24))
		}
		if e.Ward != "" {
			fmt.Fprintf(&b, "  ward: %s", e.Ward)
		}
		if e.Clinician != "" {
			fmt.Fprintf(&b, "  · %s", e.Clinician)
		}
		if e.Reason != "" {
			fmt.Fprintf(&b, "\n      reason: %s", e.Reason)
		}
		if len(e.Diagnoses) > 0 {
			fmt.Fprintf(&b, "\n      diagnoses: %s", strings.Join(e.Diagnoses, "; "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// loadHistory lists the record's revisions; selecting one shows what it held.
func (ui *UI) loadHistory(id model.ID, into *fyne.Container) {
	background(ui, func() ([]model.Revision, error) { return ui.sess.History(model.KindPatient, id) },
		func(revs []model.Revision, err error) {
			if err != nil {
				into.Objects = []fyne.CanvasObject{widget.NewLabel(plain(err))}
				into.Refresh()
				return
			}
			detail := wrapLabel("Select a revision to see what it held.")
			list := widget.NewList(func() int { return len(revs) },
				func() fyne.CanvasObject { return widget.NewLabel("revision line placeholder text") },
				func(i widget.ListItemID, o fyne.CanvasObject) {
					r := revs[len(revs)-1-i]
					line := fmt.Sprintf("Rev %d · %s · %s by %s", r.Rev, r.Time.Local().Format("2006-01-02 15:04"), r.Op, r.User)
					if r.Reason != "" {
						line += " — " + r.Reason
					}
					o.(*widget.Label).SetText(line)
				})
			list.OnSelected = func(i widget.ListItemID) {
				ui.touch()
				ui.showRevision(id, revs[len(revs)-1-i].Rev, detail)
			}
			split := container.NewVSplit(list, container.NewVScroll(detail))
			into.Objects = []fyne.CanvasObject{split}
			into.Refresh()
		})
}

func (ui *UI) showRevision(id model.ID, rev uint32, into *widget.Label) {
	background(ui, func() (json.RawMessage, error) {
		b, _, err := ui.sess.RevisionBody(model.KindPatient, id, rev)
		return b, err
	}, func(b json.RawMessage, err error) {
		if err != nil {
			into.SetText(plain(err))
			return
		}
		into.SetText(fmt.Sprintf("Revision %d held:\n%s", rev, revisionText(b)))
	})
}

// revisionText renders a stored revision's fields one per line.
func revisionText(b json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return string(b)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "id" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		v, _ := json.Marshal(m[k])
		fmt.Fprintf(&sb, "%s: %s\n", k, v)
	}
	return sb.String()
}

func (ui *UI) setPatientDeleted(id model.ID, del bool) {
	title, prompt, confirm := "Delete patient", "Why delete this record? (e.g. registered twice by mistake)", "Delete"
	if !del {
		title, prompt, confirm = "Restore patient", "Why restore this record?", "Restore"
	}
	ui.askReason(title, prompt, confirm, func(reason string) {
		background(ui, func() (struct{}, error) {
			if del {
				return struct{}{}, ui.sess.Delete(model.KindPatient, id, reason)
			}
			return struct{}{}, ui.sess.Restore(model.KindPatient, id, reason)
		}, func(_ struct{}, err error) {
			if err != nil {
				ui.showError(err)
				return
			}
			ui.openChart(id)
		})
	})
}

// offerUnmerge adds an "Undo merge" button for each merge this patient
// survived.
func (ui *UI) offerUnmerge(p model.Patient, actions *fyne.Container) {
	background(ui, func() ([]model.Merge, error) { return ui.sess.Duplicates().MergesInto(p.ID) },
		func(ms []model.Merge, err error) {
			if err != nil {
				return
			}
			for _, m := range ms {
				m := m
				actions.Add(widget.NewButtonWithIcon("Undo merge of "+m.At.Local().Format("2006-01-02"), theme.ContentUndoIcon(),
					ui.act(func() {
						ui.askReason("Undo merge", "Why undo this merge? (e.g. they are twins)", "Undo merge", func(reason string) {
							background(ui, func() (struct{}, error) { return struct{}{}, ui.sess.Duplicates().Unmerge(m.ID, reason) },
								func(_ struct{}, err error) {
									if err != nil {
										ui.showError(err)
										return
									}
									ui.openChart(p.ID)
								})
						})
					})))
			}
		})
}
