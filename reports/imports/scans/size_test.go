package scans

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"strings"
	"testing"
)

// hugePNG is a PNG whose header claims w × h pixels of the given bit depth
// and colour type, with one small IDAT: a few hundred bytes on disk.
func hugePNG(w, h uint32, depth, colorType byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4096))
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// The bound is on decoded bytes, from the header, before decoding: a 16-bit
// RGBA page of 10000 × 10000 is refused with the reason, while the pages a
// clinic scans pass the check.
func TestDecodedSizeBound(t *testing.T) {
	png := hugePNG(10000, 10000, 16, 6)
	if len(png) > 4096 {
		t.Fatalf("test PNG is %d bytes", len(png))
	}
	_, err := ReadFile(bg, "huge.png", png, Options{})
	want := `"huge.png" could not be read: page 1 is too large to import: 10000×10000 pixels at 16 bits per channel would need 800 MB; scan at 300 dpi or less`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}

	// A multi-page TIFF names the page.
	page := image.NewGray(image.Rect(0, 0, 8, 8))
	tif := makeTIFF([]tiffPageSpec{{img: page, dpi: 300}, {img: page, dpi: 300}})
	tp, err := tiffPages(tif)
	if err != nil || len(tp) != 2 {
		t.Fatal(len(tp), err)
	}
	// Make page 2 claim 10000 × 10000 RGBA at 16 bits: rewrite its tags.
	le := binary.LittleEndian
	ifd := int(tp[1].ifd)
	for i := range int(le.Uint16(tif[ifd:])) {
		e := tif[ifd+2+12*i:]
		switch le.Uint16(e) {
		case 256, 257:
			le.PutUint32(e[8:], 10000)
		case 258:
			le.PutUint16(e[8:], 16)
		case 277:
			le.PutUint16(e[8:], 4)
		}
	}
	_, err = ReadFile(bg, "batch.tif", tif, Options{})
	if err == nil || !strings.Contains(err.Error(), "page 2 is too large to import: 10000×10000 pixels at 16 bits per channel would need 800 MB; scan at 300 dpi or less") {
		t.Fatalf("got %v", err)
	}

	for _, c := range []struct {
		name         string
		w, h         int
		depth, ctype byte
		ok           bool
	}{
		{"A4 300 dpi 24-bit colour", 2480, 3508, 8, 2, true},
		{"A4 600 dpi 24-bit colour", 4960, 7016, 8, 2, true},
		{"A4 600 dpi 8-bit gray", 4960, 7016, 8, 0, true},
		{"A3 600 dpi 8-bit gray", 7016, 9921, 8, 0, true},
		{"A4 300 dpi 16-bit colour", 2480, 3508, 16, 2, true},
		{"A3 600 dpi 24-bit colour", 7016, 9921, 8, 2, false},
		{"A4 600 dpi 16-bit RGBA", 4960, 7016, 16, 6, false},
		{"10000² 16-bit RGBA", 10000, 10000, 16, 6, false},
		{"long strip", 70000, 10, 8, 0, false},
	} {
		png := hugePNG(uint32(c.w), uint32(c.h), c.depth, c.ctype)
		_, err := ReadFile(bg, "p.png", png, Options{})
		refused := err != nil && strings.Contains(err.Error(), "too large to import")
		if refused == c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
