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
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// encountersTab lists a patient's visits and stays, with "New visit…" for
// an outpatient or emergency visit (stays are admitted from Admissions).
func encountersTab(h *kit.Host, p model.Patient, list *widget.Label) fyne.CanvasObject {
	top := container.NewHBox()
	if h.Can(model.PermRegisterPatient) {
		top.Add(widget.NewButtonWithIcon(lang.X("chart.visits.new_visit_button", "New visit…"), theme.ContentAddIcon(), h.Act(func() { newVisit(h, p, list) })))
	}
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(list))
}

// newVisit records an outpatient or emergency visit. Diagnoses are kept as
// written, uncoded, for the coders.
func newVisit(h *kit.Host, p model.Patient, list *widget.Label) {
	when, clinic, clinician, reason, dx := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	when.SetText(h.When(time.Now())) // the clinic's order and calendar, as the form reads it back
	clinic.SetPlaceHolder(lang.X("chart.visits.clinic_hint", "clinic or ward, e.g. OPD, MCH"))
	clinician.SetPlaceHolder(lang.X("chart.visits.clinician_hint", "who saw the patient"))
	reason.SetPlaceHolder(lang.X("chart.visits.reason_hint", "presenting complaint"))
	dx.SetPlaceHolder(lang.X("chart.visits.diagnoses_hint", "diagnoses as written; separate with ;"))
	kind := widget.NewSelect([]string{string(model.EncOutpatient), string(model.EncEmergency)}, nil)
	kind.SetSelected(string(model.EncOutpatient))
	h.FormDialog(lang.X("chart.visits.new_visit", "New visit"), []*widget.FormItem{widget.NewFormItem(lang.X("chart.visits.seen_on", "Seen on"), when), widget.NewFormItem(lang.X("chart.type", "Type"), kind),
		widget.NewFormItem(lang.X("chart.visits.clinic", "Clinic"), clinic), widget.NewFormItem(lang.X("chart.clinician", "Clinician"), clinician), widget.NewFormItem(lang.X("chart.reason", "Reason"), reason),
		widget.NewFormItem(lang.X("chart.diagnoses", "Diagnoses"), dx)}, when, func(done func(string)) {
		at, err := clinical.ParseDateTime(when.Text, h.DateOrder(), time.Now())
		if err != nil {
			done(lang.X("chart.visits.seen_on_error", "Seen on: {{.Error}}", map[string]any{"Error": err.Error()}))
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
