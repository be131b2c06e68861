package packet

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/reports/printed"
)

// sampleAccounting has n disclosures, some with long cells and annotations.
func sampleAccounting(n int) Accounting {
	r := sampleRelease()
	a := Accounting{
		Letterhead: r.Letterhead, Patient: r.Patient,
		From:    time.Date(2020, 3, 14, 0, 0, 0, 0, time.UTC),
		To:      time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
		Printed: time.Date(2026, 3, 14, 16, 5, 0, 0, time.UTC), PrintedBy: "Ṣọlá Adéyẹmí",
	}
	for i := 0; i < n; i++ {
		d := Disclosure{
			Date:       time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -40*i),
			Recipient:  fmt.Sprintf("Recipient %d — Αλέξανδρος Παπαδόπουλος", i+1),
			Address:    "Regional Referral Hospital, Records Office, 14 Avenue Lumumba, Kindu",
			Purpose:    "continuing care",
			What:       "Discharge summary 2016-03-02; chest X-ray scans (2 pages)",
			Bates:      fmt.Sprintf("KDH-ROI%02d-000001 – KDH-ROI%02d-000011", i, i),
			SHA256:     strings.Repeat(fmt.Sprintf("%x", i%16), 64),
			Authority:  "Authorization signed by Nguyễn Thị Ánh on 2026-03-01 (expires 2026-09-01)",
			ReleasedBy: "Ṣọlá Adéyẹmí",
		}
		if i%3 == 1 {
			d.Purpose = strings.Repeat("insurance claim under the national health insurance scheme, reference NHIS/2026/0042; ", 3)
			d.Annotations = []string{"Recipient confirmed receipt by telephone on 2026-01-05.",
				"Patient asked for a copy of this entry; given at the front desk."}
		}
		if i == 4 {
			d.What = strings.Repeat("Laboratory results, nursing notes and the full admission record for every stay; ", 40)
		}
		a.Disclosures = append(a.Disclosures, d)
	}
	return a
}

func TestAccounting(t *testing.T) {
	a := sampleAccounting(12)
	var buf bytes.Buffer
	if err := WriteAccounting(&buf, a); err != nil {
		t.Fatal(err)
	}
	path := savePDF(t, buf.Bytes(), "")
	n := numPages(t, path, "")
	if n < 3 {
		t.Fatalf("only %d pages: the long rows should need more", n)
	}
	for p := 1; p <= n; p++ {
		if text := pdfText(t, path, "", p, p); !strings.Contains(text, fmt.Sprintf("Page %d of %d", p, n)) {
			t.Errorf("page %d lacks its page number:\n%s", p, text)
		}
	}
	all := pdfText(t, path, "", 0, 0)
	for _, want := range []string{"Accounting of disclosures", "NGUYỄN, Thị Ánh", "KDH-004217",
		"Period: 14 March 2020 to 14 March 2026", "Αλέξανδρος Παπαδόπουλος", "Ṣọlá Adéyẹmí",
		"Packet SHA-256: " + strings.Repeat("a", 64), "Recipient confirmed receipt by telephone",
		"KDH-ROI04-000001", "12 disclosures in this period."} {
		if !strings.Contains(all, want) {
			t.Errorf("accounting lacks %q", want)
		}
	}
	// Oldest first.
	if strings.Index(all, "Recipient 12 ") > strings.Index(all, "Recipient 1 ") {
		t.Error("disclosures not in date order")
	}
}

func TestAccountingNone(t *testing.T) {
	a := sampleAccounting(0)
	var buf bytes.Buffer
	if err := WriteAccounting(&buf, a); err != nil {
		t.Fatal(err)
	}
	path := savePDF(t, buf.Bytes(), "")
	text := pdfText(t, path, "", 0, 0)
	for _, want := range []string{"No disclosures were made in this period.", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
}

// The accounting follows the clinic's language: title, columns, the
// period's dates with the month's name, the count and the footer.
func TestAccountingInTheClinicsLanguage(t *testing.T) {
	a := sampleAccounting(2)
	a.Words = printed.For("fr")
	var buf bytes.Buffer
	if err := WriteAccounting(&buf, a); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, savePDF(t, buf.Bytes(), ""), "", 0, 0)), " ")
	for _, want := range []string{"Relevé des communications", "Période : du 14 mars 2020 au 14 mars 2026", "Destinataire et adresse",
		"2 communications pendant cette période.", "SHA-256 du dossier transmis", "Confidentiel — imprimé par Ṣọlá Adéyẹmí le 2026-03-14 16:05", "Page 1 sur"} {
		if !strings.Contains(text, want) {
			t.Errorf("the French accounting lacks %q:\n%s", want, text)
		}
	}
}
