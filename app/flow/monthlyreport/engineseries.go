package monthlyreport

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"dossier/assets/codes"
	"dossier/model/stats"
	"dossier/reports"
	"dossier/storage"
)

// EngineSeries is the charts' SeriesSource: every bar and line is a figure
// of the statistics engine (the same the section shows and the return
// sends), worked out from one read of the sealed date index for the twelve
// months to the period's and the days of its month:
//
//	admissions, discharges  ip.admissions, ip.discharges of each month (facility)
//	census, beds            ip.census_end and ip.beds of each day (adults and children)
//	occupancy               ip.bed_occupancy_rate of each ward over the month
//	top diagnoses           morb.diagnoses of the month, commonest ten (principal, by category)
//	pyramid                 opd.attendances of the month by sex and the clinic's age groups
//
// Days not yet lived are left out of the census.
func EngineSeries(sess *storage.Session) SeriesSource {
	return func(p stats.Period) (reports.ChartSeries, error) {
		var s reports.ChartSeries
		set, err := sess.Statistics().Settings()
		if err != nil {
			return s, err
		}
		loc := p.From.Location()
		var parts []stats.Period
		first := time.Date(p.From.Year(), p.From.Month()-11, 1, 0, 0, 0, 0, loc)
		for i := range 12 {
			m := first.AddDate(0, i, 0)
			parts = append(parts, stats.Month(m.Year(), m.Month(), loc))
		}
		month := len(parts) - 1 // the report's own month: the last of the twelve
		now := time.Now().In(loc)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
		for d := p.From; !d.After(p.To) && !d.After(today); d = d.AddDate(0, 0, 1) {
			parts = append(parts, stats.Day(d))
		}
		figs, err := sess.Statistics().ComputeEach(storage.StatQuery{Period: p}, parts)
		if err != nil {
			return s, err
		}
		for i := range 12 {
			f, m := figs[i], parts[i].From
			s.Admissions = append(s.Admissions, reports.MonthCount{Month: m, Value: f[stats.Key{Figure: stats.FigAdmissions}]})
			s.Discharges = append(s.Discharges, reports.MonthCount{Month: m, Value: f[stats.Key{Figure: stats.FigDischarges}]})
		}
		for i, f := range figs[12:] {
			day := parts[12+i].From
			s.Census = append(s.Census, reports.DayValue{Day: day, Value: f[stats.Key{Figure: stats.FigPatientsAtMidnight}]})
			if len(set.Wards) > 0 {
				s.Beds = append(s.Beds, reports.DayValue{Day: day, Value: f[stats.Key{Figure: stats.FigBeds}]})
			}
		}
		f := figs[month]
		for _, w := range set.Wards {
			if v, ok := f[stats.Key{Figure: stats.FigBedOccupancyRate, Ward: w.ID}]; ok {
				s.Occupancy = append(s.Occupancy, reports.NamedValue{Name: w.Name, Value: v})
			}
		}
		s.TopDiagnoses = topDiagnoses(f, 10)
		groups := stats.DefaultAgeGroups
		if len(set.AgeGroups) > 0 {
			groups = nil
			for _, a := range set.AgeGroups {
				groups = append(groups, stats.AgeGroup{Label: a.Label, Min: a.Min, Max: a.Max})
			}
		}
		any := false
		for _, g := range groups {
			b := reports.AgeSexBand{Age: g.Label,
				Male:   f[stats.Key{Figure: stats.FigAttendances, Sex: "M", Age: g.Label}],
				Female: f[stats.Key{Figure: stats.FigAttendances, Sex: "F", Age: g.Label}]}
			any = any || b.Male+b.Female > 0
			s.Pyramid = append(s.Pyramid, b)
		}
		if !any {
			s.Pyramid = nil // nothing to draw: the chart is left out
		}
		return s, nil
	}
}

// topDiagnoses are the month's commonest diagnosis groups as the engine
// counted them, named with the category's title from the code set.
func topDiagnoses(f stats.Figures, n int) []reports.NamedValue {
	var out []reports.NamedValue
	for k, v := range f {
		if k.Figure == stats.FigDiagnoses && k.Ward == "" && k.Sex == "" && k.Age == "" && v > 0 {
			out = append(out, reports.NamedValue{Name: k.Extra, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b reports.NamedValue) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), strings.Compare(a.Name, b.Name))
	})
	out = out[:min(n, len(out))]
	if set, err := codes.CM(); err == nil {
		for i := range out {
			if c, ok := set.Lookup(out[i].Name); ok && c.Title != "" {
				out[i].Name += " " + c.Title
			}
		}
	}
	return out
}
