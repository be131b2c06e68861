package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// patientList is the Patients screen: one search box over the index and a
// virtualized table of matches.
type patientList struct {
	ui      *UI
	all     []storage.PatientSummary
	folded  []string // folded search text of each summary, same order as all
	shown   []storage.PatientSummary
	search  *widget.Entry
	table   *widget.Table
	status  *widget.Label
	deleted *widget.Check
}

var patientColumns = []column{{"MRN", 130}, {"Name", 260}, {"Sex", 50}, {"Born", 150}, {"Village", 180}}

func (ui *UI) patientsScreen() fyne.CanvasObject {
	pl := &patientList{ui: ui, search: widget.NewEntry(), status: widget.NewLabel("Loading patients…")}
	pl.search.SetPlaceHolder("Search: name, MRN, national ID or old chart number   (Ctrl+F)")
	pl.search.OnChanged = func(string) { ui.touch(); pl.filter() }
	pl.search.OnSubmitted = func(string) { ui.touch(); pl.lookup() }
	pl.table = columnTable(patientColumns, func() int { return len(pl.shown) }, pl.cell)
	pl.table.OnSelected = func(id widget.TableCellID) {
		ui.touch()
		if id.Row >= 0 && id.Row < len(pl.shown) {
			ui.openChart(pl.shown[id.Row].ID)
		}
	}
	register := widget.NewButtonWithIcon("Register patient (Ctrl+N)", theme.ContentAddIcon(), ui.act(func() { ui.showPatientForm(nil, 0) }))
	register.Importance = widget.HighImportance
	pl.deleted = widget.NewCheck("Show deleted", func(bool) { ui.touch(); pl.load() })
	if !ui.sess.Can(model.PermDeleteRecord) {
		pl.deleted.Hide()
	}
	if !ui.sess.Can(model.PermRegisterPatient) {
		register.Hide()
	}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(pl.deleted, register), pl.search)
	pl.load()
	ui.focusNext(pl.search)
	return container.NewBorder(container.NewVBox(heading("Patients"), top), pl.status, nil, nil, pl.table)
}

func (pl *patientList) cell(row, col int) string {
	p := pl.shown[row]
	switch col {
	case 0:
		return p.MRN
	case 1:
		if p.Deleted {
			return p.Name + " (deleted)"
		}
		return p.Name
	case 2:
		return string(p.Sex)
	case 3:
		if p.BirthDate.IsZero() {
			return ""
		}
		if p.Estimated {
			return "~" + p.BirthDate.Time().Format("2006") + " (" + p.BirthDate.AgeText(time.Now()) + ")"
		}
		return p.BirthDate.String() + " (" + p.BirthDate.AgeText(time.Now()) + ")"
	case 4:
		return p.Village
	}
	return ""
}

// load reads the summaries in the background.
func (pl *patientList) load() {
	withDeleted := pl.deleted.Checked
	background(pl.ui, func() ([]storage.PatientSummary, error) { return pl.ui.sess.ListPatients(withDeleted) },
		func(list []storage.PatientSummary, err error) {
			if err != nil {
				pl.status.SetText(plain(err))
				return
			}
			pl.all = list
			pl.folded = make([]string, len(list))
			for i, p := range list {
				pl.folded[i] = model.FoldForSearch(p.Name + " " + p.MRN + " " + p.Village)
			}
			pl.filter()
		})
}

// filter narrows the list as the clerk types: every word must appear.
func (pl *patientList) filter() {
	words := strings.Fields(model.FoldForSearch(pl.search.Text))
	pl.shown = pl.shown[:0]
	for i, p := range pl.all {
		ok := true
		for _, w := range words {
			if !strings.Contains(pl.folded[i], w) {
				ok = false
				break
			}
		}
		if ok {
			pl.shown = append(pl.shown, p)
		}
	}
	pl.table.UnselectAll()
	pl.table.Refresh()
	pl.status.SetText(fmt.Sprintf("%d of %d patients", len(pl.shown), len(pl.all)))
}

// lookup handles Enter: an MRN is checked and looked up exactly (a mistyped
// one is called invalid, not "not found"); otherwise the first match opens.
func (pl *patientList) lookup() {
	text := strings.TrimSpace(pl.search.Text)
	if model.LooksLikeMRN(text) {
		if _, err := model.CheckMRN(text); err != nil {
			pl.status.SetText(plain(err))
			return
		}
	}
	if text != "" && (model.LooksLikeMRN(text) || len(pl.shown) == 0) {
		background(pl.ui, func() ([]model.ID, error) { return pl.ui.sess.FindByIdentifier(text) },
			func(ids []model.ID, err error) {
				switch {
				case err != nil:
					pl.status.SetText(plain(err))
				case len(ids) == 0:
					pl.status.SetText("No patient has this MRN, national ID or chart number.")
				default:
					pl.ui.openChart(ids[0])
				}
			})
		return
	}
	if len(pl.shown) > 0 {
		pl.ui.openChart(pl.shown[0].ID)
	}
}

// openChart opens a patient's chart; a restricted record asks to break the glass.
func (ui *UI) openChart(id model.ID) {
	type loaded struct {
		p   model.Patient
		rev model.Revision
	}
	background(ui, func() (loaded, error) {
		p, rev, err := ui.sess.GetPatient(id)
		return loaded{p, rev}, err
	}, func(l loaded, err error) {
		if errors.Is(err, storage.ErrRestricted) {
			ui.askReason("Break the glass", "Why must you open this restricted record? (e.g. patient unconscious in casualty)", "Open record",
				func(reason string) { ui.breakGlass(id, reason) })
			return
		}
		if err != nil {
			ui.showError(err)
			return
		}
		ui.shell.setContent(ui.chartScreen(l.p, l.rev))
	})
}

func (ui *UI) breakGlass(id model.ID, reason string) {
	background(ui, func() (struct{}, error) { return struct{}{}, ui.sess.BreakGlass(id, reason) },
		func(_ struct{}, err error) {
			if err != nil {
				ui.showError(err)
				return
			}
			ui.openChart(id)
		})
}
