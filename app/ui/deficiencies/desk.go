// Package deficiencies is the records supervisor's deficiency desk: who
// has records to complete (counts, oldest age, delinquent records), the
// deficiencies of one person, the check and waive actions, and the
// deficiency slips and delinquency letters printed for each person.
package deficiencies

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"dossier/app/flow/completion"
	printflow "dossier/app/flow/printing"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Show choices: which deficiencies the desk lists.
const (
	showOpen       = "Open"
	showDelinquent = "Delinquent records"
	showToCheck    = "Done, to check"
)

var showChoices = []string{showOpen, showDelinquent, showToCheck}

// showName is a Show choice as the select shows it.
func showName(c string) string {
	switch c {
	case showDelinquent:
		return lang.X("defic.show_delinquent_records", "Delinquent records")
	case showToCheck:
		return lang.X("defic.show_done_to_check", "Done, to check")
	}
	return lang.X("defic.show_open", "Open")
}

// desk is the screen's state; touched only on the UI goroutine.
type desk struct {
	h *kit.Host
	// all is the queue as read (open and done); groups and rows are what
	// the filters leave of it, so a filter change reads nothing again.
	all    []storage.DeficiencyRow
	groups []completion.Group
	rows   []storage.DeficiencyRow
	group  int // selected group in groups; -1: everyone
	sel    int // selected row in rows; -1: none
	show   string
	note   string // what the last action did, shown before the counts once

	people *widget.Table
	list   *widget.Table
	status *widget.Label
	waive  *widget.Button
	check  *widget.Button
}

func peopleColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.responsible", "Responsible"), Width: 260, Min: 160}, {Title: lang.X("col.items", "Items"), Width: 70, Min: 50},
		{Title: lang.X("col.records", "Records"), Width: 80, Min: 64}, {Title: lang.X("col.delinquent", "Delinquent"), Width: 100, Min: 90}, {Title: lang.X("col.oldest_days", "Oldest (days)"), Width: 110, Min: 100}}
}

func listColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.mrn", "MRN"), Width: 124, Min: 122}, {Title: lang.X("col.patient", "Patient"), Width: 160, Min: 130},
		{Title: lang.X("col.to_complete", "To complete"), Width: 280, Min: 150}, {Title: lang.X("col.record", "Record"), Width: 170, Min: 140}, {Title: lang.X("col.age", "Age"), Width: 45, Min: 40},
		{Title: lang.X("col.level", "Level"), Width: 92, Min: 92}, {Title: lang.X("col.status", "Status"), Width: 100, Min: 70}}
}

// Screen is the Deficiencies section.
func Screen(h *kit.Host) fyne.CanvasObject {
	d := &desk{h: h, group: -1, sel: -1, show: showOpen, status: widget.NewLabel(lang.X("defic.reading_the_deficiency_queue", "Reading the deficiency queue…"))}
	var peopleView, listView fyne.CanvasObject
	d.people, peopleView = kit.NewColumnTable(peopleColumns(), func() int { return len(d.groups) + 1 }, d.personCell)
	d.people.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row-1 != d.group {
			d.group = id.Row - 1
			d.filter()
		}
	}
	d.list, listView = kit.NewColumnTable(listColumns(), func() int { return len(d.rows) }, d.rowCell)
	d.list.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		d.sel = -1
		if id.Row >= 0 && id.Row < len(d.rows) {
			d.sel = id.Row
		}
		d.enable()
	}
	showNames := make([]string, len(showChoices))
	for i, c := range showChoices {
		showNames[i] = showName(c)
	}
	var show *widget.Select
	show = widget.NewSelect(showNames, func(string) {
		h.Touch()
		i := show.SelectedIndex()
		if i >= 0 && i < len(showChoices) && showChoices[i] != d.show {
			d.show = showChoices[i]
			d.filter()
		}
	})
	show.SetSelectedIndex(0)
	d.waive = widget.NewButtonWithIcon(lang.X("defic.waive_2", "Waive…"), theme.CancelIcon(), h.Act(d.askWaive))
	d.check = widget.NewButtonWithIcon(lang.X("defic.check", "Check"), theme.ConfirmIcon(), h.Act(d.checkSelected))
	slips := widget.NewButtonWithIcon(lang.X("defic.print_slips", "Print slips…"), theme.DocumentPrintIcon(), h.Act(d.printSlips))
	letters := widget.NewButtonWithIcon(lang.X("defic.delinquency_letters_2", "Delinquency letters…"), theme.MailSendIcon(), h.Act(d.printLetters))
	refresh := widget.NewButtonWithIcon(lang.X("stays.refresh", "Refresh"), theme.ViewRefreshIcon(), h.Act(d.reload))
	rules := widget.NewButtonWithIcon(lang.X("defic.rules", "Rules…"), theme.SettingsIcon(), h.Act(d.editRules))
	figures := widget.NewButtonWithIcon(lang.X("defic.figures", "Figures…"), theme.GridIcon(), h.Act(d.showFigures))
	kit.SetEnabled(figures, h.Can(model.PermReview))
	d.enable()

	top := container.NewHBox(kit.Heading(lang.X("nav.deficiencies", "Deficiencies")), kit.SpacerH(), widget.NewLabel(lang.X("defic.show", "Show")), show)
	tools := kit.Tools(d.check, d.waive, slips, letters, figures, rules, refresh)
	// The people above their items: side by side, neither table had the
	// width of its columns on a 1024-pixel screen.
	split := container.NewVSplit(peopleView, listView)
	split.Offset = 0.36
	d.reload()
	return container.NewBorder(container.NewVBox(top, tools), d.status, nil, nil, split)
}

// daysOld is a deficiency's age in the table: "12 d".
func daysOld(n int) string {
	return lang.XN("defic.days_old", "{{.Count}} d", n, map[string]any{"Count": n})
}

func (d *desk) personCell(row, col int) string {
	if row == 0 {
		recs, oldest := storage.RecordsDue(d.visible(nil))
		switch col {
		case 0:
			return lang.X("defic.everyone_row", "Everyone")
		case 1:
			return fmt.Sprint(len(d.visible(nil)))
		case 2:
			return fmt.Sprint(recs)
		case 3:
			n := 0
			for _, g := range d.groups {
				n += g.Delinquent
			}
			return fmt.Sprint(n)
		case 4:
			return daysOld(oldest)
		}
		return ""
	}
	g := d.groups[row-1]
	switch col {
	case 0:
		return groupName(g)
	case 1:
		return fmt.Sprint(g.Open)
	case 2:
		return fmt.Sprint(g.Records)
	case 3:
		return fmt.Sprint(g.Delinquent)
	case 4:
		return daysOld(g.OldestAge)
	}
	return ""
}

// groupName is who a group is for: the clinician's name, or the role's
// name in the window's language.
func groupName(g completion.Group) string {
	if g.Role != model.RoleClinician || g.Name == g.Role.Label() {
		return kit.RoleName(g.Role)
	}
	return g.Name
}

// levelWord names an age level in the table (completion.LevelWord is the
// CSV's and the command line's word).
func levelWord(l model.AgeLevel) string {
	switch l {
	case model.AgeWarning:
		return lang.X("defic.level_warning", "warning")
	case model.AgeDelinquent:
		return lang.X("defic.level_delinquent", "delinquent")
	}
	return ""
}

// recordWords names the record a deficiency is on, in the window's
// language and the clinic's date format (completion.RecordWords is the
// CSV's and the command line's).
func (d *desk) recordWords(df model.Deficiency) string {
	switch {
	case df.EncounterID.IsZero():
		return lang.X("defic.record_chart", "Chart")
	case !df.Discharge.IsZero():
		if df.Ward != "" {
			return lang.X("defic.record_stay_to_in", "Stay to {{.Day}} ({{.Ward}})", map[string]any{"Day": d.h.Day(df.Discharge), "Ward": df.Ward})
		}
		return lang.X("defic.record_stay_to", "Stay to {{.Day}}", map[string]any{"Day": d.h.Day(df.Discharge)})
	case df.Ward != "":
		return lang.X("defic.record_stay_in", "Stay in {{.Ward}}", map[string]any{"Ward": df.Ward})
	}
	return lang.X("defic.record_visit", "Visit {{.Day}}", map[string]any{"Day": d.h.Day(df.Since)})
}

func (d *desk) rowCell(row, col int) string {
	r := d.rows[row]
	switch col {
	case 0:
		return r.Patient.MRN
	case 1:
		return r.Patient.Name
	case 2:
		return r.Missing
	case 3:
		return d.recordWords(r.Deficiency)
	case 4:
		return fmt.Sprint(r.Age)
	case 5:
		return levelWord(r.Level)
	case 6:
		return kit.DeficiencyStatusName(r.Status)
	}
	return ""
}

// visible is the queue under the Show choice, optionally within a group.
func (d *desk) visible(g *completion.Group) []storage.DeficiencyRow {
	var out []storage.DeficiencyRow
	for _, r := range d.all {
		switch d.show {
		case showOpen:
			if r.Status != model.DefOpen {
				continue
			}
		case showDelinquent:
			if r.Level != model.AgeDelinquent {
				continue
			}
		case showToCheck:
			if r.Status != model.DefDone {
				continue
			}
		}
		if g != nil && !g.Of(r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// filter recomputes the groups and the list from what was read.
func (d *desk) filter() {
	var keep string
	if d.group >= 0 && d.group < len(d.groups) {
		keep = d.groups[d.group].Name
	}
	d.groups = completion.Groups(d.visible(nil))
	d.group = -1
	for i, g := range d.groups {
		if g.Name == keep {
			d.group = i
		}
	}
	if d.group >= 0 {
		d.rows = d.groups[d.group].Rows
	} else {
		d.rows = d.visible(nil)
	}
	d.sel = -1
	d.list.UnselectAll()
	d.people.Refresh()
	d.list.Refresh()
	d.enable()
	who := lang.X("defic.everyone", "everyone")
	if d.group >= 0 {
		who = groupName(d.groups[d.group])
	}
	recs, oldest := storage.RecordsDue(d.rows)
	d.status.SetText(d.note + lang.X("defic.on_for_the_oldest", "{{.Deficiencies}} on {{.Records}} for {{.Who}}; the oldest is {{.Days}} days old.",
		map[string]any{"Deficiencies": lang.XN("count.deficiencies", "{{.Count}} deficiencies", len(d.rows), map[string]any{"Count": len(d.rows)}),
			"Records": lang.XN("count.records", "{{.Count}} records", recs, map[string]any{"Count": recs}), "Who": who, "Days": oldest}))
	d.note = ""
}

func (d *desk) enable() {
	var r *storage.DeficiencyRow
	if d.sel >= 0 && d.sel < len(d.rows) {
		r = &d.rows[d.sel]
	}
	kit.SetEnabled(d.waive, r != nil && r.Status.Queued())
	kit.SetEnabled(d.check, r != nil && r.Status == model.DefDone)
}

// reload reads the queue: open ones and done ones to check.
func (d *desk) reload() {
	kit.Run(d.h, func(sess *storage.Session) ([]storage.DeficiencyRow, error) {
		return sess.Deficiencies().Open(storage.DeficiencyFilter{Statuses: []model.DeficiencyStatus{model.DefOpen, model.DefDone}})
	}, func(rows []storage.DeficiencyRow, err error) {
		if err != nil {
			d.status.SetText(kit.Plain(err))
			return
		}
		d.all = rows
		d.filter()
	})
}

func (d *desk) selected() (storage.DeficiencyRow, bool) {
	if d.sel < 0 || d.sel >= len(d.rows) {
		return storage.DeficiencyRow{}, false
	}
	return d.rows[d.sel], true
}

func (d *desk) askWaive() {
	r, ok := d.selected()
	if !ok {
		return
	}
	d.h.AskReason(lang.X("defic.waive_the_deficiency", "Waive the deficiency"), lang.X("defic.why_not_needed", "Why is {{.Missing}} not needed for this record?", map[string]any{"Missing": strings.ToLower(r.Missing)}), lang.X("defic.waive", "Waive"), func(reason string) {
		d.act(func(sess *storage.Session) error { _, err := sess.Deficiencies().Waive(r.ID, reason); return err }, "Waived.")
	})
}

func (d *desk) checkSelected() {
	r, ok := d.selected()
	if !ok {
		return
	}
	d.act(func(sess *storage.Session) error { _, err := sess.Deficiencies().Check(r.ID); return err }, "Checked.")
}

func (d *desk) act(change func(*storage.Session) error, done string) {
	kit.Run(d.h, func(sess *storage.Session) (struct{}, error) { return struct{}{}, change(sess) }, func(_ struct{}, err error) {
		if err != nil {
			d.h.ShowError(err)
			return
		}
		d.note = done + " "
		d.reload()
	})
}

// chosenGroups is the selected person, or everyone with something listed.
func (d *desk) chosenGroups() []completion.Group {
	if d.group >= 0 && d.group < len(d.groups) {
		return []completion.Group{d.groups[d.group]}
	}
	return d.groups
}

func (d *desk) printSlips() {
	groups := d.chosenGroups()
	if len(groups) == 0 {
		d.status.SetText(lang.X("defic.nothing_to_print_no", "Nothing to print: no deficiencies listed."))
		return
	}
	d.h.PrintOrSave("Deficiency slips", func(sess *storage.Session) (*printflow.Job, error) {
		return printflow.DeficiencySlipsJob(sess, groups)
	}, func(where string) {
		d.status.SetText(lang.X("defic.deficiency_slips", "Deficiency slips {{.Where}}.", map[string]any{"Where": where}))
	})
}

func (d *desk) printLetters() {
	groups := d.chosenGroups()
	d.h.PrintOrSave("Delinquency letters", func(sess *storage.Session) (*printflow.Job, error) {
		j, n, err := printflow.DelinquencyLettersJob(sess, groups)
		if err == nil && n == 0 {
			err = model.Errorf(model.NotFound, "no clinician listed has records past the warning level: no letter to print")
		}
		return j, err
	}, func(where string) {
		d.status.SetText(lang.X("defic.delinquency_letters", "Delinquency letters {{.Where}}.", map[string]any{"Where": where}))
	})
}
