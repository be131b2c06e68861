// Package stats names the facility's statistics: the figures the Statistics
// section shows, the monthly report prints and the ministry's return maps to
// data elements. Computing them is storage's and flows' work; this package
// only says what each figure is called, so the producer (the statistics
// engine) and the consumers (registers, charts, the DHIS2/ADX return) agree
// without importing each other.
package stats

import (
	"sort"
	"strings"
	"time"
)

// Key names one number: a figure, then the dimensions it is broken down by.
// An empty dimension means "all" (the facility, both sexes, every age).
type Key struct {
	Figure string // one of the Fig… names below
	Ward   string // ward ID; "" for the facility
	Sex    string // "F", "M", "U" (unknown); "" for both
	Age    string // an age group's label from AgeGroups ("<1", "1-4" …); "" for all
	Extra  string // a further breakdown the figure defines (an ICD-10 category, a delivery mode …)
}

// String is a stable, readable form used in CSV, JSON and logs:
// figure[/ward=W][/sex=S][/age=A][/extra=X].
func (k Key) String() string {
	var b strings.Builder
	b.WriteString(k.Figure)
	for _, d := range [][2]string{{"ward", k.Ward}, {"sex", k.Sex}, {"age", k.Age}, {"extra", k.Extra}} {
		if d[1] != "" {
			b.WriteString("/" + d[0] + "=" + d[1])
		}
	}
	return b.String()
}

// Figures are the numbers of one period. A figure that is absent was not
// computed; a computed zero is present with 0.
type Figures map[Key]float64

// Get returns a figure and whether it was computed.
func (f Figures) Get(k Key) (float64, bool) { v, ok := f[k]; return v, ok }

// Keys lists the figures in a stable order (for CSV and tests).
func (f Figures) Keys() []Key {
	ks := make([]Key, 0, len(f))
	for k := range f {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].String() < ks[j].String() })
	return ks
}

// Period is a closed range of calendar days [From, To], in the clinic's local
// time. Month, quarter and year periods are built by the constructors below.
type Period struct {
	From time.Time // first day, 00:00 local
	To   time.Time // last day, 00:00 local (inclusive)
}

// Month is the calendar month holding t.
func Month(year int, m time.Month, loc *time.Location) Period {
	from := time.Date(year, m, 1, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(0, 1, -1)}
}

// Days counts the days in the period, both ends included.
func (p Period) Days() int {
	return int(p.To.Sub(p.From).Hours()/24+0.5) + 1
}

// AgeGroup is one age band of a breakdown: ages in whole years from Min up
// to but not including Max (Max 0 means no upper bound).
type AgeGroup struct {
	Label    string
	Min, Max int
}

// DefaultAgeGroups are the bands used until the clinic sets its ministry's.
var DefaultAgeGroups = []AgeGroup{
	{"<1", 0, 1}, {"1-4", 1, 5}, {"5-14", 5, 15}, {"15-49", 15, 50}, {"50+", 50, 0},
}

// The figures. Names are stored in report definitions and kept returns:
// append-only, never renamed.
const (
	// Inpatient service statistics (per ward and facility; Age "newborn"
	// marks the newborns counted apart, "" adults and children together).
	FigAdmissions         = "ip.admissions"
	FigTransfersIn        = "ip.transfers_in"
	FigTransfersOut       = "ip.transfers_out"
	FigDischarges         = "ip.discharges"         // all outcomes, deaths included; Extra = outcome for one outcome
	FigDeaths             = "ip.deaths"             // inpatient deaths
	FigDeathsUnder48h     = "ip.deaths_under_48h"   // deaths within 48 hours of admission
	FigPostopDeaths       = "ip.postop_deaths"      // deaths within 10 days of a coded procedure
	FigServiceDays        = "ip.service_days"       // inpatient service days
	FigDischargeDays      = "ip.discharge_days"     // length-of-stay days of the discharged
	FigBedDaysAvailable   = "ip.bed_days_available" // bed complement × days, closures taken off
	FigBeds               = "ip.beds"               // average bed complement over the period
	FigAvgDailyCensus     = "ip.avg_daily_census"   // service days ÷ days
	FigBedOccupancyRate   = "ip.bed_occupancy_rate" // percent
	FigAvgLengthOfStay    = "ip.alos"               // days
	FigBedTurnoverRate    = "ip.bed_turnover_rate"  // discharges ÷ beds
	FigTurnoverInterval   = "ip.turnover_interval"  // days
	FigGrossDeathRate     = "ip.gross_death_rate"   // percent
	FigNetDeathRate       = "ip.net_death_rate"     // percent
	FigPostopDeathRate    = "ip.postop_death_rate"  // percent
	FigPatientsAtMidnight = "ip.census_end"         // patients in at the end of the period

	// Maternity (Extra on FigDeliveries: "normal", "assisted", "caesarean").
	FigDeliveries     = "mat.deliveries"
	FigLiveBirths     = "mat.live_births"
	FigStillbirths    = "mat.stillbirths"
	FigCaesareanRate  = "mat.caesarean_rate" // percent of deliveries
	FigMaternalDeaths = "mat.maternal_deaths"

	// Outpatients, by Sex and Age.
	FigOPDNew    = "opd.new"
	FigOPDRepeat = "opd.repeat"

	// Morbidity and mortality (Extra = the ICD-10 category, block or chapter).
	FigDiagnoses       = "morb.diagnoses" // encounters with the code
	FigDeathsByCause   = "mort.deaths"    // deaths by underlying cause
	FigNotifiableCases = "notif.cases"    // Extra = the notifiable list entry's code

	// Added by the statistics engine.
	FigOperatedDischarges = "ip.operated_discharges" // discharges with a coded procedure (post-op death rate's denominator)
	FigAttendances        = "opd.attendances"        // new + repeat, by Sex and Age
)
