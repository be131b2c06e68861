package packet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/reports/printed"
)

func sampleRelease() Release {
	return Release{
		Letterhead:       Letterhead{Clinic: "Kasongo District Hospital", Address: "P.O. Box 12, Kasongo\nManiema Province", Phone: "+243 81 555 0100"},
		RequestNo:        "ROI-2026-0042",
		Recipient:        "Dr. Αλέξανδρος Παπαδόπουλος, Regional Referral Hospital",
		RecipientAddress: "Records Office\n14 Avenue Lumumba\nKindu",
		Purpose:          "continuing care",
		Date:             time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
		ReleasedBy:       "Ṣọlá Adéyẹmí",
		Patient:          PatientLine{Name: "NGUYỄN, Thị Ánh", MRN: "KDH-004217", Born: "1987-05-02"},
		BatesPrefix:      "KDH-ROI42-",
		Authority:        "Authorization signed by Nguyễn Thị Ánh on 2026-03-01 (expires 2026-09-01)",
	}
}

// scanPage returns an Open func for a synthetic page.
func scanPage(img image.Image) func() (image.Image, error) {
	return func() (image.Image, error) { return img, nil }
}

// lazyPage draws a synthetic page when opened.
func lazyPage(seed int64, dpi float64) func() (image.Image, error) {
	return func() (image.Image, error) { return synthPage(seed, dpi), nil }
}

// testRelease has two typed records (one long, with redactions in the
// narrative, across line breaks and in fields) and a scanned document.
func testRelease() Release {
	r := sampleRelease()
	long := longText(3, 70) + "\nThe patient disclosed HIV status\nto the ward nurse. Partner: Jean-Baptiste\nMwamba, tel. 0812345678."
	r.Items = []Item{
		{Title: "Discharge summary, 2016-03-02", Typed: &TypedRecord{
			Heading: "Discharge summary",
			Fields: [][2]string{
				{"Patient", "Nguyễn Thị Ánh"}, {"Admitted", "2016-02-24"}, {"Discharged", "2016-03-02"},
				{"Diagnoses", "Community-acquired pneumonia; hiv infection on treatment; anaemia"},
				{"Contact", "Partner Jean-Baptiste Mwamba, 0812345678"},
			},
			Text: long,
			Omit: []string{"HIV", "Jean-Baptiste Mwamba", "0812345678"},
		}},
		{Title: "Chest X-ray scans", Scanned: &ScannedDoc{Pages: []ScannedPage{
			{Open: lazyPage(1, 150), WidthMM: 210, HeightMM: 297, Source: "box1.pdf p3"},
			{Open: lazyPage(2, 150), Rotation: 90, WidthMM: 210, HeightMM: 297, Source: "box1.pdf p4"},
		}}},
		{Title: "Clinic card (Αλέξανδρος)", Typed: &TypedRecord{
			Heading: "Outpatient card",
			Fields:  [][2]string{{"Seen by", "Ṣọlá Adéyẹmí"}, {"Note", "Review in two weeks."}},
		}},
	}
	return r
}

func build(t *testing.T, r Release) ([]byte, Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := Build(context.Background(), &buf, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	if res.SHA256 != hex.EncodeToString(sum[:]) || res.Bytes != int64(buf.Len()) {
		t.Errorf("result %+v does not describe the %d bytes written", res, buf.Len())
	}
	return buf.Bytes(), res
}

func TestPacket(t *testing.T) {
	r := testRelease()
	r.Watermark = "COPY — CONFIDENTIAL"
	var calls, last int
	var buf bytes.Buffer
	res, err := Build(context.Background(), &buf, r, func(done, total int) { calls++; last = done })
	if err != nil {
		t.Fatal(err)
	}
	path := savePDF(t, buf.Bytes(), "")
	n := numPages(t, path, "")
	if n != res.Pages || n < 6 {
		t.Fatalf("%d pages in the file, Result says %d", n, res.Pages)
	}
	if calls != n || last != n {
		t.Errorf("progress called %d times, last %d; want %d", calls, last, n)
	}
	if res.BatesFirst != "KDH-ROI42-000001" || res.BatesLast != fmt.Sprintf("KDH-ROI42-%06d", n) {
		t.Errorf("Bates %s–%s", res.BatesFirst, res.BatesLast)
	}

	plain, _ := build(t, testRelease()) // the same without the watermark
	plainPath := savePDF(t, plain, "")

	// Every page: its Bates number, the release header, "Page X of Y".
	pages := make([]string, n+1)
	for p := 1; p <= n; p++ {
		pages[p] = pdfText(t, path, "", p, p)
		for _, want := range []string{
			fmt.Sprintf("KDH-ROI42-%06d", p),
			"Confidential — released to Dr. Αλέξανδρος Παπαδόπουλος, Regional Referral Hospital for continuing care on 2026-03-14, request ROI-2026-0042",
			fmt.Sprintf("Page %d of %d", p, n),
		} {
			if !strings.Contains(pages[p], want) {
				t.Errorf("page %d lacks %q:\n%s", p, want, pages[p])
			}
		}
		// The watermark is drawn diagonally, so pdftotext returns its
		// letters scattered: count them.
		if !hasLetters(pages[p], pdfText(t, plainPath, "", p, p), r.Watermark) {
			t.Errorf("page %d lacks the watermark %q:\n%s", p, r.Watermark, pages[p])
		}
	}

	all := pdfText(t, path, "", 0, 0)
	for _, want := range []string{"NGUYỄN, Thị Ánh", "Nguyễn Thị Ánh", "Αλέξανδρος", "Ṣọlá Adéyẹmí",
		"Re: release of records of NGUYỄN, Thị Ánh (MRN KDH-004217), request ROI-2026-0042",
		"Authorization signed by Nguyễn Thị Ánh on 2026-03-01 (expires 2026-09-01)",
		"further", "[redacted]", "box1.pdf p3", "Discharge summary"} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Redactions: nowhere, whatever the case, and not across a line break
	// (pdfText has collapsed white space).
	lower := strings.ToLower(all)
	for _, omit := range []string{"hiv", "jean-baptiste mwamba", "jean-baptiste", "0812345678"} {
		if strings.Contains(lower, omit) {
			t.Errorf("redacted %q appears in the PDF", omit)
		}
	}

	// The cover letter's and the contents' Bates ranges match the pages the
	// items are really on (found by their footers).
	cover, contents := pages[1], pages[2]
	for i, it := range r.Items {
		first, lastPage := 0, 0
		for p := 1; p <= n; p++ {
			if strings.Contains(pages[p], fmt.Sprintf("Item %d of %d:", i+1, len(r.Items))) {
				if first == 0 {
					first = p
				}
				lastPage = p
			}
		}
		if first == 0 {
			t.Fatalf("item %d (%s) is on no page", i+1, it.Title)
		}
		want := fmt.Sprintf("KDH-ROI42-%06d", first)
		if lastPage > first {
			want += " – " + fmt.Sprintf("KDH-ROI42-%06d", lastPage)
		}
		if !strings.Contains(cover, want) {
			t.Errorf("cover letter lacks item %d's range %q:\n%s", i+1, want, cover)
		}
		if !strings.Contains(contents, want) {
			t.Errorf("contents lack item %d's range %q:\n%s", i+1, want, contents)
		}
	}
	total := fmt.Sprintf("Total: %d pages, numbered KDH-ROI42-000001 to KDH-ROI42-%06d", n, n)
	if !strings.Contains(cover, total) {
		t.Errorf("cover letter lacks %q:\n%s", total, cover)
	}
	if !strings.Contains(cover, "further disclosure") && !strings.Contains(cover, "disclose it further") {
		t.Errorf("cover letter lacks the confidentiality statement")
	}
}

// hasLetters reports whether text holds every letter of want more often
// than without does (the same page printed without the watermark).
func hasLetters(text, without, want string) bool {
	count := map[rune]int{}
	for _, c := range text {
		count[c]++
	}
	for _, c := range without {
		count[c]--
	}
	for _, c := range strings.ReplaceAll(want, " ", "") {
		if count[c]--; count[c] < 0 {
			return false
		}
	}
	return true
}

// The cover letter and contents follow the clinic's language: the
// letter's date with the month's name, its wording and the page headers.
func TestPacketInTheClinicsLanguage(t *testing.T) {
	r := testRelease()
	r.Words = printed.For("pt")
	r.Date = time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	pdf, res := build(t, r)
	path := savePDF(t, pdf, "")
	text := strings.Join(strings.Fields(pdfText(t, path, "", 1, 2)), " ")
	for _, want := range []string{"9 de março de 2026", "Assunto: cedência dos registos de", "Anexos", "Com os melhores cumprimentos,",
		"CONFIDENCIAL — NÃO DIVULGAR A TERCEIROS", "Índice", "Página 1 de " + strconv.Itoa(res.Pages), "Carta de apresentação"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Portuguese packet lacks %q:\n%s", want, text)
		}
	}
}

func TestPacketBatesStart(t *testing.T) {
	r := testRelease()
	r.BatesStart = 990
	r.BatesPrefix = "X-"
	pdf, res := build(t, r)
	path := savePDF(t, pdf, "")
	if res.BatesFirst != "X-000990" {
		t.Errorf("first %s", res.BatesFirst)
	}
	if got := pdfText(t, path, "", res.Pages, res.Pages); !strings.Contains(got, res.BatesLast) {
		t.Errorf("last page lacks %s", res.BatesLast)
	}
}

func TestPacketEncrypted(t *testing.T) {
	r := testRelease()
	r.Password = "correct horse"
	pdf, res := build(t, r)
	path := savePDF(t, pdf, r.Password)
	out, err := exec.Command("qpdf", "--password="+r.Password, "--show-encryption", path).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --show-encryption: %v\n%s", err, out)
	}
	enc := string(out)
	if !strings.Contains(enc, "R = 6") || !strings.Contains(enc, "AESv3") {
		t.Errorf("not AES-256 (R6):\n%s", enc)
	}
	if !strings.Contains(enc, "print low resolution: allowed") && !strings.Contains(enc, "print high resolution: allowed") {
		t.Errorf("printing not allowed:\n%s", enc)
	}
	if out, err := exec.Command("pdftotext", path, "-").CombinedOutput(); err == nil {
		t.Errorf("pdftotext read the encrypted packet without the password:\n%.300s", out)
	}
	// The page images made it into the encrypted file at full size.
	if out, err := exec.Command("pdfimages", "-upw", r.Password, "-list", path).Output(); err == nil {
		rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
		if len(rows) != 2 {
			t.Errorf("%d images in the encrypted packet, want 2:\n%s", len(rows), out)
		}
		for _, row := range rows {
			if f := strings.Fields(row); len(f) < 5 || f[3] == "1" || f[2] != "image" {
				t.Errorf("image listed as %q", row)
			}
		}
	}
	if n := numPages(t, path, r.Password); n != res.Pages {
		t.Errorf("%d pages, want %d", n, res.Pages)
	}
	for p := 1; p <= res.Pages; p++ {
		if got := pdfText(t, path, r.Password, p, p); !strings.Contains(got, fmt.Sprintf("KDH-ROI42-%06d", p)) {
			t.Errorf("page %d lacks its Bates number: %s", p, got)
		}
	}
	if all := strings.ToLower(pdfText(t, path, r.Password, 0, 0)); strings.Contains(all, "hiv") || strings.Contains(all, "0812345678") {
		t.Error("redacted text in the encrypted packet")
	}
}

func TestPacketCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if _, err := Build(ctx, &buf, testRelease(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}

	// Cancelled while a scanned page is being opened.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	r := testRelease()
	r.Items[1].Scanned.Pages[1].Open = func() (image.Image, error) {
		cancel()
		return synthPage(9, 100), nil
	}
	buf.Reset()
	if _, err := Build(ctx, &buf, r, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written by a cancelled build", buf.Len())
	}

	// Cancelled from the progress callback, in the middle of the pages.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	buf.Reset()
	_, err := Build(ctx, &buf, testRelease(), func(done, total int) {
		if done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled from progress: %v", err)
	}
}

func TestPacketOpenFails(t *testing.T) {
	r := testRelease()
	r.Items[1].Scanned.Pages[1].Open = func() (image.Image, error) { return nil, errors.New("bad MAC") }
	var buf bytes.Buffer
	_, err := Build(context.Background(), &buf, r, nil)
	if err == nil || !strings.Contains(err.Error(), "box1.pdf p4") || !strings.Contains(err.Error(), "bad MAC") {
		t.Fatalf("error %v does not name the page", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written for a packet that failed", buf.Len())
	}
}

func TestPacketInvalid(t *testing.T) {
	for name, mod := range map[string]func(*Release){
		"no items":     func(r *Release) { r.Items = nil },
		"both":         func(r *Release) { r.Items[0].Scanned = &ScannedDoc{} },
		"neither":      func(r *Release) { r.Items[0].Typed = nil },
		"empty scan":   func(r *Release) { r.Items[1].Scanned.Pages = nil },
		"no recipient": func(r *Release) { r.Recipient = " " },
		"bad rotation": func(r *Release) { r.Items[1].Scanned.Pages[0].Rotation = 45 },
		"box outside":  func(r *Release) { r.Items[1].Scanned.Pages[0].Redact = []Rect{{X: 5000, Y: 5000, W: 10, H: 10}} },
		"empty box":    func(r *Release) { r.Items[1].Scanned.Pages[0].Redact = []Rect{{X: 5, Y: 5, W: 0, H: 10}} },
	} {
		r := testRelease()
		mod(&r)
		if _, err := Build(context.Background(), &bytes.Buffer{}, r, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestScanRedaction checks true redaction on a rotated page: the box is
// black when the page is rendered, and the pattern drawn inside it in the
// source is not in the embedded image, while the same pattern outside the
// box still is.
func TestScanRedaction(t *testing.T) {
	needTools(t, "pdftoppm")
	// A 150 dpi A4 page, stored sideways (rotated 90° clockwise to read).
	const W, H = 1754, 1240
	src := image.NewGray(image.Rect(0, 0, W, H))
	for i := range src.Pix {
		src.Pix[i] = 235
	}
	stripes := func(x0, y0, x1, y1 int) { // a distinctive pattern: 6 px black/white stripes
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if (x/6)%2 == 0 {
					src.SetGray(x, y, color.Gray{Y: 255})
				} else {
					src.SetGray(x, y, color.Gray{Y: 0})
				}
			}
		}
	}
	stripes(300, 200, 700, 500)    // secret, to be redacted
	stripes(1100, 700, 1500, 1000) // control, stays
	// Stored (x, y) shows at rotated (H-1-y, x): the secret box in rotated
	// coordinates.
	box := Rect{X: H - 500, Y: 300, W: 300, H: 400}

	r := sampleRelease()
	r.Items = []Item{{Title: "Scanned consent form", Scanned: &ScannedDoc{Pages: []ScannedPage{{
		Open: scanPage(src), Rotation: 90, WidthMM: 297, HeightMM: 210, Redact: []Rect{box}, Source: "consent.pdf p1",
	}}}}}
	pdf, res := build(t, r)
	path := savePDF(t, pdf, "")
	page := res.Pages // the scan is the last page

	// Where the rotated page lands: 1240 × 1754 px at 150 dpi = 210 × 297 mm,
	// shrunk to fit 180 × 257 mm, centred.
	aw, ah := pageArea(false)
	s := min(aw/210, ah/297)
	wmm, hmm := 210*s, 297*s
	x0, y0 := scanMarginMM+(aw-wmm)/2, scanTopMM+(ah-hmm)/2
	toPt := func(px, py float64, dpi float64) (int, int) { // rotated-image pixel → rendered pixel
		return int((x0 + px/float64(H)*wmm) / 25.4 * dpi), int((y0 + py/float64(W)*hmm) / 25.4 * dpi)
	}
	shot := renderPage(t, path, page, 50)
	cx, cy := toPt(float64(box.X+box.W/2), float64(box.Y+box.H/2), 50)
	if v := grayAt(shot, cx, cy); v > 40 {
		t.Errorf("centre of the redaction box renders %d, not black", v)
	}
	// Control stripes: at 50 dpi they blur to mid-grey; the box must not.
	ccx, ccy := toPt(float64(H-1-850), 1300, 50)
	if v := grayAt(shot, ccx, ccy); v < 60 || v > 200 {
		t.Errorf("control pattern renders %d; the test is looking in the wrong place", v)
	}

	// At full resolution, inside the box there is nothing bright, and the
	// stripes still show outside it.
	hi := renderPage(t, path, page, 150)
	maxIn, minOut, maxOut := 0, 255, 0
	for py := box.Y + 12; py < box.Y+box.H-12; py += 3 {
		for px := box.X + 12; px < box.X+box.W-12; px += 3 {
			x, y := toPt(float64(px), float64(py), 150)
			maxIn = max(maxIn, int(grayAt(hi, x, y)))
		}
	}
	for py := 1112; py < 1488; py += 2 {
		x, y := toPt(float64(H-1-850), float64(py), 150)
		v := int(grayAt(hi, x, y))
		minOut, maxOut = min(minOut, v), max(maxOut, v)
	}
	if maxIn > 40 {
		t.Errorf("brightest pixel inside the redaction box is %d: the pattern survives", maxIn)
	}
	if maxOut-minOut < 100 {
		t.Errorf("control stripes flattened (%d..%d): the test proves nothing", minOut, maxOut)
	}
	if !strings.Contains(pdfText(t, path, "", page, page), "1 area redacted") {
		t.Error("the page does not say it was redacted")
	}
}

// renderPage rasterises one page with pdftoppm.
func renderPage(t *testing.T, path string, page, dpi int) image.Image {
	t.Helper()
	out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-png", path).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	img, _, err := image.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode pdftoppm output: %v", err)
	}
	return img
}

func grayAt(img image.Image, x, y int) uint8 {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

func TestRedactText(t *testing.T) {
	for _, c := range []struct {
		in    string
		omits []string
		want  string
		n     int
	}{
		{"HIV positive; hiv clinic", []string{"HIV"}, "[redacted] positive; [redacted] clinic", 2},
		{"Partner Jean\nMwamba called", []string{"Jean Mwamba"}, "Partner [redacted] called", 1},
		{"abcdef", []string{"bcd", "cde"}, "a[redacted]f", 1},
		{"Ánh and ÁNH", []string{"ánh"}, "[redacted] and [redacted]", 2},
		{"nothing", []string{"", " "}, "nothing", 0},
		{"redact the act", []string{"act"}, "red[redacted] the [redacted]", 2},
	} {
		got, n := redactText(c.in, c.omits)
		if got != c.want || n != c.n {
			t.Errorf("redactText(%q, %q) = %q, %d; want %q, %d", c.in, c.omits, got, n, c.want, c.n)
		}
	}
	if _, err := prepareRelease(Release{Recipient: "x", Purpose: "y", Date: time.Now(), Items: []Item{{Typed: &TypedRecord{Text: "ab", Omit: []string{"b", "]a"}}}}}); err != nil {
		t.Errorf("harmless omit: %v", err)
	}
}

// TestPacketManyItems: a cover letter long enough to take two pages, and a
// recipient long enough to wrap the header; the ranges still match.
func TestPacketManyItems(t *testing.T) {
	r := sampleRelease()
	r.Recipient = "Office of the Provincial Medical Inspector, Records and Medico-Legal Department, Provincial General Hospital of Maniema, for the attention of Dr. Αλέξανδρος Παπαδόπουλος"
	for i := 0; i < 70; i++ {
		r.Items = append(r.Items, Item{Title: fmt.Sprintf("Outpatient visit %d, 2019-%02d-%02d, with a long title describing the visit in detail", i+1, i%12+1, i%28+1),
			Typed: &TypedRecord{Heading: fmt.Sprintf("Visit %d", i+1), Text: longText(i, 1+i%9*4)}})
	}
	pdf, res := build(t, r)
	path := savePDF(t, pdf, "")
	n := numPages(t, path, "")
	var coverPages []string
	pages := make([]string, n+1)
	for p := 1; p <= n; p++ {
		pages[p] = pdfText(t, path, "", p, p)
		if !strings.Contains(pages[p], fmt.Sprintf("KDH-ROI42-%06d", p)) || !strings.Contains(pages[p], "Provincial General Hospital of Maniema") {
			t.Errorf("page %d lacks its Bates number or header", p)
		}
		if strings.Contains(pages[p], "Cover letter Release") {
			coverPages = append(coverPages, pages[p])
		}
	}
	if len(coverPages) < 2 {
		t.Fatalf("cover letter on %d page(s); want at least 2 for 70 items", len(coverPages))
	}
	cover := strings.Join(coverPages, " ")
	// Item by item: the first and last page carrying its footer.
	for i := range r.Items {
		first, last := 0, 0
		for p := 1; p <= n; p++ {
			if strings.Contains(pages[p], fmt.Sprintf("Item %d of %d:", i+1, len(r.Items))) {
				if first == 0 {
					first = p
				}
				last = p
			}
		}
		want := fmt.Sprintf("KDH-ROI42-%06d", first)
		if last > first {
			want += " – " + fmt.Sprintf("KDH-ROI42-%06d", last)
		}
		if !strings.Contains(cover, want) {
			t.Errorf("cover letter lacks item %d's range %s:\n%s", i+1, want, cover)
		}
	}
	if !strings.Contains(cover, fmt.Sprintf("Total: %d pages", res.Pages)) {
		t.Error("cover letter's total is wrong")
	}
}

// TestScanSizes: a small slip prints at its true size; an A4 page shrinks
// to fit; neither is embedded above 200 dpi.
func TestScanSizes(t *testing.T) {
	needTools(t, "pdfimages")
	slip := image.NewGray(image.Rect(0, 0, 945, 1417)) // 80 × 120 mm at 300 dpi
	a4 := image.NewGray(image.Rect(0, 0, 2480, 3508))  // A4 at 300 dpi
	r := sampleRelease()
	r.Items = []Item{{Title: "Slips", Scanned: &ScannedDoc{Pages: []ScannedPage{
		{Open: scanPage(slip), WidthMM: 80, HeightMM: 120, Source: "slip"},
		{Open: scanPage(a4), WidthMM: 210, HeightMM: 297, Source: "a4"},
	}}}}
	pdf, _ := build(t, r)
	path := savePDF(t, pdf, "")
	out, err := exec.Command("pdfimages", "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(rows) != 2 {
		t.Fatalf("images:\n%s", out)
	}
	for i, want := range [][2]string{{"630", "945"}, {"1417", "2005"}} {
		f := strings.Fields(rows[i])
		if f[3] != want[0] || f[4] != want[1] || f[12] != "200" {
			t.Errorf("image %d is %s×%s at %s ppi; want %s×%s at 200", i, f[3], f[4], f[12], want[0], want[1])
		}
	}
}

// A patient receiving their own records is not warned against sharing
// them: the cover letter is worded for its recipient.
func TestCoverLetterWordedForThePatient(t *testing.T) {
	for _, toPatient := range []bool{false, true} {
		r := testRelease()
		r.ToPatient = toPatient
		var buf bytes.Buffer
		if _, err := Build(context.Background(), &buf, r, nil); err != nil {
			t.Fatal(err)
		}
		cover := pdfText(t, savePDF(t, buf.Bytes(), ""), "", 1, 1)
		forbids := strings.Contains(cover, "disclose it further")
		if forbids == toPatient {
			t.Errorf("to the patient %v: the letter forbids further disclosure: %v\n%s", toPatient, forbids, cover)
		}
		if toPatient && !strings.Contains(cover, "your own health records") {
			t.Errorf("the patient's letter does not say the records are theirs:\n%s", cover)
		}
	}
}
