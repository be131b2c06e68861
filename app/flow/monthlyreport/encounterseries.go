package monthlyreport

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/stats"
	"dossier/reports"
	"dossier/storage"
)

// EncounterSeries is a stand-in SeriesSource until the statistics engine
// is merged: from the encounters of the twelve months to the period's end
// (storage.Registers.Encounters, which reads every encounter) it gives
// admissions and discharges by month, the midnight census by day, the top
// ten principal diagnoses by ICD-10 category and the outpatient age–sex
// pyramid. Beds and occupancy by ward need the wards the engine brings, so
// those charts are left out.
func EncounterSeries(sess *storage.Session) SeriesSource {
	return func(p stats.Period) (reports.ChartSeries, error) {
		end := p.To.AddDate(0, 0, 1)
		first := time.Date(p.From.Year(), p.From.Month()-11, 1, 0, 0, 0, 0, p.From.Location())
		encs, err := sess.Registers().Encounters("monthly statistics report", first, end)
		if err != nil {
			return reports.ChartSeries{}, err
		}
		var s reports.ChartSeries
		for m := first; m.Before(end); m = m.AddDate(0, 1, 0) {
			s.Admissions = append(s.Admissions, reports.MonthCount{Month: m})
			s.Discharges = append(s.Discharges, reports.MonthCount{Month: m})
		}
		monthOf := func(t time.Time) int {
			return (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
		}
		days := p.Days()
		census := make([]float64, days)
		bands := make([]reports.AgeSexBand, len(stats.DefaultAgeGroups))
		for i, g := range stats.DefaultAgeGroups {
			bands[i].Age = g.Label
		}
		type dx struct {
			name  string
			count float64
		}
		top := map[string]*dx{}
		in := func(t time.Time) bool { return !t.IsZero() && !t.Before(p.From) && t.Before(end) }
		for _, re := range encs {
			e := re.Encounter
			if e.Type == model.EncInpatient {
				if i := monthOf(e.Start); !e.Start.Before(first) && i < len(s.Admissions) {
					s.Admissions[i].Value++
				}
				if i := monthOf(e.End); !e.End.IsZero() && !e.End.Before(first) && i < len(s.Discharges) {
					s.Discharges[i].Value++
				}
				for d := range days { // in at midnight at the end of day d
					midnight := p.From.AddDate(0, 0, d+1)
					if e.Start.Before(midnight) && (e.End.IsZero() || !e.End.Before(midnight)) {
						census[d]++
					}
				}
			}
			dated := e.Start
			if e.Type == model.EncInpatient {
				dated = e.End
			}
			if !in(dated) {
				continue
			}
			for _, it := range e.Coding {
				if it.Kind == model.ItemDiagnosis && it.Principal && it.Coded() {
					cat := strings.ToUpper(strings.ReplaceAll(it.Code, ".", ""))
					cat = cat[:min(3, len(cat))]
					if top[cat] == nil {
						top[cat] = &dx{name: cat + " " + it.Title}
					}
					top[cat].count++
				}
			}
			if e.Type == model.EncOutpatient && !re.Patient.BirthDate.IsZero() {
				age := re.Patient.BirthDate.AgeYears(e.Start)
				for i, g := range stats.DefaultAgeGroups {
					if age >= g.Min && (g.Max == 0 || age < g.Max) {
						switch re.Patient.Sex {
						case model.SexMale:
							bands[i].Male++
						case model.SexFemale:
							bands[i].Female++
						}
					}
				}
			}
		}
		for d, c := range census {
			s.Census = append(s.Census, reports.DayValue{Day: p.From.AddDate(0, 0, d), Value: c})
		}
		var dxs []dx
		for _, d := range top {
			dxs = append(dxs, *d)
		}
		slices.SortFunc(dxs, func(a, b dx) int { return cmp.Or(cmp.Compare(b.count, a.count), strings.Compare(a.name, b.name)) })
		for _, d := range dxs[:min(10, len(dxs))] {
			s.TopDiagnoses = append(s.TopDiagnoses, reports.NamedValue{Name: d.name, Value: d.count})
		}
		for _, b := range bands {
			if b.Male+b.Female > 0 {
				s.Pyramid = bands
				break
			}
		}
		return s, nil
	}
}
