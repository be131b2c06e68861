package printing

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/canvas"
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
	f.m = h.NewForm("Cover sheets for "+p.DisplayName()+" · MRN "+p.MRN, "Print or save…", f.submit)
	f.docType = widget.NewSelect(model.DocTypeLabels(), func(string) { h.Touch() })
	f.docType.PlaceHolder = "Choose the kind of document"
	f.errType = f.m.Add("Document", f.docType)
	f.date, f.errDate = f.m.Entry("Document date", "2026-11-22 or 22/11/2026", model.DateOf(time.Now()).String(), f.submit)
	f.count, f.errCount = f.m.Entry("Sheets", fmt.Sprintf("1 to %d", printflow.MaxCoverSheets), "1", f.submit)
	f.m.Note(kit.WrapLabel("One sheet goes in front of each document of this type and date. Print at actual size."))
	f.m.Show(560)
}

// cover reads the form; problems are keyed by field.
func (f *coverForm) cover() (model.Cover, int, map[string]string) {
	errs := map[string]string{}
	c := model.Cover{MRN: f.p.MRN}
	t, ok := model.DocTypeByLabel(f.docType.Selected)
	if !ok {
		errs["type"] = "Choose the kind of document."
	}
	c.Type = t
	d, ok := f.h.ParseDate(f.date.Text)
	switch {
	case !ok:
		errs["date"] = "Type the date as 2026-11-22 or 22/11/2026."
	case d.Time().After(model.DateOf(time.Now()).Time()):
		errs["date"] = "That date is in the future."
	}
	c.Date = d
	n, err := strconv.Atoi(strings.TrimSpace(f.count.Text))
	if err != nil || n < 1 || n > printflow.MaxCoverSheets {
		errs["count"] = fmt.Sprintf("Type how many sheets, from 1 to %d.", printflow.MaxCoverSheets)
	}
	return c, n, errs
}

func (f *coverForm) submit() {
	c, n, errs := f.cover()
	for field, t := range map[string]*canvas.Text{"type": f.errType, "date": f.errDate, "count": f.errCount} {
		kit.SetError(t, errs[field])
	}
	if len(errs) > 0 {
		f.m.Fail("Correct the fields marked in red.")
		return
	}
	f.m.Fail("")
	f.m.Close()
	outputCoverSheets(f.h, f.p, c, n)
}

// outputCoverSheets prints or saves n copies of the cover sheet, audited
// as a print by the printing flow.
func outputCoverSheets(h *kit.Host, p model.Patient, c model.Cover, n int) {
	h.PrintOrSave("Cover sheets for "+p.DisplayName(), func(sess *storage.Session) (*printflow.Job, error) {
		j, _, err := printflow.CoverSheetsJob(sess, p.ID, c.Type, c.Date, n)
		return j, err
	}, func(where string) {
		h.Notice(fmt.Sprintf("%s %s. Print at actual size, and put one in front of each %s before scanning.",
			kit.CountOf(n, "cover sheet"), where, strings.ToLower(c.Type.Label())))
	})
}
