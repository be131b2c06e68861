package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports/printed"
)

func sampleSeries() ChartSeries {
	var s ChartSeries
	for i := range 12 {
		m := time.Date(2025, time.December+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		s.Admissions = append(s.Admissions, MonthCount{m, float64(40 + i*3)})
		s.Discharges = append(s.Discharges, MonthCount{m, float64(38 + i*3)})
	}
	for d := range 30 {
		day := time.Date(2026, 11, d+1, 0, 0, 0, 0, time.UTC)
		s.Census = append(s.Census, DayValue{day, float64(20 + d%7)})
		beds := 30.0
		if d >= 15 {
			beds = 34 // a bed-count change mid-month
		}
		s.Beds = append(s.Beds, DayValue{day, beds})
	}
	s.Occupancy = []NamedValue{{"Medical", 92}, {"Surgical", 71}, {"Maternity", 64}, {"Paediatric", 103}}
	s.TopDiagnoses = []NamedValue{{"B54 Malaria, unspecified", 120}, {"J18 Pneumonia", 64}, {"A09 Gastroenteritis", 51},
		{"O80 Spontaneous delivery", 40}, {"E86 Dehydration", 12}}
	s.Pyramid = []AgeSexBand{{"<1", 30, 28}, {"1-4", 80, 75}, {"5-14", 60, 66}, {"15-49", 120, 210}, {"50+", 44, 51}}
	return s
}

func TestChartsDraw(t *testing.T) {
	plots, err := sampleSeries().Plots(printed.Words{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != 5 {
		t.Fatalf("%d charts", len(plots))
	}
	for _, p := range plots {
		img := ChartPNG(p, 480, 300)
		if img.Bounds().Dx() != 480 || img.Bounds().Dy() != 300 || blank(img) {
			t.Errorf("%s: %v, blank %v", p.Title.Text, img.Bounds(), blank(img))
		}
	}
	// Nothing to draw: no chart rather than an empty frame.
	if plots, _ := (ChartSeries{}).Plots(printed.Words{}); len(plots) != 0 {
		t.Fatalf("%d charts of nothing", len(plots))
	}
}

// blank reports a picture of one colour.
func blank(img image.Image) bool {
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

func sampleMonthly() MonthlyReport {
	return MonthlyReport{Clinic: model.Clinic{Name: "Kasongo District Hospital"}, Month: "November 2026",
		Figures: []FigureLine{{"Inpatients", "Admissions", "41"}, {"Inpatients", "Bed occupancy rate", "83.3%"},
			{"Outpatients", "New attendances", "512"}},
		Charts: sampleSeries(), PrintedBy: "sam", PrintedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
}

func TestMonthlyReportPDF(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMonthlyReport(&b, sampleMonthly()); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, b.Bytes())
	n := pdfPages(t, b.Bytes())
	// The charts are vector: their titles and tick labels are text in the PDF.
	for _, want := range []string{"Monthly statistics report — November 2026", "Bed occupancy rate", "83.3%",
		"Admissions and discharges by month", "Daily census against beds", "Bed occupancy by ward", "Paediatric",
		"Attendances by age and sex", "15-49", "B54 Malaria, unspecified", fmt.Sprintf("Page %d of %d", n, n)} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n != 4 { // figures and table, then five charts two to a page
		t.Errorf("%d pages", n)
	}
	if bytes.Contains(b.Bytes(), []byte("/Subtype /Image")) {
		t.Error("a chart was embedded as a picture, not drawn")
	}
	if dir := os.Getenv("DOSSIER_KEEP_PDF"); dir != "" {
		os.WriteFile(dir+"/monthly.pdf", b.Bytes(), 0o600)
	}
}

// BenchmarkCharts: each chart drawn as a 640×400 PNG (target ≤ 50 ms).
func BenchmarkCharts(b *testing.B) {
	s := sampleSeries()
	plots, err := s.Plots(printed.Words{})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range plots {
		b.Run(strings.ReplaceAll(p.Title.Text, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				ChartPNG(p, 640, 400)
			}
		})
	}
}

// BenchmarkMonthlyReport: the whole report PDF (target ≤ 3 s).
func BenchmarkMonthlyReport(b *testing.B) {
	r := sampleMonthly()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteMonthlyReport(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// On a dark theme the screen's charts take its background and text colour;
// the PDF's keep paper's.
func TestRecolor(t *testing.T) {
	p, err := TopDiagnosesChart(printed.Words{}, []NamedValue{{Name: "B50 Plasmodium falciparum malaria", Value: 3}})
	if err != nil {
		t.Fatal(err)
	}
	dark, light := color.RGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}, color.RGBA{R: 0xf0, G: 0xf0, B: 0xf0, A: 0xff}
	Recolor(p, dark, light)
	img := ChartPNG(p, 300, 200)
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 != 0x17 || g>>8 != 0x17 || b>>8 != 0x18 {
		t.Errorf("corner is %x %x %x, want the theme's background", r>>8, g>>8, b>>8)
	}
	var lightText int
	for y := 0; y < 30; y++ { // the title's row
		for x := 0; x < 300; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 > 0xa0 {
				lightText++
			}
		}
	}
	if lightText == 0 {
		t.Error("the title is not drawn in the theme's text colour")
	}
}

// The charts speak the report's language: titles, legends, axis labels
// and the months' short names.
func TestChartsInTheReportsLanguage(t *testing.T) {
	for _, c := range []struct {
		code string
		want []string
	}{
		{"en", []string{"Admissions and discharges by month", "Discharges", "Dec", "Jan", "2026", "1 Nov", "Census", "Beds",
			"% of bed-days available", "encounters", "patients", "Male", "Female"}},
		{"fr", []string{"Admissions et sorties par mois", "Sorties", "déc.", "janv.", "nov.", "Patients présents", "Lits",
			"% des journées-lits disponibles", "rencontres", "Consultations par âge et sexe", "Masculin", "Féminin"}},
		{"pt", []string{"Internamentos e altas por mês", "Altas", "dez", "fev", "Doentes internados", "Camas",
			"% dos dias-cama disponíveis", "episódios", "doentes", "Masculino"}},
		{"sw", []string{"Waliolazwa na walioruhusiwa kwa mwezi", "Walioruhusiwa", "Des", "Mac", "Vitanda",
			"% ya siku za vitanda zilizopo", "ziara", "wagonjwa", "Ke"}},
	} {
		r := sampleMonthly()
		r.Words = printed.For(c.code)
		var b bytes.Buffer
		if err := WriteMonthlyReport(&b, r); err != nil {
			t.Fatal(err)
		}
		text := checkPDF(t, b.Bytes())
		for _, want := range c.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the charts lack %q", c.code, want)
			}
		}
		if c.code != "en" && strings.Contains(text, "Daily census against beds") {
			t.Errorf("%s: a chart's title is still English", c.code)
		}
		if dir := os.Getenv("DOSSIER_KEEP_PDF"); dir != "" {
			os.WriteFile(dir+"/monthly-"+c.code+".pdf", b.Bytes(), 0o600)
		}
	}
}
