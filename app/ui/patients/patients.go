// Package patients is the Patients section: the search over the patient
// index, the registration and edit form, and the check for an existing
// record before a new patient is registered.
package patients

import (
	"strconv"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/search"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// patientList is the Patients screen: one search box over the whole index
// (names with typos and sound-alikes, MRN, phone, national ID, old chart
// number), filters, and a virtualized table of ranked matches.
type patientList struct {
	h       *kit.Host
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

// patientColumns are made with the screen, after the translations load.
func patientColumns() []kit.Column {
	return []kit.Column{
		{Title: lang.X("col.mrn", "MRN"), Width: 130, Min: 125}, {Title: lang.X("col.name", "Name"), Width: 250, Min: 150}, {Title: lang.X("col.sex", "Sex"), Width: 45},
		{Title: lang.X("col.born", "Born"), Width: 150, Min: 120}, {Title: lang.X("col.village", "Village"), Width: 130, Min: 80}, {Title: lang.X("col.why_matched", "Why it matched"), Width: 330, Min: 190},
	}
}

// sexFilter is the sex choice as shown and, at the same index, as
// kit.SexFromLabel reads it.
var sexFilter = []string{"Any sex", "Female", "Male", "Other", "Unknown"}

func sexFilterShown() []string {
	return []string{lang.X("patients.any_sex", "Any sex"), lang.X("sex.female", "Female"), lang.X("sex.male", "Male"),
		lang.X("sex.other", "Other"), lang.X("sex.unknown", "Unknown")}
}

// Screen is the Patients section.
func Screen(h *kit.Host) fyne.CanvasObject {
	pl := &patientList{h: h, search: widget.NewEntry(), status: widget.NewLabel(lang.X("patients.hint", "Type a name, MRN, phone, national ID or old chart number."))}
	pl.search.SetPlaceHolder(lang.X("patients.search", "Search: name, MRN, phone, national ID or old chart number   (Ctrl+F)"))
	pl.search.OnChanged = func(string) { h.Touch(); pl.run(false) }
	pl.search.OnSubmitted = func(string) { h.Touch(); pl.submit() }
	pl.sex = widget.NewSelect(sexFilterShown(), nil)
	pl.sex.SetSelectedIndex(0)
	pl.sex.OnChanged = func(string) { h.Touch(); pl.run(false) }
	pl.born = widget.NewEntry()
	pl.born.SetPlaceHolder(lang.X("patients.born", "Born (year) or age"))
	pl.born.OnChanged = func(string) { h.Touch(); pl.run(false) }
	pl.village = widget.NewEntry()
	pl.village.SetPlaceHolder(lang.X("col.village", "Village"))
	pl.village.OnChanged = func(string) { h.Touch(); pl.run(false) }
	var view fyne.CanvasObject
	pl.table, view = kit.NewColumnTable(patientColumns(), func() int { return len(pl.shown) }, pl.cell)
	pl.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(pl.shown) {
			h.OpenChart(pl.shown[id.Row].ID)
		}
	}
	register := widget.NewButtonWithIcon(lang.X("patients.register", "Register patient (Ctrl+N)"), theme.ContentAddIcon(), h.Act(func() { showForm(h, nil, 0) }))
	register.Importance = widget.HighImportance
	pl.deleted = widget.NewCheck(lang.X("patients.include_deleted", "Include deleted"), func(bool) { h.Touch(); pl.run(false) })
	if !h.Can(model.PermDeleteRecord) {
		pl.deleted.Hide()
	}
	if !h.Can(model.PermRegisterPatient) {
		register.Hide()
	}
	top := container.NewBorder(nil, nil, nil, register, pl.search)
	filters := container.NewHBox(widget.NewLabel(lang.X("patients.narrow", "Narrow:")), pl.sex, container.NewGridWrap(fyne.NewSize(170, 36), pl.born),
		container.NewGridWrap(fyne.NewSize(170, 36), pl.village), pl.deleted)
	if h.Shell != nil {
		h.Shell.FocusNext(pl.search)
	}
	pl.warmUp()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.patients", "Patients")), top, filters), pl.status, nil, nil, view)
}

// warmUp loads the index in the background on first use after sign-in.
func (pl *patientList) warmUp() {
	pl.status.SetText(lang.X("patients.opening", "Opening the patient index…"))
	kit.Run(pl.h, func(sess *storage.Session) (int, error) {
		ix, err := sess.Patients().Index()
		if err != nil {
			return 0, err
		}
		return ix.Len(), nil
	}, func(n int, err error) {
		if err != nil {
			pl.status.SetText(kit.Plain(err))
			return
		}
		if pl.search.Text == "" {
			pl.status.SetText(lang.XN("patients.count", "{{.Count}} patients.", n, map[string]any{"Count": n}) + " " + lang.X("patients.hint", "Type a name, MRN, phone, national ID or old chart number."))
		}
	})
}

func (pl *patientList) query() search.Query {
	q := search.Query{Text: pl.search.Text, Village: strings.TrimSpace(pl.village.Text), WithDeleted: pl.deleted.Checked, Limit: 200}
	if i := pl.sex.SelectedIndex(); i > 0 {
		sx := kit.SexFromLabel(sexFilter[i])
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
	kit.Run(pl.h, func(sess *storage.Session) ([]storage.SearchResult, error) { return sess.Patients().Search(q, audit) },
		func(rs []storage.SearchResult, err error) {
			if seq != pl.seq {
				return // a newer search is on its way
			}
			if err != nil {
				pl.shown = nil
				pl.table.Refresh()
				pl.status.SetText(kit.Plain(err))
				return
			}
			pl.shown = rs
			pl.table.UnselectAll()
			pl.table.Refresh()
			switch {
			case len(rs) == 0 && strings.TrimSpace(q.Text) != "":
				pl.status.SetText(lang.X("patients.no_match", "No patient matches. Check the spelling, or register the patient (Ctrl+N)."))
			case len(rs) > 0:
				pl.status.SetText(lang.XN("patients.matches", "{{.Count}} matches, best first. Enter opens the first.", len(rs), map[string]any{"Count": len(rs)}))
			}
			if audit && len(rs) > 0 {
				pl.h.OpenChart(rs[0].ID)
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
			return p.Name + " " + lang.X("patients.deleted", "(deleted)")
		}
		return p.Name
	case 2:
		return string(p.Sex)
	case 3:
		if p.BirthDate.IsZero() {
			return ""
		}
		if p.Estimated {
			return "~" + pl.h.Year(p.BirthDate) + " (" + kit.AgeText(p.BirthDate, time.Now()) + ")"
		}
		return pl.h.Date(p.BirthDate) + " (" + kit.AgeText(p.BirthDate, time.Now()) + ")"
	case 4:
		return p.Village
	case 5:
		return kit.MatchReasons(p.Why)
	}
	return ""
}
