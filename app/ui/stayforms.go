package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// stayContext is what the admission, transfer and discharge forms need
// from the store: how the clinic writes dates, and the wards in use (from
// the census) to offer in the ward fields.
type stayContext struct {
	order clinical.DateOrder
	wards []string
}

// wardsOf lists the census's wards, fullest first.
func wardsOf(rows []storage.CensusRow) []string {
	var out []string
	for _, c := range storage.WardCounts(rows) {
		out = append(out, c.Ward)
	}
	return out
}

// loadStayContext reads the clinic's date order and the census's wards,
// then calls ready on the UI goroutine.
func (ui *UI) loadStayContext(ready func(stayContext)) {
	sess := ui.sess
	background(ui, func() (stayContext, error) {
		c, err := sess.Clinic()
		if err != nil {
			return stayContext{}, err
		}
		rows, err := sess.Admissions().Census(time.Now())
		return stayContext{order: clinical.DateOrder(c.DateOrder), wards: wardsOf(rows)}, err
	}, func(ctx stayContext, err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		ready(ctx)
	})
}

// stayTime shows a time of a stay the way the clinic writes dates.
func stayTime(t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	return clinical.FormatDate(model.DateOf(t), order) + " " + t.Format("15:04")
}

// timeHint is the placeholder of a time field: an example in the clinic's
// date order.
func timeHint(order clinical.DateOrder) string {
	ex := clinical.FormatDate(model.Date{Year: 2024, Month: time.March, Day: 12}, order)
	return fmt.Sprintf("e.g. %s 14:30, today 08:15, or now", ex)
}

// readTime reads a time field; the message is empty when it is good.
// Times are kept to the minute, as the fields show them, so a move
// recorded "now" right after an admission typed as 06:55 is not refused
// as being before it.
func readTime(e *widget.Entry, order clinical.DateOrder) (time.Time, string) {
	t, err := clinical.ParseDateTime(e.Text, order, time.Now())
	if err != nil {
		return t, plain(err)
	}
	return t.Truncate(time.Minute), ""
}

// runStay saves in the background like modalForm.run, but a refusal about
// one field (clinical.StayField) is shown beside that field.
func runStay(m *modalForm, fields map[string]*canvas.Text, work func() error, ok func()) {
	m.save.Disable()
	m.fail("")
	background(m.ui, func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		m.save.Enable()
		if err == nil {
			m.close()
			ok()
			return
		}
		if field, isStay := clinical.StayField(err); isStay {
			se, _ := model.AsError(err)
			if msg := fields[field]; msg != nil {
				showError(msg, plain(se))
				m.fail("Nothing was saved yet: correct the field marked in red.")
				return
			}
			m.fail(plain(se) + " Nothing was saved.")
			return
		}
		m.fail(plain(err) + " Nothing was saved.")
	})
}

func clearErrors(ts ...*canvas.Text) {
	for _, t := range ts {
		showError(t, "")
	}
}

// admitForm admits a patient: found by MRN or name, or given (from a chart).
type admitForm struct {
	ui      *UI
	ctx     stayContext
	m       *modalForm
	patient *model.Patient // set when admitting from a chart
	who     *kit.PatientPick
	when    *widget.Entry
	ward    *widget.SelectEntry
	bed     *widget.Entry
	by      *widget.Entry
	reason  *widget.Entry
	errWho  *canvas.Text
	errWhen *canvas.Text
	errWard *canvas.Text
	done    func(model.Encounter)
}

// showAdmitForm opens the admission form. patient is nil to search for
// the patient in the form. done runs once the admission is saved.
func (ui *UI) showAdmitForm(patient *model.Patient, ctx stayContext, done func(model.Encounter)) {
	f := &admitForm{ui: ui, ctx: ctx, patient: patient, done: done}
	title := "Admit a patient"
	if patient != nil {
		title = "Admit " + patient.DisplayName()
	}
	f.m = ui.newModalForm(title, "Admit (Enter)", f.submit)
	if patient == nil {
		f.who = ui.h.NewPatientPick("MRN or name, then Enter to search", func(m string) { showError(f.errWho, m) })
		f.who.Entry.OnChanged = func(string) { ui.touch() }
		f.who.Matches.PlaceHolder = "(search for the patient first)"
		f.who.Matches.OnChanged = func(string) { ui.touch(); showError(f.errWho, "") }
		f.who.After = func(n int) {
			f.m.fail("")
			if n > 0 {
				f.ui.win.Canvas().Focus(f.when)
			}
		}
		f.errWho = f.m.add("Patient", container.NewVBox(f.who.Entry, f.who.Matches))
		f.m.first = f.who.Entry
	} else {
		f.errWho = f.m.add("Patient", widget.NewLabel(patient.DisplayName()+" · "+patient.MRN))
	}
	f.when, f.errWhen = f.m.entry("Admitted", timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.ward = widget.NewSelectEntry(ctx.wards)
	f.ward.SetPlaceHolder("Ward, e.g. Maternity")
	f.ward.OnChanged = func(string) { ui.touch() }
	f.ward.OnSubmitted = func(string) { ui.touch(); f.submit() }
	f.errWard = f.m.add("Ward", f.ward)
	f.bed, _ = f.m.entry("Bed", "Optional, e.g. 12", "", f.submit)
	f.by, _ = f.m.entry("Admitted by", "Admitting clinician, e.g. Dr Achieng", "", f.submit)
	f.reason, _ = f.m.entry("Reason", "Reason for admission, e.g. severe malaria", "", f.submit)
	if patient != nil {
		f.m.first = f.when
	}
	f.m.show(600)
}

func (f *admitForm) patientID() model.ID {
	if f.patient != nil {
		return f.patient.ID
	}
	if pt, ok := f.who.Chosen(); ok {
		return pt.ID
	}
	return model.ZeroID
}

func (f *admitForm) submit() {
	clearErrors(f.errWho, f.errWhen, f.errWard)
	id := f.patientID()
	bad := false
	if id.IsZero() {
		showError(f.errWho, "Find the patient by MRN or name (press Enter to search), then choose them.")
		bad = true
	}
	at, msg := readTime(f.when, f.ctx.order)
	if msg != "" {
		showError(f.errWhen, msg)
		bad = true
	}
	if bad {
		f.m.fail("Correct the fields marked in red. Nothing was saved yet.")
		return
	}
	e := model.Encounter{PatientID: id, Type: model.EncInpatient, Start: at, Ward: f.ward.Text, Bed: f.bed.Text,
		AdmittedBy: f.by.Text, Reason: f.reason.Text}
	sess := f.ui.sess
	runStay(f.m, map[string]*canvas.Text{clinical.FieldPatient: f.errWho, clinical.FieldTime: f.errWhen, clinical.FieldWard: f.errWard},
		func() error { return sess.Admissions().Admit(&e) },
		func() { f.done(e) })
}

// transferForm moves an admitted patient to another ward.
type transferForm struct {
	ui      *UI
	m       *modalForm
	e       model.Encounter
	order   clinical.DateOrder
	ward    *widget.SelectEntry
	bed     *widget.Entry
	when    *widget.Entry
	errWard *canvas.Text
	errWhen *canvas.Text
	done    func(model.Encounter)
}

// showTransferForm opens the transfer form for an open stay of the
// patient named who.
func (ui *UI) showTransferForm(e model.Encounter, who string, ctx stayContext, done func(model.Encounter)) {
	f := &transferForm{ui: ui, e: e, order: ctx.order, done: done}
	s := clinical.StayOf(e)
	cur := s.CurrentWard()
	f.m = ui.newModalForm("Transfer "+who, "Transfer (Enter)", f.submit)
	now := fmt.Sprintf("%s since %s", cur, stayTime(lastMove(e), ctx.order))
	if bed := s.BedAt(time.Now()); bed != "" {
		now = fmt.Sprintf("%s, bed %s, since %s", cur, bed, stayTime(lastMove(e), ctx.order))
	}
	f.m.add("Now in", widget.NewLabel(now))
	others := slices.DeleteFunc(slices.Clone(ctx.wards), func(w string) bool { return strings.EqualFold(w, cur) })
	f.ward = widget.NewSelectEntry(others)
	f.ward.SetPlaceHolder("Ward the patient moves to")
	f.ward.OnChanged = func(string) { ui.touch() }
	f.ward.OnSubmitted = func(string) { ui.touch(); f.submit() }
	f.errWard = f.m.add("To ward", f.ward)
	f.bed, _ = f.m.entry("Bed", "Optional, e.g. 4", "", f.submit)
	f.when, f.errWhen = f.m.entry("Moved at", timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.m.show(560)
}

// lastMove is when the patient came to the ward they are in.
func lastMove(e model.Encounter) time.Time {
	at := e.Start
	for _, t := range e.Transfers {
		if t.At.After(at) {
			at = t.At
		}
	}
	return at
}

func (f *transferForm) submit() {
	clearErrors(f.errWard, f.errWhen)
	at, msg := readTime(f.when, f.order)
	if msg != "" {
		showError(f.errWhen, msg)
		f.m.fail("Correct the fields marked in red. Nothing was saved yet.")
		return
	}
	var moved model.Encounter
	to, bed, sess, id := f.ward.Text, f.bed.Text, f.ui.sess, f.e.ID
	runStay(f.m, map[string]*canvas.Text{clinical.FieldWard: f.errWard, clinical.FieldTime: f.errWhen},
		func() (err error) { moved, err = sess.Admissions().Transfer(id, to, bed, at); return err },
		func() { f.done(moved) })
}

// dischargeForm ends a stay: when, how the patient left, and a note.
type dischargeForm struct {
	ui      *UI
	m       *modalForm
	e       model.Encounter
	order   clinical.DateOrder
	when    *widget.Entry
	how     *widget.Select
	died    *widget.Label
	note    *widget.Entry
	errWhen *canvas.Text
	errHow  *canvas.Text
	done    func(model.Encounter)
}

// dispositionLabels are the choices of the disposition field, in the
// order clinical.Dispositions gives.
func dispositionLabels() []string {
	var out []string
	for _, d := range clinical.Dispositions {
		out = append(out, d.Label())
	}
	return out
}

// showDischargeForm opens the discharge form for an open stay of the
// patient named who.
func (ui *UI) showDischargeForm(e model.Encounter, who string, ctx stayContext, done func(model.Encounter)) {
	f := &dischargeForm{ui: ui, e: e, order: ctx.order, done: done}
	f.m = ui.newModalForm("Discharge "+who, "Discharge (Enter)", f.submit)
	s := clinical.StayOf(e)
	stay := fmt.Sprintf("In %s since %s", s.CurrentWard(), stayTime(e.Start, ctx.order))
	if len(e.Transfers) > 0 {
		stay = fmt.Sprintf("In %s since %s; admitted %s to %s", s.CurrentWard(), stayTime(lastMove(e), ctx.order),
			stayTime(e.Start, ctx.order), e.Ward)
	}
	f.m.add("Stay", wrapLabel(stay))
	f.when, f.errWhen = f.m.entry("Left at", timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.how = widget.NewSelect(dispositionLabels(), func(string) { ui.touch(); f.showDeathHint() })
	f.how.PlaceHolder = "(choose how the patient left)"
	f.died = widget.NewLabel("For a death, enter the time of death as the chart records it above.")
	f.died.Wrapping = fyne.TextWrapWord
	f.died.Importance = widget.WarningImportance
	f.died.Hide()
	f.errHow = f.m.add("How", container.NewVBox(f.how, f.died))
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder("Discharge note (optional): condition, follow-up, medicines")
	f.note.SetMinRowsVisible(3)
	f.note.Wrapping = fyne.TextWrapWord
	f.note.OnChanged = func(string) { ui.touch() }
	f.m.add("Note", f.note)
	f.m.show(600)
}

func (f *dischargeForm) showDeathHint() {
	d, _ := clinical.DispositionByLabel(f.how.Selected)
	f.died.Hidden = d != clinical.DispDied
	f.died.Refresh()
	f.m.fail(f.m.status.Text)
}

func (f *dischargeForm) submit() {
	clearErrors(f.errWhen, f.errHow)
	at, msg := readTime(f.when, f.order)
	if msg != "" {
		showError(f.errWhen, msg)
		f.m.fail("Correct the fields marked in red. Nothing was saved yet.")
		return
	}
	var left model.Encounter
	how, note, sess, id := f.how.Selected, f.note.Text, f.ui.sess, f.e.ID
	runStay(f.m, map[string]*canvas.Text{clinical.FieldTime: f.errWhen, clinical.FieldDisposition: f.errHow},
		func() (err error) { left, err = sess.Admissions().Discharge(id, at, how, note); return err },
		func() { f.done(left) })
}
