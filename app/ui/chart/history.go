package chart

import (
	"encoding/json"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"sort"
	"strings"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The chart's History tab: the record's revisions, and what each held.

// loadHistory lists the record's revisions; selecting one shows what it held.
func loadHistory(h *kit.Host, id model.ID, into *fyne.Container) {
	kit.Run(h, func(sess *storage.Session) ([]model.Revision, error) { return sess.History(model.KindPatient, id) },
		func(revs []model.Revision, err error) {
			if err != nil {
				into.Objects = []fyne.CanvasObject{widget.NewLabel(kit.Plain(err))}
				into.Refresh()
				return
			}
			detail := kit.WrapLabel(lang.X("chart.select_a_revision_to", "Select a revision to see what it held."))
			list := widget.NewList(func() int { return len(revs) },
				func() fyne.CanvasObject {
					return widget.NewLabel(lang.X("chart.revision_line_placeholder_text", "revision line placeholder text"))
				},
				func(i widget.ListItemID, o fyne.CanvasObject) {
					r := revs[len(revs)-1-i]
					line := fmt.Sprintf(lang.X("chart.history.line", "Rev %d · %s · %s by %s"), r.Rev, h.When(r.Time), opDone(r.Op), r.User)
					if r.Reason != "" {
						line += " — " + r.Reason
					}
					o.(*widget.Label).SetText(line)
				})
			list.OnSelected = func(i widget.ListItemID) {
				h.Touch()
				showRevision(h, id, revs[len(revs)-1-i].Rev, detail)
			}
			split := container.NewVSplit(list, container.NewVScroll(detail))
			into.Objects = []fyne.CanvasObject{split}
			into.Refresh()
		})
}

func showRevision(h *kit.Host, id model.ID, rev uint32, into *widget.Label) {
	kit.Run(h, func(sess *storage.Session) (json.RawMessage, error) {
		b, _, err := sess.RevisionBody(model.KindPatient, id, rev)
		return b, err
	}, func(b json.RawMessage, err error) {
		if err != nil {
			into.SetText(kit.Plain(err))
			return
		}
		into.SetText(fmt.Sprintf(lang.X("chart.revision_held", "Revision %d held:\n%s"), rev, revisionText(b)))
	})
}

// revisionText renders a stored revision's fields one per line.
func revisionText(b json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return string(b)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "id" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		v, _ := json.Marshal(m[k])
		fmt.Fprintf(&sb, "%s: %s\n", k, v)
	}
	return sb.String()
}

// opDone says what a revision did, in words ("created", not "create").
func opDone(op model.Action) string {
	switch op {
	case model.ActCreate:
		return lang.X("chart.history.created", "created")
	case model.ActEdit:
		return lang.X("chart.history.edited", "edited")
	case model.ActDelete:
		return lang.X("chart.history.deleted", "deleted")
	case model.ActRestore:
		return lang.X("chart.history.restored", "restored")
	}
	return string(op)
}
