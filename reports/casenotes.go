package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/clinical"
	"dossier/reports/printed"

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
	// Words are the printed words in the clinic's language
	// (printed.For(clinic.Language)); the zero value prints English.
	Words printed.Words
}

// WriteCaseNotes prints a patient's case notes. Every page names the
// patient and MRN, so a loose page finds its chart again, and carries the
// confidentiality line with who printed it, when and for whom.
func WriteCaseNotes(out io.Writer, cn CaseNotes) error {
	p, w := cn.Patient, cn.Words
	pdf := newPDF()
	pdf.SetTitle(w.T("casenotes.title")+" — "+p.DisplayName()+" "+p.MRN, true)
	pdf.SetMargins(18, 26, 18)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(func() {
		pdf.SetY(10)
		setFontFor(pdf, "B", 9, cn.Clinic.Name)
		pdf.CellFormat(100, 5, cn.Clinic.Name, "", 0, "L", false, 0, "")
		setFontFor(pdf, "B", 9, p.DisplayName())
		pdf.CellFormat(0, 5, p.DisplayName()+"  ·  "+w.T("common.mrn")+" "+p.MRN, "", 1, "R", false, 0, "")
		pdf.SetDrawColor(15, 110, 110)
		pdf.Line(18, 16, 192, 16)
		pdf.SetY(22)
	})
	stamp := w.T("common.confidential_printed", cn.PrintedBy, printedWhen(w, cn.PrintedAt, cn.DateOrder))
	if cn.For != "" {
		stamp = w.T("common.confidential_printed_for", cn.PrintedBy, printedWhen(w, cn.PrintedAt, cn.DateOrder), cn.For)
	}
	pdf.SetFooterFunc(func() { footer(pdf, w, stamp) })
	pdf.AddPage()

	pdf.SetFont("sans", "B", 16)
	pdf.CellFormat(0, 9, w.T("casenotes.title"), "", 1, "L", false, 0, "")
	if cn.Clinic.Address != "" {
		pdf.SetFont("sans", "", 9)
		pdf.CellFormat(0, 5, cn.Clinic.Name+" · "+cn.Clinic.Address, "", 1, "L", false, 0, "")
	}
	pdf.Ln(2)
	patientBlock(pdf, w, p, cn.Clinic.AddressLevels, cn.PrintedAt, cn.DateOrder)

	section(pdf, w.N("casenotes.encounters", len(cn.Encounters), len(cn.Encounters)))
	if len(cn.Encounters) == 0 {
		body(pdf, w.T("casenotes.no_encounters"))
	}
	filed := map[model.ID]bool{}
	for _, e := range cn.Encounters {
		encounterBlock(pdf, w, e, cn.DateOrder)
		filed[e.ID] = true
		for _, k := range cn.Keyed {
			if k.EncounterID == e.ID {
				keyedBlock(pdf, w, k, cn.DateOrder)
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
		section(pdf, w.N("casenotes.keyed_unfiled", len(loose), len(loose)))
		for _, k := range loose {
			keyedBlock(pdf, w, k, cn.DateOrder)
		}
	}
	section(pdf, w.N("casenotes.notes", len(cn.Notes), len(cn.Notes)))
	if len(cn.Notes) == 0 {
		body(pdf, w.T("casenotes.no_notes"))
	}
	for _, n := range cn.Notes {
		head := n.Title + " — " + printedWhen(w, n.Written, cn.DateOrder) + " — " + n.Author
		if n.SignedBy != "" {
			head += " — " + w.T("casenotes.signed_by", n.SignedBy)
		}
		setFontFor(pdf, "B", 10, head)
		pdf.MultiCell(0, 5, head, "", "L", false)
		body(pdf, n.Text)
		pdf.Ln(1.5)
	}
	return finish(pdf, out)
}

func patientBlock(pdf *gofpdf.Fpdf, w printed.Words, p model.Patient, levels []string, today time.Time, order clinical.DateOrder) {
	setFontFor(pdf, "B", 13, p.DisplayName())
	pdf.CellFormat(0, 7, p.DisplayName(), "", 1, "L", false, 0, "")
	born := printedDate(w, p.BirthDate, order)
	if p.BirthEstimated {
		born = w.T("casenotes.born_about", clinical.YearOf(p.BirthDate, order))
	}
	rows := [][2]string{{w.T("common.mrn"), p.MRN}, {w.T("casenotes.sex"), w.Sex(p.Sex)}, {w.T("casenotes.born"), strings.TrimSpace(born + "  " + w.AgeSex(p, today))},
		{w.T("casenotes.other_names"), strings.Join(p.OtherNames, ", ")}, {w.T("casenotes.phone"), p.Phone}, {w.T("casenotes.national_id"), p.NationalID},
		{w.T("casenotes.next_of_kin"), p.NextOfKin}, {w.T("casenotes.old_charts"), strings.Join(p.LegacyCharts, ", ")}}
	for i, a := range p.Address {
		label := w.T("casenotes.address")
		if i < len(levels) {
			label = levels[i]
		}
		rows = append(rows, [2]string{label, a})
	}
	// The labels' column fits the longest label: other languages' are
	// longer than the English ("Familiar de contacto").
	labelWidth := 38.0
	for _, r := range rows {
		if r[1] != "" {
			setFontFor(pdf, "B", 9.5, r[0])
			labelWidth = max(labelWidth, pdf.GetStringWidth(r[0])+3)
		}
	}
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		setFontFor(pdf, "B", 9.5, r[0])
		pdf.CellFormat(labelWidth, 5.5, r[0], "", 0, "L", false, 0, "")
		setFontFor(pdf, "", 9.5, r[1])
		pdf.MultiCell(0, 5.5, r[1], "", "L", false)
	}
	if len(p.Alerts) > 0 || p.Restricted {
		pdf.Ln(1)
		pdf.SetFillColor(250, 228, 225)
		pdf.SetTextColor(150, 20, 10)
		var parts []string
		if p.Restricted {
			parts = append(parts, w.T("casenotes.restricted"))
		}
		parts = append(parts, p.Alerts...)
		setFontFor(pdf, "B", 10, strings.Join(parts, " · "))
		pdf.MultiCell(0, 6, w.T("casenotes.alerts", strings.Join(parts, " · ")), "", "L", true)
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(2)
}

func encounterBlock(pdf *gofpdf.Fpdf, w printed.Words, e model.Encounter, order clinical.DateOrder) {
	pdf.SetFont("sans", "B", 10)
	head := printedDay(w, e.Start, order) + "  " + w.EncounterType(e.Type)
	if !e.End.IsZero() {
		days := int(e.End.Sub(e.Start).Hours() / 24)
		head += " " + w.N("casenotes.until", days, printedDay(w, e.End, order), days)
	}
	if e.Ward != "" {
		head += " · " + w.T("casenotes.ward", e.Ward)
	}
	if e.Clinician != "" {
		head += " · " + e.Clinician
	}
	setFontFor(pdf, "B", 10, head)
	pdf.MultiCell(0, 5.5, head, "", "L", false)
	if e.Reason != "" {
		body(pdf, w.T("casenotes.reason", e.Reason))
	}
	if e.Type == model.EncInpatient && !e.End.IsZero() {
		how := w.T("casenotes.not_recorded")
		if e.Disposition != "" {
			how = w.Disposition(clinical.Disposition(e.Disposition))
		}
		body(pdf, w.T("casenotes.stay_ended", how))
	}
	if e.DischargeNote != "" {
		body(pdf, w.T("casenotes.discharge_note", e.DischargeNote))
	}
	for _, it := range e.ItemsToCode() {
		line := "• " + it.Text
		if it.Coded() {
			line += fmt.Sprintf(" — %s %s (%s %s)", it.Code, it.Title, it.System, it.Version)
		}
		if it.Principal {
			line += " — " + w.T("casenotes.principal")
		}
		body(pdf, line)
	}
	pdf.Ln(1.5)
}

// keyedBlock prints a document keyed from paper with every field keyed,
// under the one date the document is dated (the keyed one), and says when
// the values are not yet of record (awaiting or between two keyings).
func keyedBlock(pdf *gofpdf.Fpdf, w printed.Words, k clinical.Transcript, order clinical.DateOrder) {
	t, ok := clinical.TemplateFor(k.Template)
	if !ok {
		return
	}
	head := t.Title + " " + w.T("casenotes.keyed_from_scans")
	if d, ok := k.Dated(order); ok {
		head = t.Title + ", " + printedDate(w, d, order) + " " + w.T("casenotes.keyed_from_scans")
	}
	if !k.Settled() {
		head += " — " + w.T("casenotes.not_yet_checked", strings.ToLower(w.TranscriptStatus(k.Status)))
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
