package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// WarnRows shows the rows of a ColumnTable for which late is true in the
// error colour, so overdue charts and late results stand out in a long
// list.
func WarnRows(t *widget.Table, late func(row int) bool) {
	update := t.UpdateCell
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*cellLabel)
		l.Importance = widget.MediumImportance
		if id.Row >= 0 && late(id.Row) {
			l.Importance = widget.DangerImportance
		}
		update(id, o)
	}
}
