package scans

import (
	"image"
	"image/color"
)

// Downscaling is area averaging (a box filter): every source pixel counts
// once, so thin pen strokes darken the display pixel they fall in instead of
// vanishing between samples as with bilinear sampling, and the work is one
// pass over the source, done row by row. Rows can be pushed as they are
// decoded, so a PDF page never needs its full-size bitmap in memory.
// BenchmarkDownscale compares it with golang.org/x/image/draw.

// fit returns the size of a w×h image shrunk so its long side is at most
// maxSide (never enlarged).
func fit(w, h, maxSide int) (int, int) {
	long := max(w, h)
	if long <= maxSide || long == 0 {
		return w, h
	}
	dw := max(1, (w*maxSide+long/2)/long)
	dh := max(1, (h*maxSide+long/2)/long)
	return dw, dh
}

// scaler resizes sw×sh rows of ch interleaved 8-bit channels to dw×dh.
// With ch == 4 the fourth channel is set to 255 (opaque RGBA).
//
// Each source row is added into per-column sums (one add a byte, a loop
// the compiler keeps tight); once the rows of an output row are in, the
// columns are summed across and divided, by multiplying with a
// precomputed reciprocal.
type scaler struct {
	sw, sh, dw, dh, ch int
	xs, xe             []int // source column span of each output column
	ys, ye             []int // source row span of each output row
	col                []uint32
	rcp                map[int][]uint64 // rows in the span → per output column ceil(2^32/n)
	out                []byte
	sy, dy             int
}

func newScaler(sw, sh, dw, dh, ch int) *scaler {
	s := &scaler{sw: sw, sh: sh, dw: dw, dh: dh, ch: ch,
		col: make([]uint32, sw*ch), out: make([]byte, dw*dh*ch), rcp: map[int][]uint64{}}
	s.xs, s.xe = spans(sw, dw)
	s.ys, s.ye = spans(sh, dh)
	return s
}

// spans maps n source cells onto m output cells. Shrinking, the spans
// partition the source; enlarging (only chroma planes), they repeat.
func spans(n, m int) ([]int, []int) {
	st, en := make([]int, m), make([]int, m)
	for i := range m {
		a := i * n / m
		b := (i + 1) * n / m
		if b <= a {
			b = a + 1
		}
		if b > n {
			b = n
		}
		if a >= n {
			a = n - 1
		}
		st[i], en[i] = a, b
	}
	return st, en
}

// push adds the next source row (at least sw*ch bytes).
func (s *scaler) push(row []byte) {
	sy := s.sy
	s.sy++
	for s.dy < s.dh && sy >= s.ys[s.dy] && sy < s.ye[s.dy] {
		col := s.col
		row := row[:len(col)]
		for i, v := range row {
			col[i] += uint32(v)
		}
		if sy != s.ye[s.dy]-1 {
			return
		}
		s.emit()
	}
}

func (s *scaler) emit() {
	ny := s.ye[s.dy] - s.ys[s.dy]
	rcp := s.rcp[ny]
	if rcp == nil {
		rcp = make([]uint64, s.dw)
		for dx := range rcp {
			n := uint64((s.xe[dx] - s.xs[dx]) * ny)
			rcp[dx] = (1<<32 + n - 1) / n
		}
		s.rcp[ny] = rcp
	}
	ch, col := s.ch, s.col
	out := s.out[s.dy*s.dw*ch : (s.dy+1)*s.dw*ch]
	// round(sum/n) as (sum + n/2) * ceil(2^32/n) >> 32: exact while
	// 256·n² < 2^32, that is for spans of up to 4096 pixels.
	switch ch {
	case 1:
		for dx, r := range rcp {
			var sum uint32
			for _, v := range col[s.xs[dx]:s.xe[dx]] {
				sum += v
			}
			n := uint32((s.xe[dx] - s.xs[dx]) * ny)
			out[dx] = uint8(min(255, (uint64(sum+n/2)*r)>>32))
		}
	default:
		for dx, r := range rcp {
			n := uint32((s.xe[dx] - s.xs[dx]) * ny)
			for c := range ch {
				var sum uint32
				for x := s.xs[dx]; x < s.xe[dx]; x++ {
					sum += col[x*ch+c]
				}
				out[dx*ch+c] = uint8(min(255, (uint64(sum+n/2)*r)>>32))
			}
			if ch == 4 {
				out[dx*4+3] = 255
			}
		}
	}
	clear(col)
	s.dy++
}

// done reports whether every output row was produced.
func (s *scaler) done() bool { return s.dy == s.dh }

// rowSink collects a display image from full-size rows, gray (1 byte a
// pixel) or colour (RGBA, 4 bytes a pixel).
type rowSink struct {
	gray bool
	s    *scaler
}

func newRowSink(w, h, maxSide int, gray bool) *rowSink {
	dw, dh := fit(w, h, maxSide)
	ch := 4
	if gray {
		ch = 1
	}
	return &rowSink{gray: gray, s: newScaler(w, h, dw, dh, ch)}
}

func (r *rowSink) push(row []byte) { r.s.push(row) }

func (r *rowSink) image() image.Image {
	rect := image.Rect(0, 0, r.s.dw, r.s.dh)
	if r.gray {
		return &image.Gray{Pix: r.s.out, Stride: r.s.dw, Rect: rect}
	}
	return &image.RGBA{Pix: r.s.out, Stride: r.s.dw * 4, Rect: rect}
}

// shrink returns img reduced so its long side is at most maxSide, as a
// *image.Gray (gray sources), *image.YCbCr 4:4:4 (YCbCr sources, so JPEG
// pages are never converted to RGB at full size) or *image.RGBA.
func shrink(img image.Image, maxSide int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		sink := newRowSink(w, h, maxSide, true)
		for y := range h {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			sink.push(m.Pix[i : i+w])
		}
		return sink.image()
	case *image.YCbCr:
		if cw, chh, ok := chromaSize(m); ok {
			dw, dh := fit(w, h, maxSide)
			ys := newScaler(w, h, dw, dh, 1)
			for y := range h {
				i := m.YOffset(b.Min.X, b.Min.Y+y)
				ys.push(m.Y[i : i+w])
			}
			cbs := newScaler(cw, chh, dw, dh, 1)
			crs := newScaler(cw, chh, dw, dh, 1)
			c0 := m.COffset(b.Min.X, b.Min.Y)
			for y := range chh {
				i := c0 + y*m.CStride
				cbs.push(m.Cb[i : i+cw])
				crs.push(m.Cr[i : i+cw])
			}
			return &image.YCbCr{Y: ys.out, Cb: cbs.out, Cr: crs.out, YStride: dw, CStride: dw,
				SubsampleRatio: image.YCbCrSubsampleRatio444, Rect: image.Rect(0, 0, dw, dh)}
		}
	case *image.Paletted:
		if grayPalette(m.Palette) {
			lut := make([]byte, 256)
			for i, c := range m.Palette {
				lut[i] = color.GrayModel.Convert(c).(color.Gray).Y
			}
			sink := newRowSink(w, h, maxSide, true)
			row := make([]byte, w)
			for y := range h {
				i := m.PixOffset(b.Min.X, b.Min.Y+y)
				for x, v := range m.Pix[i : i+w] {
					row[x] = lut[v]
				}
				sink.push(row)
			}
			return sink.image()
		}
	case *image.Gray16:
		sink := newRowSink(w, h, maxSide, true)
		row := make([]byte, w)
		for y := range h {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			for x := range row {
				row[x] = m.Pix[i+2*x]
			}
			sink.push(row)
		}
		return sink.image()
	}
	sink := newRowSink(w, h, maxSide, false)
	row := make([]byte, 4*w)
	for y := range h {
		rgbaRow(img, b.Min.Y+y, row)
		sink.push(row)
	}
	return sink.image()
}

// chromaSize is the size of a YCbCr image's chroma planes.
func chromaSize(m *image.YCbCr) (int, int, bool) {
	b := m.Rect
	x0, y0 := b.Min.X, b.Min.Y
	x1, y1 := b.Max.X, b.Max.Y
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		return x1 - x0, y1 - y0, true
	case image.YCbCrSubsampleRatio422:
		return (x1+1)/2 - x0/2, y1 - y0, true
	case image.YCbCrSubsampleRatio420:
		return (x1+1)/2 - x0/2, (y1+1)/2 - y0/2, true
	case image.YCbCrSubsampleRatio440:
		return x1 - x0, (y1+1)/2 - y0/2, true
	case image.YCbCrSubsampleRatio411:
		return (x1+3)/4 - x0/4, y1 - y0, true
	case image.YCbCrSubsampleRatio410:
		return (x1+3)/4 - x0/4, (y1+1)/2 - y0/2, true
	}
	return 0, 0, false
}

func grayPalette(p color.Palette) bool {
	for _, c := range p {
		r, g, b, a := c.RGBA()
		if r != g || g != b || a != 0xffff {
			return false
		}
	}
	return len(p) > 0
}

// rgbaRow writes row y of img as opaque RGBA (transparency over white).
func rgbaRow(img image.Image, y int, row []byte) {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.RGBA:
		i := m.PixOffset(b.Min.X, y)
		p := m.Pix[i : i+4*w]
		for x := 0; x < 4*w; x += 4 {
			a := 255 - p[x+3]
			row[x], row[x+1], row[x+2], row[x+3] = p[x]+a, p[x+1]+a, p[x+2]+a, 255
		}
		return
	case *image.NRGBA:
		i := m.PixOffset(b.Min.X, y)
		p := m.Pix[i : i+4*w]
		for x := 0; x < 4*w; x += 4 {
			a := uint32(p[x+3])
			if a == 255 {
				row[x], row[x+1], row[x+2], row[x+3] = p[x], p[x+1], p[x+2], 255
				continue
			}
			row[x] = uint8((uint32(p[x])*a + 255*(255-a) + 127) / 255)
			row[x+1] = uint8((uint32(p[x+1])*a + 255*(255-a) + 127) / 255)
			row[x+2] = uint8((uint32(p[x+2])*a + 255*(255-a) + 127) / 255)
			row[x+3] = 255
		}
		return
	case *image.CMYK:
		i := m.PixOffset(b.Min.X, y)
		p := m.Pix[i : i+4*w]
		for x := 0; x < 4*w; x += 4 {
			row[x], row[x+1], row[x+2] = color.CMYKToRGB(p[x], p[x+1], p[x+2], p[x+3])
			row[x+3] = 255
		}
		return
	case *image.YCbCr:
		for x := range w {
			yi := m.YOffset(b.Min.X+x, y)
			ci := m.COffset(b.Min.X+x, y)
			row[4*x], row[4*x+1], row[4*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			row[4*x+3] = 255
		}
		return
	case *image.Paletted:
		var lut [256][3]byte
		for i, c := range m.Palette {
			r, g, bb, a := c.RGBA()
			a8 := 255 - a>>8
			lut[i] = [3]byte{uint8(r>>8 + a8), uint8(g>>8 + a8), uint8(bb>>8 + a8)}
		}
		i := m.PixOffset(b.Min.X, y)
		for x, v := range m.Pix[i : i+w] {
			c := lut[v]
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c[0], c[1], c[2], 255
		}
		return
	}
	for x := range w {
		r, g, bb, a := img.At(b.Min.X+x, y).RGBA()
		a8 := 255 - a>>8
		row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r>>8+a8), uint8(g>>8+a8), uint8(bb>>8+a8), 255
	}
}

// luma returns the gray levels of a display image (shared, not copied, when
// it already has a gray plane).
func luma(img image.Image) []byte {
	switch m := img.(type) {
	case *image.Gray:
		return m.Pix
	case *image.YCbCr:
		return m.Y
	case *image.RGBA:
		out := make([]byte, len(m.Pix)/4)
		for i := range out {
			p := m.Pix[4*i : 4*i+3]
			out[i] = uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
		}
		return out
	}
	b := img.Bounds()
	out := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out = append(out, color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
		}
	}
	return out
}
