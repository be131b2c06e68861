package scans

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/image/tiff"

	"dossier/model"
)

var bg = context.Background()

func TestSniff(t *testing.T) {
	tiffLE := []byte("II*\x00\x08\x00\x00\x00")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, "jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "png"},
		{"tiff little-endian", tiffLE, "tiff"},
		{"tiff big-endian", []byte("MM\x00*\x00\x00\x00\x08"), "tiff"},
		{"pdf", []byte("%PDF-1.7\n"), "pdf"},
		{"pdf after junk", append(bytes.Repeat([]byte{' '}, 100), "%PDF-1.4"...), "pdf"},
		{"pdf too far in", append(bytes.Repeat([]byte{' '}, 2000), "%PDF-1.4"...), ""},
		{"empty", nil, ""},
		{"gif", []byte("GIF89a"), ""},
		{"bigtiff", []byte("II+\x00"), ""},
		{"text", []byte("hello"), ""},
		{"half a jpeg marker", []byte{0xFF, 0xD8}, ""},
		{"real png", readTestdata(t, "linn.png"), "png"},
		{"real tiff", readTestdata(t, "linn-g4.tif"), "tiff"},
		{"real pdf", readTestdata(t, "multipage.pdf"), "pdf"},
	}
	for _, tt := range tests {
		if got := Sniff(tt.data); got != tt.want {
			t.Errorf("%s: Sniff = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// checkPage verifies the parts every page must have.
func checkPage(t *testing.T, p Page) {
	t.Helper()
	if p.Format != "jpeg" && p.Format != "png" {
		t.Fatalf("%s: format %q", p.Source, p.Format)
	}
	orig, kind, err := image.Decode(bytes.NewReader(p.Original))
	if err != nil || kind != p.Format {
		t.Fatalf("%s: original does not decode as %s: %v (%s)", p.Source, p.Format, err, kind)
	}
	if b := orig.Bounds(); b.Dx() != p.Width || b.Dy() != p.Height {
		t.Errorf("%s: original is %v, page says %dx%d", p.Source, b, p.Width, p.Height)
	}
	for _, d := range []struct {
		name string
		b    []byte
		max  int
	}{{"display", p.Display, DisplayMax}, {"thumb", p.Thumb, ThumbMax}} {
		img, err := jpeg.Decode(bytes.NewReader(d.b))
		if err != nil {
			t.Fatalf("%s: %s: %v", p.Source, d.name, err)
		}
		b := img.Bounds()
		if max(b.Dx(), b.Dy()) > d.max {
			t.Errorf("%s: %s is %v, over %d", p.Source, d.name, b, d.max)
		}
		want := min(d.max, max(p.Width, p.Height))
		if long := max(b.Dx(), b.Dy()); long != want {
			t.Errorf("%s: %s long side %d, want %d", p.Source, d.name, long, want)
		}
		// Aspect ratio kept (within a pixel of rounding).
		if r0, r1 := float64(p.Width)/float64(p.Height), float64(b.Dx())/float64(b.Dy()); r1 < r0*0.98 || r1 > r0*1.02 {
			t.Errorf("%s: %s aspect %.3f, page %.3f", p.Source, d.name, r1, r0)
		}
	}
	if p.Ink < 0 || p.Ink > 1 {
		t.Errorf("%s: ink %v", p.Source, p.Ink)
	}
}

type wantPage struct {
	source       string
	format       string
	w, h, dpi    int
	rot          int
	pngDepth     int // for PNG originals: IHDR bit depth (0: not checked)
	pngColorType int
}

func TestFormats(t *testing.T) {
	small := textPage(850, 1100, 1, false).(*image.Gray) // Letter at 100 dpi
	colour := textPage(827, 1169, 2, true)               // A4 at 100 dpi
	bilevel := threshold(small)
	g4 := readTestdata(t, "linn-g4.tif")
	g4data, g4w, g4h, g4dpi := g4Strip(t, g4, 1)
	gjpg := withJFIF(encJPEG(t, small, 85), 100)
	tests := []struct {
		name string
		data []byte
		want []wantPage
	}{
		{"gray.jpg", gjpg, []wantPage{{"gray.jpg", "jpeg", 850, 1100, 100, 0, 0, 0}}},
		{"colour.jpg", encJPEG(t, colour, 85), []wantPage{{"colour.jpg", "jpeg", 827, 1169, 0, 0, 0, 0}}},
		{"turned.jpg", withOrientation(encJPEG(t, colour, 85), 6), []wantPage{{"turned.jpg", "jpeg", 827, 1169, 0, 90, 0, 0}}},
		{"gray.png", withPHYs(encPNG(t, small), 100), []wantPage{{"gray.png", "png", 850, 1100, 100, 0, 8, 0}}},
		{"lineart.png", png1bit(bilevel, 300), []wantPage{{"lineart.png", "png", 850, 1100, 300, 0, 1, 0}}},
		{"linn.png", readTestdata(t, "linn.png"), []wantPage{{"linn.png", "png", 2550, 3300, 0, 0, 0, 0}}},
		{"typewriter.png", readTestdata(t, "typewriter.png"), []wantPage{{"typewriter.png", "png", 4000, 2864, 0, 0, 0, 0}}},
		{"single.tif", func() []byte {
			var b bytes.Buffer
			if err := tiff.Encode(&b, colour, &tiff.Options{Compression: tiff.Deflate}); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}(), []wantPage{{"single.tif", "png", 827, 1169, 72, 0, 8, pngRGB}}},
		{"three.tif", makeTIFF([]tiffPageSpec{{img: small, dpi: 200}, {img: bilevel, bilevel: true, dpi: 200},
			{img: small, dpi: 150}}), []wantPage{
			{"three.tif p1", "png", 850, 1100, 200, 0, 8, pngGray},
			{"three.tif p2", "png", 850, 1100, 200, 0, 1, pngGray},
			{"three.tif p3", "png", 850, 1100, 150, 0, 8, pngGray}}},
		{"typewriter-jpeg.tif", readTestdata(t, "typewriter-jpeg.tif"), []wantPage{
			{"typewriter-jpeg.tif", "png", 240, 172, 300, 0, 8, pngRGB}}},
		{"jpeg.tif", makeTIFF([]tiffPageSpec{{img: small, jpg: encJPEG(t, small, 80), dpi: 100},
			{img: threshold(colour), jpg: encJPEG(t, colour, 80), dpi: 100}}), []wantPage{
			{"jpeg.tif p1", "jpeg", 850, 1100, 100, 0, 0, 0},
			{"jpeg.tif p2", "jpeg", 827, 1169, 100, 0, 0, 0}}},
		{"linn-g4.tif", g4, []wantPage{
			{"linn-g4.tif p1", "png", 2550, 1000, 300, 0, 1, pngGray},
			{"linn-g4.tif p2", "png", 2550, 1000, 300, 0, 1, pngGray}}},
		{"multipage.pdf", readTestdata(t, "multipage.pdf"), []wantPage{
			{"multipage.pdf p1", "jpeg", 800, 981, 150, 0, 0, 0},
			{"multipage.pdf p2", "png", 9000, 9000, 300, 0, 8, pngRGB},
			{"multipage.pdf p3", "png", 958, 400, 96, 0, 8, pngRGB},
			{"multipage.pdf p4", "jpeg", 958, 400, 96, 0, 0, 0},
			{"multipage.pdf p5", "png", 612, 792, 72, 0, 8, pngGray},
			{"multipage.pdf p6", "png", 1258, 1253, 147, 0, 8, pngRGB}}},
		{"g4.pdf", makePDF([]pdfPage{{
			img:  fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d >>", g4w, g4h, g4w, g4h),
			data: g4data, w: float64(g4w) * 72 / float64(g4dpi), h: float64(g4h) * 72 / float64(g4dpi)}}),
			[]wantPage{{"g4.pdf", "png", 2550, 1000, 300, 0, 1, pngGray}}},
		{"flate.pdf", makePDF([]pdfPage{flateGrayPDFPage(small, 100), flateGrayPDFPage(small, 100)}), []wantPage{
			{"flate.pdf p1", "png", 850, 1100, 100, 0, 8, pngGray},
			{"flate.pdf p2", "png", 850, 1100, 100, 0, 8, pngGray}}},
		{"mask.pdf", makePDF([]pdfPage{{
			img:  "/Type /XObject /Subtype /Image /Width 850 /Height 1100 /ImageMask true /Decode [1 0]",
			data: invertBits(packedRows(bilevel)), w: 612, h: 792}}),
			[]wantPage{{"mask.pdf", "png", 850, 1100, 100, 0, 1, pngGray}}},
		{"rotated.pdf", makePDF([]pdfPage{func() pdfPage {
			p := jpegPDFPage(gjpg, 850, 1100, true)
			p.w, p.h, p.rotate = 612, 792, 90
			return p
		}()}), []wantPage{{"rotated.pdf", "jpeg", 850, 1100, 100, 90, 0, 0}}},
		{"sideways.pdf", makePDF([]pdfPage{func() pdfPage {
			// A portrait scan drawn turned a quarter clockwise on a landscape page.
			p := jpegPDFPage(gjpg, 850, 1100, true)
			p.w, p.h = 792, 612
			p.content = "q 0 -612 792 0 0 612 cm /Im0 Do Q"
			return p
		}()}), []wantPage{{"sideways.pdf", "jpeg", 850, 1100, 100, 90, 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, err := ReadFile(bg, tt.name, tt.data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != len(tt.want) {
				t.Fatalf("%d pages, want %d", len(pages), len(tt.want))
			}
			for i, p := range pages {
				w := tt.want[i]
				checkPage(t, p)
				if p.Source != w.source || p.Format != w.format || p.Width != w.w || p.Height != w.h || p.DPI != w.dpi || p.Rotation != w.rot {
					t.Errorf("page %d = %q %s %dx%d %d dpi rot %d, want %+v", i+1, p.Source, p.Format, p.Width, p.Height, p.DPI, p.Rotation, w)
				}
				if w.pngDepth != 0 {
					if depth, ct := int(p.Original[24]), int(p.Original[25]); depth != w.pngDepth || ct != w.pngColorType {
						t.Errorf("%s: PNG depth %d colour type %d, want %d %d", p.Source, depth, ct, w.pngDepth, w.pngColorType)
					}
				}
				if p.Blank {
					t.Errorf("%s: blank (ink %v)", p.Source, p.Ink)
				}
			}
		})
	}
}

func packedRows(g *image.Gray) []byte {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	var out []byte
	row := make([]byte, (w+7)/8)
	for y := range h {
		packBits(g.Pix[y*g.Stride:y*g.Stride+w], row)
		out = append(out, row...)
	}
	return out
}

func invertBits(b []byte) []byte {
	for i := range b {
		b[i] = ^b[i]
	}
	return b
}

// Pixels survive: a lossless original decodes to the source pixels, and a
// G4 page reads the same from TIFF and from PDF.
func TestLossless(t *testing.T) {
	small := textPage(850, 1100, 1, false).(*image.Gray)
	bilevel := threshold(small)
	same := func(name string, p Page, want *image.Gray) {
		img, err := png.Decode(bytes.NewReader(p.Original))
		if err != nil {
			t.Fatal(err)
		}
		for y := range want.Rect.Dy() {
			for x := range want.Rect.Dx() {
				r, _, _, _ := img.At(x, y).RGBA()
				if uint8(r>>8) != want.Pix[y*want.Stride+x] {
					t.Fatalf("%s: pixel (%d,%d) = %d, want %d", name, x, y, r>>8, want.Pix[y*want.Stride+x])
				}
			}
		}
	}
	tif, err := ReadFile(bg, "t.tif", makeTIFF([]tiffPageSpec{{img: small, dpi: 100}, {img: bilevel, bilevel: true, dpi: 100}}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	same("tiff gray", tif[0], small)
	same("tiff bilevel", tif[1], bilevel)
	flate := flateGrayPDFPage(small, 100)
	pdf, err := ReadFile(bg, "f.pdf", makePDF([]pdfPage{flate}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	same("pdf flate", pdf[0], small)
	if !bytes.Contains(pdf[0].Original, flate.data) {
		t.Error("a PDF Flate image with PNG predictors should be stored without recompressing")
	}
	mask, err := ReadFile(bg, "m.pdf", makePDF([]pdfPage{{
		img:  "/Type /XObject /Subtype /Image /Width 850 /Height 1100 /ImageMask true",
		data: packedRows(bilevel), w: 612, h: 792}}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A mask paints its 0 samples black: the same as 1-bit gray.
	same("pdf mask", mask[0], bilevel)

	g4 := readTestdata(t, "linn-g4.tif")
	data, w, h, dpi := g4Strip(t, g4, 0)
	fromTIFF, err := ReadFile(bg, "g4.tif", g4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromPDF, err := ReadFile(bg, "g4.pdf", makePDF([]pdfPage{{
		img:  fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter [/CCITTFaxDecode] /DecodeParms [<< /K -1 /Columns %d /Rows %d >>]", w, h, w, h),
		data: data, w: float64(w) * 72 / float64(dpi), h: float64(h) * 72 / float64(dpi)}}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromTIFF[0].Display, fromPDF[0].Display) {
		t.Error("the same Group 4 page reads differently from TIFF and PDF")
	}
}

func TestJPEGPassThrough(t *testing.T) {
	img := textPage(1240, 1754, 4, true)
	jpg := withJFIF(encJPEG(t, img, 85), 150)
	pages, err := ReadFile(bg, "a.jpg", jpg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pages[0].Original, jpg) {
		t.Error("a JPEG file's original is not byte-identical")
	}
	pdf := makePDF([]pdfPage{jpegPDFPage(jpg, 1240, 1754, false), jpegPDFPage(jpg, 1240, 1754, false)})
	pages, err = ReadFile(bg, "a.pdf", pdf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if !bytes.Equal(p.Original, jpg) || p.Format != "jpeg" {
			t.Errorf("%s: the JPEG inside the PDF is not passed through", p.Source)
		}
		if p.DPI != 150 {
			t.Errorf("%s: dpi %d from the page size, want 150", p.Source, p.DPI)
		}
	}
	real := readTestdata(t, "multipage.pdf")
	pages, err = ReadFile(bg, "multipage.pdf", real, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(real, pages[0].Original) || !bytes.HasPrefix(pages[0].Original, []byte{0xFF, 0xD8}) {
		t.Error("multipage.pdf page 1: the embedded JPEG is not passed through")
	}
}

func TestAllOrNothing(t *testing.T) {
	small := textPage(425, 550, 1, false).(*image.Gray)
	bad := makeTIFF([]tiffPageSpec{{img: small, dpi: 50}, {img: small, dpi: 50, corrupt: true}, {img: small, dpi: 50}})
	pages, err := ReadFile(bg, "scans/scan3.tif", bad, Options{Workers: 3})
	if pages != nil {
		t.Errorf("got %d pages from a file with a bad page", len(pages))
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FileError", err)
	}
	if fe.File != "scans/scan3.tif" || fe.Page != 2 {
		t.Errorf("FileError names %q page %d, want scans/scan3.tif page 2", fe.File, fe.Page)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, `"scan3.tif" could not be read: page 2: `) {
		t.Errorf("message %q", msg)
	}

	// A PDF whose second page is typed.
	jpg := encJPEG(t, small, 80)
	pdf := makePDF([]pdfPage{jpegPDFPage(jpg, 425, 550, true),
		{w: 612, h: 792, fontRes: true, content: "BT /F1 12 Tf 72 720 Td (Discharge summary: the patient was admitted on the first of the month with chest pain, and was seen by the on-call team who arranged an ECG, blood tests and a chest radiograph. All results were normal and she went home the next day with advice.) Tj ET"},
		jpegPDFPage(jpg, 425, 550, true)})
	_, err = ReadFile(bg, "letter.pdf", pdf, Options{})
	if !errors.As(err, &fe) || fe.Page != 2 || !strings.Contains(err.Error(), "typed PDF") {
		t.Errorf("typed page: %v", err)
	}
}

func TestTypedPDF(t *testing.T) {
	jpg := encJPEG(t, textPage(300, 100, 1, false), 80)
	logo := jpegPDFPage(jpg, 300, 100, true)
	logo.content = "q 150 0 0 50 72 700 cm /Im0 Do Q BT /F1 12 Tf 72 650 Td (Dear colleague) Tj ET"
	logo.fontRes = true
	withText := jpegPDFPage(jpg, 300, 100, true)
	withText.fontRes = true
	withText.content = "q 595 0 0 842 0 0 cm /Im0 Do Q BT /F1 12 Tf 72 650 Td (" + strings.Repeat("Typed text over a background picture. ", 10) + ") Tj ET"
	ocr := jpegPDFPage(jpg, 300, 100, true) // invisible OCR text is fine
	ocr.fontRes = true
	ocr.content = "q 595 0 0 842 0 0 cm /Im0 Do Q BT 3 Tr /F1 12 Tf 72 650 Td (" + strings.Repeat("Recognised text. ", 30) + ") Tj ET"
	tests := []struct {
		name string
		page pdfPage
		want string // "" for success
	}{
		{"text only", pdfPage{w: 612, h: 792, fontRes: true, content: "BT /F1 12 Tf 72 720 Td (Hello) Tj ET"}, "no scanned image"},
		{"empty page", pdfPage{w: 612, h: 792, content: " "}, "no scanned image"},
		{"logo", logo, "only picture covers"},
		{"text over picture", withText, "typed text"},
		{"ocr layer", ocr, ""},
		{"jbig2", pdfPage{img: "/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", data: []byte{1, 2, 3}, w: 72, h: 72}, "JBIG2"},
		{"jpx", pdfPage{img: "/Type /XObject /Subtype /Image /Width 100 /Height 100 /Filter /JPXDecode", data: []byte{1, 2, 3}, w: 72, h: 72}, "JPEG 2000"},
		{"lab", pdfPage{img: "/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace [/Lab << /WhitePoint [1 1 1] >>]", data: []byte{1, 2, 3}, w: 72, h: 72}, "Lab"},
	}
	for _, tt := range tests {
		_, err := ReadFile(bg, tt.name+".pdf", makePDF([]pdfPage{tt.page}), Options{})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestReadFilesContinues(t *testing.T) {
	small := textPage(425, 550, 1, false)
	jpg := encJPEG(t, small, 80)
	pngb := encPNG(t, small)
	tif := makeTIFF([]tiffPageSpec{{img: small.(*image.Gray), dpi: 50}, {img: small.(*image.Gray), dpi: 50}})
	files := []Input{
		{"one.jpg", jpg},
		{"garbage.tif", []byte("this is not an image at all")},
		{"two.png", pngb},
		{"cut.tif", tif[:len(tif)/2]},
		{"empty.pdf", nil},
		{"three.tif", tif},
		{"cut.jpg", jpg[:len(jpg)/2]},
	}
	var calls, last atomic.Int64
	pages, bad, err := ReadFiles(bg, files, Options{Workers: 3, Progress: func(done, total int) {
		calls.Add(1)
		if done == total {
			last.Store(int64(total))
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pages {
		got = append(got, p.Source)
	}
	if want := "one.jpg,two.png,three.tif p1,three.tif p2"; strings.Join(got, ",") != want {
		t.Errorf("pages %v, want %s", got, want)
	}
	var names []string
	for _, fe := range bad {
		names = append(names, fe.File)
		t.Log(fe.Error())
	}
	if want := "garbage.tif,cut.tif,empty.pdf,cut.jpg"; strings.Join(names, ",") != want {
		t.Errorf("bad files %v, want %s", names, want)
	}
	if msg := bad[0].Error(); !strings.Contains(msg, `"garbage.tif" could not be read: it is not a TIFF image`) {
		t.Errorf("garbage: %s", msg)
	}
	if msg := bad[2].Error(); !strings.Contains(msg, "empty") {
		t.Errorf("empty: %s", msg)
	}
	if last.Load() == 0 || calls.Load() < 2 {
		t.Errorf("progress never reached the total (%d calls)", calls.Load())
	}
}

// Damaged files never panic and always name the file.
func TestDamagedFiles(t *testing.T) {
	recoverPanics = false
	defer func() { recoverPanics = true }()
	small := textPage(300, 400, 1, false).(*image.Gray)
	sources := map[string][]byte{
		"linn.png":      readTestdata(t, "linn.png"),
		"linn-g4.tif":   readTestdata(t, "linn-g4.tif"),
		"multipage.pdf": readTestdata(t, "multipage.pdf"),
		"small.jpg":     encJPEG(t, small, 80),
		"small.tif":     makeTIFF([]tiffPageSpec{{img: small, dpi: 50}, {img: threshold(small), bilevel: true, dpi: 50}}),
		"small.pdf":     makePDF([]pdfPage{flateGrayPDFPage(small, 50)}),
	}
	for name, data := range sources {
		for _, cut := range []int{0, 1, 4, 8, 16, 100, len(data) / 3, len(data) / 2, len(data) - 20} {
			if cut > len(data) {
				continue
			}
			pages, err := ReadFile(bg, name, data[:cut], Options{})
			if err == nil {
				// Truncation that only drops trailing bytes the decoder
				// never needs (a PDF's end markers) may still read.
				if len(pages) == 0 {
					t.Errorf("%s cut at %d: no pages and no error", name, cut)
				}
				continue
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != name {
				t.Errorf("%s cut at %d: %v", name, cut, err)
			}
		}
		// Flipped bytes in the middle.
		bad := bytes.Clone(data)
		for i := len(bad) / 2; i < len(bad)/2+64 && i < len(bad); i++ {
			bad[i] ^= 0x5A
		}
		ReadFile(bg, name, bad, Options{})
	}
	for _, junk := range [][]byte{nil, {0}, []byte("%PDF-1.4\n"), []byte("%PDF-1.4\ntrailer << /Root 1 0 R >>"), []byte("II*\x00\xff\xff\xff\xff"),
		[]byte("MM\x00*\x00\x00\x00\x08\x00\x01"), {0xFF, 0xD8, 0xFF}, []byte("\x89PNG\r\n\x1a\n")} {
		if _, err := ReadFile(bg, "junk", junk, Options{}); err == nil {
			t.Errorf("%q: no error", junk)
		}
	}
}

func TestBrokenXref(t *testing.T) {
	small := textPage(425, 550, 1, false).(*image.Gray)
	pdf := makePDF([]pdfPage{flateGrayPDFPage(small, 50), jpegPDFPage(encJPEG(t, small, 80), 425, 550, true)})
	// Shift every object by inserting junk after the header: the table's
	// offsets are now all wrong.
	i := bytes.Index(pdf, []byte("1 0 obj"))
	shifted := append(append(bytes.Clone(pdf[:i]), "% junk inserted by a broken writer\n"...), pdf[i:]...)
	// And a file with no table at all.
	x := bytes.LastIndex(pdf, []byte("xref"))
	noTable := append(bytes.Clone(pdf[:x]), "trailer\n<< /Root 1 0 R >>\n%%EOF\n"...)
	for name, data := range map[string][]byte{"shifted.pdf": shifted, "no-table.pdf": noTable} {
		pages, err := ReadFile(bg, name, data, Options{})
		if err != nil || len(pages) != 2 {
			t.Errorf("%s: %d pages, %v", name, len(pages), err)
		}
	}
}

func TestSplit(t *testing.T) {
	c1 := &model.Cover{MRN: model.FormatMRN("KDH", 1), Type: model.DocLab}
	c2 := &model.Cover{MRN: model.FormatMRN("KDH", 2), Type: model.DocReferral}
	bad := errors.New("damaged")
	pg := func(s string) Page { return Page{Source: s} }
	cv := func(s string, c *model.Cover) Page { return Page{Source: s, Cover: c} }
	dmg := func(s string) Page { return Page{Source: s, CoverErr: bad} }
	type g struct {
		cover *model.Cover
		sheet string
		pages string
		err   bool
	}
	tests := []struct {
		name  string
		pages []Page
		want  []g
	}{
		{"nothing", nil, nil},
		{"no covers", []Page{pg("a"), pg("b")}, []g{{nil, "", "a,b", false}}},
		{"leading unfiled", []Page{pg("a"), cv("s1", c1), pg("b"), pg("c")}, []g{{nil, "", "a", false}, {c1, "s1", "b,c", false}}},
		{"two covers", []Page{cv("s1", c1), pg("a"), cv("s2", c2), pg("b"), pg("c")}, []g{{c1, "s1", "a", false}, {c2, "s2", "b,c", false}}},
		{"cover then cover", []Page{cv("s1", c1), cv("s2", c2), pg("a")}, []g{{c1, "s1", "", false}, {c2, "s2", "a", false}}},
		{"trailing cover", []Page{cv("s1", c1), pg("a"), cv("s2", c2)}, []g{{c1, "s1", "a", false}, {c2, "s2", "", false}}},
		{"damaged cover", []Page{cv("s1", c1), pg("a"), dmg("s2"), pg("b"), pg("c"), cv("s3", c2), pg("d")},
			[]g{{c1, "s1", "a", false}, {nil, "s2", "b,c", true}, {c2, "s3", "d", false}}},
	}
	for _, tt := range tests {
		got := Split(tt.pages)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d groups, want %d", tt.name, len(got), len(tt.want))
			continue
		}
		for i, gr := range got {
			var names []string
			for _, p := range gr.Pages {
				names = append(names, p.Source)
			}
			w := tt.want[i]
			if gr.Cover != w.cover || gr.SheetSource != w.sheet || strings.Join(names, ",") != w.pages || (gr.CoverErr != nil) != w.err {
				t.Errorf("%s: group %d = %v %q [%s] %v, want %+v", tt.name, i, gr.Cover, gr.SheetSource, strings.Join(names, ","), gr.CoverErr, w)
			}
		}
	}
}

func TestBlank(t *testing.T) {
	const w, h = 2480, 3508
	tests := []struct {
		name  string
		data  []byte
		blank bool
	}{
		{"few words", encJPEG(t, fewWordsPage(w, h, "Seen. No change."), 85), false},
		{"one word", encJPEG(t, fewWordsPage(w, h, "Nil"), 85), false},
		{"few words line art", png1bit(threshold(fewWordsPage(w, h, "Seen. No change.")), 300), false},
		{"text", encJPEG(t, textPage(w/2, h/2, 1, true), 85), false},
		{"blank noisy", encJPEG(t, blankNoisyPage(w, h, 1), 85), true},
		{"blank noisy low quality", encJPEG(t, blankNoisyPage(w, h, 2), 50), true},
		{"blank noisy line art", png1bit(threshold(blankNoisyPage(w, h, 3)), 300), true},
		{"white", encPNG(t, newCanvas(850, 1100, false, 255, 0, 1).image()), true},
		{"black", encPNG(t, newCanvas(850, 1100, false, 0, 0, 1).image()), false},
		{"linn.png", readTestdata(t, "linn.png"), false},
		{"typewriter.png", readTestdata(t, "typewriter.png"), false},
		{"linn-g4.tif", readTestdata(t, "linn-g4.tif"), false},
		{"multipage.pdf", readTestdata(t, "multipage.pdf"), false},
	}
	for _, tt := range tests {
		pages, err := ReadFile(bg, tt.name, tt.data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			t.Logf("%-24s ink %.6f", p.Source, p.Ink)
			if p.Blank != tt.blank {
				t.Errorf("%s: blank = %v (ink %.6f, threshold %v)", p.Source, p.Blank, p.Ink, BlankInk)
			}
		}
	}
}

func coverPayload() (model.Cover, string) {
	c := model.Cover{MRN: model.FormatMRN("KDH", 123), Type: model.DocLab, Date: model.Date{Year: 2026, Month: 3, Day: 14}}
	return c, c.Payload()
}

func TestCover(t *testing.T) {
	want, payload := coverPayload()
	sheet := coverPage(t, payload)
	upside := image.NewGray(sheet.Rect)
	for i, v := range sheet.Pix {
		upside.Pix[len(sheet.Pix)-1-i] = v
	}
	damaged := coverPage(t, model.CoverPrefix+"|KDH-0000123-Z|lab|2026-03-14") // wrong check character
	foreign := coverPage(t, "https://example.org/lab/12345")
	tests := []struct {
		name    string
		data    []byte
		cover   bool
		errText string
	}{
		{"sheet.jpg", encJPEG(t, sheet, 85), true, ""},
		{"sheet-lineart.png", png1bit(threshold(sheet), 200), true, ""},
		{"upside-down.jpg", encJPEG(t, upside, 85), true, ""},
		{"sheet.pdf", makePDF([]pdfPage{jpegPDFPage(encJPEG(t, sheet, 85), 1654, 2339, true)}), true, ""},
		{"damaged.jpg", encJPEG(t, damaged, 85), false, "MRN"},
		{"foreign.jpg", encJPEG(t, foreign, 85), false, ""},
		{"text.jpg", encJPEG(t, textPage(1654, 2339, 1, false), 85), false, ""},
		{"linn.png", readTestdata(t, "linn.png"), false, ""},
	}
	for _, tt := range tests {
		pages, err := ReadFile(bg, tt.name, tt.data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := pages[0]
		if (p.Cover != nil) != tt.cover {
			t.Errorf("%s: cover %v, want %v (err %v)", tt.name, p.Cover, tt.cover, p.CoverErr)
		}
		if p.Cover != nil && *p.Cover != want {
			t.Errorf("%s: cover %+v, want %+v", tt.name, *p.Cover, want)
		}
		if (tt.errText == "") != (p.CoverErr == nil) || (p.CoverErr != nil && !strings.Contains(p.CoverErr.Error(), tt.errText)) {
			t.Errorf("%s: CoverErr %v, want one mentioning %q", tt.name, p.CoverErr, tt.errText)
		}
	}
}

// A cover sheet whose large code is spoiled (a staple, a fold) is still
// read from the small copy.
func TestCoverSmallCopy(t *testing.T) {
	want, payload := coverPayload()
	sheet := coverPage(t, payload)
	// Scribble over the large code's top-left finder pattern.
	c := &canvas{w: sheet.Rect.Dx(), h: sheet.Rect.Dy(), gray: sheet}
	x0 := sheet.Rect.Dx() - 118 - 504
	for i := 0; i < 200; i += 4 {
		c.line(x0+40, 118+40+i, x0+220, 118+60+i, 3, 255)
	}
	pages, err := ReadFile(bg, "stapled.jpg", encJPEG(t, sheet, 85), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pages[0].Cover == nil || *pages[0].Cover != want {
		t.Errorf("cover %v, err %v", pages[0].Cover, pages[0].CoverErr)
	}
}

// Cancelling stops the batch: the pages already being decoded finish or
// stop, and no new page starts. (How soon it returns is measured by
// BenchmarkCancel, not asserted: a wall-clock bound fails on a busy machine.)
func TestCancel(t *testing.T) {
	jpg := encJPEG(t, textPage(2480, 3508, 1, false), 85)
	files := make([]Input, 40)
	for i := range files {
		files[i] = Input{fmt.Sprintf("p%02d.jpg", i), jpg}
	}
	const workers = 2
	ctx, cancel := context.WithCancel(bg)
	maxDone := 0
	pages, bad, err := ReadFiles(ctx, files, Options{Workers: workers, Progress: func(done, total int) {
		maxDone = max(maxDone, done)
		if done == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || pages != nil || bad != nil {
		t.Fatalf("got %d pages, %v, %v", len(pages), bad, err)
	}
	if maxDone > 2+workers {
		t.Errorf("%d of %d pages were done after cancelling at 2 with %d workers", maxDone, len(files), workers)
	}

	ctx, cancel = context.WithCancel(bg)
	cancel()
	if _, err := ReadFile(ctx, "a.jpg", jpg, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before start: %v", err)
	}
}

// Order holds with many workers and mixed page costs.
func TestOrder(t *testing.T) {
	big := encJPEG(t, textPage(2000, 2800, 1, false), 80)
	small := encJPEG(t, textPage(200, 280, 2, false), 80)
	var files []Input
	var want []string
	for i := range 24 {
		data := small
		if i%5 == 0 {
			data = big
		}
		name := fmt.Sprintf("f%02d.jpg", i)
		files = append(files, Input{name, data})
		want = append(want, name)
	}
	tif := makeTIFF([]tiffPageSpec{{img: textPage(300, 400, 1, false).(*image.Gray), dpi: 50}, {img: textPage(300, 400, 2, false).(*image.Gray), dpi: 50}, {img: textPage(300, 400, 3, false).(*image.Gray), dpi: 50}})
	files = append(files, Input{"t.tif", tif})
	want = append(want, "t.tif p1", "t.tif p2", "t.tif p3")
	pages, bad, err := ReadFiles(bg, files, Options{Workers: 8})
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	var got []string
	for _, p := range pages {
		got = append(got, p.Source)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("order %v", got)
	}
}

// TestShots writes display and thumbnail images of real scans for a person
// to look at: SCANIN_SHOTS=/tmp/scaninshots go test -run Shots.
func TestShots(t *testing.T) {
	dir := os.Getenv("SCANIN_SHOTS")
	if dir == "" {
		t.Skip("set SCANIN_SHOTS to a directory")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, payload := coverPayload()
	files := []Input{
		{"linn.png", readTestdata(t, "linn.png")},
		{"multipage.pdf", readTestdata(t, "multipage.pdf")},
		{"linn-g4.tif", readTestdata(t, "linn-g4.tif")},
		{"cover.jpg", encJPEG(t, coverPage(t, payload), 85)},
		{"synthetic.jpg", encJPEG(t, textPage(2480, 3508, 1, true), 85)},
	}
	pages, bad, err := ReadFiles(bg, files, Options{})
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	for _, p := range pages {
		base := filepath.Join(dir, strings.ReplaceAll(p.Source, " ", "-"))
		os.WriteFile(base+".display.jpg", p.Display, 0o644)
		os.WriteFile(base+".thumb.jpg", p.Thumb, 0o644)
		t.Logf("%s: %dx%d %s, original %d KB, display %d KB, thumb %d KB, ink %.4f, cover %v", p.Source, p.Width, p.Height, p.Format,
			len(p.Original)/1024, len(p.Display)/1024, len(p.Thumb)/1024, p.Ink, p.Cover)
	}
}
