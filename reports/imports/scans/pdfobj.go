package scans

// A small PDF object reader: just enough of ISO 32000 to walk the page tree
// of a scanned PDF and reach each page's image. It is used instead of
// pdfcpu's model package because that package pulls in modules this build
// does not carry (YAML configuration, a TIFF writer, terminal width); the
// pdfcpu filters (LZW, ASCII85, run length) are still used.
//
// Everything here works on the file's bytes in memory, never trusts a length
// or offset without checking it, and bounds recursion, so damaged or hostile
// files give errors rather than panics or runaway memory.

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

type (
	pdfName   string
	pdfString string
	pdfRef    struct{ num, gen int }
	pdfArray  []any
	pdfDict   map[pdfName]any
	pdfOp     string // a bare keyword: content stream operator, or obj/stream/R
	pdfStream struct {
		dict pdfDict
		raw  []byte // encoded data, a slice of the file
	}
)

var errPDFSyntax = errors.New("the PDF structure is damaged")

// maxNesting bounds nested arrays and dictionaries (and so recursion).
const maxNesting = 64

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isPDFRegular(c byte) bool { return !isPDFSpace(c) && !isPDFDelim(c) }

// pdfLexer reads objects from b starting at pos.
type pdfLexer struct {
	b   []byte
	pos int
}

func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isPDFSpace(c) {
			l.pos++
		} else if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		} else {
			return
		}
	}
}

func (l *pdfLexer) eof() bool { l.skipSpace(); return l.pos >= len(l.b) }

// regular reads a run of regular characters.
func (l *pdfLexer) regular() []byte {
	s := l.pos
	for l.pos < len(l.b) && isPDFRegular(l.b[l.pos]) {
		l.pos++
	}
	return l.b[s:l.pos]
}

// object parses the next object. Keywords other than true/false/null come
// back as pdfOp; a closing delimiter with no object is an error.
func (l *pdfLexer) object(depth int) (any, error) {
	if depth > maxNesting {
		return nil, errPDFSyntax
	}
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, errPDFSyntax
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		return pdfName(unescapeName(l.regular())), nil
	case c == '(':
		return l.literal()
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return l.dict(depth)
		}
		return l.hex()
	case c == '[':
		l.pos++
		var a pdfArray
		for {
			l.skipSpace()
			if l.pos >= len(l.b) {
				return nil, errPDFSyntax
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return a, nil
			}
			o, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			if len(a) > 1<<20 {
				return nil, errPDFSyntax
			}
			a = append(a, o)
		}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return l.number()
	case isPDFRegular(c):
		w := l.regular()
		switch string(w) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return pdfOp(w), nil
	case c == '{' || c == '}': // PostScript functions: treat braces as keywords
		l.pos++
		return pdfOp(c), nil
	}
	return nil, errPDFSyntax
}

func (l *pdfLexer) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			return nil, errPDFSyntax
		}
		if l.b[l.pos] == '>' {
			if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
				l.pos += 2
				return d, nil
			}
			return nil, errPDFSyntax
		}
		k, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		name, ok := k.(pdfName)
		if !ok {
			return nil, errPDFSyntax
		}
		l.skipSpace()
		if l.pos < len(l.b) && l.b[l.pos] == '>' { // key with no value: tolerate
			d[name] = nil
			continue
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, bad := v.(pdfOp); bad {
			return nil, errPDFSyntax
		}
		d[name] = v
	}
}

// number reads an integer (int) or real (float64), and folds "n g R" into a
// pdfRef.
func (l *pdfLexer) number() (any, error) {
	s := l.pos
	w := l.regular()
	if len(w) == 0 {
		l.pos++
		return nil, errPDFSyntax
	}
	if i, err := strconv.Atoi(string(w)); err == nil {
		if i >= 0 && i < 1<<31 { // maybe "num gen R"
			save := l.pos
			l.skipSpace()
			g := l.regular()
			if gen, err := strconv.Atoi(string(g)); err == nil && gen >= 0 && gen < 1<<16 && len(g) > 0 && g[0] != '+' && g[0] != '-' {
				l.skipSpace()
				if l.pos < len(l.b) && l.b[l.pos] == 'R' && (l.pos+1 == len(l.b) || !isPDFRegular(l.b[l.pos+1])) {
					l.pos++
					return pdfRef{i, gen}, nil
				}
			}
			l.pos = save
		}
		return i, nil
	}
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		// Tolerate malformed numbers such as "--5" or "0.0.1" as zero; a
		// stray keyword starting with a digit is still an error.
		if bytes.ContainsFunc(w, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != '-' && r != '+' }) {
			l.pos = s
			return pdfOp(l.regular()), nil
		}
		return 0.0, nil
	}
	return f, nil
}

func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func (l *pdfLexer) literal() (pdfString, error) {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out), nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return "", errPDFSyntax
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return "", errPDFSyntax
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *pdfLexer) hex() (pdfString, error) {
	l.pos++ // <
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return pdfString(out), nil
		}
		if isPDFSpace(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return "", errPDFSyntax
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return "", errPDFSyntax
}

// Typed accessors. They resolve references through doc when it is not nil.

func (d pdfDict) name(key pdfName) pdfName {
	n, _ := d[key].(pdfName)
	return n
}

func asInt(o any) (int, bool) {
	switch v := o.(type) {
	case int:
		return v, true
	case float64:
		if v > -1e9 && v < 1e9 {
			return int(v), true
		}
	}
	return 0, false
}

func asFloat(o any) (float64, bool) {
	switch v := o.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

func (s pdfString) String() string { return fmt.Sprintf("(%d bytes)", len(s)) }
