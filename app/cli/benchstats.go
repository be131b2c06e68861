package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"dossier/app/flow/ministryreturn"
	"dossier/app/flow/monthlyreport"
	"dossier/model"
	md "dossier/model/dhis2"
	"dossier/model/stats"
	"dossier/reports"
	"dossier/reports/printed"
	"dossier/storage"
)

// benchStatistics gives the store's patients a year of encounters at
// district density (the district: 200,000 stays and 2,000,000
// visits over five years for 1,000,000 patients, so a year is 0.04 stays
// and 0.4 visits a patient), saved through storage like any other, and
// times the Statistics section's work on them: a month, the year, the
// notifiable-disease front page, one chart drawn, the monthly report PDF.
// CPU time is given beside wall time: the machine may be shared.
func benchStatistics(sess *storage.Session, patients []storage.PatientSummary, add func(what, figure, target string)) error {
	if err := sess.Statistics().SaveSettings(demoWards(), "bench wards"); err != nil {
		return err
	}
	now := time.Now()
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local)
	// The index is built (the backfill of a new store) before the
	// encounters, which then update it as every save does.
	if _, err := sess.Statistics().Compute(storage.StatQuery{Period: stats.Day(thisMonth)}); err != nil {
		return err
	}
	n := len(patients)
	stays, visits := n*4/100, n*4/10
	start := time.Now()
	if err := saveBenchEncounters(sess, patients, stays, visits, thisMonth); err != nil {
		return err
	}
	add("Statistics: a year of encounters saved (bench data)", fmt.Sprintf("%d stays, %d visits in %.1f s", stays, visits, time.Since(start).Seconds()), "")

	last := thisMonth.AddDate(0, -1, 0)
	month := stats.Month(last.Year(), last.Month(), time.Local)
	year := stats.Range(thisMonth.AddDate(-1, 0, 0), thisMonth.AddDate(0, 0, -1))
	// counted says what a period's figures counted, so a row shows the
	// data was there.
	counted := func(f stats.Figures) string {
		return fmt.Sprintf("; %.0f admissions, %.0f attendances", f[stats.Key{Figure: stats.FigAdmissions}], f[stats.Key{Figure: stats.FigAttendances}])
	}
	var note string
	timed := func(what, target string, run func() error) error {
		note = ""
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu0, cpuOK := processCPU()
		t0 := time.Now()
		if err := run(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		wall := time.Since(t0)
		cpu1, _ := processCPU()
		cpu := cpu1 - cpu0
		runtime.ReadMemStats(&after)
		fig := fmt.Sprintf("%.0f ms (CPU %.0f ms), %.0f MB allocated", ms(wall), ms(cpu), float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
		if !cpuOK {
			fig = fmt.Sprintf("%.0f ms, %.0f MB allocated", ms(wall), float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
		}
		add(what, fig+note, target)
		return nil
	}
	if err := timed("Statistics of a month ("+month.String()+")", "≤ 1 s", func() error {
		f, err := sess.Statistics().Compute(storage.StatQuery{Period: month})
		note = counted(f)
		return err
	}); err != nil {
		return err
	}
	if err := timed("Statistics of a year (the last twelve months)", "≤ 5 s, ≤ 200 MB", func() error {
		f, err := sess.Statistics().Compute(storage.StatQuery{Period: year})
		note = counted(f)
		return err
	}); err != nil {
		return err
	}
	if err := timed("Notifiable diseases, front page (four weeks)", "≤ 100 ms", func() error {
		var weeks []stats.Period
		for i := 3; i >= 0; i-- {
			weeks = append(weeks, stats.Week(now.AddDate(0, 0, -7*i)))
		}
		_, err := sess.Statistics().Weekly(weeks)
		return err
	}); err != nil {
		return err
	}
	series, err := monthlyreport.EngineSeries(sess)(month)
	if err != nil {
		return err
	}
	plots, err := series.Plots(printed.Words{})
	if err != nil || len(plots) == 0 {
		return fmt.Errorf("draw the charts: %v (%d charts)", err, len(plots))
	}
	if err := timed("One chart drawn (daily census against beds, 400×250)", "≤ 50 ms", func() error {
		p, err := reports.CensusChart(printed.Words{}, series.Census, series.Beds)
		if err == nil {
			reports.ChartPNG(p, 400, 250)
		}
		return err
	}); err != nil {
		return err
	}
	return timed("Monthly statistics report PDF ("+month.String()+")", "≤ 3 s", func() error {
		r, err := monthlyreport.Build(sess, ministryreturn.EngineFigures(sess), monthlyreport.EngineSeries(sess), md.Month{Year: last.Year(), Month: last.Month()})
		if err != nil {
			return err
		}
		return reports.WriteMonthlyReport(&bytes.Buffer{}, r)
	})
}

var benchDiagnoses = []string{"J18.9", "A09", "B50.9", "I10", "E11.9", "J06.9", "K35.9", "O80", "O82.0", "Z37.0",
	"S72.0", "N39.0", "A00.0", "B05.9", "I21.9", "P07.1", "D64.9", "L03.9", "H10.9", "R50.9"}

// saveBenchEncounters saves stays and visits of random patients over the
// twelve months before the month that begins at end, in bulk.
func saveBenchEncounters(sess *storage.Session, patients []storage.PatientSummary, stays, visits int, end time.Time) error {
	r := rand.New(rand.NewPCG(11, 17))
	wards := demoWards().Wards
	first := end.AddDate(-1, 0, 0)
	span := end.Sub(first)
	const chunk = 5_000
	buf := make([]model.Encounter, 0, chunk)
	for i := range stays + visits {
		e := model.Encounter{PatientID: patients[r.IntN(len(patients))].ID, Type: model.EncOutpatient,
			Start: first.Add(time.Duration(r.Int64N(int64(span))))}
		for j := range 1 + r.IntN(3) {
			e.Coding = append(e.Coding, model.CodedItem{Kind: model.ItemDiagnosis, Code: benchDiagnoses[r.IntN(len(benchDiagnoses))], Principal: j == 0})
		}
		if i < stays {
			e.Type, e.Ward = model.EncInpatient, wards[r.IntN(len(wards))].Name
			e.End = e.Start.Add(time.Duration(1+r.IntN(240)) * time.Hour)
			e.Disposition = []string{"home", "home", "home", "referred", "died"}[r.IntN(5)]
			if !e.End.Before(end) {
				e.End, e.Disposition = time.Time{}, "" // still in
			}
		}
		buf = append(buf, e)
		if len(buf) == chunk || i == stays+visits-1 {
			if err := sess.Encounters().CreateChartItems(buf, nil); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return nil
}
