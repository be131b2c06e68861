package packet

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"dossier/assets"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// needTools fails the test unless the PDF tools CI installs are present
// (apt-get install qpdf poppler-utils).
func needTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed: the PDF content tests need it (apt-get install qpdf poppler-utils; CI installs both)", tool)
		}
	}
}

// savePDF writes pdf to a temporary file, checks it with qpdf --check (with
// the password for encrypted files) and returns the path.
func savePDF(t *testing.T, pdf []byte, password string) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	needTools(t, "qpdf", "pdftotext")
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--check", path}
	if password != "" {
		args = append([]string{"--password=" + password}, args...)
	}
	if out, err := exec.Command("qpdf", args...).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	return path
}

func numPages(t *testing.T, path, password string) int {
	t.Helper()
	args := []string{"--show-npages", path}
	if password != "" {
		args = append([]string{"--password=" + password}, args...)
	}
	out, err := exec.Command("qpdf", args...).Output()
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pdfText is pdftotext's text of pages first..last (0: all), whitespace
// collapsed to single spaces.
func pdfText(t *testing.T, path, password string, first, last int) string {
	t.Helper()
	var args []string
	if password != "" {
		args = append(args, "-upw", password)
	}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	args = append(args, path, "-")
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatalf("pdftotext %v: %v", args, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// --- synthetic scans -------------------------------------------------------

var (
	faceOnce sync.Once
	fontData *opentype.Font
)

var words = strings.Fields(`the patient was admitted with fever and cough for three days
chest clear on examination blood pressure pulse temperature respiratory rate
saturation history of hypertension treated with amlodipine no known allergies
plan review in two weeks repeat full blood count malaria smear negative
discharged home in good condition advised to complete the course of antibiotics
ward round doctor nurse midwife referral district hospital laboratory result`)

// synthPage draws an A4 page at dpi: typed text in lines, a ruled box, a
// signature-like scrawl, paper-grey background with a little noise, like an
// office scan of a typed record.
func synthPage(seed int64, dpi float64) *image.Gray {
	faceOnce.Do(func() {
		f, err := opentype.Parse(assets.FontSans)
		if err != nil {
			panic(err)
		}
		fontData = f
	})
	face, err := opentype.NewFace(fontData, &opentype.FaceOptions{Size: 10.5, DPI: dpi, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	defer face.Close()
	w, h := int(210/25.4*dpi+0.5), int(297/25.4*dpi+0.5)
	img := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewSource(seed))
	for i := range img.Pix {
		img.Pix[i] = uint8(236 + rng.Intn(12))
	}
	mm := func(v float64) int { return int(v / 25.4 * dpi) }
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{Y: 30}), Face: face}
	title := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{Y: 20}), Face: face}
	title.Dot = fixed.P(mm(25), mm(30))
	title.DrawString(fmt.Sprintf("DISTRICT HOSPITAL — RECORD %d", seed))
	draw.Draw(img, image.Rect(mm(25), mm(34), w-mm(25), mm(34)+3), image.NewUniform(color.Gray{Y: 40}), image.Point{}, draw.Src)
	lineH := mm(5.2)
	for y := mm(45); y < h-mm(40); y += lineH {
		if rng.Intn(9) == 0 {
			continue // paragraph gap
		}
		d.Dot = fixed.P(mm(25), y)
		var b strings.Builder
		for d.MeasureString(b.String()) < fixed.I(w-mm(55)) {
			b.WriteString(words[rng.Intn(len(words))] + " ")
		}
		d.DrawString(b.String())
	}
	// signature scrawl
	for x := mm(120); x < mm(180); x++ {
		y := h - mm(28) + int(12*dpi/300*float64((x*7)%23-11)/11)
		for k := 0; k < int(dpi/100)+1; k++ {
			img.SetGray(x, y+k, color.Gray{Y: 25})
		}
	}
	return img
}
