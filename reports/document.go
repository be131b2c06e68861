// Package reports makes the files that leave Dossier: PDFs and exports.
package reports

import (
	"fmt"
	"io"
	"regexp"

	"dossier/assets"

	"github.com/jung-kurt/gofpdf"
)

// newPDF starts an A4 portrait document with the embedded UTF-8 fonts
// registered, so names in any script print as typed.
func newPDF() *gofpdf.Fpdf { return newPDFSized("P", "A4") }

// newPDFSized is newPDF for another orientation ("P", "L") or page size
// ("A4", "Letter"): label sheets come in both paper sizes. Units are mm.
func newPDFSized(orientation, size string) *gofpdf.Fpdf {
	pdf := gofpdf.New(orientation, "mm", size, "")
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

// PageCount counts the pages of a PDF Dossier wrote (page objects), for
// the accounting of what was released.
func PageCount(pdf []byte) int {
	return len(pageObject.FindAllIndex(pdf, -1))
}

var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)
