package reports

import (
	"unicode"

	"dossier/assets"

	"github.com/jung-kurt/gofpdf"
)

// gofpdf draws each run of text in one font and has no fallback, and
// DejaVu (the PDFs' "sans") has no Ethiopic letters. Text that has some is
// set in Dossier Sans (Noto Sans with Noto Sans Ethiopic), which has the
// Latin letters too, so a note mixing English and Amharic prints whole.
// Devanagari and other scripts whose letters join or reorder need shaping
// that gofpdf lacks: they cannot print yet (README).

// worldFamily is Dossier Sans's name in a PDF, registered on first use:
// most documents never need its half a megabyte parsed.
const worldFamily = "world"

// needsWorld reports text with letters DejaVu lacks.
func needsWorld(s string) bool {
	for _, r := range s {
		if r >= 0x1200 && unicode.Is(unicode.Ethiopic, r) {
			return true
		}
	}
	return false
}

// setFontFor sets the sans font in the style ("" or "B") and size for
// printing s: Dossier Sans when s has Ethiopic letters.
func setFontFor(pdf *gofpdf.Fpdf, style string, size float64, s string) {
	if !needsWorld(s) {
		pdf.SetFont("sans", style, size)
		return
	}
	useWorld(pdf, style)
	pdf.SetFont(worldFamily, style, size)
}

// useWorld registers Dossier Sans in the style unless it is already.
func useWorld(pdf *gofpdf.Fpdf, style string) {
	if pdf.GetFontDesc(worldFamily, style).Ascent != 0 {
		return
	}
	data := assets.FontWorld
	if style == "B" {
		data = assets.FontWorldBold
	}
	pdf.AddUTF8FontFromBytes(worldFamily, style, data)
}

// forText is f, or Dossier Sans at the same style and size when s has
// Ethiopic letters (labels).
func (f face) forText(pdf *gofpdf.Fpdf, s string) face {
	if f.family == "sans" && needsWorld(s) {
		useWorld(pdf, f.style)
		f.family = worldFamily
	}
	return f
}
