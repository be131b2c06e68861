// Package tracking follows what leaves the file room and the clinic: paper
// charts lent out (a chart's Paper chart tab and the Charts out section)
// and specimens sent to a laboratory (a chart's Specimens tab and the
// Specimens log).
package tracking

import (
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// paperChart is the "Paper chart" tab of a patient: where the paper folder
// is now and every movement it made, so a chart that left the file room
// can be found and chased.
type paperChart struct {
	h     *kit.Host
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

func movementColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("tracking.col.when", "When"), Width: 140}, {Title: lang.X("tracking.col.recorded_by", "Recorded by"), Width: 110},
		{Title: lang.X("col.status", "Status"), Width: 105}, {Title: lang.X("tracking.col.holder_or_shelf", "Holder or shelf"), Width: 220},
		{Title: lang.X("tracking.col.due_back", "Due back"), Width: 100}, {Title: lang.X("tracking.col.note", "Note"), Width: 280}}
}

// PaperChartTab is the content of a patient chart's "Paper chart" tab.
func PaperChartTab(h *kit.Host, p model.Patient) fyne.CanvasObject {
	pc := &paperChart{h: h, p: p, status: widget.NewLabel(""),
		where: widget.NewLabelWithStyle(lang.X("tracking.loading_where", "Loading where the paper chart is…"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		late:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	pc.where.Wrapping = fyne.TextWrapWord
	pc.late.Wrapping = fyne.TextWrapWord
	pc.late.Importance = widget.DangerImportance
	pc.late.Hide()
	var view fyne.CanvasObject
	pc.table, view = kit.NewColumnTable(movementColumns(), func() int { return len(pc.moves) }, pc.cell)
	top := container.NewVBox(pc.where, pc.late)
	if h.Can(model.PermDigitize) {
		shelve := widget.NewButton(lang.X("tracking.set_shelf", "Set shelf…"), h.Act(pc.showShelfForm))
		pc.checkOut = widget.NewButton(lang.X("tracking.check_out", "Check out…"), h.Act(pc.showCheckOutForm))
		pc.giveBack = widget.NewButton(lang.X("tracking.return_to_shelf", "Return to shelf"), h.Act(pc.returnChart))
		pc.checkOut.Disable()
		pc.giveBack.Disable()
		top.Add(container.NewHBox(shelve, pc.checkOut, pc.giveBack))
	}
	top.Add(widget.NewLabelWithStyle(lang.X("tracking.movements", "Movements, newest first"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	pc.reload()
	return container.NewBorder(top, pc.status, nil, nil, view)
}

func (pc *paperChart) reload() {
	id := pc.p.ID
	kit.Run(pc.h, func(sess *storage.Session) ([]storage.ChartMovement, error) { return sess.ChartFiles().Movements(id) },
		func(ms []storage.ChartMovement, err error) {
			if err != nil {
				pc.status.SetText(kit.Plain(err))
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
	where, late := chartWhereabouts(pc.h, pc.current, pc.known, model.DateOf(time.Now()))
	if !pc.known && pc.checkOut != nil {
		where += " " + lang.X("tracking.use_set_shelf", "Use \"Set shelf…\" once it is filed.")
	}
	pc.where.SetText(where)
	pc.late.SetText(late)
	pc.late.Hidden = late == ""
	pc.late.Refresh()
	pc.table.Refresh()
	pc.status.SetText(lang.XN("tracking.movements_recorded", "{{.Count}} movements recorded.", len(ms), map[string]any{"Count": len(ms)}))
	out := pc.current.Status == model.ChartCheckedOut
	kit.SetEnabled(pc.checkOut, !out)
	kit.SetEnabled(pc.giveBack, out)
}

// chartWhereabouts says in words where the chart is; late is set when it
// is past its due date, so the screen can show it in red.
func chartWhereabouts(h *kit.Host, cf model.ChartFile, known bool, today model.Date) (where, late string) {
	if !known {
		return lang.X("tracking.never_shelved", "This paper chart has never been given a shelf."), ""
	}
	since := h.Day(cf.Since)
	switch cf.Status {
	case model.ChartCheckedOut:
		where = lang.X("tracking.out_with", "Out with {{.Holder}} since {{.Since}}, due back {{.Due}}.", map[string]any{"Holder": cf.Holder, "Since": since, "Due": h.Date(cf.Due)})
		if cf.Shelf != "" {
			where += " " + lang.X("tracking.its_shelf", "Its shelf is {{.Shelf}}.", map[string]any{"Shelf": cf.Shelf})
		}
		if cf.Overdue(today) {
			days := daysBetween(cf.Due, today)
			late = lang.XN("tracking.overdue_by", "OVERDUE by {{.Count}} days: ask {{.Holder}} to send it back.", days, map[string]any{"Count": days, "Holder": cf.Holder})
		}
	case model.ChartMissing:
		where = lang.X("tracking.missing_since", "Marked missing since {{.Since}}.", map[string]any{"Since": since})
	default:
		if cf.Shelf == "" {
			where = lang.X("tracking.in_file_room_no_shelf", "In the file room since {{.Since}}, but no shelf is recorded.", map[string]any{"Since": since})
		} else {
			where = lang.X("tracking.on_shelf_since", "On shelf {{.Shelf}} since {{.Since}}.", map[string]any{"Shelf": cf.Shelf, "Since": since})
		}
	}
	return where, late
}

func daysBetween(from, to model.Date) int { return int(to.Time().Sub(from.Time()).Hours() / 24) }

func chartStatusLabel(s model.ChartStatus) string {
	switch s {
	case model.ChartOnShelf:
		return lang.X("tracking.status.on_shelf", "On shelf")
	case model.ChartCheckedOut:
		return lang.X("tracking.status.checked_out", "Checked out")
	case model.ChartMissing:
		return lang.X("tracking.status.missing", "Missing")
	}
	return string(s)
}

func (pc *paperChart) cell(row, col int) string {
	m := pc.moves[row]
	switch col {
	case 0:
		return pc.h.When(m.At)
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
		return pc.h.Date(m.Due)
	case 5:
		return m.Note
	}
	return ""
}

// shelfForm sets where the chart lives in the file room.
type shelfForm struct {
	pc          *paperChart
	m           *kit.Form
	shelf, note *widget.Entry
	errShelf    *canvas.Text
}

func (pc *paperChart) showShelfForm() {
	f := &shelfForm{pc: pc}
	f.m = pc.h.NewForm(lang.X("tracking.shelf_for", "Shelf for the chart of {{.Name}}", map[string]any{"Name": pc.p.DisplayName()}), lang.X("dialog.save", "Save (Enter)"), f.submit)
	f.shelf, f.errShelf = f.m.Entry(lang.X("tracking.shelf", "Shelf"), lang.X("tracking.shelf_hint", "Shelf or cabinet, e.g. B-12"), pc.current.Shelf, f.submit)
	f.note, _ = f.m.Entry(lang.X("tracking.note", "Note"), lang.X("tracking.shelf_note_hint", "Optional, e.g. moved to the new cabinet"), "", f.submit)
	f.m.Show(520)
}

func (f *shelfForm) submit() {
	shelf, note := strings.TrimSpace(f.shelf.Text), f.note.Text
	if shelf == "" {
		kit.SetError(f.errShelf, lang.X("tracking.enter_shelf", "Enter the shelf or cabinet where the chart is kept."))
		f.m.Fail(lang.X("tracking.nothing_saved_yet", "Nothing was saved yet."))
		return
	}
	kit.SetError(f.errShelf, "")
	id := f.pc.p.ID
	f.m.Run(func(sess *storage.Session) error { _, err := sess.ChartFiles().Shelve(id, shelf, note); return err }, f.pc.reload)
}

// checkOutForm lends the chart to a person or a ward until a date.
type checkOutForm struct {
	pc                *paperChart
	m                 *kit.Form
	holder, due, note *widget.Entry
	errHolder, errDue *canvas.Text
}

// chartLoanDays is how long a chart may stay out unless the clerk says
// otherwise: long enough for a ward round, short enough to be chased.
const chartLoanDays = 3

func (pc *paperChart) showCheckOutForm() {
	f := &checkOutForm{pc: pc}
	due := model.DateOf(time.Now().AddDate(0, 0, chartLoanDays)).String()
	f.m = pc.h.NewForm(lang.X("tracking.check_out_chart_of", "Check out the chart of {{.Name}}", map[string]any{"Name": pc.p.DisplayName()}),
		lang.X("tracking.check_out_enter", "Check out (Enter)"), f.submit)
	f.holder, f.errHolder = f.m.Entry(lang.X("tracking.col.taken_by", "Taken by"), lang.X("tracking.holder_hint", "Person or ward, e.g. Dr. Okello or Female Medical ward"), "", f.submit)
	f.due, f.errDue = f.m.Entry(lang.X("tracking.col.due_back", "Due back"), lang.X("tracking.due_hint", "2026-11-25 or 25/11/2026"), due, f.submit)
	f.note, _ = f.m.Entry(lang.X("tracking.note", "Note"), lang.X("tracking.checkout_note_hint", "Optional, e.g. for the review clinic"), "", f.submit)
	f.m.Show(560)
}

func (f *checkOutForm) submit() {
	holder, note := strings.TrimSpace(f.holder.Text), f.note.Text
	due, ok := f.pc.h.ParseDate(f.due.Text)
	holderMsg, dueMsg := "", ""
	if holder == "" {
		holderMsg = lang.X("tracking.enter_holder", "Enter who is taking the chart: a person or a ward.")
	}
	switch {
	case !ok:
		dueMsg = lang.X("tracking.type_due_date", "Type the date as 2026-11-25 or 25/11/2026.")
	case due.Time().Before(model.DateOf(time.Now()).Time()):
		dueMsg = lang.X("tracking.date_in_past", "That date is in the past.")
	}
	kit.SetError(f.errHolder, holderMsg)
	kit.SetError(f.errDue, dueMsg)
	if holderMsg != "" || dueMsg != "" {
		f.m.Fail(lang.X("patient.correct_red", "Correct the fields marked in red. Nothing was saved yet."))
		return
	}
	id := f.pc.p.ID
	f.m.Run(func(sess *storage.Session) error {
		_, err := sess.ChartFiles().CheckOut(id, holder, due, note)
		return err
	}, f.pc.reload)
}

// returnChart records that the chart is back in the file room.
func (pc *paperChart) returnChart() {
	pc.giveBack.Disable()
	id := pc.p.ID
	kit.Run(pc.h, func(sess *storage.Session) (model.ChartFile, error) { return sess.ChartFiles().Return(id, "") },
		func(_ model.ChartFile, err error) {
			if err != nil {
				pc.giveBack.Enable()
				pc.status.SetText(kit.Plain(err))
				return
			}
			pc.reload()
		})
}
