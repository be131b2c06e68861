package packet

import (
	"fmt"
	"io"
	"sort"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// Disclosure is one release recorded for the accounting.
type Disclosure struct {
	Date                                                                    time.Time
	Recipient, Address, Purpose, What, Bates, SHA256, Authority, ReleasedBy string
	Annotations                                                             []string
}

// Accounting is a patient's accounting of disclosures for a period
// (normally the past six years).
type Accounting struct {
	Letterhead  Letterhead
	Patient     PatientLine
	From, To    time.Time
	Printed     time.Time
	PrintedBy   string
	Disclosures []Disclosure
	// Words are the printed words in the clinic's language (printed.For),
	// DateOrder its calendar for the period's dates; zero values: English,
	// Gregorian.
	Words     printed.Words
	DateOrder clinical.DateOrder
}

// Landscape A4 for the accounting's six columns.
const (
	acL, acR   = 15.0, 15.0
	acTop      = 22.0
	acBottom   = 210.0 - 18
	acWidth    = 297.0 - acL - acR
	acSize     = 8.5
	acLine     = 4.0
	acSubSize  = 7.0
	acSubLine  = 3.4
	acCellPadX = 1.2
)

// acCols are the columns; their titles are keys of the printed words.
var acCols = []column{
	{title: "accounting.col_date", w: 22}, {title: "accounting.col_recipient", w: 58}, {title: "accounting.col_purpose", w: 40},
	{title: "accounting.col_released", w: 62}, {title: "accounting.col_authority", w: 50}, {title: "accounting.col_by", w: 35},
}

// WriteAccounting prints a patient's accounting of disclosures: who received
// what from the records, when, why and on what authority, with each
// packet's SHA-256 so the copy the recipient holds can be matched to it.
func WriteAccounting(w io.Writer, a Accounting) error {
	name, mrn := orDash(line(a.Patient.Name)), orDash(line(a.Patient.MRN))
	clinic := orDash(line(a.Letterhead.Clinic))
	pdf := newPDF("L")
	pdf.SetCompression(true)
	words := a.Words
	pdf.SetTitle(words.T("accounting.title")+" — "+name+" "+mrn, true)
	pdf.SetMargins(acL, acTop, acR)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFuncMode(func() {
		pdf.SetFont("sans", "", 8)
		pdf.SetTextColor(60, 60, 60)
		pdf.SetXY(acL, 9)
		pdf.CellFormat(acWidth/2, 4, fit(pdf, clinic, acWidth/2), "", 0, "L", false, 0, "")
		pdf.CellFormat(acWidth/2, 4, fit(pdf, words.T("accounting.title")+" · "+name+" · "+words.T("common.mrn")+" "+mrn, acWidth/2), "", 0, "R", false, 0, "")
		pdf.SetDrawColor(160, 160, 160)
		pdf.SetLineWidth(0.2)
		pdf.Line(acL, 15.5, 297-acR, 15.5)
		pdf.SetTextColor(0, 0, 0)
	}, false)
	stamp := words.T("accounting.printed", a.Printed.Format("2006-01-02 15:04"))
	if by := line(a.PrintedBy); by != "" {
		stamp = words.T("common.confidential_printed", by, a.Printed.Format("2006-01-02 15:04"))
	}
	pdf.SetFooterFunc(func() {
		y := 210.0 - 13
		pdf.SetDrawColor(160, 160, 160)
		pdf.Line(acL, y-1.5, 297-acR, y-1.5)
		pdf.SetFont("sans", "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.SetXY(acL, y)
		pdf.CellFormat(acWidth-40, 4.5, fit(pdf, stamp, acWidth-40), "", 0, "L", false, 0, "")
		pdf.SetFont("sans", "", 8)
		pdf.SetTextColor(0, 0, 0)
		pdf.CellFormat(40, 4.5, words.T("common.page_of", pdf.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
	})
	ac := &acct{pdf: pdf, words: words}
	ac.page()

	ac.text(acL, acWidth, 8, "sans", "B", 16, words.T("accounting.title"))
	pdf.SetTextColor(60, 60, 60)
	contact := clinic
	if addr := joinLines(a.Letterhead.Address); addr != "" {
		contact += " · " + addr
	}
	if ph := line(a.Letterhead.Phone); ph != "" {
		contact += " · " + words.T("packet.tel", ph)
	}
	ac.text(acL, acWidth, 4.5, "sans", "", 9, contact)
	pdf.SetTextColor(0, 0, 0)
	ac.gap(3)
	ac.text(acL, acWidth, 6, "sans", "B", 12, name)
	who := words.T("common.mrn") + " " + mrn
	if born := line(a.Patient.Born); born != "" {
		who += " · " + words.T("accounting.born", born)
	}
	ac.text(acL, acWidth, 5, "sans", "", 10, who)
	ac.text(acL, acWidth, 5, "sans", "", 10, words.T("accounting.period",
		words.Long(model.DateOf(a.From), a.DateOrder), words.Long(model.DateOf(a.To), a.DateOrder)))
	ac.gap(2)
	ac.text(acL, acWidth, 4.5, "sans", "", 9, words.T("accounting.intro", clinic))
	ac.gap(4)

	ds := append([]Disclosure(nil), a.Disclosures...)
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Date.Before(ds[j].Date) })
	if len(ds) == 0 {
		ac.text(acL, acWidth, 6, "sans", "B", 11, words.T("accounting.none"))
	} else {
		ac.need(3 * acLine)
		ac.head()
		ac.onBreak = ac.head
		for _, d := range ds {
			ac.row(d)
		}
		ac.onBreak = nil
		ac.gap(3)
		ac.text(acL, acWidth, 5, "sans", "", 9.5, words.N("accounting.count", len(ds), len(ds)))
	}
	return finish(pdf, w)
}

func finish(pdf *gofpdf.Fpdf, w io.Writer) error {
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("make the PDF: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write the PDF: %w", err)
	}
	return nil
}

// acct lays out the accounting with explicit page breaks.
type acct struct {
	pdf     *gofpdf.Fpdf
	words   printed.Words
	onBreak func()
}

func (ac *acct) page() {
	ac.pdf.AddPage()
	ac.pdf.SetXY(acL, acTop)
}

func (ac *acct) need(h float64) {
	if ac.pdf.GetY()+h > acBottom+0.01 {
		ac.page()
		if ac.onBreak != nil {
			ac.onBreak()
		}
	}
}

func (ac *acct) gap(h float64) { ac.pdf.SetY(ac.pdf.GetY() + h) }

func (ac *acct) text(x, width, lh float64, font, style string, size float64, s string) {
	pdf := ac.pdf
	pdf.SetFont(font, style, size)
	for _, l := range wrap(pdf, clean(s), width) {
		ac.need(lh)
		pdf.SetFont(font, style, size)
		y := pdf.GetY()
		pdf.SetXY(x, y)
		pdf.CellFormat(width, lh, l, "", 0, "L", false, 0, "")
		pdf.SetY(y + lh)
	}
}

func (ac *acct) head() {
	pdf := ac.pdf
	pdf.SetFont("sans", "B", acSize)
	pdf.SetFillColor(226, 240, 240)
	y, x := pdf.GetY(), acL
	for _, c := range acCols {
		pdf.SetXY(x, y)
		pdf.CellFormat(c.w, acLine+2, " "+ac.words.T(c.title), "", 0, "L", true, 0, "")
		x += c.w
	}
	pdf.SetY(y + acLine + 2)
}

// acLineT is one printed line of a row: either one line of every cell, or
// one full-width line under the cells (hash, annotation).
type acLineT struct {
	cells []string // per column, for a cell line
	text  string   // for a full-width line
	mono  bool
	h     float64
}

// row prints one disclosure. Its lines are measured first; a row that does
// not fit goes to the next page whole, and one taller than a page breaks
// between lines, the table head repeated, so rows never overlap.
func (ac *acct) row(d Disclosure) {
	pdf := ac.pdf
	recipient := line(d.Recipient)
	if addr := clean(d.Address); addr != "" {
		recipient += "\n" + addr
	}
	what := clean(d.What)
	if b := line(d.Bates); b != "" {
		what += "\nBates " + b
	}
	cells := []string{d.Date.Format("2006-01-02"), recipient, clean(d.Purpose), what, clean(d.Authority), line(d.ReleasedBy)}
	pdf.SetFont("sans", "", acSize)
	wrapped := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		wrapped[i] = wrap(pdf, c, acCols[i].w-2*acCellPadX)
		n = max(n, len(wrapped[i]))
	}
	var lines []acLineT
	for k := 0; k < n; k++ {
		l := acLineT{cells: make([]string, len(cells)), h: acLine}
		for i := range cells {
			if k < len(wrapped[i]) {
				l.cells[i] = wrapped[i][k]
			}
		}
		lines = append(lines, l)
	}
	indent := acCols[0].w + acCellPadX
	sub := acWidth - indent - acCellPadX
	if h := line(d.SHA256); h != "" {
		pdf.SetFont("mono", "", acSubSize)
		for _, s := range wrap(pdf, ac.words.T("accounting.sha", h), sub) {
			lines = append(lines, acLineT{text: s, mono: true, h: acSubLine})
		}
	}
	pdf.SetFont("sans", "", acSubSize+0.5)
	for _, a := range d.Annotations {
		if a = clean(a); a == "" {
			continue
		}
		for j, s := range wrap(pdf, a, sub-4) {
			if j == 0 {
				s = "• " + s
			} else {
				s = "   " + s
			}
			lines = append(lines, acLineT{text: s, h: acSubLine + 0.4})
		}
	}
	total := 2.0
	for _, l := range lines {
		total += l.h
	}
	if pdf.GetY()+total > acBottom && total <= acBottom-acTop-acLine-2 {
		ac.need(total)
	}
	y := pdf.GetY()
	pdf.SetDrawColor(190, 190, 190)
	pdf.SetLineWidth(0.2)
	pdf.Line(acL, y, 297-acR, y)
	pdf.SetY(y + 1)
	for k, l := range lines {
		page := pdf.PageNo()
		ac.need(l.h)
		y := pdf.GetY()
		if pdf.PageNo() != page && k > 0 { // the row goes on: say whose lines these are
			pdf.SetFont("sans", "", acSubSize)
			pdf.SetTextColor(90, 90, 90)
			pdf.SetXY(acL+acCellPadX, y)
			pdf.CellFormat(acCols[0].w-2*acCellPadX, l.h, ac.words.T("accounting.continued", cells[0]), "", 0, "L", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
		}
		if l.cells != nil {
			pdf.SetFont("sans", "", acSize)
			x := acL
			for i, c := range l.cells {
				if c != "" {
					pdf.SetXY(x+acCellPadX, y)
					pdf.CellFormat(acCols[i].w-2*acCellPadX, l.h, c, "", 0, "L", false, 0, "")
				}
				x += acCols[i].w
			}
		} else {
			if l.mono {
				pdf.SetFont("mono", "", acSubSize)
				pdf.SetTextColor(70, 70, 70)
			} else {
				pdf.SetFont("sans", "", acSubSize+0.5)
				pdf.SetTextColor(120, 40, 30)
			}
			pdf.SetXY(acL+indent, y)
			pdf.CellFormat(sub, l.h, l.text, "", 0, "L", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
		}
		pdf.SetY(y + l.h)
	}
	pdf.SetY(pdf.GetY() + 1)
}
