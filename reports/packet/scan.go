package packet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"runtime"
	"sync"
)

// Scanned pages are embedded as 8-bit grayscale JPEG (quality 75) at no more
// than 200 dpi *as placed on the page*: a 300 dpi A4 scan, shrunk to fit the
// margins, is resampled (box filter) to about 1,420 × 2,000 pixels before it
// is encoded, about 170 dpi of the original paper. That keeps a densely
// typed page near 450 kB and a sparse one far less, and the packet, which
// is held in memory until written, within budget; it is plenty for reading
// and for printing handwriting. Redaction happens on that bitmap before encoding, so
// the original pixels under a box are never in the file.
const (
	embedDPI     = 200
	jpegQuality  = 75
	scanMarginMM = 15.0 // left/right margin around a scanned image
	scanTopMM    = 20.0 // below the header
	scanBottomMM = 20.0 // above the footer
)

// preparedScan is one scanned page ready to place.
type preparedScan struct {
	jpg       []byte
	px        [2]int  // its size in pixels
	wmm, hmm  float64 // placed size
	landscape bool
	redacted  int // boxes applied
	err       error
}

// pageArea is the printable area for a scanned page in the given orientation.
func pageArea(landscape bool) (w, h float64) {
	pw, ph := 210.0, 297.0
	if landscape {
		pw, ph = ph, pw
	}
	return pw - 2*scanMarginMM, ph - scanTopMM - scanBottomMM
}

// prepareScan opens, rotates, resamples, redacts and encodes one page. The
// decoded image lives only inside this call.
func prepareScan(sp ScannedPage) (out preparedScan) {
	defer func() { // a decoder that panics on a damaged file fails the page, not the program
		if p := recover(); p != nil {
			out = preparedScan{err: fmt.Errorf("panic: %v", p)}
		}
	}()
	rot := ((sp.Rotation % 360) + 360) % 360
	if rot%90 != 0 {
		return preparedScan{err: fmt.Errorf("rotation %d° is not a multiple of 90", sp.Rotation)}
	}
	if sp.Open == nil {
		return preparedScan{err: errors.New("no image")}
	}
	img, err := sp.Open()
	if err != nil {
		return preparedScan{err: err}
	}
	if img == nil {
		return preparedScan{err: errors.New("no image")}
	}
	pl := lumaOf(img) // from here on only the luma plane (often the same memory)
	if pl.w < 1 || pl.h < 1 {
		return preparedScan{err: errors.New("empty image")}
	}
	pw, ph := pl.w, pl.h // size after rotation, in pixels
	if rot == 90 || rot == 270 {
		pw, ph = ph, pw
	}

	// Physical size after rotation. Callers may give it for the image as
	// stored or as rotated: take whichever matches the pixels' aspect.
	wmm, hmm := sp.WidthMM, sp.HeightMM
	if wmm < 0 || hmm < 0 || math.IsNaN(wmm+hmm) || math.IsInf(wmm+hmm, 0) {
		return preparedScan{err: fmt.Errorf("bad physical size %g × %g mm", wmm, hmm)}
	}
	switch {
	case wmm > 0 && hmm == 0:
		hmm = wmm * float64(ph) / float64(pw)
	case hmm > 0 && wmm == 0:
		wmm = hmm * float64(pw) / float64(ph)
	case wmm > 0 && hmm > 0 && pw != ph:
		asGiven := math.Abs(math.Log(wmm / hmm / (float64(pw) / float64(ph))))
		swapped := math.Abs(math.Log(hmm / wmm / (float64(pw) / float64(ph))))
		if swapped < asGiven {
			wmm, hmm = hmm, wmm
		}
	}

	out.landscape = pw > ph
	aw, ah := pageArea(out.landscape)
	if wmm > 0 && hmm > 0 && wmm <= aw && hmm <= ah {
		out.wmm, out.hmm = wmm, hmm // true size: never enlarged
	} else {
		if wmm == 0 || hmm == 0 { // unknown size: fit the page
			wmm, hmm = float64(pw), float64(ph)
		}
		s := math.Min(aw/wmm, ah/hmm)
		out.wmm, out.hmm = wmm*s, hmm*s
	}

	// Pixels needed for embedDPI at the placed size; never more than we have.
	f := math.Min(1, out.wmm/25.4*embedDPI/float64(pw))
	tw := max(1, int(math.Round(float64(pw)*f)))
	th := max(1, int(math.Round(float64(ph)*f)))
	bx, by := bounds(pw, tw), bounds(ph, th)
	g := resample(pl, rot, bx, by)
	pl = plane{}
	defer pixPool.Put(&g.Pix)

	for _, r := range sp.Redact {
		if r.W <= 0 || r.H <= 0 {
			return preparedScan{err: fmt.Errorf("redaction box %+v is empty", r)}
		}
		x0, x1 := cover(bx, r.X, r.X+r.W)
		y0, y1 := cover(by, r.Y, r.Y+r.H)
		if x0 >= x1 || y0 >= y1 {
			return preparedScan{err: fmt.Errorf("redaction box %+v lies outside the %d × %d page", r, pw, ph)}
		}
		for y := y0; y < y1; y++ {
			clear(g.Pix[y*g.Stride+x0 : y*g.Stride+x1])
		}
		out.redacted++
	}

	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if err := jpeg.Encode(buf, g, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return preparedScan{err: err}
	}
	out.jpg = bytes.Clone(buf.Bytes()) // exact size: it is held until the PDF is written
	out.px = [2]int{tw, th}
	return out
}

// Working buffers are reused from page to page: less garbage, fewer
// collections.
var (
	pixPool = sync.Pool{}
	bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// plane is an 8-bit luminance bitmap: pix[y*stride+x].
type plane struct {
	pix       []uint8
	stride    int
	w, h      int
	converted bool
}

// lumaOf returns img's luminance without copying for the kinds decoders give
// for scans (Gray, and YCbCr from JPEG, whose Y plane is the luminance), and
// converts other kinds row by row. Transparent pixels count as white paper.
func lumaOf(img image.Image) plane {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		return plane{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], stride: m.Stride, w: w, h: h}
	case *image.YCbCr:
		return plane{pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], stride: m.YStride, w: w, h: h}
	}
	p := plane{pix: make([]uint8, w*h), stride: w, w: w, h: h, converted: true}
	switch m := img.(type) {
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				c := row[4*x : 4*x+4]
				l := luma8(uint32(c[0]), uint32(c[1]), uint32(c[2]))
				a := uint32(c[3])
				p.pix[y*w+x] = uint8((l*a + 255*(255-a) + 127) / 255)
			}
		}
	case *image.RGBA: // premultiplied: luma of the premultiplied colour plus white behind
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				c := row[4*x : 4*x+4]
				p.pix[y*w+x] = uint8(min(255, luma8(uint32(c[0]), uint32(c[1]), uint32(c[2]))+255-uint32(c[3])))
			}
		}
	case *image.Paletted:
		var lut [256]uint8
		for i, c := range m.Palette {
			lut[i] = grayOf(c)
		}
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p.pix[y*w+x] = lut[row[x]]
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				p.pix[y*w+x] = grayOf(img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return p
}

func luma8(r, g, b uint32) uint32 { return (19595*r + 38470*g + 7471*b + 1<<15) >> 16 }

// grayOf is a colour's luminance over white paper.
func grayOf(c color.Color) uint8 {
	r, g, b, a := c.RGBA() // premultiplied, 16-bit
	l := (19595*r + 38470*g + 7471*b + 1<<15) >> 16
	return uint8(min(0xffff, l+0xffff-a) >> 8)
}

// bounds splits n source pixels into t boxes: box i is [b[i], b[i+1]).
func bounds(n, t int) []int {
	b := make([]int, t+1)
	for i := range b {
		b[i] = i * n / t
	}
	return b
}

// cover returns the boxes [i0, i1) that overlap source pixels [from, to), so
// a target pixel that mixes in even one redacted source pixel is blacked out.
func cover(b []int, from, to int) (int, int) {
	i0, i1 := len(b)-1, 0
	for i := 0; i+1 < len(b); i++ {
		if b[i] < to && b[i+1] > from {
			i0, i1 = min(i0, i), i+1
		}
	}
	return i0, i1
}

// resample rotates (clockwise, rot in 0/90/180/270) and box-filters the
// plane to len(bx)-1 × len(by)-1 pixels. bx and by split the rotated size.
func resample(p plane, rot int, bx, by []int) *image.Gray {
	tw, th := len(bx)-1, len(by)-1
	W, H := p.w, p.h
	var pix []uint8
	if b, _ := pixPool.Get().(*[]uint8); b != nil && cap(*b) >= tw*th {
		pix = (*b)[:tw*th]
	} else {
		pix = make([]uint8, tw*th)
	}
	g := &image.Gray{Pix: pix, Stride: tw, Rect: image.Rect(0, 0, tw, th)}
	if (rot == 0 || rot == 180) && !slowResample {
		resampleRows(p, rot == 180, bx, by, g)
		return g
	}
	for ty := 0; ty < th; ty++ {
		v0, v1 := by[ty], by[ty+1]
		out := g.Pix[ty*g.Stride : ty*g.Stride+tw]
		for tx := range out {
			u0, u1 := bx[tx], bx[tx+1]
			var x0, x1, y0, y1 int
			switch rot {
			case 0:
				x0, x1, y0, y1 = u0, u1, v0, v1
			case 90: // rotated (u, v) is stored (v, H-1-u)
				x0, x1, y0, y1 = v0, v1, H-u1, H-u0
			case 180:
				x0, x1, y0, y1 = W-u1, W-u0, H-v1, H-v0
			default: // 270: rotated (u, v) is stored (W-1-v, u)
				x0, x1, y0, y1 = W-v1, W-v0, u0, u1
			}
			sum := 0
			for y := y0; y < y1; y++ {
				for _, v := range p.pix[y*p.stride+x0 : y*p.stride+x1] {
					sum += int(v)
				}
			}
			n := (x1 - x0) * (y1 - y0)
			out[tx] = uint8((sum + n/2) / n)
		}
	}
	return g
}

// slowResample makes resample take its general path for every rotation (a
// test compares the two).
var slowResample = false

// resampleRows is resample for 0° and 180°, reading the source row by row:
// each target row sums its band of source rows column-wise, then each
// target pixel sums its run of columns.
func resampleRows(p plane, flip bool, bx, by []int, g *image.Gray) {
	tw, th := len(bx)-1, len(by)-1
	W, H := p.w, p.h
	acc := make([]uint32, W)
	for ty := 0; ty < th; ty++ {
		y0, y1 := by[ty], by[ty+1]
		if flip { // rotated (u, v) is stored (W-1-u, H-1-v)
			y0, y1 = H-y1, H-y0
		}
		clear(acc)
		for y := y0; y < y1; y++ {
			row := p.pix[y*p.stride : y*p.stride+W]
			acc := acc[:len(row)]
			for x, v := range row {
				acc[x] += uint32(v)
			}
		}
		rows := uint32(y1 - y0)
		out := g.Pix[ty*g.Stride : ty*g.Stride+tw]
		for tx := range out {
			x0, x1 := bx[tx], bx[tx+1]
			if flip {
				x0, x1 = W-x1, W-x0
			}
			var sum uint32
			for _, a := range acc[x0:x1] {
				sum += a
			}
			n := rows * uint32(x1-x0)
			out[tx] = uint8((sum + n/2) / n)
		}
	}
}

// scanPipeline prepares scanned pages ahead of the page that places them,
// on up to GOMAXPROCS workers (at most 4), holding at most a few finished
// pages at a time so memory stays bounded whatever the packet's length.
type scanPipeline struct {
	results []chan preparedScan
	slots   chan struct{}
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

func startScans(ctx context.Context, pages []ScannedPage) *scanPipeline {
	ctx, cancel := context.WithCancel(ctx)
	workers := min(4, max(1, runtime.GOMAXPROCS(0)))
	p := &scanPipeline{
		results: make([]chan preparedScan, len(pages)),
		slots:   make(chan struct{}, workers+1),
		cancel:  cancel,
	}
	for i := range p.results {
		p.results[i] = make(chan preparedScan, 1)
	}
	jobs := make(chan int)
	p.wg.Add(1)
	go func() { // hands out pages in order while there is room ahead
		defer p.wg.Done()
		defer close(jobs)
		for k := range pages {
			select {
			case p.slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for k := range jobs {
				if ctx.Err() != nil {
					return
				}
				p.results[k] <- prepareScan(pages[k])
				collectIfNeeded()
			}
		}()
	}
	return p
}

// get waits for page k (pages must be taken in order).
func (p *scanPipeline) get(ctx context.Context, k int) (preparedScan, error) {
	select {
	case r := <-p.results[k]:
		<-p.slots
		return r, nil
	case <-ctx.Done():
		return preparedScan{}, ctx.Err()
	}
}

// stop ends the workers and waits for them, so no Open runs after Build.
func (p *scanPipeline) stop() {
	p.cancel()
	p.wg.Wait()
}
