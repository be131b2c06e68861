package deficiencies

import (
	"context"
	"errors"
	"fyne.io/fyne/v2/lang"
	"strconv"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// ruleRoles are who a rule can be for, as the form offers them.
var ruleRoles = []model.Role{model.RoleClinician, model.RoleCoder, model.RoleClerk}

// ruleRow is one rule's fields in the form.
type ruleRow struct {
	rule model.CompletenessRule
	on   *widget.Check
	role *widget.Select
	days *widget.Entry
}

// editRules shows the clinic's completeness rules for a supervisor to
// switch on or off, give to another role or allow other days, with the
// warning and delinquency levels; saved with a reason as a new revision.
func (d *desk) editRules() {
	kit.Run(d.h, func(sess *storage.Session) (model.ChartRules, error) { return sess.Deficiencies().Rules() },
		func(r model.ChartRules, err error) {
			if err != nil {
				d.h.ShowError(err)
				return
			}
			d.showRules(r)
		})
}

func (d *desk) showRules(r model.ChartRules) {
	h := d.h
	labels := make([]string, len(ruleRoles))
	for i, role := range ruleRoles {
		labels[i] = kit.RoleName(role)
	}
	var rows []*ruleRow
	var items []*widget.FormItem
	for _, x := range r.Rules {
		row := &ruleRow{rule: x, on: widget.NewCheck(lang.X("defic.on", "on"), func(bool) { h.Touch() }), role: widget.NewSelect(labels, func(string) { h.Touch() }),
			days: widget.NewEntry()}
		row.on.SetChecked(!x.Off)
		row.role.SetSelected(kit.RoleName(x.Role))
		row.days.SetText(strconv.Itoa(x.Days))
		rows = append(rows, row)
		items = append(items, widget.NewFormItem(kit.Word(x.Code.Label()),
			container.NewGridWithColumns(3, row.on, row.role, container.NewBorder(nil, nil, nil, widget.NewLabel(lang.X("defic.days", "days")), row.days))))
	}
	warn, delinquent, look := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	warn.SetText(strconv.Itoa(r.WarningDays))
	delinquent.SetText(strconv.Itoa(r.DelinquentDays))
	look.SetText(strconv.Itoa(r.LookBackDays))
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("defic.why_the_rules_change", "why the rules change"))
	items = append(items, widget.NewFormItem(lang.X("defic.warning_after", "Warning after"), warn), widget.NewFormItem(lang.X("defic.delinquent_after", "Delinquent after"), delinquent),
		widget.NewFormItem(lang.X("defic.look_back_days_0", "Look back (days, 0: all)"), look), widget.NewFormItem(lang.X("dialog.reason", "Reason"), reason))
	h.FormDialog(lang.X("defic.completeness_rules", "Completeness rules"), items, reason, func(done func(string)) {
		next, msg := readRules(r, rows, warn.Text, delinquent.Text, look.Text)
		if msg != "" {
			done(msg)
			return
		}
		why := reason.Text
		kit.Run(h, func(sess *storage.Session) (struct{}, error) {
			return struct{}{}, sess.Deficiencies().SaveRules(next, why)
		}, func(_ struct{}, err error) {
			if err != nil {
				done(kit.Plain(err))
				return
			}
			done("")
			d.note = lang.X("defic.rules_saved", "Rules saved; they apply to each record at its next change.") + " "
			d.reload()
			d.offerReview(next.LookBackDays)
		})
	})
}

// offerReview asks whether to check the charts already in the store
// against the rules now, rather than at each chart's next change.
func (d *desk) offerReview(lookBack int) {
	scope := lang.X("defic.every_chart", "every chart in the store")
	if lookBack > 0 {
		scope = lang.X("defic.charts_of_last_days", "the charts of the last {{.Days}} days", map[string]any{"Days": lookBack})
	}
	dialog.ShowConfirm(lang.X("defic.check_existing_charts", "Check existing charts"),
		lang.X("defic.the_rules_apply_to", "The rules apply to each chart at its next change. Check {{.Scope}} against them now?", map[string]any{"Scope": scope})+"\n"+
			lang.X("defic.the_desk_then_shows", "The desk then shows what is missing on charts nobody has touched since."),
		func(yes bool) {
			if yes {
				d.reviewExisting()
			}
		}, d.h.Win)
}

// reviewExisting checks the existing charts with progress and Cancel.
func (d *desk) reviewExisting() {
	var checked int
	d.h.WithProgress(lang.X("defic.checking_existing_charts", "Checking existing charts"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		n, err := sess.Deficiencies().ReviewExisting(func(done, total int) { progress(float64(done) / float64(max(total, 1))) }, ctx.Done())
		checked = n
		return err
	}, func(err error) {
		if err != nil && !errors.Is(err, kit.ErrCancelled) {
			d.h.ShowError(err)
			return
		}
		d.note = lang.X("defic.checked_against_rules", "{{.Encounters}} checked against the rules.", map[string]any{"Encounters": kit.CountOf(checked, "encounter")}) + " "
		d.reload()
	})
}

// readRules reads the form back into a rule set, or says what is wrong.
func readRules(r model.ChartRules, rows []*ruleRow, warn, delinquent, look string) (model.ChartRules, string) {
	num := func(what, s string) (int, string) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return 0, lang.X("defic.is_number_of_days", "{{.What}} is a number of days.", map[string]any{"What": what})
		}
		return n, ""
	}
	out := r
	out.Rules = nil
	var msg string
	for _, row := range rows {
		x := row.rule
		x.Off = !row.on.Checked
		x.Role = ruleRoles[max(0, row.role.SelectedIndex())]
		if x.Days, msg = num(kit.Word(x.Code.Label()), row.days.Text); msg != "" {
			return r, msg
		}
		out.Rules = append(out.Rules, x)
	}
	if out.WarningDays, msg = num(lang.X("defic.the_warning_level", "The warning level"), warn); msg != "" {
		return r, msg
	}
	if out.DelinquentDays, msg = num(lang.X("defic.the_delinquency_level", "The delinquency level"), delinquent); msg != "" {
		return r, msg
	}
	if out.LookBackDays, msg = num(lang.X("defic.the_look_back", "The look-back"), look); msg != "" {
		return r, msg
	}
	if err := out.Validate(); err != nil {
		return r, err.Error()
	}
	return out, ""
}
