package reports

import (
	"io"
	"strings"
	"time"

	"dossier/reports/printed"

	"github.com/jung-kurt/gofpdf"
)

// RecoverySheet is what the printed recovery key shows.
type RecoverySheet struct {
	Clinic   string
	ClinicID string
	Key      string // grouped form, e.g. ABCD-EFGH-…
	Created  time.Time
	StoreAt  string
	// RootFingerprint is the fingerprint of the first administrator's
	// signing key, the store's root of trust.
	RootFingerprint string
}

// WriteRecoverySheet prints the recovery key with instructions for the day
// every administrator password is lost.
func WriteRecoverySheet(w io.Writer, s RecoverySheet) error {
	pdf := newPDF()
	pdf.SetTitle("Dossier recovery key — "+s.Clinic, true)
	pdf.SetMargins(20, 20, 20)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() { footer(pdf, printed.Words{}, "Dossier recovery key · "+s.Clinic) })
	pdf.AddPage()

	pdf.SetFont("sans", "B", 20)
	pdf.CellFormat(0, 12, "Dossier recovery key", "", 1, "L", false, 0, "")
	pdf.SetFont("sans", "", 12)
	pdf.CellFormat(0, 7, s.Clinic, "", 1, "L", false, 0, "")
	pdf.SetFont("sans", "", 9)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(0, 5, "Clinic store "+s.ClinicID+" · created "+s.Created.Format("2 January 2006 15:04"), "", 1, "L", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(6)

	// The key in a box, large and monospaced, in two lines for copying by hand.
	groups := strings.Split(s.Key, "-")
	half := (len(groups) + 1) / 2
	lines := []string{strings.Join(groups[:half], " "), strings.Join(groups[half:], " ")}
	pdf.SetDrawColor(15, 110, 110)
	pdf.SetLineWidth(0.8)
	y := pdf.GetY()
	pdf.Rect(20, y, 170, 34, "D")
	pdf.SetFont("mono", "", 17)
	pdf.SetXY(20, y+6)
	for _, l := range lines {
		pdf.CellFormat(170, 11, l, "", 2, "C", false, 0, "")
	}
	pdf.SetY(y + 40)

	section := func(title string, body []string) {
		pdf.SetFont("sans", "B", 12)
		pdf.CellFormat(0, 8, title, "", 1, "L", false, 0, "")
		pdf.SetFont("sans", "", 10.5)
		for _, b := range body {
			pdf.MultiCell(0, 5.5, b, "", "L", false)
			pdf.Ln(1.5)
		}
		pdf.Ln(3)
	}
	section("What this key does", []string{
		"Every record in this clinic's Dossier store is encrypted. Each user's password unlocks it, and so does this key. " +
			"If every administrator password is lost, this key is the only way back into the records: without it they cannot be read by anyone.",
	})
	section("Keep it safe", []string{
		"• Store this sheet in a locked place away from the computer (the clinic safe, or with the facility in-charge).",
		"• Anyone holding this key and a copy of the store or of a backup can read every record. Never photograph it, email it or keep it on the computer.",
		"• Make one copy at most and keep it in a second locked place.",
	})
	section("When a password is lost", []string{
		"1. Open Dossier. On the sign-in screen choose \"Use recovery key\".",
		"2. Type the key exactly as printed (spaces, dashes and letter case do not matter), the administrator's username, and a new password twice.",
		"3. Sign in with the new password. The reset is recorded and flagged in the audit trail.",
		"Without the window: dossier recover --user admin  (it asks for the key and the new password).",
		"A backup can be checked or restored with this key too: dossier verify --backup FILE --recovery-key.",
	})
	if s.RootFingerprint != "" {
		section("Root of trust", []string{
			"Every user signs what they do with a key of their own, certified by an administrator; the first administrator's key is the root. " +
				"Its fingerprint is below. To prove nobody replaced the store's keys: dossier verify --fingerprint " + s.RootFingerprint,
		})
		pdf.SetFont("mono", "", 12)
		pdf.CellFormat(0, 7, "Root fingerprint: "+s.RootFingerprint, "", 1, "L", false, 0, "")
		pdf.Ln(2)
	}
	if s.StoreAt != "" {
		pdf.SetFont("sans", "", 8.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(0, 4.5, "Store file at setup: "+s.StoreAt, "", "L", false)
	}
	return finish(pdf, w)
}

// footer draws the page footer with page X of Y.
func footer(pdf *gofpdf.Fpdf, words printed.Words, text string) {
	pdf.SetY(-15)
	pdf.SetFont("sans", "", 8)
	pdf.SetTextColor(110, 110, 110)
	w, _ := pdf.GetPageSize()
	l, _, r, _ := pdf.GetMargins()
	half := (w - l - r) / 2
	pdf.CellFormat(half, 10, text, "", 0, "L", false, 0, "")
	pdf.CellFormat(half, 10, words.T("common.page_of", pdf.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
}
