package scans

// Synthetic scans for the tests: text-like pages, blank noisy pages, cover
// sheets, and small hand-made TIFF and PDF writers (the standard library
// and x/image write neither multi-page TIFFs nor PDFs).

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// canvas is a page being drawn, gray or colour.
type canvas struct {
	w, h int
	gray *image.Gray
	rgba *image.RGBA
}

func newCanvas(w, h int, colour bool, paper uint8, noise int, seed uint64) *canvas {
	c := &canvas{w: w, h: h}
	s := seed*2654435761 + 1
	next := func() int { // xorshift: fast enough for 9 Mpixel pages
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		if noise == 0 {
			return 0
		}
		return int(s%uint64(2*noise+1)) - noise
	}
	clamp := func(v int) uint8 { return uint8(max(0, min(255, v))) }
	if colour {
		c.rgba = image.NewRGBA(image.Rect(0, 0, w, h))
		p := c.rgba.Pix
		for i := 0; i < len(p); i += 4 {
			n := next()
			p[i], p[i+1], p[i+2], p[i+3] = clamp(int(paper)+n), clamp(int(paper)-2+n), clamp(int(paper)-8+n), 255
		}
	} else {
		c.gray = image.NewGray(image.Rect(0, 0, w, h))
		for i := range c.gray.Pix {
			c.gray.Pix[i] = clamp(int(paper) + next())
		}
	}
	return c
}

func (c *canvas) image() image.Image {
	if c.gray != nil {
		return c.gray
	}
	return c.rgba
}

// dot paints a size×size square with top-left (x, y).
func (c *canvas) dot(x, y, size int, v uint8) {
	for j := y; j < y+size; j++ {
		for i := x; i < x+size; i++ {
			if i < 0 || j < 0 || i >= c.w || j >= c.h {
				continue
			}
			if c.gray != nil {
				c.gray.Pix[j*c.gray.Stride+i] = v
			} else {
				o := j*c.rgba.Stride + 4*i
				c.rgba.Pix[o], c.rgba.Pix[o+1], c.rgba.Pix[o+2] = v, v, v+40
			}
		}
	}
}

func (c *canvas) line(x0, y0, x1, y1, thick int, v uint8) {
	n := max(abs(x1-x0), abs(y1-y0), 1)
	for k := 0; k <= n; k++ {
		c.dot(x0+(x1-x0)*k/n, y0+(y1-y0)*k/n, thick, v)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// text writes s with the 7×13 bitmap font enlarged scale times.
func (c *canvas) text(x, y, scale int, s string) {
	m := image.NewGray(image.Rect(0, 0, 7*len(s)+2, 16))
	draw.Draw(m, m.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: m, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(1, 12)}
	d.DrawString(s)
	for j := range m.Bounds().Dy() {
		for i := range m.Bounds().Dx() {
			if m.GrayAt(i, j).Y < 128 {
				c.dot(x+i*scale, y+j*scale, scale, 20)
			}
		}
	}
}

// textPage is a page of handwriting-like strokes in lines of words.
func textPage(w, h int, seed uint64, colour bool) image.Image {
	return textPageN(w, h, seed, colour, textLines)
}

var textLines = 36

func textPageN(w, h int, seed uint64, colour bool, lines int) image.Image {
	c := newCanvas(w, h, colour, 246, 1, seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	lineH := max(4, h/lines)
	cw, chh := max(1, lineH*9/20), max(1, lineH*6/10)
	thick := max(2, w/800)
	for y := h / 12; y < h*11/12-lineH; y += lineH {
		if rng.IntN(9) == 0 {
			continue // paragraph gap
		}
		x := w / 10
		right := w*9/10 - rng.IntN(w/4)
		for x < right {
			for range 2 + rng.IntN(8) {
				for range 2 + rng.IntN(2) {
					c.line(x+rng.IntN(cw), y+rng.IntN(chh), x+rng.IntN(cw), y+rng.IntN(chh), thick, uint8(20+rng.IntN(30)))
				}
				x += cw
			}
			x += cw
		}
	}
	return c.image()
}

// fewWordsPage is a white page with one short handwritten-size line.
func fewWordsPage(w, h int, words string) image.Image {
	c := newCanvas(w, h, false, 248, 2, 99)
	c.text(w/8, h*2/5, max(1, w/620), words)
	return c.image()
}

// blankNoisyPage is a blank sheet as scanners deliver it: grey paper with
// sensor noise, dust specks, a dark scanner edge and two punch holes in the
// margin.
func blankNoisyPage(w, h int, seed uint64) image.Image {
	c := newCanvas(w, h, false, 236, 7, seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	for range 120 { // dust: 0.1–0.2 mm specks
		c.dot(rng.IntN(w), rng.IntN(h), 1+rng.IntN(2), uint8(40+rng.IntN(80)))
	}
	edge := w * 15 / 1000
	for y := range h { // scanner edge on the left and top
		for x := range edge {
			c.gray.Pix[y*w+x] = 15
		}
	}
	for y := range edge {
		for x := range w {
			c.gray.Pix[y*w+x] = 15
		}
	}
	r := w / 70
	for _, cy := range []int{h / 3, h * 2 / 3} { // punch holes inside the 5% margin
		cx := w / 40
		for y := cy - r; y <= cy+r; y++ {
			for x := cx - r; x <= cx+r; x++ {
				if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
					c.gray.Pix[y*w+x] = 10
				}
			}
		}
	}
	return c.image()
}

// coverPage draws a cover sheet: the QR code 64 mm wide near the top right
// and a 30 mm copy turned 180° near the bottom left, with some text, on an
// A4 page at 200 dpi.
func coverPage(t testing.TB, payload string) *image.Gray {
	const w, h = 1654, 2339
	c := newCanvas(w, h, false, 250, 2, 5)
	mm := func(v float64) int { return int(v * 200 / 25.4) }
	drawQR(t, c, payload, w-mm(15)-mm(64), mm(15), mm(64), false)
	drawQR(t, c, payload, mm(15), h-mm(15)-mm(30), mm(30), true)
	c.text(mm(15), mm(20), 5, "DOSSIER")
	c.text(mm(15), mm(40), 4, "COVER SHEET")
	c.text(mm(15), mm(110), 4, "Put this sheet before the pages")
	return c.gray
}

func drawQR(t testing.TB, c *canvas, payload string, x, y, size int, rotated bool) {
	bc, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := bc.Bounds().Dx()
	mod := size / (n + 8)
	x0, y0 := x+4*mod, y+4*mod
	for j := range n {
		for i := range n {
			si, sj := i, j
			if rotated {
				si, sj = n-1-i, n-1-j
			}
			if r, _, _, _ := bc.At(si, sj).RGBA(); r < 0x8000 {
				c.dot(x0+i*mod, y0+j*mod, mod, 0)
			}
		}
	}
}

// Encoders.

func encJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withJFIF adds a JFIF header giving the resolution.
func withJFIF(jpg []byte, dpi int) []byte {
	seg := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 1, byte(dpi >> 8), byte(dpi), byte(dpi >> 8), byte(dpi), 0, 0}
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

// withOrientation adds an EXIF block with the orientation tag.
func withOrientation(jpg []byte, o uint16) []byte {
	tiffHdr := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(o), byte(o >> 8), 0, 0, 0, 0, 0, 0}
	body := append([]byte("Exif\x00\x00"), tiffHdr...)
	seg := append([]byte{0xFF, 0xE1, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

func encPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPHYs adds a pHYs chunk after IHDR.
func withPHYs(p []byte, dpi int) []byte {
	var c bytes.Buffer
	var d [9]byte
	ppm := uint32(float64(dpi)/0.0254 + 0.5)
	binary.BigEndian.PutUint32(d[:], ppm)
	binary.BigEndian.PutUint32(d[4:], ppm)
	d[8] = 1
	chunk(&c, "pHYs", d[:])
	return append(append(append([]byte{}, p[:33]...), c.Bytes()...), p[33:]...)
}

// png1bit writes a 1-bit gray PNG, as scanners in line-art mode do.
func png1bit(g *image.Gray, dpi int) []byte {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	p := newPNG(w, h, pngGray, 1, nil, dpi)
	row := make([]byte, (w+7)/8)
	for y := range h {
		packBits(g.Pix[y*g.Stride:y*g.Stride+w], row)
		p.row(row)
	}
	return p.bytes()
}

func threshold(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y >= 128 {
				g.Pix[y*g.Stride+x] = 255
			}
		}
	}
	return g
}

// tiffPageSpec is one page for makeTIFF: 8-bit gray, or bilevel when
// bilevel is set (pixels < 128 are black).
type tiffPageSpec struct {
	img     *image.Gray
	bilevel bool
	dpi     int
	corrupt bool   // strip offset points past the end of the file
	jpg     []byte // a JPEG of img: the page is stored JPEG-compressed, as one strip
}

// makeTIFF writes an uncompressed little-endian multi-page TIFF.
func makeTIFF(pages []tiffPageSpec) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write([]byte{'I', 'I', 42, 0, 0, 0, 0, 0})
	prevNext := 4 // where to write the offset of the next IFD
	for _, p := range pages {
		w, h := p.img.Bounds().Dx(), p.img.Bounds().Dy()
		stripOff := b.Len()
		bps, comp, photo, spp := 8, 1, 1, 1
		if p.jpg != nil {
			b.Write(p.jpg)
			comp = 7
			if cfg, err := jpeg.DecodeConfig(bytes.NewReader(p.jpg)); err == nil && cfg.ColorModel != color.GrayModel {
				photo, spp = 6, 3
			}
		} else if p.bilevel {
			bps = 1
			row := make([]byte, (w+7)/8)
			for y := range h {
				packBits(p.img.Pix[y*p.img.Stride:y*p.img.Stride+w], row)
				b.Write(row)
			}
		} else {
			for y := range h {
				b.Write(p.img.Pix[y*p.img.Stride : y*p.img.Stride+w])
			}
		}
		stripLen := b.Len() - stripOff
		if b.Len()%2 == 1 {
			b.WriteByte(0)
		}
		resOff := b.Len()
		binary.Write(&b, le, []uint32{uint32(p.dpi), 1})
		if p.corrupt {
			stripOff = 1 << 30
		}
		type ent struct {
			tag, typ uint16
			val      uint32
		}
		ents := []ent{{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, uint32(bps)}, {259, 3, uint32(comp)}, {262, 3, uint32(photo)},
			{273, 4, uint32(stripOff)}, {277, 3, uint32(spp)}, {278, 4, uint32(h)}, {279, 4, uint32(stripLen)},
			{282, 5, uint32(resOff)}, {283, 5, uint32(resOff)}, {296, 3, 2}}
		ifd := b.Len()
		le.PutUint32(b.Bytes()[prevNext:], uint32(ifd))
		binary.Write(&b, le, uint16(len(ents)))
		for _, e := range ents {
			binary.Write(&b, le, e.tag)
			binary.Write(&b, le, e.typ)
			binary.Write(&b, le, uint32(1))
			if e.typ == 3 {
				binary.Write(&b, le, []uint16{uint16(e.val), 0})
			} else {
				binary.Write(&b, le, e.val)
			}
		}
		prevNext = b.Len()
		binary.Write(&b, le, uint32(0))
	}
	return b.Bytes()
}

// pdfBuilder writes small PDFs with a classic cross-reference table.
type pdfBuilder struct{ objs [][]byte }

func (p *pdfBuilder) reserve() int { p.objs = append(p.objs, nil); return len(p.objs) }

func (p *pdfBuilder) set(n int, body string) { p.objs[n-1] = []byte(body) }

func (p *pdfBuilder) add(body string) int { n := p.reserve(); p.set(n, body); return n }

func (p *pdfBuilder) addStream(dict string, data []byte) int {
	n := p.reserve()
	p.objs[n-1] = append(append([]byte(fmt.Sprintf("<<%s /Length %d>>\nstream\n", dict, len(data))), data...), "\nendstream"...)
	return n
}

func (p *pdfBuilder) bytes(root int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(p.objs))
	for i, o := range p.objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(o)
		b.WriteString("\nendobj\n")
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.objs)+1, root, x)
	return b.Bytes()
}

// pdfPage is one page for makePDF.
type pdfPage struct {
	img     string // image dictionary entries (without Length); "" for no image
	data    []byte
	w, h    float64 // page size in points
	content string  // content stream; "" draws the image over the whole page
	fontRes bool    // add a font resource /F1
	res     string  // more resources
	rotate  int
}

func makePDF(pages []pdfPage) []byte {
	var p pdfBuilder
	cat := p.reserve()
	tree := p.reserve()
	var kids []string
	for _, pg := range pages {
		res := ""
		if pg.img != "" {
			im := p.addStream(pg.img, pg.data)
			res += fmt.Sprintf("/XObject << /Im0 %d 0 R >>", im)
		}
		res += " " + pg.res
		if pg.fontRes {
			f := p.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
			res += fmt.Sprintf(" /Font << /F1 %d 0 R >>", f)
		}
		content := pg.content
		if content == "" {
			content = fmt.Sprintf("q %g 0 0 %g 0 0 cm /Im0 Do Q", pg.w, pg.h)
		}
		cs := p.addStream("", []byte(content))
		rot := ""
		if pg.rotate != 0 {
			rot = fmt.Sprintf(" /Rotate %d", pg.rotate)
		}
		n := p.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Resources << %s >> /Contents %d 0 R%s >>",
			tree, pg.w, pg.h, res, cs, rot))
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
	}
	p.set(tree, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	p.set(cat, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", tree))
	return p.bytes(cat)
}

// jpegPDFPage puts a JPEG on an A4 page.
func jpegPDFPage(jpg []byte, w, h int, gray bool) pdfPage {
	cs := "/DeviceRGB"
	if gray {
		cs = "/DeviceGray"
	}
	return pdfPage{img: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", w, h, cs),
		data: jpg, w: 595.28, h: 841.89}
}

// flateGrayPDFPage stores 8-bit gray with PNG predictors (as most PDF
// writers do) on a page sized for dpi.
func flateGrayPDFPage(g *image.Gray, dpi int) pdfPage {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	prev := make([]byte, w)
	row := make([]byte, w+1)
	for y := range h {
		cur := g.Pix[y*g.Stride : y*g.Stride+w]
		row[0] = 2 // Up
		for i := range cur {
			row[i+1] = cur[i] - prev[i]
		}
		zw.Write(row)
		copy(prev, cur)
	}
	zw.Close()
	return pdfPage{img: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >>", w, h, w),
		data: z.Bytes(), w: float64(w) * 72 / float64(dpi), h: float64(h) * 72 / float64(dpi)}
}

// g4Strip returns the Group 4 data, size and resolution of a page of a
// single-strip TIFF.
func g4Strip(t testing.TB, data []byte, page int) ([]byte, int, int, int) {
	t.Helper()
	pages, err := tiffPages(data)
	if err != nil {
		t.Fatal(err)
	}
	p := pages[page]
	m, _, err := p.f.ifd(p.ifd)
	if err != nil {
		t.Fatal(err)
	}
	off, n := p.f.uint(m, 273, 0), p.f.uint(m, 279, 0)
	if p.f.uint(m, 259, 0) != 4 {
		t.Fatal("not a Group 4 TIFF")
	}
	return data[off : off+n], p.w, p.h, p.dpi
}
