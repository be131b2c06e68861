package scans

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

type xrefEntry struct {
	kind int // 0 free, 1 at offset, 2 inside an object stream
	off  int // file offset, or the object stream's number
}

type objStream struct {
	data []byte
	offs map[int]int // object number → offset in data
}

// pdfDoc is an opened PDF: its cross-reference table and a cache of the
// objects read so far. It is not safe for concurrent use; ReadFiles reads
// everything it needs from it while opening the file.
type pdfDoc struct {
	data    []byte
	base    int // offset of "%PDF-": junk before the header shifts offsets
	xref    map[int]xrefEntry
	trailer pdfDict
	cache   map[int]any
	busy    map[int]bool
	objstm  map[int]*objStream

	scanned    map[int]int // fallback: object number → offset, by a linear scan
	scannedStm map[int]int // fallback: object number → object stream number
	scanDone   bool
}

// maxStreamBytes bounds any decoded non-image stream (content, object
// stream, cross-reference stream).
const maxStreamBytes = 64 << 20

var errEncrypted = errors.New("the PDF is encrypted or password-protected: open it, print it to a new PDF without a password, and import that")

func openPDF(data []byte) (*pdfDoc, error) {
	d := &pdfDoc{data: data, cache: map[int]any{}, busy: map[int]bool{}, objstm: map[int]*objStream{}}
	d.base = bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if d.base < 0 {
		return nil, errors.New("it is not a PDF file")
	}
	if err := d.loadXref(); err != nil || d.trailer["Root"] == nil {
		d.rebuild()
	}
	if d.trailer["Encrypt"] != nil {
		return nil, errEncrypted
	}
	if _, ok := d.resolve(d.trailer["Root"]).(pdfDict); !ok {
		return nil, fmt.Errorf("%w: its catalog is missing", errPDFSyntax)
	}
	return d, nil
}

// loadXref reads the cross-reference sections from the last one back along
// the /Prev chain. Entries found first (newest) win.
func (d *pdfDoc) loadXref() error {
	i := bytes.LastIndex(d.data, []byte("startxref"))
	if i < 0 {
		return errPDFSyntax
	}
	l := &pdfLexer{b: d.data, pos: i + len("startxref")}
	o, err := l.object(0)
	if err != nil {
		return err
	}
	off, ok := asInt(o)
	d.xref = map[int]xrefEntry{}
	d.trailer = pdfDict{}
	seen := map[int]bool{}
	for n := 0; ok && n < 256; n++ {
		if off <= 0 || off >= len(d.data) || seen[off] {
			break
		}
		seen[off] = true
		trailer, err := d.readXrefAt(off)
		if err != nil && d.base > 0 {
			trailer, err = d.readXrefAt(off + d.base)
		}
		if err != nil {
			return err
		}
		for k, v := range trailer {
			if _, has := d.trailer[k]; !has && k != "Prev" && k != "XRefStm" {
				d.trailer[k] = v
			}
		}
		if x, ok := asInt(trailer["XRefStm"]); ok && x > 0 && x < len(d.data) && !seen[x] {
			seen[x] = true
			_, _ = d.readXrefAt(x) // hybrid-reference file: best effort
		}
		off, ok = asInt(trailer["Prev"])
	}
	if len(d.xref) == 0 {
		return errPDFSyntax
	}
	return nil
}

func hasPrefixAt(b []byte, pos int, p string) bool {
	return pos >= 0 && pos <= len(b) && bytes.HasPrefix(b[pos:], []byte(p))
}

// readXrefAt reads one cross-reference table or stream and returns its
// trailer dictionary.
func (d *pdfDoc) readXrefAt(off int) (pdfDict, error) {
	l := &pdfLexer{b: d.data, pos: off}
	l.skipSpace()
	if !hasPrefixAt(d.data, l.pos, "xref") {
		_, _, obj, err := d.parseIndirectAt(off)
		if err != nil {
			return nil, err
		}
		s, ok := obj.(*pdfStream)
		if !ok || s.dict.name("Type") != "XRef" {
			return nil, errPDFSyntax
		}
		return s.dict, d.readXrefStream(s)
	}
	l.pos += 4
	for {
		l.skipSpace()
		if hasPrefixAt(d.data, l.pos, "trailer") {
			l.pos += len("trailer")
			o, err := l.object(0)
			if err != nil {
				return nil, err
			}
			t, ok := o.(pdfDict)
			if !ok {
				return nil, errPDFSyntax
			}
			return t, nil
		}
		start, err1 := l.uint()
		count, err2 := l.uint()
		if err1 != nil || err2 != nil || count > 10_000_000 {
			return nil, errPDFSyntax
		}
		for i := 0; i < count; i++ {
			o, err1 := l.uint()
			_, err2 := l.uint()
			l.skipSpace()
			kw := l.regular()
			if err1 != nil || err2 != nil || len(kw) != 1 {
				return nil, errPDFSyntax
			}
			num := start + i
			if _, has := d.xref[num]; has {
				continue
			}
			if kw[0] == 'n' && o > 0 {
				d.xref[num] = xrefEntry{kind: 1, off: o}
			} else {
				d.xref[num] = xrefEntry{}
			}
		}
	}
}

// uint reads an unsigned decimal integer token.
func (l *pdfLexer) uint() (int, error) {
	l.skipSpace()
	w := l.regular()
	if len(w) == 0 || len(w) > 12 {
		return 0, errPDFSyntax
	}
	v := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return 0, errPDFSyntax
		}
		v = v*10 + int(c-'0')
	}
	return v, nil
}

func (d *pdfDoc) readXrefStream(s *pdfStream) error {
	wa, _ := d.resolve(s.dict["W"]).(pdfArray)
	if len(wa) < 3 {
		return errPDFSyntax
	}
	var w [3]int
	for i := range w {
		v, ok := asInt(d.resolve(wa[i]))
		if !ok || v < 0 || v > 8 {
			return errPDFSyntax
		}
		w[i] = v
	}
	rowLen := w[0] + w[1] + w[2]
	if rowLen == 0 {
		return errPDFSyntax
	}
	data, err := d.decodeStream(s, maxStreamBytes)
	if err != nil {
		return err
	}
	index, _ := d.resolve(s.dict["Index"]).(pdfArray)
	if len(index) < 2 {
		size, _ := asInt(d.resolve(s.dict["Size"]))
		index = pdfArray{0, size}
	}
	field := func(b []byte) int {
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	pos := 0
	for k := 0; k+1 < len(index); k += 2 {
		start, _ := asInt(index[k])
		count, _ := asInt(index[k+1])
		for i := 0; i < count && pos+rowLen <= len(data); i++ {
			row := data[pos : pos+rowLen]
			pos += rowLen
			typ := 1
			if w[0] > 0 {
				typ = field(row[:w[0]])
			}
			f2 := field(row[w[0] : w[0]+w[1]])
			num := start + i
			if _, has := d.xref[num]; has || num < 0 {
				continue
			}
			switch typ {
			case 1:
				d.xref[num] = xrefEntry{kind: 1, off: f2}
			case 2:
				d.xref[num] = xrefEntry{kind: 2, off: f2}
			default:
				d.xref[num] = xrefEntry{}
			}
		}
	}
	return nil
}

// parseIndirectAt parses "num gen obj ... endobj" at off, with its stream.
func (d *pdfDoc) parseIndirectAt(off int) (num, gen int, obj any, err error) {
	if off < 0 || off >= len(d.data) {
		return 0, 0, nil, errPDFSyntax
	}
	l := &pdfLexer{b: d.data, pos: off}
	num, err1 := l.uint()
	gen, err2 := l.uint()
	l.skipSpace()
	if err1 != nil || err2 != nil || string(l.regular()) != "obj" {
		return 0, 0, nil, errPDFSyntax
	}
	obj, err = l.object(0)
	if err != nil {
		return 0, 0, nil, err
	}
	if _, bad := obj.(pdfOp); bad {
		return 0, 0, nil, errPDFSyntax
	}
	dict, isDict := obj.(pdfDict)
	l.skipSpace()
	if !isDict || !hasPrefixAt(d.data, l.pos, "stream") {
		return num, gen, obj, nil
	}
	start := l.pos + len("stream")
	if start < len(d.data) && d.data[start] == '\r' {
		start++
	}
	if start < len(d.data) && d.data[start] == '\n' {
		start++
	}
	end := -1
	if n, ok := asInt(d.resolve(dict["Length"])); ok && n >= 0 && start+n <= len(d.data) {
		e := &pdfLexer{b: d.data, pos: start + n}
		e.skipSpace()
		if hasPrefixAt(d.data, e.pos, "endstream") {
			end = start + n
		}
	}
	if end < 0 { // wrong or missing /Length: find the end marker
		i := bytes.Index(d.data[start:], []byte("endstream"))
		if i < 0 {
			return 0, 0, nil, errPDFSyntax
		}
		end = start + i
		if end > start && d.data[end-1] == '\n' {
			end--
		}
		if end > start && d.data[end-1] == '\r' {
			end--
		}
	}
	return num, gen, &pdfStream{dict: dict, raw: d.data[start:end:end]}, nil
}

// resolve follows a reference; other objects come back unchanged. A
// missing or cyclic reference resolves to nil, as PDF readers must treat it.
func (d *pdfDoc) resolve(o any) any {
	for i := 0; i < 8; i++ {
		r, ok := o.(pdfRef)
		if !ok {
			return o
		}
		o = d.object(r.num)
	}
	return nil
}

func (d *pdfDoc) dict(o any) pdfDict {
	switch v := d.resolve(o).(type) {
	case pdfDict:
		return v
	case *pdfStream:
		return v.dict
	}
	return nil
}

func (d *pdfDoc) object(num int) any {
	if v, ok := d.cache[num]; ok {
		return v
	}
	if d.busy[num] || len(d.busy) > 32 {
		return nil
	}
	d.busy[num] = true
	v := d.load(num)
	delete(d.busy, num)
	d.cache[num] = v
	return v
}

func (d *pdfDoc) load(num int) any {
	if e, ok := d.xref[num]; ok {
		switch e.kind {
		case 1:
			for _, off := range []int{e.off, e.off + d.base} {
				if n, _, obj, err := d.parseIndirectAt(off); err == nil && n == num {
					return obj
				}
				if d.base == 0 {
					break
				}
			}
		case 2:
			if obj, err := d.fromObjStm(e.off, num); err == nil {
				return obj
			}
		}
	}
	// The table is wrong or incomplete: look the object up by scanning.
	d.scan()
	if off, ok := d.scanned[num]; ok {
		if n, _, obj, err := d.parseIndirectAt(off); err == nil && n == num {
			return obj
		}
	}
	if stm, ok := d.scannedStm[num]; ok {
		if obj, err := d.fromObjStm(stm, num); err == nil {
			return obj
		}
	}
	return nil
}

func (d *pdfDoc) fromObjStm(stmNum, num int) (any, error) {
	os := d.objstm[stmNum]
	if os == nil {
		os = &objStream{}
		d.objstm[stmNum] = os
		s, ok := d.object(stmNum).(*pdfStream)
		if !ok || s.dict.name("Type") != "ObjStm" {
			return nil, errPDFSyntax
		}
		n, _ := asInt(d.resolve(s.dict["N"]))
		first, _ := asInt(d.resolve(s.dict["First"]))
		data, err := d.decodeStream(s, maxStreamBytes)
		if err != nil || first < 0 || first > len(data) || n < 0 || n > len(data) {
			return nil, errPDFSyntax
		}
		os.data = data
		os.offs = make(map[int]int, n)
		l := &pdfLexer{b: data[:first]}
		for i := 0; i < n; i++ {
			on, err1 := l.uint()
			oo, err2 := l.uint()
			if err1 != nil || err2 != nil {
				break
			}
			if _, dup := os.offs[on]; !dup {
				os.offs[on] = first + oo
			}
		}
	}
	off, ok := os.offs[num]
	if !ok || off > len(os.data) {
		return nil, errPDFSyntax
	}
	l := &pdfLexer{b: os.data, pos: off}
	obj, err := l.object(0)
	if _, bad := obj.(pdfOp); bad {
		return nil, errPDFSyntax
	}
	return obj, err
}

// scan finds "num gen obj" headers by reading the whole file: the fallback
// for files whose cross-reference table is missing or wrong.
func (d *pdfDoc) scan() {
	if d.scanDone {
		return
	}
	d.scanDone = true
	d.scanned = map[int]int{}
	d.scannedStm = map[int]int{}
	b := d.data
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("obj"))
		if j < 0 {
			break
		}
		j += i
		i = j + 3
		if j+3 < len(b) && isPDFRegular(b[j+3]) {
			continue
		}
		k := j - 1
		for k >= 0 && isPDFSpace(b[k]) {
			k--
		}
		ge := k + 1
		for k >= 0 && b[k] >= '0' && b[k] <= '9' {
			k--
		}
		if k+1 == ge || k < 0 || !isPDFSpace(b[k]) {
			continue
		}
		for k >= 0 && isPDFSpace(b[k]) {
			k--
		}
		ne := k + 1
		for k >= 0 && b[k] >= '0' && b[k] <= '9' {
			k--
		}
		if k+1 == ne || ne-(k+1) > 10 || (k >= 0 && isPDFRegular(b[k])) {
			continue
		}
		num, err := strconv.Atoi(string(b[k+1 : ne]))
		if err != nil {
			continue
		}
		d.scanned[num] = k + 1 // later definitions win, as in incremental updates
	}
	for num, off := range d.scanned {
		if _, _, obj, err := d.parseIndirectAt(off); err == nil {
			if s, ok := obj.(*pdfStream); ok && s.dict.name("Type") == "ObjStm" {
				d.cache[num] = s
				if _, err := d.fromObjStm(num, -1); err != nil && d.objstm[num] != nil {
					for on := range d.objstm[num].offs {
						if _, has := d.scanned[on]; !has {
							d.scannedStm[on] = num
						}
					}
				}
				delete(d.cache, num)
			}
		}
	}
}

// rebuild recovers the trailer of a file whose cross-references are broken.
func (d *pdfDoc) rebuild() {
	d.xref = map[int]xrefEntry{}
	d.trailer = pdfDict{}
	d.cache = map[int]any{}
	d.scan()
	if i := bytes.LastIndex(d.data, []byte("trailer")); i >= 0 {
		l := &pdfLexer{b: d.data, pos: i + len("trailer")}
		if o, err := l.object(0); err == nil {
			if t, ok := o.(pdfDict); ok && t["Root"] != nil {
				d.trailer = t
				return
			}
		}
	}
	for num, off := range d.scanned {
		if _, _, obj, err := d.parseIndirectAt(off); err == nil {
			var dict pdfDict
			switch v := obj.(type) {
			case pdfDict:
				dict = v
			case *pdfStream:
				dict = v.dict
			}
			if dict.name("Type") == "XRef" && dict["Root"] != nil {
				d.trailer = dict
				return
			}
			if dict.name("Type") == "Catalog" {
				d.trailer = pdfDict{"Root": pdfRef{num, 0}}
			}
		}
	}
}
