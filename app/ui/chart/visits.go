package chart

import (
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

// encountersTab lists a patient's visits and stays, with "New visit…" for
// an outpatient or emergency visit (stays are admitted from Admissions).
func encountersTab(h *kit.Host, p model.Patient, list *widget.Label) fyne.CanvasObject {
	top := container.NewHBox()
	if h.Can(model.PermRegisterPatient) {
		top.Add(widget.NewButtonWithIcon("New visit…", theme.ContentAddIcon(), h.Act(func() { newVisit(h, p, list) })))
	}
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(list))
}

// newVisit records an outpatient or emergency visit. Diagnoses are kept as
// written, uncoded, for the coders.
func newVisit(h *kit.Host, p model.Patient, list *widget.Label) {
	when, clinic, clinician, reason, dx := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	when.SetText(h.When(time.Now())) // the clinic's order and calendar, as the form reads it back
	clinic.SetPlaceHolder("clinic or ward, e.g. OPD, MCH")
	clinician.SetPlaceHolder("who saw the patient")
	reason.SetPlaceHolder("presenting complaint")
	dx.SetPlaceHolder("diagnoses as written; separate with ;")
	kind := widget.NewSelect([]string{string(model.EncOutpatient), string(model.EncEmergency)}, nil)
	kind.SetSelected(string(model.EncOutpatient))
	h.FormDialog("New visit", []*widget.FormItem{widget.NewFormItem("Seen on", when), widget.NewFormItem("Type", kind),
		widget.NewFormItem("Clinic", clinic), widget.NewFormItem("Clinician", clinician), widget.NewFormItem("Reason", reason),
		widget.NewFormItem("Diagnoses", dx)}, when, func(done func(string)) {
		at, err := clinical.ParseDateTime(when.Text, h.DateOrder(), time.Now())
		if err != nil {
			done("Seen on: " + err.Error())
			return
		}
		e := model.Encounter{PatientID: p.ID, Type: model.EncounterType(kind.Selected), Start: at, Ward: strings.TrimSpace(clinic.Text),
			Clinician: strings.TrimSpace(clinician.Text), Reason: strings.TrimSpace(reason.Text)}
		for _, d := range strings.Split(dx.Text, ";") {
			if d = strings.TrimSpace(d); d != "" {
				e.Diagnoses = append(e.Diagnoses, d)
			}
		}
		kit.Run(h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, sess.Encounters().Create(&e) }, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			loadEncounters(h, p.ID, list)
		})
	})
}
