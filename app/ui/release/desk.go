// Package release is the release-of-information desk: requests and their
// intake, the patient's authorizations, the choice of records, redaction,
// the packet and the release itself. Building the packet is the use case
// in app/flow/release; this package is its window.
package release

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
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

// section is the navigation title of the desk.
const section = "Release of information"

// deskScreen is the release-of-information desk: every request with
// its age and due date, oldest open first, and intake of new ones.
type deskScreen struct {
	h        *kit.Host
	rows     []storage.RequestRow
	table    *widget.Table
	summary  *widget.Label
	openOnly *widget.Check
}

func requestColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.request", "Request"), Width: 120, Min: 110}, {Title: lang.X("col.received", "Received"), Width: 95, Min: 90}, {Title: lang.X("col.due", "Due"), Width: 130, Min: 90},
		{Title: lang.X("col.days", "Days"), Width: 50}, {Title: lang.X("col.status", "Status"), Width: 115}, {Title: lang.X("col.patient", "Patient"), Width: 220}, {Title: lang.X("col.requester", "Requester"), Width: 220},
		{Title: lang.X("col.purpose", "Purpose"), Width: 200}}
}

// Screen is the Release of information section.
func Screen(h *kit.Host) fyne.CanvasObject {
	rs := &deskScreen{h: h, summary: widget.NewLabel(lang.X("common.loading", "Loading…"))}
	var view fyne.CanvasObject
	rs.table, view = kit.NewColumnTable(requestColumns(), func() int { return len(rs.rows) }, rs.cell)
	rs.table.OnSelected = func(id widget.TableCellID) { h.Touch(); rs.open(id.Row) }
	rs.openOnly = widget.NewCheck(lang.X("release.open_requests_only", "Open requests only"), func(bool) { rs.reload() })
	rs.openOnly.SetChecked(true)
	newBtn := widget.NewButtonWithIcon(lang.X("release.new_request", "New request…"), theme.ContentAddIcon(), h.Act(func() { showNewRequest(h, rs.reload) }))
	top := container.NewVBox(kit.Heading(lang.X("nav.release", "Release of information")), container.NewHBox(newBtn, rs.openOnly, kit.SpacerH(), rs.summary))
	rs.reload()
	return container.NewBorder(top, nil, nil, nil, view)
}

func (rs *deskScreen) cell(row, col int) string {
	r := rs.rows[row]
	today := time.Now()
	switch col {
	case 0:
		return r.Number
	case 1:
		return rs.h.Day(r.Received)
	case 2:
		if r.Overdue(today) {
			return fmt.Sprintf(lang.X("release.due_overdue", "%s OVERDUE"), rs.h.Date(r.Due))
		}
		return rs.h.Date(r.Due)
	case 3:
		if r.Status.Closed() {
			return ""
		}
		return fmt.Sprint(r.AgeDays(today))
	case 4:
		return kit.RequestStatusName(r.Status)
	case 5:
		return r.Patient.Name + " · " + r.Patient.MRN
	case 6:
		return r.Name + " (" + r.Requester.Short() + ")"
	case 7:
		return r.Purpose
	}
	return ""
}

func (rs *deskScreen) reload() {
	open := rs.openOnly.Checked
	kit.Run(rs.h, func(sess *storage.Session) ([]storage.RequestRow, error) { return sess.Release().Requests(open) },
		func(rows []storage.RequestRow, err error) {
			if err != nil {
				rs.summary.SetText(kit.Plain(err))
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
		return lang.X("release.no_open_requests", "No open requests.")
	}
	return fmt.Sprintf(lang.X("release.open_overdue_oldest", "%d open · %d overdue · oldest %s"), open, overdue, kit.CountOf(oldest, "day"))
}

func (rs *deskScreen) open(row int) {
	if row < 0 || row >= len(rs.rows) {
		return
	}
	OpenRequest(rs.h, rs.rows[row].ID)
}

// newRequestForm takes a request at the desk: whose records, who asks,
// why, and what for.
type newRequestForm struct {
	h        *kit.Host
	dlg      dialog.Dialog
	who      *kit.PatientPick
	kind     *kit.Choice
	name     *widget.Entry
	address  *widget.Entry
	purpose  *widget.Entry
	from, to *widget.Entry
	types    *kit.DocTypeTicks
	msg      *canvas.Text
	done     func()
}

func showNewRequest(h *kit.Host, done func()) {
	f := &newRequestForm{h: h, done: done, msg: kit.ErrorText()}
	f.who = h.NewPatientPick("patient's MRN or name, then Enter", func(m string) { kit.SetError(f.msg, m) })
	var kinds []string
	for _, k := range model.RequesterKinds {
		kinds = append(kinds, kit.Word(k.Label()))
	}
	f.kind = kit.NewChoice(kinds, nil)
	f.name, f.address, f.purpose = widget.NewEntry(), widget.NewMultiLineEntry(), widget.NewEntry()
	f.name.SetPlaceHolder(lang.X("release.person_or_organisation_asking", "person or organisation asking"))
	f.address.SetPlaceHolder(lang.X("release.where_the_records_are", "where the records are sent"))
	f.address.SetMinRowsVisible(2)
	f.purpose.SetPlaceHolder(lang.X("release.e_g_continuing_care", "e.g. continuing care, insurance claim, court case"))
	f.from, f.to = widget.NewEntry(), widget.NewEntry()
	f.from.SetPlaceHolder(lang.X("release.records_from_blank_all", "records from (blank: all)"))
	f.to.SetPlaceHolder(lang.X("release.records_to_blank_all", "records to (blank: all)"))
	f.types = kit.NewDocTypeTicks()
	for _, e := range []*widget.Entry{f.name, f.purpose, f.from, f.to} {
		e.OnSubmitted = func(string) { f.save() }
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("col.patient", "Patient"), f.who.Entry), widget.NewFormItem("", f.who.Matches),
		widget.NewFormItem(lang.X("release.who_asks", "Who asks"), f.kind), widget.NewFormItem(lang.X("col.name", "Name"), f.name),
		widget.NewFormItem(lang.X("release.address", "Address"), f.address), widget.NewFormItem(lang.X("release.purpose", "Purpose"), f.purpose),
		widget.NewFormItem(lang.X("scan.from", "From"), f.from), widget.NewFormItem(lang.X("scan.to", "To"), f.to),
		widget.NewFormItem(lang.X("release.documents_asked_for", "Documents asked for"), f.types.Box))
	save := widget.NewButton(lang.X("release.record_request_enter", "Record request (Enter)"), h.Act(f.save))
	save.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons(lang.X("release.new_release_request", "New release request"), kit.ScrollingBody(container.NewVBox(form,
		widget.NewLabel(lang.X("release.no_document_type_ticked", "No document type ticked means the whole record is asked for."))), f.msg,
		container.NewHBox(kit.SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { f.dlg.Hide() }), save)), h.Win)
	f.dlg.Resize(h.Fit(820, 640))
	f.dlg.Show()
	h.Win.Canvas().Focus(f.who.Entry)
}

// request reads the form, or says what to fix.
func (f *newRequestForm) request() (model.Request, string) {
	var r model.Request
	pt, ok := f.who.Chosen()
	if !ok {
		return r, lang.X("release.find_and_choose_the_patient", "Find and choose the patient")
	}
	r.PatientID = pt.ID
	k, ok := model.RequesterByLabel(f.kind.Selected)
	if !ok {
		return r, lang.X("release.choose_who_is_asking", "Choose who is asking")
	}
	r.Requester, r.Name, r.Address, r.Purpose = k, f.name.Text, f.address.Text, f.purpose.Text
	for _, e := range []struct {
		entry *widget.Entry
		into  *model.Date
		what  string
	}{{f.from, &r.From, lang.X("scan.from", "From")}, {f.to, &r.To, lang.X("scan.to", "To")}} {
		if strings.TrimSpace(e.entry.Text) == "" {
			continue
		}
		d, ok := f.h.ParseDate(e.entry.Text)
		if !ok {
			return r, fmt.Sprintf(lang.X("release.type_the_date", "%s: type the date as %s or %s"), e.what, "2019-05-02", "02/05/2019")
		}
		*e.into = d
	}
	r.DocTypes = f.types.Chosen()
	if err := r.Validate(time.Now()); err != nil {
		return r, err.Error()
	}
	return r, ""
}

func (f *newRequestForm) save() {
	r, msg := f.request()
	if msg != "" {
		kit.SetError(f.msg, msg)
		return
	}
	kit.Run(f.h, func(sess *storage.Session) (model.Request, error) { return r, sess.Release().CreateRequest(&r) }, func(r model.Request, err error) {
		if err != nil {
			kit.SetError(f.msg, kit.Plain(err))
			return
		}
		f.dlg.Hide()
		f.done()
		OpenRequest(f.h, r.ID)
	})
}
