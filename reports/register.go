package reports

import (
	"io"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"
)

// RegisterReport is a register or index printed for filing: landscape A4,
// the clinic's header, the register's table with its header repeated on
// every page, "Page X of Y" and who printed it in the footer.
type RegisterReport struct {
	Clinic    model.Clinic
	Title     string // "Death register"
	Period    string // "1–30 November 2026"
	Note      string // how the register is drawn up, one paragraph
	Table     Table
	Weights   []float64 // relative column widths, one per header cell (nil: equal)
	PrintedBy string
	PrintedAt time.Time
	Words     printed.Words // the clinic's language (printed.For); zero: English
}

// WriteRegister prints a register.
func WriteRegister(out io.Writer, r RegisterReport) error {
	w := r.Words
	pdf := newPDFSized("L", "A4")
	pdf.SetTitle(r.Title, true)
	pdf.SetMargins(12, 12, 12)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	stamp := w.T("common.confidential_printed", r.PrintedBy, printedWhen(w, r.PrintedAt, clinical.ClinicOrder(r.Clinic)))
	pdf.SetFooterFunc(func() { footer(pdf, w, stamp) })
	pdf.AddPage()
	setFontFor(pdf, "B", 9, r.Clinic.Name)
	head := r.Clinic.Name + " · " + w.T("deficiency.health_records")
	if r.Clinic.Address != "" {
		head += " · " + r.Clinic.Address
	}
	pdf.CellFormat(0, 5, head, "", 1, "L", false, 0, "")
	pdf.SetFont("sans", "B", 15)
	pdf.CellFormat(0, 9, r.Title+" — "+r.Period, "", 1, "L", false, 0, "")
	if r.Note != "" {
		pdf.SetFont("sans", "", 9)
		pdf.MultiCell(0, 4.5, r.Note, "", "L", false)
	}
	pdf.Ln(2)
	pw, _ := pdf.GetPageSize()
	l, _, rm, _ := pdf.GetMargins()
	widths := spread(r.Weights, len(r.Table.Header), pw-l-rm)
	if len(r.Table.Rows) == 0 {
		pdf.SetFont("sans", "", 10)
		pdf.CellFormat(0, 8, w.T("register.nothing"), "", 1, "L", false, 0, "")
		return finish(pdf, out)
	}
	auditTable(pdf, r.Table.Header, widths, r.Table.Rows)
	pdf.SetFont("sans", "", 8.5)
	pdf.CellFormat(0, 6, w.N("register.entries", len(r.Table.Rows), len(r.Table.Rows)), "", 1, "L", false, 0, "")
	return finish(pdf, out)
}

// spread turns relative weights into widths filling total.
func spread(weights []float64, n int, total float64) []float64 {
	if len(weights) != n {
		weights = make([]float64, n)
		for i := range weights {
			weights[i] = 1
		}
	}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]float64, n)
	for i, w := range weights {
		out[i] = total * w / sum
	}
	return out
}
