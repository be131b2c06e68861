package printing

import (
	"strconv"
	"strings"
	"time"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// coverForm prints cover sheets: separator pages that file the scanned
// pages behind them to this patient, document type and date.
type coverForm struct {
	h                          *kit.Host
	p                          model.Patient
	m                          *kit.Form
	docType                    *widget.Select
	date, count                *widget.Entry
	errType, errDate, errCount *canvas.Text
}

// CoverSheets opens the cover sheet dialog for p.
func CoverSheets(h *kit.Host, p model.Patient) {
	f := &coverForm{h: h, p: p}
	f.m = h.NewForm(lang.X("printing.cover_sheets_for_mrn", "Cover sheets for {{.Name}} · MRN {{.MRN}}", map[string]any{"Name": p.DisplayName(), "MRN": p.MRN}),
		lang.X("printing.print_or_save", "Print or save…"), f.submit)
	f.docType = widget.NewSelect(model.DocTypeLabels(), func(string) { h.Touch() })
	f.docType.PlaceHolder = lang.X("printing.choose_kind_of_document", "Choose the kind of document")
	f.errType = f.m.Add(lang.X("printing.document", "Document"), f.docType)
	f.date, f.errDate = f.m.Entry(lang.X("printing.document_date", "Document date"), lang.X("printing.date_hint", "2026-11-22 or 22/11/2026"), model.DateOf(time.Now()).String(), f.submit)
	f.count, f.errCount = f.m.Entry(lang.X("printing.sheets", "Sheets"), lang.X("printing.one_to_max", "1 to {{.Max}}", map[string]any{"Max": printflow.MaxCoverSheets}), "1", f.submit)
	f.m.Note(kit.WrapLabel(lang.X("printing.one_sheet_in_front", "One sheet goes in front of each document of this type and date. Print at actual size.")))
	f.m.Show(560)
}

// cover reads the form; problems are keyed by field.
func (f *coverForm) cover() (model.Cover, int, map[string]string) {
	errs := map[string]string{}
	c := model.Cover{MRN: f.p.MRN}
	t, ok := model.DocTypeByLabel(f.docType.Selected)
	if !ok {
		errs["type"] = lang.X("printing.choose_kind_of_document_2", "Choose the kind of document.")
	}
	c.Type = t
	d, ok := f.h.ParseDate(f.date.Text)
	switch {
	case !ok:
		errs["date"] = lang.X("printing.type_the_date", "Type the date as 2026-11-22 or 22/11/2026.")
	case d.Time().After(model.DateOf(time.Now()).Time()):
		errs["date"] = lang.X("printing.date_in_future", "That date is in the future.")
	}
	c.Date = d
	n, err := strconv.Atoi(strings.TrimSpace(f.count.Text))
	if err != nil || n < 1 || n > printflow.MaxCoverSheets {
		errs["count"] = lang.X("printing.type_how_many_sheets", "Type how many sheets, from 1 to {{.Max}}.", map[string]any{"Max": printflow.MaxCoverSheets})
	}
	return c, n, errs
}

func (f *coverForm) submit() {
	c, n, errs := f.cover()
	for field, t := range map[string]*canvas.Text{"type": f.errType, "date": f.errDate, "count": f.errCount} {
		kit.SetError(t, errs[field])
	}
	if len(errs) > 0 {
		f.m.Fail(lang.X("printing.correct_red", "Correct the fields marked in red."))
		return
	}
	f.m.Fail("")
	f.m.Close()
	outputCoverSheets(f.h, f.p, c, n)
}

// outputCoverSheets prints or saves n copies of the cover sheet, audited
// as a print by the printing flow.
func outputCoverSheets(h *kit.Host, p model.Patient, c model.Cover, n int) {
	h.PrintOrSave(lang.X("printing.cover_sheets_for", "Cover sheets for {{.Name}}", map[string]any{"Name": p.DisplayName()}), func(sess *storage.Session) (*printflow.Job, error) {
		j, _, err := printflow.CoverSheetsJob(sess, p.ID, c.Type, c.Date, n)
		return j, err
	}, func(where string) {
		h.Notice(lang.XN("printing.cover_sheets_done", "{{.Count}} cover sheets {{.Where}}. Print at actual size, and put one in front of each {{.Type}} before scanning.",
			n, map[string]any{"Count": n, "Where": where, "Type": strings.ToLower(c.Type.Label())}))
	})
}
