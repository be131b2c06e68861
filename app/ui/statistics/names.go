package statistics

import (
	statflow "dossier/app/flow/statistics"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/model/clinical"
	"dossier/model/stats"

	"fyne.io/fyne/v2/lang"
)

// The statistics flow names figures, sections and the grouped tables'
// rows and columns in English, for the CSV and the printed report; the
// section names them here, in the window's language, from the figures'
// codes. What this file does not know (ward codes, age groups the clinic
// set, diagnoses' titles, notifiable diseases' names) shows as it is.

// figureName is a figure's name.
func figureName(fig string) string {
	switch fig {
	case stats.FigAdmissions:
		return lang.X("statistics.fig.admissions", "Admissions")
	case stats.FigTransfersIn:
		return lang.X("statistics.fig.transfers_in", "Transfers in")
	case stats.FigTransfersOut:
		return lang.X("statistics.fig.transfers_out", "Transfers out")
	case stats.FigDischarges:
		return lang.X("statistics.fig.discharges", "Discharges (deaths included)")
	case stats.FigDeaths:
		return lang.X("statistics.fig.deaths", "Deaths")
	case stats.FigDeathsUnder48h:
		return lang.X("statistics.fig.deaths_under_48h", "Deaths under 48 h")
	case stats.FigPostopDeaths:
		return lang.X("statistics.fig.postop_deaths", "Post-operative deaths")
	case stats.FigServiceDays:
		return lang.X("statistics.fig.service_days", "Inpatient service days")
	case stats.FigDischargeDays:
		return lang.X("statistics.fig.discharge_days", "Discharge days (length of stay)")
	case stats.FigBedDaysAvailable:
		return lang.X("statistics.fig.bed_days_available", "Bed days available")
	case stats.FigBeds:
		return lang.X("statistics.fig.beds", "Beds (average)")
	case stats.FigAvgDailyCensus:
		return lang.X("statistics.fig.avg_daily_census", "Average daily census")
	case stats.FigBedOccupancyRate:
		return lang.X("statistics.fig.bed_occupancy_rate", "Bed occupancy %")
	case stats.FigAvgLengthOfStay:
		return lang.X("statistics.fig.alos", "Average length of stay (days)")
	case stats.FigBedTurnoverRate:
		return lang.X("statistics.fig.bed_turnover_rate", "Bed turnover rate")
	case stats.FigTurnoverInterval:
		return lang.X("statistics.fig.turnover_interval", "Turnover interval (days)")
	case stats.FigGrossDeathRate:
		return lang.X("statistics.fig.gross_death_rate", "Gross death rate %")
	case stats.FigNetDeathRate:
		return lang.X("statistics.fig.net_death_rate", "Net death rate %")
	case stats.FigPostopDeathRate:
		return lang.X("statistics.fig.postop_death_rate", "Post-operative death rate %")
	case stats.FigPatientsAtMidnight:
		return lang.X("statistics.fig.census_end", "In at the end of the period")
	case stats.FigOperatedDischarges:
		return lang.X("statistics.fig.operated_discharges", "Discharges with a procedure")
	case stats.FigDeliveries:
		return lang.X("statistics.fig.deliveries", "Deliveries")
	case stats.FigLiveBirths:
		return lang.X("statistics.fig.live_births", "Live births")
	case stats.FigStillbirths:
		return lang.X("statistics.fig.stillbirths", "Stillbirths")
	case stats.FigCaesareanRate:
		return lang.X("statistics.fig.caesarean_rate", "Caesarean rate %")
	case stats.FigMaternalDeaths:
		return lang.X("statistics.fig.maternal_deaths", "Maternal deaths")
	case stats.FigOPDNew:
		return lang.X("statistics.fig.opd_new", "Outpatients, new")
	case stats.FigOPDRepeat:
		return lang.X("statistics.fig.opd_repeat", "Outpatients, repeat")
	case stats.FigAttendances:
		return lang.X("statistics.fig.attendances", "Outpatient attendances")
	case stats.FigDiagnoses:
		return lang.X("statistics.fig.diagnoses", "Diagnoses")
	case stats.FigDeathsByCause:
		return lang.X("statistics.fig.deaths_by_cause", "Deaths by cause")
	case stats.FigNotifiableCases:
		return lang.X("statistics.fig.notifiable_cases", "Notifiable disease cases")
	}
	return statflow.Label(fig)
}

// sectionName is the part of the statistics a figure belongs to.
func sectionName(fig string) string {
	switch s := statflow.Section(fig); s {
	case "Inpatients":
		return lang.X("statistics.section.inpatients", "Inpatients")
	case "Maternity":
		return lang.X("statistics.section.maternity", "Maternity")
	case "Outpatients":
		return lang.X("statistics.section.outpatients", "Outpatients")
	case "Morbidity":
		return lang.X("statistics.section.morbidity", "Morbidity")
	case "Mortality":
		return lang.X("statistics.section.mortality", "Mortality")
	case "Notifiable diseases":
		return lang.X("statistics.view.notifiable", "Notifiable diseases")
	case "Other":
		return lang.X("statistics.section.other", "Other")
	default:
		return s
	}
}

// facility is the whole facility, where a figure names no ward.
func facility() string { return lang.X("statistics.facility", "Facility") }

// sexWord is a figure's sex, as the banner's letters say it.
func sexWord(s string) string {
	switch s {
	case "F":
		return kit.SexLetter(model.SexFemale)
	case "M":
		return kit.SexLetter(model.SexMale)
	}
	return s
}

// ageWord is a figure's age group: the newborns by name, the clinic's own
// groups ("1-4", "50+") as they are.
func ageWord(a string) string {
	if a == stats.AgeNewborn {
		return lang.X("statistics.newborn", "newborn")
	}
	return a
}

// extraWord is a figure's breakdown: a delivery's mode or a stay's
// outcome by name, a code as it is.
func extraWord(fig, x string) string {
	switch {
	case fig == stats.FigDeliveries && x == "normal":
		return lang.X("statistics.delivery.normal", "normal")
	case fig == stats.FigDeliveries && x == "assisted":
		return lang.X("statistics.delivery.assisted", "assisted")
	case fig == stats.FigDeliveries && x == "caesarean":
		return lang.X("statistics.delivery.caesarean", "caesarean")
	case fig == stats.FigDischarges:
		return outcomeName(x)
	}
	return x
}

// outcomeName is how a stay ended.
func outcomeName(x string) string {
	if s, ok := outcomeNameOf(x); ok {
		return s
	}
	return x
}

func outcomeNameOf(x string) (string, bool) {
	switch clinical.Disposition(x) {
	case clinical.DispHome:
		return lang.X("statistics.outcome.home", "home"), true
	case clinical.DispReferred:
		return lang.X("statistics.outcome.referred", "referred"), true
	case clinical.DispLeftAgainstAdvice:
		return lang.X("statistics.outcome.left_against_advice", "left against advice"), true
	case clinical.DispDied:
		return lang.X("statistics.outcome.died", "died"), true
	case clinical.DispTransferredOut:
		return lang.X("statistics.outcome.transferred_out", "transferred out"), true
	}
	if x == "unknown" {
		return lang.X("statistics.outcome.unknown", "unknown"), true
	}
	return "", false
}

// rowCells is a line of the list of every figure: section, figure, ward,
// sex, age, breakdown and value.
func rowCells(r statflow.Row) []string {
	k := r.Key
	ward := k.Ward
	if ward == "" {
		ward = facility()
	}
	value := ""
	if n := len(r.Cells); n > 0 {
		value = r.Cells[n-1]
	}
	return []string{sectionName(k.Figure), figureName(k.Figure), ward, sexWord(k.Sex), ageWord(k.Age), extraWord(k.Figure, k.Extra), value}
}

// localGroups names the grouped tables' rows and columns in the window's
// language; the numbers and what they count stay.
func localGroups(gs []statflow.Group) []statflow.Group {
	out := make([]statflow.Group, len(gs))
	for i, g := range gs {
		cols := append([]string(nil), g.Columns...)
		for j := range cols {
			cols[j] = groupColumn(g.ID, j, cols[j])
		}
		rows := make([]statflow.GroupRow, len(g.Rows))
		for j, r := range g.Rows {
			rows[j] = statflow.GroupRow{Label: groupRowLabel(g.ID, r), Cells: r.Cells}
		}
		out[i] = statflow.Group{ID: g.ID, Columns: cols, Rows: rows}
	}
	return out
}

// groupColumn is column j of a grouped table.
func groupColumn(id statflow.GroupID, j int, c string) string {
	switch id {
	case statflow.GroupInpatients, statflow.GroupOutcomes, statflow.GroupNewborns, statflow.GroupMaternity:
		if j == 0 {
			return facility()
		}
	case statflow.GroupOutpatients:
		f, m := kit.SexLetter(model.SexFemale), kit.SexLetter(model.SexMale)
		newW, repeat := lang.X("statistics.col.new", "New"), lang.X("statistics.col.repeat", "Repeat")
		words := []string{newW + " " + f, newW + " " + m, newW, repeat + " " + f, repeat + " " + m, repeat, lang.X("statistics.col.attendances", "Attendances")}
		if j < len(words) {
			return words[j]
		}
	case statflow.GroupDiagnoses, statflow.GroupDeaths:
		switch j {
		case 0:
			return lang.X("statistics.col.total", "Total")
		case 1:
			return kit.SexLetter(model.SexFemale)
		case 2:
			return kit.SexLetter(model.SexMale)
		}
		return ageWord(c)
	case statflow.GroupNotifiable:
		return lang.X("statistics.col.cases", "Cases")
	}
	return c
}

// groupRowLabel is what a grouped table's line counts, named from its
// first cell's figure.
func groupRowLabel(id statflow.GroupID, r statflow.GroupRow) string {
	if len(r.Cells) == 0 {
		return r.Label
	}
	k := r.Cells[0].Key
	switch id {
	case statflow.GroupInpatients, statflow.GroupNewborns, statflow.GroupMaternity:
		if k.Extra != "" {
			return figureName(k.Figure) + ", " + extraWord(k.Figure, k.Extra)
		}
		return figureName(k.Figure)
	case statflow.GroupOutcomes:
		return extraWord(k.Figure, k.Extra)
	case statflow.GroupOutpatients:
		if k.Age == "" {
			return lang.X("statistics.all_ages", "All ages")
		}
		return ageWord(k.Age)
	}
	return r.Label
}

// wardTypeName is what a ward is for.
func wardTypeName(t model.WardType) string {
	if s, ok := wardTypeNameOf(t); ok {
		return s
	}
	return string(t)
}

func wardTypeNameOf(t model.WardType) (string, bool) {
	switch t {
	case model.WardMedical:
		return lang.X("statistics.ward.medical", "medical"), true
	case model.WardSurgical:
		return lang.X("statistics.ward.surgical", "surgical"), true
	case model.WardMaternity:
		return lang.X("statistics.ward.maternity", "maternity"), true
	case model.WardPaediatric:
		return lang.X("statistics.ward.paediatric", "paediatric"), true
	case model.WardNursery:
		return lang.X("statistics.ward.nursery", "nursery"), true
	case model.WardICU:
		return lang.X("statistics.ward.icu", "intensive care"), true
	case model.WardOther:
		return lang.X("statistics.ward.other", "other"), true
	}
	return "", false
}
