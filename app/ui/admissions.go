package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// admissions is the Admissions section: who is in which bed now, and the
// admit, transfer and discharge actions.
type admissions struct {
	ui      *UI
	ctx     stayContext
	rows    []storage.CensusRow
	sel     int // selected row, -1 for none
	table   *widget.Table
	summary *widget.Label
	status  *widget.Label
	// Buttons; admit, transfer and discharge are nil for users who may not
	// register patients.
	admit, transfer, discharge, open *widget.Button
}

var censusColumns = []column{{"Ward", 125}, {"Bed", 50}, {"Patient", 245}, {"Admitted", 135}, {"Days", 50}, {"Admitted by", 120}, {"Reason", 175}}

// admissionsScreen is the Admissions section.
func (ui *UI) admissionsScreen() fyne.CanvasObject {
	a := &admissions{ui: ui, sel: -1, status: wrapLabel(""),
		summary: widget.NewLabelWithStyle("Loading…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	a.summary.Wrapping = fyne.TextWrapWord
	a.table = columnTable(censusColumns, func() int { return len(a.rows) }, a.cell)
	a.table.OnSelected = func(id widget.TableCellID) { ui.touch(); a.selectRow(id.Row) }
	bar := container.NewHBox()
	if ui.sess.Can(model.PermRegisterPatient) {
		a.admit = widget.NewButtonWithIcon("Admit…", theme.ContentAddIcon(), ui.act(a.showAdmit))
		a.admit.Importance = widget.HighImportance
		a.transfer = widget.NewButton("Transfer…", ui.act(a.showTransfer))
		a.discharge = widget.NewButton("Discharge…", ui.act(a.showDischarge))
		bar.Add(a.admit)
		bar.Add(a.transfer)
		bar.Add(a.discharge)
	}
	a.open = widget.NewButtonWithIcon("Open chart", theme.AccountIcon(), ui.act(a.openChart))
	bar.Add(a.open)
	bar.Add(spacerH())
	bar.Add(widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), ui.act(func() { a.reload("") })))
	a.selectRow(-1)
	a.reload("")
	return container.NewBorder(container.NewVBox(heading("Admissions"), a.summary, bar), a.status, nil, nil, a.table)
}

// reload reads the census as of now; done is the message to show once it
// is on screen (what was just saved).
func (a *admissions) reload(done string) {
	sess := a.ui.sess
	type loaded struct {
		rows  []storage.CensusRow
		order clinical.DateOrder
	}
	background(a.ui, func() (loaded, error) {
		c, err := sess.Clinic()
		if err != nil {
			return loaded{}, err
		}
		rows, err := sess.Census(time.Now())
		return loaded{rows, clinical.DateOrder(c.DateOrder)}, err
	}, func(l loaded, err error) {
		if err != nil {
			a.summary.SetText("")
			a.status.SetText(plain(err))
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
		return "No patients admitted."
	}
	var wards []string
	for _, c := range storage.WardCounts(rows) {
		wards = append(wards, fmt.Sprintf("%s %d", c.Ward, c.Patients))
	}
	return fmt.Sprintf("%s admitted: %s.", plural(len(rows), "patient", "patients"), strings.Join(wards, ", "))
}

// patientText names a census row's patient with the MRN, as lists do.
func patientText(s storage.PatientSummary) string {
	t := s.Name + " · " + s.MRN
	if s.Deleted {
		t += " (deleted record)"
	}
	return t
}

func (a *admissions) cell(row, col int) string {
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

func (a *admissions) selectRow(row int) {
	if row < 0 || row >= len(a.rows) {
		row = -1
	}
	a.sel = row
	hidden := row >= 0 && a.masked(a.rows[row])
	setEnabled(a.open, row >= 0)
	setEnabled(a.transfer, row >= 0 && !hidden)
	setEnabled(a.discharge, row >= 0 && !hidden)
	switch {
	case hidden:
		a.status.SetText(fmt.Sprintf("%s is a restricted record: open its chart (you will be asked why) to transfer or discharge.",
			a.rows[row].Patient.MRN))
	case row >= 0:
		r := a.rows[row]
		a.status.SetText(fmt.Sprintf("Selected %s in %s, day %d of the stay.", r.Patient.Name, r.Ward, r.Days))
	}
}

// masked reports a row whose patient this user sees only by MRN: storage
// refuses to change the stay until the glass is broken in the chart.
func (a *admissions) masked(r storage.CensusRow) bool {
	return r.Patient.Restricted && !a.ui.sess.User().Role.MayOpenRestricted()
}

func (a *admissions) selected() (storage.CensusRow, bool) {
	if a.sel < 0 || a.sel >= len(a.rows) {
		return storage.CensusRow{}, false
	}
	return a.rows[a.sel], true
}

func (a *admissions) showAdmit() {
	a.ui.showAdmitForm(nil, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf("Admitted to %s.", e.Ward))
	})
}

func (a *admissions) showTransfer() {
	r, ok := a.selected()
	if !ok {
		return
	}
	a.ui.showTransferForm(r.Encounter, r.Patient.Name, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf("%s moved to %s.", r.Patient.Name, clinical.StayOf(e).CurrentWard()))
	})
}

func (a *admissions) showDischarge() {
	r, ok := a.selected()
	if !ok {
		return
	}
	a.ui.showDischargeForm(r.Encounter, r.Patient.Name, a.ctx, func(e model.Encounter) {
		a.reload(fmt.Sprintf("%s left %s: %s.", r.Patient.Name, r.Ward, clinical.Disposition(e.Disposition).Label()))
	})
}

func (a *admissions) openChart() {
	if r, ok := a.selected(); ok {
		a.ui.h.OpenChart(r.Encounter.PatientID)
	}
}

// admitPatient opens the admission form from anywhere (the Patient menu);
// once saved, the Admissions section shows the new census.
func (ui *UI) admitPatient() {
	ui.loadStayContext(func(ctx stayContext) {
		ui.showAdmitForm(nil, ctx, func(model.Encounter) { ui.OpenSection("Admissions") })
	})
}

// staysTab is the "Stays" tab of a patient's chart: every inpatient stay,
// newest first, with its ward history, how it ended and its length; an
// open stay has the transfer and discharge actions.
func (ui *UI) staysTab(p model.Patient) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabel("Loading…"))
	bar := container.NewHBox()
	var reload func(done string)
	status := wrapLabel("")
	reload = func(done string) {
		sess := ui.sess
		type loaded struct {
			stays []model.Encounter
			order clinical.DateOrder
		}
		background(ui, func() (loaded, error) {
			c, err := sess.Clinic()
			if err != nil {
				return loaded{}, err
			}
			ch, err := sess.PatientChart(p.ID)
			var stays []model.Encounter
			for _, e := range ch.Encounters {
				if e.Type == model.EncInpatient {
					stays = append(stays, e)
				}
			}
			return loaded{stays, clinical.DateOrder(c.DateOrder)}, err
		}, func(l loaded, err error) {
			box.Objects, bar.Objects = nil, nil
			status.SetText(done)
			if err != nil {
				box.Add(wrapLabel(plain(err)))
				box.Refresh()
				return
			}
			open := false
			for _, e := range l.stays {
				open = open || e.End.IsZero()
			}
			may := ui.sess.Can(model.PermRegisterPatient)
			if may && !open {
				admit := widget.NewButtonWithIcon("Admit…", theme.ContentAddIcon(), ui.act(func() {
					ui.loadStayContext(func(ctx stayContext) {
						ui.showAdmitForm(&p, ctx, func(e model.Encounter) { reload("Admitted to " + e.Ward + ".") })
					})
				}))
				admit.Importance = widget.HighImportance
				bar.Add(admit)
			}
			box.Add(widget.NewLabel(staysSummary(l.stays)))
			for _, e := range l.stays {
				box.Add(ui.stayCard(p, e, l.order, may, reload))
			}
			box.Refresh()
			bar.Refresh()
		})
	}
	reload("")
	return container.NewBorder(bar, status, nil, nil, container.NewVScroll(box))
}

// staysSummary is the line above a patient's stays.
func staysSummary(stays []model.Encounter) string {
	if len(stays) == 0 {
		return "No inpatient stays."
	}
	days := 0
	for _, e := range stays {
		days += clinical.StayOf(e).LengthOfStay(time.Now())
	}
	return fmt.Sprintf("%s, %s in hospital in all.", plural(len(stays), "stay", "stays"), plural(days, "day", "days"))
}

// stayCard shows one stay: its title line, ward history and, for an open
// stay, the transfer and discharge buttons.
func (ui *UI) stayCard(p model.Patient, e model.Encounter, order clinical.DateOrder, may bool, reload func(string)) fyne.CanvasObject {
	s := clinical.StayOf(e)
	los := s.LengthOfStay(time.Now())
	var title, sub string
	if s.Open() {
		title = fmt.Sprintf("Admitted since %s · now in %s", stayTime(e.Start, order), s.CurrentWard())
		sub = fmt.Sprintf("Still admitted · %s so far", plural(los, "day", "days"))
	} else {
		title = fmt.Sprintf("%s to %s · %s", stayTime(e.Start, order), stayTime(e.End, order), plural(los, "day", "days"))
		sub = clinical.Disposition(e.Disposition).Label()
		if sub == "" {
			sub = "Discharged (how is not recorded)"
		}
	}
	lines := container.NewVBox()
	for _, l := range stayHistory(e, order) {
		lines.Add(wrapLabel(l))
	}
	if s.Open() && may {
		who := p.DisplayName()
		ctxThen := func(show func(stayContext)) func() {
			return ui.act(func() { ui.loadStayContext(show) })
		}
		transfer := widget.NewButton("Transfer…", ctxThen(func(ctx stayContext) {
			ui.showTransferForm(e, who, ctx, func(e model.Encounter) { reload("Moved to " + clinical.StayOf(e).CurrentWard() + ".") })
		}))
		discharge := widget.NewButton("Discharge…", ctxThen(func(ctx stayContext) {
			ui.showDischargeForm(e, who, ctx, func(e model.Encounter) {
				reload("Stay ended: " + clinical.Disposition(e.Disposition).Label() + ".")
			})
		}))
		lines.Add(container.NewHBox(transfer, discharge))
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	subLabel := widget.NewLabel(sub)
	subLabel.Importance = widget.LowImportance
	if s.Open() {
		subLabel.Importance = widget.HighImportance
	}
	return widget.NewCard("", "", container.NewVBox(head, subLabel, widget.NewSeparator(), lines))
}

// stayHistory is a stay's course line by line: admission, each transfer,
// the discharge.
func stayHistory(e model.Encounter, order clinical.DateOrder) []string {
	bed := func(b string) string {
		if strings.TrimSpace(b) == "" {
			return ""
		}
		return ", bed " + strings.TrimSpace(b)
	}
	first := fmt.Sprintf("%s   Admitted to %s%s", stayTime(e.Start, order), e.Ward, bed(e.Bed))
	if e.AdmittedBy != "" {
		first += " by " + e.AdmittedBy
	}
	if e.Reason != "" {
		first += " — " + e.Reason
	}
	out := []string{first}
	for _, t := range e.Transfers {
		l := fmt.Sprintf("%s   Moved from %s to %s%s", stayTime(t.At, order), t.FromWard, t.ToWard, bed(t.Bed))
		if t.FromWard == "" {
			l = fmt.Sprintf("%s   Moved to %s%s", stayTime(t.At, order), t.ToWard, bed(t.Bed))
		}
		if t.By != "" {
			l += " (recorded by " + t.By + ")"
		}
		out = append(out, l)
	}
	if !e.End.IsZero() {
		d := clinical.Disposition(e.Disposition)
		l := fmt.Sprintf("%s   %s", stayTime(e.End, order), d.Label())
		switch {
		case d == clinical.DispDied:
			l += " (time of death)"
		case d == "":
			l += "Discharged"
		}
		if e.DischargeNote != "" {
			l += " — " + e.DischargeNote
		}
		out = append(out, l)
	}
	return out
}
