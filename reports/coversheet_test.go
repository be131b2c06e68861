package reports

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func testCoverSheet() CoverSheet {
	return CoverSheet{
		Clinic:  "Kasongo District Hospital",
		Patient: "Nguyễn Thị Ánh",
		Cover: model.Cover{MRN: model.FormatMRN("KDH", 123), Type: model.DocLab,
			Date: model.Date{Year: 2026, Month: time.November, Day: 22}},
		PrintedBy: "clerk.amani",
		Printed:   time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC),
	}
}

// TestCoverSheet: the page says what it files, and both QR codes, the big
// one and the small upside-down one, read back as the cover's payload.
func TestCoverSheet(t *testing.T) {
	s := testCoverSheet()
	other := s
	other.Patient, other.Cover.Type = "Αλέξανδρος", model.DocConsent
	var buf bytes.Buffer
	if err := WriteCoverSheets(&buf, []CoverSheet{s, other}); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	pages := strings.Split(text, "\f")
	if len(pages) != 3 { // pdftotext ends every page with \f
		t.Fatalf("%d pages, want 2", len(pages)-1)
	}
	for _, want := range []string{s.Cover.MRN, "Lab result", "Nguyễn Thị Ánh", "2026-11-22", "DOSSIER COVER SHEET",
		"place in front of the pages it describes", "Kasongo District Hospital", "printed by clerk.amani on 2026-11-22 09:30"} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("page 1 lacks %q:\n%s", want, pages[0])
		}
	}
	if !strings.Contains(pages[1], "Consent or authorization") || !strings.Contains(pages[1], "Αλέξανδρος") {
		t.Errorf("page 2 is not the second sheet:\n%s", pages[1])
	}

	// The big code in the upper part, and the small rotated one in the
	// bottom-left corner, each on its own so one cannot stand in for the other.
	for _, area := range []struct {
		name    string
		crop    box
		rotated bool
	}{{"upper QR", box{0, 0, 210, 130}, false}, {"corner QR", box{0, 297 - 50, 60, 50}, true}} {
		img := renderPNG(t, buf.Bytes(), 1, 150, area.crop)
		got, upright, err := decodeQR(img)
		if err != nil {
			t.Fatalf("%s does not read: %v", area.name, err)
		}
		if upright == area.rotated {
			t.Errorf("%s: upright %v, want %v", area.name, upright, !area.rotated)
		}
		if got != s.Cover.Payload() {
			t.Errorf("%s reads %q, want %q", area.name, got, s.Cover.Payload())
		}
		c, ok, err := model.ParseCover(got)
		if !ok || err != nil || c != s.Cover {
			t.Errorf("%s: ParseCover = %+v, %v, %v", area.name, c, ok, err)
		}
	}
}

func TestCoverSheetErrors(t *testing.T) {
	if err := WriteCoverSheets(io.Discard, nil); err == nil || !strings.Contains(err.Error(), "no cover sheets") {
		t.Errorf("no sheets: %v", err)
	}
	bad := testCoverSheet()
	bad.Cover.MRN = "KDH-0000123-X" // wrong check character
	if err := WriteCoverSheets(io.Discard, []CoverSheet{testCoverSheet(), bad}); err == nil || !strings.Contains(err.Error(), "cover sheet 2") {
		t.Errorf("bad MRN: %v", err)
	}
	bad = testCoverSheet()
	bad.Cover.Type = "fax"
	if err := WriteCoverSheets(io.Discard, []CoverSheet{bad}); err == nil {
		t.Error("an unknown document type printed")
	}
}
