package reports

import (
	"fmt"
	"strings"

	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// How wide a barcode's bars may get: wider only makes a long barcode
// that a hand scanner's beam no longer spans.
const maxModuleMM = 0.3

// black sets text back to black after a coloured block.
func black(pdf *gofpdf.Fpdf) { pdf.SetTextColor(0, 0, 0) }

// drawFolderLabel: name and MRN large on the left; the terminal digits as
// two colour blocks at the right edge, so on the shelf the folder edges
// form colour bands and a misfiled chart breaks the pattern; the filing
// groups spelled out with their names for the clerk.
func drawFolderLabel(pdf *gofpdf.Fpdf, words printed.Words, l FolderLabel, b box) error {
	g, ok := TerminalDigits(l.MRN)
	if !ok {
		return fmt.Errorf("the MRN %q has no number to colour-code", l.MRN)
	}
	in := labelInner(b)
	s := basePt(b.h)
	bw := min(in.h*0.5, b.w*0.16)
	for k, d := range g.Primary {
		digitBlock(pdf, int(d-'0'), box{in.x + in.w - float64(2-k)*bw, in.y, bw, in.h})
	}
	// Keep the text clear of the blocks, less so on the narrowest labels
	// where every mm goes to the name.
	text := box{in.x, in.y, in.w - 2*bw - min(2.5, bw*0.25), in.h}
	black(pdf)

	name, mrn := face{"sans", "B", s * 1.45}, face{"mono", "", s * 1.4}
	small := face{"sans", "", s * 0.85}
	rows := []row{
		{h: lineH(name.pt), draw: func(top, _ float64) error {
			fitPut(pdf, name, s*0.85, l.Name, text.x, top, text.w, 'L')
			return nil
		}},
		{h: lineH(mrn.pt), draw: func(top, _ float64) error {
			fitPut(pdf, mrn, s*0.9, l.MRN, text.x, top, text.w, 'L')
			return nil
		}},
	}
	if born := bornSex(words, l.Born, l.Sex); born != nil {
		rows = append(rows, row{h: lineH(small.pt), prio: 2, draw: func(top, _ float64) error {
			t, f := fitAlt(pdf, small, small.pt*0.85, born, text.w)
			put(pdf, f, t, text.x, top, text.w, 'L')
			return nil
		}})
	}
	groups, caption := face{"mono", "", s}, face{"sans", "", max(s*0.55, 4)}
	rows = append(rows, row{h: lineH(groups.pt) + lineH(caption.pt), prio: 1, draw: func(top, _ float64) error {
		filingGroups(pdf, g, groups, caption, text.x, top, text.w)
		return nil
	}})
	return stack(text, rows)
}

// filingGroups prints "00 01 23" with "tertiary secondary primary" under
// the groups, so nobody has to remember which pair is filed by first.
func filingGroups(pdf *gofpdf.Fpdf, g TerminalGroups, groups, caption face, x, top, w float64) {
	vals := []string{g.Tertiary, g.Secondary, g.Primary}
	for _, names := range [][]string{{"tertiary", "secondary", "primary"}, {"tert.", "sec.", "prim."}} {
		gap := groups.width(pdf, " ")
		cols := make([]float64, 3)
		total := 2 * gap
		for i := range vals {
			cols[i] = max(groups.width(pdf, vals[i]), caption.width(pdf, names[i]))
			total += cols[i]
		}
		if total > w {
			continue
		}
		for i := range vals {
			put(pdf, groups, vals[i], x, top, cols[i], 'C')
			pdf.SetTextColor(90, 90, 90)
			put(pdf, caption, names[i], x, top+lineH(groups.pt), cols[i], 'C')
			black(pdf)
			x += cols[i] + gap
		}
		return
	}
	// Narrower than any label Dossier knows: the groups alone.
	fitPut(pdf, groups, groups.pt*0.7, g.String(), x, top, w, 'L')
}

// digitBlock is one terminal digit: the digit large on its colour, with a
// thin outline so yellow and light green still show an edge on white.
func digitBlock(pdf *gofpdf.Fpdf, d int, b box) {
	c := digitColours[d]
	pdf.SetFillColor(c.r, c.g, c.b)
	pdf.SetDrawColor(60, 60, 60)
	pdf.SetLineWidth(0.15)
	pdf.Rect(b.x, b.y, b.w, b.h, "FD")
	if c.whiteText {
		pdf.SetTextColor(255, 255, 255)
	} else {
		pdf.SetTextColor(0, 0, 0)
	}
	// DejaVu Sans Bold digits are 0.70 em wide and 0.73 em tall.
	pt := min(b.w*0.75/0.70, b.h*0.7/0.73) / ptMM
	f := face{"sans", "B", pt}
	f.set(pdf)
	digit := string(rune('0' + d))
	pdf.Text(b.x+(b.w-pdf.GetStringWidth(digit))/2, b.y+b.h/2+0.73*pt*ptMM/2, digit)
	black(pdf)
}

// bornSex is birth date and sex, long then short; nil when both are empty.
func bornSex(words printed.Words, born, sex string) []string {
	long := joinNonEmpty(" · ", prefixed(words.T("labels.born")+" ", born), prefixed(words.T("labels.sex")+" ", sex))
	if long == "" {
		return nil
	}
	return []string{long, joinNonEmpty(" · ", strings.TrimSpace(born), strings.TrimSpace(sex))}
}

func prefixed(p, s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return p + s
}

// drawIDLabel: name, birth date and sex, then the MRN as a barcode with the
// MRN printed under it. On a small label the birth date and sex move to the
// right of the name.
func drawIDLabel(pdf *gofpdf.Fpdf, words printed.Words, l IDLabel, b box) error {
	in := labelInner(b)
	s := basePt(b.h)
	black(pdf)
	name, small, mrn := face{"sans", "B", s * 1.15}, face{"sans", "", s * 0.9}, face{"mono", "", s}
	born := bornSex(words, l.Born, l.Sex)
	bornShown := false
	rows := []row{
		{h: lineH(name.pt), draw: func(top, _ float64) error {
			w := in.w
			if !bornShown && born != nil {
				compact, f := fit(pdf, small, small.pt*0.8, born[len(born)-1], in.w*0.45)
				put(pdf, f, compact, in.x, top+lineH(name.pt)-lineH(f.pt), in.w, 'R')
				w -= f.width(pdf, compact) + 1.5
			}
			fitPut(pdf, name, s*0.8, l.Name, in.x, top, w, 'L')
			return nil
		}},
	}
	if born != nil {
		rows = append(rows, row{h: lineH(small.pt), prio: 1, shown: &bornShown, draw: func(top, _ float64) error {
			t, f := fitAlt(pdf, small, small.pt*0.8, born, in.w)
			put(pdf, f, t, in.x, top, in.w, 'L')
			return nil
		}})
	}
	rows = append(rows, barcodeRows(pdf, l.MRN, mrn, b, in, 15)...)
	return stack(in, rows)
}

// barcodeRows are a Code 128 of value and value in text under it. The bars
// may use the label's whole width, so the quiet zone falls in its margin.
func barcodeRows(pdf *gofpdf.Fpdf, value string, text face, b, in box, maxH float64) []row {
	minH := max(3.5, b.h*0.25)
	return []row{
		{h: minH, maxH: maxH, draw: func(top, h float64) error {
			return drawCode128(pdf, value, box{b.x, top, b.w, h}, maxModuleMM)
		}},
		{h: lineH(text.pt), draw: func(top, _ float64) error {
			// Centred under the bars (they are centred on the label too).
			black(pdf)
			fitPut(pdf, text, text.pt*0.75, value, in.x, top, in.w, 'C')
			return nil
		}},
	}
}

// drawSpecimenLabel: name, MRN and birth date, what was taken and when,
// then the specimen code as a barcode and in text. Tube labels are tiny:
// the collection time moves onto the specimen line, then the MRN moves to
// the right of the name, then the specimen line goes; the name, the MRN and
// the barcode always stay.
func drawSpecimenLabel(pdf *gofpdf.Fpdf, words printed.Words, l SpecimenLabel, b box) error {
	in := labelInner(b)
	s := basePt(b.h)
	black(pdf)
	name, mrn := face{"sans", "B", s * 1.1}, face{"mono", "", s * 1.05}
	small := face{"sans", "", s * 0.9}
	what := joinNonEmpty(" · ", l.Specimen, l.Tests)
	mrnShown, whenShown := false, false
	rows := []row{
		{h: lineH(name.pt), draw: func(top, _ float64) error {
			w := in.w
			if !mrnShown {
				m, f := fit(pdf, face{"mono", "", name.pt}, name.pt*0.75, l.MRN, in.w*0.5)
				put(pdf, f, m, in.x, top+lineH(name.pt)-lineH(f.pt), in.w, 'R')
				w -= f.width(pdf, m) + 1.5
			}
			fitPut(pdf, name, name.pt*0.75, l.Name, in.x, top, w, 'L')
			return nil
		}},
		{h: lineH(mrn.pt), prio: 2, shown: &mrnShown, draw: func(top, _ float64) error {
			m, f := fit(pdf, mrn, mrn.pt*0.75, l.MRN, in.w)
			put(pdf, f, m, in.x, top, in.w, 'L')
			if l.Born != "" {
				rest := in.w - f.width(pdf, m) - 1.5
				born, bf := fitAlt(pdf, small, small.pt*0.8, []string{words.T("labels.born") + " " + l.Born, l.Born}, rest)
				put(pdf, bf, born, in.x, top+lineH(mrn.pt)-lineH(bf.pt), in.w, 'R')
			}
			return nil
		}},
	}
	if l.Collected != "" {
		rows = append(rows, row{h: lineH(small.pt), prio: 3, shown: &whenShown, draw: func(top, _ float64) error {
			fitPut(pdf, small, small.pt*0.85, words.T("labels.collected", l.Collected), in.x, top, in.w, 'L')
			return nil
		}})
	}
	if what != "" || l.Collected != "" {
		rows = append(rows, row{h: lineH(small.pt), prio: 1, draw: func(top, _ float64) error {
			line := what
			if !whenShown {
				// The time leads: the lab rejects a tube without it.
				line = joinNonEmpty(" · ", l.Collected, what)
			}
			fitPut(pdf, small, small.pt*0.85, line, in.x, top, in.w, 'L')
			return nil
		}})
	}
	rows = append(rows, barcodeRows(pdf, l.Code, face{"mono", "", s * 0.95}, b, in, 12)...)
	return stack(in, rows)
}
