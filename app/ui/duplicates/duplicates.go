// Package duplicates is the supervisor's review of possible duplicate
// registrations: the scan, the queue of candidate pairs, the side-by-side
// comparison and the merge.
package duplicates

import (
	"context"
	"fmt"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// duplicatesScreen is the supervisor's review queue of possible duplicates.
type duplicatesScreen struct {
	h      *kit.Host
	queue  []model.DuplicatePair
	names  map[model.ID]string
	table  *widget.Table
	detail *fyne.Container
	status *widget.Label
}

func duplicateColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("duplicates.col_same_person", "Same person?"), Width: 95}, {Title: lang.X("col.status", "Status"), Width: 75},
		{Title: lang.X("duplicates.col_patient_a", "Patient A"), Width: 200}, {Title: lang.X("duplicates.col_patient_b", "Patient B"), Width: 200}}
}

// Screen is the Duplicates section.
func Screen(h *kit.Host) fyne.CanvasObject {
	d := &duplicatesScreen{h: h, names: map[model.ID]string{}, detail: container.NewStack(kit.WrapLabel(lang.X("duplicates.select_a_pair", "Select a pair to compare the two records side by side."))),
		status: widget.NewLabel("")}
	var view fyne.CanvasObject
	d.table, view = kit.NewColumnTable(duplicateColumns(), func() int { return len(d.queue) }, d.cell)
	d.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(d.queue) {
			d.open(d.queue[id.Row])
		}
	}
	scan := widget.NewButtonWithIcon(lang.X("duplicates.scan_for_duplicates", "Scan for duplicates"), theme.SearchIcon(), h.Act(d.scan))
	scan.Importance = widget.HighImportance
	d.reload()
	split := container.NewHSplit(view, container.NewVScroll(d.detail))
	split.Offset = 0.5
	return container.NewBorder(container.NewHBox(kit.Heading(lang.X("nav.duplicates", "Duplicates")), kit.SpacerH(), scan), d.status, nil, nil, split)
}

func (d *duplicatesScreen) cell(row, col int) string {
	p := d.queue[row]
	switch col {
	case 0:
		return likelyShort(p.Decision)
	case 1:
		return statusName(p.Status)
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
	kit.Run(d.h, func(sess *storage.Session) (loaded, error) {
		q, err := sess.Duplicates().Queue()
		if err != nil {
			return loaded{}, err
		}
		ix, err := sess.Patients().Index()
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
			d.status.SetText(kit.Plain(err))
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
		d.status.SetText(lang.XN("duplicates.to_review", "{{.Count}} pairs to review, {{.Deferred}} deferred.", open, map[string]any{"Count": open, "Deferred": len(l.queue) - open}))
	})
}

func (d *duplicatesScreen) scan() {
	var res storage.ScanResult
	d.h.WithProgress(lang.X("duplicates.scanning", "Scanning for duplicates"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		res, err = sess.Duplicates().Scan(ctx, progress)
		return err
	}, func(err error) {
		if err != nil {
			d.status.SetText(kit.Plain(err))
			return
		}
		d.reload()
		d.h.Notice(scanText(res))
	})
}

// open loads both patients (each view audited) and shows the comparison.
func (d *duplicatesScreen) open(pair model.DuplicatePair) {
	type both struct{ a, b model.Patient }
	kit.Run(d.h, func(sess *storage.Session) (both, error) {
		a, _, err := sess.Patients().Get(pair.A)
		if err != nil {
			return both{}, err
		}
		b, _, err := sess.Patients().Get(pair.B)
		return both{a, b}, err
	}, func(p both, err error) {
		if err != nil {
			d.detail.Objects = []fyne.CanvasObject{kit.WrapLabel(kit.Plain(err))}
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
	survivor := widget.NewRadioGroup([]string{onA(a.MRN), onB(b.MRN)}, nil)
	survivor.Horizontal = true
	survivor.SetSelected(survivor.Options[0])
	if a.Registered.After(b.Registered) {
		survivor.SetSelected(survivor.Options[1]) // the older registration usually holds the paper chart
	}
	form := widget.NewForm(widget.NewFormItem(lang.X("duplicates.keep_mrn_of", "Keep the MRN of"), survivor))
	choices := map[string]*widget.RadioGroup{}
	for _, f := range mergeFields(a, b) {
		if f.a == f.b {
			if f.a != "" {
				form.Append(f.label, widget.NewLabel(f.a))
			}
			continue
		}
		r := widget.NewRadioGroup([]string{onA(orDash(f.a)), onB(orDash(f.b))}, nil)
		r.SetSelected(r.Options[0])
		if f.a == "" {
			r.SetSelected(r.Options[1])
		}
		choices[f.label] = r
		form.Append(f.label, r)
	}
	why := kit.WrapLabel(pairText(pair, a, b))
	merge := widget.NewButton(lang.X("duplicates.merge_button", "Merge…"), d.h.Act(func() {
		d.mergeChosen(pair, a, b, survivor.Selected == survivor.Options[1], choices)
	}))
	merge.Importance = widget.HighImportance
	notDup := widget.NewButton(lang.X("duplicates.not_a_duplicate_button", "Not a duplicate…"), d.h.Act(func() { d.decide(pair, model.DupNotDuplicate) }))
	deferBtn := widget.NewButton(lang.X("duplicates.defer", "Defer"), d.h.Act(func() { d.decide(pair, model.DupDeferred) }))
	return container.NewVBox(why, form, container.NewHBox(notDup, deferBtn, kit.SpacerH(), merge))
}

// scanText says what a scan found, and plainly when it found more likely
// pairs than the queue takes at once.
func scanText(r storage.ScanResult) string {
	text := lang.XN("duplicates.scan_finished", "Scan finished: {{.Count}} pairs to review.", r.Open, map[string]any{"Count": r.Open})
	if r.Capped() {
		text += " " + lang.X("duplicates.scan_capped", "The scan found {{.Found}} likely pairs and queued the best {{.Kept}}: decide these, then scan again for the rest.", map[string]any{"Found": r.Found, "Kept": r.Kept})
	}
	return text
}

// likelyShort is the matcher's decision as the queue's column says it.
func likelyShort(decision string) string {
	switch decision {
	case "match":
		return lang.X("duplicates.very_likely", "Very likely")
	case "review":
		return lang.X("duplicates.possibly", "Possibly")
	}
	return lang.X("duplicates.unlikely", "Unlikely")
}

// likelyText is the matcher's decision in a clerk's words, the score
// after it for those who know what it means.
func likelyText(pair model.DuplicatePair) string {
	var words string
	switch pair.Decision {
	case "match":
		words = lang.X("duplicates.very_likely_same", "Very likely the same person")
	case "review":
		words = lang.X("duplicates.possibly_same", "Possibly the same person: check")
	default:
		words = lang.X("duplicates.probably_different", "Probably different people")
	}
	return lang.X("duplicates.likely_score", "{{.Words}} (match score {{.Score}}).", map[string]any{"Words": words, "Score": fmt.Sprintf("%.1f", pair.Score)})
}

// pairText says how likely the pair is one person, what is the same, and
// what differs value against value ("Date of birth 1992-01-09 on A,
// 1992-01-10 on B"), so the supervisor need not hunt for the difference.
func pairText(pair model.DuplicatePair, a, b model.Patient) string {
	lines := []string{likelyText(pair)}
	if len(pair.Agree) > 0 {
		lines = append(lines, lang.X("duplicates.same", "Same: {{.List}}.", map[string]any{"List": strings.Join(pair.Agree, ", ")}))
	}
	var differ []string
	for _, f := range mergeFields(a, b) {
		if f.a != "" && f.b != "" && f.a != f.b {
			differ = append(differ, lang.X("duplicates.differs", "{{.Field}} {{.A}} on A, {{.B}} on B", map[string]any{"Field": f.label, "A": f.a, "B": f.b}))
		}
	}
	if len(differ) == 0 {
		differ = pair.Differ
	}
	if len(differ) > 0 {
		lines = append(lines, lang.X("duplicates.different", "Different: {{.List}}.", map[string]any{"List": strings.Join(differ, "; ")}))
	}
	if pair.Note != "" {
		lines = append(lines, lang.X("duplicates.note", "Note: {{.Note}}.", map[string]any{"Note": pair.Note}))
	}
	return strings.Join(lines, "\n")
}

// statusName is where a pair stands, in the clinic's language.
func statusName(s model.DuplicateStatus) string {
	switch s {
	case model.DupOpen:
		return lang.X("duplicates.status_open", "open")
	case model.DupDeferred:
		return lang.X("duplicates.status_deferred", "deferred")
	case model.DupNotDuplicate:
		return lang.X("duplicates.status_not_duplicate", "not a duplicate")
	case model.DupMerged:
		return lang.X("duplicates.status_merged", "merged")
	}
	return string(s)
}

// onA and onB are a choice's value on record A or B.
func onA(v string) string {
	return lang.X("duplicates.on_a", "A: {{.Value}}", map[string]any{"Value": v})
}
func onB(v string) string {
	return lang.X("duplicates.on_b", "B: {{.Value}}", map[string]any{"Value": v})
}
