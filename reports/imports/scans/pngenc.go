package scans

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"math"
)

// A PNG writer fed row by row, so originals are written while the page is
// decoded and carry their resolution (pHYs). image/png cannot do either.

const (
	pngGray    = 0
	pngRGB     = 2
	pngPalette = 3
)

type pngWriter struct {
	w, h, colorType, depth int
	palette                []byte // RGB triples
	dpi                    int
	bpp                    int // bytes per complete pixel, at least 1
	rowLen                 int
	idat                   bytes.Buffer
	z                      *zlib.Writer
	prev, cand             []byte
	filt                   [5][]byte
	rows                   int
}

func newPNG(w, h, colorType, depth int, palette []byte, dpi int) *pngWriter {
	ch := 1
	if colorType == pngRGB {
		ch = 3
	}
	p := &pngWriter{w: w, h: h, colorType: colorType, depth: depth, palette: palette, dpi: dpi}
	p.rowLen = (w*ch*depth + 7) / 8
	p.bpp = max(1, ch*depth/8)
	p.z, _ = zlib.NewWriterLevel(&p.idat, zlib.DefaultCompression)
	p.prev = make([]byte, p.rowLen)
	for i := range p.filt {
		p.filt[i] = make([]byte, p.rowLen+1)
	}
	return p
}

// row adds the next row, packed as PNG wants it (rowLen bytes).
func (p *pngWriter) row(r []byte) {
	r = r[:p.rowLen]
	p.rows++
	if p.depth < 8 || p.colorType == pngPalette {
		// Bilevel and palette rows: no filter (as libpng does).
		p.filt[0][0] = 0
		copy(p.filt[0][1:], r)
		p.z.Write(p.filt[0])
		return
	}
	// Pick the filter with the smallest sum of absolute values (the usual
	// heuristic), measuring all five in one pass.
	bpp, prev := p.bpp, p.prev
	if p.rows > 1 && bytes.Equal(r, prev) { // blank stretches: Up gives zeros
		out := p.filt[2]
		out[0] = 2
		clear(out[1:])
		p.z.Write(out)
		return
	}
	var sums [5]int
	for i := 0; i < bpp; i++ {
		v, b := r[i], prev[i]
		sums[0] += abs8(v)
		sums[1] += abs8(v)
		sums[2] += abs8(v - b)
		sums[3] += abs8(v - b/2)
		sums[4] += abs8(v - b)
	}
	for i := bpp; i < len(r); i++ {
		v, a, b, c := r[i], r[i-bpp], prev[i], prev[i-bpp]
		sums[0] += abs8(v)
		sums[1] += abs8(v - a)
		sums[2] += abs8(v - b)
		sums[3] += abs8(v - uint8((int(a)+int(b))/2))
		sums[4] += abs8(v - paeth(a, b, c))
	}
	best := 0
	for f := 1; f < 5; f++ {
		if sums[f] < sums[best] {
			best = f
		}
	}
	out := p.filt[best]
	out[0] = byte(best)
	o := out[1:]
	switch best {
	case 0:
		copy(o, r)
	case 1:
		copy(o[:bpp], r[:bpp])
		for i := bpp; i < len(r); i++ {
			o[i] = r[i] - r[i-bpp]
		}
	case 2:
		for i := range r {
			o[i] = r[i] - prev[i]
		}
	case 3:
		for i := 0; i < bpp; i++ {
			o[i] = r[i] - prev[i]/2
		}
		for i := bpp; i < len(r); i++ {
			o[i] = r[i] - uint8((int(r[i-bpp])+int(prev[i]))/2)
		}
	case 4:
		for i := 0; i < bpp; i++ {
			o[i] = r[i] - prev[i]
		}
		for i := bpp; i < len(r); i++ {
			o[i] = r[i] - paeth(r[i-bpp], prev[i], prev[i-bpp])
		}
	}
	p.z.Write(p.filt[best])
	copy(p.prev, r)
}

// abs8 is |int8(v)|, without a branch.
func abs8(v uint8) int {
	x := int(int8(v))
	m := x >> 63
	return (x ^ m) - m
}

// bytes finishes the file.
func (p *pngWriter) bytes() []byte {
	p.z.Close()
	return pngFile(p.w, p.h, p.colorType, p.depth, p.palette, p.dpi, p.idat.Bytes())
}

// pngFile wraps zlib-compressed, filtered rows in a PNG file.
func pngFile(w, h, colorType, depth int, palette []byte, dpi int, idat []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(idat) + 128 + len(palette))
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = byte(depth), byte(colorType)
	chunk(&out, "IHDR", ihdr[:])
	if dpi > 0 {
		var phys [9]byte
		ppm := uint32(math.Round(float64(dpi) / 0.0254))
		binary.BigEndian.PutUint32(phys[0:], ppm)
		binary.BigEndian.PutUint32(phys[4:], ppm)
		phys[8] = 1 // metre
		chunk(&out, "pHYs", phys[:])
	}
	if colorType == pngPalette {
		chunk(&out, "PLTE", palette)
	}
	for len(idat) > 0 {
		n := min(len(idat), 1<<20)
		chunk(&out, "IDAT", idat[:n])
		idat = idat[n:]
	}
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

func chunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

// encodeOriginal writes a decoded page (TIFF) as a lossless PNG: bilevel
// pages as 1-bit gray, gray as 8/16-bit gray, palettes as palettes, the rest
// as RGB.
func encodeOriginal(img image.Image, dpi int) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		if bilevel(m) {
			p := newPNG(w, h, pngGray, 1, nil, dpi)
			row := make([]byte, (w+7)/8)
			for y := range h {
				i := m.PixOffset(b.Min.X, b.Min.Y+y)
				packBits(m.Pix[i:i+w], row)
				p.row(row)
			}
			return p.bytes()
		}
		p := newPNG(w, h, pngGray, 8, nil, dpi)
		for y := range h {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			p.row(m.Pix[i : i+w])
		}
		return p.bytes()
	case *image.Gray16:
		p := newPNG(w, h, pngGray, 16, nil, dpi)
		for y := range h {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			p.row(m.Pix[i : i+2*w])
		}
		return p.bytes()
	case *image.Paletted:
		if len(m.Palette) > 0 && len(m.Palette) <= 256 {
			depth := 8
			switch {
			case len(m.Palette) <= 2:
				depth = 1
			case len(m.Palette) <= 4:
				depth = 2
			case len(m.Palette) <= 16:
				depth = 4
			}
			pal := make([]byte, 0, 3*len(m.Palette))
			for _, c := range m.Palette {
				r, g, bb, a := c.RGBA()
				a8 := 255 - a>>8
				pal = append(pal, uint8(r>>8+a8), uint8(g>>8+a8), uint8(bb>>8+a8))
			}
			p := newPNG(w, h, pngPalette, depth, pal, dpi)
			row := make([]byte, (w*depth+7)/8)
			for y := range h {
				i := m.PixOffset(b.Min.X, b.Min.Y+y)
				packSamples(m.Pix[i:i+w], depth, row)
				p.row(row)
			}
			return p.bytes()
		}
	case *image.RGBA64, *image.NRGBA64:
		p := newPNG(w, h, pngRGB, 16, nil, dpi)
		row := make([]byte, 6*w)
		for y := range h {
			for x := range w {
				r, g, bb, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				r, g, bb = r+0xffff-a, g+0xffff-a, bb+0xffff-a
				binary.BigEndian.PutUint16(row[6*x:], uint16(r))
				binary.BigEndian.PutUint16(row[6*x+2:], uint16(g))
				binary.BigEndian.PutUint16(row[6*x+4:], uint16(bb))
			}
			p.row(row)
		}
		return p.bytes()
	}
	p := newPNG(w, h, pngRGB, 8, nil, dpi)
	rgba := make([]byte, 4*w)
	row := make([]byte, 3*w)
	for y := range h {
		rgbaRow(img, b.Min.Y+y, rgba)
		for x := range w {
			copy(row[3*x:3*x+3], rgba[4*x:4*x+3])
		}
		p.row(row)
	}
	return p.bytes()
}

// bilevel reports a gray image holding only black and white.
func bilevel(m *image.Gray) bool {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := m.PixOffset(b.Min.X, y)
		for _, v := range m.Pix[i : i+b.Dx()] {
			if v != 0 && v != 255 {
				return false
			}
		}
	}
	return true
}

// packBits packs 0/255 gray into 1-bit samples (1 = white).
func packBits(src []byte, dst []byte) {
	for i := range dst {
		dst[i] = 0
	}
	for x, v := range src {
		if v >= 128 {
			dst[x>>3] |= 0x80 >> uint(x&7)
		}
	}
}

// packSamples packs 8-bit samples (already < 1<<depth) into depth bits.
func packSamples(src []byte, depth int, dst []byte) {
	if depth == 8 {
		copy(dst, src)
		return
	}
	for i := range dst {
		dst[i] = 0
	}
	per := 8 / depth
	for x, v := range src {
		shift := uint(8 - depth*(x%per+1))
		dst[x/per] |= (v & (1<<uint(depth) - 1)) << shift
	}
}
