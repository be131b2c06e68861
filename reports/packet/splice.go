package packet

import (
	"bytes"
	"compress/zlib"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"regexp"
	"sort"
	"strconv"
)

// gofpdf keeps every image it is given in memory until the end, then copies
// them all into its output buffer (which grows by doubling), so a packet of
// 200 scanned pages would sit in memory three or four times over; pdfcpu,
// encrypting, would read its own copy of everything again. Instead gofpdf
// gets a tiny placeholder JPEG per scanned page, carrying a marker; the
// compressed page images wait in one exact-size slice each; and the
// finished document is assembled as a list of byte segments — gofpdf's
// output with each placeholder image object swapped for the real one, and a
// new cross-reference table — which is written without ever being joined
// into one buffer. To encrypt, pdfcpu reads the document with the
// placeholders still in, and the page images are put into its objects
// afterwards, shared rather than copied. Each placeholder is placed at
// the real image's size, and an image XObject is drawn into the box its
// placement gives whatever its pixel count, so only the image object itself
// changes.

// images collects the compressed scanned pages of one packet.
type images struct {
	nonce string
	jpg   [][]byte
	px    [][2]int // width, height in pixels
}

func newImages(n int) (*images, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return &images{nonce: hex.EncodeToString(b), jpg: make([][]byte, n), px: make([][2]int, n)}, nil
}

func (im *images) marker(k int) string {
	return "DOSSIER-IMG-" + im.nonce + "-" + strconv.Itoa(k) + "."
}

// placeholder is a valid 1×1 grey JPEG whose comment segment holds the
// marker for scanned page k.
func (im *images) placeholder(k int) []byte {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)), nil)
	b := buf.Bytes()
	m := im.marker(k)
	com := []byte{0xFF, 0xFE, byte((len(m) + 2) >> 8), byte(len(m) + 2)}
	out := append([]byte{}, b[:2]...) // SOI
	out = append(out, com...)
	out = append(out, m...)
	return append(out, b[2:]...)
}

// assemble returns the final document as segments, in order: gofpdf's
// objects with each placeholder image swapped for the real page image and
// each page's content stream compressed (gofpdf would start a fresh 1 MB
// compressor for every page, hundreds of megabytes of garbage for a long
// packet; one compressor serves them all here), then a new
// cross-reference table.
//
// With swap false the placeholders stay: the encryptor reads that small
// document and is handed the page images afterwards (see inject).
func (im *images) assemble(doc []byte, swap bool) ([][]byte, error) {
	// The cross-reference table gofpdf wrote: "xref\n0 N\n" and N entries.
	sx := bytes.LastIndex(doc, []byte("startxref"))
	if sx < 0 {
		return nil, errors.New("no startxref")
	}
	xrefAt, err := strconv.Atoi(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(doc[sx+len("startxref"):]), []byte("%%EOF")))))
	if err != nil || xrefAt <= 0 || xrefAt >= sx {
		return nil, fmt.Errorf("bad startxref: %v", err)
	}
	trailerAt := bytes.Index(doc[xrefAt:], []byte("trailer"))
	if trailerAt < 0 || !bytes.HasPrefix(doc[xrefAt:], []byte("xref")) {
		return nil, errors.New("no classic cross-reference table")
	}
	trailerAt += xrefAt
	lines := bytes.Split(bytes.TrimSpace(doc[xrefAt:trailerAt]), []byte("\n"))
	if len(lines) < 2 {
		return nil, errors.New("short cross-reference table")
	}
	head := bytes.Fields(lines[1])
	if len(head) != 2 || string(head[0]) != "0" {
		return nil, errors.New("cross-reference table in sections")
	}
	n, _ := strconv.Atoi(string(head[1]))
	if n != len(lines)-2 {
		return nil, fmt.Errorf("cross-reference table has %d entries, says %d", len(lines)-2, n)
	}
	type object struct{ num, from, to int }
	var objs []object
	for j := 0; j < n; j++ {
		f := bytes.Fields(lines[j+2])
		if len(f) != 3 {
			return nil, fmt.Errorf("bad cross-reference entry %q", lines[j+2])
		}
		if string(f[2]) != "n" {
			continue
		}
		o, err := strconv.Atoi(string(f[0]))
		if err != nil || o <= 0 || o >= xrefAt {
			return nil, fmt.Errorf("bad offset for object %d", j)
		}
		objs = append(objs, object{num: j, from: o})
	}
	sort.Slice(objs, func(a, b int) bool { return objs[a].from < objs[b].from })
	for i := range objs { // gofpdf writes objects back to back
		objs[i].to = xrefAt
		if i+1 < len(objs) {
			objs[i].to = objs[i+1].from
		}
		o := doc[objs[i].from:objs[i].to]
		if !bytes.HasPrefix(o, []byte(strconv.Itoa(objs[i].num)+" 0 obj\n")) || !bytes.HasSuffix(o, []byte("endobj\n")) {
			return nil, fmt.Errorf("object %d is not where the cross-reference table says", objs[i].num)
		}
	}

	var (
		segs    [][]byte
		newAt   = make([]int, n)
		pos     int
		swapped int
		zbuf    bytes.Buffer
		zw, _   = zlib.NewWriterLevel(&zbuf, zlib.DefaultCompression)
		marker  = []byte("DOSSIER-IMG-" + im.nonce + "-")
		plainCS = regexp.MustCompile(`^\d+ 0 obj\n<</Length (\d+)>>\nstream\n`)
	)
	add := func(b []byte) { segs, pos = append(segs, b), pos+len(b) }
	if len(objs) > 0 {
		add(doc[:objs[0].from])
	}
	for _, ob := range objs {
		o := doc[ob.from:ob.to]
		newAt[ob.num] = pos
		if p := bytes.Index(o, marker); swap && p >= 0 && bytes.Contains(o[:p], []byte("/Subtype /Image")) {
			rest := o[p+len(marker):]
			end := bytes.IndexByte(rest, '.')
			k, err := strconv.Atoi(string(rest[:max(0, end)]))
			if end < 0 || err != nil || k < 0 || k >= len(im.jpg) || im.jpg[k] == nil {
				return nil, errors.New("unknown image marker")
			}
			jpg, px := im.jpg[k], im.px[k]
			add([]byte(fmt.Sprintf("%d 0 obj\n<</Type /XObject\n/Subtype /Image\n/Width %d\n/Height %d\n"+
				"/ColorSpace /DeviceGray\n/BitsPerComponent 8\n/Filter /DCTDecode\n/Length %d>>\nstream\n",
				ob.num, px[0], px[1], len(jpg))))
			add(jpg)
			add([]byte("\nendstream\nendobj\n"))
			swapped++
			continue
		}
		if m := plainCS.FindSubmatch(o); m != nil { // an uncompressed page content stream
			l, _ := strconv.Atoi(string(m[1]))
			data := o[len(m[0]):]
			if l > len(data) || !bytes.Equal(data[l:], []byte("\nendstream\nendobj\n")) {
				return nil, fmt.Errorf("object %d: stream length does not match", ob.num)
			}
			zbuf.Reset()
			zw.Reset(&zbuf)
			zw.Write(data[:l])
			if err := zw.Close(); err != nil {
				return nil, err
			}
			add([]byte(fmt.Sprintf("%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", ob.num, zbuf.Len())))
			add(bytes.Clone(zbuf.Bytes()))
			add([]byte("\nendstream\nendobj\n"))
			continue
		}
		add(o)
	}
	placed := 0
	for _, j := range im.jpg {
		if j != nil {
			placed++
		}
	}
	if swap && swapped != placed {
		return nil, fmt.Errorf("%d images placed, %d found in the document", placed, swapped)
	}

	xref := bytes.NewBuffer(make([]byte, 0, 20*n+32))
	fmt.Fprintf(xref, "xref\n0 %d\n", n)
	xref.WriteString("0000000000 65535 f \n")
	for j := 1; j < n; j++ {
		fmt.Fprintf(xref, "%010d 00000 n \n", newAt[j])
	}
	xrefPos := pos
	add(xref.Bytes())
	add(doc[trailerAt:sx])
	add([]byte(fmt.Sprintf("startxref\n%d\n%%%%EOF\n", xrefPos)))
	return segs, nil
}

// segments reads a list of byte slices as one file.
type segments struct {
	segs [][]byte
	ends []int64 // cumulative end offsets
	off  int64
}

func newSegments(segs [][]byte) *segments {
	s := &segments{segs: segs, ends: make([]int64, len(segs))}
	var n int64
	for i, b := range segs {
		n += int64(len(b))
		s.ends[i] = n
	}
	return s
}

func (s *segments) size() int64 {
	if len(s.ends) == 0 {
		return 0
	}
	return s.ends[len(s.ends)-1]
}

func (s *segments) Read(p []byte) (int, error) {
	if s.off >= s.size() {
		return 0, io.EOF
	}
	i := sort.Search(len(s.ends), func(i int) bool { return s.ends[i] > s.off })
	start := s.ends[i] - int64(len(s.segs[i]))
	n := copy(p, s.segs[i][s.off-start:])
	s.off += int64(n)
	return n, nil
}

func (s *segments) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += s.off
	case io.SeekEnd:
		offset += s.size()
	default:
		return 0, errors.New("bad whence")
	}
	if offset < 0 {
		return 0, errors.New("negative position")
	}
	s.off = offset
	return offset, nil
}

// writeAll writes every segment in order (for an unencrypted packet).
func (s *segments) writeAll(w io.Writer) (int64, error) {
	var n int64
	for _, b := range s.segs {
		m, err := w.Write(b)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
