package release

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// authForm records a patient's signed authorization from the paper form,
// which must already be scanned and filed as a consent document.
type authForm struct {
	rq                        *requestScreen
	dlg                       dialog.Dialog
	signer, relation, to, why *widget.Entry
	signed, expires           *widget.Entry
	from, until               *widget.Entry
	types                     *kit.DocTypeTicks
	sensitive                 *widget.CheckGroup
	form                      *widget.Select
	forms                     []storage.DocumentView
	msg                       *canvas.Text
}

func (rq *requestScreen) recordAuthorization() {
	f := &authForm{rq: rq, msg: kit.ErrorText()}
	r := rq.m.Request
	f.signer, f.relation, f.to, f.why = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.signer.SetText(rq.m.Patient.DisplayName())
	f.relation.SetText(lang.X("release.self", "self"))
	f.relation.SetPlaceHolder(lang.X("release.self_mother_guardian", "self, mother, guardian…"))
	f.to.SetText(r.Name)
	f.why.SetText(r.Purpose)
	f.signed, f.expires, f.from, f.until = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.signed.SetPlaceHolder(lang.X("release.date_signed", "date signed"))
	f.expires.SetPlaceHolder(lang.X("release.expiry_date_on_the", "expiry date on the form"))
	f.from.SetPlaceHolder(lang.X("release.records_from_blank_any", "records from (blank: any)"))
	f.until.SetPlaceHolder(lang.X("release.records_to_blank_any", "records to (blank: any)"))
	f.types = kit.NewDocTypeTicks()
	var sens []string
	for _, s := range model.SensitiveCategories {
		sens = append(sens, kit.Word(s.Label()))
	}
	f.sensitive = widget.NewCheckGroup(sens, nil)
	f.sensitive.Horizontal = true
	var opts []string
	for _, d := range rq.m.Documents {
		if d.Doc.Type == model.DocConsent {
			f.forms = append(f.forms, d)
			opts = append(opts, rq.h.DocLine(d))
		}
	}
	f.form = widget.NewSelect(opts, nil)
	f.form.PlaceHolder = lang.X("release.file_the_form_first", "(file the scanned form as a Consent or authorization document first)")
	if len(opts) > 0 {
		f.form.SetSelectedIndex(0)
	}
	for _, e := range []*widget.Entry{f.signer, f.relation, f.to, f.why, f.signed, f.expires, f.from, f.until} {
		e.OnSubmitted = func(string) { f.save() }
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("release.signed_by", "Signed by"), f.signer), widget.NewFormItem(lang.X("release.relationship", "Relationship"), f.relation),
		widget.NewFormItem(lang.X("release.may_be_given_to", "May be given to"), f.to), widget.NewFormItem(lang.X("release.purpose", "Purpose"), f.why),
		widget.NewFormItem(lang.X("release.signed_on", "Signed on"), f.signed), widget.NewFormItem(lang.X("release.expires", "Expires"), f.expires),
		widget.NewFormItem(lang.X("release.records_from", "Records from"), f.from), widget.NewFormItem(lang.X("release.records_to", "Records to"), f.until),
		widget.NewFormItem(lang.X("release.documents_covered", "Documents covered"), f.types.Box),
		widget.NewFormItem(lang.X("release.explicit_consent_to", "Explicit consent to"), f.sensitive),
		widget.NewFormItem(lang.X("release.scanned_form", "Scanned form"), f.form))
	save := widget.NewButton(lang.X("release.record_authorization_enter", "Record authorization (Enter)"), rq.h.Act(f.save))
	save.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons(lang.X("release.record_the_patient_s", "Record the patient's authorization"), kit.ScrollingBody(container.NewVBox(form,
		kit.WrapLabel(lang.X("release.no_document_type_ticked_2", "No document type ticked: the form covers the whole record. Sensitive information goes only where consent is ticked."))),
		f.msg, container.NewHBox(kit.SpacerH(), widget.NewButton(lang.X("common.cancel", "Cancel"), func() { f.dlg.Hide() }), save)), rq.h.Win)
	f.dlg.Resize(rq.h.Fit(860, 660))
	f.dlg.Show()
	rq.h.Win.Canvas().Focus(f.signed)
}

func (f *authForm) authorization() (model.Authorization, string) {
	a := model.Authorization{PatientID: f.rq.m.Request.PatientID, Signer: strings.TrimSpace(f.signer.Text),
		Relationship: strings.TrimSpace(f.relation.Text), Recipient: strings.TrimSpace(f.to.Text), Purpose: strings.TrimSpace(f.why.Text)}
	dates := []struct {
		e        *widget.Entry
		into     *model.Date
		what     string
		optional bool
	}{{f.signed, &a.Signed, lang.X("release.signed_on", "Signed on"), false}, {f.expires, &a.Expires, lang.X("release.expires", "Expires"), false},
		{f.from, &a.From, lang.X("release.records_from", "Records from"), true}, {f.until, &a.To, lang.X("release.records_to", "Records to"), true}}
	for _, d := range dates {
		if strings.TrimSpace(d.e.Text) == "" && d.optional {
			continue
		}
		v, ok := f.rq.h.ParseDate(d.e.Text)
		if !ok {
			return a, fmt.Sprintf(lang.X("release.type_the_date", "%s: type the date as %s or %s"), d.what, "2026-05-02", "02/05/2026")
		}
		*d.into = v
	}
	a.DocTypes = f.types.Chosen()
	for _, l := range f.sensitive.Selected {
		for _, s := range model.SensitiveCategories {
			if kit.Word(s.Label()) == l {
				a.Sensitive = append(a.Sensitive, s)
			}
		}
	}
	if i := f.form.SelectedIndex(); i >= 0 && i < len(f.forms) {
		a.DocumentID = f.forms[i].Doc.ID
	}
	if err := a.Validate(time.Now()); err != nil {
		return a, err.Error()
	}
	return a, ""
}

func (f *authForm) save() {
	a, msg := f.authorization()
	if msg != "" {
		kit.SetError(f.msg, msg)
		return
	}
	kit.Run(f.rq.h, func(sess *storage.Session) (model.Authorization, error) { return a, sess.Release().Authorize(&a) },
		func(a model.Authorization, err error) {
			if err != nil {
				kit.SetError(f.msg, kit.Plain(err))
				return
			}
			f.dlg.Hide()
			// Use it for this request straight away.
			r := f.rq.work()
			r.AuthorizationID = a.ID
			rev := f.rq.m.Rev
			kit.Run(f.rq.h, func(sess *storage.Session) (uint32, error) {
				return sess.Release().SaveWork(r, rev, "authorization recorded")
			},
				func(_ uint32, err error) {
					if err != nil {
						f.rq.h.ShowError(err)
					}
					f.rq.reload()
				})
		})
}
