package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// labelKind is what a sheet of labels is for.
type labelKind int

const (
	labelFolder labelKind = iota
	labelID
	labelSpecimen
)

var labelKindNames = []string{"Folder labels", "Patient ID labels", "Specimen labels"}

func (k labelKind) String() string { return labelKindNames[k] }

// short names the kind in the audit trail, file names and preferences.
func (k labelKind) short() string { return []string{"folder", "id", "specimen"}[k] }

// defaultLayouts are the sheets a clinic most likely has for each kind
// until someone picks another: wide folder labels, the common 21-up
// sticker sheet, and small tube labels.
var defaultLayouts = map[labelKind]string{labelFolder: "Avery L7163", labelID: "Avery L7160", labelSpecimen: "Avery L7651"}

// layoutFor is the sheet last used for kind on this computer (the label
// stock is a property of the machine's printer, not of the user).
func (ui *UI) layoutFor(k labelKind) string {
	if name := ui.app.Preferences().String("labels.layout." + k.short()); name != "" {
		if _, ok := reports.LayoutByName(name); ok {
			return name
		}
	}
	for _, l := range reports.LabelLayouts {
		if strings.HasPrefix(l.Name, defaultLayouts[k]) {
			return l.Name
		}
	}
	return reports.LabelLayouts[0].Name
}

// labelJob is one PDF of labels for one patient.
type labelJob struct {
	kind         labelKind
	layout       string
	skip, copies int
	specimens    []model.Specimen // for specimen labels
}

// count is how many labels the job prints.
func (j labelJob) count() int {
	n := 1
	if j.kind == labelSpecimen {
		n = len(j.specimens)
	}
	return n * max(j.copies, 1)
}

// summary tells the clerk where on the sheet the labels will land, so a
// part-used sheet is loaded the right way before printing.
func (j labelJob) summary() string {
	l, ok := reports.LayoutByName(j.layout)
	n, per := j.count(), l.PerSheet()
	switch {
	case !ok || per == 0:
		return "Choose the label sheet in the printer."
	case n == 0:
		return "Tick the specimens to print labels for."
	case j.skip < 0 || j.skip >= per:
		return fmt.Sprintf("A sheet of this kind holds %d labels.", per)
	case j.skip+n <= per:
		return fmt.Sprintf("Prints %s on label %s of the sheet (%d labels per sheet).", plural(n, "label", "labels"), span(j.skip+1, j.skip+n), per)
	}
	sheets := (j.skip + n + per - 1) / per
	return fmt.Sprintf("Prints %s from label %d of the first sheet onwards: %d sheets.", plural(n, "label", "labels"), j.skip+1, sheets)
}

func span(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return fmt.Sprintf("%d to %d", a, b)
}

func bornText(p model.Patient) string {
	if p.BirthEstimated && !p.BirthDate.IsZero() {
		return "~" + strconv.Itoa(p.BirthDate.Year)
	}
	return p.BirthDate.String()
}

// writeLabelPDF draws the job's labels for p.
func writeLabelPDF(w io.Writer, p model.Patient, j labelJob) error {
	layout, ok := reports.LayoutByName(j.layout)
	if !ok {
		return fmt.Errorf("there is no label sheet called %q", j.layout)
	}
	sheet := reports.LabelSheet{Layout: layout, Skip: j.skip, Copies: j.copies}
	name, born, sex := p.DisplayName(), bornText(p), p.Sex.Label()
	switch j.kind {
	case labelFolder:
		return reports.WriteFolderLabels(w, sheet, []reports.FolderLabel{{Name: name, MRN: p.MRN, Born: born, Sex: sex}})
	case labelID:
		return reports.WriteIDLabels(w, sheet, []reports.IDLabel{{Name: name, MRN: p.MRN, Born: born, Sex: sex}})
	}
	ls := make([]reports.SpecimenLabel, len(j.specimens))
	for i, s := range j.specimens {
		ls[i] = reports.SpecimenLabel{Name: name, MRN: p.MRN, Born: born, Specimen: s.Type, Tests: s.Tests,
			Collected: s.Collected.Local().Format("2006-01-02 15:04"), Code: s.Code}
	}
	return reports.WriteSpecimenLabels(w, sheet, ls)
}

// saveLabels writes the labels to path off the UI goroutine. The print is
// audited first: labels carry the patient's name and MRN.
func (ui *UI) saveLabels(p model.Patient, j labelJob, path string) {
	ui.app.Preferences().SetString("labels.layout."+j.kind.short(), j.layout)
	detail := fmt.Sprintf("labels: %s ×%d", j.kind.short(), j.count())
	if j.kind == labelSpecimen {
		codes := make([]string, len(j.specimens))
		for i, s := range j.specimens {
			codes[i] = s.Code
		}
		detail += " (" + strings.Join(codes, ", ") + ")"
	}
	background(ui, func() (struct{}, error) {
		if err := ui.sess.LogAction(model.ActPrint, model.KindPatient, p.ID, detail); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, writeFile(path, func(w io.Writer) error { return writeLabelPDF(w, p, j) })
	}, func(_ struct{}, err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		ui.notice(fmt.Sprintf("%s saved to %s. Load the sheet %s and print at actual size (100%%), not \"fit to page\".",
			j.kind, path, j.layout))
	})
}

// labelsForm is the labels dialog.
type labelsForm struct {
	ui                                          *UI
	p                                           model.Patient
	m                                           *modalForm
	kinds                                       []labelKind // offered, in the order of the radio group
	kind                                        *widget.RadioGroup
	offered                                     labelKind // what the form selected itself, not the clerk
	specimens                                   []model.Specimen
	checks                                      []*widget.Check
	picks                                       *fyne.Container // the specimen checks, shown for specimen labels
	layout                                      *widget.Select
	skip                                        *widget.Entry
	copies                                      *widget.Entry
	summary                                     *widget.Label
	errSpecimens, errLayout, errSkip, errCopies *canvas.Text
}

// showLabelsDialog prints labels for p. Specimen labels are offered for
// the specimens given (all ticked) or, with none given, for the patient's
// logged specimens.
func (ui *UI) showLabelsDialog(p model.Patient, preset labelKind, specimens []model.Specimen) {
	f := &labelsForm{ui: ui, p: p, picks: container.NewVBox(), summary: wrapLabel("")}
	f.m = ui.newModalForm("Labels for "+p.DisplayName()+" · MRN "+p.MRN, "Save PDF…", f.submit)
	f.kind = widget.NewRadioGroup(nil, func(string) { ui.touch(); f.kindChanged() })
	f.kind.Horizontal = true
	f.kind.Required = true
	f.errSpecimens = f.m.add("Print", container.NewVBox(f.kind, f.picks))
	names := make([]string, len(reports.LabelLayouts))
	for i, l := range reports.LabelLayouts {
		names[i] = l.Name
	}
	f.layout = widget.NewSelect(names, func(string) { ui.touch(); f.update() })
	f.errLayout = f.m.add("Label sheet", f.layout)
	f.skip, f.errSkip = f.m.entry("Already used", "Labels already used on the sheet", "0", f.submit)
	f.copies, f.errCopies = f.m.entry("Copies", "How many of each label", "1", f.submit)
	f.skip.OnChanged = func(string) { ui.touch(); f.update() }
	f.copies.OnChanged = func(string) { ui.touch(); f.update() }
	f.m.note(f.summary)
	f.m.first = f.skip
	f.offer(specimens, preset)
	for _, c := range f.checks {
		c.SetChecked(true) // the caller chose these
	}
	if len(specimens) == 0 {
		f.loadSpecimens(preset)
	}
	f.m.show(680)
}

// offer sets the kinds on offer and ticks the given specimens.
func (f *labelsForm) offer(specimens []model.Specimen, preset labelKind) {
	f.specimens, f.checks = specimens, nil
	f.picks.Objects = nil
	for _, s := range specimens {
		c := widget.NewCheck(fmt.Sprintf("%s · %s · %s · %s", s.Code, s.Type, s.Tests, s.Collected.Local().Format("2006-01-02 15:04")),
			func(bool) { f.ui.touch(); f.update() })
		f.checks = append(f.checks, c)
		f.picks.Add(c)
	}
	f.kinds = []labelKind{labelFolder, labelID}
	if len(specimens) > 0 {
		f.kinds = append(f.kinds, labelSpecimen)
	}
	f.kind.Options = nil
	for _, k := range f.kinds {
		f.kind.Options = append(f.kind.Options, k.String())
	}
	if preset == labelSpecimen && len(specimens) == 0 {
		preset = labelFolder
	}
	f.kind.Refresh()
	// SetSelected does not call back when the choice is unchanged, but the
	// specimen list may be new: lay the form out either way.
	f.offered = preset
	f.kind.SetSelected(preset.String())
	f.kindChanged()
}

// loadSpecimens offers the patient's logged specimens, none ticked, so a
// lost tube label can be printed again.
func (f *labelsForm) loadSpecimens(preset labelKind) {
	id := f.p.ID
	background(f.ui, func() ([]storage.SpecimenRow, error) { return f.ui.sess.Specimens(false) },
		func(rows []storage.SpecimenRow, err error) {
			var mine []model.Specimen
			for _, r := range rows {
				if r.PatientID == id {
					mine = append(mine, r.Specimen)
				}
			}
			if err != nil || len(mine) == 0 {
				return
			}
			if k, ok := f.selectedKind(); ok && k != f.offered {
				preset = k // the clerk chose while the list loaded
			}
			ticked := f.checked()
			f.offer(mine, preset)
			for i, s := range mine {
				for _, t := range ticked {
					if t.ID == s.ID {
						f.checks[i].SetChecked(true)
					}
				}
			}
		})
}

func (f *labelsForm) selectedKind() (labelKind, bool) {
	for _, k := range f.kinds {
		if k.String() == f.kind.Selected {
			return k, true
		}
	}
	return 0, false
}

func (f *labelsForm) checked() []model.Specimen {
	var out []model.Specimen
	for i, c := range f.checks {
		if c.Checked {
			out = append(out, f.specimens[i])
		}
	}
	return out
}

// kindChanged shows the specimen list for specimen labels and switches to
// the sheet last used for that kind.
func (f *labelsForm) kindChanged() {
	k, ok := f.selectedKind()
	if !ok {
		return
	}
	f.picks.Hidden = k != labelSpecimen
	f.picks.Refresh()
	if k == labelSpecimen && len(f.checks) == 1 {
		f.checks[0].SetChecked(true) // the only one: no need to make the clerk tick it
	}
	f.layout.SetSelected(f.ui.layoutFor(k))
	f.update()
}

// job reads the form; problems are keyed by field.
func (f *labelsForm) job() (labelJob, map[string]string) {
	errs := map[string]string{}
	k, _ := f.selectedKind()
	j := labelJob{kind: k, layout: f.layout.Selected}
	if k == labelSpecimen {
		j.specimens = f.checked()
		if len(j.specimens) == 0 {
			errs["specimens"] = "Tick at least one specimen."
		}
	}
	l, ok := reports.LayoutByName(j.layout)
	if !ok {
		errs["layout"] = "Choose the label sheet that is in the printer."
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.skip.Text))
	switch {
	case strings.TrimSpace(f.skip.Text) == "":
		n = 0
	case err != nil || n < 0:
		errs["skip"] = "Type how many labels are already used, e.g. 0 or 5."
	case ok && n >= l.PerSheet():
		errs["skip"] = fmt.Sprintf("A sheet holds %d labels: at most %d can be already used.", l.PerSheet(), l.PerSheet()-1)
	}
	j.skip = n
	c, err := strconv.Atoi(strings.TrimSpace(f.copies.Text))
	if err != nil || c < 1 || c > 200 {
		errs["copies"] = "Type how many of each label, from 1 to 200."
	}
	j.copies = c
	return j, errs
}

func (f *labelsForm) update() {
	j, errs := f.job()
	// An empty tick list is no reason to hide the summary: it says to tick.
	delete(errs, "specimens")
	if len(errs) == 0 {
		f.summary.SetText(j.summary())
	} else {
		f.summary.SetText("")
	}
	f.summary.Hidden = f.summary.Text == ""
	if f.m.width > 0 { // shown: the summary may take more or fewer lines
		f.m.relayout()
	}
}

func (f *labelsForm) submit() {
	j, errs := f.job()
	for field, t := range map[string]*canvas.Text{"specimens": f.errSpecimens, "layout": f.errLayout, "skip": f.errSkip, "copies": f.errCopies} {
		showError(t, errs[field])
	}
	if len(errs) > 0 {
		f.m.fail("Correct the fields marked in red.")
		return
	}
	f.m.fail("")
	p := f.p
	askPDFPath(f.ui, "labels-"+j.kind.short()+"-"+p.MRN+".pdf", func(path string) {
		f.m.close()
		f.ui.saveLabels(p, j, path)
	})
}

// askPDFPath asks where to save a PDF and calls chosen with the path.
func askPDFPath(ui *UI, name string, chosen func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		chosen(path)
	}, ui.win)
	d.SetFileName(name)
	d.Show()
}

// coverForm prints cover sheets: separator pages that file the scanned
// pages behind them to this patient, document type and date.
type coverForm struct {
	ui                         *UI
	p                          model.Patient
	m                          *modalForm
	docType                    *widget.Select
	date, count                *widget.Entry
	errType, errDate, errCount *canvas.Text
}

// maxCoverSheets keeps a slip of the keyboard from printing a ream.
const maxCoverSheets = 20

func (ui *UI) showCoverSheetDialog(p model.Patient) {
	f := &coverForm{ui: ui, p: p}
	f.m = ui.newModalForm("Cover sheets for "+p.DisplayName()+" · MRN "+p.MRN, "Save PDF…", f.submit)
	f.docType = widget.NewSelect(model.DocTypeLabels(), func(string) { ui.touch() })
	f.docType.PlaceHolder = "Choose the kind of document"
	f.errType = f.m.add("Document", f.docType)
	f.date, f.errDate = f.m.entry("Document date", "2026-11-22 or 22/11/2026", model.DateOf(time.Now()).String(), f.submit)
	f.count, f.errCount = f.m.entry("Sheets", fmt.Sprintf("1 to %d", maxCoverSheets), "1", f.submit)
	f.m.note(wrapLabel("One sheet goes in front of each document of this type and date. Print at actual size."))
	f.m.show(560)
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
	d, ok := f.ui.parseDate(f.date.Text)
	switch {
	case !ok:
		errs["date"] = "Type the date as 2026-11-22 or 22/11/2026."
	case d.Time().After(model.DateOf(time.Now()).Time()):
		errs["date"] = "That date is in the future."
	}
	c.Date = d
	n, err := strconv.Atoi(strings.TrimSpace(f.count.Text))
	if err != nil || n < 1 || n > maxCoverSheets {
		errs["count"] = fmt.Sprintf("Type how many sheets, from 1 to %d.", maxCoverSheets)
	}
	return c, n, errs
}

func (f *coverForm) submit() {
	c, n, errs := f.cover()
	for field, t := range map[string]*canvas.Text{"type": f.errType, "date": f.errDate, "count": f.errCount} {
		showError(t, errs[field])
	}
	if len(errs) > 0 {
		f.m.fail("Correct the fields marked in red.")
		return
	}
	f.m.fail("")
	p := f.p
	askPDFPath(f.ui, fmt.Sprintf("cover-%s-%s-%s.pdf", p.MRN, c.Type, c.Date), func(path string) {
		f.m.close()
		f.ui.saveCoverSheets(p, c, n, path)
	})
}

// saveCoverSheets writes n copies of the cover sheet to path off the UI
// goroutine, audited as a print.
func (ui *UI) saveCoverSheets(p model.Patient, c model.Cover, n int, path string) {
	by := ui.sess.User().FullName
	detail := fmt.Sprintf("cover sheets: %s %s ×%d", c.Type.Label(), c.Date, n)
	background(ui, func() (struct{}, error) {
		clinic, err := ui.sess.Clinic()
		if err != nil {
			return struct{}{}, err
		}
		if err := ui.sess.LogAction(model.ActPrint, model.KindPatient, p.ID, detail); err != nil {
			return struct{}{}, err
		}
		sheet := reports.CoverSheet{Clinic: clinic.Name, Patient: p.DisplayName(), Cover: c, PrintedBy: by, Printed: time.Now()}
		sheets := make([]reports.CoverSheet, n)
		for i := range sheets {
			sheets[i] = sheet
		}
		return struct{}{}, writeFile(path, func(w io.Writer) error { return reports.WriteCoverSheets(w, sheets) })
	}, func(_ struct{}, err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		ui.notice(fmt.Sprintf("%s saved to %s. Print at actual size, and put one in front of each %s before scanning.",
			plural(n, "cover sheet", "cover sheets"), path, strings.ToLower(c.Type.Label())))
	})
}
