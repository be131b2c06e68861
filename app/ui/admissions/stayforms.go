package admissions

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
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
func loadStayContext(h *kit.Host, ready func(stayContext)) {
	kit.Run(h, func(sess *storage.Session) (stayContext, error) {
		c, err := sess.Clinic()
		if err != nil {
			return stayContext{}, err
		}
		// The clinic's ward list once an administrator has set one (storage
		// then refuses any other ward); before that the census's wards.
		if set, err := sess.Statistics().Settings(); err == nil && len(set.ActiveWards()) > 0 {
			var names []string
			for _, w := range set.ActiveWards() {
				names = append(names, w.Name)
			}
			return stayContext{order: clinical.DateOrder(c.DateOrder), wards: names}, nil
		}
		rows, err := sess.Admissions().CensusRefresh(time.Now()) // the wards, for the form
		return stayContext{order: clinical.DateOrder(c.DateOrder), wards: wardsOf(rows)}, err
	}, func(ctx stayContext, err error) {
		if err != nil {
			h.ShowError(err)
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
	return fmt.Sprintf(lang.X("stays.time_hint", "e.g. %s 14:30, today 08:15, or now"), ex)
}

// readTime reads a time field; the message is empty when it is good.
// Times are kept to the minute, as the fields show them, so a move
// recorded "now" right after an admission typed as 06:55 is not refused
// as being before it.
func readTime(e *widget.Entry, order clinical.DateOrder) (time.Time, string) {
	t, err := clinical.ParseDateTime(e.Text, order, time.Now())
	if err != nil {
		return t, kit.Plain(err)
	}
	return t.Truncate(time.Minute), ""
}

// stayRefusal shows a refusal about one field of a stay form
// (clinical.StayField) beside that field.
func stayRefusal(fields map[string]*canvas.Text) kit.Refusal {
	return func(err error) (*canvas.Text, string, bool) {
		field, isStay := clinical.StayField(err)
		if !isStay {
			return nil, "", false
		}
		se, _ := model.AsError(err)
		return fields[field], kit.Plain(se), true
	}
}

func clearErrors(ts ...*canvas.Text) {
	for _, t := range ts {
		kit.SetError(t, "")
	}
}

// admitForm admits a patient: found by MRN or name, or given (from a chart).
type admitForm struct {
	h       *kit.Host
	ctx     stayContext
	m       *kit.Form
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
func showAdmitForm(h *kit.Host, patient *model.Patient, ctx stayContext, done func(model.Encounter)) {
	f := &admitForm{h: h, ctx: ctx, patient: patient, done: done}
	title := lang.X("stays.admit_title", "Admit a patient")
	if patient != nil {
		title = fmt.Sprintf(lang.X("stays.admit_named", "Admit %s"), patient.DisplayName())
	}
	f.m = h.NewForm(title, lang.X("stays.admit_button", "Admit (Enter)"), f.submit)
	if patient == nil {
		f.who = h.NewPatientPick(lang.X("stays.search_hint", "MRN or name, then Enter to search"), func(m string) { kit.SetError(f.errWho, m) })
		f.who.Entry.OnChanged = func(string) { h.Touch() }
		f.who.Matches.PlaceHolder = lang.X("stays.search_first", "(search for the patient first)")
		f.who.Matches.OnChanged = func(string) { h.Touch(); kit.SetError(f.errWho, "") }
		f.who.After = func(n int) {
			f.m.Fail("")
			if n > 0 {
				f.h.Win.Canvas().Focus(f.when)
			}
		}
		f.errWho = f.m.Add(lang.X("col.patient", "Patient"), container.NewVBox(f.who.Entry, f.who.Matches))
	} else {
		f.errWho = f.m.Add(lang.X("col.patient", "Patient"), widget.NewLabel(patient.DisplayName()+" · "+patient.MRN))
	}
	f.when, f.errWhen = f.m.Entry(lang.X("col.admitted", "Admitted"), timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.ward = widget.NewSelectEntry(ctx.wards)
	f.ward.SetPlaceHolder(lang.X("stays.ward_e_g_maternity", "Ward, e.g. Maternity"))
	f.ward.OnChanged = func(string) { h.Touch() }
	f.ward.OnSubmitted = func(string) { h.Touch(); f.submit() }
	f.errWard = f.m.Add(lang.X("col.ward", "Ward"), f.ward)
	f.bed, _ = f.m.Entry(lang.X("col.bed", "Bed"), fmt.Sprintf(lang.X("stays.bed_hint", "Optional, e.g. %s"), "12"), "", f.submit)
	f.by, _ = f.m.Entry(lang.X("col.admitted_by", "Admitted by"), lang.X("stays.admitted_by_hint", "Admitting clinician, e.g. Dr Achieng"), "", f.submit)
	f.m.Add(lang.X("stays.attending", "Attending"), attendingPicker(h, f.by))
	f.reason, _ = f.m.Entry(lang.X("col.reason", "Reason"), lang.X("stays.reason_hint", "Reason for admission, e.g. severe malaria"), "", f.submit)
	f.m.Show(600)
	if patient == nil {
		// The form focuses its first entry (the time); searching comes first.
		h.Win.Canvas().Focus(f.who.Entry)
	}
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
		kit.SetError(f.errWho, lang.X("stays.find_the_patient_by", "Find the patient by MRN or name (press Enter to search), then choose them."))
		bad = true
	}
	at, msg := readTime(f.when, f.ctx.order)
	if msg != "" {
		kit.SetError(f.errWhen, msg)
		bad = true
	}
	if bad {
		f.m.FailFields()
		return
	}
	e := model.Encounter{PatientID: id, Type: model.EncInpatient, Start: at, Ward: f.ward.Text, Bed: f.bed.Text,
		AdmittedBy: f.by.Text, Reason: f.reason.Text}
	f.m.RunRefusable(func(sess *storage.Session) error { return sess.Admissions().Admit(&e) },
		stayRefusal(map[string]*canvas.Text{clinical.FieldPatient: f.errWho, clinical.FieldTime: f.errWhen, clinical.FieldWard: f.errWard}),
		func() { f.done(e) })
}

// transferForm moves an admitted patient to another ward.
type transferForm struct {
	h       *kit.Host
	m       *kit.Form
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
func showTransferForm(h *kit.Host, e model.Encounter, who string, ctx stayContext, done func(model.Encounter)) {
	f := &transferForm{h: h, e: e, order: ctx.order, done: done}
	s := clinical.StayOf(e)
	cur := s.CurrentWard()
	f.m = h.NewForm(fmt.Sprintf(lang.X("stays.transfer_title", "Transfer %s"), who), lang.X("stays.transfer_button", "Transfer (Enter)"), f.submit)
	now := fmt.Sprintf(lang.X("stays.now_in_since", "%s since %s"), cur, stayTime(lastMove(e), ctx.order))
	if bed := s.BedAt(time.Now()); bed != "" {
		now = fmt.Sprintf(lang.X("stays.now_in_bed_since", "%s, bed %s, since %s"), cur, bed, stayTime(lastMove(e), ctx.order))
	}
	f.m.Add(lang.X("stays.now_in", "Now in"), widget.NewLabel(now))
	others := slices.DeleteFunc(slices.Clone(ctx.wards), func(w string) bool { return strings.EqualFold(w, cur) })
	f.ward = widget.NewSelectEntry(others)
	f.ward.SetPlaceHolder(lang.X("stays.ward_the_patient_moves", "Ward the patient moves to"))
	f.ward.OnChanged = func(string) { h.Touch() }
	f.ward.OnSubmitted = func(string) { h.Touch(); f.submit() }
	f.errWard = f.m.Add(lang.X("stays.to_ward", "To ward"), f.ward)
	f.bed, _ = f.m.Entry(lang.X("col.bed", "Bed"), fmt.Sprintf(lang.X("stays.bed_hint", "Optional, e.g. %s"), "4"), "", f.submit)
	f.when, f.errWhen = f.m.Entry(lang.X("stays.moved_at", "Moved at"), timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.m.Show(560)
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
		kit.SetError(f.errWhen, msg)
		f.m.FailFields()
		return
	}
	var moved model.Encounter
	to, bed, id := f.ward.Text, f.bed.Text, f.e.ID
	f.m.RunRefusable(func(sess *storage.Session) (err error) {
		moved, err = sess.Admissions().Transfer(id, to, bed, at)
		return err
	},
		stayRefusal(map[string]*canvas.Text{clinical.FieldWard: f.errWard, clinical.FieldTime: f.errWhen}),
		func() { f.done(moved) })
}

// dischargeForm ends a stay: when, how the patient left, and a note.
type dischargeForm struct {
	h       *kit.Host
	m       *kit.Form
	e       model.Encounter
	order   clinical.DateOrder
	when    *widget.Entry
	how     *kit.Choice
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
		out = append(out, kit.DispositionName(d))
	}
	return out
}

// showDischargeForm opens the discharge form for an open stay of the
// patient named who.
func showDischargeForm(h *kit.Host, e model.Encounter, who string, ctx stayContext, done func(model.Encounter)) {
	f := &dischargeForm{h: h, e: e, order: ctx.order, done: done}
	f.m = h.NewForm(fmt.Sprintf(lang.X("stays.discharge_title", "Discharge %s"), who), lang.X("stays.discharge_button", "Discharge (Enter)"), f.submit)
	s := clinical.StayOf(e)
	stay := fmt.Sprintf(lang.X("stays.stay_since", "In %s since %s"), s.CurrentWard(), stayTime(e.Start, ctx.order))
	if len(e.Transfers) > 0 {
		stay = fmt.Sprintf(lang.X("stays.stay_since_admitted", "In %s since %s; admitted %s to %s"), s.CurrentWard(), stayTime(lastMove(e), ctx.order),
			stayTime(e.Start, ctx.order), e.Ward)
	}
	f.m.Add(lang.X("stays.stay", "Stay"), kit.WrapLabel(stay))
	f.when, f.errWhen = f.m.Entry(lang.X("stays.left_at", "Left at"), timeHint(ctx.order), stayTime(time.Now(), ctx.order), f.submit)
	f.how = kit.NewChoice(dispositionLabels(), func(string) { h.Touch(); f.showDeathHint() })
	f.how.PlaceHolder = lang.X("stays.choose_how", "(choose how the patient left)")
	f.died = widget.NewLabel(lang.X("stays.for_a_death_enter", "For a death, enter the time of death as the chart records it above."))
	f.died.Wrapping = fyne.TextWrapWord
	f.died.Importance = widget.WarningImportance
	f.died.Hide()
	f.errHow = f.m.Add(lang.X("stays.how", "How"), container.NewVBox(f.how, f.died))
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder(lang.X("stays.discharge_note_optional_condition", "Discharge note (optional): condition, follow-up, medicines"))
	f.note.SetMinRowsVisible(3)
	f.note.Wrapping = fyne.TextWrapWord
	f.note.OnChanged = func(string) { h.Touch() }
	f.m.Add(lang.X("stays.note", "Note"), f.note)
	f.m.Show(600)
}

func (f *dischargeForm) showDeathHint() {
	d, _ := clinical.DispositionByLabel(kit.English(f.how.Selected))
	f.died.Hidden = d != clinical.DispDied
	f.died.Refresh()
	f.m.Relayout()
}

func (f *dischargeForm) submit() {
	clearErrors(f.errWhen, f.errHow)
	at, msg := readTime(f.when, f.order)
	if msg != "" {
		kit.SetError(f.errWhen, msg)
		f.m.FailFields()
		return
	}
	var left model.Encounter
	how, note, id := kit.English(f.how.Selected), f.note.Text, f.e.ID
	f.m.RunRefusable(func(sess *storage.Session) (err error) {
		left, err = sess.Admissions().Discharge(id, at, how, note)
		return err
	},
		stayRefusal(map[string]*canvas.Text{clinical.FieldTime: f.errWhen, clinical.FieldDisposition: f.errHow}),
		func() { f.done(left) })
}
