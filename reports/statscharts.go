package reports

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"dossier/reports/printed"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The Statistics section's charts. Each takes plain series (the statistics
// engine feeds them) and returns a gonum/plot figure, drawn as a PNG for
// the screen (ChartPNG) or as vector paths into a PDF (drawPlotPDF). Their
// titles, legends, axis labels and month names are in w's language (the
// zero Words: English).

var (
	chartBlue   = color.RGBA{R: 0x3b, G: 0x6e, B: 0xa8, A: 0xff}
	chartOrange = color.RGBA{R: 0xd9, G: 0x7a, B: 0x2b, A: 0xff}
	chartRed    = color.RGBA{R: 0xc0, G: 0x20, B: 0x20, A: 0xff}
)

// MonthCount is one month's count of a series.
type MonthCount struct {
	Month time.Time // any day of the month
	Value float64
}

// DayValue is one day's value of a series.
type DayValue struct {
	Day   time.Time
	Value float64
}

// NamedValue is one bar: a ward, a diagnosis.
type NamedValue struct {
	Name  string
	Value float64
}

// AgeSexBand is one band of an age–sex pyramid.
type AgeSexBand struct {
	Age          string
	Male, Female float64
}

// newChart starts a figure with the charts' font and a title.
func newChart(title string) *plot.Plot {
	chartFonts()
	p := plot.New()
	f := func(size vg.Length, bold bool) font.Font {
		ft := font.Font{Typeface: chartTypeface, Size: size}
		if bold {
			ft.Weight = 700
		}
		return ft
	}
	p.Title.Text = title
	p.Title.TextStyle.Font = f(11, true)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = f(9, false)
		a.Tick.Label.Font = f(8, false)
	}
	p.Legend.TextStyle.Font = f(8, false)
	p.Legend.Top = true
	return p
}

func bars(vals plotter.Values, width vg.Length, c color.Color) (*plotter.BarChart, error) {
	b, err := plotter.NewBarChart(vals, width)
	if err != nil {
		return nil, err
	}
	b.Color = c
	b.LineStyle.Width = 0
	return b, nil
}

// AdmissionsChart draws admissions and discharges by month, side by side.
func AdmissionsChart(w printed.Words, admissions, discharges []MonthCount) (*plot.Plot, error) {
	p := newChart(w.T("chart.admissions.title"))
	p.Y.Label.Text = w.T("chart.patients")
	p.Y.Min = 0
	p.Y.Tick.Marker = countTicks{}
	n := max(len(admissions), len(discharges))
	a, d := make(plotter.Values, n), make(plotter.Values, n)
	names := make([]string, n)
	for i := range n {
		if i < len(admissions) {
			a[i], names[i] = admissions[i].Value, monthLabel(w, admissions[i].Month, i)
		}
		if i < len(discharges) {
			d[i] = discharges[i].Value
			if names[i] == "" {
				names[i] = monthLabel(w, discharges[i].Month, i)
			}
		}
	}
	if n == 0 {
		return p, nil
	}
	bw := vg.Points(max(2, min(14, 110/float64(n))))
	ab, err := bars(a, bw, chartBlue)
	if err != nil {
		return nil, err
	}
	db, err := bars(d, bw, chartOrange)
	if err != nil {
		return nil, err
	}
	ab.Offset, db.Offset = -bw/2, bw/2
	p.Add(ab, db)
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Max = 1
	for i := range n {
		p.Y.Max = max(p.Y.Max, a[i]*1.15, d[i]*1.15) // room for the legend
	}
	p.Legend.Add(w.T("chart.admissions.admissions"), ab)
	p.Legend.Add(w.T("chart.admissions.discharges"), db)
	p.NominalX(names...)
	return p, nil
}

// CensusChart draws the midnight census by day against the beds.
func CensusChart(w printed.Words, census, beds []DayValue) (*plot.Plot, error) {
	p := newChart(w.T("chart.census.title"))
	p.Y.Label.Text = w.T("chart.patients")
	p.Y.Min = 0
	p.Y.Tick.Marker = countTicks{}
	p.X.Tick.Marker = dayTicks{w}
	xy := func(s []DayValue) plotter.XYs {
		out := make(plotter.XYs, len(s))
		for i, d := range s {
			out[i].X, out[i].Y = float64(d.Day.Unix()), d.Value
		}
		return out
	}
	if len(census) > 0 {
		l, err := plotter.NewLine(xy(census))
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = chartBlue, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(w.T("chart.census.census"), l)
	}
	if len(beds) > 0 {
		l, err := plotter.NewLine(xy(beds))
		if err != nil {
			return nil, err
		}
		l.StepStyle = plotter.PostStep
		l.Color, l.Width, l.Dashes = chartRed, vg.Points(1.2), []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(w.T("chart.census.beds"), l)
	}
	p.Y.Min = 0
	for _, s := range [][]DayValue{census, beds} {
		for _, d := range s {
			p.Y.Max = max(p.Y.Max, d.Value*1.15)
		}
	}
	p.Y.Max = max(p.Y.Max, 1)
	return p, nil
}

// dayTicks labels a time axis by day and short month ("1 Nov", "1 nov."):
// gonum's time ticks, their labels in the language.
type dayTicks struct{ w printed.Words }

func (d dayTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.TimeTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			t := plot.UTCUnixTime(ts[i].Value)
			ts[i].Label = d.w.T("chart.day_month", t.Day(), d.w.ShortMonth(t.Month()))
		}
	}
	return ts
}

// monthLabel names a month on the axis: its short name, with the
// year on a second line at January and at the first month, so twelve
// fit a 400-pixel chart without running into each other.
func monthLabel(w printed.Words, m time.Time, i int) string {
	if m.Month() == time.January || i == 0 {
		return w.ShortMonth(m.Month()) + "\n" + strconv.Itoa(m.Year())
	}
	return w.ShortMonth(m.Month())
}

// horizontal draws named values as horizontal bars, the first at the top.
func horizontal(title, unit string, vals []NamedValue, c color.Color) (*plot.Plot, error) {
	p := newChart(title)
	p.X.Label.Text = unit
	p.X.Min = 0
	if len(vals) == 0 {
		return p, nil
	}
	v := make(plotter.Values, len(vals))
	names := make([]string, len(vals))
	for i, nv := range vals { // reversed: gonum draws the first bar at the bottom
		j := len(vals) - 1 - i
		v[j], names[j] = nv.Value, nv.Name
	}
	b, err := bars(v, vg.Points(max(3, min(30, 120/float64(len(vals))))), c)
	if err != nil {
		return nil, err
	}
	b.Horizontal = true
	p.Add(b)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(vals))-0.4
	top := 1.0
	for _, x := range v {
		top = max(top, x)
	}
	p.X.Max = top * 1.08
	return p, nil
}

// OccupancyChart draws the bed occupancy rate of each ward, in percent.
func OccupancyChart(w printed.Words, wards []NamedValue) (*plot.Plot, error) {
	return horizontal(w.T("chart.occupancy.title"), w.T("chart.occupancy.unit", "%"), wards, chartBlue)
}

// TopDiagnosesChart draws the commonest diagnoses, commonest first.
func TopDiagnosesChart(w printed.Words, top []NamedValue) (*plot.Plot, error) {
	short := make([]NamedValue, len(top))
	for i, d := range top {
		short[i] = NamedValue{Name: shorten(d.Name, 30), Value: d.Value} // the labels share the chart's width with the bars
	}
	p, err := horizontal(w.T("chart.diagnoses.title"), w.T("chart.diagnoses.unit"), short, chartOrange)
	if err == nil {
		p.X.Tick.Marker = countTicks{}
	}
	return p, err
}

// PyramidChart draws attendances by age band, males to the left and
// females to the right, youngest at the bottom.
func PyramidChart(w printed.Words, bands []AgeSexBand) (*plot.Plot, error) {
	p := newChart(w.T("chart.pyramid.title"))
	p.X.Label.Text = w.T("chart.pyramid.axis")
	if len(bands) == 0 {
		return p, nil
	}
	m, f := make(plotter.Values, len(bands)), make(plotter.Values, len(bands))
	names := make([]string, len(bands))
	top := 1.0
	for i, b := range bands {
		m[i], f[i], names[i] = -b.Male, b.Female, b.Age
		top = max(top, b.Male, b.Female)
	}
	bw := vg.Points(max(3, min(30, 120/float64(len(bands)))))
	mb, err := bars(m, bw, chartBlue)
	if err != nil {
		return nil, err
	}
	fb, err := bars(f, bw, chartOrange)
	if err != nil {
		return nil, err
	}
	mb.Horizontal, fb.Horizontal = true, true
	p.Add(mb, fb)
	p.Legend.Add(w.T("sex.male"), mb)
	p.Legend.Add(w.T("sex.female"), fb)
	p.NominalY(names...)
	p.X.Min, p.X.Max = -top*1.1, top*1.1
	p.Y.Min, p.Y.Max = -0.6, float64(len(bands))-0.4
	p.X.Tick.Marker = absTicks{}
	return p, nil
}

// absTicks labels a pyramid's axis without the males' minus sign.
type absTicks struct{}

func (absTicks) Ticks(min, max float64) []plot.Tick {
	ts := countTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" && ts[i].Label[0] == '-' {
			ts[i].Label = ts[i].Label[1:]
		}
	}
	return ts
}

// countTicks labels an axis of counts with whole numbers only: a quiet
// month's axis reads 0 and 1 patients, never 0.5.
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	out := ts[:0]
	for _, t := range ts {
		if t.Label != "" && t.Value != math.Trunc(t.Value) {
			continue // a fractional count: not labelled, not drawn
		}
		out = append(out, t)
	}
	return out
}

// ChartPNG draws a chart as a picture of width × height pixels for the
// screen (nothing is written to disk).
func ChartPNG(p *plot.Plot, width, height int) image.Image {
	const dpi = 96.0
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(float64(width)/dpi)*vg.Inch, vg.Length(float64(height)/dpi)*vg.Inch), vgimg.UseDPI(int(dpi)))
	p.Draw(draw.New(c))
	return c.Image()
}

// Recolor gives a chart the screen's colours (a dark theme's background
// and text) instead of paper's white and black; the series keep theirs.
func Recolor(p *plot.Plot, bg, fg color.Color) {
	p.BackgroundColor = bg
	p.Title.TextStyle.Color = fg
	p.Legend.TextStyle.Color = fg
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = fg
		a.Label.TextStyle.Color = fg
		a.Tick.Label.Color = fg
		a.Tick.LineStyle.Color = fg
		a.LineStyle.Color = fg
	}
}

// shorten cuts a label to n characters, with an ellipsis.
func shorten(t string, n int) string {
	r := []rune(t)
	if len(r) <= n {
		return t
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
