// Package recordaudit is the records supervisor's record audits: the
// audits kept (a sample of stays each, scored against the checklist), a
// new draw, reviewing the sample one stay at a time, the score by question
// and ward, the comparison with another audit, and the printed report.
package recordaudit

import (
	"fmt"

	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Record audits"

// room is the screen's state; touched only on the UI goroutine.
type room struct {
	h       *kit.Host
	audits  []model.RecordAudit
	sel     int                // selected audit; -1: none
	earlier *model.RecordAudit // the audit compared with; nil: none
	result  reports.Table      // the selected audit's scores (and change)
	note    string

	list    *widget.Table
	scores  *widget.Table
	status  *widget.Label
	review  *widget.Button
	compare *widget.Button
	print   *widget.Button
}

func listColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("recordaudit.col.audit", "Audit"), Width: 230, Min: 150}, {Title: lang.X("recordaudit.col.stays", "Stays"), Width: 50, Min: 44},
		{Title: lang.X("recordaudit.col.reviewed", "Reviewed"), Width: 70, Min: 60}, {Title: lang.X("recordaudit.col.score", "Score"), Width: 56, Min: 50}}
}

func scoreColumns() []kit.Column {
	return []kit.Column{{Title: "", Width: 48, Min: 44}, {Title: lang.X("recordaudit.col.question_or_ward", "Question or ward"), Width: 250, Min: 150},
		{Title: lang.X("recordaudit.col.stays", "Stays"), Width: 48, Min: 44}, {Title: answerName(model.AnswerYes), Width: 44, Min: 40},
		{Title: answerName(model.AnswerNo), Width: 44, Min: 40}, {Title: answerName(model.AnswerNA), Width: 44, Min: 40},
		{Title: lang.X("recordaudit.col.score", "Score"), Width: 64, Min: 60}, {Title: lang.X("recordaudit.col.change", "Change"), Width: 64, Min: 58}}
}

// byWord shortens the scores table's first column to fit the screen.
func byWord(by string) string {
	switch by {
	case "question":
		return lang.X("recordaudit.by.question", "Q")
	case "ward":
		return lang.X("recordaudit.by.ward", "Ward")
	case "total":
		return lang.X("recordaudit.by.total", "All")
	}
	return by
}

// auditTitle names an audit by its ward and period (the model's Title is
// English, for the printed report).
func auditTitle(a model.RecordAudit) string {
	ward := a.Ward
	if ward == "" {
		ward = lang.X("recordaudit.all_wards", "all wards")
	}
	return lang.X("recordaudit.audit_title", "{{.Ward}}, {{.From}} to {{.To}}",
		map[string]any{"Ward": ward, "From": a.From.Format("2006-01-02"), "To": a.To.AddDate(0, 0, -1).Format("2006-01-02")})
}

// Screen is the Record audits section.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, sel: -1, status: widget.NewLabel(lang.X("recordaudit.reading", "Reading the record audits…"))}
	var listView, scoresView fyne.CanvasObject
	r.list, listView = kit.NewColumnTable(listColumns(), func() int { return len(r.audits) }, r.auditCell)
	r.list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.audits) && id.Row != r.sel {
			r.sel, r.earlier = id.Row, nil
			r.show()
		}
	}
	r.scores, scoresView = kit.NewColumnTable(scoreColumns(), func() int { return len(r.result.Rows) }, r.scoreCell)
	draw := widget.NewButtonWithIcon(lang.X("recordaudit.new_audit", "New audit…"), theme.ContentAddIcon(), h.Act(r.askDraw))
	r.review = widget.NewButtonWithIcon(lang.X("recordaudit.review", "Review…"), theme.DocumentCreateIcon(), h.Act(r.openReview))
	r.compare = widget.NewButtonWithIcon(lang.X("recordaudit.compare_with", "Compare with…"), theme.ViewRestoreIcon(), h.Act(r.askCompare))
	r.print = widget.NewButtonWithIcon(lang.X("recordaudit.print_report", "Print report…"), theme.DocumentPrintIcon(), h.Act(r.printReport))
	checklist := widget.NewButtonWithIcon(lang.X("recordaudit.checklist", "Checklist…"), theme.SettingsIcon(), h.Act(r.editChecklist))
	refresh := widget.NewButtonWithIcon(lang.X("recordaudit.refresh", "Refresh"), theme.ViewRefreshIcon(), h.Act(r.reload))
	r.enable()
	// The audits above their scores: side by side, neither table had the
	// width of its columns on a 1024-pixel screen.
	split := container.NewVSplit(listView, scoresView)
	split.Offset = 0.35
	r.reload()
	return container.NewBorder(container.NewVBox(kit.Heading(lang.X("nav.record_audits", "Record audits")), kit.Tools(draw, r.review, r.compare, r.print, checklist, refresh)),
		r.status, nil, nil, split)
}

func (r *room) auditCell(row, col int) string {
	a := r.audits[row]
	switch col {
	case 0:
		return auditTitle(a)
	case 1:
		return fmt.Sprint(len(a.Stays))
	case 2:
		return fmt.Sprint(a.Reviewed())
	case 3:
		return a.Result().Overall.Shown()
	}
	return ""
}

func (r *room) scoreCell(row, col int) string {
	if row < len(r.result.Rows) && col < len(r.result.Rows[row]) {
		if col == 0 {
			return byWord(r.result.Rows[row][0])
		}
		if col == 1 && r.result.Rows[row][0] == "total" {
			return lang.X("recordaudit.all_stays", "All")
		}
		return r.result.Rows[row][col]
	}
	return ""
}

func (r *room) selected() (model.RecordAudit, bool) {
	if r.sel < 0 || r.sel >= len(r.audits) {
		return model.RecordAudit{}, false
	}
	return r.audits[r.sel], true
}

// show fills the score table for the selected audit, with each question's
// change when compared with another.
func (r *room) show() {
	a, ok := r.selected()
	r.result = reports.Table{}
	if ok {
		r.result = reports.RecordAuditScores(a)
		if r.earlier != nil {
			change := map[string]string{}
			for _, c := range model.CompareAudits(*r.earlier, a) {
				change[c.Question] = reports.ChangeShown(c)
			}
			for i, row := range r.result.Rows {
				if row[0] == "question" {
					r.result.Rows[i] = append(row, change[row[1]])
				}
			}
		}
	}
	r.scores.Refresh()
	r.enable()
	var line string
	switch {
	case !ok:
		line = lang.XN("recordaudit.audits_kept", "{{.Count}} audits kept. Choose one, or draw a new audit.", len(r.audits), map[string]any{"Count": len(r.audits)})
	case r.earlier != nil:
		line = lang.X("recordaudit.compared", "{{.Audit}}: {{.Score}} overall; change in points since {{.Earlier}} ({{.EarlierScore}}).",
			map[string]any{"Audit": auditTitle(a), "Score": a.Result().Overall.Shown(), "Earlier": auditTitle(*r.earlier), "EarlierScore": r.earlier.Result().Overall.Shown()})
	default:
		line = lang.XN("recordaudit.audit_line", "{{.Audit}}: {{.Reviewed}} of {{.Count}} stays reviewed, {{.Score}} overall (seed {{.Seed}}).", len(a.Stays),
			map[string]any{"Audit": auditTitle(a), "Reviewed": a.Reviewed(), "Count": len(a.Stays), "Score": a.Result().Overall.Shown(), "Seed": a.Seed})
	}
	if r.note != "" {
		line = r.note + " " + line
	}
	r.status.SetText(line)
	r.note = ""
}

func (r *room) enable() {
	_, ok := r.selected()
	kit.SetEnabled(r.review, ok)
	kit.SetEnabled(r.compare, ok && len(r.audits) > 1)
	kit.SetEnabled(r.print, ok)
}

// reload reads the audits, keeping the one selected (or selecting keep).
func (r *room) reload() { r.reloadSelecting(model.ZeroID) }

func (r *room) reloadSelecting(keep model.ID) {
	if a, ok := r.selected(); ok && keep.IsZero() {
		keep = a.ID
	}
	kit.Run(r.h, func(sess *storage.Session) ([]model.RecordAudit, error) {
		return sess.RecordAudits().List()
	}, func(audits []model.RecordAudit, err error) {
		if err != nil {
			r.status.SetText(kit.Plain(err))
			return
		}
		r.audits, r.sel = audits, -1
		for i, a := range audits {
			if a.ID == keep {
				r.sel = i
			}
		}
		r.list.Refresh()
		if r.sel >= 0 {
			r.list.Select(widget.TableCellID{Row: r.sel})
		} else {
			r.list.UnselectAll()
		}
		r.show()
	})
}

func (r *room) printReport() {
	a, ok := r.selected()
	if !ok {
		return
	}
	earlier := r.earlier
	r.h.PrintOrSave(lang.X("recordaudit.report", "Record audit report"), func(sess *storage.Session) (*printflow.Job, error) {
		return printflow.RecordAuditJob(sess, a, earlier)
	}, func(where string) {
		r.status.SetText(lang.X("recordaudit.report_done", "Record audit report {{.Where}}.", map[string]any{"Where": where}))
	})
}
