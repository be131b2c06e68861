package recordaudit

import (
	"strconv"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// dayLayout is how the period is typed: whole days, the last one included.
const dayLayout = "2006-01-02"

// askDraw asks for the period, ward and sample size and draws the sample;
// the review opens on the new audit.
func (r *room) askDraw() {
	now := time.Now()
	first := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.Local) // last month, the usual audit
	from, to := widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder(lang.X("recordaudit.first_day_hint", "first day, YYYY-MM-DD"))
	from.SetText(first.Format(dayLayout))
	to.SetPlaceHolder(lang.X("recordaudit.last_day_hint", "last day, YYYY-MM-DD"))
	to.SetText(first.AddDate(0, 1, -1).Format(dayLayout))
	ward := widget.NewEntry()
	ward.SetPlaceHolder(lang.X("recordaudit.every_ward", "every ward"))
	n := widget.NewEntry()
	n.SetPlaceHolder(lang.X("recordaudit.how_many", "how many"))
	n.SetText("20")
	items := []*widget.FormItem{widget.NewFormItem(lang.X("recordaudit.discharged_from", "Discharged from"), from),
		widget.NewFormItem(lang.X("recordaudit.to_included", "to (included)"), to),
		widget.NewFormItem(lang.X("recordaudit.ward", "Ward"), ward), widget.NewFormItem(lang.X("recordaudit.stays_to_draw", "Stays to draw"), n)}
	r.h.FormDialog(lang.X("recordaudit.new_record_audit", "New record audit"), items, ward, func(done func(string)) {
		f, err1 := time.ParseInLocation(dayLayout, strings.TrimSpace(from.Text), time.Local)
		l, err2 := time.ParseInLocation(dayLayout, strings.TrimSpace(to.Text), time.Local)
		if err1 != nil || err2 != nil {
			done(lang.X("recordaudit.type_days", "Type the days as YYYY-MM-DD."))
			return
		}
		size, err := strconv.Atoi(strings.TrimSpace(n.Text))
		if err != nil {
			done(lang.X("recordaudit.type_how_many", "Type how many stays to draw, as a number."))
			return
		}
		kit.Run(r.h, func(sess *storage.Session) (model.RecordAudit, error) {
			return sess.RecordAudits().Draw(f, l.AddDate(0, 0, 1), ward.Text, size, 0)
		}, func(a model.RecordAudit, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			r.note = lang.XN("recordaudit.drew", "Drew {{.Count}} stays.", len(a.Stays), map[string]any{"Count": len(a.Stays)})
			r.reloadSelecting(a.ID)
			r.reviewAudit(a)
		})
	})
}

// askCompare chooses another audit to compare the selected one with.
func (r *room) askCompare() {
	a, ok := r.selected()
	if !ok {
		return
	}
	var others []model.RecordAudit
	var titles []string
	for _, o := range r.audits {
		if o.ID != a.ID {
			others = append(others, o)
			titles = append(titles, auditTitle(o))
		}
	}
	pick := widget.NewSelect(titles, func(string) { r.h.Touch() })
	if len(titles) > 0 {
		pick.SetSelectedIndex(0)
	}
	r.h.FormDialog(lang.X("recordaudit.compare_title", "Compare with another audit"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("recordaudit.earlier_audit", "Earlier audit"), pick)}, pick, func(done func(string)) {
			i := pick.SelectedIndex()
			if i < 0 {
				done(lang.X("recordaudit.choose_audit", "Choose the audit to compare with."))
				return
			}
			e := others[i]
			r.earlier = &e
			done("")
			r.show()
		})
}

// editChecklist edits the clinic's questions, one a line, with a reason.
func (r *room) editChecklist() {
	kit.Run(r.h, func(sess *storage.Session) (model.AuditChecklist, error) {
		return sess.RecordAudits().Checklist()
	}, func(c model.AuditChecklist, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		qs := widget.NewMultiLineEntry()
		qs.SetText(strings.Join(c.Questions, "\n"))
		qs.SetMinRowsVisible(8)
		reason := widget.NewEntry()
		reason.SetPlaceHolder(lang.X("recordaudit.why_checklist_changes", "why the checklist changes"))
		items := []*widget.FormItem{widget.NewFormItem(lang.X("recordaudit.questions_one_a_line", "Questions (one a line)"), qs),
			widget.NewFormItem(lang.X("dialog.reason", "Reason"), reason)}
		r.h.FormDialog(lang.X("recordaudit.audit_checklist", "Audit checklist"), items, qs, func(done func(string)) {
			var next model.AuditChecklist
			for _, q := range strings.Split(qs.Text, "\n") {
				if strings.TrimSpace(q) != "" {
					next.Questions = append(next.Questions, q)
				}
			}
			kit.Run(r.h, func(sess *storage.Session) (struct{}, error) {
				return struct{}{}, sess.RecordAudits().SaveChecklist(next, reason.Text)
			}, func(_ struct{}, err error) {
				if err != nil {
					done(kit.Plain(err))
					return
				}
				done("")
				r.status.SetText(lang.X("recordaudit.checklist_saved", "Checklist saved: new audits ask these questions."))
			})
		})
	})
}
