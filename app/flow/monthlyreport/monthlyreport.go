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
	"dossier/model/clinical"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// SeriesSource gives the series the charts draw for a month (EngineSeries:
// the statistics engine's figures, so the charts show what the section
// and the table show).
type SeriesSource func(p stats.Period) (reports.ChartSeries, error)

// line is one figure of the report's table: its section, label and unit
// are keys of the printed words (assets/translations/print), except the
// unit "%", which every language writes so.
type line struct {
	section, figure, label, unit string
}

// lines are the facility's figures the report prints, in order; a figure
// the source did not compute is left out.
var lines = []line{
	{"monthly.section.inpatients", stats.FigAdmissions, "monthly.fig.admissions", ""},
	{"monthly.section.inpatients", stats.FigTransfersIn, "monthly.fig.transfers_in_between_wards", ""},
	{"monthly.section.inpatients", stats.FigDischarges, "monthly.fig.discharges", ""},
	{"monthly.section.inpatients", stats.FigDeaths, "monthly.fig.inpatient_deaths", ""},
	{"monthly.section.inpatients", stats.FigDeathsUnder48h, "monthly.fig.deaths_under_48h", ""},
	{"monthly.section.inpatients", stats.FigServiceDays, "monthly.fig.inpatient_service_days", ""},
	{"monthly.section.inpatients", stats.FigBeds, "monthly.fig.beds_average_complement", ""},
	{"monthly.section.inpatients", stats.FigAvgDailyCensus, "monthly.fig.average_daily_census", ""},
	{"monthly.section.inpatients", stats.FigBedOccupancyRate, "monthly.fig.bed_occupancy_rate", "%"},
	{"monthly.section.inpatients", stats.FigAvgLengthOfStay, "monthly.fig.average_length_of_stay", "monthly.unit.days"},
	{"monthly.section.inpatients", stats.FigBedTurnoverRate, "monthly.fig.bed_turnover_rate", ""},
	{"monthly.section.inpatients", stats.FigTurnoverInterval, "monthly.fig.turnover_interval", "monthly.unit.days"},
	{"monthly.section.inpatients", stats.FigGrossDeathRate, "monthly.fig.gross_death_rate", "%"},
	{"monthly.section.inpatients", stats.FigNetDeathRate, "monthly.fig.net_death_rate", "%"},
	{"monthly.section.inpatients", stats.FigPostopDeathRate, "monthly.fig.post_operative_death_rate", "%"},
	{"monthly.section.inpatients", stats.FigPatientsAtMidnight, "monthly.fig.patients_at_month_end", ""},
	{"monthly.section.maternity", stats.FigDeliveries, "monthly.fig.deliveries", ""},
	{"monthly.section.maternity", stats.FigLiveBirths, "monthly.fig.live_births", ""},
	{"monthly.section.maternity", stats.FigStillbirths, "monthly.fig.stillbirths", ""},
	{"monthly.section.maternity", stats.FigCaesareanRate, "monthly.fig.caesarean_rate", "%"},
	{"monthly.section.maternity", stats.FigMaternalDeaths, "monthly.fig.maternal_deaths", ""},
	{"monthly.section.outpatients", stats.FigOPDNew, "monthly.fig.new_attendances", ""},
	{"monthly.section.outpatients", stats.FigOPDRepeat, "monthly.fig.repeat_attendances", ""},
}

// FigureLines are the facility-level figures as the report prints them,
// in the words of w.
func FigureLines(f stats.Figures, w printed.Words) []reports.FigureLine {
	var out []reports.FigureLine
	for _, l := range lines {
		if v, ok := f.Get(stats.Key{Figure: l.figure}); ok {
			value := md.FormatValue(v)
			switch l.unit {
			case "":
			case "%":
				value += "%"
			default:
				value = w.T(l.unit, value)
			}
			out = append(out, reports.FigureLine{Section: w.T(l.section), Label: w.T(l.label), Value: value})
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
	w := printed.For(clinic.Language)
	return reports.MonthlyReport{Clinic: clinic, Month: w.MonthYear(p.From, clinical.ClinicOrder(clinic)), Figures: FigureLines(f, w), Charts: s,
		PrintedBy: sess.User().Username, PrintedAt: time.Now(), Words: w}, nil
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
