package reports

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

// A clinic in Ethiopia: a name typed in Amharic prints (in Dossier Sans,
// DejaVu having no Ethiopic), and dates print in the Ethiopian calendar,
// marked EC. 12 March 2024 is 3 Megabit 2016.
func TestCaseNotesEthiopicNameAndCalendar(t *testing.T) {
	at := time.Date(2024, 3, 12, 9, 30, 0, 0, time.UTC)
	clinic := model.DefaultClinic("Bahir Dar Health Centre", "BDH")
	clinic.Calendar = "ethiopian"
	cn := CaseNotes{Clinic: clinic, PrintedBy: "clerk1", PrintedAt: at, DateOrder: clinical.ClinicOrder(clinic),
		Patient: model.Patient{MRN: "BDH-0000007-B", GivenName: "አበበ", FamilyName: "በቀለ", Sex: model.SexMale,
			BirthDate: model.Date{Year: 1990, Month: 9, Day: 11}, Address: []string{"Amhara", "ባሕር ዳር"}},
		Encounters: []model.Encounter{{Type: model.EncOutpatient, Start: at, Reason: "ትኩሳት (fever)"}},
		Notes:      []model.Note{{Title: "Clinical note", Written: at, Author: "dr.tesfaye", Text: "Seen with ወ/ሮ ዘውዲቱ; malaria RDT negative."}}}
	var buf bytes.Buffer
	if err := WriteCaseNotes(&buf, cn); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	for _, want := range []string{"በቀለ, አበበ", "ባሕር ዳር", "ትኩሳት (fever)", "ወ/ሮ ዘውዲቱ; malaria RDT negative",
		"printed by clerk1 on 03/07/2016 EC 09:30", "Born 01/01/1983 EC", "03/07/2016 EC outpatient"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
	needTool(t, "pdffonts")
	fonts, err := exec.Command("pdffonts", writeTemp(t, buf.Bytes())).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fonts), "utf8"+worldFamily) {
		t.Errorf("no Dossier Sans in the PDF:\n%s", fonts)
	}
	if dir := os.Getenv("DOSSIER_KEEP_PDF"); dir != "" { // to look at it: pdftoppm -png
		os.WriteFile(dir+"/casenotes-ethiopic.pdf", buf.Bytes(), 0o644)
	}
}

// A document without Ethiopic letters does not carry Dossier Sans.
func TestCaseNotesWithoutEthiopicKeepDejaVu(t *testing.T) {
	cn := CaseNotes{Clinic: model.DefaultClinic("Kasese", "KDH"), PrintedBy: "clerk1", PrintedAt: time.Now(),
		Patient: model.Patient{MRN: "KDH-1", GivenName: "José", FamilyName: "Muñoz", Sex: model.SexMale}}
	var buf bytes.Buffer
	if err := WriteCaseNotes(&buf, cn); err != nil {
		t.Fatal(err)
	}
	needTool(t, "pdffonts")
	fonts, err := exec.Command("pdffonts", writeTemp(t, buf.Bytes())).Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(fonts), "utf8"+worldFamily) || !strings.Contains(string(fonts), "utf8sans") {
		t.Errorf("fonts:\n%s", fonts)
	}
}
