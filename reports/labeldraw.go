package reports

import (
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

// box is a rectangle on the page in mm.
type box struct{ x, y, w, h float64 }

func (b box) inset(dx, dy float64) box { return box{b.x + dx, b.y + dy, b.w - 2*dx, b.h - 2*dy} }

// ptMM is one typographic point in mm.
const ptMM = 25.4 / 72

// lineH is the height one line of text takes. 1.2 em holds DejaVu's
// ascender and descender (0.928 + 0.236 em), so accents and descenders of
// one line never touch the next or the label's edge.
func lineH(pt float64) float64 { return pt * ptMM * 1.2 }

// face is a font at a size.
type face struct {
	family, style string
	pt            float64
}

func (f face) set(pdf *gofpdf.Fpdf) { pdf.SetFont(f.family, f.style, f.pt) }

func (f face) width(pdf *gofpdf.Fpdf, s string) float64 {
	f.set(pdf)
	return pdf.GetStringWidth(s)
}

// fit makes s at most maxW wide: first by shrinking the face down to minPt,
// then by cutting the end off and adding "…". A name cut short still
// identifies the patient together with the MRN; one printed over the next
// label does not.
func fit(pdf *gofpdf.Fpdf, f face, minPt float64, s string, maxW float64) (string, face) {
	if w := f.width(pdf, s); w > maxW && minPt < f.pt {
		f.pt = max(minPt, f.pt*maxW/w)
	}
	if f.width(pdf, s) <= maxW {
		return s, f
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		// Never cut between a letter and its combining accent.
		if unicode.Is(unicode.Mn, r[n]) {
			continue
		}
		if cut := string(r[:n]) + "…"; f.width(pdf, cut) <= maxW {
			return cut, f
		}
	}
	return "", f
}

// put draws one line of s, already fitted, in the line box starting at top
// between x and x+w, aligned 'L', 'C' or 'R'.
func put(pdf *gofpdf.Fpdf, f face, s string, x, top, w float64, align byte) {
	f.set(pdf)
	switch align {
	case 'C':
		x += (w - pdf.GetStringWidth(s)) / 2
	case 'R':
		x += w - pdf.GetStringWidth(s)
	}
	// Baseline so that the 1.164 em of glyph sits centred in the 1.2 em line.
	pdf.Text(x, top+f.pt*ptMM*0.946, s)
}

// fitPut fits s into w and draws it; it returns the face used.
func fitPut(pdf *gofpdf.Fpdf, f face, minPt float64, s string, x, top, w float64, align byte) face {
	f = f.forText(pdf, s)
	s, f = fit(pdf, f, minPt, s, w)
	put(pdf, f, s, x, top, w, align)
	return f
}

// fitAlt fits the first of alts that fits whole at f, so a line can say
// less ("1980-03-04 · F" for "Born 1980-03-04 · Sex F") before anything is
// cut; failing that the last is shrunk or cut by fit.
func fitAlt(pdf *gofpdf.Fpdf, f face, minPt float64, alts []string, maxW float64) (string, face) {
	f = f.forText(pdf, alts[len(alts)-1])
	for _, a := range alts {
		if f.width(pdf, a) <= maxW {
			return a, f
		}
	}
	return fit(pdf, f, minPt, alts[len(alts)-1], maxW)
}
