package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Column is one column of a list screen's table.
type Column struct {
	Title string
	Width float32
}

// ColumnTable is the virtualized table with a header row that every list
// screen uses: only visible rows are built, so 100,000 rows cost no more
// than 20.
func ColumnTable(cols []Column, rows func() int, cell func(row, col int) string) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		func() fyne.CanvasObject {
			// Long text ends in "…" instead of running into the next column.
			l := widget.NewLabel("placeholder")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if id.Row >= 0 && id.Row < rows() {
				text = cell(id.Row, id.Col)
			}
			o.(*widget.Label).SetText(text)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col].Title)
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.Width)
	}
	return t
}
