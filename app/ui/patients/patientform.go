package patients

import (
	"fyne.io/fyne/v2/lang"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/calendar"
	"dossier/storage"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// patientForm is the registration and edit form. Enter in any field saves.
type patientForm struct {
	h                                                 *kit.Host
	base                                              *model.Patient // nil when registering
	rev                                               uint32
	given, family, other, birth, age, phone, nid, nok *widget.Entry
	legacy, alerts                                    *widget.Entry
	address                                           []*widget.Entry
	sex                                               *kit.Choice
	restricted                                        *widget.Check
	errName, errSex, errBirth, errPhone, status       *canvas.Text
	save                                              *widget.Button
}

// Register opens the form to register a new patient, if the user may
// (the shell's Ctrl+N).
func Register(h *kit.Host) {
	if h.Can(model.PermRegisterPatient) {
		showForm(h, nil, 0)
	}
}

// Edit opens the form on a saved patient at revision rev.
func Edit(h *kit.Host, p model.Patient, rev uint32) { showForm(h, &p, rev) }

// showForm opens the form to register (base nil) or edit a patient.
func showForm(h *kit.Host, base *model.Patient, rev uint32) {
	if h.Shell == nil {
		return
	}
	f := &patientForm{h: h, base: base, rev: rev}
	entry := func(ph string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(ph)
		e.OnSubmitted = func(string) { f.submit() }
		e.OnChanged = func(string) { h.Touch() }
		return e
	}
	f.given, f.family = entry(lang.X("patient.given_hint", "Given name(s)")), entry(lang.X("patient.family_hint", "Family name (leave empty for a single-name person)"))
	f.other = entry(lang.X("patient.other_hint", "Aliases, maiden name — separate with commas"))
	f.birth, f.age = entry(lang.X("patient.birth_hint", "2024-03-12 or 12/03/2024")), entry(lang.X("patient.age_hint", "or age in years, e.g. about 40"))
	if order := h.DateOrder(); order.Calendar() != calendar.Gregorian {
		f.birth.SetPlaceHolder(h.Date(model.Date{Year: 2024, Month: time.March, Day: 12}))
	}
	f.phone, f.nid, f.nok = entry("+256 772 123456"), entry(lang.X("patient.optional", "Optional")), entry(lang.X("patient.nok_hint", "Name, relationship, phone"))
	f.legacy, f.alerts = entry(lang.X("patient.legacy_hint", "Old paper chart numbers, separated by commas")), entry(lang.X("patient.alerts_hint", "e.g. Allergy: penicillin"))
	f.sex = kit.NewChoice(kit.SexChoices(), func(string) { h.Touch() })
	f.restricted = widget.NewCheck(lang.X("patient.restricted", "Restricted record (opening it needs a reason, recorded in the audit trail)"), nil)
	for _, level := range h.AddressLevels() {
		f.address = append(f.address, entry(level))
	}
	f.errName, f.errSex, f.errBirth, f.errPhone, f.status = kit.ErrorText(), kit.ErrorText(), kit.ErrorText(), kit.ErrorText(), kit.ErrorText()
	title := lang.X("patient.register_title", "Register a patient")
	f.save = widget.NewButton(lang.X("patient.register", "Register (Enter)"), f.submit)
	if base != nil {
		title = lang.X("patient.edit_title", "Edit {{.Name}} · MRN {{.MRN}}", map[string]any{"Name": base.DisplayName(), "MRN": base.MRN})
		f.save.SetText(lang.X("patient.save", "Save changes (Enter)"))
		f.fill(kit.PatientFieldsIn(*base, h.DateOrder()))
	}
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("common.cancel", "Cancel"), h.Act(func() {
		if base != nil {
			h.OpenChart(base.ID)
		} else {
			h.Shell.OpenSection("Patients")
		}
	}))
	form := widget.NewForm(
		widget.NewFormItem(lang.X("patient.given", "Given name"), container.NewVBox(f.given, f.errName)),
		widget.NewFormItem(lang.X("patient.family", "Family name"), f.family),
		widget.NewFormItem(lang.X("patient.other", "Other names"), f.other),
		widget.NewFormItem(lang.X("col.sex", "Sex"), container.NewVBox(f.sex, f.errSex)),
		widget.NewFormItem(lang.X("patient.birth", "Date of birth"), container.NewVBox(container.NewGridWithColumns(2, f.birth, f.age), f.errBirth)),
		widget.NewFormItem(lang.X("patient.phone", "Phone"), container.NewVBox(f.phone, f.errPhone)),
	)
	for i, level := range h.AddressLevels() {
		form.Append(level, f.address[i])
	}
	form.Append(lang.X("patient.national_id", "National ID"), f.nid)
	form.Append(lang.X("patient.next_of_kin", "Next of kin"), f.nok)
	form.Append(lang.X("patient.legacy", "Old chart numbers"), f.legacy)
	form.Append(lang.X("patient.alerts", "Alerts"), f.alerts)
	form.Append("", f.restricted)
	buttons := container.NewHBox(cancel, kit.SpacerH(), f.save)
	h.Shell.FocusNext(f.given)
	h.Shell.SetContent(container.NewBorder(kit.Heading(title), container.NewVBox(f.status, buttons), nil, nil, container.NewVScroll(form)))
}

func (f *patientForm) fill(v kit.PatientFields) {
	f.given.SetText(v.Given)
	f.family.SetText(v.Family)
	f.other.SetText(v.Other)
	f.sex.SetSelected(v.Sex)
	f.birth.SetText(v.Birth)
	f.age.SetText(v.Age)
	f.phone.SetText(v.Phone)
	for i, a := range v.Address {
		if i < len(f.address) {
			f.address[i].SetText(a)
		}
	}
	f.nid.SetText(v.NationalID)
	f.nok.SetText(v.NextOfKin)
	f.legacy.SetText(v.Legacy)
	f.alerts.SetText(v.Alerts)
	f.restricted.SetChecked(v.Restricted)
}

func (f *patientForm) values() kit.PatientFields {
	v := kit.PatientFields{Given: f.given.Text, Family: f.family.Text, Other: f.other.Text, Sex: f.sex.Selected,
		Birth: f.birth.Text, Age: f.age.Text, Phone: f.phone.Text, NationalID: f.nid.Text, NextOfKin: f.nok.Text,
		Legacy: f.legacy.Text, Alerts: f.alerts.Text, Restricted: f.restricted.Checked}
	if order := f.h.DateOrder(); order.Calendar() != calendar.Gregorian {
		v.Order = order
	}
	for _, a := range f.address {
		v.Address = append(v.Address, a.Text)
	}
	return v
}

// submit validates and saves: a new patient directly, an edit after asking
// for the reason.
func (f *patientForm) submit() {
	f.h.Touch()
	base := model.Patient{}
	if f.base != nil {
		base = *f.base
	}
	p, errs := f.values().ToPatient(base, time.Now())
	for field, t := range map[string]*canvas.Text{"name": f.errName, "sex": f.errSex, "birth": f.errBirth, "phone": f.errPhone} {
		kit.SetError(t, errs[field])
	}
	if len(errs) > 0 {
		f.setStatus(lang.X("patient.correct_red", "Correct the fields marked in red. Nothing was saved yet."))
		return
	}
	if f.base == nil {
		f.save.Disable()
		f.setStatus(lang.X("patient.checking", "Checking for an existing record of this patient…"))
		registerChecked(f.h, p, func(err error) {
			f.save.Enable()
			switch {
			case err == kit.ErrCancelled:
				f.setStatus(lang.X("patient.not_registered", "Not registered yet."))
			case err != nil:
				f.setStatus(kit.Plain(err))
			default:
				f.setStatus("")
			}
		})
		return
	}
	f.h.AskReason(lang.X("patient.reason_title", "Reason for the change"), lang.X("patient.reason_prompt", "Why is this record changed? (e.g. phone number updated by patient)"), lang.X("common.save", "Save"),
		func(reason string) {
			kit.Run(f.h, func(sess *storage.Session) (struct{}, error) {
				return struct{}{}, sess.Patients().Update(p, f.rev, reason)
			},
				func(_ struct{}, err error) {
					if err != nil {
						f.setStatus(kit.Plain(err))
						return
					}
					f.h.OpenChart(p.ID)
				})
		})
}

func (f *patientForm) setStatus(s string) { kit.SetError(f.status, s) }
