package scanning

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
	"fyne.io/fyne/v2/widget"
)

const (
	encNone = "No encounter"
	encNew  = "New past encounter…"
)

// filePagesForm files a range of tray pages as one document: which pages,
// whose, what and when, and optionally the encounter (an existing one or
// a backdated one keyed from the old chart).
type filePagesForm struct {
	h       *kit.Host
	pages   []storage.PageView
	batch   model.ID
	done    func()
	close   func() // puts the tray back in the form's place
	rng     *widget.Entry
	who     *kit.PatientPick
	docType *kit.Choice
	date    *widget.Entry
	title   *widget.Entry
	enc     *kit.Choice
	encs    []model.Encounter
	newEnc  *fyne.Container
	encType *kit.Choice
	encFrom *widget.Entry
	encTo   *widget.Entry
	ward    *widget.Entry
	msg     *canvas.Text
}

// filePagesPanel is the filing form on the tray pages, the selected one
// first, made to sit beside the page viewer (in the tray's place) so the
// clerk reads the MRN and date off the page while typing them: a dialog
// covered the page. close puts the tray back; done runs once pages were
// filed.
// The returned field is the one to focus once the panel is shown.
func filePagesPanel(h *kit.Host, pages []storage.PageView, selected int, batch model.ID, close, done func()) (fyne.CanvasObject, fyne.Focusable) {
	f := &filePagesForm{h: h, pages: pages, batch: batch, close: close, done: done, msg: kit.ErrorText()}
	f.rng = widget.NewEntry()
	f.rng.SetText(defaultRange(pages, selected))
	f.who = h.NewPatientPick("MRN or name, then Enter", func(m string) { kit.SetError(f.msg, m) })
	f.who.Matches.OnChanged = func(string) { f.loadEncounters() }
	f.docType = kit.NewChoice(kit.DocTypeNames(), nil)
	f.date = widget.NewEntry()
	f.date.SetPlaceHolder(lang.X("scan.date_on_the_document", "date on the document, e.g. {{.Example}}", map[string]any{"Example": h.Date(model.Date{Year: 2019, Month: 5, Day: 2})}))
	f.title = widget.NewEntry()
	f.title.SetPlaceHolder(lang.X("scan.optional_e_g_malaria", "optional, e.g. Malaria admission"))
	f.enc = kit.NewChoice([]string{encNone, encNew}, func(string) { f.showNewEncounter() })
	f.encType = kit.NewChoice([]string{kit.EncounterTypeName(model.EncOutpatient), kit.EncounterTypeName(model.EncInpatient), kit.EncounterTypeName(model.EncEmergency)}, nil)
	f.encType.SetSelected(kit.EncounterTypeName(model.EncInpatient))
	f.encFrom, f.encTo, f.ward = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.encFrom.SetPlaceHolder(lang.X("scan.admitted_seen_on", "admitted / seen on"))
	f.encTo.SetPlaceHolder(lang.X("scan.discharged_on_blank_for", "discharged on (blank for a visit)"))
	f.ward.SetPlaceHolder(lang.X("scan.ward_or_clinic", "ward or clinic"))
	f.newEnc = container.NewVBox(widget.NewForm(
		widget.NewFormItem(lang.X("scan.type", "Type"), f.encType), widget.NewFormItem(lang.X("scan.from", "From"), f.encFrom),
		widget.NewFormItem(lang.X("scan.to", "To"), f.encTo), widget.NewFormItem(lang.X("mywork.ward", "Ward"), f.ward)))
	f.newEnc.Hide()
	f.enc.SetSelected(encNone)
	for _, e := range []*widget.Entry{f.rng, f.date, f.title, f.encFrom, f.encTo, f.ward} {
		e.OnSubmitted = func(string) { f.save() }
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("menu.pages", "Pages"), f.rng),
		widget.NewFormItem(lang.X("col.patient", "Patient"), f.who.Entry),
		widget.NewFormItem("", f.who.Matches),
		widget.NewFormItem(lang.X("scan.document_type", "Document type"), f.docType),
		widget.NewFormItem(lang.X("col.date", "Date"), f.date),
		widget.NewFormItem(lang.X("scan.title", "Title"), f.title),
		widget.NewFormItem(lang.X("scan.encounter", "Encounter"), f.enc),
	)
	save := widget.NewButton(lang.X("scan.file_pages_enter", "File pages (Enter)"), h.Act(f.save))
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("common.cancel", "Cancel"), f.close)
	return container.NewBorder(kit.Heading(lang.X("scan.file_pages_to_a", "File pages to a patient")),
		container.NewVBox(f.msg, container.NewHBox(kit.SpacerH(), cancel, save)), nil, nil,
		container.NewVScroll(container.NewVBox(form, f.newEnc))), f.who.Entry
}

// defaultRange proposes the selected page through the last page of its
// run: the pages up to the next blank page (often the sheet separating two
// documents) or the end of the tray.
func defaultRange(pages []storage.PageView, selected int) string {
	if len(pages) == 0 {
		return ""
	}
	end := selected
	for end+1 < len(pages) && !pages[end+1].Blank && !pages[end+1].Discarded {
		end++
	}
	if end == selected {
		return fmt.Sprint(selected + 1)
	}
	return fmt.Sprintf("%d-%d", selected+1, end+1)
}

func (f *filePagesForm) patient() (storage.SearchResult, bool) { return f.who.Chosen() }

func (f *filePagesForm) loadEncounters() {
	p, ok := f.patient()
	if !ok {
		return
	}
	kit.Run(f.h, func(sess *storage.Session) (storage.Chart, error) { return sess.Encounters().Chart(p.ID) }, func(ch storage.Chart, err error) {
		if now, ok := f.patient(); !ok || now.ID != p.ID {
			return // another patient was chosen meanwhile
		}
		if err != nil {
			kit.SetError(f.msg, kit.Plain(err))
			return
		}
		f.encs = ch.Encounters
		opts := []string{encNone, encNew}
		for _, e := range ch.Encounters {
			opts = append(opts, f.h.EncounterLabel(e))
		}
		f.enc.SetOptions(opts)
		f.enc.SetSelected(encNone)
	})
}

func (f *filePagesForm) showNewEncounter() {
	if f.enc.Selected == encNew {
		f.newEnc.Show()
		if f.encFrom.Text == "" {
			f.encFrom.SetText(f.date.Text)
		}
	} else {
		f.newEnc.Hide()
	}
}

// document reads the form into a document (and a new encounter when one
// is asked for), or a plain message about the first field to fix.
func (f *filePagesForm) document() (model.Document, *model.Encounter, string) {
	var doc model.Document
	idx, err := model.ParsePageRanges(f.rng.Text, len(f.pages))
	if err != nil {
		return doc, nil, lang.X("scan.pages_problem", "Pages: {{.Problem}}", map[string]any{"Problem": err.Error()})
	}
	for _, i := range idx {
		if f.pages[i].Discarded {
			return doc, nil, lang.X("scan.page_is_set_aside", "Page {{.Page}} is set aside; bring it back first or leave it out", map[string]any{"Page": i + 1})
		}
		doc.Pages = append(doc.Pages, f.pages[i].ID)
	}
	p, ok := f.patient()
	if !ok {
		return doc, nil, lang.X("scan.find_and_choose_patient", "Find and choose the patient")
	}
	doc.PatientID = p.ID
	t, ok := kit.DocTypeByName(f.docType.Selected)
	if !ok {
		return doc, nil, lang.X("scan.choose_document_type", "Choose the document type")
	}
	doc.Type = t
	d, ok := f.h.ParseDate(f.date.Text)
	if !ok {
		return doc, nil, lang.X("scan.date_type_it_as", "Date: type it as 2019-05-02 or 02/05/2019")
	}
	if d.Time().After(time.Now()) {
		return doc, nil, lang.X("scan.date_in_future", "Date: the document date is in the future")
	}
	doc.Date, doc.Title, doc.BatchID = d, strings.TrimSpace(f.title.Text), f.batch
	switch f.enc.Selected {
	case encNone, "":
	case encNew:
		e, msg := f.newEncounter(p.ID)
		if msg != "" {
			return doc, nil, msg
		}
		return doc, &e, ""
	default:
		if i := f.enc.SelectedIndex() - 2; i >= 0 && i < len(f.encs) {
			doc.EncounterID = f.encs[i].ID
		}
	}
	return doc, nil, ""
}

func (f *filePagesForm) newEncounter(patient model.ID) (model.Encounter, string) {
	e := model.Encounter{PatientID: patient, Type: encounterTypeOf(f.encType.Selected), Ward: strings.TrimSpace(f.ward.Text)}
	from, ok := f.h.ParseDate(f.encFrom.Text)
	if !ok {
		return e, lang.X("scan.encounter_from_type_date", "Encounter from: type the date as 2019-05-02 or 02/05/2019")
	}
	e.Start = from.Time()
	if strings.TrimSpace(f.encTo.Text) != "" {
		to, ok := f.h.ParseDate(f.encTo.Text)
		if !ok {
			return e, lang.X("scan.encounter_to_type_date", "Encounter to: type the date as 2019-05-02 or 02/05/2019")
		}
		e.End = to.Time()
	}
	if err := e.Validate(time.Now()); err != nil {
		return e, lang.X("scan.encounter_problem", "Encounter: {{.Problem}}", map[string]any{"Problem": err.Error()})
	}
	return e, ""
}

func (f *filePagesForm) save() {
	doc, enc, msg := f.document()
	if msg != "" {
		kit.SetError(f.msg, msg)
		return
	}
	kit.Run(f.h, func(sess *storage.Session) (model.Document, error) {
		if enc != nil {
			if err := sess.Encounters().Create(enc); err != nil {
				return doc, err
			}
			doc.EncounterID = enc.ID
		}
		return doc, sess.Documents().File(&doc)
	}, func(doc model.Document, err error) {
		if err != nil {
			kit.SetError(f.msg, kit.Plain(err))
			return
		}
		f.close()
		f.done()
	})
}

// encounterTypeOf is the kind of encounter picked (inpatient when none is).
func encounterTypeOf(shown string) model.EncounterType {
	if t, ok := kit.EncounterTypeByName(shown); ok {
		return t
	}
	return model.EncInpatient
}
