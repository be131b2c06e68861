package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"dossier/model"
)

// person is test data every label kind is made from.
type person struct{ name, mrn, born, sex string }

var labelPeople = []person{
	{"Nguyễn Thị Ánh", model.FormatMRN("KDH", 123), "1980-03-04", "F"},
	{"Αλέξανδρος", model.FormatMRN("KDH", 4567890), "2001-12-31", "M"},
	{"Ṣọlá Adéyẹmí", model.FormatMRN("KDH", 38), "1975-07-15", "M"},
	{"በቀለ, አበበ", model.FormatMRN("KDH", 301), "1990-09-11", "M"}, // Ethiopic: printed in Dossier Sans
	// Too long for any label: must be cut, never spill.
	{"Maria Fernanda de los Ángeles García-Villalobos y Montenegro", model.FormatMRN("KDH", 9), "", "F"},
}

// specimenCode is the barcode value of person i's specimen.
func specimenCode(p person, i int) string {
	return fmt.Sprintf("S-%s-%04d", strings.ReplaceAll(p.mrn[:len(p.mrn)-2], "-", ""), i+1)
}

// labelKind writes people as one kind of label; barcode is what the
// label's barcode must read (empty: it has none).
type labelKind struct {
	name    string
	write   func(io.Writer, LabelSheet, []person) error
	barcode func(p person, i int) string
}

var labelKinds = []labelKind{
	{name: "folder", write: func(w io.Writer, s LabelSheet, ps []person) error {
		var ls []FolderLabel
		for _, p := range ps {
			ls = append(ls, FolderLabel{Name: p.name, MRN: p.mrn, Born: p.born, Sex: p.sex})
		}
		return WriteFolderLabels(w, s, ls)
	}},
	{name: "id", write: func(w io.Writer, s LabelSheet, ps []person) error {
		var ls []IDLabel
		for _, p := range ps {
			ls = append(ls, IDLabel{Name: p.name, MRN: p.mrn, Born: p.born, Sex: p.sex})
		}
		return WriteIDLabels(w, s, ls)
	}, barcode: func(p person, _ int) string { return p.mrn }},
	{name: "specimen", write: func(w io.Writer, s LabelSheet, ps []person) error {
		var ls []SpecimenLabel
		for i, p := range ps {
			ls = append(ls, SpecimenLabel{Name: p.name, MRN: p.mrn, Born: p.born,
				Specimen: "Blood (EDTA)", Tests: "FBC, ESR, malaria RDT, blood film for parasites",
				Collected: "2026-11-22 10:40", Code: specimenCode(p, i)})
		}
		return WriteSpecimenLabels(w, s, ls)
	}, barcode: specimenCode},
}

func writeKind(t *testing.T, k labelKind, s LabelSheet, ps []person) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := k.write(&buf, s, ps); err != nil {
		t.Fatalf("%s labels on %s: %v", k.name, s.Layout.Name, err)
	}
	return buf.Bytes()
}

// TestLabelSheets prints every kind on every layout: the PDF is valid, the
// names and MRNs are in it, no word leaves its label, and the barcode scans.
func TestLabelSheets(t *testing.T) {
	for _, l := range LabelLayouts {
		for _, k := range labelKinds {
			t.Run(k.name+"/"+strings.Fields(l.Name)[1], func(t *testing.T) {
				pdf := writeKind(t, k, LabelSheet{Layout: l}, labelPeople)
				text := strings.Join(strings.Fields(checkPDF(t, pdf)), " ")
				for _, p := range labelPeople {
					if !strings.Contains(text, p.mrn) {
						t.Errorf("no MRN %s in:\n%s", p.mrn, text)
					}
				}
				for _, p := range labelPeople[:4] {
					if !strings.Contains(text, p.name) {
						t.Errorf("no name %q in:\n%s", p.name, text)
					}
				}
				if !strings.Contains(text, "Maria Fern") || !strings.Contains(text, "…") {
					t.Errorf("the long name is not cut with …:\n%s", text)
				}
				for _, w := range words(t, pdf) {
					if !inSomeLabel(l, w.box) {
						t.Errorf("%q at %+v is not inside a label", w.text, w.box)
					}
				}
				if k.barcode == nil {
					return
				}
				for i, p := range labelPeople[:2] {
					img := renderPNG(t, pdf, 1, 300, l.cell(i))
					got, err := decodeCode128(img)
					if want := k.barcode(p, i); err != nil || got != want {
						t.Errorf("label %d barcode reads %q, %v; want %q", i+1, got, err, want)
					}
				}
			})
		}
	}
}

func inSomeLabel(l LabelLayout, b box) bool {
	for n := range l.PerSheet() {
		if within(b, l.cell(n), 0.05) {
			return true
		}
	}
	return false
}

// TestLabelSkipAndCopies: copies sit next to each other, the first label
// goes to position Skip+1, and what does not fit goes on a second sheet.
func TestLabelSkipAndCopies(t *testing.T) {
	l, _ := LayoutByName("Avery L7160 (A4, 21 per sheet, 63.5 × 38.1 mm)")
	var ps []person
	for i := range 10 {
		ps = append(ps, person{name: fmt.Sprintf("Patient %d", i+1), mrn: model.FormatMRN("KDH", uint64(1000+i)), born: "1990-01-01", sex: "F"})
	}
	for _, k := range labelKinds {
		t.Run(k.name, func(t *testing.T) {
			pdf := writeKind(t, k, LabelSheet{Layout: l, Skip: 5, Copies: 3}, ps)
			pages := strings.Split(checkPDF(t, pdf), "\f")
			for i, p := range ps {
				if n := strings.Count(strings.Join(pages, ""), p.mrn); n != 3 {
					t.Errorf("MRN of label %d printed %d times, want 3", i+1, n)
				}
			}
			// 5 used + 30 labels: 16 on the first sheet, 14 on the second.
			for page, want := range []int{16, 14} {
				if n := strings.Count(pages[page], "KDH-"); n != want {
					t.Errorf("sheet %d has %d labels, want %d", page+1, n, want)
				}
			}
			first, last := false, false
			for _, w := range words(t, pdf) {
				first = first || (w.text == ps[0].mrn && w.page == 1 && within(w.box, l.cell(5), 0))
				last = last || (w.text == ps[9].mrn && w.page == 2 && within(w.box, l.cell(13), 0))
			}
			if !first || !last {
				t.Errorf("first label at position 6 of sheet 1: %v; last at position 14 of sheet 2: %v", first, last)
			}
		})
	}
	// Copies 0 means one of each.
	text := checkPDF(t, writeKind(t, labelKinds[0], LabelSheet{Layout: l}, ps[:2]))
	if n := strings.Count(text, "KDH-"); n != 2 {
		t.Errorf("Copies 0 printed %d labels, want 2", n)
	}
}

func TestLabelErrors(t *testing.T) {
	l := LabelLayouts[0]
	for _, tc := range []struct {
		name  string
		sheet LabelSheet
		ps    []person
		want  string
	}{
		{"empty", LabelSheet{Layout: l}, nil, "no labels to print"},
		{"skip a whole sheet", LabelSheet{Layout: l, Skip: 21}, labelPeople, "cannot skip 21 labels"},
		{"negative skip", LabelSheet{Layout: l, Skip: -1}, labelPeople, "cannot skip -1 labels"},
		{"negative copies", LabelSheet{Layout: l, Copies: -2}, labelPeople, "copies"},
		{"no layout", LabelSheet{}, labelPeople, "has no labels"},
	} {
		for _, k := range labelKinds {
			err := k.write(io.Discard, tc.sheet, tc.ps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s %s: error %v, want %q", tc.name, k.name, err, tc.want)
			}
		}
	}
	err := labelKinds[0].write(io.Discard, LabelSheet{Layout: l}, []person{{name: "No number", mrn: "KDH-X-K"}})
	if err == nil || !strings.Contains(err.Error(), "no number") {
		t.Errorf("folder label without a number: %v", err)
	}
}

func TestTerminalDigits(t *testing.T) {
	for _, tc := range []struct {
		mrn  string
		want TerminalGroups
		ok   bool
	}{
		{"KDH-0000123-K", TerminalGroups{"00", "01", "23"}, true},
		{model.FormatMRN("KDH", 4567890), TerminalGroups{"456", "78", "90"}, true},
		{"ABC-0000042-5", TerminalGroups{"00", "00", "42"}, true}, // a digit check character is not a digit of the number
		{"ABC-12345678-X", TerminalGroups{"1234", "56", "78"}, true},
		{"123", TerminalGroups{"00", "01", "23"}, true},
		{"FILE 7", TerminalGroups{"00", "00", "07"}, true},
		{"", TerminalGroups{}, false},
		{"ABC-X-K", TerminalGroups{}, false},
	} {
		got, ok := TerminalDigits(tc.mrn)
		if got != tc.want || ok != tc.ok {
			t.Errorf("TerminalDigits(%q) = %+v, %v; want %+v, %v", tc.mrn, got, ok, tc.want, tc.ok)
		}
	}
	if g, _ := TerminalDigits("KDH-0000123-K"); g.String() != "00 01 23" {
		t.Errorf("String() = %q", g.String())
	}
}

// TestDigitColoursReadable: every digit is readable on its block (WCAG AA
// contrast, 4.5:1).
func TestDigitColoursReadable(t *testing.T) {
	lum := func(r, g, b int) float64 {
		lin := func(c int) float64 {
			v := float64(c) / 255
			if v <= 0.03928 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	for d, c := range digitColours {
		bg, fg := lum(c.r, c.g, c.b), 0.0
		if c.whiteText {
			fg = 1
		}
		ratio := (max(bg, fg) + 0.05) / (min(bg, fg) + 0.05)
		if ratio < 4.5 {
			t.Errorf("digit %d: contrast %.1f:1", d, ratio)
		}
	}
}

// TestLabelLayouts: margins, labels and gaps add up to the page, and the
// name tells the truth about the sheet.
func TestLabelLayouts(t *testing.T) {
	pages := map[string][2]float64{"A4": {210, 297}, "Letter": {215.9, 279.4}}
	for _, l := range LabelLayouts {
		page, ok := pages[l.PageSize]
		if !ok {
			t.Errorf("%s: page size %q", l.Name, l.PageSize)
			continue
		}
		w := 2*l.Left + float64(l.Columns)*l.Width + float64(l.Columns-1)*l.GapX
		h := 2*l.Top + float64(l.Rows)*l.Height + float64(l.Rows-1)*l.GapY
		if math.Abs(w-page[0]) > 0.1 || math.Abs(h-page[1]) > 0.1 {
			t.Errorf("%s adds up to %.2f × %.2f mm, not the page", l.Name, w, h)
		}
		size := fmt.Sprintf("%.1f × %.1f mm", l.Width, l.Height)
		if !strings.Contains(l.Name, fmt.Sprintf("%d per sheet", l.PerSheet())) || !strings.Contains(l.Name, size) {
			t.Errorf("%s: %d per sheet, %s", l.Name, l.PerSheet(), size)
		}
		if got, ok := LayoutByName(l.Name); !ok || got != l {
			t.Errorf("LayoutByName(%q) = %v, %v", l.Name, got.Name, ok)
		}
	}
	if _, ok := LayoutByName("Avery 9999"); ok {
		t.Error("LayoutByName found a layout that does not exist")
	}
}
