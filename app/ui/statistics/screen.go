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

var columns = []kit.Column{{Title: "Section", Width: 120, Min: 80}, {Title: "Figure", Width: 250, Min: 160},
	{Title: "Ward", Width: 100, Min: 60}, {Title: "Sex", Width: 40, Min: 36}, {Title: "Age", Width: 60, Min: 44},
	{Title: "Breakdown", Width: 120, Min: 70}, {Title: "Value", Width: 80, Min: 60}}

const allWards = "All wards and the facility"

// Screen is the Statistics section.
func Screen(h *kit.Host) fyne.CanvasObject {
	now := time.Now()
	r := &room{h: h, period: stats.Month(now.Year(), now.Month(), time.Local),
		alerts: kit.WrapLabel("Counting the notifiable diseases…"), status: widget.NewLabel("")}
	r.periodEntry = widget.NewEntry()
	r.periodEntry.SetText(r.period.String())
	r.periodEntry.SetPlaceHolder("2026-11, 2026-Q4, 2026, 2026-11-03 or 2026-11-01..2026-11-15")
	r.periodEntry.OnSubmitted = func(string) { h.Touch(); r.compute() }
	r.ward = widget.NewSelect([]string{allWards}, func(string) { h.Touch(); r.compute() })
	r.ward.SetSelected(allWards)
	r.table, r.flat = kit.NewColumnTable(columns, func() int { return len(r.rows) }, r.cell)
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
	show := widget.NewButtonWithIcon("Show", theme.ViewRefreshIcon(), h.Act(r.compute))
	tools := []fyne.CanvasObject{show}
	if h.Can(model.PermSettings) {
		tools = append(tools, widget.NewButtonWithIcon("Wards and beds…", theme.SettingsIcon(), h.Act(func() { r.editWards() })))
		tools = append(tools, widget.NewButtonWithIcon("Statistics settings…", theme.DocumentCreateIcon(), h.Act(r.editRules)))
	}
	picker := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Period"), prev), next, r.periodEntry)
	top := container.NewVBox(kit.Heading(Title), r.alerts,
		container.NewGridWithColumns(2, picker, container.NewBorder(nil, nil, widget.NewLabel("Ward"), nil, r.ward)),
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
	if row < len(r.rows) && col < len(r.rows[row].Cells) {
		return r.rows[row].Cells[col]
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
	r.status.SetText("Counting " + p.String() + "…")
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
		r.figures, r.rows, r.groups = c.figures, c.rows, c.groups
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
		span := fmt.Sprintf("%d days", p.Days())
		if p.To.After(time.Now()) {
			span = "counted to today"
		}
		r.status.SetText(fmt.Sprintf("%s (%s): %s. Choose a number to see the patients it counts.",
			p.String(), span, kit.CountOf(len(r.rows), "figure")))
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
		opts := []string{allWards}
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
			hot = append(hot, fmt.Sprintf("%s: %d this week, %d last week (alert at %d)",
				a.Disease.Name, a.Weeks[n-1].Cases, weekCases(a, n-2), a.Disease.Threshold))
		} else if total := sumCases(a); total > 0 {
			quiet = append(quiet, fmt.Sprintf("%s %d", a.Disease.Name, total))
		}
	}
	switch {
	case len(hot) > 0:
		s := "⚠ Notifiable disease alert — " + strings.Join(hot, "; ") + ". Report to the district."
		if len(quiet) > 0 {
			s += " Also in the last 4 weeks: " + strings.Join(quiet, ", ") + "."
		}
		return s
	case len(quiet) > 0:
		return "No notifiable disease over its threshold. In the last 4 weeks: " + strings.Join(quiet, ", ") + "."
	}
	return "No notifiable disease in the last 4 weeks."
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

var memberColumns = []kit.Column{{Title: "MRN", Width: 90, Min: 70}, {Title: "Name", Width: 170, Min: 110},
	{Title: "Type", Width: 80, Min: 60}, {Title: "Start", Width: 110, Min: 90}, {Title: "Ward", Width: 90, Min: 60},
	{Title: "Why it counts", Width: 300, Min: 160}}

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
	t, view := kit.NewColumnTable(memberColumns, func() int { return len(ms) }, cell)
	var d interface{ Hide() }
	t.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(ms) && !ms[id.Row].PatientID.IsZero() {
			d.Hide()
			r.h.OpenChart(ms[id.Row].PatientID)
		}
	}
	what := statflow.Label(k.Figure)
	if k.Ward != "" {
		what += ", ward " + k.Ward
	}
	for _, x := range []string{k.Sex, k.Age, k.Extra} {
		if x != "" {
			what += ", " + x
		}
	}
	head := kit.WrapLabel(fmt.Sprintf("%s, %s: %s. Choose one to open the chart.", what, r.period.String(), kit.CountOf(len(ms), "encounter")))
	dl := kit.NewDialog("Patients counted", container.NewBorder(head, nil, nil, nil, view), r.h.Win)
	dl.Resize(r.h.Fit(960, 560))
	d = dl
	dl.Show()
}
