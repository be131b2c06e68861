package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"

	"github.com/jung-kurt/gofpdf"
)

// CaseNotes is what a printed chart holds.
type CaseNotes struct {
	Clinic     model.Clinic
	Patient    model.Patient
	Encounters []model.Encounter // newest first
	Notes      []model.Note      // newest first
	// Keyed are the documents keyed from paper, each with the encounter its
	// document is filed to (EncounterID): printed under that encounter, or
	// on their own when filed to none, with every field keyed.
	Keyed     []clinical.Transcript
	DateOrder clinical.DateOrder // the clinic's (clinical.ClinicOrder): how keyed dates are read and dates printed
	For       string             // who asked: ward, clinician
	PrintedBy string
	PrintedAt time.Time
}

// WriteCaseNotes prints a patient's case notes. Every page names the
// patient and MRN, so a loose page finds its chart again, and carries the
// confidentiality line with who printed it, when and for whom.
func WriteCaseNotes(w io.Writer, cn CaseNotes) error {
	p := cn.Patient
	pdf := newPDF()
	pdf.SetTitle("Case notes — "+p.DisplayName()+" "+p.MRN, true)
	pdf.SetMargins(18, 26, 18)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(func() {
		pdf.SetY(10)
		setFontFor(pdf, "B", 9, cn.Clinic.Name)
		pdf.CellFormat(100, 5, cn.Clinic.Name, "", 0, "L", false, 0, "")
		setFontFor(pdf, "B", 9, p.DisplayName())
		pdf.CellFormat(0, 5, p.DisplayName()+"  ·  MRN "+p.MRN, "", 1, "R", false, 0, "")
		pdf.SetDrawColor(15, 110, 110)
		pdf.Line(18, 16, 192, 16)
		pdf.SetY(22)
	})
	stamp := fmt.Sprintf("Confidential — printed by %s on %s", cn.PrintedBy, printedWhen(cn.PrintedAt, cn.DateOrder))
	if cn.For != "" {
		stamp += " for " + cn.For
	}
	pdf.SetFooterFunc(func() { footer(pdf, stamp) })
	pdf.AddPage()

	pdf.SetFont("sans", "B", 16)
	pdf.CellFormat(0, 9, "Case notes", "", 1, "L", false, 0, "")
	if cn.Clinic.Address != "" {
		pdf.SetFont("sans", "", 9)
		pdf.CellFormat(0, 5, cn.Clinic.Name+" · "+cn.Clinic.Address, "", 1, "L", false, 0, "")
	}
	pdf.Ln(2)
	patientBlock(pdf, p, cn.Clinic.AddressLevels, cn.PrintedAt, cn.DateOrder)

	section(pdf, fmt.Sprintf("Encounters (%d)", len(cn.Encounters)))
	if len(cn.Encounters) == 0 {
		body(pdf, "No encounters recorded.")
	}
	filed := map[model.ID]bool{}
	for _, e := range cn.Encounters {
		encounterBlock(pdf, e, cn.DateOrder)
		filed[e.ID] = true
		for _, k := range cn.Keyed {
			if k.EncounterID == e.ID {
				keyedBlock(pdf, k, cn.DateOrder)
			}
		}
	}
	var loose []clinical.Transcript
	for _, k := range cn.Keyed {
		if !filed[k.EncounterID] {
			loose = append(loose, k)
		}
	}
	if len(loose) > 0 {
		section(pdf, fmt.Sprintf("Keyed documents not filed to an encounter (%d)", len(loose)))
		for _, k := range loose {
			keyedBlock(pdf, k, cn.DateOrder)
		}
	}
	section(pdf, fmt.Sprintf("Notes (%d)", len(cn.Notes)))
	if len(cn.Notes) == 0 {
		body(pdf, "No notes recorded.")
	}
	for _, n := range cn.Notes {
		head := n.Title + " — " + printedWhen(n.Written, cn.DateOrder) + " — " + n.Author
		if n.SignedBy != "" {
			head += " — signed by " + n.SignedBy
		}
		setFontFor(pdf, "B", 10, head)
		pdf.MultiCell(0, 5, head, "", "L", false)
		body(pdf, n.Text)
		pdf.Ln(1.5)
	}
	return finish(pdf, w)
}

func patientBlock(pdf *gofpdf.Fpdf, p model.Patient, levels []string, today time.Time, order clinical.DateOrder) {
	setFontFor(pdf, "B", 13, p.DisplayName())
	pdf.CellFormat(0, 7, p.DisplayName(), "", 1, "L", false, 0, "")
	born := printedDate(p.BirthDate, order)
	if p.BirthEstimated {
		born = fmt.Sprintf("about %d (estimated)", clinical.YearOf(p.BirthDate, order))
	}
	rows := [][2]string{{"MRN", p.MRN}, {"Sex", p.Sex.Label()}, {"Born", strings.TrimSpace(born + "  " + p.AgeSex(today))},
		{"Other names", strings.Join(p.OtherNames, ", ")}, {"Phone", p.Phone}, {"National ID", p.NationalID},
		{"Next of kin", p.NextOfKin}, {"Old chart numbers", strings.Join(p.LegacyCharts, ", ")}}
	for i, a := range p.Address {
		label := "Address"
		if i < len(levels) {
			label = levels[i]
		}
		rows = append(rows, [2]string{label, a})
	}
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		setFontFor(pdf, "B", 9.5, r[0])
		pdf.CellFormat(38, 5.5, r[0], "", 0, "L", false, 0, "")
		setFontFor(pdf, "", 9.5, r[1])
		pdf.MultiCell(0, 5.5, r[1], "", "L", false)
	}
	if len(p.Alerts) > 0 || p.Restricted {
		pdf.Ln(1)
		pdf.SetFillColor(250, 228, 225)
		pdf.SetTextColor(150, 20, 10)
		var parts []string
		if p.Restricted {
			parts = append(parts, "RESTRICTED RECORD")
		}
		parts = append(parts, p.Alerts...)
		setFontFor(pdf, "B", 10, strings.Join(parts, " · "))
		pdf.MultiCell(0, 6, "ALERTS: "+strings.Join(parts, " · "), "", "L", true)
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(2)
}

func encounterBlock(pdf *gofpdf.Fpdf, e model.Encounter, order clinical.DateOrder) {
	pdf.SetFont("sans", "B", 10)
	head := printedDay(e.Start, order) + "  " + string(e.Type)
	if !e.End.IsZero() {
		days := int(e.End.Sub(e.Start).Hours() / 24)
		unit := "days"
		if days == 1 {
			unit = "day"
		}
		head += fmt.Sprintf(" until %s (%d %s)", printedDay(e.End, order), days, unit)
	}
	if e.Ward != "" {
		head += " · ward " + e.Ward
	}
	if e.Clinician != "" {
		head += " · " + e.Clinician
	}
	setFontFor(pdf, "B", 10, head)
	pdf.MultiCell(0, 5.5, head, "", "L", false)
	if e.Reason != "" {
		body(pdf, "Reason: "+e.Reason)
	}
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		how := "not recorded"
		if e.Disposition != "" {
			how = clinical.Disposition(e.Disposition).Label()
		}
		body(pdf, "How the stay ended: "+how)
	}
	if e.DischargeNote != "" {
		body(pdf, "Discharge note: "+e.DischargeNote)
	}
	for _, it := range e.ItemsToCode() {
		line := "• " + it.Text
		if it.Coded() {
			line += fmt.Sprintf(" — %s %s (%s %s)", it.Code, it.Title, it.System, it.Version)
		}
		if it.Principal {
			line += " — principal"
		}
		body(pdf, line)
	}
	pdf.Ln(1.5)
}

// keyedBlock prints a document keyed from paper with every field keyed,
// under the one date the document is dated (the keyed one), and says when
// the values are not yet of record (awaiting or between two keyings).
func keyedBlock(pdf *gofpdf.Fpdf, k clinical.Transcript, order clinical.DateOrder) {
	t, ok := clinical.TemplateFor(k.Template)
	if !ok {
		return
	}
	head := t.Title + " (keyed from the scanned pages)"
	if d, ok := k.Dated(order); ok {
		head = t.Title + ", " + printedDate(d, order) + " (keyed from the scanned pages)"
	}
	if !k.Settled() {
		head += " — " + strings.ToLower(k.Status.Label()) + ": not yet checked"
	}
	setFontFor(pdf, "B", 9.5, head)
	pdf.MultiCell(0, 5, head, "", "L", false)
	rows, narrative := t.Rows(k.Final)
	for _, r := range rows {
		body(pdf, r[0]+": "+r[1])
	}
	for _, n := range narrative {
		body(pdf, n)
	}
	pdf.Ln(1.5)
}

func section(pdf *gofpdf.Fpdf, title string) {
	pdf.Ln(2)
	pdf.SetFont("sans", "B", 12)
	pdf.SetTextColor(15, 110, 110)
	pdf.CellFormat(0, 7, title, "B", 1, "L", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(1.5)
}

func body(pdf *gofpdf.Fpdf, text string) {
	setFontFor(pdf, "", 9.5, text)
	pdf.MultiCell(0, 5, text, "", "L", false)
}
