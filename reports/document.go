// Package reports makes the files that leave Dossier: PDFs and exports.
package reports

import (
	"fmt"
	"io"

	"dossier/assets"

	"github.com/jung-kurt/gofpdf"
)

// newPDF starts an A4 document with the embedded UTF-8 fonts registered, so
// names in any script print as typed.
func newPDF() *gofpdf.Fpdf {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", assets.FontSans)
	pdf.AddUTF8FontFromBytes("sans", "B", assets.FontSansBold)
	pdf.AddUTF8FontFromBytes("mono", "", assets.FontMono)
	pdf.SetCreator("Dossier", true)
	pdf.SetCompression(true)
	return pdf
}

// finish writes the document, reporting any error gofpdf collected on the way.
func finish(pdf *gofpdf.Fpdf, w io.Writer) error {
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("make the PDF: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write the PDF: %w", err)
	}
	return nil
}
