package reports

import (
	"image"
	"image/color"

	"dossier/model"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// delinquencyLimit is the accreditation ceiling on the delinquency rate.
const delinquencyLimit = 50.0

// DelinquencyChart draws the delinquency rate by month (bars, in percent)
// against the 50% accreditation limit (a line), as a picture in memory of
// width × height pixels: the desk shows it, nothing is written to disk.
// A month with no discharges in the period draws no bar.
func DelinquencyChart(f model.Figures, width, height int) (image.Image, error) {
	p := plot.New()
	p.Title.Text = "Delinquency rate by month (%)"
	p.Y.Label.Text = "% of average monthly discharges"
	p.Y.Min = 0
	vals := make(plotter.Values, len(f.Months))
	names := make([]string, len(f.Months))
	top := delinquencyLimit
	for i, m := range f.Months {
		names[i] = m.Month.String()
		if m.HasRate {
			vals[i] = 100 * m.Rate
			top = max(top, vals[i])
		}
	}
	p.Y.Max = top * 1.1
	if len(vals) > 0 {
		bars, err := plotter.NewBarChart(vals, vg.Points(max(4, min(40, 400/float64(len(vals))))))
		if err != nil {
			return nil, err
		}
		bars.Color = color.RGBA{R: 0x3b, G: 0x6e, B: 0xa8, A: 0xff}
		bars.LineStyle.Width = 0
		p.Add(bars)
		p.NominalX(names...)
	}
	limit := plotter.NewFunction(func(float64) float64 { return delinquencyLimit })
	limit.Color = color.RGBA{R: 0xc0, A: 0xff}
	limit.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	limit.Width = vg.Points(1.5)
	p.Add(limit)
	p.Legend.Add("50% limit", limit)
	p.Legend.Top = true
	if len(vals) > 0 {
		p.X.Min, p.X.Max = -0.6, float64(len(vals))-0.4
	}
	dpi := 96.0
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(float64(width)/dpi)*vg.Inch, vg.Length(float64(height)/dpi)*vg.Inch), vgimg.UseDPI(int(dpi)))
	p.Draw(draw.New(c))
	return c.Image(), nil
}
