// Package monthlyreport makes the Monthly statistics report for both front
// ends: the month's figures (from a FigureSource), the top diagnoses and
// the charts (from a SeriesSource), as a PDF to file or print.
package monthlyreport

import (
	"bytes"
	"fmt"
	"time"

	"dossier/app/flow/ministryreturn"
	"dossier/app/flow/printing"
	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	"dossier/reports"
	"dossier/storage"
)

// SeriesSource gives the series the charts draw for a month (EngineSeries:
// the statistics engine's figures, so the charts show what the section
// and the table show).
type SeriesSource func(p stats.Period) (reports.ChartSeries, error)

// line is one figure of the report's table.
type line struct {
	section, figure, label, unit string
}

// lines are the facility's figures the report prints, in order; a figure
// the source did not compute is left out.
var lines = []line{
	{"Inpatients", stats.FigAdmissions, "Admissions", ""},
	{"Inpatients", stats.FigTransfersIn, "Transfers in (between wards)", ""},
	{"Inpatients", stats.FigDischarges, "Discharges, all outcomes including deaths", ""},
	{"Inpatients", stats.FigDeaths, "Inpatient deaths", ""},
	{"Inpatients", stats.FigDeathsUnder48h, "Deaths within 48 hours of admission", ""},
	{"Inpatients", stats.FigServiceDays, "Inpatient service days", ""},
	{"Inpatients", stats.FigBeds, "Beds (average complement)", ""},
	{"Inpatients", stats.FigAvgDailyCensus, "Average daily census", ""},
	{"Inpatients", stats.FigBedOccupancyRate, "Bed occupancy rate", "%"},
	{"Inpatients", stats.FigAvgLengthOfStay, "Average length of stay", " days"},
	{"Inpatients", stats.FigBedTurnoverRate, "Bed turnover rate", ""},
	{"Inpatients", stats.FigTurnoverInterval, "Turnover interval", " days"},
	{"Inpatients", stats.FigGrossDeathRate, "Gross death rate", "%"},
	{"Inpatients", stats.FigNetDeathRate, "Net death rate (deaths under 48 hours excluded)", "%"},
	{"Inpatients", stats.FigPostopDeathRate, "Post-operative death rate", "%"},
	{"Inpatients", stats.FigPatientsAtMidnight, "Patients in at the end of the month", ""},
	{"Maternity", stats.FigDeliveries, "Deliveries", ""},
	{"Maternity", stats.FigLiveBirths, "Live births", ""},
	{"Maternity", stats.FigStillbirths, "Stillbirths", ""},
	{"Maternity", stats.FigCaesareanRate, "Caesarean rate", "%"},
	{"Maternity", stats.FigMaternalDeaths, "Maternal deaths", ""},
	{"Outpatients", stats.FigOPDNew, "New attendances", ""},
	{"Outpatients", stats.FigOPDRepeat, "Repeat attendances", ""},
}

// FigureLines are the facility-level figures as the report prints them.
func FigureLines(f stats.Figures) []reports.FigureLine {
	var out []reports.FigureLine
	for _, l := range lines {
		if v, ok := f.Get(stats.Key{Figure: l.figure}); ok {
			out = append(out, reports.FigureLine{Section: l.section, Label: l.label, Value: md.FormatValue(v) + l.unit})
		}
	}
	return out
}

// Build gathers the month's report.
func Build(sess *storage.Session, figures ministryreturn.FigureSource, series SeriesSource, m md.Month) (reports.MonthlyReport, error) {
	p := m.Period(time.Local)
	f, err := figures(p)
	if err != nil {
		return reports.MonthlyReport{}, fmt.Errorf("compute the figures of %s: %w", m, err)
	}
	s, err := series(p)
	if err != nil {
		return reports.MonthlyReport{}, fmt.Errorf("gather the charts' series of %s: %w", m, err)
	}
	clinic, err := sess.Clinic()
	if err != nil {
		return reports.MonthlyReport{}, err
	}
	return reports.MonthlyReport{Clinic: clinic, Month: p.From.Format("January 2006"), Figures: FigureLines(f), Charts: s,
		PrintedBy: sess.User().Username, PrintedAt: time.Now()}, nil
}

// Job renders the report for the print-or-save dialog, which audits the
// print or save when it happens.
func Job(sess *storage.Session, figures ministryreturn.FigureSource, series SeriesSource, m md.Month) (*printing.Job, error) {
	r, err := Build(sess, figures, series, m)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := reports.WriteMonthlyReport(&b, r); err != nil {
		return nil, err
	}
	return printing.NewJob("statistics-"+m.String()+".pdf", "Dossier monthly statistics", false, b.Bytes(), func(to string) error {
		return sess.Outputs().RecordPrint(model.KindEncounter, model.ZeroID, printing.AuditDetail("monthly statistics report "+m.String(), to))
	}), nil
}
