package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Column is one column of a list screen's table. Width is what the column
// wants at most; Min, when set, is the least it may shrink to on a small
// screen (by default a little over half of Width). Key columns set Min
// near their Width so they stay readable.
type Column struct {
	Title string
	Width float32
	Min   float32
}

func (c Column) least() float32 {
	if c.Min > 0 {
		return min(c.Min, c.Width)
	}
	return max(min(c.Width, 56), c.Width*0.55)
}

// ColumnTable is the virtualized table with a header row that every list
// screen uses: only visible rows are built, so 100,000 rows cost no more
// than 20. It is NewColumnTable for screens that place the table itself.
func ColumnTable(cols []Column, rows func() int, cell func(row, col int) string) *widget.Table {
	t, _ := NewColumnTable(cols, rows, cell)
	return t
}

// NewColumnTable is ColumnTable and the view to put on screen: the table
// with its columns fitted to the width it is given (sized to their
// content, shrunk toward their least width on a small screen before the
// table scrolls sideways) and, over its foot, a line that shows a cut
// cell's whole text while the pointer rests on it.
func NewColumnTable(cols []Column, rows func() int, cell func(row, col int) string) (*widget.Table, fyne.CanvasObject) {
	hover := widget.NewLabel("")
	hover.Truncation = fyne.TextTruncateEllipsis
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameForeground)
	bg.StrokeWidth = 1
	hint := container.NewStack(bg, hover)
	hint.Hide()
	fit := &fitColumns{cols: cols, rows: rows, cell: cell}
	t := widget.NewTableWithHeaders(
		func() (int, int) {
			n := rows()
			if n != fit.n && !fit.pending {
				// New rows: fit the columns to them once this refresh is over.
				fit.pending = true
				fyne.Do(fit.refit)
			}
			return n, len(cols)
		},
		func() fyne.CanvasObject { return newCellLabel(hover, hint) },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if id.Row >= 0 && id.Row < rows() {
				text = cell(id.Row, id.Col)
			}
			c := o.(*cellLabel)
			c.title = cols[id.Col].Title
			c.SetText(text)
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		// A title wider than its column (a small screen, a long
		// translation) is cut, never drawn over the next one.
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col].Title)
		}
	}
	for i, c := range titled(cols) {
		t.SetColumnWidth(i, c.Width)
	}
	fit.t = t
	return t, container.New(fit, t, hint)
}

// fitColumns lays the table out at the width it is given, setting the
// column widths first.
type fitColumns struct {
	t       *widget.Table
	cols    []Column
	rows    func() int
	cell    func(row, col int) string
	width   float32 // the width last laid out at
	n       int     // the rows last measured
	pending bool
}

func (f *fitColumns) MinSize([]fyne.CanvasObject) fyne.Size {
	m := f.t.MinSize()
	return fyne.NewSize(min(m.Width, 200), m.Height)
}

func (f *fitColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != f.width {
		f.width = size.Width
		f.refit()
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	// The hint lies over the table's last line: showing it moves nothing,
	// and it takes no pointer events (the cells under it keep them).
	h := objs[1].MinSize().Height
	objs[1].Move(fyne.NewPos(0, size.Height-h))
	objs[1].Resize(fyne.NewSize(size.Width, h))
}

// refit sets the column widths for the rows shown and the width given.
func (f *fitColumns) refit() {
	f.pending = false
	f.n = f.rows()
	if f.width <= 0 {
		return
	}
	// Less the scroll bar and a separator between columns.
	room := f.width - theme.ScrollBarSize() - theme.SeparatorThicknessSize()*float32(len(f.cols)+1) - theme.Padding()
	for i, w := range FitWidths(titled(f.cols), f.contentWidths(), room) {
		f.t.SetColumnWidth(i, w)
	}
}

// titled is the columns, each wanting at least its title's width: the
// widths were chosen for the English titles, and a translated title
// (French, Swahili) is often longer. How far it may shrink is unchanged.
func titled(cols []Column) []Column {
	pad := theme.Padding()*4 + 2
	out := make([]Column, len(cols))
	for i, c := range cols {
		c.Min = c.least() // a small screen still shrinks it as far as before
		c.Width = max(c.Width, fyne.MeasureText(c.Title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+pad)
		out[i] = c
	}
	return out
}

// measuredRows bounds the rows read to size columns: the first screenful
// or two say what the column holds, and reading 100,000 rows would not.
const measuredRows = 60

// contentWidths is how wide each column's header and first rows are.
func (f *fitColumns) contentWidths() []float32 {
	pad := theme.Padding()*4 + 2
	ws := make([]float32, len(f.cols))
	bold := fyne.TextStyle{Bold: true}
	size := theme.TextSize()
	for i, c := range f.cols {
		ws[i] = fyne.MeasureText(c.Title, size, bold).Width + pad
	}
	for r := range min(f.rows(), measuredRows) {
		for i := range f.cols {
			if s := f.cell(r, i); s != "" {
				ws[i] = max(ws[i], fyne.MeasureText(s, size, fyne.TextStyle{}).Width+pad)
			}
		}
	}
	return ws
}

// FitWidths shares width among the columns: each column wants its
// content's width (no more than its Width, no less than its least); when
// that does not fit, every column gives up the same share of what it has
// above its least; when there is room to spare, the widest columns get it.
func FitWidths(cols []Column, content []float32, width float32) []float32 {
	want := make([]float32, len(cols))
	least := make([]float32, len(cols))
	var sumWant, sumLeast float32
	for i, c := range cols {
		least[i] = c.least()
		want[i] = c.Width
		if i < len(content) && content[i] > 0 {
			want[i] = max(least[i], min(content[i], c.Width))
		}
		sumWant += want[i]
		sumLeast += least[i]
	}
	out := make([]float32, len(cols))
	switch {
	case sumWant <= width:
		// Room to spare: give it to columns whose content was cut at Width.
		spare := width - sumWant
		var cut float32
		for i := range cols {
			if i < len(content) && content[i] > want[i] {
				cut += content[i] - want[i]
			}
		}
		for i := range cols {
			out[i] = want[i]
			if cut > 0 && i < len(content) && content[i] > want[i] {
				out[i] += min(content[i]-want[i], spare*(content[i]-want[i])/cut)
			}
		}
	case sumLeast >= width:
		copy(out, least)
	default:
		f := (width - sumLeast) / (sumWant - sumLeast)
		for i := range cols {
			out[i] = least[i] + f*(want[i]-least[i])
		}
	}
	return out
}

// cellLabel is a table cell whose whole text shows in the line under the
// table while the pointer rests on it (a cut cell ends in "…").
type cellLabel struct {
	widget.Label
	hover *widget.Label
	hint  fyne.CanvasObject
	title string
}

func newCellLabel(hover *widget.Label, hint fyne.CanvasObject) *cellLabel {
	c := &cellLabel{hover: hover, hint: hint}
	c.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

var _ desktop.Hoverable = (*cellLabel)(nil)

func (c *cellLabel) MouseIn(*desktop.MouseEvent) {
	if c.Text == "" || !c.cut() {
		return
	}
	c.hover.SetText(c.title + ": " + c.Text)
	c.hint.Show()
}

// cut reports whether the cell is too narrow for its text.
func (c *cellLabel) cut() bool {
	return fyne.MeasureText(c.Text, theme.TextSize(), c.TextStyle).Width+theme.InnerPadding()*2 > c.Size().Width
}

func (c *cellLabel) MouseMoved(*desktop.MouseEvent) {}

func (c *cellLabel) MouseOut() { c.hint.Hide() }

// CellLabel is the label of a ColumnTable cell made by its CreateCell
// (tests read what a cell shows).
func CellLabel(o fyne.CanvasObject) *widget.Label {
	if c, ok := o.(*cellLabel); ok {
		return &c.Label
	}
	return nil
}
