package reports

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// needTool fails the test when a poppler or qpdf tool is missing, as
// checkPDF does.
func needTool(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not installed: the PDF content tests need it (apt-get install qpdf poppler-utils; CI installs both)", tool)
	}
}

func writeTemp(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// renderPNG rasterises one page (1-based) at dpi; crop, in mm, limits the
// picture to that part of the page (zero box: the whole page).
func renderPNG(t *testing.T, pdf []byte, page, dpi int, crop box) image.Image {
	t.Helper()
	needTool(t, "pdftoppm")
	path := writeTemp(t, pdf)
	p := strconv.Itoa(page)
	args := []string{"-r", strconv.Itoa(dpi), "-png", "-singlefile", "-f", p, "-l", p}
	if crop.w > 0 {
		px := func(mm float64) string { return strconv.Itoa(int(mm / 25.4 * float64(dpi))) }
		args = append(args, "-x", px(crop.x), "-y", px(crop.y), "-W", px(crop.w), "-H", px(crop.h))
	}
	out := filepath.Join(filepath.Dir(path), "page")
	if b, err := exec.Command("pdftoppm", append(args, path, out)...).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("read the rendered page: %v", err)
	}
	return img
}

// decode reads one barcode from img.
func decode(img image.Image, r gozxing.Reader) (*gozxing.Result, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, err
	}
	return r.Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
}

func decodeCode128(img image.Image) (string, error) {
	res, err := decode(img, oned.NewCode128Reader())
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// decodeQR reads a QR code and reports whether it stands upright in img:
// its own top-left corner up and to the left of its centre.
func decodeQR(img image.Image) (text string, upright bool, err error) {
	res, err := decode(img, qrcode.NewQRCodeReader())
	if err != nil {
		return "", false, err
	}
	// zxing reports the finder patterns bottom-left, top-left, top-right.
	p := res.GetResultPoints()
	midX, midY := (p[0].GetX()+p[2].GetX())/2, (p[0].GetY()+p[2].GetY())/2
	return res.GetText(), p[1].GetX() < midX && p[1].GetY() < midY, nil
}

// word is one word pdftotext found, with its box in mm.
type word struct {
	page int // 1-based
	text string
	box  box
}

var (
	pageRE = regexp.MustCompile(`<page `)
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// words lists every word of the PDF with where pdftotext -bbox puts it.
// Its boxes span the font's ascender to descender, so a word inside its
// label really has all its ink inside.
func words(t *testing.T, pdf []byte) []word {
	t.Helper()
	needTool(t, "pdftotext")
	out, err := exec.Command("pdftotext", "-bbox", writeTemp(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pages := pageRE.FindAllIndex(out, -1)
	var ws []word
	for _, m := range wordRE.FindAllSubmatchIndex(out, -1) {
		page := 0
		for page < len(pages) && pages[page][0] < m[0] {
			page++
		}
		mm := func(i int) float64 {
			v, _ := strconv.ParseFloat(string(out[m[2*i]:m[2*i+1]]), 64)
			return v * 25.4 / 72
		}
		x0, y0, x1, y1 := mm(1), mm(2), mm(3), mm(4)
		ws = append(ws, word{page: page, text: string(out[m[10]:m[11]]), box: box{x0, y0, x1 - x0, y1 - y0}})
	}
	return ws
}

// within reports whether inner lies inside outer, give or take tol mm.
func within(inner, outer box, tol float64) bool {
	return inner.x >= outer.x-tol && inner.y >= outer.y-tol &&
		inner.x+inner.w <= outer.x+outer.w+tol && inner.y+inner.h <= outer.y+outer.h+tol
}
