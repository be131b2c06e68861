// Package admissions is the Admissions desk: the census of who is in which
// bed, the admit, transfer and discharge forms, and a chart's Stays tab.
package admissions

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strconv"
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

// census is the Admissions section: who is in which bed now, and the
// admit, transfer and discharge actions.
type census struct {
	h       *kit.Host
	ctx     stayContext
	rows    []storage.CensusRow
	sel     int  // selected row, -1 for none
	viewed  bool // the census view was audited when the screen opened
	table   *widget.Table
	summary *widget.Label
	status  *widget.Label
	// mayOpenRestricted is whether this user sees restricted patients by
	// name (decided when the screen is built).
	mayOpenRestricted bool
	// Buttons; admit, transfer and discharge are nil for users who may not
	// register patients.
	admit, transfer, discharge, open *widget.Button
}

func censusColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.ward", "Ward"), Width: 125}, {Title: lang.X("col.bed", "Bed"), Width: 50}, {Title: lang.X("col.patient", "Patient"), Width: 245, Min: 190},
		{Title: lang.X("col.admitted", "Admitted"), Width: 135, Min: 135}, {Title: lang.X("col.days", "Days"), Width: 50}, {Title: lang.X("col.admitted_by", "Admitted by"), Width: 120}, {Title: lang.X("col.reason", "Reason"), Width: 175}}
}

// Screen is the Admissions section.
func Screen(h *kit.Host) fyne.CanvasObject {
	a := &census{h: h, sel: -1, status: kit.WrapLabel(""),
		summary: widget.NewLabelWithStyle(lang.X("common.loading", "Loading…"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	if sess := h.Session(); sess != nil {
		a.mayOpenRestricted = sess.User().Role.MayOpenRestricted()
	}
	a.summary.Wrapping = fyne.TextWrapWord
	var view fyne.CanvasObject
	a.table, view = kit.NewColumnTable(censusColumns(), func() int { return len(a.rows) }, a.cell)
	a.table.OnSelected = func(id widget.TableCellID) { h.Touch(); a.selectRow(id.Row) }
	bar := container.NewHBox()
	if h.Can(model.PermRegisterPatient) {
		a.admit = widget.NewButtonWithIcon(lang.X("stays.admit", "Admit…"), theme.ContentAddIcon(), h.Act(a.showAdmit))
		a.admit.Importance = widget.HighImportance
		a.transfer = widget.NewButton(lang.X("stays.transfer", "Transfer…"), h.Act(a.showTransfer))
		a.discharge = widget.NewButton(lang.X("stays.discharge", "Discharge…"), h.Act(a.showDischarge))
		bar.Add(a.admit)
		bar.Add(a.transfer)
		bar.Add(a.discharge)
	}
	a.open = widget.NewButtonWithIcon(lang.X("stays.open_chart", "Open chart"), theme.AccountIcon(), h.Act(a.openChart))
	bar.Add(a.open)
	bar.Add(kit.SpacerH())
	bar.Add(widget.NewButtonWithIcon(lang.X("stays.refresh", "Refresh"), theme.ViewRefreshIcon(), h.Act(func() { a.reload("") })))
	a.selectRow(-1)
	a.reload("")
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.admissions", "Admissions")), a.summary, bar), a.status, nil, nil, view)
}

// reload reads the census as of now; done is the message to show once it
// is on screen (what was just saved).
func (a *census) reload(done string) {
	type loaded struct {
		rows  []storage.CensusRow
		order clinical.DateOrder
	}
	// Opening the screen is the audited view; its refreshes are not new
	// views.
	again := a.viewed
	a.viewed = true
	kit.Run(a.h, func(sess *storage.Session) (loaded, error) {
		c, err := sess.Clinic()
		if err != nil {
			return loaded{}, err
		}
		census := sess.Admissions().Census
		if again {
			census = sess.Admissions().CensusRefresh
		}
		rows, err := census(time.Now())
		return loaded{rows, clinical.DateOrder(c.DateOrder)}, err
	}, func(l loaded, err error) {
		if err != nil {
			a.summary.SetText("")
			a.status.SetText(kit.Plain(err))
			return
		}
		a.rows = l.rows
		a.ctx = stayContext{order: l.order, wards: wardsOf(l.rows)}
		a.table.UnselectAll()
		a.selectRow(-1)
		a.table.Refresh()
		a.summary.SetText(censusText(l.rows))
		a.status.SetText(done)
	})
}

// censusText is the line above the table: "23 patients admitted: Female
// medical 9, Maternity 7, …", fullest ward first.
func censusText(rows []storage.CensusRow) string {
	if len(rows) == 0 {
		return lang.X("stays.no_patients_admitted", "No patients admitted.")
	}
	var wards []string
	for _, c := range storage.WardCounts(rows) {
		wards = append(wards, fmt.Sprintf("%s %d", c.Ward, c.Patients))
	}
	return lang.XN("stays.census_admitted", "{{.Count}} patients admitted: {{.Wards}}.", len(rows),
		map[string]any{"Count": len(rows), "Wards": strings.Join(wards, ", ")})
}

// patientText names a census row's patient with the MRN, as lists do.
func patientText(s storage.PatientSummary) string {
	t := s.Name + " · " + s.MRN
	if s.Deleted {
		t += " " + lang.X("stays.deleted_record", "(deleted record)")
	}
	return t
}

func (a *census) cell(row, col int) string {
	r := a.rows[row]
	switch col {
	case 0:
		return r.Ward
	case 1:
		return r.Bed
	case 2:
		return patientText(r.Patient)
	case 3:
		return stayTime(r.Encounter.Start, a.ctx.order)
	case 4:
		return strconv.Itoa(r.Days)
	case 5:
		return r.Encounter.AdmittedBy
	case 6:
		return r.Encounter.Reason
	}
	return ""
}

func (a *census) selectRow(row int) {
	if row < 0 || row >= len(a.rows) {
		row = -1
	}
	a.sel = row
	hidden := row >= 0 && a.masked(a.rows[row])
	kit.SetEnabled(a.open, row >= 0)
	kit.SetEnabled(a.transfer, row >= 0 && !hidden)
	kit.SetEnabled(a.discharge, row >= 0 && !hidden)
	switch {
	case hidden:
		a.status.SetText(fmt.Sprintf(lang.X("stays.is_a_restricted_record", "%s is a restricted record: open its chart (you will be asked why) to transfer or discharge."),
			a.rows[row].Patient.MRN))
	case row >= 0:
		r := a.rows[row]
		a.status.SetText(fmt.Sprintf(lang.X("stays.selected_in_day_of", "Selected %s in %s, day %d of the stay."), r.Patient.Name, r.Ward, r.Days))
	}
}

// masked reports a row whose patient this user sees only by MRN: storage
// refuses to change the stay until the glass is broken in the chart.
func (a *census) masked(r storage.CensusRow) bool {
	return r.Patient.Restricted && !a.mayOpenRestricted
}

func (a *census) selected() (storage.CensusRow, bool) {
	if a.sel < 0 || a.sel >= len(a.rows) {
		return storage.CensusRow{}, false
	}
	return a.rows[a.sel], true
}

func (a *census) showAdmit() {
	showAdmitForm(a.h, nil, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf(lang.X("stays.admitted_to", "Admitted to %s."), e.Ward))
	})
}

func (a *census) showTransfer() {
	r, ok := a.selected()
	if !ok {
		return
	}
	showTransferForm(a.h, r.Encounter, r.Patient.Name, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf(lang.X("stays.patient_moved", "%s moved to %s."), r.Patient.Name, clinical.StayOf(e).CurrentWard()))
	})
}

func (a *census) showDischarge() {
	r, ok := a.selected()
	if !ok {
		return
	}
	showDischargeForm(a.h, r.Encounter, r.Patient.Name, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf(lang.X("stays.patient_left", "%s left %s: %s."), r.Patient.Name, r.Ward, kit.DispositionName(clinical.Disposition(e.Disposition))))
	})
}

func (a *census) openChart() {
	if r, ok := a.selected(); ok {
		a.h.OpenChart(r.Encounter.PatientID)
	}
}

// AdmitPatient opens the admission form from anywhere (the Patient menu);
// once saved, the Admissions section shows the new census.
func AdmitPatient(h *kit.Host) {
	loadStayContext(h, func(ctx stayContext) {
		showAdmitForm(h, nil, ctx, func(model.Encounter) {
			if h.Shell != nil {
				h.Shell.OpenSection("Admissions")
			}
		})
	})
}
