package scans

import (
	"bytes"
	"errors"
	"fmt"
	"math"
)

// A scanned PDF page is a page whose content is one picture of the paper.
// pdfPages finds that picture on each page and everything needed to decode
// it later in a worker, so the workers never touch the (unsynchronised)
// document.

// maxPDFPages bounds the page tree walk.
const maxPDFPages = 10000

type pdfPageNode struct {
	dict   pdfDict
	res    pdfDict
	box    [4]float64 // crop box (or media box): x0 y0 x1 y1
	rotate int
}

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n), PDF's convention for cm.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pageTree lists the pages in order with their inherited attributes.
func (d *pdfDoc) pageTree() ([]pdfPageNode, error) {
	root := d.dict(d.trailer["Root"])
	var out []pdfPageNode
	seen := map[pdfRef]bool{}
	var walk func(o any, res pdfDict, media, crop pdfArray, rot any, depth int) error
	walk = func(o any, res pdfDict, media, crop pdfArray, rot any, depth int) error {
		if r, ok := o.(pdfRef); ok {
			if seen[r] {
				return nil // a loop in the page tree: skip the repeated node
			}
			seen[r] = true
		}
		node := d.dict(o)
		if node == nil || depth > 64 {
			return nil
		}
		if v := d.dict(node["Resources"]); v != nil {
			res = v
		}
		if v, ok := d.resolve(node["MediaBox"]).(pdfArray); ok {
			media = v
		}
		if v, ok := d.resolve(node["CropBox"]).(pdfArray); ok {
			crop = v
		}
		if v := d.resolve(node["Rotate"]); v != nil {
			rot = v
		}
		kids, hasKids := d.resolve(node["Kids"]).(pdfArray)
		if node.name("Type") == "Pages" || (hasKids && node.name("Type") != "Page") {
			for _, k := range kids {
				if err := walk(k, res, media, crop, rot, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if len(out) >= maxPDFPages {
			return fmt.Errorf("it has more than %d pages: split it into smaller files", maxPDFPages)
		}
		p := pdfPageNode{dict: node, res: res}
		p.box = d.rect(crop)
		mb := d.rect(media)
		if p.box[2]-p.box[0] <= 0 || p.box[3]-p.box[1] <= 0 {
			p.box = mb
		}
		if p.box[2]-p.box[0] <= 0 || p.box[3]-p.box[1] <= 0 {
			p.box = [4]float64{0, 0, 612, 792} // US Letter, the PDF default
		}
		if r, ok := asInt(rot); ok {
			p.rotate = ((r%360+360)%360 + 45) / 90 * 90 % 360
		}
		out = append(out, p)
		return nil
	}
	if err := walk(root["Pages"], nil, nil, nil, nil, 0); err != nil {
		return nil, err
	}
	return out, nil
}

func (d *pdfDoc) rect(a pdfArray) [4]float64 {
	var r [4]float64
	if len(a) < 4 {
		return r
	}
	for i := range r {
		r[i], _ = asFloat(d.resolve(a[i]))
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r
}

// imgUse is an image XObject painted on the page.
type imgUse struct {
	s       *pdfStream
	res     pdfDict
	ctm     matrix
	haveCTM bool
}

// contentScan runs a page's content stream just far enough to learn which
// images are painted where, and how much visible text there is.
type contentScan struct {
	d         *pdfDoc
	imgs      []imgUse
	textChars int // characters shown in a visible text mode
	inline    int // inline images (BI … ID … EI)
	budget    int // operators left to interpret
}

type gstate struct {
	ctm matrix
	tr  int
}

func (c *contentScan) run(content []byte, res pdfDict, ctm matrix, depth int) {
	l := &pdfLexer{b: content}
	gs := gstate{ctm: ctm}
	var stack []gstate
	var ops []any
	xobjects := c.d.dict(res["XObject"])
	for !l.eof() && c.budget > 0 {
		o, err := l.object(0)
		if err != nil {
			l.pos++
			ops = ops[:0]
			continue
		}
		op, isOp := o.(pdfOp)
		if !isOp {
			if len(ops) < 16 {
				ops = append(ops, o)
			}
			continue
		}
		c.budget--
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if len(stack) > 0 {
				gs = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(ops) == 6 {
				var m matrix
				ok := true
				for i := range m {
					m[i], ok = asFloat(ops[i])
					if !ok {
						break
					}
				}
				if ok {
					gs.ctm = m.mul(gs.ctm)
				}
			}
		case "Tr":
			if len(ops) == 1 {
				gs.tr, _ = asInt(ops[0])
			}
		case "Tj", "'", "\"", "TJ":
			if gs.tr == 3 || gs.tr == 7 || len(ops) == 0 {
				break
			}
			switch v := ops[len(ops)-1].(type) {
			case pdfString:
				c.textChars += len(v)
			case pdfArray:
				for _, e := range v {
					if s, ok := e.(pdfString); ok {
						c.textChars += len(s)
					}
				}
			}
		case "BI":
			c.inline++
			skipInlineImage(l)
		case "Do":
			if len(ops) != 1 {
				break
			}
			name, _ := ops[0].(pdfName)
			s, ok := c.d.resolve(xobjects[name]).(*pdfStream)
			if !ok {
				break
			}
			switch s.dict.name("Subtype") {
			case "Image":
				c.imgs = append(c.imgs, imgUse{s: s, res: res, ctm: gs.ctm, haveCTM: true})
			case "Form":
				if depth >= 6 {
					break
				}
				m := identity
				if a, ok := c.d.resolve(s.dict["Matrix"]).(pdfArray); ok && len(a) == 6 {
					for i := range m {
						m[i], _ = asFloat(c.d.resolve(a[i]))
					}
				}
				fres := c.d.dict(s.dict["Resources"])
				if fres == nil {
					fres = res
				}
				if body, err := c.d.decodeStream(s, maxStreamBytes); err == nil {
					c.run(body, fres, m.mul(gs.ctm), depth+1)
				}
			}
		}
		ops = ops[:0]
	}
}

// skipInlineImage moves past "… ID data EI".
func skipInlineImage(l *pdfLexer) {
	i := bytes.Index(l.b[l.pos:], []byte("ID"))
	if i < 0 {
		l.pos = len(l.b)
		return
	}
	l.pos += i + 3
	for {
		j := bytes.Index(l.b[l.pos:], []byte("EI"))
		if j < 0 {
			l.pos = len(l.b)
			return
		}
		at := l.pos + j
		l.pos = at + 2
		if at > 0 && isPDFSpace(l.b[at-1]) && (at+2 == len(l.b) || !isPDFRegular(l.b[at+2])) {
			return
		}
	}
}

// Why a PDF page is refused: plain words for the clerk.
func errTyped(why string) error {
	return fmt.Errorf("%s: it looks like a typed PDF, not a scan. Print it and scan it, or attach the PDF to the record as a document", why)
}

// pageImage picks the scanned picture of page p and prepares it for
// decoding.
func (d *pdfDoc) pageImage(p pdfPageNode) (*pdfImage, error) {
	c := &contentScan{d: d, budget: 2_000_000}
	var content []byte
	contentOK := true
	switch v := d.resolve(p.dict["Contents"]).(type) {
	case *pdfStream:
		b, err := d.decodeStream(v, maxStreamBytes)
		contentOK = err == nil
		content = b
	case pdfArray:
		for _, e := range v {
			s, ok := d.resolve(e).(*pdfStream)
			if !ok {
				continue
			}
			b, err := d.decodeStream(s, maxStreamBytes)
			if err != nil {
				contentOK = false
				break
			}
			content = append(append(content, b...), '\n')
		}
	}
	if contentOK {
		c.run(content, p.res, identity, 0)
	} else {
		// Unreadable page content: fall back to the images the page
		// lists, assuming the scan fills the page.
		for _, v := range d.dict(p.res["XObject"]) {
			if s, ok := d.resolve(v).(*pdfStream); ok && s.dict.name("Subtype") == "Image" {
				c.imgs = append(c.imgs, imgUse{s: s, res: p.res})
			}
		}
	}
	if len(c.imgs) == 0 {
		if c.inline > 0 {
			return nil, errors.New("its picture is stored as inline image data, which Dossier cannot read: save the scan as TIFF or JPEG, or print it to a new PDF")
		}
		return nil, errTyped("it has no scanned image")
	}
	// Several images: take the largest by pixel count. Scanners write one
	// image per page; extra small ones are logos or stamps added by
	// software, and in "mixed raster" PDFs (a low-resolution colour
	// background plus a sharp black-and-white text layer) the largest is
	// the text layer, the part a clinical record cannot lose.
	best := -1
	var bestArea float64
	for i, u := range c.imgs {
		w, _ := asInt(d.resolve(u.s.dict["Width"]))
		h, _ := asInt(d.resolve(u.s.dict["Height"]))
		if a := float64(w) * float64(h); a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return nil, errors.New("its image has no size: the PDF is damaged")
	}
	u := c.imgs[best]
	pw, ph := p.box[2]-p.box[0], p.box[3]-p.box[1]
	if c.textChars > 200 {
		return nil, errTyped("it has typed text as well as a picture")
	}
	if u.haveCTM {
		m := u.ctm
		drawn := math.Abs(m[0]*m[3] - m[1]*m[2])
		if cover := drawn / (pw * ph); cover < 0.5 {
			return nil, errTyped(fmt.Sprintf("its only picture covers %.0f%% of the page", 100*cover))
		}
	}
	im, err := d.imageSpec(u.s, u.res)
	if err != nil {
		return nil, err
	}
	// Resolution and turn as the page shows the picture.
	rot := 0
	if u.haveCTM {
		m := u.ctm
		// The image's "up" (towards its first row) is the unit square's
		// +y, drawn along (c, d).
		if math.Abs(m[3]) >= math.Abs(m[2]) {
			if m[3] < 0 {
				rot = 180
			}
		} else if m[2] > 0 {
			rot = 90
		} else {
			rot = 270
		}
		if wPt := math.Hypot(m[0], m[1]); wPt > 0 {
			im.dpi = snapDPI(float64(im.w) * 72 / wPt)
		}
	}
	if im.dpi == 0 {
		ww := pw
		if (im.w > im.h) != (pw > ph) {
			ww = ph
		}
		im.dpi = snapDPI(float64(im.w) * 72 / ww)
	}
	im.rot = (rot + p.rotate) % 360
	return im, nil
}

// snapDPI rounds a computed resolution, snapping to the usual scanner
// settings when within 1% (PDF page sizes are rounded to points).
func snapDPI(f float64) int {
	if f <= 0 || math.IsNaN(f) || math.IsInf(f, 0) || f > 100000 {
		return 0
	}
	for _, c := range []float64{72, 75, 96, 100, 120, 150, 200, 240, 300, 400, 600, 1200} {
		if math.Abs(f-c) <= 0.01*c {
			return int(c)
		}
	}
	return int(math.Round(f))
}
