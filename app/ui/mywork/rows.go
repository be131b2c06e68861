package mywork

import (
	"fmt"

	"dossier/app/flow/worklist"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
)

// rowOf is worklist.RowOf in the window's words and the clinic's way of
// writing dates (the command line prints the flow's English rows).
func rowOf(h *kit.Host, it storage.WorkItem) worklist.Row {
	r := worklist.RowOf(it)
	if !it.At.IsZero() {
		r.When = h.Day(it.At)
	}
	switch it.Queue {
	case storage.QueueToKey:
		r.What = kit.DocTypeName(model.DocType(it.Type))
		if it.Text != "" {
			r.What += ": " + it.Text
		}
	case storage.QueueBatches:
		r.What = it.Text + " · " + kit.Word(model.BatchStage(it.Type).Label())
	case storage.QueueChartsOut:
		r.What = lang.X("mywork.row.out_with", "out with {{.Who}}", map[string]any{"Who": it.Who})
		if it.Type == string(model.ChartMissing) {
			r.What = lang.X("mywork.row.missing", "missing")
		}
	case storage.QueueToCode:
		if !it.Discharged {
			r.What = lang.X("mywork.row.in_hospital", "{{.What}} (in hospital)", map[string]any{"What": it.Text})
		}
	case storage.QueueRequests:
		r.What = it.Text + " · " + kit.RequestStatusName(model.RequestStatus(it.Type))
	case storage.QueueDuplicates:
		r.What = lang.X("mywork.row.likely_same", "likely the same person (score {{.Score}})", map[string]any{"Score": fmt.Sprintf("%.0f%%", 100*it.Score)})
		if it.Type == string(model.DupDeferred) {
			r.What = lang.X("mywork.row.likely_same_deferred", "likely the same person (score {{.Score}}), deferred", map[string]any{"Score": fmt.Sprintf("%.0f%%", 100*it.Score)})
		}
	case storage.QueueDiffer:
		r.What = lang.X("mywork.row.keyings_differ", "{{.Form}}: the two keyings differ", map[string]any{"Form": kit.DocTypeName(model.DocType(it.Type))})
		r.Who = lang.X("mywork.row.first_keyed_by", "first keyed by {{.Who}}", map[string]any{"Who": it.Who})
	}
	return r
}
