package reports

import (
	"image/color"
	"testing"

	"dossier/model"
)

func TestDelinquencyChartDrawsInMemory(t *testing.T) {
	for _, months := range [][]model.MonthFigure{
		nil, // an empty period still draws the limit
		{{Month: model.Month{Year: 2026, Month: 1}, Discharges: 10, Delinquent: 6, Rate: 0.6, HasRate: true},
			{Month: model.Month{Year: 2026, Month: 2}}},
	} {
		img, err := DelinquencyChart(model.Figures{Months: months}, 480, 300)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 480 || b.Dy() != 300 {
			t.Errorf("chart is %v, want 480×300", b)
		}
		// Something was drawn: not every pixel is the background.
		bg := color.RGBAModel.Convert(img.At(0, 0))
		drawn := false
		for y := 0; y < 300 && !drawn; y += 3 {
			for x := 0; x < 480; x += 3 {
				if color.RGBAModel.Convert(img.At(x, y)) != bg {
					drawn = true
					break
				}
			}
		}
		if !drawn {
			t.Error("the chart is blank")
		}
	}
}
