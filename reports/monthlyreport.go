package reports

import (
	"fmt"
	"io"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"

	"gonum.org/v1/plot"
)

// MonthlyReport is the Monthly statistics report: the month's figures,
// the top diagnoses as a table, and the charts, ready to file or print.
type MonthlyReport struct {
	Clinic    model.Clinic
	Month     string // "November 2026", in the report's language and the clinic's calendar (Words.MonthYear)
	Figures   []FigureLine
	Charts    ChartSeries
	PrintedBy string
	PrintedAt time.Time
	Words     printed.Words // the clinic's language (printed.For); zero: English
}

// FigureLine is one line of the figures table.
type FigureLine struct {
	Section, Label, Value string
}

// ChartSeries are the series the charts draw.
type ChartSeries struct {
	Admissions, Discharges []MonthCount // by month, the twelve months to the report's
	Census, Beds           []DayValue   // by day of the month
	Occupancy              []NamedValue // by ward, percent
	TopDiagnoses           []NamedValue // commonest first
	Pyramid                []AgeSexBand // youngest first
}

// Plots builds the report's charts in w's language, in the order printed;
// a chart with nothing to draw is left out.
func (s ChartSeries) Plots(w printed.Words) ([]*plot.Plot, error) {
	var out []*plot.Plot
	add := func(has bool, p *plot.Plot, err error) error {
		if err == nil && has {
			out = append(out, p)
		}
		return err
	}
	p, err := AdmissionsChart(w, s.Admissions, s.Discharges)
	if err := add(len(s.Admissions)+len(s.Discharges) > 0, p, err); err != nil {
		return nil, err
	}
	p, err = CensusChart(w, s.Census, s.Beds)
	if err := add(len(s.Census) > 0, p, err); err != nil {
		return nil, err
	}
	p, err = OccupancyChart(w, s.Occupancy)
	if err := add(len(s.Occupancy) > 0, p, err); err != nil {
		return nil, err
	}
	p, err = TopDiagnosesChart(w, s.TopDiagnoses)
	if err := add(len(s.TopDiagnoses) > 0, p, err); err != nil {
		return nil, err
	}
	p, err = PyramidChart(w, s.Pyramid)
	if err := add(len(s.Pyramid) > 0, p, err); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteMonthlyReport prints the report: A4 portrait, the figures, the top
// diagnoses, then the charts two to a page, drawn as vectors.
func WriteMonthlyReport(out io.Writer, r MonthlyReport) error {
	w := r.Words
	plots, err := r.Charts.Plots(w)
	if err != nil {
		return fmt.Errorf("draw the charts: %w", err)
	}
	pdf := newPDF()
	pdf.SetTitle(w.T("monthly.title")+" "+r.Month, true)
	pdf.SetMargins(14, 14, 14)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	stamp := w.T("monthly.printed", r.PrintedBy, printedWhen(w, r.PrintedAt, clinical.ClinicOrder(r.Clinic)))
	pdf.SetFooterFunc(func() { footer(pdf, w, stamp) })
	pdf.AddPage()
	setFontFor(pdf, "B", 9, r.Clinic.Name)
	head := r.Clinic.Name + " · " + w.T("deficiency.health_records")
	if r.Clinic.Address != "" {
		head += " · " + r.Clinic.Address
	}
	pdf.CellFormat(0, 5, head, "", 1, "L", false, 0, "")
	pdf.SetFont("sans", "B", 15)
	pdf.MultiCell(0, 8, w.T("monthly.title")+" — "+r.Month, "", "L", false)
	pdf.Ln(2)
	section := ""
	var rows [][]string
	flush := func() {
		if len(rows) == 0 {
			return
		}
		pdf.SetFont("sans", "B", 11)
		pdf.CellFormat(0, 7, section, "", 1, "L", false, 0, "")
		auditTable(pdf, []string{w.T("monthly.figure"), w.T("monthly.value")}, []float64{140, 42}, rows)
		pdf.Ln(3)
		rows = nil
	}
	for _, f := range r.Figures {
		if f.Section != section {
			flush()
			section = f.Section
		}
		rows = append(rows, []string{f.Label, f.Value})
	}
	flush()
	if len(r.Charts.TopDiagnoses) > 0 {
		rows = nil
		for i, d := range r.Charts.TopDiagnoses {
			rows = append(rows, []string{itoa(i + 1), shorten(d.Name, 80), fmt.Sprintf("%.0f", d.Value)})
		}
		pdf.SetFont("sans", "B", 11)
		pdf.CellFormat(0, 7, w.T("monthly.top_diagnoses"), "", 1, "L", false, 0, "")
		auditTable(pdf, []string{"#", w.T("monthly.diagnosis"), w.T("monthly.encounters")}, []float64{12, 140, 30}, rows)
	}
	const chartW, chartH = 182.0, 118.0
	for i, p := range plots {
		if i%2 == 0 {
			pdf.AddPage()
		}
		y := 16.0 + float64(i%2)*(chartH+8)
		drawPlotPDF(pdf, p, 14, y, chartW, chartH)
	}
	return finish(pdf, out)
}
