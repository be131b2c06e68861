package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports/printed"
)

func slipLines(n int) []DeficiencyLine {
	var out []DeficiencyLine
	for i := 0; i < n; i++ {
		out = append(out, DeficiencyLine{MRN: fmt.Sprintf("KDH-%07d-9", i), Patient: "NAKATO, Amina", RecordKey: fmt.Sprint(i / 2),
			Record: "Stay to 2026-11-17 (Female Medical)", Missing: "sign the note \"Clinical note\" of 2026-11-13", Age: 40 - i%30,
			Level: "delinquent"})
	}
	return out
}

func TestDeficiencySlipAndLetters(t *testing.T) {
	c := model.DefaultClinic("Kasese District Hospital", "KDH")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := WriteDeficiencySlip(&buf, DeficiencySlip{Clinic: c, For: "Dr. Achieng", Lines: slipLines(120), PrintedBy: "super1", PrintedAt: now},
		DeficiencySlip{Clinic: c, For: "Clinical coder", Lines: slipLines(3), PrintedBy: "super1", PrintedAt: now}); err != nil {
		t.Fatal(err)
	}
	// 60 records of a few lines each run over several pages; the second
	// slip starts its own page.
	if n := PageCount(buf.Bytes()); n < 4 {
		t.Fatalf("%d pages for 60 + 2 records", n)
	}
	for level := 1; level <= 3; level++ {
		buf.Reset()
		l := DelinquencyLetter{Clinic: c, To: "Dr. Achieng", Level: level, WarningDays: 14, DelinquentDays: 30, Lines: slipLines(4), From: "Janet", PrintedAt: now}
		if err := WriteDelinquencyLetters(&buf, l); err != nil || PageCount(buf.Bytes()) != 1 {
			t.Fatalf("letter %d: %v", level, err)
		}
		if text := letterText(l.Words, l, 2); (level == 3) != strings.Contains(text, "medical director") {
			t.Errorf("level %d letter: %s", level, text)
		}
	}
	tab := DeficiencyTable(slipLines(2))
	if len(tab.Rows) != 2 || tab.Header[0] != "MRN" || tab.Rows[0][9] != "40" {
		t.Fatalf("table %+v", tab)
	}
}

// Slips and letters follow the clinic's language: headings, columns,
// the letter's text and its date's month name.
func TestDeficiencySlipAndLetterInFrench(t *testing.T) {
	c := model.DefaultClinic("Hôpital de Kasongo", "KDH")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	fr := printed.For("fr")
	var buf bytes.Buffer
	if err := WriteDeficiencySlip(&buf, DeficiencySlip{Clinic: c, For: "Dr Mbala", Lines: slipLines(4), PrintedBy: "super1", PrintedAt: now, Words: fr}); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
	for _, want := range []string{"Fiche de lacunes — Dr Mbala", "2 dossiers à compléter (éléments : 4) au 5 décembre 2026", "N° dossier", "À compléter",
		"40 j", "Complété par :", "Confidentiel — imprimé par super1 le 2026-12-05 09:00", "Page 1 sur 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the slip lacks %q:\n%s", want, text)
		}
	}
	buf.Reset()
	if err := WriteDelinquencyLetters(&buf, DelinquencyLetter{Clinic: c, To: "Dr Mbala", Level: 3, WarningDays: 14, DelinquentDays: 30,
		Lines: slipLines(4), From: "Janet", PrintedAt: now, Words: fr}); err != nil {
		t.Fatal(err)
	}
	text = strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
	for _, want := range []string{"5 décembre 2026", "À : Dr Mbala", "Copie : Directeur médical", "Dernier avis : dossiers médicaux en retard",
		"les 2 dossiers ci-dessous sont toujours incomplets, dont 2 en retard", "Responsable des archives médicales : Janet"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
}
