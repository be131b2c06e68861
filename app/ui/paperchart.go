package ui

import (
	"fmt"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// paperChart is the "Paper chart" tab of a patient: where the paper folder
// is now and every movement it made, so a chart that left the file room
// can be found and chased.
type paperChart struct {
	ui    *UI
	p     model.Patient
	moves []storage.ChartMovement // newest first
	// known is false until the chart is first shelved or checked out.
	known   bool
	current model.ChartFile
	where   *widget.Label
	late    *widget.Label
	status  *widget.Label
	table   *widget.Table
	// The buttons are nil for users who may not move charts.
	checkOut, giveBack *widget.Button
}

var movementColumns = []column{{"When", 140}, {"Recorded by", 110}, {"Status", 105}, {"Holder or shelf", 220},
	{"Due back", 100}, {"Note", 280}}

// paperChartTab is the content of a patient chart's "Paper chart" tab.
func (ui *UI) paperChartTab(p model.Patient) fyne.CanvasObject {
	pc := &paperChart{ui: ui, p: p, status: widget.NewLabel(""),
		where: widget.NewLabelWithStyle("Loading where the paper chart is…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		late:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	pc.where.Wrapping = fyne.TextWrapWord
	pc.late.Wrapping = fyne.TextWrapWord
	pc.late.Importance = widget.DangerImportance
	pc.late.Hide()
	pc.table = columnTable(movementColumns, func() int { return len(pc.moves) }, pc.cell)
	top := container.NewVBox(pc.where, pc.late)
	if ui.sess.Can(model.PermDigitize) {
		shelve := widget.NewButton("Set shelf…", ui.act(pc.showShelfForm))
		pc.checkOut = widget.NewButton("Check out…", ui.act(pc.showCheckOutForm))
		pc.giveBack = widget.NewButton("Return to shelf", ui.act(pc.returnChart))
		pc.checkOut.Disable()
		pc.giveBack.Disable()
		top.Add(container.NewHBox(shelve, pc.checkOut, pc.giveBack))
	}
	top.Add(widget.NewLabelWithStyle("Movements, newest first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	pc.reload()
	return container.NewBorder(top, pc.status, nil, nil, pc.table)
}

func (pc *paperChart) reload() {
	id := pc.p.ID
	background(pc.ui, func() ([]storage.ChartMovement, error) { return pc.ui.sess.ChartMovements(id) },
		func(ms []storage.ChartMovement, err error) {
			if err != nil {
				pc.status.SetText(plain(err))
				return
			}
			pc.show(ms)
		})
}

// show puts a freshly read movement history on screen.
func (pc *paperChart) show(ms []storage.ChartMovement) {
	pc.moves = make([]storage.ChartMovement, len(ms))
	for i, m := range ms {
		pc.moves[len(ms)-1-i] = m
	}
	pc.known = len(ms) > 0
	pc.current = model.ChartFile{}
	if pc.known {
		pc.current = ms[len(ms)-1].ChartFile
	}
	where, late := chartWhereabouts(pc.current, pc.known, model.DateOf(time.Now()))
	if !pc.known && pc.checkOut != nil {
		where += " Use \"Set shelf…\" once it is filed."
	}
	pc.where.SetText(where)
	pc.late.SetText(late)
	pc.late.Hidden = late == ""
	pc.late.Refresh()
	pc.table.Refresh()
	pc.status.SetText(plural(len(ms), "movement", "movements") + " recorded.")
	out := pc.current.Status == model.ChartCheckedOut
	setEnabled(pc.checkOut, !out)
	setEnabled(pc.giveBack, out)
}

// setEnabled enables or disables b; a nil b is a button the user's role
// does not get.
func setEnabled(b *widget.Button, on bool) {
	switch {
	case b == nil:
	case on:
		b.Enable()
	default:
		b.Disable()
	}
}

// chartWhereabouts says in words where the chart is; late is set when it
// is past its due date, so the screen can show it in red.
func chartWhereabouts(cf model.ChartFile, known bool, today model.Date) (where, late string) {
	if !known {
		return "This paper chart has never been given a shelf.", ""
	}
	since := cf.Since.Local().Format("2006-01-02")
	switch cf.Status {
	case model.ChartCheckedOut:
		where = fmt.Sprintf("Out with %s since %s, due back %s.", cf.Holder, since, cf.Due)
		if cf.Shelf != "" {
			where += " Its shelf is " + cf.Shelf + "."
		}
		if cf.Overdue(today) {
			late = fmt.Sprintf("OVERDUE by %s: ask %s to send it back.", plural(daysBetween(cf.Due, today), "day", "days"), cf.Holder)
		}
	case model.ChartMissing:
		where = "Marked missing since " + since + "."
	default:
		if cf.Shelf == "" {
			where = "In the file room since " + since + ", but no shelf is recorded."
		} else {
			where = "On shelf " + cf.Shelf + " since " + since + "."
		}
	}
	return where, late
}

func daysBetween(from, to model.Date) int { return int(to.Time().Sub(from.Time()).Hours() / 24) }

func chartStatusLabel(s model.ChartStatus) string {
	switch s {
	case model.ChartOnShelf:
		return "On shelf"
	case model.ChartCheckedOut:
		return "Checked out"
	case model.ChartMissing:
		return "Missing"
	}
	return string(s)
}

func (pc *paperChart) cell(row, col int) string {
	m := pc.moves[row]
	switch col {
	case 0:
		return m.At.Local().Format("2006-01-02 15:04")
	case 1:
		return m.By
	case 2:
		return chartStatusLabel(m.Status)
	case 3:
		if m.Status == model.ChartCheckedOut {
			return m.Holder
		}
		return m.Shelf
	case 4:
		return m.Due.String()
	case 5:
		return m.Note
	}
	return ""
}

// shelfForm sets where the chart lives in the file room.
type shelfForm struct {
	pc          *paperChart
	m           *modalForm
	shelf, note *widget.Entry
	errShelf    *canvas.Text
}

func (pc *paperChart) showShelfForm() {
	f := &shelfForm{pc: pc}
	f.m = pc.ui.newModalForm("Shelf for the chart of "+pc.p.DisplayName(), "Save (Enter)", f.submit)
	f.shelf, f.errShelf = f.m.entry("Shelf", "Shelf or cabinet, e.g. B-12", pc.current.Shelf, f.submit)
	f.note, _ = f.m.entry("Note", "Optional, e.g. moved to the new cabinet", "", f.submit)
	f.m.show(520)
}

func (f *shelfForm) submit() {
	shelf, note := strings.TrimSpace(f.shelf.Text), f.note.Text
	if shelf == "" {
		showError(f.errShelf, "Enter the shelf or cabinet where the chart is kept.")
		f.m.fail("Nothing was saved yet.")
		return
	}
	showError(f.errShelf, "")
	id := f.pc.p.ID
	f.m.run(func() error { _, err := f.pc.ui.sess.ShelveChart(id, shelf, note); return err }, f.pc.reload)
}

// checkOutForm lends the chart to a person or a ward until a date.
type checkOutForm struct {
	pc                *paperChart
	m                 *modalForm
	holder, due, note *widget.Entry
	errHolder, errDue *canvas.Text
}

// chartLoanDays is how long a chart may stay out unless the clerk says
// otherwise: long enough for a ward round, short enough to be chased.
const chartLoanDays = 3

func (pc *paperChart) showCheckOutForm() {
	f := &checkOutForm{pc: pc}
	due := model.DateOf(time.Now().AddDate(0, 0, chartLoanDays)).String()
	f.m = pc.ui.newModalForm("Check out the chart of "+pc.p.DisplayName(), "Check out (Enter)", f.submit)
	f.holder, f.errHolder = f.m.entry("Taken by", "Person or ward, e.g. Dr. Okello or Female Medical ward", "", f.submit)
	f.due, f.errDue = f.m.entry("Due back", "2026-11-25 or 25/11/2026", due, f.submit)
	f.note, _ = f.m.entry("Note", "Optional, e.g. for the review clinic", "", f.submit)
	f.m.show(560)
}

func (f *checkOutForm) submit() {
	holder, note := strings.TrimSpace(f.holder.Text), f.note.Text
	due, ok := f.pc.ui.parseDate(f.due.Text)
	holderMsg, dueMsg := "", ""
	if holder == "" {
		holderMsg = "Enter who is taking the chart: a person or a ward."
	}
	switch {
	case !ok:
		dueMsg = "Type the date as 2026-11-25 or 25/11/2026."
	case due.Time().Before(model.DateOf(time.Now()).Time()):
		dueMsg = "That date is in the past."
	}
	showError(f.errHolder, holderMsg)
	showError(f.errDue, dueMsg)
	if holderMsg != "" || dueMsg != "" {
		f.m.fail("Correct the fields marked in red. Nothing was saved yet.")
		return
	}
	id := f.pc.p.ID
	f.m.run(func() error { _, err := f.pc.ui.sess.CheckOutChart(id, holder, due, note); return err }, f.pc.reload)
}

// returnChart records that the chart is back in the file room.
func (pc *paperChart) returnChart() {
	pc.giveBack.Disable()
	id := pc.p.ID
	background(pc.ui, func() (model.ChartFile, error) { return pc.ui.sess.ReturnChart(id, "") },
		func(_ model.ChartFile, err error) {
			if err != nil {
				pc.giveBack.Enable()
				pc.status.SetText(plain(err))
				return
			}
			pc.reload()
		})
}

// modalForm is a small form in a dialog that stays open until its save
// succeeds: a refused save keeps everything typed, and the reason shows in
// plain words beside the field it is about.
type modalForm struct {
	ui     *UI
	dlg    dialog.Dialog
	body   *fyne.Container
	form   *widget.Form
	foot   *fyne.Container // notes, the status line and the buttons
	status *widget.Label
	save   *widget.Button
	first  fyne.Focusable
	width  float32
}

func (ui *UI) newModalForm(title, saveText string, submit func()) *modalForm {
	m := &modalForm{ui: ui, form: widget.NewForm(), status: wrapLabel("")}
	m.status.Importance = widget.DangerImportance
	m.status.Hide()
	m.save = widget.NewButton(saveText, ui.act(submit))
	m.save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", ui.act(m.close))
	m.foot = container.NewVBox(m.status, container.NewHBox(cancel, spacerH(), m.save))
	m.body = container.NewBorder(nil, m.foot, nil, nil, m.form)
	m.dlg = dialog.NewCustomWithoutButtons(title, m.body, ui.win)
	return m
}

// entry adds a text field; Enter in it submits the form.
func (m *modalForm) entry(label, placeholder, text string, submit func()) (*widget.Entry, *canvas.Text) {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(text)
	e.OnChanged = func(string) { m.ui.touch() }
	e.OnSubmitted = func(string) { m.ui.touch(); submit() }
	return e, m.add(label, e)
}

// add puts any input on the form with a message line under it; the first
// focusable input gets the keyboard when the form opens.
func (m *modalForm) add(label string, input fyne.CanvasObject) *canvas.Text {
	msg := errorText()
	m.form.Append(label, container.NewVBox(input, msg))
	if f, ok := input.(fyne.Focusable); ok && m.first == nil {
		m.first = f
	}
	return msg
}

// note adds a line of explanation under the fields; unlike a form row it
// takes no room while hidden.
func (m *modalForm) note(o fyne.CanvasObject) {
	m.foot.Objects = append([]fyne.CanvasObject{o}, m.foot.Objects...)
}

func (m *modalForm) show(width float32) {
	m.width = width
	m.relayout()
	m.dlg.Show()
	if m.first != nil {
		m.ui.win.Canvas().Focus(m.first)
	}
}

func (m *modalForm) close() { m.dlg.Hide() }

// relayout fits the dialog to what it shows now: message lines appear and
// disappear, and Fyne does not lay out again by itself when one does.
func (m *modalForm) relayout() {
	m.dlg.Resize(fyne.NewSize(m.width, m.dlg.MinSize().Height))
	m.body.Refresh()
}

// fail shows why nothing was saved; the form stays open as typed. Callers
// that changed field messages call it too (with "" when all is well), so
// the new lines get their room.
func (m *modalForm) fail(msg string) {
	m.status.SetText(msg)
	m.status.Hidden = msg == ""
	m.relayout()
}

// run saves in the background; the form closes and ok runs only when the
// save worked.
func (m *modalForm) run(work func() error, ok func()) {
	m.save.Disable()
	m.fail("")
	background(m.ui, func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		m.save.Enable()
		if err != nil {
			m.fail(plain(err) + " Nothing was saved.")
			return
		}
		m.close()
		ok()
	})
}

// chartsOut is the "Charts out" section: every paper chart away from the
// file room, overdue ones first, so the clerk knows whom to chase.
type chartsOut struct {
	ui          *UI
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

var chartsOutColumns = []column{{"MRN", 130}, {"Name", 210}, {"Taken by", 210}, {"Since", 100}, {"Due back", 100}, {"Days overdue", 110}}

func (ui *UI) chartsOutScreen() fyne.CanvasObject {
	co := &chartsOut{ui: ui, sel: -1, status: widget.NewLabel(""),
		count: widget.NewLabelWithStyle("Loading…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	co.table = columnTable(chartsOutColumns, func() int { return len(co.shown) }, co.cell)
	warnRows(co.table, func(row int) bool { return row < len(co.shown) && co.shown[row].Overdue(co.today) })
	co.table.OnSelected = func(id widget.TableCellID) { ui.touch(); co.selectRow(id.Row) }
	co.overdueOnly = widget.NewCheck("Overdue only", func(bool) { ui.touch(); co.filter() })
	co.open = widget.NewButton("Open chart", ui.act(co.openChart))
	co.open.Disable()
	bar := container.NewHBox(co.overdueOnly, co.open)
	if ui.sess.Can(model.PermDigitize) {
		co.markIn = widget.NewButton("Mark returned", ui.act(co.markReturned))
		co.markIn.Importance = widget.HighImportance
		co.markIn.Disable()
		bar.Add(co.markIn)
	}
	co.reload("")
	return container.NewBorder(container.NewVBox(heading("Charts out"), co.count, bar), co.status, nil, nil, co.table)
}

// reload reads the list again; done is the message to show once it is on
// screen (what was just saved).
func (co *chartsOut) reload(done string) {
	background(co.ui, co.ui.sess.ChartsOut, func(list []storage.ChartOut, err error) {
		if err != nil {
			co.status.SetText(plain(err))
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
		return "No charts are out: every chart is in the file room."
	}
	late := 0
	for _, c := range list {
		if c.Overdue(today) {
			late++
		}
	}
	return fmt.Sprintf("%s out, %d overdue", plural(len(list), "chart", "charts"), late)
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
		return c.Since.Local().Format("2006-01-02")
	case 4:
		return c.Due.String()
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
	setEnabled(co.open, row >= 0)
	setEnabled(co.markIn, row >= 0)
	if row >= 0 {
		c := co.shown[row]
		co.status.SetText(fmt.Sprintf("Selected the chart of %s (%s), out with %s.", c.Patient.Name, c.Patient.MRN, c.Holder))
	}
}

func (co *chartsOut) openChart() {
	if co.sel >= 0 {
		co.ui.h.OpenChart(co.shown[co.sel].PatientID)
	}
}

// markReturned records that the selected chart is back on its shelf.
func (co *chartsOut) markReturned() {
	if co.sel < 0 {
		return
	}
	c := co.shown[co.sel]
	co.markIn.Disable()
	background(co.ui, func() (model.ChartFile, error) { return co.ui.sess.ReturnChart(c.PatientID, "") },
		func(cf model.ChartFile, err error) {
			if err != nil {
				co.markIn.Enable()
				co.status.SetText(plain(err))
				return
			}
			msg := fmt.Sprintf("The chart of %s (%s) is back in the file room.", c.Patient.Name, c.Patient.MRN)
			if cf.Shelf != "" {
				msg = fmt.Sprintf("The chart of %s (%s) is back: file it on shelf %s.", c.Patient.Name, c.Patient.MRN, cf.Shelf)
			}
			co.reload(msg)
		})
}
