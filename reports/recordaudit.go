package reports

import (
	"io"
	"slices"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// RecordAuditReport is the printed result of a record audit: the score
// overall, by ward and by question, and, when an earlier audit is given,
// each question's change since.
type RecordAuditReport struct {
	Clinic    model.Clinic
	Audit     model.RecordAudit
	Earlier   *model.RecordAudit // nil: no comparison
	PrintedBy string
	PrintedAt time.Time
	Words     printed.Words // the clinic's language (printed.For); zero: English
}

// RecordAuditList is the CSV (and `dossier record-audit list`) form of
// the audits kept.
func RecordAuditList(audits []model.RecordAudit) Table {
	t := Table{Header: []string{"ID", "Ward", "From", "To", "Stays", "Reviewed", "Score", "By", "Drawn"}}
	for _, a := range audits {
		ward := a.Ward
		if ward == "" {
			ward = "all wards"
		}
		t.Rows = append(t.Rows, []string{a.ID.String(), ward, a.From.Format("2006-01-02"), a.To.AddDate(0, 0, -1).Format("2006-01-02"),
			itoa(len(a.Stays)), itoa(a.Reviewed()), a.Result().Overall.Shown(), a.By, a.Created.Format("2006-01-02 15:04")})
	}
	return t
}

// RecordAuditScores is the CSV (and `dossier record-audit show`) form of
// one audit's result: a row per question, a row per ward, and the total.
func RecordAuditScores(a model.RecordAudit) Table {
	t := Table{Header: []string{"By", "Name", "Stays", "Yes", "No", "N/A", "Score"}}
	r := a.Result()
	for _, q := range r.ByQuestion {
		t.Rows = append(t.Rows, []string{"question", q.Label, "", itoa(q.Score.Yes), itoa(q.Score.No), itoa(q.Score.NA), q.Score.Shown()})
	}
	for _, w := range r.ByWard {
		t.Rows = append(t.Rows, []string{"ward", w.Label, itoa(w.Stays), itoa(w.Score.Yes), itoa(w.Score.No), itoa(w.Score.NA), w.Score.Shown()})
	}
	o := r.Overall
	return Table{Header: t.Header, Rows: append(t.Rows, []string{"total", "All", itoa(len(a.Stays)), itoa(o.Yes), itoa(o.No), itoa(o.NA), o.Shown()})}
}

// ChangeShown is a change in percentage points as printed: "+12", "−5", "—".
func ChangeShown(c model.QuestionChange) string {
	d, ok := c.Change()
	if !ok {
		return "—"
	}
	n := int(d + 0.5)
	if d < 0 {
		n = -int(-d + 0.5)
	}
	if n > 0 {
		return "+" + itoa(n)
	}
	return itoa(n)
}

// WriteRecordAuditReport prints the report.
func WriteRecordAuditReport(out io.Writer, r RecordAuditReport) error {
	w, order := r.Words, clinical.ClinicOrder(r.Clinic)
	pdf := newPDF()
	pdf.SetTitle(w.T("audit.title"), true)
	pdf.SetMargins(14, 16, 14)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	stamp := w.T("common.confidential_printed", r.PrintedBy, printedWhen(w, r.PrintedAt, order))
	pdf.SetFooterFunc(func() { footer(pdf, w, stamp) })
	pdf.AddPage()
	a := r.Audit
	res := a.Result()
	title := func(a model.RecordAudit) string {
		ward := a.Ward
		if ward == "" {
			ward = w.T("audit.all_wards")
		}
		return w.T("audit.period", ward, printedDay(w, a.From, order), printedDay(w, a.To.AddDate(0, 0, -1), order))
	}
	setFontFor(pdf, "B", 9, r.Clinic.Name)
	pdf.CellFormat(0, 5, r.Clinic.Name+" · "+w.T("deficiency.health_records"), "", 1, "L", false, 0, "")
	setFontFor(pdf, "B", 15, a.Ward)
	pdf.MultiCell(0, 7.5, w.T("audit.title")+" — "+title(a), "", "L", false) // wraps: longer in other languages
	pdf.Ln(1.5)
	pdf.SetFont("sans", "", 9.5)
	pdf.MultiCell(0, 5, w.N("audit.summary", len(a.Stays), len(a.Stays), a.Seed, a.Asked, a.Reviewed(), a.By, res.Overall.Shown()), "", "L", false)
	pdf.Ln(3)

	heading := func(s string) {
		pdf.SetFont("sans", "B", 11)
		pdf.CellFormat(0, 7, s, "", 1, "L", false, 0, "")
	}
	heading(w.T("audit.by_question"))
	yes, no, na, score := w.T("audit.yes"), w.T("audit.no"), w.T("audit.na"), w.T("audit.score")
	head := []string{w.T("audit.question"), yes, no, na, score}
	widths := []float64{110, 14, 14, 14, 18}
	var rows [][]string
	changes := map[string]string{}
	if r.Earlier != nil {
		head = append(head, w.T("audit.change"))
		widths = []float64{100, 13, 13, 13, 16, 17}
		for _, c := range model.CompareAudits(*r.Earlier, a) {
			changes[c.Question] = ChangeShown(c)
		}
	}
	for _, q := range res.ByQuestion {
		row := []string{q.Label, itoa(q.Score.Yes), itoa(q.Score.No), itoa(q.Score.NA), q.Score.Shown()}
		if r.Earlier != nil {
			row = append(row, changes[q.Label])
		}
		rows = append(rows, row)
	}
	auditTable(pdf, head, widths, rows)
	if r.Earlier != nil {
		pdf.SetFont("sans", "", 8.5)
		pdf.MultiCell(0, 4.5, w.T("audit.change_note", title(*r.Earlier), r.Earlier.Result().Overall.Shown()), "", "L", false)
	}
	pdf.Ln(3)
	heading(w.T("audit.by_ward"))
	rows = nil
	for _, wd := range res.ByWard {
		rows = append(rows, []string{wd.Label, itoa(wd.Stays), itoa(wd.Score.Yes), itoa(wd.Score.No), itoa(wd.Score.NA), wd.Score.Shown()})
	}
	rows = append(rows, []string{w.T("audit.all_wards_row"), itoa(len(a.Stays)), itoa(res.Overall.Yes), itoa(res.Overall.No), itoa(res.Overall.NA), res.Overall.Shown()})
	auditTable(pdf, []string{w.T("audit.ward"), w.T("audit.stays"), yes, no, na, score}, []float64{96, 14, 14, 14, 14, 18}, rows)
	pdf.Ln(3)
	heading(w.T("audit.stays_reviewed"))
	rows = nil
	for i, s := range a.Stays {
		rows = append(rows, []string{itoa(i + 1), s.MRN, s.Ward, printedDay(w, s.Admitted, order), s.Score().Shown()})
	}
	auditTable(pdf, []string{"#", w.T("common.mrn"), w.T("audit.ward"), w.T("audit.admitted"), score}, []float64{10, 40, 70, 30, 20}, rows)
	return finish(pdf, out)
}

// auditTable prints a ruled table, repeating its header on a new page.
func auditTable(pdf *gofpdf.Fpdf, head []string, widths []float64, rows [][]string) {
	_, ph := pdf.GetPageSize()
	_, _, _, bm := pdf.GetMargins()
	const lineH = 5.5
	// A column whose heading is wider than it (other languages' words are
	// longer: "Pontuação") takes the room from the first, widest column.
	pdf.SetFont("sans", "B", 9)
	widths = slices.Clone(widths)
	for i := 1; i < len(head); i++ {
		if need := pdf.GetStringWidth(head[i]) + 2.5; need > widths[i] {
			widths[0] -= need - widths[i]
			widths[i] = need
		}
	}
	header := func() {
		pdf.SetFont("sans", "B", 9)
		pdf.SetFillColor(225, 238, 238)
		for i, t := range head {
			pdf.CellFormat(widths[i], 6, t, "1", 0, "L", true, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("sans", "", 9)
	}
	header()
	for _, row := range rows {
		if pdf.GetY()+lineH > ph-bm-6 {
			pdf.AddPage()
			header()
		}
		for i, c := range row {
			if pdf.GetStringWidth(c) > widths[i]-2 {
				for r := []rune(c); len(r) > 1 && pdf.GetStringWidth(c+"…") > widths[i]-2; c = string(r) {
					r = r[:len(r)-1] // by letters: a byte cut would break an accented one
				}
				c += "…"
			}
			pdf.CellFormat(widths[i], lineH, c, "1", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
}
