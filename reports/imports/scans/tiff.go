package scans

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"math"

	"golang.org/x/image/tiff"
)

// golang.org/x/image/tiff decodes only the first image (IFD) of a file. A
// multi-page TIFF is a chain of IFDs, so we walk the chain here and decode
// page n by showing the decoder the file through a view whose header points
// at IFD n instead of the first: 8 bytes differ, nothing is copied.

// tiffFile reads TIFF structures with bounds checks.
type tiffFile struct {
	b  []byte
	bo binary.ByteOrder
}

type ifdEntry struct {
	typ   uint16
	count uint32
	val   []byte
}

var errNotTIFF = errors.New("it is not a TIFF image")

func parseTIFFHeader(b []byte) (*tiffFile, uint32, error) {
	if len(b) < 8 {
		return nil, 0, errNotTIFF
	}
	t := &tiffFile{b: b}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, 0, errNotTIFF
	}
	switch t.bo.Uint16(b[2:]) {
	case 42:
	case 43:
		return nil, 0, errors.New("it is a BigTIFF file, which Dossier cannot read: save it as an ordinary TIFF, PDF or PNG")
	default:
		return nil, 0, errNotTIFF
	}
	return t, t.bo.Uint32(b[4:]), nil
}

var typeSize = [...]int{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// ifd reads the directory at off.
func (t *tiffFile) ifd(off uint32) (map[uint16]ifdEntry, uint32, error) {
	b := t.b
	if int64(off)+2 > int64(len(b)) || off < 8 {
		return nil, 0, errors.New("the TIFF page list is damaged")
	}
	n := int(t.bo.Uint16(b[off:]))
	end := int64(off) + 2 + 12*int64(n)
	if end+4 > int64(len(b)) {
		return nil, 0, errors.New("the TIFF page list is damaged")
	}
	m := make(map[uint16]ifdEntry, n)
	for i := range n {
		e := b[int(off)+2+12*i:]
		tag, typ, count := t.bo.Uint16(e), t.bo.Uint16(e[2:]), t.bo.Uint32(e[4:])
		if int(typ) >= len(typeSize) || typeSize[typ] == 0 {
			continue
		}
		size := int64(count) * int64(typeSize[typ])
		var val []byte
		if size <= 4 {
			val = e[8 : 8+size]
		} else {
			o := int64(t.bo.Uint32(e[8:]))
			if o+size > int64(len(b)) {
				continue // points outside the file; the decoder reports it if it matters
			}
			val = b[o : o+size]
		}
		m[tag] = ifdEntry{typ: typ, count: count, val: val}
	}
	return m, t.bo.Uint32(b[end:]), nil
}

// uint reads the first value of an integer entry.
func (t *tiffFile) uint(m map[uint16]ifdEntry, tag uint16, def uint) uint {
	e, ok := m[tag]
	if !ok || e.count == 0 {
		return def
	}
	switch e.typ {
	case 1, 7:
		return uint(e.val[0])
	case 3:
		return uint(t.bo.Uint16(e.val))
	case 4, 13:
		return uint(t.bo.Uint32(e.val))
	}
	return def
}

func (t *tiffFile) rational(m map[uint16]ifdEntry, tag uint16) float64 {
	e, ok := m[tag]
	if !ok || e.count == 0 {
		return 0
	}
	switch e.typ {
	case 5:
		num, den := t.bo.Uint32(e.val), t.bo.Uint32(e.val[4:])
		if den == 0 {
			return 0
		}
		return float64(num) / float64(den)
	case 3, 4:
		return float64(t.uint(m, tag, 0))
	}
	return 0
}

const (
	tagSubfileType   = 254
	tagWidth         = 256
	tagHeight        = 257
	tagBitsPerSample = 258
	tagCompression   = 259
	tagSamples       = 277
	tagOrientation   = 274
	tagXResolution   = 282
	tagResUnit       = 296
)

// resolution converts a TIFF/EXIF resolution to dots per inch.
func (t *tiffFile) resolution(m map[uint16]ifdEntry) int {
	x := t.rational(m, tagXResolution)
	switch t.uint(m, tagResUnit, 2) {
	case 2:
	case 3:
		x *= 2.54
	default:
		return 0
	}
	if x < 1 || x > 100000 {
		return 0
	}
	return int(math.Round(x))
}

// orientationRotation turns an EXIF/TIFF orientation into the clockwise
// turn a viewer must apply. Mirrored orientations are left alone.
func orientationRotation(o uint) int {
	switch o {
	case 3:
		return 180
	case 6:
		return 90
	case 8:
		return 270
	}
	return 0
}

type tiffPage struct {
	f        *tiffFile
	ifd      uint32
	w, h     int
	dpi, rot int
	jpeg     map[uint16]ifdEntry // the page's tags when it is JPEG-compressed
	bpp      int                 // bytes a decoded pixel takes (x/image/tiff: Gray, Gray16, RGBA, RGBA64)
	bits     int                 // bits a channel, decoded
}

// tiffPages walks the IFD chain. A broken link after some pages is an
// error for the next page.
func tiffPages(data []byte) ([]tiffPage, error) {
	t, off, err := parseTIFFHeader(data)
	if err != nil {
		return nil, err
	}
	var pages []tiffPage
	seen := map[uint32]bool{}
	for off != 0 {
		if seen[off] {
			break // a loop in the chain: every page was seen
		}
		seen[off] = true
		m, next, err := t.ifd(off)
		if err != nil {
			return nil, &pageError{page: len(pages) + 1, err: err}
		}
		if t.uint(m, tagSubfileType, 0)&1 != 0 {
			off = next // a reduced-resolution copy (preview), not a page
			continue
		}
		p := tiffPage{f: t, ifd: off, w: int(t.uint(m, tagWidth, 0)), h: int(t.uint(m, tagHeight, 0)),
			dpi: t.resolution(m), rot: orientationRotation(t.uint(m, tagOrientation, 1))}
		p.bpp, p.bits = 1, 8
		if t.uint(m, tagBitsPerSample, 1) > 8 {
			p.bpp, p.bits = 2, 16
		}
		if t.uint(m, tagSamples, 1) > 1 {
			p.bpp *= 4 // RGB and RGBA both decode to four channels
		}
		switch c := t.uint(m, tagCompression, 1); c {
		case 7:
			p.jpeg = m // x/image/tiff cannot: see decodeJPEGTIFF
		case 6:
			return nil, &pageError{page: len(pages) + 1, err: errors.New("it uses old-style JPEG compression inside TIFF, which Dossier cannot read: scan to JPEG or PDF, or save the TIFF with LZW, ZIP or Group 4 compression")}
		case 2:
			return nil, &pageError{page: len(pages) + 1, err: errors.New("it uses CCITT RLE compression, which Dossier cannot read: save the TIFF with Group 4 compression")}
		}
		pages = append(pages, p)
		if len(pages) > maxPDFPages {
			return nil, fmt.Errorf("it has more than %d pages: split it into smaller files", maxPDFPages)
		}
		off = next
	}
	if len(pages) == 0 {
		return nil, errors.New("the TIFF file has no pages")
	}
	return pages, nil
}

// ifdView presents the file with its first-IFD offset replaced.
type ifdView struct {
	b   []byte
	hdr [8]byte
	pos int64
}

func (v *ifdView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(v.b)) {
		return 0, io.EOF
	}
	n := copy(p, v.b[off:])
	if off < 8 {
		copy(p, v.hdr[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (v *ifdView) Read(p []byte) (int, error) {
	n, err := v.ReadAt(p, v.pos)
	v.pos += int64(n)
	return n, err
}

func (p tiffPage) decode(ctx context.Context) (*rendered, error) {
	if err := checkDecoded(p.w, p.h, p.bpp, p.bits); err != nil {
		return nil, err
	}
	if p.jpeg != nil {
		return p.decodeJPEGTIFF(ctx)
	}
	v := &ifdView{b: p.f.b}
	copy(v.hdr[:], p.f.b[:8])
	p.f.bo.PutUint32(v.hdr[4:], p.ifd)
	img, err := tiff.Decode(v)
	if err != nil {
		return nil, describe("TIFF", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := img.Bounds()
	out := &rendered{format: "png", w: b.Dx(), h: b.Dy(), dpi: p.dpi, rot: p.rot}
	out.display = shrink(img, DisplayMax)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out.original = encodeOriginal(img, p.dpi)
	return out, nil
}

// TIFF tags of JPEG-compressed pages.
const (
	tagRowsPerStrip    = 278
	tagStripOffsets    = 273
	tagStripByteCounts = 279
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagJPEGTables      = 347
)

func (t *tiffFile) uints(m map[uint16]ifdEntry, tag uint16) []int {
	e, ok := m[tag]
	if !ok {
		return nil
	}
	out := make([]int, 0, min(int(e.count), len(e.val)))
	for i := 0; i < int(e.count); i++ {
		switch {
		case e.typ == 3 && 2*i+2 <= len(e.val):
			out = append(out, int(t.bo.Uint16(e.val[2*i:])))
		case (e.typ == 4 || e.typ == 13) && 4*i+4 <= len(e.val):
			out = append(out, int(t.bo.Uint32(e.val[4*i:])))
		default:
			return out
		}
	}
	return out
}

// decodeJPEGTIFF reads a page with TIFF compression 7: every strip or tile
// is a JPEG stream, sharing the tables in JPEGTables. Office scanners
// write colour TIFFs this way. A page stored as one block is passed
// through as a JPEG original (the tables spliced in); several blocks are
// put together and stored as PNG.
func (p tiffPage) decodeJPEGTIFF(ctx context.Context) (*rendered, error) {
	t, m := p.f, p.jpeg
	bw, bh := p.w, int(t.uint(m, tagRowsPerStrip, uint(p.h)))
	offs, counts := t.uints(m, tagStripOffsets), t.uints(m, tagStripByteCounts)
	if _, tiled := m[tagTileWidth]; tiled {
		bw, bh = int(t.uint(m, tagTileWidth, 0)), int(t.uint(m, tagTileLength, 0))
		offs, counts = t.uints(m, tagTileOffsets), t.uints(m, tagTileByteCounts)
	}
	bh = min(max(bh, 1), p.h)
	if bw <= 0 || bw > maxSide {
		return nil, errors.New("the TIFF image is damaged (bad tile size)")
	}
	across, down := (p.w+bw-1)/bw, (p.h+bh-1)/bh
	if len(offs) < across*down || len(counts) < across*down {
		return nil, errors.New("the TIFF image is damaged (missing strips)")
	}
	var tables []byte
	if e, ok := m[tagJPEGTables]; ok && len(e.val) >= 4 && e.val[0] == 0xFF && e.val[1] == 0xD8 {
		tables = e.val
		if n := len(tables); tables[n-2] == 0xFF && tables[n-1] == 0xD9 {
			tables = tables[:n-2]
		}
	}
	block := func(i int) ([]byte, error) {
		o, n := offs[i], counts[i]
		if o < 0 || n < 2 || o+n > len(t.b) {
			return nil, errors.New("the TIFF image is incomplete: the file was cut short")
		}
		b := t.b[o : o+n]
		if tables == nil {
			return b, nil
		}
		if b[0] == 0xFF && b[1] == 0xD8 {
			b = b[2:]
		}
		return append(append(make([]byte, 0, len(tables)+len(b)), tables...), b...), nil
	}
	if across*down == 1 && bw >= p.w && bh >= p.h {
		jpg, err := block(0)
		if err != nil {
			return nil, err
		}
		if tables == nil {
			jpg = bytes.Clone(jpg)
		}
		out, err := decodeJPEG(ctx, jpg)
		if err != nil {
			return nil, err
		}
		if out.w != p.w || out.h != p.h {
			return nil, errors.New("the TIFF image is damaged (its JPEG data has another size)")
		}
		out.dpi, out.rot = p.dpi, p.rot
		return out, nil
	}
	var dst draw.Image
	for i := range across * down {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		jpg, err := block(i)
		if err != nil {
			return nil, err
		}
		img, err := jpeg.Decode(bytes.NewReader(jpg))
		if err != nil {
			return nil, describe("TIFF (JPEG)", err)
		}
		if dst == nil {
			if _, gray := img.(*image.Gray); gray {
				dst = image.NewGray(image.Rect(0, 0, p.w, p.h))
			} else {
				dst = image.NewRGBA(image.Rect(0, 0, p.w, p.h))
			}
		}
		at := image.Pt(i%across*bw, i/across*bh)
		draw.Draw(dst, image.Rectangle{Min: at, Max: at.Add(img.Bounds().Size())}, img, img.Bounds().Min, draw.Src)
	}
	return &rendered{format: "png", w: p.w, h: p.h, dpi: p.dpi, rot: p.rot,
		display: shrink(dst, DisplayMax), original: encodeOriginal(dst, p.dpi)}, nil
}
