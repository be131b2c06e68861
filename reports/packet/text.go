package packet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/assets"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"
)

// newPDF starts a document with the embedded DejaVu fonts registered the way
// package reports does it ("sans" regular and bold, "mono"), so names in any
// script print as typed. Units are mm. Page breaks are ours, not gofpdf's:
// the page counts of the dry run and of the real run must agree exactly.
func newPDF(orientation string) *gofpdf.Fpdf {
	pdf := gofpdf.New(orientation, "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.FontSans)
	pdf.AddUTF8FontFromBytes("sans", "B", assets.FontSansBold)
	pdf.AddUTF8FontFromBytes("mono", "", assets.FontMono)
	pdf.SetCreator("Dossier", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	return pdf
}

// clean makes text safe to print: NFC (so "Ṣọlá" typed with combining marks
// prints as the precomposed letters DejaVu has), no control characters, and
// nothing outside the Basic Multilingual Plane (gofpdf's UTF-8 fonts stop
// there). Newlines survive; tabs become spaces; CRLF becomes LF.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch {
		case r == '\n':
			b.WriteRune('\n')
		case r == '\r', r == '\t', r == '\u00a0':
			b.WriteRune(' ')
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			b.WriteRune(' ')
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// line is clean for one-line texts: names, titles, headers.
func line(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// wrap breaks text into lines no wider than width (mm) in the current font.
// Paragraphs ("\n") are kept; an empty paragraph gives an empty line. Words
// longer than a line are broken between characters.
func wrap(pdf *gofpdf.Fpdf, text string, width float64) []string {
	var out []string
	space := pdf.GetStringWidth(" ")
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		cur, curW := "", 0.0
		for _, w := range words {
			ww := pdf.GetStringWidth(w)
			if cur != "" && curW+space+ww <= width {
				cur += " " + w
				curW += space + ww
				continue
			}
			if cur != "" {
				out = append(out, cur)
				cur, curW = "", 0
			}
			for ww > width { // a word wider than the line: break it
				cut, cutW := 0, 0.0
				for i, r := range w {
					rw := pdf.GetStringWidth(string(r))
					if cutW+rw > width && i > 0 {
						break
					}
					cut, cutW = i+utf8.RuneLen(r), cutW+rw
				}
				out = append(out, w[:cut])
				w = w[cut:]
				ww = pdf.GetStringWidth(w)
			}
			cur, curW = w, ww
		}
		out = append(out, cur)
	}
	return out
}

// fit shortens s with an ellipsis until it is no wider than width.
func fit(pdf *gofpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// joinLines puts a multi-line text (an address) on one line, " · " between.
func joinLines(s string) string {
	var parts []string
	for _, l := range strings.Split(clean(s), "\n") {
		if l = line(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " · ")
}
