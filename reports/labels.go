package reports

import (
	"errors"
	"fmt"
	"io"

	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// LabelSheet says where on which sheet labels go.
type LabelSheet struct {
	Layout LabelLayout
	Skip   int           // labels already used on a partly used sheet: start at position Skip+1
	Copies int           // each label repeated; 0 means 1
	Words  printed.Words // the clinic's language (printed.For); zero: English
}

// FolderLabel goes on the chart folder's edge.
type FolderLabel struct{ Name, MRN, Born, Sex string }

// IDLabel is the patient sticker for forms and request slips.
type IDLabel struct{ Name, MRN, Born, Sex string }

// SpecimenLabel goes on a specimen tube.
type SpecimenLabel struct {
	Name, MRN, Born string
	Specimen        string // e.g. "Blood (EDTA)"
	Tests           string // e.g. "FBC, ESR"
	Collected       string // e.g. "2026-11-22 10:40"
	Code            string // the specimen's barcode value, e.g. "S-KDH0000123-0004"
}

// WriteFolderLabels prints chart folder labels: name, MRN, and the MRN's
// terminal digits as colour blocks at the label's right edge.
func WriteFolderLabels(w io.Writer, sheet LabelSheet, labels []FolderLabel) error {
	return writeLabels(w, sheet, sheet.Words.T("labels.folder_title"), len(labels), func(pdf *gofpdf.Fpdf, i int, b box) error {
		return drawFolderLabel(pdf, sheet.Words, labels[i], b)
	})
}

// WriteIDLabels prints patient ID stickers with the MRN as a barcode.
func WriteIDLabels(w io.Writer, sheet LabelSheet, labels []IDLabel) error {
	return writeLabels(w, sheet, sheet.Words.T("labels.id_title"), len(labels), func(pdf *gofpdf.Fpdf, i int, b box) error {
		return drawIDLabel(pdf, sheet.Words, labels[i], b)
	})
}

// WriteSpecimenLabels prints specimen tube labels with the specimen code as
// a barcode.
func WriteSpecimenLabels(w io.Writer, sheet LabelSheet, labels []SpecimenLabel) error {
	return writeLabels(w, sheet, sheet.Words.T("labels.specimen_title"), len(labels), func(pdf *gofpdf.Fpdf, i int, b box) error {
		return drawSpecimenLabel(pdf, sheet.Words, labels[i], b)
	})
}

// writeLabels places n labels, each Copies times, on as many sheets as they
// need, starting after the Skip used positions of the first sheet. The
// pages have no header or footer: every mm belongs to a label. Print at
// actual size; "fit to page" would shift every label off its die-cut.
func writeLabels(w io.Writer, sheet LabelSheet, title string, n int, draw func(*gofpdf.Fpdf, int, box) error) error {
	l := sheet.Layout
	per := l.PerSheet()
	switch {
	case n == 0:
		return errors.New("no labels to print")
	case per <= 0 || l.Width <= 0 || l.Height <= 0:
		return fmt.Errorf("the label layout %q has no labels", l.Name)
	case sheet.Skip < 0 || sheet.Skip >= per:
		return fmt.Errorf("cannot skip %d labels: a sheet of %s holds %d", sheet.Skip, l.Name, per)
	case sheet.Copies < 0:
		return fmt.Errorf("cannot print %d copies of a label", sheet.Copies)
	}
	copies := max(sheet.Copies, 1)

	pdf := newPDFSized("P", l.PageSize)
	pdf.SetTitle(title+" — "+l.Name, true)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	pos := sheet.Skip
	for i := 0; i < n; i++ {
		for c := 0; c < copies; c++ {
			if pos == per {
				pdf.AddPage()
				pos = 0
			}
			if err := draw(pdf, i, l.cell(pos)); err != nil {
				return fmt.Errorf("label %d on %s: %w", i+1, l.Name, err)
			}
			pos++
		}
	}
	return finish(pdf, w)
}

// labelInner is the printable part of a label: printers place a sheet to
// within a millimetre or so, so nothing goes right to the die-cut edge.
func labelInner(b box) box {
	return b.inset(min(max(b.w*0.04, 1.2), 3), min(max(b.h*0.06, 0.8), 2.5))
}

// basePt is the body text size for a label of height h mm: 5.5 pt on a
// 12.7 mm tube label, 10 pt on a 38 mm one.
func basePt(h float64) float64 { return min(max(3.2+0.18*h, 5.5), 10.5) }

// row is one line (or band) of a label.
type row struct {
	h, maxH float64 // height it needs, and up to what it may grow (0: fixed)
	prio    int     // 0 always prints; on a small label rows of the highest prio go first
	shown   *bool   // if set, told whether the row made it onto the label
	draw    func(top, h float64) error
}

// stack places rows top to bottom in area. Rows that do not fit are dropped,
// least important first; growing rows (barcodes) take the spare height up
// to their maximum, and what is left spaces the rows evenly.
func stack(area box, rows []row) error {
	kept := make([]bool, len(rows))
	for i := range kept {
		kept[i] = true
	}
	for {
		total, drop := 0.0, -1
		for i, r := range rows {
			if !kept[i] {
				continue
			}
			total += r.h
			if r.prio > 0 && (drop < 0 || r.prio > rows[drop].prio) {
				drop = i
			}
		}
		if total <= area.h+1e-9 {
			break
		}
		if drop < 0 {
			return fmt.Errorf("a %.1f × %.1f mm label is too small for what it must show", area.w, area.h)
		}
		kept[drop] = false
	}
	heights := make([]float64, len(rows))
	spare, count := area.h, 0
	for i, r := range rows {
		if kept[i] {
			heights[i] = r.h
			spare -= r.h
			count++
		}
	}
	for i, r := range rows {
		if kept[i] && r.maxH > r.h && spare > 0 {
			grow := min(r.maxH-r.h, spare)
			heights[i] += grow
			spare -= grow
		}
	}
	gap := spare / float64(count+1)
	top := area.y + gap
	for i, r := range rows {
		if r.shown != nil {
			*r.shown = kept[i]
		}
	}
	for i, r := range rows {
		if !kept[i] {
			continue
		}
		if err := r.draw(top, heights[i]); err != nil {
			return err
		}
		top += heights[i] + gap
	}
	return nil
}

// joinNonEmpty joins the parts that are not empty with sep.
func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}
