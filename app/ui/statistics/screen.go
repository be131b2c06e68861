// Package statistics is the Statistics section: the notifiable-disease
// alerts of the last weeks, the facility's figures for a period (day,
// month, quarter, year or range) and a ward, and, for any number, the
// patients or stays it counts (audited). Every role that reads records
// reads it; wards and beds are set by administrators (wards.go).
package statistics

import (
	"fmt"
	"slices"
	"strings"
	"time"

	statflow "dossier/app/flow/statistics"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/stats"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Statistics"

// room is the screen's state; touched only on the UI goroutine.
type room struct {
	h       *kit.Host
	period  stats.Period
	figures stats.Figures
	rows    []statflow.Row
	cells   [][]string // rows' cells in the window's language
	groups  []statflow.Group
	wards   []model.Ward

	periodEntry *widget.Entry
	ward        *widget.Select
	table       *widget.Table // every figure, one per line
	flat        fyne.CanvasObject
	show        *widget.Select // which grouped table, or the flat list
	body        *fyne.Container
	alerts      *widget.Label
	status      *widget.Label
}

func columns() []kit.Column {
	return []kit.Column{{Title: lang.X("statistics.col.section", "Section"), Width: 120, Min: 80}, {Title: lang.X("statistics.col.figure", "Figure"), Width: 250, Min: 160},
		{Title: lang.X("statistics.col.ward", "Ward"), Width: 100, Min: 60}, {Title: lang.X("col.sex", "Sex"), Width: 40, Min: 36},
		{Title: lang.X("statistics.col.age", "Age"), Width: 60, Min: 44}, {Title: lang.X("statistics.col.breakdown", "Breakdown"), Width: 120, Min: 70},
		{Title: lang.X("statistics.col.value", "Value"), Width: 80, Min: 60}}
}

// allWards is the ward list's first choice: no ward filter.
func allWards() string { return lang.X("statistics.all_wards", "All wards and the facility") }

// Screen is the Statistics section.
func Screen(h *kit.Host) fyne.CanvasObject {
	now := time.Now()
	r := &room{h: h, period: stats.Month(now.Year(), now.Month(), time.Local),
		alerts: kit.WrapLabel(lang.X("statistics.counting_notifiable", "Counting the notifiable diseases…")), status: widget.NewLabel("")}
	r.periodEntry = widget.NewEntry()
	r.periodEntry.SetText(r.period.String())
	r.periodEntry.SetPlaceHolder(lang.X("statistics.period_hint", "2026-11, 2026-Q4, 2026, 2026-11-03 or 2026-11-01..2026-11-15"))
	r.periodEntry.OnSubmitted = func(string) { h.Touch(); r.compute() }
	r.ward = widget.NewSelect([]string{allWards()}, func(string) { h.Touch(); r.compute() })
	r.ward.SetSelected(allWards())
	r.table, r.flat = kit.NewColumnTable(columns(), func() int { return len(r.rows) }, r.cell)
	r.body = container.NewStack(r.flat)
	r.show = widget.NewSelect(nil, func(string) { h.Touch(); r.showView() })
	r.table.OnSelected = func(id widget.TableCellID) {
		h.Touch()
		if id.Row >= 0 && id.Row < len(r.rows) {
			r.drill(r.rows[id.Row].Key)
		}
		r.table.UnselectAll()
	}
	step := func(n int) func() {
		return h.Act(func() { r.period = shift(r.period, n); r.periodEntry.SetText(r.period.String()); r.compute() })
	}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), step(-1))
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), step(1))
	show := widget.NewButtonWithIcon(lang.X("statistics.show_button", "Show"), theme.ViewRefreshIcon(), h.Act(r.compute))
	tools := []fyne.CanvasObject{show}
	if h.Can(model.PermSettings) {
		tools = append(tools, widget.NewButtonWithIcon(lang.X("statistics.wards_and_beds", "Wards and beds…"), theme.SettingsIcon(), h.Act(func() { r.editWards() })))
		tools = append(tools, widget.NewButtonWithIcon(lang.X("statistics.settings", "Statistics settings…"), theme.DocumentCreateIcon(), h.Act(r.editRules)))
	}
	picker := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(lang.X("statistics.period", "Period")), prev), next, r.periodEntry)
	top := container.NewVBox(kit.Heading(lang.X("nav.statistics", "Statistics")), r.alerts,
		container.NewGridWithColumns(2, picker, container.NewBorder(nil, nil, widget.NewLabel(lang.X("statistics.col.ward", "Ward")), nil, r.ward)),
		container.NewBorder(nil, nil, widget.NewLabel(lang.X("statistics.show", "Table")), kit.Tools(tools...), r.show))
	r.loadAlerts()
	r.loadWards()
	r.compute()
	return container.NewBorder(top, r.status, nil, nil, r.body)
}

// showView puts the chosen grouped table, or the list of every figure, in
// the body.
func (r *room) showView() {
	for _, g := range r.groups {
		if viewName(g.ID) == r.show.Selected {
			r.body.Objects = []fyne.CanvasObject{r.groupTable(g)}
			r.body.Refresh()
			return
		}
	}
	r.body.Objects = []fyne.CanvasObject{r.flat}
	r.body.Refresh()
}

// shift moves a period by n of its own length (a month by months, a year
// by years, a range by its days).
func shift(p stats.Period, n int) stats.Period {
	s := p.String()
	loc := p.From.Location()
	switch {
	case len(s) == 7: // a month
		f := p.From.AddDate(0, n, 0)
		return stats.Month(f.Year(), f.Month(), loc)
	case strings.Contains(s, "-Q"):
		f := p.From.AddDate(0, 3*n, 0)
		return stats.Quarter(f.Year(), int(f.Month()-1)/3+1, loc)
	case len(s) == 4:
		return stats.Year(p.From.Year()+n, loc)
	}
	d := p.Days() * n
	return stats.Period{From: p.From.AddDate(0, 0, d), To: p.To.AddDate(0, 0, d)}
}

func (r *room) cell(row, col int) string {
	if row < len(r.cells) && col < len(r.cells[row]) {
		return r.cells[row][col]
	}
	return ""
}

func (r *room) wardFilter() string {
	for _, w := range r.wards {
		if w.Name+" ("+w.ID+")" == r.ward.Selected {
			return w.ID
		}
	}
	return ""
}

// counted is a period's figures laid out, made off the UI goroutine
// (the diagnoses' titles may load the code set).
type counted struct {
	figures stats.Figures
	rows    []statflow.Row
	groups  []statflow.Group
}

// compute reads the period typed and shows its figures.
func (r *room) compute() {
	p, err := stats.ParsePeriod(r.periodEntry.Text, time.Local)
	if err != nil {
		r.status.SetText(err.Error())
		return
	}
	r.period = p
	opt := statflow.Options{Ward: r.wardFilter()}
	r.status.SetText(lang.X("statistics.counting", "Counting {{.Period}}…", map[string]any{"Period": p.String()}))
	kit.Run(r.h, func(sess *storage.Session) (counted, error) {
		f, err := statflow.Compute(sess, p, opt)
		if err != nil {
			return counted{}, err
		}
		return counted{f, statflow.Rows(f), statflow.Groups(f)}, nil
	}, func(c counted, err error) {
		if err != nil {
			r.status.SetText(kit.Plain(err))
			return
		}
		r.figures, r.rows, r.groups = c.figures, c.rows, localGroups(c.groups)
		r.cells = make([][]string, len(c.rows))
		for i, row := range c.rows {
			r.cells[i] = rowCells(row)
		}
		r.table.Refresh()
		r.table.ScrollToTop()
		names, keep := viewNames(r.groups), r.show.Selected
		r.show.SetOptions(names)
		if !slices.Contains(names, keep) {
			keep = names[0]
		}
		changed := r.show.OnChanged
		r.show.OnChanged = nil // drawn once, below, even when the choice stays
		r.show.SetSelected(keep)
		r.show.OnChanged = changed
		r.showView()
		span := lang.XN("statistics.days", "{{.Count}} days", p.Days(), map[string]any{"Count": p.Days()})
		if p.To.After(time.Now()) {
			span = lang.X("statistics.counted_to_today", "counted to today")
		}
		r.status.SetText(lang.XN("statistics.computed", "{{.Period}} ({{.Span}}): {{.Count}} figures. Choose a number to see the patients it counts.",
			len(r.rows), map[string]any{"Period": p.String(), "Span": span, "Count": len(r.rows)}))
	})
}

func (r *room) loadWards() {
	kit.Run(r.h, func(sess *storage.Session) (model.StatSettings, error) {
		return sess.Statistics().Settings()
	}, func(s model.StatSettings, err error) {
		if err != nil {
			return
		}
		r.wards = s.Wards
		opts := []string{allWards()}
		for _, w := range s.Wards {
			opts = append(opts, w.Name+" ("+w.ID+")")
		}
		r.ward.SetOptions(opts)
	})
}

// loadAlerts shows the notifiable diseases of the last four weeks, those
// that reached their threshold this week or last first.
func (r *room) loadAlerts() {
	kit.Run(r.h, func(sess *storage.Session) ([]statflow.Alert, error) {
		return statflow.Alerts(sess, time.Now(), 4)
	}, func(as []statflow.Alert, err error) {
		if err != nil {
			r.alerts.SetText(kit.Plain(err))
			return
		}
		r.alerts.SetText(AlertText(as))
	})
}

// AlertText is the front page's line on the notifiable diseases.
func AlertText(as []statflow.Alert) string {
	var hot, quiet []string
	for _, a := range as {
		n := len(a.Weeks)
		if a.Triggered {
			hot = append(hot, lang.X("statistics.alert_disease", "{{.Disease}}: {{.ThisWeek}} this week, {{.LastWeek}} last week (alert at {{.Threshold}})",
				map[string]any{"Disease": a.Disease.Name, "ThisWeek": a.Weeks[n-1].Cases, "LastWeek": weekCases(a, n-2), "Threshold": a.Disease.Threshold}))
		} else if total := sumCases(a); total > 0 {
			quiet = append(quiet, fmt.Sprintf("%s %d", a.Disease.Name, total))
		}
	}
	switch {
	case len(hot) > 0:
		s := lang.X("statistics.alert", "⚠ Notifiable disease alert — {{.List}}. Report to the district.", map[string]any{"List": strings.Join(hot, "; ")})
		if len(quiet) > 0 {
			s += " " + lang.X("statistics.alert_also", "Also in the last 4 weeks: {{.List}}.", map[string]any{"List": strings.Join(quiet, ", ")})
		}
		return s
	case len(quiet) > 0:
		return lang.X("statistics.no_alert", "No notifiable disease over its threshold. In the last 4 weeks: {{.List}}.", map[string]any{"List": strings.Join(quiet, ", ")})
	}
	return lang.X("statistics.no_notifiable", "No notifiable disease in the last 4 weeks.")
}

func weekCases(a statflow.Alert, i int) int {
	if i < 0 || i >= len(a.Weeks) {
		return 0
	}
	return a.Weeks[i].Cases
}

func sumCases(a statflow.Alert) int {
	n := 0
	for _, w := range a.Weeks {
		n += w.Cases
	}
	return n
}

// drill lists the patients or stays a figure counts (audited by storage).
func (r *room) drill(k stats.Key) {
	p := r.period
	kit.Run(r.h, func(sess *storage.Session) ([]statflow.Member, error) {
		return statflow.Members(sess, p, k)
	}, func(ms []statflow.Member, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		r.showMembers(k, ms)
	})
}

func memberColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("col.mrn", "MRN"), Width: 90, Min: 70}, {Title: lang.X("col.name", "Name"), Width: 170, Min: 110},
		{Title: lang.X("statistics.col.type", "Type"), Width: 80, Min: 60}, {Title: lang.X("statistics.col.start", "Start"), Width: 110, Min: 90},
		{Title: lang.X("statistics.col.ward", "Ward"), Width: 90, Min: 60}, {Title: lang.X("statistics.col.why_it_counts", "Why it counts"), Width: 300, Min: 160}}
}

func (r *room) showMembers(k stats.Key, ms []statflow.Member) {
	cell := func(row, col int) string {
		m := ms[row]
		switch col {
		case 0:
			return m.MRN
		case 1:
			return m.Name
		case 2:
			return string(m.Type)
		case 3:
			return m.Start.Local().Format("2006-01-02 15:04")
		case 4:
			return m.Ward
		case 5:
			return m.Reason
		}
		return ""
	}
	t, view := kit.NewColumnTable(memberColumns(), func() int { return len(ms) }, cell)
	var d interface{ Hide() }
	t.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(ms) && !ms[id.Row].PatientID.IsZero() {
			d.Hide()
			r.h.OpenChart(ms[id.Row].PatientID)
		}
	}
	what := figureName(k.Figure)
	if k.Ward != "" {
		what += ", " + lang.X("statistics.ward_named", "ward {{.Ward}}", map[string]any{"Ward": k.Ward})
	}
	for _, x := range []string{sexWord(k.Sex), ageWord(k.Age), extraWord(k.Figure, k.Extra)} {
		if x != "" {
			what += ", " + x
		}
	}
	head := kit.WrapLabel(lang.XN("statistics.members_head", "{{.What}}, {{.Period}}: {{.Count}} encounters. Choose one to open the chart.", len(ms),
		map[string]any{"What": what, "Period": r.period.String(), "Count": len(ms)}))
	dl := kit.NewDialog(lang.X("statistics.patients_counted", "Patients counted"), container.NewBorder(head, nil, nil, nil, view), r.h.Win)
	dl.Resize(r.h.Fit(960, 560))
	d = dl
	dl.Show()
}
