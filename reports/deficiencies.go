package reports

import (
	"io"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// DeficiencyLine is one deficiency as printed and exported: what the
// desk's row says, in words.
type DeficiencyLine struct {
	MRN, Patient, Ward string
	RecordKey          string    // lines of one record (stay, visit) share it
	Record             string    // the record in words: "Stay 2026-06-01 to 2026-06-05"
	Discharge          time.Time // zero for a visit or a stay not yet ended
	Rule, Missing      string
	Responsible        string
	Status             string
	Since              time.Time
	Age                int
	Level              string // "", "warning", "delinquent"
}

// DeficiencyTable is the CSV (and `dossier deficiencies`) form of a list.
func DeficiencyTable(lines []DeficiencyLine) Table {
	t := Table{Header: []string{"MRN", "Patient", "Ward", "Record", "Rule", "To complete", "Responsible", "Status", "Since", "Age (days)", "Level"}}
	for _, l := range lines {
		t.Rows = append(t.Rows, []string{l.MRN, l.Patient, l.Ward, l.Record, l.Rule, l.Missing, l.Responsible, l.Status,
			l.Since.Format("2006-01-02"), itoa(l.Age), l.Level})
	}
	return t
}

// slipRecord is one line of a slip: a record and everything it still needs.
type slipRecord struct {
	first DeficiencyLine
	todo  []string
	age   int
}

func byRecord(lines []DeficiencyLine) []slipRecord {
	var out []slipRecord
	at := map[string]int{}
	for _, l := range lines {
		i, ok := at[l.RecordKey]
		if !ok {
			i = len(out)
			at[l.RecordKey] = i
			out = append(out, slipRecord{first: l})
		}
		out[i].todo = append(out[i].todo, l.Missing)
		out[i].age = max(out[i].age, l.Age)
	}
	return out
}

// DeficiencySlip is the list a clinician (or a coder, or the clerks) is
// handed: one line per record with what to complete.
type DeficiencySlip struct {
	Clinic    model.Clinic
	For       string // the person or role
	Lines     []DeficiencyLine
	PrintedBy string
	PrintedAt time.Time
	Words     printed.Words // the clinic's language (printed.For); zero: English
}

// WriteDeficiencySlip prints a slip. Several slips (one per clinician)
// go in one PDF, each starting a page.
func WriteDeficiencySlip(out io.Writer, slips ...DeficiencySlip) error {
	pdf := newPDF()
	var w printed.Words
	if len(slips) > 0 {
		w = slips[0].Words
	}
	pdf.SetTitle(w.T("deficiency.slips_title"), true)
	pdf.SetMargins(14, 16, 14)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	for _, s := range slips {
		w, order := s.Words, clinical.ClinicOrder(s.Clinic)
		stamp := w.T("common.confidential_printed", s.PrintedBy, printedWhen(w, s.PrintedAt, order))
		pdf.SetFooterFunc(func() { footer(pdf, w, stamp) })
		pdf.AddPage()
		setFontFor(pdf, "B", 9, s.Clinic.Name)
		pdf.CellFormat(0, 5, s.Clinic.Name+" · "+w.T("deficiency.health_records"), "", 1, "L", false, 0, "")
		setFontFor(pdf, "B", 15, s.For)
		pdf.CellFormat(0, 9, w.T("deficiency.slip_heading", s.For), "", 1, "L", false, 0, "")
		recs := byRecord(s.Lines)
		pdf.SetFont("sans", "", 9.5)
		pdf.MultiCell(0, 5, w.N("deficiency.slip_text", len(recs), len(recs), len(s.Lines), w.LongTime(s.PrintedAt, order)), "", "L", false)
		pdf.Ln(2)
		slipTable(pdf, w, recs)
		pdf.Ln(8)
		pdf.SetFont("sans", "", 9.5)
		pdf.CellFormat(90, 6, w.T("deficiency.completed_by")+" ____________________________", "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, w.T("deficiency.date")+" ______________", "", 1, "L", false, 0, "")
	}
	if len(slips) == 0 {
		pdf.AddPage()
		body(pdf, w.T("deficiency.no_slips"))
	}
	return finish(pdf, out)
}

func slipTable(pdf *gofpdf.Fpdf, words printed.Words, recs []slipRecord) {
	pw, ph := pdf.GetPageSize()
	lm, _, rm, bm := pdf.GetMargins()
	widths := []float64{29, 38, 34, 12}
	rest := pw - lm - rm
	for _, w := range widths {
		rest -= w
	}
	widths = append(widths, rest)
	titles := []string{words.T("common.mrn"), words.T("deficiency.col_patient"), words.T("deficiency.col_record"),
		words.T("deficiency.col_age"), words.T("deficiency.col_to_complete")}
	head := func() {
		pdf.SetFont("sans", "B", 9)
		pdf.SetFillColor(225, 238, 238)
		pdf.SetX(lm)
		for i, t := range titles {
			pdf.CellFormat(widths[i], 6, t, "1", 0, "L", true, 0, "")
		}
		pdf.Ln(-1)
	}
	head()
	pdf.SetFont("sans", "", 8.5)
	const lineH = 4.5
	for _, r := range recs {
		cells := []string{r.first.MRN, r.first.Patient, r.first.Record, words.N("age.days", r.age, r.age),
			"☐ " + strings.Join(r.todo, "\n☐ ")}
		// Each cell wrapped to its column; the row is as tall as its tallest cell.
		wrapped := make([][]string, len(cells))
		n := 1
		for i, c := range cells {
			for _, part := range strings.Split(c, "\n") {
				wrapped[i] = append(wrapped[i], pdf.SplitText(part, widths[i]-2)...)
			}
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*lineH + 1
		if pdf.GetY()+h > ph-bm-6 {
			pdf.AddPage()
			head()
			pdf.SetFont("sans", "", 8.5)
		}
		x, y := lm, pdf.GetY()
		for i := range cells {
			pdf.Rect(x, y, widths[i], h, "D")
			for j, line := range wrapped[i] {
				pdf.SetXY(x+1, y+0.5+float64(j)*lineH)
				pdf.CellFormat(widths[i]-2, lineH, line, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		pdf.SetXY(lm, y+h)
	}
}

// DelinquencyLetter is the letter to a clinician whose records are
// overdue: level 1 a reminder (past the warning level), 2 a notice that
// records are delinquent, 3 a final notice copied to the medical director.
type DelinquencyLetter struct {
	Clinic                      model.Clinic
	To                          string
	Level                       int
	WarningDays, DelinquentDays int
	Lines                       []DeficiencyLine
	From                        string // the records supervisor signing it
	PrintedAt                   time.Time
	Words                       printed.Words // the clinic's language (printed.For); zero: English
}

// WriteDelinquencyLetters prints one letter per page.
func WriteDelinquencyLetters(out io.Writer, letters ...DelinquencyLetter) error {
	pdf := newPDF()
	var w printed.Words
	if len(letters) > 0 {
		w = letters[0].Words
	}
	pdf.SetTitle(w.T("deficiency.letters_title"), true)
	pdf.SetMargins(22, 20, 22)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	for _, l := range letters {
		w := l.Words
		pdf.SetFooterFunc(func() { footer(pdf, w, w.T("deficiency.letter_footer")) })
		pdf.AddPage()
		setFontFor(pdf, "B", 12, l.Clinic.Name)
		pdf.CellFormat(0, 6, l.Clinic.Name, "", 1, "L", false, 0, "")
		pdf.SetFont("sans", "", 9.5)
		if l.Clinic.Address != "" {
			pdf.CellFormat(0, 5, l.Clinic.Address, "", 1, "L", false, 0, "")
		}
		pdf.Ln(6)
		pdf.CellFormat(0, 5, w.LongTime(l.PrintedAt, clinical.ClinicOrder(l.Clinic)), "", 1, "L", false, 0, "")
		pdf.Ln(4)
		body(pdf, w.T("deficiency.letter_to", l.To))
		if l.Level >= 3 {
			pdf.CellFormat(0, 5, w.T("deficiency.letter_copy"), "", 1, "L", false, 0, "")
		}
		pdf.Ln(4)
		pdf.SetFont("sans", "B", 11)
		pdf.CellFormat(0, 6, letterTitle(w, l.Level), "", 1, "L", false, 0, "")
		pdf.Ln(2)
		recs := byRecord(l.Lines)
		body(pdf, letterText(w, l, len(recs)))
		pdf.Ln(3)
		slipTable(pdf, w, recs)
		pdf.Ln(10)
		body(pdf, w.T("deficiency.letter_signed", l.From))
	}
	if len(letters) == 0 {
		pdf.AddPage()
		body(pdf, w.T("deficiency.no_letters"))
	}
	return finish(pdf, out)
}

func letterTitle(w printed.Words, level int) string {
	switch level {
	case 1:
		return w.T("deficiency.letter1_title")
	case 2:
		return w.T("deficiency.letter2_title")
	}
	return w.T("deficiency.letter3_title")
}

func letterText(w printed.Words, l DelinquencyLetter, records int) string {
	switch l.Level {
	case 1:
		return w.N("deficiency.letter1_text", records, records, l.WarningDays, l.DelinquentDays)
	case 2:
		return w.N("deficiency.letter2_text", records, records, delinquentRecords(l.Lines), l.DelinquentDays)
	}
	return w.N("deficiency.letter3_text", records, records, delinquentRecords(l.Lines), 2*l.DelinquentDays)
}

// delinquentRecords counts the records with a delinquent line.
func delinquentRecords(lines []DeficiencyLine) int {
	seen := map[string]bool{}
	for _, l := range lines {
		if l.Level == "delinquent" {
			seen[l.RecordKey] = true
		}
	}
	return len(seen)
}
