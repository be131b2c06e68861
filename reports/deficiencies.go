package reports

import (
	"dossier/reports/printed"
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/model"

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
}

// WriteDeficiencySlip prints a slip. Several slips (one per clinician)
// go in one PDF, each starting a page.
func WriteDeficiencySlip(w io.Writer, slips ...DeficiencySlip) error {
	pdf := newPDF()
	pdf.SetTitle("Deficiency slips", true)
	pdf.SetMargins(14, 16, 14)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	for _, s := range slips {
		stamp := fmt.Sprintf("Confidential — printed by %s on %s", s.PrintedBy, s.PrintedAt.Format("2006-01-02 15:04"))
		pdf.SetFooterFunc(func() { footer(pdf, printed.Words{}, stamp) })
		pdf.AddPage()
		pdf.SetFont("sans", "B", 9)
		pdf.CellFormat(0, 5, s.Clinic.Name+" · Health records", "", 1, "L", false, 0, "")
		pdf.SetFont("sans", "B", 15)
		pdf.CellFormat(0, 9, "Deficiency slip — "+s.For, "", 1, "L", false, 0, "")
		recs := byRecord(s.Lines)
		pdf.SetFont("sans", "", 9.5)
		pdf.MultiCell(0, 5, fmt.Sprintf("%d records need completing (%d items) as of %s. Please complete each item in the chart and "+
			"return the slip to the records office.", len(recs), len(s.Lines), s.PrintedAt.Format("2 January 2006")), "", "L", false)
		pdf.Ln(2)
		slipTable(pdf, recs)
		pdf.Ln(8)
		pdf.SetFont("sans", "", 9.5)
		pdf.CellFormat(90, 6, "Completed by: ____________________________", "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, "Date: ______________", "", 1, "L", false, 0, "")
	}
	if len(slips) == 0 {
		pdf.AddPage()
		body(pdf, "No deficiencies to print.")
	}
	return finish(pdf, w)
}

func slipTable(pdf *gofpdf.Fpdf, recs []slipRecord) {
	pw, ph := pdf.GetPageSize()
	lm, _, rm, bm := pdf.GetMargins()
	widths := []float64{29, 38, 34, 12}
	rest := pw - lm - rm
	for _, w := range widths {
		rest -= w
	}
	widths = append(widths, rest)
	titles := []string{"MRN", "Patient", "Record", "Age", "To complete"}
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
		cells := []string{r.first.MRN, r.first.Patient, r.first.Record, fmt.Sprintf("%d d", r.age),
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
}

// WriteDelinquencyLetters prints one letter per page.
func WriteDelinquencyLetters(w io.Writer, letters ...DelinquencyLetter) error {
	pdf := newPDF()
	pdf.SetTitle("Delinquency letters", true)
	pdf.SetMargins(22, 20, 22)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	for _, l := range letters {
		pdf.SetFooterFunc(func() { footer(pdf, printed.Words{}, "Confidential — health records office") })
		pdf.AddPage()
		pdf.SetFont("sans", "B", 12)
		pdf.CellFormat(0, 6, l.Clinic.Name, "", 1, "L", false, 0, "")
		pdf.SetFont("sans", "", 9.5)
		if l.Clinic.Address != "" {
			pdf.CellFormat(0, 5, l.Clinic.Address, "", 1, "L", false, 0, "")
		}
		pdf.Ln(6)
		pdf.CellFormat(0, 5, l.PrintedAt.Format("2 January 2006"), "", 1, "L", false, 0, "")
		pdf.Ln(4)
		pdf.CellFormat(0, 5, "To: "+l.To, "", 1, "L", false, 0, "")
		if l.Level >= 3 {
			pdf.CellFormat(0, 5, "Copy: Medical director", "", 1, "L", false, 0, "")
		}
		pdf.Ln(4)
		pdf.SetFont("sans", "B", 11)
		pdf.CellFormat(0, 6, letterTitle(l.Level), "", 1, "L", false, 0, "")
		pdf.Ln(2)
		recs := byRecord(l.Lines)
		body(pdf, letterText(l, len(recs)))
		pdf.Ln(3)
		slipTable(pdf, recs)
		pdf.Ln(10)
		body(pdf, "Health records supervisor: "+l.From)
	}
	if len(letters) == 0 {
		pdf.AddPage()
		body(pdf, "No letters to print.")
	}
	return finish(pdf, w)
}

func letterTitle(level int) string {
	switch level {
	case 1:
		return "Reminder: records to complete"
	case 2:
		return "Notice: delinquent medical records"
	}
	return "Final notice: delinquent medical records"
}

func letterText(l DelinquencyLetter, records int) string {
	switch l.Level {
	case 1:
		return fmt.Sprintf("The %d records below have items still to complete %d days or more after discharge. "+
			"Records not complete %d days after discharge are delinquent. Please complete them at the records office this week.",
			records, l.WarningDays, l.DelinquentDays)
	case 2:
		return fmt.Sprintf("The %d records below have items still to complete; %d of them are delinquent: incomplete %d days "+
			"or more after discharge, beyond what the medical staff rules allow. Please complete them within 7 days.",
			records, delinquentRecords(l.Lines), l.DelinquentDays)
	}
	return fmt.Sprintf("Despite earlier notices, the %d records below are still incomplete, %d of them delinquent, the oldest "+
		"%d days or more after discharge. This notice is copied to the medical director, who may suspend privileges under "+
		"the medical staff rules until the records are complete.", records, delinquentRecords(l.Lines), 2*l.DelinquentDays)
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
