package completion

import (
	"fmt"

	"dossier/model"
	"dossier/reports"
)

// FiguresTable lays the chart-completion figures out as one long table
// (section, item, measure, value): the same rows for the desk's Figures
// view, the command line and CSV, so a spreadsheet can pivot them.
func FiguresTable(f model.Figures) reports.Table {
	t := reports.Table{Header: []string{"Section", "Item", "Measure", "Value"}}
	add := func(section, item, measure, value string) {
		t.Rows = append(t.Rows, []string{section, item, measure, value})
	}
	period := fmt.Sprintf("%s to %s", f.From, f.To)
	add("Period", period, "Delinquency rate", RateText(f.Rate, f.HasRate))
	add("Period", period, "Average monthly discharges", fmt.Sprintf("%.1f", f.AvgDischarges))
	add("Period", period, "Average delinquent records", fmt.Sprintf("%.1f", f.AvgDelinquent))
	add("Period", period, "Records completed", fmt.Sprint(f.Completed))
	add("Period", period, "Median days discharge to complete", fmt.Sprintf("%.1f", f.MedianDays))
	add("Period", period, "Delinquent after (days)", fmt.Sprint(f.DelinquentDays))
	for _, m := range f.Months {
		add("Month", m.Month.String(), "Discharges", fmt.Sprint(m.Discharges))
		add("Month", m.Month.String(), "Delinquent records", fmt.Sprint(m.Delinquent))
		add("Month", m.Month.String(), "Delinquency rate", RateText(m.Rate, m.HasRate))
	}
	for _, c := range f.Clinicians {
		add("Clinician", c.Name, "Discharges", fmt.Sprint(c.Discharges))
		add("Clinician", c.Name, "Average delinquent records", fmt.Sprintf("%.1f", c.AvgDelinquent))
		add("Clinician", c.Name, "Delinquency rate", RateText(c.Rate, c.HasRate))
	}
	for _, r := range f.ByRule {
		add("Type", r.Rule.Label(), "Raised", fmt.Sprint(r.Raised))
		add("Type", r.Rule.Label(), "Still open", fmt.Sprint(r.Open))
	}
	return t
}

// RateText shows a rate as a percentage, or "no discharges" when there is
// none to divide by.
func RateText(rate float64, ok bool) string {
	if !ok {
		return "no discharges"
	}
	return fmt.Sprintf("%.1f%%", 100*rate)
}
