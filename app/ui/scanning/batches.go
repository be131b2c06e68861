package ui

import (
	"fmt"
	"strconv"
	"strings"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// batchesScreen tracks boxes of paper charts through digitization, with
// progress per batch and per clerk and the quality check.
type batchesScreen struct {
	ui      *UI
	batches []model.Batch
	table   *widget.Table
	summary *widget.Label
	detail  *fyne.Container
	current model.ID
}

var batchColumns = []column{{"Box label", 160}, {"From", 170}, {"Charts", 70}, {"Stage", 130}, {"Received", 110}, {"Quality check", 170}}

func (ui *UI) batchesScreen() fyne.CanvasObject {
	b := &batchesScreen{ui: ui, summary: widget.NewLabel("Loading…"),
		detail: container.NewStack(wrapLabel("Select a batch to see its progress."))}
	b.table = columnTable(batchColumns, func() int { return len(b.batches) }, b.cell)
	b.table.OnSelected = func(id widget.TableCellID) { ui.touch(); b.open(id.Row) }
	newBtn := widget.NewButtonWithIcon("New batch…", theme.ContentAddIcon(), ui.act(b.showNew))
	top := container.NewVBox(heading("Digitization batches"), container.NewHBox(newBtn, spacerH(), b.summary))
	split := container.NewHSplit(b.table, container.NewVScroll(b.detail))
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
		return x.Stage.Label()
	case 4:
		return x.Received.Local().Format("2006-01-02")
	case 5:
		switch {
		case x.QC.Summary != "":
			return x.QC.Summary
		case len(x.QC.Sample) > 0:
			return fmt.Sprintf("%d pages to check", len(x.QC.Sample))
		}
	}
	return ""
}

func (b *batchesScreen) reload() {
	background(b.ui, b.ui.sess.Batches, func(bs []model.Batch, err error) {
		if err != nil {
			b.summary.SetText(plain(err))
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
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(s.Label())))
		}
	}
	if len(parts) == 0 {
		return "No batches yet."
	}
	return fmt.Sprintf("%d batches: %s", len(bs), strings.Join(parts, " · "))
}

func (b *batchesScreen) open(row int) {
	if row < 0 || row >= len(b.batches) {
		return
	}
	x := b.batches[row]
	b.current = x.ID
	sess := b.ui.sess
	background(b.ui, func() (storage.BatchStats, error) { return sess.BatchProgress(x.ID) },
		func(st storage.BatchStats, err error) {
			if err != nil {
				b.detail.Objects = []fyne.CanvasObject{wrapLabel(plain(err))}
			} else {
				b.detail.Objects = []fyne.CanvasObject{b.detailOf(x, st)}
			}
			b.detail.Refresh()
		})
}

func (b *batchesScreen) detailOf(x model.Batch, st storage.BatchStats) fyne.CanvasObject {
	box := container.NewVBox(heading(x.Label), wrapLabel(fmt.Sprintf("From %s · %d charts · received %s · now %s",
		orDash(x.Origin), x.Charts, x.Received.Local().Format("2006-01-02"), x.Stage.Label())))
	done := 0.0
	if st.Pages > 0 {
		done = float64(st.Filed) / float64(st.Pages)
	}
	bar := widget.NewProgressBar()
	bar.SetValue(done)
	box.Add(widget.NewLabel(fmt.Sprintf("%d pages: %d filed, %d unfiled, %d look blank, %d set aside",
		st.Pages, st.Filed, st.Unfiled, st.Blank, st.Discarded)))
	box.Add(bar)
	box.Add(widget.NewLabelWithStyle("Work by clerk", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, c := range st.Clerks {
		box.Add(widget.NewLabel(fmt.Sprintf("%s: %d pages scanned, %d pages indexed", c.Clerk, c.Scanned, c.Indexed)))
	}
	box.Add(widget.NewLabelWithStyle("Stages", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, h := range x.History {
		line := fmt.Sprintf("%s  %s by %s", h.At.Local().Format("2006-01-02 15:04"), h.Stage.Label(), h.By)
		if h.Note != "" {
			line += " — " + h.Note
		}
		box.Add(widget.NewLabel(line))
	}
	if x.QC.Summary != "" {
		box.Add(wrapLabel(fmt.Sprintf("Quality check by %s on %s: %s", x.QC.By, x.QC.At.Local().Format("2006-01-02"), x.QC.Summary)))
		for _, c := range x.QC.Checks {
			if !c.OK {
				box.Add(wrapLabel("  • Page problem: " + c.Problem))
			}
		}
	}
	if b.ui.sess.Can(model.PermDigitize) {
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
		btn := widget.NewButton("Mark "+strings.ToLower(s.Label()), b.ui.act(func() { b.advance(x, s) }))
		if err := x.CanAdvance(s, b.ui.sess.User().Username); err != nil {
			btn.Disable()
			row.Add(btn)
			row.Add(widget.NewLabel(err.Error()))
			continue
		}
		row.Add(btn)
	}
	if x.Stage == model.StageIndexed || x.Stage == model.StageTranscribed {
		if len(x.QC.Sample) == 0 {
			row.Add(widget.NewButton("Draw quality-check sample", b.ui.act(func() { b.drawSample(x) })))
		} else {
			row.Add(widget.NewButton("Check sample pages…", b.ui.act(func() { b.ui.showQualityCheck(x, b.reload) })))
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
	sess := b.ui.sess
	background(b.ui, func() (model.Batch, error) { return sess.AdvanceBatch(x.ID, to, "") }, func(_ model.Batch, err error) {
		if err != nil {
			b.ui.showError(err)
		}
		b.reload()
	})
}

func (b *batchesScreen) drawSample(x model.Batch) {
	sess := b.ui.sess
	background(b.ui, func() (model.Batch, error) { return sess.DrawQCSample(x.ID) }, func(_ model.Batch, err error) {
		if err != nil {
			b.ui.showError(err)
		}
		b.reload()
	})
}

func (b *batchesScreen) showNew() {
	label, origin, charts := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	label.SetPlaceHolder("as written on the box, e.g. Box 12")
	origin.SetPlaceHolder("e.g. File room shelf C, 1998–2003")
	charts.SetPlaceHolder("number of paper charts in the box")
	msg := errorText()
	var dlg dialog.Dialog
	save := func() {
		n := 0
		if strings.TrimSpace(charts.Text) != "" {
			var err error
			if n, err = strconv.Atoi(strings.TrimSpace(charts.Text)); err != nil || n < 0 {
				showError(msg, "Charts: type a whole number")
				return
			}
		}
		nb := model.Batch{Label: label.Text, Origin: origin.Text, Charts: n}
		sess := b.ui.sess
		background(b.ui, func() (model.Batch, error) { return nb, sess.CreateBatch(&nb) }, func(nb model.Batch, err error) {
			if err != nil {
				showError(msg, plain(err))
				return
			}
			dlg.Hide()
			b.current = nb.ID
			b.reload()
		})
	}
	for _, e := range []*widget.Entry{label, origin, charts} {
		e.OnSubmitted = func(string) { save() }
	}
	form := widget.NewForm(widget.NewFormItem("Box label", label), widget.NewFormItem("From", origin), widget.NewFormItem("Charts", charts))
	ok := widget.NewButton("Save (Enter)", b.ui.act(save))
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons("New batch received", container.NewVBox(form, msg,
		container.NewHBox(spacerH(), widget.NewButton("Cancel", func() { dlg.Hide() }), ok)), b.ui.win)
	dlg.Resize(fyne.NewSize(520, 260))
	dlg.Show()
	b.ui.win.Canvas().Focus(label)
}
