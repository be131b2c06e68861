package printing

import (
	"fmt"
	"strconv"
	"strings"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// labelsForm is the labels dialog.
type labelsForm struct {
	h                                           *kit.Host
	p                                           model.Patient
	m                                           *kit.Form
	shown                                       bool
	kinds                                       []LabelKind // offered, in the order of the radio group
	kind                                        *widget.RadioGroup
	offered                                     LabelKind // what the form selected itself, not the clerk
	specimens                                   []model.Specimen
	checks                                      []*widget.Check
	picks                                       *fyne.Container // the specimen checks, shown for specimen labels
	layout                                      *widget.Select
	skip                                        *widget.Entry
	copies                                      *widget.Entry
	summary                                     *widget.Label
	errSpecimens, errLayout, errSkip, errCopies *canvas.Text
}

// Labels prints labels for p, opening on the preset kind. Specimen labels
// are offered for the specimens given (all ticked) or, with none given,
// for the patient's logged specimens.
func Labels(h *kit.Host, p model.Patient, preset LabelKind, specimens []model.Specimen) {
	f := &labelsForm{h: h, p: p, picks: container.NewVBox(), summary: kit.WrapLabel("")}
	f.m = h.NewForm(lang.X("printing.labels_for_mrn", "Labels for {{.Name}} · MRN {{.MRN}}", map[string]any{"Name": p.DisplayName(), "MRN": p.MRN}),
		lang.X("printing.print_or_save", "Print or save…"), f.submit)
	f.kind = widget.NewRadioGroup(nil, func(string) { h.Touch(); f.kindChanged() })
	f.kind.Horizontal = true
	f.kind.Required = true
	f.errSpecimens = f.m.Add(lang.X("printing.print", "Print"), container.NewVBox(f.kind, f.picks))
	names := make([]string, len(reports.LabelLayouts))
	for i, l := range reports.LabelLayouts {
		names[i] = l.Name
	}
	f.layout = widget.NewSelect(names, func(string) { h.Touch(); f.update() })
	f.errLayout = f.m.Add(lang.X("printing.label_sheet", "Label sheet"), f.layout)
	f.skip, f.errSkip = f.m.Entry(lang.X("printing.already_used", "Already used"), lang.X("printing.already_used_hint", "Labels already used on the sheet"), "0", f.submit)
	f.copies, f.errCopies = f.m.Entry(lang.X("printing.copies", "Copies"), lang.X("printing.copies_hint", "How many of each label"), "1", f.submit)
	f.skip.OnChanged = func(string) { h.Touch(); f.update() }
	f.copies.OnChanged = func(string) { h.Touch(); f.update() }
	f.m.Note(f.summary)
	f.offer(specimens, preset)
	for _, c := range f.checks {
		c.SetChecked(true) // the caller chose these
	}
	if len(specimens) == 0 {
		f.loadSpecimens(preset)
	}
	f.m.Show(680)
	f.shown = true
	h.Win.Canvas().Focus(f.skip)
}

// offer sets the kinds on offer and ticks the given specimens.
func (f *labelsForm) offer(specimens []model.Specimen, preset LabelKind) {
	f.specimens, f.checks = specimens, nil
	f.picks.Objects = nil
	for _, s := range specimens {
		c := widget.NewCheck(fmt.Sprintf("%s · %s · %s · %s", s.Code, s.Type, s.Tests, f.h.When(s.Collected)),
			func(bool) { f.h.Touch(); f.update() })
		f.checks = append(f.checks, c)
		f.picks.Add(c)
	}
	f.kinds = []LabelKind{FolderLabels, IDLabels}
	if len(specimens) > 0 {
		f.kinds = append(f.kinds, SpecimenLabels)
	}
	f.kind.Options = nil
	for _, k := range f.kinds {
		f.kind.Options = append(f.kind.Options, k.String())
	}
	if preset == SpecimenLabels && len(specimens) == 0 {
		preset = FolderLabels
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
func (f *labelsForm) loadSpecimens(preset LabelKind) {
	id := f.p.ID
	kit.Run(f.h, func(sess *storage.Session) ([]storage.SpecimenRow, error) { return sess.Specimens().List(false) },
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

func (f *labelsForm) selectedKind() (LabelKind, bool) {
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
	f.picks.Hidden = k != SpecimenLabels
	f.picks.Refresh()
	if k == SpecimenLabels && len(f.checks) == 1 {
		f.checks[0].SetChecked(true) // the only one: no need to make the clerk tick it
	}
	f.layout.SetSelected(layoutFor(f.h, k))
	f.update()
}

// job reads the form; problems are keyed by field.
func (f *labelsForm) job() (printflow.LabelJob, map[string]string) {
	errs := map[string]string{}
	k, _ := f.selectedKind()
	j := printflow.LabelJob{Kind: k, Layout: f.layout.Selected}
	if k == SpecimenLabels {
		j.Specimens = f.checked()
		if len(j.Specimens) == 0 {
			errs["specimens"] = lang.X("printing.tick_one_specimen", "Tick at least one specimen.")
		}
	}
	l, ok := reports.LayoutByName(j.Layout)
	if !ok {
		errs["layout"] = lang.X("printing.choose_sheet_in_printer", "Choose the label sheet that is in the printer.")
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.skip.Text))
	switch {
	case strings.TrimSpace(f.skip.Text) == "":
		n = 0
	case err != nil || n < 0:
		errs["skip"] = lang.X("printing.type_labels_used", "Type how many labels are already used, e.g. 0 or 5.")
	case ok && n >= l.PerSheet():
		errs["skip"] = lang.X("printing.at_most_used", "A sheet holds {{.PerSheet}} labels: at most {{.Most}} can be already used.", map[string]any{"PerSheet": l.PerSheet(), "Most": l.PerSheet() - 1})
	}
	j.Skip = n
	c, err := strconv.Atoi(strings.TrimSpace(f.copies.Text))
	if err != nil || c < 1 || c > printflow.MaxLabelCopies {
		errs["copies"] = lang.X("printing.type_label_copies", "Type how many of each label, from 1 to {{.Max}}.", map[string]any{"Max": printflow.MaxLabelCopies})
	}
	j.Copies = c
	return j, errs
}

func (f *labelsForm) update() {
	j, errs := f.job()
	// An empty tick list is no reason to hide the summary: it says to tick.
	delete(errs, "specimens")
	if len(errs) == 0 {
		f.summary.SetText(summary(j))
	} else {
		f.summary.SetText("")
	}
	f.summary.Hidden = f.summary.Text == ""
	if f.shown { // the summary may take more or fewer lines
		f.m.Relayout()
	}
}

func (f *labelsForm) submit() {
	j, errs := f.job()
	for field, t := range map[string]*canvas.Text{"specimens": f.errSpecimens, "layout": f.errLayout, "skip": f.errSkip, "copies": f.errCopies} {
		kit.SetError(t, errs[field])
	}
	if len(errs) > 0 {
		f.m.FailFields()
		return
	}
	f.m.Fail("")
	f.m.Close()
	outputLabels(f.h, f.p, j)
}
