package tracking

import (
	"fmt"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// chartsOut is the "Charts out" section: every paper chart away from the
// file room, overdue ones first, so the clerk knows whom to chase.
type chartsOut struct {
	h           *kit.Host
	all, shown  []storage.ChartOut
	today       model.Date
	sel         int // selected row of shown, -1 for none
	table       *widget.Table
	count       *widget.Label
	status      *widget.Label
	overdueOnly *widget.Check
	// Buttons acting on the selected row; markIn is nil for users who may
	// not move charts.
	markIn, open *widget.Button
}

func chartsOutColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.mrn", "MRN"), Width: 130, Min: 125}, {Title: lang.X("col.name", "Name"), Width: 210},
		{Title: lang.X("tracking.col.taken_by", "Taken by"), Width: 210}, {Title: lang.X("tracking.col.since", "Since"), Width: 100, Min: 95},
		{Title: lang.X("tracking.col.due_back", "Due back"), Width: 100, Min: 95}, {Title: lang.X("tracking.col.days_overdue", "Days overdue"), Width: 110, Min: 110}}
}

// ChartsOutScreen is the Charts out section.
func ChartsOutScreen(h *kit.Host) fyne.CanvasObject {
	co := &chartsOut{h: h, sel: -1, status: widget.NewLabel(""),
		count: widget.NewLabelWithStyle(lang.X("common.loading", "Loading…"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	var view fyne.CanvasObject
	co.table, view = kit.NewColumnTable(chartsOutColumns(), func() int { return len(co.shown) }, co.cell)
	kit.WarnRows(co.table, func(row int) bool { return row < len(co.shown) && co.shown[row].Overdue(co.today) })
	co.table.OnSelected = func(id widget.TableCellID) { h.Touch(); co.selectRow(id.Row) }
	co.overdueOnly = widget.NewCheck(lang.X("tracking.overdue_only", "Overdue only"), func(bool) { h.Touch(); co.filter() })
	co.open = widget.NewButton(lang.X("tracking.open_chart", "Open chart"), h.Act(co.openChart))
	co.open.Disable()
	bar := container.NewHBox(co.overdueOnly, co.open)
	if h.Can(model.PermDigitize) {
		co.markIn = widget.NewButton(lang.X("tracking.mark_returned", "Mark returned"), h.Act(co.markReturned))
		co.markIn.Importance = widget.HighImportance
		co.markIn.Disable()
		bar.Add(co.markIn)
	}
	co.reload("")
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.charts_out", "Charts out")), co.count, bar), co.status, nil, nil, view)
}

// reload reads the list again; done is the message to show once it is on
// screen (what was just saved).
func (co *chartsOut) reload(done string) {
	kit.Run(co.h, func(sess *storage.Session) ([]storage.ChartOut, error) { return sess.ChartFiles().Out() }, func(list []storage.ChartOut, err error) {
		if err != nil {
			co.status.SetText(kit.Plain(err))
			return
		}
		co.today = model.DateOf(time.Now())
		co.all = sortChartsOut(list, co.today)
		co.count.SetText(chartsOutCount(co.all, co.today))
		co.filter()
		co.status.SetText(done)
	})
}

// sortChartsOut puts overdue charts first, longest overdue at the top,
// then the rest by due date.
func sortChartsOut(list []storage.ChartOut, today model.Date) []storage.ChartOut {
	var late, rest []storage.ChartOut
	for _, c := range list {
		if c.Overdue(today) {
			late = append(late, c)
		} else {
			rest = append(rest, c)
		}
	}
	// storage returns them by due date already; only the split is new.
	return append(late, rest...)
}

func chartsOutCount(list []storage.ChartOut, today model.Date) string {
	if len(list) == 0 {
		return lang.X("tracking.no_charts_out", "No charts are out: every chart is in the file room.")
	}
	late := 0
	for _, c := range list {
		if c.Overdue(today) {
			late++
		}
	}
	return lang.XN("tracking.charts_out_count", "{{.Count}} charts out, {{.Late}} overdue", len(list), map[string]any{"Count": len(list), "Late": late})
}

func (co *chartsOut) filter() {
	co.shown = co.shown[:0]
	for _, c := range co.all {
		if !co.overdueOnly.Checked || c.Overdue(co.today) {
			co.shown = append(co.shown, c)
		}
	}
	co.table.UnselectAll()
	co.selectRow(-1)
	co.table.Refresh()
}

func (co *chartsOut) cell(row, col int) string {
	c := co.shown[row]
	switch col {
	case 0:
		return c.Patient.MRN
	case 1:
		return c.Patient.Name
	case 2:
		return c.Holder
	case 3:
		return co.h.Day(c.Since)
	case 4:
		return co.h.Date(c.Due)
	case 5:
		if c.Overdue(co.today) {
			return fmt.Sprint(daysBetween(c.Due, co.today))
		}
	}
	return ""
}

func (co *chartsOut) selectRow(row int) {
	if row < 0 || row >= len(co.shown) {
		row = -1
	}
	co.sel = row
	kit.SetEnabled(co.open, row >= 0)
	kit.SetEnabled(co.markIn, row >= 0)
	if row >= 0 {
		c := co.shown[row]
		co.status.SetText(lang.X("tracking.selected_chart", "Selected the chart of {{.Name}} ({{.MRN}}), out with {{.Holder}}.",
			map[string]any{"Name": c.Patient.Name, "MRN": c.Patient.MRN, "Holder": c.Holder}))
	}
}

func (co *chartsOut) openChart() {
	if co.sel >= 0 {
		co.h.OpenChart(co.shown[co.sel].PatientID)
	}
}

// markReturned records that the selected chart is back on its shelf.
func (co *chartsOut) markReturned() {
	if co.sel < 0 {
		return
	}
	c := co.shown[co.sel]
	co.markIn.Disable()
	kit.Run(co.h, func(sess *storage.Session) (model.ChartFile, error) { return sess.ChartFiles().Return(c.PatientID, "") },
		func(cf model.ChartFile, err error) {
			if err != nil {
				co.markIn.Enable()
				co.status.SetText(kit.Plain(err))
				return
			}
			msg := lang.X("tracking.chart_back", "The chart of {{.Name}} ({{.MRN}}) is back in the file room.", map[string]any{"Name": c.Patient.Name, "MRN": c.Patient.MRN})
			if cf.Shelf != "" {
				msg = lang.X("tracking.chart_back_shelf", "The chart of {{.Name}} ({{.MRN}}) is back: file it on shelf {{.Shelf}}.",
					map[string]any{"Name": c.Patient.Name, "MRN": c.Patient.MRN, "Shelf": cf.Shelf})
			}
			co.reload(msg)
		})
}
