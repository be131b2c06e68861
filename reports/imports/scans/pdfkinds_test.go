package scans

import (
	"bytes"
	"compress/lzw"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"testing"
)

// halves returns rows of a w×h image whose left half is sample a and right
// half sample b, packed at bpc bits with n components a pixel.
func halves(w, h, bpc, n int, a, b []uint16) []byte {
	rowBits := w * n * bpc
	row := make([]byte, (rowBits+7)/8)
	bit := 0
	put := func(v uint16) {
		for k := bpc - 1; k >= 0; k-- {
			if v>>uint(k)&1 == 1 {
				row[bit/8] |= 0x80 >> uint(bit%8)
			}
			bit++
		}
	}
	for x := range w {
		v := a
		if x >= w/2 {
			v = b
		}
		for c := range n {
			put(v[c])
		}
	}
	return bytes.Repeat(row, h)
}

func zlibBytes(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func runLength(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		n := min(len(b), 128)
		out = append(out, byte(n-1))
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return append(out, 128)
}

// Each way a PDF can store a scanned picture reads with the right colours:
// the left half dark, the right half light.
func TestPDFImageKinds(t *testing.T) {
	const w, h = 64, 40
	img := func(extra string, data []byte) pdfPage {
		return pdfPage{img: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d %s", w, h, extra), data: data, w: 64, h: 40}
	}
	var lz bytes.Buffer
	lw := lzw.NewWriter(&lz, lzw.MSB, 8)
	lw.Write(halves(w, h, 8, 1, []uint16{0}, []uint16{255}))
	lw.Close()
	tests := []struct {
		name string
		page pdfPage
	}{
		{"gray 8 raw", img("/ColorSpace /DeviceGray /BitsPerComponent 8", halves(w, h, 8, 1, []uint16{0}, []uint16{255}))},
		{"gray 1 inverted", img("/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0]", halves(w, h, 1, 1, []uint16{1}, []uint16{0}))},
		{"gray 4", img("/ColorSpace /DeviceGray /BitsPerComponent 4 /Filter /FlateDecode", zlibBytes(halves(w, h, 4, 1, []uint16{2}, []uint16{15})))},
		{"gray 16", img("/ColorSpace /DeviceGray /BitsPerComponent 16 /Filter /FlateDecode", zlibBytes(halves(w, h, 16, 1, []uint16{0x1000}, []uint16{0xF000})))},
		{"rgb 8", img("/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode", zlibBytes(halves(w, h, 8, 3, []uint16{10, 20, 90}, []uint16{250, 240, 230})))},
		{"rgb 16", img("/ColorSpace /DeviceRGB /BitsPerComponent 16", halves(w, h, 16, 3, []uint16{0x0100, 0x0200, 0x3000}, []uint16{0xFF00, 0xF000, 0xE000}))},
		{"cmyk", img("/ColorSpace /DeviceCMYK /BitsPerComponent 8", halves(w, h, 8, 4, []uint16{0, 0, 0, 250}, []uint16{5, 0, 10, 0}))},
		{"icc gray", img("/ColorSpace [/ICCBased << /N 1 >>] /BitsPerComponent 8", halves(w, h, 8, 1, []uint16{30}, []uint16{220}))},
		{"separation", img("/ColorSpace [/Separation /Black /DeviceGray << >>] /BitsPerComponent 8", halves(w, h, 8, 1, []uint16{255}, []uint16{0}))},
		{"indexed rgb", img("/ColorSpace [/Indexed /DeviceRGB 1 <102030F0E0D0>] /BitsPerComponent 8", halves(w, h, 8, 1, []uint16{0}, []uint16{1}))},
		{"indexed 1 bit, 256 entries", img(fmt.Sprintf("/ColorSpace [/Indexed /DeviceGray 255 <%s>] /BitsPerComponent 1", "00FF"+hex.EncodeToString(make([]byte, 254))), halves(w, h, 1, 1, []uint16{0}, []uint16{1}))},
		{"lzw", img("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /LZWDecode /DecodeParms << /EarlyChange 0 >>", lz.Bytes())},
		{"run length", img("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /RunLengthDecode", runLength(halves(w, h, 8, 1, []uint16{0}, []uint16{255})))},
		{"hex then flate", img("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/ASCIIHexDecode /FlateDecode]", []byte(hex.EncodeToString(zlibBytes(halves(w, h, 8, 1, []uint16{0}, []uint16{255})))+">"))},
		{"named colour space", func() pdfPage {
			p := img("/ColorSpace /CS0 /BitsPerComponent 8", halves(w, h, 8, 1, []uint16{0}, []uint16{255}))
			p.res = "/ColorSpace << /CS0 [/ICCBased << /N 3 >>] >>"
			p.data = halves(w, h, 8, 3, []uint16{0, 0, 0}, []uint16{255, 255, 255})
			return p
		}()},
		{"inside a form", pdfPage{}},
	}
	for _, tt := range tests {
		pdf := makePDF([]pdfPage{tt.page})
		if tt.name == "inside a form" {
			pdf = formPDF(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", w, h),
				halves(w, h, 8, 1, []uint16{0}, []uint16{255}))
		}
		pages, err := ReadFile(bg, tt.name+".pdf", pdf, Options{})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		p := pages[0]
		orig, err := png.Decode(bytes.NewReader(p.Original))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, m := range []image.Image{orig, mustJPEG(t, p.Display)} {
			b := m.Bounds()
			l, r := grayAt(m, b.Dx()/4, b.Dy()/2), grayAt(m, b.Dx()*3/4, b.Dy()/2)
			if l > 100 || r < 150 {
				t.Errorf("%s: left %d right %d, want dark then light", tt.name, l, r)
			}
		}
	}
}

func mustJPEG(t *testing.T, b []byte) image.Image {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func grayAt(m image.Image, x, y int) int {
	r, g, b, _ := m.At(x, y).RGBA()
	return int((r*299 + g*587 + b*114) / 1000 >> 8)
}

// formPDF draws the image from inside a form XObject, as some scanning
// software does.
func formPDF(imgDict string, data []byte) []byte {
	var p pdfBuilder
	cat, tree := p.reserve(), p.reserve()
	im := p.addStream(imgDict, data)
	form := p.addStream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Matrix [2 0 0 2 0 0] /Resources << /XObject << /I %d 0 R >> >>", im), []byte("/I Do"))
	cs := p.addStream("", []byte("q 32 0 0 20 0 0 cm /F Do Q"))
	pg := p.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 64 40] /Resources << /XObject << /F %d 0 R >> >> /Contents %d 0 R >>", tree, form, cs))
	p.set(tree, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", pg))
	p.set(cat, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", tree))
	return p.bytes(cat)
}
