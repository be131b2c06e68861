package reports

import (
	"errors"
	"fmt"
	"io"
	"time"

	"dossier/model"
	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// CoverSheet is one separator sheet: it goes on top of a paper document's
// pages so a batch scan can be split and filed without anyone typing.
type CoverSheet struct {
	Clinic    string
	Patient   string // name
	Cover     model.Cover
	PrintedBy string
	Printed   time.Time
	Words     printed.Words // the clinic's language (printed.For); zero: English
}

// Sizes on the A4 page, mm.
const (
	coverMargin  = 18.0
	coverQR      = 76.0 // side of the main QR code, quiet zone included
	coverSmallQR = 30.0
)

// WriteCoverSheets prints one A4 page per sheet.
func WriteCoverSheets(w io.Writer, sheets []CoverSheet) error {
	if len(sheets) == 0 {
		return errors.New("no cover sheets to print")
	}
	pdf := newPDF()
	pdf.SetTitle(sheets[0].Words.T("cover.title"), true)
	pdf.SetMargins(coverMargin, coverMargin, coverMargin)
	pdf.SetAutoPageBreak(false, 0)
	for i, s := range sheets {
		// A sheet the scanner would not accept is worse than none: the
		// clerk would trust it and the pages would land nowhere.
		if _, _, err := model.ParseCover(s.Cover.Payload()); err != nil {
			return fmt.Errorf("cover sheet %d for %s: %w", i+1, s.Patient, err)
		}
		if err := coverPage(pdf, s); err != nil {
			return fmt.Errorf("cover sheet %d (%s): %w", i+1, s.Cover.MRN, err)
		}
	}
	return finish(pdf, w)
}

func coverPage(pdf *gofpdf.Fpdf, s CoverSheet) error {
	pdf.AddPage()
	pageW, pageH := pdf.GetPageSize()
	textW := pageW - 2*coverMargin
	black(pdf)

	w := s.Words
	pdf.SetCellMargin(0)
	pdf.SetXY(coverMargin, 14)
	// The headings shrink to the page's width: other languages' are longer.
	heading := func(text string, pt, h float64) {
		pdf.SetFont("sans", "B", pt)
		for pt > 10 && pdf.GetStringWidth(text) > textW {
			pt--
			pdf.SetFont("sans", "B", pt)
		}
		pdf.CellFormat(textW, h, text, "", 2, "C", false, 0, "")
	}
	heading(w.T("cover.heading"), 26, 12)
	heading(w.T("cover.subheading"), 17, 9)

	if err := drawQR(pdf, s.Cover.Payload(), (pageW-coverQR)/2, pdf.GetY()+3, coverQR, false); err != nil {
		return err
	}
	y := pdf.GetY() + 3 + coverQR + 4

	// What the sheet files the pages as, large enough to check at arm's
	// length before the stack goes into the scanner.
	const capW = 38.0
	valueW := textW - capW
	field := func(caption string, f face, value string) {
		lh := lineH(f.pt)
		pdf.SetTextColor(90, 90, 90)
		small := face{"sans", "", 11}
		put(pdf, small, caption, coverMargin, y+lh-lineH(small.pt)-0.6, capW, 'L')
		black(pdf)
		fitPut(pdf, f, f.pt*0.6, value, coverMargin+capW, y, valueW, 'L')
		y += lh + 2
	}
	pdf.SetDrawColor(15, 110, 110)
	pdf.SetLineWidth(0.6)
	pdf.Line(coverMargin, y-1, pageW-coverMargin, y-1)
	y += 2
	field(w.T("cover.patient"), face{"sans", "B", 24}, s.Patient)
	field(w.T("common.mrn"), face{"mono", "", 24}, s.Cover.MRN)
	field(w.T("cover.document"), face{"sans", "B", 22}, s.Cover.Type.Label())
	field(w.T("cover.date"), face{"sans", "", 22}, s.Cover.Date.String())
	pdf.Line(coverMargin, y+1, pageW-coverMargin, y+1)

	pdf.SetXY(coverMargin, y+7)
	pdf.SetFont("sans", "B", 12)
	pdf.CellFormat(textW, 7, w.T("cover.for_the_clerk"), "", 1, "L", false, 0, "")
	pdf.SetFont("sans", "", 11)
	for _, line := range []string{w.T("cover.step1"), w.T("cover.step2"), w.T("cover.step3"), w.T("cover.step4"), w.T("cover.wrong")} {
		pdf.SetX(coverMargin)
		pdf.MultiCell(textW, 5.6, line, "", "L", false)
		pdf.Ln(1.2)
	}

	// The same code again, small and upside down in the bottom-left corner:
	// a sheet fed into the scanner the wrong way round still shows a code
	// near the top of the image, where a quick look finds it, and a reader
	// that only tries the upright orientation still gets one.
	smallY := pageH - 10 - coverSmallQR
	if err := drawQR(pdf, s.Cover.Payload(), 10, smallY, coverSmallQR, true); err != nil {
		return err
	}
	footX := 10 + coverSmallQR + 6
	footW := pageW - coverMargin - footX
	pdf.SetTextColor(90, 90, 90)
	fitPut(pdf, face{"sans", "B", 10}, 7, s.Clinic, footX, pageH-26, footW, 'R')
	by := w.T("cover.printed", s.PrintedBy, s.Printed.Format("2006-01-02 15:04"))
	fitPut(pdf, face{"sans", "", 9}, 7, by, footX, pageH-20, footW, 'R')
	black(pdf)
	return nil
}
