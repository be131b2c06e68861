package statistics

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"dossier/model/stats"
	"dossier/reports"
)

// Label is a figure's name as people read it.
func Label(fig string) string {
	if l, ok := labels[fig]; ok {
		return l
	}
	return fig
}

var labels = map[string]string{
	stats.FigAdmissions: "Admissions", stats.FigTransfersIn: "Transfers in", stats.FigTransfersOut: "Transfers out",
	stats.FigDischarges: "Discharges (deaths included)", stats.FigDeaths: "Deaths", stats.FigDeathsUnder48h: "Deaths under 48 h",
	stats.FigPostopDeaths: "Post-operative deaths", stats.FigServiceDays: "Inpatient service days",
	stats.FigDischargeDays: "Discharge days (length of stay)", stats.FigBedDaysAvailable: "Bed days available",
	stats.FigBeds: "Beds (average)", stats.FigAvgDailyCensus: "Average daily census", stats.FigBedOccupancyRate: "Bed occupancy %",
	stats.FigAvgLengthOfStay: "Average length of stay (days)", stats.FigBedTurnoverRate: "Bed turnover rate",
	stats.FigTurnoverInterval: "Turnover interval (days)", stats.FigGrossDeathRate: "Gross death rate %",
	stats.FigNetDeathRate: "Net death rate %", stats.FigPostopDeathRate: "Post-operative death rate %",
	stats.FigPatientsAtMidnight: "In at the end of the period", stats.FigOperatedDischarges: "Discharges with a procedure",
	stats.FigDeliveries: "Deliveries", stats.FigLiveBirths: "Live births", stats.FigStillbirths: "Stillbirths",
	stats.FigCaesareanRate: "Caesarean rate %", stats.FigMaternalDeaths: "Maternal deaths",
	stats.FigOPDNew: "Outpatients, new", stats.FigOPDRepeat: "Outpatients, repeat", stats.FigAttendances: "Outpatient attendances",
	stats.FigDiagnoses: "Diagnoses", stats.FigDeathsByCause: "Deaths by cause", stats.FigNotifiableCases: "Notifiable disease cases",
}

// Section is the part of the statistics a figure belongs to.
func Section(fig string) string {
	switch {
	case strings.HasPrefix(fig, "ip."):
		return "Inpatients"
	case strings.HasPrefix(fig, "mat."):
		return "Maternity"
	case strings.HasPrefix(fig, "opd."):
		return "Outpatients"
	case strings.HasPrefix(fig, "morb."):
		return "Morbidity"
	case strings.HasPrefix(fig, "mort."):
		return "Mortality"
	case strings.HasPrefix(fig, "notif."):
		return "Notifiable diseases"
	}
	return "Other"
}

// Value shows a figure: whole numbers as they are, others to 2 places.
func Value(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Row is one figure as a line of the table, with its key for drill-down.
type Row struct {
	Key   stats.Key
	Cells []string // Section, Figure, Ward, Sex, Age, Breakdown, Value
}

// Header is the table's header.
var Header = []string{"Section", "Figure", "Ward", "Sex", "Age", "Breakdown", "Value"}

// Rows lays the figures out, section by section in a fixed order, the
// facility before the wards, totals before breakdowns.
func Rows(f stats.Figures) []Row {
	order := map[string]int{}
	for i, fig := range figureOrder {
		order[fig] = i
	}
	keys := f.Keys()
	rank := func(k stats.Key) [6]string {
		o, ok := order[k.Figure]
		if !ok {
			o = len(order)
		}
		return [6]string{Section(k.Figure), strconv.Itoa(1000 + o), k.Ward, k.Extra, k.Sex, k.Age}
	}
	sectionRank := map[string]string{"Inpatients": "1", "Maternity": "2", "Outpatients": "3", "Morbidity": "4", "Mortality": "5", "Notifiable diseases": "6", "Other": "7"}
	less := func(a, b stats.Key) bool {
		ra, rb := rank(a), rank(b)
		ra[0], rb[0] = sectionRank[ra[0]], sectionRank[rb[0]]
		if a.Figure == b.Figure && (a.Figure == stats.FigDiagnoses || a.Figure == stats.FigDeathsByCause) && a.Extra != b.Extra {
			ta, tb := f[stats.Key{Figure: a.Figure, Extra: a.Extra}], f[stats.Key{Figure: b.Figure, Extra: b.Extra}]
			if ta != tb {
				return ta > tb // commonest first
			}
		}
		for i := range ra {
			if ra[i] != rb[i] {
				return ra[i] < rb[i]
			}
		}
		return false
	}
	sortKeys(keys, less)
	out := make([]Row, 0, len(keys))
	for _, k := range keys {
		ward := k.Ward
		if ward == "" {
			ward = "Facility"
		}
		out = append(out, Row{Key: k, Cells: []string{Section(k.Figure), Label(k.Figure), ward, k.Sex, k.Age, k.Extra, Value(f[k])}})
	}
	return out
}

func sortKeys(keys []stats.Key, less func(a, b stats.Key) bool) {
	sort.SliceStable(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
}

var figureOrder = []string{
	stats.FigAdmissions, stats.FigTransfersIn, stats.FigTransfersOut, stats.FigDischarges, stats.FigDeaths,
	stats.FigDeathsUnder48h, stats.FigPostopDeaths, stats.FigOperatedDischarges, stats.FigServiceDays, stats.FigDischargeDays,
	stats.FigPatientsAtMidnight, stats.FigBedDaysAvailable, stats.FigBeds, stats.FigAvgDailyCensus, stats.FigBedOccupancyRate,
	stats.FigAvgLengthOfStay, stats.FigBedTurnoverRate, stats.FigTurnoverInterval, stats.FigGrossDeathRate,
	stats.FigNetDeathRate, stats.FigPostopDeathRate,
	stats.FigDeliveries, stats.FigLiveBirths, stats.FigStillbirths, stats.FigCaesareanRate, stats.FigMaternalDeaths,
	stats.FigAttendances, stats.FigOPDNew, stats.FigOPDRepeat, stats.FigDiagnoses, stats.FigDeathsByCause, stats.FigNotifiableCases,
}

// Table is the figures as a reports.Table (CSV, the command line).
func Table(f stats.Figures) reports.Table {
	t := reports.Table{Header: Header}
	for _, r := range Rows(f) {
		t.Rows = append(t.Rows, r.Cells)
	}
	return t
}

// ParseKey reads a key in its String form: figure[/ward=W][/sex=S][/age=A][/extra=X].
func ParseKey(s string) (stats.Key, error) {
	parts := strings.Split(strings.TrimSpace(s), "/")
	k := stats.Key{Figure: parts[0]}
	if k.Figure == "" {
		return k, fmt.Errorf("%q names no figure (e.g. ip.admissions/ward=MED)", s)
	}
	for _, p := range parts[1:] {
		name, val, ok := strings.Cut(p, "=")
		switch {
		case !ok:
			return k, fmt.Errorf("%q: %q is not name=value", s, p)
		case name == "ward":
			k.Ward = val
		case name == "sex":
			k.Sex = val
		case name == "age":
			k.Age = val
		case name == "extra":
			k.Extra = val
		default:
			return k, fmt.Errorf("%q: %q is not ward, sex, age or extra", s, name)
		}
	}
	return k, nil
}
