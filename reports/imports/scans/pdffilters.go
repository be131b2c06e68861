package scans

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"hash/adler32"
	"io"

	pdffilter "github.com/pdfcpu/pdfcpu/pkg/filter"
)

// Streams and filters: what a scanned page's image stream is encoded
// with, and undoing it (Flate with PNG and TIFF predictors here; LZW,
// ASCII85, ASCIIHex and run-length through pdfcpu's filters).

// filters returns the stream's filter names and their parameters.
func (d *pdfDoc) filters(dict pdfDict) ([]pdfName, []pdfDict, error) {
	var names []pdfName
	switch f := d.resolve(dict["Filter"]).(type) {
	case nil:
	case pdfName:
		names = []pdfName{f}
	case pdfArray:
		for _, x := range f {
			n, ok := d.resolve(x).(pdfName)
			if !ok {
				return nil, nil, errPDFSyntax
			}
			names = append(names, n)
		}
	default:
		return nil, nil, errPDFSyntax
	}
	parms := make([]pdfDict, len(names))
	switch p := d.resolve(dict["DecodeParms"]).(type) {
	case pdfDict:
		if len(parms) > 0 {
			parms[0] = p
		}
	case pdfArray:
		for i := range parms {
			if i < len(p) {
				parms[i] = d.dict(p[i])
			}
		}
	}
	for i, n := range names { // abbreviations used in inline images
		switch n {
		case "Fl":
			names[i] = "FlateDecode"
		case "LZW":
			names[i] = "LZWDecode"
		case "AHx":
			names[i] = "ASCIIHexDecode"
		case "A85":
			names[i] = "ASCII85Decode"
		case "RL":
			names[i] = "RunLengthDecode"
		case "CCF":
			names[i] = "CCITTFaxDecode"
		case "DCT":
			names[i] = "DCTDecode"
		}
	}
	return names, parms, nil
}

// decodeStream decodes a whole non-image stream. Truncated compressed data
// is accepted up to where it breaks, as PDF viewers do.
func (d *pdfDoc) decodeStream(s *pdfStream, limit int) ([]byte, error) {
	names, parms, err := d.filters(s.dict)
	if err != nil {
		return nil, err
	}
	r := io.Reader(bytes.NewReader(s.raw))
	for i, n := range names {
		if r, err = applyFilter(r, n, d.intParms(parms[i]), limit); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	_, err = io.Copy(&buf, io.LimitReader(r, int64(limit)+1))
	if buf.Len() > limit {
		return nil, errors.New("a PDF stream is too large")
	}
	if err != nil && buf.Len() == 0 {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (d *pdfDoc) intParms(p pdfDict) map[string]int {
	m := map[string]int{}
	for k, v := range p {
		switch x := d.resolve(v).(type) {
		case bool:
			if x {
				m[string(k)] = 1
			} else {
				m[string(k)] = 0
			}
		default:
			if i, ok := asInt(x); ok {
				m[string(k)] = i
			}
		}
	}
	return m
}

// applyFilter wraps r in the decoder for one filter. Flate streams; the
// rarer filters come from pdfcpu and decode into memory (bounded by limit).
func applyFilter(r io.Reader, name pdfName, p map[string]int, limit int) (io.Reader, error) {
	switch name {
	case "FlateDecode":
		return withPredictor(inflater(r), p)
	case "LZWDecode", "ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode":
		cp := map[string]int{}
		if v, ok := p["EarlyChange"]; ok {
			cp["EarlyChange"] = v
		}
		f, err := pdffilter.NewFilter(string(name), cp, int64(limit))
		if err != nil {
			return nil, err
		}
		out, err := f.Decode(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return withPredictor(out, p)
	case "JBIG2Decode":
		return nil, errors.New("it uses JBIG2 compression, which Dossier cannot read: scan to PDF with another compression setting, or to TIFF")
	case "JPXDecode":
		return nil, errors.New("it uses JPEG 2000 compression, which Dossier cannot read: scan to PDF with JPEG compression, or to JPEG/TIFF")
	case "Crypt":
		return nil, errEncrypted
	}
	return nil, fmt.Errorf("it uses the %s compression, which Dossier cannot read here", name)
}

// inflater reads zlib data, or raw deflate data from writers that omit the
// zlib header.
func inflater(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 32<<10)
	h, _ := br.Peek(2)
	if len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		br.Discard(2)
		return &zlibBody{f: flate.NewReader(br), r: br, sum: adler32.New()}
	}
	return flate.NewReader(br)
}

// zlibBody inflates the body of a zlib stream and checks its trailer. (It is
// compress/zlib without the header check, which inflater already did, so a
// caller can tell a clean end from a truncated one.)
type zlibBody struct {
	f   io.ReadCloser
	r   *bufio.Reader
	sum interface {
		Write([]byte) (int, error)
		Sum32() uint32
	}
	err error
}

func (z *zlibBody) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.f.Read(p)
	z.sum.Write(p[:n])
	if err == io.EOF {
		var t [4]byte
		if _, err := io.ReadFull(z.r, t[:]); err != nil {
			z.err = io.ErrUnexpectedEOF
		} else if uint32(t[0])<<24|uint32(t[1])<<16|uint32(t[2])<<8|uint32(t[3]) != z.sum.Sum32() {
			z.err = zlib.ErrChecksum
		} else {
			z.err = io.EOF
		}
		return n, z.err
	} else if err != nil {
		z.err = err
	}
	return n, err
}

// withPredictor undoes a PNG or TIFF predictor named in p.
func withPredictor(r io.Reader, p map[string]int) (io.Reader, error) {
	pred := p["Predictor"]
	if pred <= 1 {
		return r, nil
	}
	colors, bpc, cols := 1, 8, 1
	if v, ok := p["Colors"]; ok {
		colors = v
	}
	if v, ok := p["BitsPerComponent"]; ok {
		bpc = v
	}
	if v, ok := p["Columns"]; ok {
		cols = v
	}
	if colors < 1 || colors > 32 || cols < 1 || cols > 1<<20 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) {
		return nil, errors.New("the PDF image parameters are not valid")
	}
	rowBits := colors * bpc * cols
	pr := &predictor{r: r, png: pred >= 10, bpp: max(1, colors*bpc/8), colors: colors, bpc: bpc}
	if !pr.png && pred != 2 {
		return nil, fmt.Errorf("the PDF uses an unknown predictor %d", pred)
	}
	n := (rowBits + 7) / 8
	if pr.png {
		pr.cur = make([]byte, n+1)
	} else {
		pr.cur = make([]byte, n)
	}
	pr.prev = make([]byte, n)
	return pr, nil
}

type predictor struct {
	r           io.Reader
	png         bool
	bpp         int
	colors, bpc int
	cur, prev   []byte
	out         []byte
	err         error
}

func (p *predictor) Read(b []byte) (int, error) {
	for len(p.out) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		n, err := io.ReadFull(p.r, p.cur)
		if err != nil {
			if err == io.ErrUnexpectedEOF || (err == io.EOF && n == 0) {
				// A partial last row is dropped; callers needing every row
				// notice the shortfall.
				if err == io.ErrUnexpectedEOF {
					err = io.EOF
				}
				p.err = err
				continue
			}
			p.err = err
			continue
		}
		if p.png {
			if err := unfilterRow(p.cur[0], p.cur[1:], p.prev, p.bpp); err != nil {
				p.err = err
				continue
			}
			copy(p.prev, p.cur[1:])
			p.out = p.prev
		} else {
			tiffUnpredict(p.cur, p.colors, p.bpc)
			p.out = p.cur
		}
	}
	n := copy(b, p.out)
	p.out = p.out[n:]
	return n, nil
}

var errRowFilter = errors.New("the compressed image data is damaged (bad row filter)")

// unfilterRow reverses a PNG row filter in place; prev is the previous
// unfiltered row (zeros for the first).
func unfilterRow(f byte, cur, prev []byte, bpp int) error {
	switch f {
	case 0:
	case 1:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2:
		for i, p := range prev[:len(cur)] {
			cur[i] += p
		}
	case 3:
		for i := 0; i < bpp && i < len(cur); i++ {
			cur[i] += prev[i] / 2
		}
		for i := bpp; i < len(cur); i++ {
			cur[i] += uint8((int(cur[i-bpp]) + int(prev[i])) / 2)
		}
	case 4:
		for i := 0; i < bpp && i < len(cur); i++ {
			cur[i] += prev[i]
		}
		for i := bpp; i < len(cur); i++ {
			cur[i] += paeth(cur[i-bpp], prev[i], prev[i-bpp])
		}
	default:
		return errRowFilter
	}
	return nil
}

func paeth(a, b, c uint8) uint8 {
	pa := int(b) - int(c)
	pb := int(a) - int(c)
	pc := pa + pb
	if pa < 0 {
		pa = -pa
	}
	if pb < 0 {
		pb = -pb
	}
	if pc < 0 {
		pc = -pc
	}
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

// tiffUnpredict reverses TIFF predictor 2 (horizontal differencing).
func tiffUnpredict(row []byte, colors, bpc int) {
	switch bpc {
	case 8:
		for i := colors; i < len(row); i++ {
			row[i] += row[i-colors]
		}
	case 16:
		for i := 2 * colors; i+1 < len(row); i += 2 {
			v := uint16(row[i])<<8 | uint16(row[i+1])
			p := uint16(row[i-2*colors])<<8 | uint16(row[i-2*colors+1])
			v += p
			row[i], row[i+1] = byte(v>>8), byte(v)
		}
	default: // sub-byte samples: rare in scans
		bits := len(row) * 8
		mask := uint(1)<<uint(bpc) - 1
		get := func(i int) uint {
			byteI, shift := i*bpc/8, 8-bpc-(i*bpc%8)
			return uint(row[byteI]>>uint(shift)) & mask
		}
		set := func(i int, v uint) {
			byteI, shift := i*bpc/8, 8-bpc-(i*bpc%8)
			row[byteI] = row[byteI]&^byte(mask<<uint(shift)) | byte((v&mask)<<uint(shift))
		}
		for i := colors; i < bits/bpc; i++ {
			set(i, get(i)+get(i-colors))
		}
	}
}
