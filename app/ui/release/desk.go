package ui

import (
	"fmt"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// releaseScreen is the release-of-information desk: every request with
// its age and due date, oldest open first, and intake of new ones.
type releaseScreen struct {
	ui       *UI
	rows     []storage.RequestRow
	table    *widget.Table
	summary  *widget.Label
	openOnly *widget.Check
}

var requestColumns = []column{{"Request", 120}, {"Received", 95}, {"Due", 130}, {"Days", 50}, {"Status", 115},
	{"Patient", 220}, {"Requester", 220}, {"Purpose", 200}}

func (ui *UI) releaseScreen() fyne.CanvasObject {
	rs := &releaseScreen{ui: ui, summary: widget.NewLabel("Loading…")}
	rs.table = columnTable(requestColumns, func() int { return len(rs.rows) }, rs.cell)
	rs.table.OnSelected = func(id widget.TableCellID) { ui.touch(); rs.open(id.Row) }
	rs.openOnly = widget.NewCheck("Open requests only", func(bool) { rs.reload() })
	rs.openOnly.SetChecked(true)
	newBtn := widget.NewButtonWithIcon("New request…", theme.ContentAddIcon(), ui.act(func() { ui.showNewRequest(rs.reload) }))
	top := container.NewVBox(heading("Release of information"), container.NewHBox(newBtn, rs.openOnly, spacerH(), rs.summary))
	rs.reload()
	return container.NewBorder(top, nil, nil, nil, rs.table)
}

func (rs *releaseScreen) cell(row, col int) string {
	r := rs.rows[row]
	today := time.Now()
	switch col {
	case 0:
		return r.Number
	case 1:
		return r.Received.Local().Format("2006-01-02")
	case 2:
		if r.Overdue(today) {
			return r.Due.String() + " OVERDUE"
		}
		return r.Due.String()
	case 3:
		if r.Status.Closed() {
			return ""
		}
		return fmt.Sprint(r.AgeDays(today))
	case 4:
		return r.Status.Label()
	case 5:
		return r.Patient.Name + " · " + r.Patient.MRN
	case 6:
		return r.Name + " (" + r.Requester.Short() + ")"
	case 7:
		return r.Purpose
	}
	return ""
}

func (rs *releaseScreen) reload() {
	open := rs.openOnly.Checked
	background(rs.ui, func() ([]storage.RequestRow, error) { return rs.ui.sess.Requests(open) },
		func(rows []storage.RequestRow, err error) {
			if err != nil {
				rs.summary.SetText(plain(err))
				return
			}
			rs.rows = rows
			rs.table.Refresh()
			rs.summary.SetText(ageing(rows, time.Now()))
		})
}

// ageing is the one-line state of the desk.
func ageing(rows []storage.RequestRow, today time.Time) string {
	open, overdue, oldest := 0, 0, 0
	for _, r := range rows {
		if r.Status.Closed() {
			continue
		}
		open++
		if r.Overdue(today) {
			overdue++
		}
		oldest = max(oldest, r.AgeDays(today))
	}
	if open == 0 {
		return "No open requests."
	}
	return fmt.Sprintf("%d open · %d overdue · oldest %d days", open, overdue, oldest)
}

func (rs *releaseScreen) open(row int) {
	if row < 0 || row >= len(rs.rows) {
		return
	}
	rs.ui.openRequest(rs.rows[row].ID)
}

// newRequestForm takes a request at the desk: whose records, who asks,
// why, and what for.
type newRequestForm struct {
	ui       *UI
	dlg      dialog.Dialog
	who      *kit.PatientPick
	kind     *widget.Select
	name     *widget.Entry
	address  *widget.Entry
	purpose  *widget.Entry
	from, to *widget.Entry
	types    *widget.CheckGroup
	msg      *canvas.Text
	done     func()
}

func (ui *UI) showNewRequest(done func()) {
	f := &newRequestForm{ui: ui, done: done, msg: errorText()}
	f.who = ui.h.NewPatientPick("patient's MRN or name, then Enter", func(m string) { showError(f.msg, m) })
	var kinds []string
	for _, k := range model.RequesterKinds {
		kinds = append(kinds, k.Label())
	}
	f.kind = widget.NewSelect(kinds, nil)
	f.name, f.address, f.purpose = widget.NewEntry(), widget.NewMultiLineEntry(), widget.NewEntry()
	f.name.SetPlaceHolder("person or organisation asking")
	f.address.SetPlaceHolder("where the records are sent")
	f.address.SetMinRowsVisible(2)
	f.purpose.SetPlaceHolder("e.g. continuing care, insurance claim, court case")
	f.from, f.to = widget.NewEntry(), widget.NewEntry()
	f.from.SetPlaceHolder("records from (blank: all)")
	f.to.SetPlaceHolder("records to (blank: all)")
	f.types = widget.NewCheckGroup(model.DocTypeLabels(), nil)
	f.types.Horizontal = true
	for _, e := range []*widget.Entry{f.name, f.purpose, f.from, f.to} {
		e.OnSubmitted = func(string) { f.save() }
	}
	form := widget.NewForm(
		widget.NewFormItem("Patient", f.who.Entry), widget.NewFormItem("", f.who.Matches),
		widget.NewFormItem("Who asks", f.kind), widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Address", f.address), widget.NewFormItem("Purpose", f.purpose),
		widget.NewFormItem("From", f.from), widget.NewFormItem("To", f.to),
		widget.NewFormItem("Documents asked for", f.types))
	save := widget.NewButton("Record request (Enter)", ui.act(f.save))
	save.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons("New release request", container.NewVBox(form,
		widget.NewLabel("No document type ticked means the whole record is asked for."), f.msg,
		container.NewHBox(spacerH(), widget.NewButton("Cancel", func() { f.dlg.Hide() }), save)), ui.win)
	f.dlg.Resize(fyne.NewSize(820, 640))
	f.dlg.Show()
	ui.win.Canvas().Focus(f.who.Entry)
}

// request reads the form, or says what to fix.
func (f *newRequestForm) request() (model.Request, string) {
	var r model.Request
	pt, ok := f.who.Chosen()
	if !ok {
		return r, "Find and choose the patient"
	}
	r.PatientID = pt.ID
	k, ok := model.RequesterByLabel(f.kind.Selected)
	if !ok {
		return r, "Choose who is asking"
	}
	r.Requester, r.Name, r.Address, r.Purpose = k, f.name.Text, f.address.Text, f.purpose.Text
	for _, e := range []struct {
		entry *widget.Entry
		into  *model.Date
		what  string
	}{{f.from, &r.From, "From"}, {f.to, &r.To, "To"}} {
		if strings.TrimSpace(e.entry.Text) == "" {
			continue
		}
		d, ok := f.ui.parseDate(e.entry.Text)
		if !ok {
			return r, e.what + ": type the date as 2019-05-02 or 02/05/2019"
		}
		*e.into = d
	}
	r.DocTypes = docTypesChosen(f.types)
	if err := r.Validate(time.Now()); err != nil {
		return r, err.Error()
	}
	return r, ""
}

func (f *newRequestForm) save() {
	r, msg := f.request()
	if msg != "" {
		showError(f.msg, msg)
		return
	}
	sess := f.ui.sess
	background(f.ui, func() (model.Request, error) { return r, sess.CreateRequest(&r) }, func(r model.Request, err error) {
		if err != nil {
			showError(f.msg, plain(err))
			return
		}
		f.dlg.Hide()
		f.done()
		f.ui.openRequest(r.ID)
	})
}
