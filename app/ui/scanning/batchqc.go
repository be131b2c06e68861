package scanning

import (
	"fmt"
	"fyne.io/fyne/v2/lang"

	"dossier/app/ui/kit"
	"dossier/app/ui/pages"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// qualityCheck walks a second person through a batch's sample: each page
// is shown and marked correct (Enter) or given a problem.
type qualityCheck struct {
	h       *kit.Host
	batch   model.Batch
	pages   []model.Page
	checks  []model.QCCheck
	at      int
	viewer  *pages.Viewer
	problem *widget.Select
	status  *widget.Label
	dlg     dialog.Dialog
	done    func()
}

// showQualityCheck opens the check of b's sample; done runs once it is
// saved.
func showQualityCheck(h *kit.Host, b model.Batch, done func()) {
	q := &qualityCheck{h: h, batch: b, done: done, status: widget.NewLabel(lang.X("scan.loading_the_sample", "Loading the sample…")),
		checks: make([]model.QCCheck, len(b.QC.Sample))}
	q.viewer = pages.NewViewer(h)
	q.problem = widget.NewSelect(model.QCProblems, nil)
	q.problem.PlaceHolder = lang.X("scan.what_is_wrong", "What is wrong?")
	okBtn := widget.NewButton(lang.X("scan.correct_enter", "Correct (Enter)"), h.Act(q.markOK))
	okBtn.Importance = widget.HighImportance
	badBtn := widget.NewButton(lang.X("scan.mark_problem", "Mark problem"), h.Act(q.markProblem))
	side := container.NewVBox(q.status, okBtn, widget.NewSeparator(), q.problem, badBtn, layout.NewSpacer(),
		widget.NewButton(lang.X("scan.close_without_saving", "Close without saving"), func() { q.dlg.Hide() }))
	body := container.NewBorder(nil, nil, nil, side, q.viewer.Root)
	q.dlg = dialog.NewCustomWithoutButtons(lang.X("scan.quality_check_of", "Quality check: {{.Batch}}", map[string]any{"Batch": b.Label}), body, h.Win)
	q.dlg.Resize(h.Fit(980, 680))
	q.dlg.SetOnClosed(func() { h.Win.Canvas().SetOnTypedKey(nil) })
	q.dlg.Show()
	// Keyboard first: Enter marks the page correct, the usual answer.
	h.Win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			q.markOK()
		}
	})
	q.load()
}

func (q *qualityCheck) load() {
	ids := q.batch.QC.Sample
	kit.Run(q.h, func(sess *storage.Session) ([]model.Page, error) {
		out := make([]model.Page, 0, len(ids))
		for _, id := range ids {
			p, _, err := sess.Pages().Get(id)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}, func(ps []model.Page, err error) {
		if err != nil {
			q.status.SetText(kit.Plain(err))
			return
		}
		q.pages = ps
		q.show()
	})
}

func (q *qualityCheck) show() {
	if q.at >= len(q.pages) {
		q.save()
		return
	}
	p := q.pages[q.at]
	q.status.SetText(fmt.Sprintf(lang.X("scan.page_of_in_the", "Page %d of %d in the sample.\nIs it readable, upright, and filed\nto the right patient, type and date?"), q.at+1, len(q.pages)))
	q.viewer.Show(p, fmt.Sprintf("%s · %d×%d", p.Source, p.Width, p.Height))
	q.problem.ClearSelected()
}

func (q *qualityCheck) markOK() {
	if q.at >= len(q.pages) {
		return
	}
	q.checks[q.at] = model.QCCheck{PageID: q.pages[q.at].ID, OK: true}
	q.at++
	q.show()
}

func (q *qualityCheck) markProblem() {
	if q.at >= len(q.pages) {
		return
	}
	if q.problem.Selected == "" {
		q.status.SetText(lang.X("scan.choose_what_is_wrong", "Choose what is wrong with this page first."))
		return
	}
	q.checks[q.at] = model.QCCheck{PageID: q.pages[q.at].ID, Problem: q.problem.Selected}
	q.at++
	q.show()
}

func (q *qualityCheck) save() {
	id, checks := q.batch.ID, q.checks
	q.status.SetText(lang.X("scan.saving", "Saving…"))
	kit.Run(q.h, func(sess *storage.Session) (model.Batch, error) { return sess.Batches().RecordQC(id, checks) }, func(b model.Batch, err error) {
		if err != nil {
			q.status.SetText(kit.Plain(err))
			return
		}
		q.dlg.Hide()
		q.h.ShowInfo(lang.X("scan.quality_check_saved", "Quality check saved"), b.QC.Summary)
		q.done()
	})
}
