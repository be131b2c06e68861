package scans

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"

	"golang.org/x/image/tiff"
)

// maxDecodedBytes bounds the memory one page's decoded pixels may take, as
// the decoders allocate it (width × height × bytes a pixel, which depends on
// the colour model and bit depth the header declares). 250 MB lets through
// an A4 page at 600 dpi in 8-bit colour (4960 × 7016 × 4 bytes = 139 MB) and
// an A3 page at 600 dpi in 8-bit gray (7016 × 9921 × 1 = 70 MB), and refuses
// a 16-bit 10000 × 10000 RGBA PNG (800 MB from a file under 1 MB) before
// anything is allocated; pages are decoded several at once, so the bound
// keeps a batch within a 4 GB laptop. A variable so tests can lower it.
var maxDecodedBytes int64 = 250e6

// maxSide bounds each side (an A0 sheet at 600 dpi is 19,900 × 28,100),
// so a long thin "page" cannot make the per-row buffers huge.
const maxSide = 60000

// sizeError is a page whose decoded pixels would exceed the bounds.
type sizeError struct {
	w, h, bits int
	need       int64 // bytes
}

// detail says why, in the clerk's terms.
func (e *sizeError) detail() string {
	if e.w > maxSide || e.h > maxSide {
		return fmt.Sprintf("%d×%d pixels is longer than %d pixels on a side; scan at 300 dpi or less", e.w, e.h, maxSide)
	}
	return fmt.Sprintf("%d×%d pixels at %d bits per channel would need %d MB; scan at 300 dpi or less",
		e.w, e.h, e.bits, (e.need+999_999)/1_000_000)
}

func (e *sizeError) Error() string { return "the page is too large to import: " + e.detail() }

// checkSize vets the size a header claims before anything is allocated, at
// the cheapest a page can cost (one byte a pixel); the decoders then check
// the real cost with checkDecoded once the header's colour model is known.
func checkSize(w, h int) error { return checkDecoded(w, h, 1, 8) }

// checkDecoded vets the memory w × h pixels of bytesPerPixel take, bits
// being the decoded bits per channel named in the refusal.
func checkDecoded(w, h, bytesPerPixel, bits int) error {
	if w <= 0 || h <= 0 {
		return errors.New("the image has no size: the file is damaged")
	}
	need := int64(w) * int64(h) * int64(bytesPerPixel)
	if w > maxSide || h > maxSide || need > maxDecodedBytes {
		return &sizeError{w: w, h: h, bits: bits, need: need}
	}
	return nil
}

// decodedCost is what the standard library's decoders allocate a pixel for
// an image of colour model m, and the bits a channel they keep.
func decodedCost(m color.Model) (bytesPerPixel, bits int) {
	if _, ok := m.(color.Palette); ok {
		return 1, 8
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1, 8
	case color.Gray16Model, color.Alpha16Model:
		return 2, 16
	case color.YCbCrModel, color.NYCbCrAModel:
		return 4, 8 // 3 at 4:4:4, plus alpha for NYCbCrA
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4, 8
	}
	return 8, 16 // RGBA64, NRGBA64, or unknown: the worst
}

// pageError attributes an error found while opening a file to a page.
type pageError struct {
	page int
	err  error
}

func (e *pageError) Error() string { return fmt.Sprintf("page %d: %v", e.page, e.err) }
func (e *pageError) Unwrap() error { return e.err }

// Sniff says what a file is from its first bytes: "jpeg", "png", "tiff",
// "pdf", or "" for anything else.
func Sniff(data []byte) string {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		return "pdf"
	}
	return ""
}

// unsupported explains a file Sniff does not recognise.
func unsupported(name string, data []byte) error {
	const supported = "Dossier imports scans saved as PDF, TIFF, JPEG or PNG"
	if len(data) == 0 {
		return errors.New("the file is empty")
	}
	what := ""
	switch {
	case bytes.HasPrefix(data, []byte("GIF8")):
		what = "a GIF image"
	case bytes.HasPrefix(data, []byte("BM")):
		what = "a BMP image"
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		what = "a WebP image"
	case len(data) > 12 && string(data[4:8]) == "ftyp" && (strings.HasPrefix(string(data[8:12]), "hei") || strings.HasPrefix(string(data[8:12]), "mif1") || strings.HasPrefix(string(data[8:12]), "avif")):
		what = "a HEIC/AVIF photo (as phones save)"
	case bytes.HasPrefix(data, []byte("II+\x00")), bytes.HasPrefix(data, []byte("MM\x00+")):
		what = "a BigTIFF image"
	case len(data) > 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6':
		return errors.New("it is a PNM image (scanimage's default output): scan with --format=png or --format=tiff")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		what = "a ZIP archive or office document"
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		what = "an old-style office document"
	}
	if what != "" {
		return fmt.Errorf("it is %s. %s", what, supported)
	}
	ext := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
	switch ext {
	case "tif", "tiff":
		return fmt.Errorf("it is not a TIFF image, although its name ends in .%s. %s", ext, supported)
	case "jpg", "jpeg":
		return fmt.Errorf("it is not a JPEG image, although its name ends in .%s. %s", ext, supported)
	case "png", "pdf":
		return fmt.Errorf("it is not a %s file, although its name ends in .%s. %s", strings.ToUpper(ext), ext, supported)
	}
	return fmt.Errorf("it is not a scan Dossier can read. %s", supported)
}

// describe turns a decoder's error into plain words, keeping the detail.
func describe(format string, err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("the %s image is incomplete: the file was cut short (%v)", format, err)
	case isUnsupported(err):
		return fmt.Errorf("the %s image uses a feature Dossier cannot read (%v)", format, err)
	}
	return fmt.Errorf("the %s image is damaged (%v)", format, err)
}

func isUnsupported(err error) bool {
	var j jpeg.UnsupportedError
	var p png.UnsupportedError
	var t tiff.UnsupportedError
	return errors.As(err, &j) || errors.As(err, &p) || errors.As(err, &t)
}

func decodeJPEG(ctx context.Context, data []byte) (*rendered, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, describe("JPEG", err)
	}
	bpp, bits := jpegCost(cfg.ColorModel, data)
	if err := checkDecoded(cfg.Width, cfg.Height, bpp, bits); err != nil {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, describe("JPEG", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dpi, rot := jpegMeta(data)
	b := img.Bounds()
	return &rendered{format: "jpeg", original: data, w: b.Dx(), h: b.Dy(), dpi: dpi, rot: rot,
		display: shrink(img, DisplayMax)}, nil
}

func decodePNG(ctx context.Context, data []byte) (*rendered, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, describe("PNG", err)
	}
	bpp, bits := decodedCost(cfg.ColorModel)
	if err := checkDecoded(cfg.Width, cfg.Height, bpp, bits); err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, describe("PNG", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := img.Bounds()
	// A PNG is already lossless: it is kept as it came.
	return &rendered{format: "png", original: data, w: b.Dx(), h: b.Dy(), dpi: pngDPI(data),
		display: shrink(img, DisplayMax)}, nil
}

// jpegCost is decodedCost for a JPEG: a progressive JPEG also keeps every
// component's coefficients (64 int32 an 8 × 8 block, 4 bytes a sample) until
// the last scan.
func jpegCost(m color.Model, data []byte) (bytesPerPixel, bits int) {
	bpp, bits := decodedCost(m)
	if progressiveJPEG(data) {
		comps := 3
		if m == color.GrayModel {
			comps = 1
		} else if m == color.CMYKModel {
			comps = 4
		}
		bpp += 4 * comps
	}
	return bpp, bits
}

// progressiveJPEG reports a start-of-frame marker for progressive coding
// (SOF2) before the first scan.
func progressiveJPEG(b []byte) bool {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return false
		}
		m := b[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			i += 2
			continue
		case m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE:
			return true
		case m == 0xDA || m == 0xD9:
			return false
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 {
			return false
		}
		i += 2 + n
	}
	return false
}

// jpegMeta reads the resolution (JFIF density, else EXIF) and the EXIF
// orientation from the markers before the image data.
func jpegMeta(b []byte) (dpi, rot int) {
	exifDPI := 0
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			break
		}
		m := b[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 {
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			break
		}
		seg := b[i+4 : i+2+n]
		switch {
		case m == 0xE0 && len(seg) >= 12 && string(seg[:5]) == "JFIF\x00" && dpi == 0:
			d := float64(binary.BigEndian.Uint16(seg[8:]))
			switch seg[7] {
			case 1:
				dpi = int(d)
			case 2:
				dpi = int(math.Round(d * 2.54))
			}
		case m == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00":
			if t, off, err := parseTIFFHeader(seg[6:]); err == nil {
				if ifd, _, err := t.ifd(off); err == nil {
					exifDPI = t.resolution(ifd)
					rot = orientationRotation(t.uint(ifd, tagOrientation, 1))
				}
			}
		}
		i += 2 + n
	}
	if dpi <= 1 { // 0, or the 1:1 aspect-ratio placeholder
		dpi = exifDPI
	}
	return dpi, rot
}

// pngDPI reads the pHYs chunk.
func pngDPI(b []byte) int {
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || i+12+n > len(b) || typ == "IDAT" {
			break
		}
		if typ == "pHYs" && n >= 9 && b[i+16] == 1 {
			ppm := float64(binary.BigEndian.Uint32(b[i+8:]))
			return int(math.Round(ppm * 0.0254))
		}
		i += 12 + n
	}
	return 0
}
