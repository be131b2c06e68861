package scanning

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strconv"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// batchesScreen tracks boxes of paper charts through digitization, with
// progress per batch and per clerk and the quality check.
type batchesScreen struct {
	h       *kit.Host
	batches []model.Batch
	table   *widget.Table
	summary *widget.Label
	detail  *fyne.Container
	current model.ID
}

func batchColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.box_label", "Box label"), Width: 160}, {Title: lang.X("col.from", "From"), Width: 170}, {Title: lang.X("col.charts", "Charts"), Width: 70}, {Title: lang.X("col.stage", "Stage"), Width: 130}, {Title: lang.X("col.received", "Received"), Width: 110}, {Title: lang.X("col.quality_check", "Quality check"), Width: 170}}
}

// BatchesScreen is the Batches section.
func BatchesScreen(h *kit.Host) fyne.CanvasObject {
	b := &batchesScreen{h: h, summary: widget.NewLabel(lang.X("common.loading", "Loading…")),
		detail: container.NewStack(kit.WrapLabel(lang.X("scan.select_a_batch_to", "Select a batch to see its progress.")))}
	var view fyne.CanvasObject
	b.table, view = kit.NewColumnTable(batchColumns(), func() int { return len(b.batches) }, b.cell)
	b.table.OnSelected = func(id widget.TableCellID) { h.Touch(); b.open(id.Row) }
	newBtn := widget.NewButtonWithIcon(lang.X("scan.new_batch", "New batch…"), theme.ContentAddIcon(), h.Act(b.showNew))
	top := container.NewVBox(kit.Heading(lang.X("scan.digitization_batches", "Digitization batches")), container.NewHBox(newBtn, kit.SpacerH(), b.summary))
	split := container.NewHSplit(view, container.NewVScroll(b.detail))
	split.Offset = 0.5
	b.reload()
	return container.NewBorder(top, nil, nil, nil, split)
}

func (b *batchesScreen) cell(row, col int) string {
	x := b.batches[row]
	switch col {
	case 0:
		return x.Label
	case 1:
		return x.Origin
	case 2:
		return strconv.Itoa(x.Charts)
	case 3:
		return kit.Word(x.Stage.Label())
	case 4:
		return b.h.Day(x.Received)
	case 5:
		switch {
		case x.QC.Summary != "":
			return x.QC.Summary
		case len(x.QC.Sample) > 0:
			return lang.X("scan.pages_to_check", "{{.Pages}} to check", map[string]any{"Pages": kit.CountOf(len(x.QC.Sample), "page")})
		}
	}
	return ""
}

func (b *batchesScreen) reload() {
	kit.Run(b.h, func(sess *storage.Session) ([]model.Batch, error) { return sess.Batches().List() }, func(bs []model.Batch, err error) {
		if err != nil {
			b.summary.SetText(kit.Plain(err))
			return
		}
		b.batches = bs
		b.table.Refresh()
		b.summary.SetText(stageCounts(bs))
		for i, x := range bs {
			if x.ID == b.current {
				b.open(i)
			}
		}
	})
}

// stageCounts is the one-line picture of the digitization work.
func stageCounts(bs []model.Batch) string {
	n := map[model.BatchStage]int{}
	for _, x := range bs {
		n[x.Stage]++
	}
	var parts []string
	for _, s := range model.BatchStages {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(kit.Word(s.Label()))))
		}
	}
	if len(parts) == 0 {
		return lang.X("scan.no_batches_yet", "No batches yet.")
	}
	return kit.CountOf(len(bs), "batch") + ": " + strings.Join(parts, " · ")
}

func (b *batchesScreen) open(row int) {
	if row < 0 || row >= len(b.batches) {
		return
	}
	x := b.batches[row]
	b.current = x.ID
	kit.Run(b.h, func(sess *storage.Session) (storage.BatchStats, error) { return sess.Batches().Progress(x.ID) },
		func(st storage.BatchStats, err error) {
			if b.current != x.ID {
				return // another batch was opened meanwhile
			}
			if err != nil {
				b.detail.Objects = []fyne.CanvasObject{kit.WrapLabel(kit.Plain(err))}
			} else {
				b.detail.Objects = []fyne.CanvasObject{b.detailOf(x, st)}
			}
			b.detail.Refresh()
		})
}

func (b *batchesScreen) detailOf(x model.Batch, st storage.BatchStats) fyne.CanvasObject {
	box := container.NewVBox(kit.Heading(x.Label), kit.WrapLabel(fmt.Sprintf(lang.X("scan.from_received_now", "From %s · %s · received %s · now %s"),
		orDash(x.Origin), kit.ChartsCount(x.Charts), b.h.Day(x.Received), kit.Word(x.Stage.Label()))))
	done := 0.0
	if st.Pages > 0 {
		done = float64(st.Filed) / float64(st.Pages)
	}
	bar := widget.NewProgressBar()
	bar.SetValue(done)
	box.Add(widget.NewLabel(fmt.Sprintf(lang.X("scan.filed_unfiled_look_blank", "%s: %d filed, %d unfiled, %d look blank, %d set aside"),
		kit.PagesCount(st.Pages), st.Filed, st.Unfiled, st.Blank, st.Discarded)))
	box.Add(bar)
	box.Add(widget.NewLabelWithStyle(lang.X("scan.work_by_clerk", "Work by clerk"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, c := range st.Clerks {
		box.Add(widget.NewLabel(fmt.Sprintf(lang.X("scan.scanned_indexed", "%s: %s scanned, %s indexed"), c.Clerk, kit.PagesCount(c.Scanned), kit.PagesCount(c.Indexed))))
	}
	box.Add(widget.NewLabelWithStyle(lang.X("scan.stages", "Stages"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, h := range x.History {
		line := lang.X("scan.stage_by", "{{.When}}  {{.Stage}} by {{.By}}", map[string]any{"When": b.h.When(h.At), "Stage": kit.Word(h.Stage.Label()), "By": h.By})
		if h.Note != "" {
			line += " — " + h.Note
		}
		box.Add(widget.NewLabel(line))
	}
	if x.QC.Summary != "" {
		box.Add(kit.WrapLabel(fmt.Sprintf(lang.X("scan.quality_check_by_on", "Quality check by %s on %s: %s"), x.QC.By, b.h.Day(x.QC.At), x.QC.Summary)))
		for _, c := range x.QC.Checks {
			if !c.OK {
				box.Add(kit.WrapLabel("  • " + lang.X("scan.page_problem", "Page problem: {{.Problem}}", map[string]any{"Problem": c.Problem})))
			}
		}
	}
	if b.h.Can(model.PermDigitize) {
		box.Add(b.actions(x))
	}
	return box
}

// actions offers the next step the batch can take.
func (b *batchesScreen) actions(x model.Batch) fyne.CanvasObject {
	row := container.NewHBox()
	next := nextStages(x.Stage)
	for _, s := range next {
		s := s
		btn := widget.NewButton(lang.X("scan.mark", "Mark {{.Stage}}", map[string]any{"Stage": strings.ToLower(kit.Word(s.Label()))}), b.h.Act(func() { b.advance(x, s) }))
		if err := x.CanAdvance(s, b.username()); err != nil {
			btn.Disable()
			row.Add(btn)
			row.Add(widget.NewLabel(err.Error()))
			continue
		}
		row.Add(btn)
	}
	if x.Stage == model.StageIndexed || x.Stage == model.StageTranscribed {
		if len(x.QC.Sample) == 0 {
			row.Add(widget.NewButton(lang.X("scan.draw_quality_check_sample", "Draw quality-check sample"), b.h.Act(func() { b.drawSample(x) })))
		} else {
			row.Add(widget.NewButton(lang.X("scan.check_sample_pages", "Check sample pages…"), b.h.Act(func() { showQualityCheck(b.h, x, b.reload) })))
		}
	}
	return row
}

func nextStages(s model.BatchStage) []model.BatchStage {
	switch s {
	case model.StageVerified:
		return []model.BatchStage{model.StageReturned, model.StageRetained}
	case model.StageReturned, model.StageRetained:
		return nil
	}
	for i, v := range model.BatchStages {
		if v == s && i+1 < len(model.BatchStages) {
			return []model.BatchStage{model.BatchStages[i+1]}
		}
	}
	return nil
}

func (b *batchesScreen) advance(x model.Batch, to model.BatchStage) {
	kit.Run(b.h, func(sess *storage.Session) (model.Batch, error) { return sess.Batches().Advance(x.ID, to, "") }, func(_ model.Batch, err error) {
		if err != nil {
			b.h.ShowError(err)
		}
		b.reload()
	})
}

func (b *batchesScreen) drawSample(x model.Batch) {
	kit.Run(b.h, func(sess *storage.Session) (model.Batch, error) { return sess.Batches().DrawQCSample(x.ID) }, func(_ model.Batch, err error) {
		if err != nil {
			b.h.ShowError(err)
		}
		b.reload()
	})
}

// username is the signed-in user's name (a batch's next stage may need
// someone other than who did the last).
func (b *batchesScreen) username() string {
	if sess := b.h.Session(); sess != nil {
		return sess.User().Username
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (b *batchesScreen) showNew() {
	label, origin, charts := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	label.SetPlaceHolder(lang.X("scan.as_written_on_the", "as written on the box, e.g. Box 12"))
	origin.SetPlaceHolder(lang.X("scan.e_g_file_room", "e.g. File room shelf C, 1998–2003"))
	charts.SetPlaceHolder(lang.X("scan.number_of_paper_charts", "number of paper charts in the box"))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("scan.box_label", "Box label"), label), widget.NewFormItem(lang.X("scan.from", "From"), origin), widget.NewFormItem(lang.X("nav.charts", "Charts"), charts)}
	b.h.FormDialog(lang.X("scan.new_batch_received", "New batch received"), items, label, func(done func(msg string)) {
		n := 0
		if strings.TrimSpace(charts.Text) != "" {
			var err error
			if n, err = strconv.Atoi(strings.TrimSpace(charts.Text)); err != nil || n < 0 {
				done("Charts: type a whole number")
				return
			}
		}
		nb := model.Batch{Label: label.Text, Origin: origin.Text, Charts: n}
		kit.Run(b.h, func(sess *storage.Session) (model.Batch, error) {
			err := sess.Batches().Create(&nb)
			return nb, err
		}, func(nb model.Batch, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			b.current = nb.ID
			b.reload()
		})
	})
}
