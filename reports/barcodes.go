package reports

import (
	"fmt"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"
	"github.com/jung-kurt/gofpdf"
)

// Barcodes are drawn as filled rectangles, not images: vector bars stay
// sharp at any printer resolution, and a 1-pixel-per-module image scaled by
// a PDF viewer would be blurred or resampled unevenly.

// code128QuietModules is the blank margin Code 128 needs each side (10 X).
const code128QuietModules = 10

// minModuleMM is the narrowest bar Dossier prints: about 7.5 mil, which
// office laser printers and ordinary hand scanners still manage.
const minModuleMM = 0.17

// code128Bars encodes content; true is a dark module.
func code128Bars(content string) ([]bool, error) {
	bc, err := code128.Encode(content)
	if err != nil {
		return nil, fmt.Errorf("make the Code 128 barcode for %q: %w", content, err)
	}
	return darkRow(bc, bc.Bounds().Dx()), nil
}

func darkRow(bc barcode.Barcode, n int) []bool {
	b := bc.Bounds()
	out := make([]bool, n)
	for i := range out {
		r, _, _, _ := bc.At(b.Min.X+i, b.Min.Y).RGBA()
		out[i] = r < 0x8000
	}
	return out
}

// drawCode128 centres the barcode for content in the area, with the quiet
// zone inside it, bars at most maxX wide.
func drawCode128(pdf *gofpdf.Fpdf, content string, area box, maxX float64) error {
	bars, err := code128Bars(content)
	if err != nil {
		return err
	}
	x := min(maxX, area.w/float64(len(bars)+2*code128QuietModules))
	if x < minModuleMM {
		return fmt.Errorf("the barcode for %q needs %.0f mm; the label has %.0f mm",
			content, minModuleMM*float64(len(bars)+2*code128QuietModules), area.w)
	}
	left := area.x + (area.w-x*float64(len(bars)))/2
	pdf.SetFillColor(0, 0, 0)
	for i := 0; i < len(bars); {
		j := i
		for j < len(bars) && bars[j] == bars[i] {
			j++
		}
		if bars[i] {
			pdf.Rect(left+float64(i)*x, area.y, float64(j-i)*x, area.h, "F")
		}
		i = j
	}
	return nil
}

// qrQuietModules is the blank border a QR code needs on every side.
const qrQuietModules = 4

// drawQR draws a QR code of payload (error correction M: survives a
// smudge or a staple hole) as a square of side size at (x, y), quiet zone
// included. rotated turns it 180°.
func drawQR(pdf *gofpdf.Fpdf, payload string, x, y, size float64, rotated bool) error {
	bc, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		return fmt.Errorf("make the QR code: %w", err)
	}
	n := bc.Bounds().Dx()
	m := size / float64(n+2*qrQuietModules)
	dark := func(col, row int) bool {
		if rotated { // 180°: read the code from the opposite corner
			col, row = n-1-col, n-1-row
		}
		r, _, _, _ := bc.At(col, row).RGBA()
		return r < 0x8000
	}
	pdf.SetFillColor(0, 0, 0)
	x0, y0 := x+qrQuietModules*m, y+qrQuietModules*m
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			end := col
			for end < n && dark(end, row) == dark(col, row) {
				end++
			}
			if dark(col, row) {
				// A hair taller than a module so rows meet without a seam
				// when a viewer anti-aliases the edges.
				pdf.Rect(x0+float64(col)*m, y0+float64(row)*m, float64(end-col)*m, m+0.02, "F")
			}
			col = end
		}
	}
	return nil
}
