package statistics

import (
	statflow "dossier/app/flow/statistics"
	"dossier/app/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// viewName is what the Show list calls a grouped table.
func viewName(id statflow.GroupID) string {
	switch id {
	case statflow.GroupInpatients:
		return lang.X("statistics.view.inpatients", "Inpatients by ward")
	case statflow.GroupOutcomes:
		return lang.X("statistics.view.outcomes", "Discharges by outcome")
	case statflow.GroupNewborns:
		return lang.X("statistics.view.newborns", "Newborns by ward")
	case statflow.GroupMaternity:
		return lang.X("statistics.view.maternity", "Maternity")
	case statflow.GroupOutpatients:
		return lang.X("statistics.view.outpatients", "Outpatients by age and sex")
	case statflow.GroupDiagnoses:
		return lang.X("statistics.view.diagnoses", "Diagnoses, commonest first")
	case statflow.GroupDeaths:
		return lang.X("statistics.view.deaths", "Deaths by cause")
	case statflow.GroupNotifiable:
		return lang.X("statistics.view.notifiable", "Notifiable diseases")
	}
	return ""
}

// allFigures is the Show list's last choice: every figure as one list, the
// layout of the CSV export.
func allFigures() string { return lang.X("statistics.view.all", "All figures, one per line") }

// viewNames lists the Show choices for the figures shown: their groups,
// then the whole list.
func viewNames(gs []statflow.Group) []string {
	out := make([]string, 0, len(gs)+1)
	for _, g := range gs {
		out = append(out, viewName(g.ID))
	}
	return append(out, allFigures())
}

// groupTable draws one grouped table; choosing a number lists what it
// counts.
func (r *room) groupTable(g statflow.Group) fyne.CanvasObject {
	label := float32(250)
	if g.ID == statflow.GroupDiagnoses || g.ID == statflow.GroupDeaths || g.ID == statflow.GroupNotifiable {
		label = 330 // a category with its title
	}
	cols := []kit.Column{{Title: "", Width: label, Min: 140}}
	for _, c := range g.Columns {
		cols = append(cols, kit.Column{Title: c, Width: 80, Min: 56})
	}
	cell := func(row, col int) string {
		if row >= len(g.Rows) {
			return ""
		}
		if col == 0 {
			return g.Rows[row].Label
		}
		if col-1 < len(g.Rows[row].Cells) {
			return g.Rows[row].Cells[col-1].Value
		}
		return ""
	}
	t, view := kit.NewColumnTable(cols, func() int { return len(g.Rows) }, cell)
	t.OnSelected = func(id widget.TableCellID) {
		r.h.Touch()
		if id.Row >= 0 && id.Row < len(g.Rows) && id.Col > 0 && id.Col-1 < len(g.Rows[id.Row].Cells) {
			if c := g.Rows[id.Row].Cells[id.Col-1]; c.Has {
				r.drill(c.Key)
			}
		}
		t.UnselectAll()
	}
	return view
}
