package recordaudit

import (
	"strconv"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

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
	from.SetPlaceHolder("first day, YYYY-MM-DD")
	from.SetText(first.Format(dayLayout))
	to.SetPlaceHolder("last day, YYYY-MM-DD")
	to.SetText(first.AddDate(0, 1, -1).Format(dayLayout))
	ward := widget.NewEntry()
	ward.SetPlaceHolder("every ward")
	n := widget.NewEntry()
	n.SetPlaceHolder("how many")
	n.SetText("20")
	items := []*widget.FormItem{widget.NewFormItem("Discharged from", from), widget.NewFormItem("to (included)", to),
		widget.NewFormItem("Ward", ward), widget.NewFormItem("Stays to draw", n)}
	r.h.FormDialog("New record audit", items, ward, func(done func(string)) {
		f, err1 := time.ParseInLocation(dayLayout, strings.TrimSpace(from.Text), time.Local)
		l, err2 := time.ParseInLocation(dayLayout, strings.TrimSpace(to.Text), time.Local)
		if err1 != nil || err2 != nil {
			done("Type the days as YYYY-MM-DD.")
			return
		}
		size, err := strconv.Atoi(strings.TrimSpace(n.Text))
		if err != nil {
			done("Type how many stays to draw, as a number.")
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
			r.note = "Drew " + kit.CountOf(len(a.Stays), "stay") + ". "
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
			titles = append(titles, o.Title())
		}
	}
	pick := widget.NewSelect(titles, func(string) { r.h.Touch() })
	if len(titles) > 0 {
		pick.SetSelectedIndex(0)
	}
	r.h.FormDialog("Compare with another audit", []*widget.FormItem{widget.NewFormItem("Earlier audit", pick)}, pick, func(done func(string)) {
		i := pick.SelectedIndex()
		if i < 0 {
			done("Choose the audit to compare with.")
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
		reason.SetPlaceHolder("why the checklist changes")
		items := []*widget.FormItem{widget.NewFormItem("Questions (one a line)", qs), widget.NewFormItem("Reason", reason)}
		r.h.FormDialog("Audit checklist", items, qs, func(done func(string)) {
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
				r.status.SetText("Checklist saved: new audits ask these questions.")
			})
		})
	})
}
