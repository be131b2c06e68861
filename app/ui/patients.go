package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/search"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// patientList is the Patients screen: one search box over the whole index
// (names with typos and sound-alikes, MRN, phone, national ID, old chart
// number), filters, and a virtualized table of ranked matches.
type patientList struct {
	ui      *UI
	shown   []storage.SearchResult
	search  *widget.Entry
	sex     *widget.Select
	born    *widget.Entry
	village *widget.Entry
	table   *widget.Table
	status  *widget.Label
	deleted *widget.Check
	// seq numbers searches so a slow, older answer never replaces a newer one.
	seq int
}

var patientColumns = []column{{"MRN", 130}, {"Name", 250}, {"Sex", 45}, {"Born", 150}, {"Village", 130}, {"Why it matched", 330}}

func (ui *UI) patientsScreen() fyne.CanvasObject {
	pl := &patientList{ui: ui, search: widget.NewEntry(), status: widget.NewLabel("Type a name, MRN, phone, national ID or old chart number.")}
	pl.search.SetPlaceHolder("Search: name, MRN, phone, national ID or old chart number   (Ctrl+F)")
	pl.search.OnChanged = func(string) { ui.touch(); pl.run(false) }
	pl.search.OnSubmitted = func(string) { ui.touch(); pl.submit() }
	pl.sex = widget.NewSelect([]string{"Any sex", "Female", "Male", "Other", "Unknown"}, nil)
	pl.sex.SetSelected("Any sex")
	pl.sex.OnChanged = func(string) { ui.touch(); pl.run(false) }
	pl.born = widget.NewEntry()
	pl.born.SetPlaceHolder("Born (year) or age")
	pl.born.OnChanged = func(string) { ui.touch(); pl.run(false) }
	pl.village = widget.NewEntry()
	pl.village.SetPlaceHolder("Village")
	pl.village.OnChanged = func(string) { ui.touch(); pl.run(false) }
	pl.table = columnTable(patientColumns, func() int { return len(pl.shown) }, pl.cell)
	pl.table.OnSelected = func(id widget.TableCellID) {
		ui.touch()
		if id.Row >= 0 && id.Row < len(pl.shown) {
			ui.openChart(pl.shown[id.Row].ID)
		}
	}
	register := widget.NewButtonWithIcon("Register patient (Ctrl+N)", theme.ContentAddIcon(), ui.act(func() { ui.showPatientForm(nil, 0) }))
	register.Importance = widget.HighImportance
	pl.deleted = widget.NewCheck("Include deleted", func(bool) { ui.touch(); pl.run(false) })
	if !ui.sess.Can(model.PermDeleteRecord) {
		pl.deleted.Hide()
	}
	if !ui.sess.Can(model.PermRegisterPatient) {
		register.Hide()
	}
	top := container.NewBorder(nil, nil, nil, register, pl.search)
	filters := container.NewHBox(widget.NewLabel("Narrow:"), pl.sex, container.NewGridWrap(fyne.NewSize(170, 36), pl.born),
		container.NewGridWrap(fyne.NewSize(170, 36), pl.village), pl.deleted)
	ui.focusNext(pl.search)
	pl.warmUp()
	return container.NewBorder(container.NewVBox(heading("Patients"), top, filters), pl.status, nil, nil, pl.table)
}

// warmUp loads the index in the background on first use after sign-in.
func (pl *patientList) warmUp() {
	pl.status.SetText("Opening the patient index…")
	background(pl.ui, func() (int, error) {
		ix, err := pl.ui.sess.Patients().Index()
		if err != nil {
			return 0, err
		}
		return ix.Len(), nil
	}, func(n int, err error) {
		if err != nil {
			pl.status.SetText(plain(err))
			return
		}
		if pl.search.Text == "" {
			pl.status.SetText(fmt.Sprintf("%d patients. Type a name, MRN, phone, national ID or old chart number.", n))
		}
	})
}

func (pl *patientList) query() search.Query {
	q := search.Query{Text: pl.search.Text, Village: strings.TrimSpace(pl.village.Text), WithDeleted: pl.deleted.Checked, Limit: 200}
	if sx := sexFromLabel(pl.sex.Selected); sx != "" {
		q.Sex = sx
	}
	if n, err := strconv.Atoi(strings.TrimSpace(pl.born.Text)); err == nil {
		if n > 1800 {
			q.BirthYear = n
		} else {
			q.Age, q.HasAge = n, true
		}
	}
	return q
}

// run searches in the background as the clerk types; submit also audits
// the search and opens a single exact identifier match.
func (pl *patientList) run(audit bool) {
	q := pl.query()
	pl.seq++
	seq := pl.seq
	background(pl.ui, func() ([]storage.SearchResult, error) { return pl.ui.sess.Patients().Search(q, audit) },
		func(rs []storage.SearchResult, err error) {
			if seq != pl.seq {
				return // a newer search is on its way
			}
			if err != nil {
				pl.shown = nil
				pl.table.Refresh()
				pl.status.SetText(plain(err))
				return
			}
			pl.shown = rs
			pl.table.UnselectAll()
			pl.table.Refresh()
			switch {
			case len(rs) == 0 && strings.TrimSpace(q.Text) != "":
				pl.status.SetText("No patient matches. Check the spelling, or register the patient (Ctrl+N).")
			case len(rs) > 0:
				pl.status.SetText(plural(len(rs), "match", "matches") + ", best first. Enter opens the first.")
			}
			if audit && len(rs) > 0 {
				pl.ui.openChart(rs[0].ID)
			}
		})
}

func (pl *patientList) submit() { pl.run(true) }

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
	case 5:
		return strings.Join(p.Why, "; ")
	}
	return ""
}

// openChart opens a patient's chart; a restricted record asks to break the glass.
func (ui *UI) openChart(id model.ID) {
	type loaded struct {
		p   model.Patient
		rev model.Revision
	}
	background(ui, func() (loaded, error) {
		p, rev, err := ui.sess.Patients().Get(id)
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
		if !l.p.MergedInto.IsZero() {
			ui.shell.flash("MRN " + l.p.MRN + " was merged into another record: its chart is shown instead.")
			ui.openChart(l.p.MergedInto)
			return
		}
		ui.shell.setContent(ui.chartScreen(l.p, l.rev))
	})
}

func (ui *UI) breakGlass(id model.ID, reason string) {
	background(ui, func() (struct{}, error) { return struct{}{}, ui.sess.Patients().BreakGlass(id, reason) },
		func(_ struct{}, err error) {
			if err != nil {
				ui.showError(err)
				return
			}
			ui.openChart(id)
		})
}

// plural is "1 match" or "3 matches".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
