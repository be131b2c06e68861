package scans

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"

	"golang.org/x/image/ccitt"
)

type csKind int

const (
	csGray    csKind = iota
	csRGB            // DeviceRGB, CalRGB, ICC with 3 components
	csCMYK           // DeviceCMYK, ICC with 4 components
	csIndexed        // palette
	csSep            // one colorant: 0 = paper, 1 = full ink
)

// pdfImage is everything needed to decode one page's picture, resolved
// from the document while it was opened.
type pdfImage struct {
	w, h, bpc, ncomp int
	filters          []pdfName
	parms            []map[string]int
	raw              []byte
	cs               csKind
	palette          []byte // csIndexed: RGB triples
	paletteGray      bool
	mask             bool      // an image mask (stencil): painted samples are black
	decode           []float64 // /Decode, 2 numbers a component, nil for the default
	dpi, rot         int
}

var errDamagedImage = errors.New("the image data is damaged or incomplete")

// imageSpec reads an image XObject's dictionary.
func (d *pdfDoc) imageSpec(s *pdfStream, res pdfDict) (*pdfImage, error) {
	im := &pdfImage{raw: s.raw}
	im.w, _ = asInt(d.resolve(s.dict["Width"]))
	im.h, _ = asInt(d.resolve(s.dict["Height"]))
	names, parms, err := d.filters(s.dict)
	if err != nil {
		return nil, err
	}
	im.filters = names
	for _, p := range parms {
		im.parms = append(im.parms, d.intParms(p))
	}
	for _, n := range names {
		if n == "JBIG2Decode" || n == "JPXDecode" {
			_, err := applyFilter(nil, n, nil, 0)
			return nil, err
		}
	}
	if len(names) > 0 && names[len(names)-1] == "DCTDecode" {
		return im, nil // the JPEG says the rest
	}
	if err := checkSize(im.w, im.h); err != nil {
		return nil, err
	}
	im.mask, _ = d.resolve(s.dict["ImageMask"]).(bool)
	im.bpc, _ = asInt(d.resolve(s.dict["BitsPerComponent"]))
	if im.mask {
		im.bpc, im.ncomp, im.cs = 1, 1, csGray
	} else {
		if err := d.colorSpace(im, d.resolve(s.dict["ColorSpace"]), res, 0); err != nil {
			return nil, err
		}
	}
	if len(names) > 0 && names[len(names)-1] == "CCITTFaxDecode" {
		if im.ncomp != 1 || im.cs == csIndexed {
			return nil, errDamagedImage
		}
		im.bpc = 1
	}
	switch im.bpc {
	case 1, 2, 4, 8:
	case 16:
		if im.cs == csIndexed {
			return nil, errDamagedImage
		}
	default:
		return nil, fmt.Errorf("its image has %d bits per sample, which is not valid", im.bpc)
	}
	if a, ok := d.resolve(s.dict["Decode"]).(pdfArray); ok && len(a) >= 2*im.ncomp && im.cs != csIndexed {
		im.decode = make([]float64, 2*im.ncomp)
		for i := range im.decode {
			im.decode[i], _ = asFloat(d.resolve(a[i]))
		}
		def := true
		for i := 0; i < len(im.decode); i += 2 {
			def = def && im.decode[i] == 0 && im.decode[i+1] == 1
		}
		if def {
			im.decode = nil
		}
	}
	return im, nil
}

func (d *pdfDoc) colorSpace(im *pdfImage, o any, res pdfDict, depth int) error {
	if depth > 8 {
		return errDamagedImage
	}
	set := func(k csKind, n int) error { im.cs, im.ncomp = k, n; return nil }
	switch v := o.(type) {
	case pdfName:
		switch v {
		case "DeviceGray", "G", "CalGray":
			return set(csGray, 1)
		case "DeviceRGB", "RGB", "CalRGB":
			return set(csRGB, 3)
		case "DeviceCMYK", "CMYK":
			return set(csCMYK, 4)
		}
		if cs := d.dict(res["ColorSpace"]); cs != nil && cs[v] != nil {
			return d.colorSpace(im, d.resolve(cs[v]), res, depth+1)
		}
		return fmt.Errorf("its image uses the %s colour space, which Dossier cannot read", v)
	case pdfArray:
		if len(v) == 0 {
			break
		}
		family, _ := d.resolve(v[0]).(pdfName)
		switch family {
		case "CalGray", "CalRGB", "DeviceGray", "DeviceRGB", "DeviceCMYK":
			return d.colorSpace(im, family, res, depth+1)
		case "ICCBased":
			if len(v) < 2 {
				break
			}
			st := d.dict(v[1])
			n, _ := asInt(d.resolve(st["N"]))
			switch n {
			case 1:
				return set(csGray, 1)
			case 3:
				return set(csRGB, 3)
			case 4:
				return set(csCMYK, 4)
			}
			if alt := d.resolve(st["Alternate"]); alt != nil {
				return d.colorSpace(im, alt, res, depth+1)
			}
		case "Separation":
			return set(csSep, 1)
		case "DeviceN":
			if len(v) > 1 {
				if names, ok := d.resolve(v[1]).(pdfArray); ok && len(names) == 1 {
					return set(csSep, 1)
				}
			}
			return errors.New("its image uses a DeviceN colour space, which Dossier cannot read")
		case "Indexed", "I":
			if len(v) < 4 {
				break
			}
			base := &pdfImage{}
			if err := d.colorSpace(base, d.resolve(v[1]), res, depth+1); err != nil {
				return err
			}
			if base.cs == csIndexed {
				break
			}
			hival, _ := asInt(d.resolve(v[2]))
			if hival < 0 || hival > 255 {
				break
			}
			var lookup []byte
			switch t := d.resolve(v[3]).(type) {
			case pdfString:
				lookup = []byte(t)
			case *pdfStream:
				b, err := d.decodeStream(t, 1<<16)
				if err != nil {
					return err
				}
				lookup = b
			}
			n := hival + 1
			if need := n * base.ncomp; len(lookup) < need { // short tables: pad with black
				lookup = append(lookup, make([]byte, need-len(lookup))...)
			}
			im.palette = make([]byte, 3*n)
			im.paletteGray = true
			for i := range n {
				c := lookup[i*base.ncomp : (i+1)*base.ncomp]
				var r, g, b byte
				switch base.cs {
				case csGray:
					r, g, b = c[0], c[0], c[0]
				case csSep:
					r, g, b = 255-c[0], 255-c[0], 255-c[0]
				case csRGB:
					r, g, b = c[0], c[1], c[2]
				case csCMYK:
					r, g, b = color.CMYKToRGB(c[0], c[1], c[2], c[3])
				}
				im.palette[3*i], im.palette[3*i+1], im.palette[3*i+2] = r, g, b
				im.paletteGray = im.paletteGray && r == g && g == b
			}
			return set(csIndexed, 1)
		case "Lab":
			return errors.New("its image uses the Lab colour space, which Dossier cannot read")
		}
	case nil:
		return errors.New("its image has no colour space: the PDF is damaged")
	}
	return errors.New("its image colour space is not valid: the PDF is damaged")
}

// decodePage decodes the picture into a page. JPEG pictures go through
// untouched; the others are streamed row by row into the display image and
// a PNG original.
func (im *pdfImage) decodePage(ctx context.Context) (*rendered, error) {
	last := pdfName("")
	if len(im.filters) > 0 {
		last = im.filters[len(im.filters)-1]
	}
	if last == "DCTDecode" {
		r := io.Reader(bytes.NewReader(im.raw))
		for i, f := range im.filters[:len(im.filters)-1] {
			var err error
			if r, err = applyFilter(r, f, im.parms[i], maxStreamBytes); err != nil {
				return nil, err
			}
		}
		jpg := im.raw
		if len(im.filters) > 1 {
			var buf bytes.Buffer
			if _, err := io.Copy(&buf, io.LimitReader(r, 256<<20)); err != nil && buf.Len() == 0 {
				return nil, errDamagedImage
			}
			jpg = buf.Bytes()
		} else {
			jpg = bytes.Clone(jpg) // do not keep the whole PDF alive
		}
		out, err := decodeJPEG(ctx, jpg)
		if err != nil {
			return nil, err
		}
		out.dpi, out.rot = im.dpi, im.rot
		return out, nil
	}
	plan := im.pngPlan()
	wrap := plan.raw && len(im.filters) == 1 && last == "FlateDecode" && im.parms[0]["Predictor"] >= 10 &&
		pval(im.parms[0], "Colors", 1) == im.ncomp && pval(im.parms[0], "BitsPerComponent", 8) == im.bpc &&
		pval(im.parms[0], "Columns", 1) == im.w && zlibHeader(im.raw)
	out, clean, err := im.stream(ctx, plan, !wrap)
	if err != nil {
		return nil, err
	}
	if wrap {
		if clean {
			// The Flate data with PNG predictors is exactly a PNG's IDAT.
			out.original = pngFile(im.w, im.h, plan.colorType, plan.depth, plan.palette, im.dpi, im.raw)
		} else {
			again, _, err := im.stream(ctx, plan, true)
			if err != nil {
				return nil, err
			}
			out.original = again.original
		}
	}
	return out, nil
}

// zlibHeader reports a zlib stream without a preset dictionary, as PNG
// requires.
func zlibHeader(b []byte) bool {
	return len(b) >= 2 && b[0]&0x0f == 8 && b[0]>>4 <= 7 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 && b[1]&0x20 == 0
}

func pval(p map[string]int, k string, def int) int {
	if v, ok := p[k]; ok {
		return v
	}
	return def
}

// pngPlan: how the PNG original stores the samples. raw means PNG rows are
// the PDF rows unchanged.
type pngPlanT struct {
	colorType, depth int
	palette          []byte
	raw              bool
	invert           bool // 1-bit rows stored inverted
}

func (im *pdfImage) pngPlan() pngPlanT {
	switch {
	case im.mask:
		// Mask samples of 0 are painted (black) unless /Decode is [1 0].
		return pngPlanT{colorType: pngGray, depth: 1, raw: im.decode == nil, invert: im.decode != nil}
	case im.cs == csGray && im.decode == nil:
		return pngPlanT{colorType: pngGray, depth: im.bpc, raw: true}
	case im.cs == csGray && im.bpc == 1 && im.decode[0] == 1 && im.decode[1] == 0:
		return pngPlanT{colorType: pngGray, depth: 1, invert: true}
	case im.cs == csGray, im.cs == csSep:
		return pngPlanT{colorType: pngGray, depth: 8}
	case im.cs == csRGB && im.decode == nil && im.bpc >= 8:
		return pngPlanT{colorType: pngRGB, depth: im.bpc, raw: true}
	case im.cs == csIndexed:
		// PNG allows no more palette entries than the bit depth can index.
		pal := im.palette[:min(len(im.palette), 3<<uint(im.bpc))]
		return pngPlanT{colorType: pngPalette, depth: im.bpc, palette: pal, raw: true}
	}
	return pngPlanT{colorType: pngRGB, depth: 8}
}

// luts maps each component's samples to 8 bits through /Decode.
func (im *pdfImage) luts() [][]byte {
	levels := 1 << uint(min(im.bpc, 8))
	out := make([][]byte, im.ncomp)
	for c := range out {
		lo, hi := 0.0, 1.0
		if im.decode != nil {
			lo, hi = im.decode[2*c], im.decode[2*c+1]
		}
		t := make([]byte, levels)
		for v := range t {
			f := lo + float64(v)*(hi-lo)/float64(levels-1)
			if im.cs == csSep {
				f = 1 - f
			}
			t[v] = uint8(max(0, min(255, f*255+0.5)))
		}
		out[c] = t
	}
	return out
}

// samples opens the decoded sample stream.
func (im *pdfImage) samples() (io.Reader, error) {
	r := io.Reader(bytes.NewReader(im.raw))
	for i, f := range im.filters {
		if f == "CCITTFaxDecode" {
			if i != len(im.filters)-1 {
				return nil, errDamagedImage
			}
			p := im.parms[i]
			k := p["K"]
			if k > 0 {
				return nil, errors.New("it uses mixed CCITT Group 3 2-D compression, which Dossier cannot read: scan with Group 4 or save as TIFF")
			}
			if cols := pval(p, "Columns", 1728); cols != im.w {
				return nil, errDamagedImage
			}
			mode := ccitt.Group3
			if k < 0 {
				mode = ccitt.Group4
			}
			opts := &ccitt.Options{Align: p["EncodedByteAlign"] == 1, Invert: p["BlackIs1"] == 1}
			return ccitt.NewReader(r, ccitt.MSB, mode, im.w, im.h, opts), nil
		}
		var err error
		if r, err = applyFilter(r, f, im.parms[i], int(maxDecodedBytes)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// stream decodes every row: into the display image always, into a PNG
// original when encode is set. clean reports that the sample stream ended
// exactly after the last row (with a good checksum).
func (im *pdfImage) stream(ctx context.Context, plan pngPlanT, encode bool) (*rendered, bool, error) {
	r, err := im.samples()
	if err != nil {
		return nil, false, err
	}
	w, h, bpc := im.w, im.h, im.bpc
	rowLen := (w*im.ncomp*bpc + 7) / 8
	raw := make([]byte, rowLen)
	unpacked := make([]byte, w*im.ncomp)
	gray := im.cs == csGray || im.cs == csSep || (im.cs == csIndexed && im.paletteGray)
	sink := newRowSink(w, h, DisplayMax, gray)
	var png *pngWriter
	var pngRow []byte
	if encode {
		png = newPNG(w, h, plan.colorType, plan.depth, plan.palette, im.dpi)
		pngRow = make([]byte, png.rowLen)
	}
	var luts [][]byte
	if im.cs != csIndexed {
		luts = im.luts()
	}
	disp := make([]byte, 4*w)
	for y := range h {
		if y&255 == 0 && ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		if _, err := io.ReadFull(r, raw); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, false, fmt.Errorf("%w: the picture stops at row %d of %d", errDamagedImage, y, h)
			}
			return nil, false, fmt.Errorf("%w (%v)", errDamagedImage, err)
		}
		unpack(raw, bpc, w*im.ncomp, unpacked)
		// Display row.
		switch {
		case im.mask:
			for x, v := range unpacked {
				if (v == 0) == (im.decode == nil) {
					disp[x] = 0
				} else {
					disp[x] = 255
				}
			}
			sink.push(disp[:w])
		case im.cs == csIndexed:
			pal := im.palette
			n := len(pal) / 3
			for x, v := range unpacked {
				i := int(v)
				if i >= n {
					i = n - 1
				}
				if gray {
					disp[x] = pal[3*i]
				} else {
					copy(disp[4*x:], pal[3*i:3*i+3])
					disp[4*x+3] = 255
				}
			}
			if gray {
				sink.push(disp[:w])
			} else {
				sink.push(disp)
			}
		case gray:
			t := luts[0]
			for x, v := range unpacked {
				unpacked[x] = t[v]
			}
			sink.push(unpacked)
		case im.cs == csRGB:
			for x := range w {
				disp[4*x] = luts[0][unpacked[3*x]]
				disp[4*x+1] = luts[1][unpacked[3*x+1]]
				disp[4*x+2] = luts[2][unpacked[3*x+2]]
				disp[4*x+3] = 255
			}
			sink.push(disp)
		case im.cs == csCMYK:
			for x := range w {
				disp[4*x], disp[4*x+1], disp[4*x+2] = color.CMYKToRGB(luts[0][unpacked[4*x]],
					luts[1][unpacked[4*x+1]], luts[2][unpacked[4*x+2]], luts[3][unpacked[4*x+3]])
				disp[4*x+3] = 255
			}
			sink.push(disp)
		}
		if !encode {
			continue
		}
		// Original row.
		switch {
		case plan.raw:
			png.row(raw)
		case plan.invert:
			for i, v := range raw {
				pngRow[i] = ^v
			}
			png.row(pngRow)
		case plan.colorType == pngGray: // 8-bit, already mapped in unpacked
			png.row(unpacked)
		default: // RGB 8 from the display row
			for x := range w {
				copy(pngRow[3*x:3*x+3], disp[4*x:4*x+3])
			}
			png.row(pngRow)
		}
	}
	var one [1]byte
	n, err := r.Read(one[:])
	for n == 0 && err == nil {
		n, err = r.Read(one[:])
	}
	clean := n == 0 && err == io.EOF
	out := &rendered{format: "png", w: w, h: h, dpi: im.dpi, rot: im.rot, display: sink.image()}
	if encode {
		out.original = png.bytes()
	}
	return out, clean, nil
}

// unpack expands n samples of bpc bits (16: the high byte) to one byte each,
// unscaled.
func unpack(raw []byte, bpc, n int, dst []byte) {
	switch bpc {
	case 8:
		copy(dst, raw[:n])
	case 16:
		for i := range n {
			dst[i] = raw[2*i]
		}
	case 1:
		for i := range n {
			dst[i] = raw[i>>3] >> (7 - uint(i&7)) & 1
		}
	case 2:
		for i := range n {
			dst[i] = raw[i>>2] >> (6 - 2*uint(i&3)) & 3
		}
	case 4:
		for i := range n {
			dst[i] = raw[i>>1] >> (4 - 4*uint(i&1)) & 15
		}
	}
}
