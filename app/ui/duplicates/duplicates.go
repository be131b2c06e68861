package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// duplicatesScreen is the supervisor's review queue of possible duplicates.
type duplicatesScreen struct {
	ui     *UI
	queue  []model.DuplicatePair
	names  map[model.ID]string
	table  *widget.Table
	detail *fyne.Container
	status *widget.Label
}

var duplicateColumns = []column{{"Score", 55}, {"Status", 75}, {"Patient A", 200}, {"Patient B", 200}}

func (ui *UI) duplicatesScreen() fyne.CanvasObject {
	d := &duplicatesScreen{ui: ui, names: map[model.ID]string{}, detail: container.NewStack(wrapLabel("Select a pair to compare the two records side by side.")),
		status: widget.NewLabel("")}
	d.table = columnTable(duplicateColumns, func() int { return len(d.queue) }, d.cell)
	d.table.OnSelected = func(id widget.TableCellID) {
		ui.touch()
		if id.Row >= 0 && id.Row < len(d.queue) {
			d.open(d.queue[id.Row])
		}
	}
	scan := widget.NewButtonWithIcon("Scan for duplicates", theme.SearchIcon(), ui.act(d.scan))
	scan.Importance = widget.HighImportance
	d.reload()
	split := container.NewHSplit(d.table, container.NewVScroll(d.detail))
	split.Offset = 0.5
	return container.NewBorder(container.NewHBox(heading("Duplicates"), spacerH(), scan), d.status, nil, nil, split)
}

func (d *duplicatesScreen) cell(row, col int) string {
	p := d.queue[row]
	switch col {
	case 0:
		return fmt.Sprintf("%.1f", p.Score)
	case 1:
		return string(p.Status)
	case 2:
		return d.names[p.A]
	case 3:
		return d.names[p.B]
	}
	return ""
}

// reload reads the queue and the names to show for it.
func (d *duplicatesScreen) reload() {
	type loaded struct {
		queue []model.DuplicatePair
		names map[model.ID]string
	}
	background(d.ui, func() (loaded, error) {
		q, err := d.ui.sess.DuplicateQueue()
		if err != nil {
			return loaded{}, err
		}
		ix, err := d.ui.sess.Index()
		if err != nil {
			return loaded{}, err
		}
		names := map[model.ID]string{}
		for _, p := range q {
			for _, id := range []model.ID{p.A, p.B} {
				if e, ok := ix.Get(id); ok {
					names[id] = model.Patient{GivenName: e.Given, FamilyName: e.Family}.DisplayName() + " · " + e.MRN
				}
			}
		}
		return loaded{q, names}, nil
	}, func(l loaded, err error) {
		if err != nil {
			d.status.SetText(plain(err))
			return
		}
		d.queue, d.names = l.queue, l.names
		d.table.UnselectAll()
		d.table.Refresh()
		open := 0
		for _, p := range l.queue {
			if p.Status == model.DupOpen {
				open++
			}
		}
		d.status.SetText(fmt.Sprintf("%s to review, %d deferred.", plural(open, "pair", "pairs"), len(l.queue)-open))
	})
}

func (d *duplicatesScreen) scan() {
	var open int
	d.ui.withProgress("Scanning for duplicates", func(ctx context.Context, progress func(float64)) error {
		var err error
		open, err = d.ui.sess.ScanDuplicates(ctx, progress)
		return err
	}, func(err error) {
		if err != nil {
			d.status.SetText(plain(err))
			return
		}
		d.reload()
		d.ui.notice(fmt.Sprintf("Scan finished: %s to review.", plural(open, "pair", "pairs")))
	})
}

// open loads both patients (each view audited) and shows the comparison.
func (d *duplicatesScreen) open(pair model.DuplicatePair) {
	type both struct{ a, b model.Patient }
	background(d.ui, func() (both, error) {
		a, _, err := d.ui.sess.GetPatient(pair.A)
		if err != nil {
			return both{}, err
		}
		b, _, err := d.ui.sess.GetPatient(pair.B)
		return both{a, b}, err
	}, func(p both, err error) {
		if err != nil {
			d.detail.Objects = []fyne.CanvasObject{wrapLabel(plain(err))}
			d.detail.Refresh()
			return
		}
		d.detail.Objects = []fyne.CanvasObject{d.comparison(pair, p.a, p.b)}
		d.detail.Refresh()
	})
}

// comparison lays the two records side by side. Where they differ, the
// supervisor picks the value the merged record keeps.
func (d *duplicatesScreen) comparison(pair model.DuplicatePair, a, b model.Patient) fyne.CanvasObject {
	survivor := widget.NewRadioGroup([]string{"A: " + a.MRN, "B: " + b.MRN}, nil)
	survivor.Horizontal = true
	survivor.SetSelected(survivor.Options[0])
	if a.Registered.After(b.Registered) {
		survivor.SetSelected(survivor.Options[1]) // the older registration usually holds the paper chart
	}
	form := widget.NewForm(widget.NewFormItem("Keep the MRN of", survivor))
	fa, fb := fieldsOf(a), fieldsOf(b)
	choices := map[string]*widget.RadioGroup{}
	for _, f := range mergeFields(fa, fb) {
		if f.a == f.b {
			if f.a != "" {
				form.Append(f.label, widget.NewLabel(f.a))
			}
			continue
		}
		r := widget.NewRadioGroup([]string{"A: " + orDash(f.a), "B: " + orDash(f.b)}, nil)
		r.SetSelected(r.Options[0])
		if f.a == "" {
			r.SetSelected(r.Options[1])
		}
		choices[f.label] = r
		form.Append(f.label, r)
	}
	text := fmt.Sprintf("Score %.1f (%s).", pair.Score, pair.Decision)
	if len(pair.Agree) > 0 {
		text += " Same: " + strings.Join(pair.Agree, ", ") + "."
	}
	if len(pair.Differ) > 0 {
		text += " Different: " + strings.Join(pair.Differ, ", ") + "."
	}
	if pair.Note != "" {
		text += " Note: " + pair.Note + "."
	}
	why := wrapLabel(text)
	merge := widget.NewButton("Merge…", d.ui.act(func() {
		d.mergeChosen(pair, a, b, survivor.Selected == survivor.Options[1], choices)
	}))
	merge.Importance = widget.HighImportance
	notDup := widget.NewButton("Not a duplicate…", d.ui.act(func() { d.decide(pair, model.DupNotDuplicate) }))
	deferBtn := widget.NewButton("Defer", d.ui.act(func() { d.decide(pair, model.DupDeferred) }))
	return container.NewVBox(why, form, container.NewHBox(notDup, deferBtn, spacerH(), merge))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// mergeField is one row of the comparison and how to apply a choice.
type mergeField struct {
	label string
	a, b  string
	set   func(f *patientFields, v string)
}

func mergeFields(a, b patientFields) []mergeField {
	addr := func(f patientFields) string { return strings.Join(f.Address, " › ") }
	return []mergeField{
		{"Given name", a.Given, b.Given, func(f *patientFields, v string) { f.Given = v }},
		{"Family name", a.Family, b.Family, func(f *patientFields, v string) { f.Family = v }},
		{"Other names", a.Other, b.Other, func(f *patientFields, v string) { f.Other = v }},
		{"Sex", a.Sex, b.Sex, func(f *patientFields, v string) { f.Sex = v }},
		{"Date of birth", a.Birth, b.Birth, func(f *patientFields, v string) { f.Birth, f.Age = v, "" }},
		{"Age (estimated)", a.Age, b.Age, func(f *patientFields, v string) { f.Age, f.Birth = v, "" }},
		{"Phone", a.Phone, b.Phone, func(f *patientFields, v string) { f.Phone = v }},
		{"Address", addr(a), addr(b), func(f *patientFields, v string) { f.Address = strings.Split(v, " › ") }},
		{"National ID", a.NationalID, b.NationalID, func(f *patientFields, v string) { f.NationalID = v }},
		{"Next of kin", a.NextOfKin, b.NextOfKin, func(f *patientFields, v string) { f.NextOfKin = v }},
	}
}

// mergeChosen applies the supervisor's choices: which MRN survives, and
// for each differing field whether A's or B's value is kept.
func (d *duplicatesScreen) mergeChosen(pair model.DuplicatePair, a, b model.Patient, keepB bool, choices map[string]*widget.RadioGroup) {
	s, m := a, b
	if keepB {
		s, m = b, a
	}
	fa, fb := fieldsOf(a), fieldsOf(b)
	chosen := fieldsOf(s)
	for _, f := range mergeFields(fa, fb) {
		if r, ok := choices[f.label]; ok {
			f.set(&chosen, strings.TrimPrefix(strings.TrimPrefix(r.Selected, "A: "), "B: "))
		}
	}
	d.merge(s, m, chosen, pair)
}

// merge asks for the reason, then merges; a restriction difference asks
// for confirmation first.
func (d *duplicatesScreen) merge(s, m model.Patient, chosen patientFields, pair model.DuplicatePair) {
	next, errs := chosen.toPatient(s, time.Now())
	if len(errs) > 0 {
		d.ui.showError(storage.ValidationError(errs))
		return
	}
	d.ui.askReason("Merge "+m.MRN+" into "+s.MRN, "Why are these the same person? (e.g. same mother, same birth date, registered twice)", "Merge",
		func(reason string) { d.doMerge(s, m, next, reason, false) })
}

func (d *duplicatesScreen) doMerge(s, m, next model.Patient, reason string, confirm bool) {
	background(d.ui, func() (model.ID, error) { return d.ui.sess.Merge(s.ID, m.ID, next, reason, confirm) },
		func(_ model.ID, err error) {
			if errors.Is(err, storage.ErrRestrictionDiffers) {
				dialog.NewConfirm("Restricted record", plain(err), func(yes bool) {
					if yes {
						d.doMerge(s, m, next, reason, true)
					}
				}, d.ui.win).Show()
				return
			}
			if err != nil {
				d.ui.showError(err)
				return
			}
			d.detail.Objects = []fyne.CanvasObject{wrapLabel(fmt.Sprintf("%s was merged into %s. The chart shows \"Undo merge\" if this was wrong.", m.MRN, s.MRN))}
			d.detail.Refresh()
			d.reload()
		})
}

func (d *duplicatesScreen) decide(pair model.DuplicatePair, st model.DuplicateStatus) {
	save := func(note string) {
		background(d.ui, func() (struct{}, error) { return struct{}{}, d.ui.sess.DecidePair(pair.ID, st, note) },
			func(_ struct{}, err error) {
				if err != nil {
					d.ui.showError(err)
					return
				}
				d.detail.Objects = []fyne.CanvasObject{wrapLabel("Saved. Select the next pair.")}
				d.detail.Refresh()
				d.reload()
			})
	}
	if st == model.DupDeferred {
		save("deferred")
		return
	}
	d.ui.askReason("Not a duplicate", "Why are these different people? (e.g. twins, mother and daughter)", "Save", save)
}
