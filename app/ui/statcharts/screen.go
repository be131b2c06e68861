// Package statcharts is the "Charts" page: a month's statistics charts
// (admissions and discharges by month, daily census against beds, occupancy
// by ward, top diagnoses, the age–sex pyramid) drawn on screen, and the
// Monthly statistics report printed or saved. The Statistics section can
// host it (Screen takes the figures' and series' sources).
package statcharts

import (
	"image"
	"time"

	"dossier/app/flow/ministryreturn"
	"dossier/app/flow/monthlyreport"
	"dossier/app/flow/printing"
	"dossier/app/ui/kit"
	md "dossier/model/dhis2"
	"dossier/reports"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the page's name in the navigation.
const Title = "Charts"

// Sources give the figures and the charts' series for a session.
type Sources struct {
	Figures func(*storage.Session) ministryreturn.FigureSource
	Series  func(*storage.Session) monthlyreport.SeriesSource
}

// chartW and chartH are one chart's size on screen: two fit across the
// 1024-pixel window beside the navigation.
const chartW, chartH = 400, 250

// Screen is the page.
func Screen(h *kit.Host, src Sources) fyne.CanvasObject {
	month := widget.NewEntry()
	month.SetText(time.Now().AddDate(0, -1, 0).Format("2006-01"))
	status := widget.NewLabel(lang.X("statcharts.choose_month", "Choose the month, then Show."))
	grid := container.NewGridWrap(fyne.NewSize(chartW, chartH))
	show := func() {
		m, err := md.ParseMonth(month.Text)
		if err != nil {
			status.SetText(kit.Plain(err))
			return
		}
		status.SetText(lang.X("statcharts.drawing", "Drawing the charts of {{.Month}}…", map[string]any{"Month": m.String()}))
		bg, fg := theme.Color(theme.ColorNameBackground), theme.Color(theme.ColorNameForeground) // read on the UI goroutine
		// The charts' titles and months in the window's language.
		words := kit.PrintedWords()
		kit.Run(h, func(sess *storage.Session) ([]image.Image, error) {
			s, err := src.Series(sess)(m.Period(time.Local))
			if err != nil {
				return nil, err
			}
			plots, err := s.Plots(words)
			if err != nil {
				return nil, err
			}
			var imgs []image.Image
			for _, p := range plots {
				reports.Recolor(p, bg, fg)
				imgs = append(imgs, reports.ChartPNG(p, chartW, chartH))
			}
			return imgs, nil
		}, func(imgs []image.Image, err error) {
			if err != nil {
				status.SetText(kit.Plain(err))
				return
			}
			grid.Objects = nil
			for _, img := range imgs {
				c := canvas.NewImageFromImage(img)
				c.FillMode = canvas.ImageFillContain
				grid.Add(c)
			}
			grid.Refresh()
			status.SetText(lang.XN("statcharts.drawn", "{{.Count}} charts for {{.Month}}. Charts with nothing to draw are left out.", len(imgs),
				map[string]any{"Count": len(imgs), "Month": m.String()}))
		})
	}
	month.OnSubmitted = func(string) { show() }
	showB := widget.NewButtonWithIcon(lang.X("statcharts.show", "Show"), theme.SearchIcon(), h.Act(show))
	showB.Importance = widget.HighImportance
	report := widget.NewButtonWithIcon(lang.X("statcharts.monthly_report", "Monthly report…"), theme.DocumentPrintIcon(), h.Act(func() {
		m, err := md.ParseMonth(month.Text)
		if err != nil {
			status.SetText(kit.Plain(err))
			return
		}
		h.PrintOrSave(lang.X("statcharts.report_title", "Monthly statistics report"), func(sess *storage.Session) (*printing.Job, error) {
			return monthlyreport.Job(sess, src.Figures(sess), src.Series(sess), m)
		}, func(where string) {
			status.SetText(lang.X("statcharts.report_done", "Monthly statistics report for {{.Month}} {{.Where}}.", map[string]any{"Month": m.String(), "Where": where}))
		})
	}))
	show() // last month's charts at once: the page is never an empty frame
	top := container.NewVBox(kit.Heading(lang.X("nav.charts", "Charts")),
		container.NewHBox(widget.NewLabel(lang.X("statcharts.month", "Month (YYYY-MM)")), container.NewGridWrap(fyne.NewSize(100, month.MinSize().Height), month), showB, report))
	return container.NewBorder(top, status, nil, nil, container.NewVScroll(grid))
}
