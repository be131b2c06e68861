package deficiencies

import (
	"fmt"
	"image"
	"time"

	"dossier/app/flow/completion"
	"dossier/app/flow/export"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// figuresView is the desk's Figures dialog: the chart-completion figures
// of a period as numbers (a table) and the delinquency rate by month as a
// chart, with the period's CSV export. Touched only on the UI goroutine.
type figuresView struct {
	h        *kit.Host
	from, to *widget.Entry
	table    reports.Table
	list     *widget.Table
	chart    *canvas.Image
	summary  *widget.Label
	export   *widget.Button
	period   [2]model.Month // of the figures shown
}

func figureColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("deficiencies.figures.col_section", "Section"), Width: 72, Min: 60}, {Title: lang.X("deficiencies.figures.col_item", "Item"), Width: 140, Min: 90},
		{Title: lang.X("deficiencies.figures.col_measure", "Measure"), Width: 230, Min: 120}, {Title: lang.X("deficiencies.figures.col_value", "Value"), Width: 66, Min: 56}}
}

// chartW and chartH are the chart's pixels: beside the table, within a
// 1024×700 window's dialog.
const chartW, chartH = 460, 420

// showFigures opens the Figures view on the last six months.
func (d *desk) showFigures() {
	h := d.h
	v := &figuresView{h: h, from: widget.NewEntry(), to: widget.NewEntry(), summary: widget.NewLabel(lang.X("deficiencies.figures.reading", "Reading the figures…"))}
	to := model.MonthOf(time.Now())
	v.to.SetText(to.String())
	v.from.SetText(model.MonthOf(to.Start(time.Local).AddDate(0, -5, 0)).String())
	v.from.SetPlaceHolder(lang.X("deficiencies.figures.month_hint", "YYYY-MM"))
	v.to.SetPlaceHolder(lang.X("deficiencies.figures.month_hint", "YYYY-MM"))
	var listView fyne.CanvasObject
	v.list, listView = kit.NewColumnTable(figureColumns(), func() int { return len(v.table.Rows) }, func(row, col int) string {
		if row < len(v.table.Rows) && col < len(v.table.Rows[row]) {
			return v.table.Rows[row][col]
		}
		return ""
	})
	v.chart = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	v.chart.FillMode = canvas.ImageFillContain
	v.chart.SetMinSize(fyne.NewSize(chartW*0.8, chartH*0.6))
	show := widget.NewButtonWithIcon(lang.X("deficiencies.figures.show", "Show"), theme.ViewRefreshIcon(), h.Act(v.load))
	v.from.OnSubmitted = func(string) { h.Touch(); v.load() }
	v.to.OnSubmitted = func(string) { h.Touch(); v.load() }
	v.export = widget.NewButtonWithIcon(lang.X("deficiencies.figures.export_csv", "Export CSV…"), theme.DocumentSaveIcon(), h.Act(v.exportCSV))
	kit.SetEnabled(v.export, false)
	top := container.NewHBox(widget.NewLabel(lang.X("deficiencies.figures.from", "From")), sized(v.from), widget.NewLabel(lang.X("deficiencies.figures.to", "to")), sized(v.to), show, v.export)
	split := container.NewHSplit(listView, v.chart)
	split.Offset = 0.52
	body := container.NewBorder(top, v.summary, nil, nil, split)
	dlg := dialog.NewCustom(lang.X("deficiencies.figures.title", "Deficiency figures"), lang.X("deficiencies.figures.close", "Close"), body, h.Win)
	dlg.Resize(h.Fit(1000, 660))
	dlg.Show()
	h.Win.Canvas().Focus(v.from)
	v.load()
}

// sized keeps a month entry narrow in the tool row.
func sized(e *widget.Entry) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(96, e.MinSize().Height), e)
}

func (v *figuresView) load() {
	from, err := model.ParseMonth(v.from.Text)
	if err == nil {
		var to model.Month
		if to, err = model.ParseMonth(v.to.Text); err == nil {
			v.read(from, to)
			return
		}
	}
	v.summary.SetText(kit.Plain(err))
}

// figuresRead is what the background read hands the UI goroutine.
type figuresRead struct {
	f     model.Figures
	chart image.Image
}

func (v *figuresView) read(from, to model.Month) {
	v.summary.SetText(lang.X("deficiencies.figures.reading", "Reading the figures…"))
	kit.Run(v.h, func(sess *storage.Session) (figuresRead, error) {
		f, err := sess.Deficiencies().Figures(from, to)
		if err != nil {
			return figuresRead{}, err
		}
		img, err := reports.DelinquencyChart(f, chartW, chartH)
		return figuresRead{f, img}, err
	}, func(r figuresRead, err error) {
		if err != nil {
			v.summary.SetText(kit.Plain(err))
			return
		}
		v.period = [2]model.Month{from, to}
		v.table = completion.FiguresTable(r.f)
		v.list.Refresh()
		v.chart.Image = r.chart
		v.chart.Refresh()
		kit.SetEnabled(v.export, true)
		rate := completion.RateText(r.f.Rate, r.f.HasRate)
		if !r.f.HasRate {
			rate = lang.X("deficiencies.figures.no_discharges", "no discharges")
		}
		v.summary.SetText(lang.X("deficiencies.figures.summary", "{{.From}} to {{.To}}: delinquency rate {{.Rate}} (the limit is 50%); median {{.Median}} days from discharge to complete over {{.Records}}.", map[string]any{"From": from.String(), "To": to.String(), "Rate": rate, "Median": fmt.Sprintf("%.1f", r.f.MedianDays),
			"Records": lang.XN("deficiencies.figures.records", "{{.Count}} records", r.f.Completed, map[string]any{"Count": r.f.Completed})}))
	})
}

// exportCSV saves the figures of the period shown through the export path
// (permission checked and the export audited in storage).
func (v *figuresView) exportCSV() {
	h := v.h
	l := export.Figures(v.period[0], v.period[1])
	name := fmt.Sprintf("deficiency-figures-%s-%s.csv", v.period[0], v.period[1])
	h.AskSavePath(name, func(path string) {
		kit.Run(h, func(sess *storage.Session) (int, error) { return l.Save(sess, path) }, func(n int, err error) {
			if err != nil {
				h.ShowError(err)
				return
			}
			v.summary.SetText(lang.XN("deficiencies.figures.written", "{{.Title}}: {{.Count}} rows written to {{.Path}}.", n, map[string]any{"Title": l.Title, "Count": n, "Path": path}))
		})
	})
}
