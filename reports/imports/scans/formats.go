package scans

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"

	"golang.org/x/image/tiff"
)

// maxPixels bounds one page (100 megapixels: an A3 sheet at 600 dpi is 70).
// Decoders allocate what a header claims, so the claim is checked first.
// A variable so fuzz tests can lower it.
var maxPixels = 100 << 20

// maxSide bounds each side (an A0 sheet at 600 dpi is 19,900 × 28,100),
// so a long thin "page" cannot make the per-row buffers huge.
const maxSide = 60000

func tooLarge(w, h int) error {
	return fmt.Errorf("the page is too large to import (%d × %d pixels); scan at 300 dpi", w, h)
}

// checkSize vets the size a header claims before anything is allocated.
func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return errors.New("the image has no size: the file is damaged")
	}
	if w > maxSide || h > maxSide || int64(w)*int64(h) > int64(maxPixels) {
		return tooLarge(w, h)
	}
	return nil
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
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
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
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
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
