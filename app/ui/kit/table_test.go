package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestFitWidths(t *testing.T) {
	cols := []Column{{Title: "MRN", Width: 120, Min: 110}, {Title: "Name", Width: 300}, {Title: "Why", Width: 200}}
	sum := func(ws []float32) (s float32) {
		for _, w := range ws {
			s += w
		}
		return s
	}
	for _, c := range []struct {
		name    string
		content []float32
		width   float32
		check   func(ws []float32) string
	}{
		{"room: each column its content", []float32{100, 150, 80}, 1000, func(ws []float32) string {
			if ws[0] != 110 || ws[1] != 165 || ws[2] != 110 { // never under the least
				return "want 110,165,110"
			}
			return ""
		}},
		{"cut content gets the spare room", []float32{100, 500, 80}, 700, func(ws []float32) string {
			if ws[1] <= 300 || sum(ws) > 700.5 {
				return "the long column should grow into the spare width, and no further"
			}
			return ""
		}},
		{"narrow: shrink toward least, fill the width", []float32{120, 300, 200}, 500, func(ws []float32) string {
			if s := sum(ws); s < 499 || s > 501 {
				return "columns should fill 500"
			}
			if ws[0] < 110 {
				return "the key column went under its least"
			}
			return ""
		}},
		{"too narrow: least widths, the table scrolls", []float32{120, 300, 200}, 100, func(ws []float32) string {
			if ws[0] != 110 || ws[1] != cols[1].least() || ws[2] != cols[2].least() {
				return "want least widths"
			}
			return ""
		}},
	} {
		ws := FitWidths(cols, c.content, c.width)
		if msg := c.check(ws); msg != "" {
			t.Errorf("%s: %v: %s", c.name, ws, msg)
		}
	}
}

// A table in a narrow place still fits it: its view asks for little width.
func TestColumnTableViewFitsNarrowPlaces(t *testing.T) {
	test.NewTempApp(t)
	rows := []string{"a very long name that would not fit in a narrow column at all"}
	tb, view := NewColumnTable([]Column{{Title: "Name", Width: 500}, {Title: "Born", Width: 300}},
		func() int { return len(rows) }, func(r, c int) string { return rows[r] })
	w := test.NewTempWindow(t, view)
	w.Resize(fyne.NewSize(400, 300))
	if m := view.MinSize(); m.Width > 400 {
		t.Fatalf("view needs %v", m)
	}
	if tb.OnSelected != nil {
		t.Fatal("a new table has no selection handler")
	}
}
