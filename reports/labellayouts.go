package reports

// LabelLayout is a sheet of die-cut labels. All lengths are mm, measured
// from the top-left corner of the page; labels are numbered left to right,
// then top to bottom, as the manufacturers' templates do.
type LabelLayout struct {
	Name     string
	PageSize string // "A4" or "Letter", as gofpdf names them
	Columns  int
	Rows     int
	Width    float64 // one label
	Height   float64
	Left     float64 // page edge to the first column
	Top      float64 // page edge to the first row
	GapX     float64 // between columns (horizontal pitch = Width + GapX)
	GapY     float64 // between rows (vertical pitch = Height + GapY)
}

// PerSheet is how many labels one sheet holds.
func (l LabelLayout) PerSheet() int { return l.Columns * l.Rows }

// cell is label n (0-based, within a sheet).
func (l LabelLayout) cell(n int) box {
	col, row := n%l.Columns, n/l.Columns
	return box{
		x: l.Left + float64(col)*(l.Width+l.GapX),
		y: l.Top + float64(row)*(l.Height+l.GapY),
		w: l.Width,
		h: l.Height,
	}
}

// inch is 25.4 mm: the US sheets are specified in inches, so their
// dimensions are written that way to stay exact.
const inch = 25.4

// LabelLayouts are the sheets Dossier prints on, with the dimensions Avery
// publishes for each (the margins and pitches add up to the page exactly).
// The small ones (L7651, 5167) are for specimen tubes.
var LabelLayouts = []LabelLayout{
	{Name: "Avery L7160 (A4, 21 per sheet, 63.5 × 38.1 mm)", PageSize: "A4",
		Columns: 3, Rows: 7, Width: 63.5, Height: 38.1, Left: 7.21, Top: 15.15, GapX: 2.54},
	{Name: "Avery L7163 (A4, 14 per sheet, 99.1 × 38.1 mm)", PageSize: "A4",
		Columns: 2, Rows: 7, Width: 99.1, Height: 38.1, Left: 4.65, Top: 15.15, GapX: 2.5},
	{Name: "Avery L7651 (A4, 65 per sheet, 38.1 × 21.2 mm)", PageSize: "A4",
		Columns: 5, Rows: 13, Width: 38.1, Height: 21.2, Left: 4.75, Top: 10.7, GapX: 2.5},
	{Name: "Avery 5160 (Letter, 30 per sheet, 66.7 × 25.4 mm)", PageSize: "Letter",
		Columns: 3, Rows: 10, Width: 2.625 * inch, Height: 1 * inch, Left: 0.1875 * inch, Top: 0.5 * inch, GapX: 0.125 * inch},
	{Name: "Avery 5163 (Letter, 10 per sheet, 101.6 × 50.8 mm)", PageSize: "Letter",
		Columns: 2, Rows: 5, Width: 4 * inch, Height: 2 * inch, Left: 0.15625 * inch, Top: 0.5 * inch, GapX: 0.1875 * inch},
	{Name: "Avery 5167 (Letter, 80 per sheet, 44.5 × 12.7 mm)", PageSize: "Letter",
		Columns: 4, Rows: 20, Width: 1.75 * inch, Height: 0.5 * inch, Left: 0.28125 * inch, Top: 0.5 * inch, GapX: 0.3125 * inch},
}

// LayoutByName finds a layout by its Name (forms offer the names).
func LayoutByName(name string) (LabelLayout, bool) {
	for _, l := range LabelLayouts {
		if l.Name == name {
			return l, true
		}
	}
	return LabelLayout{}, false
}
