package codes

import (
	"bytes"
	"compress/gzip"
	"dossier/reports/imports/spreadsheet"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// checkFormat refuses a file that is plainly not the format chosen, with one
// error, rather than a row error for each of its thousands of lines.
func checkFormat(f Format, head []byte) error {
	found := Detect("", head)
	ok := found == f
	switch f {
	case Table: // any delimited text can be a local list
		ok = found == Table || found == ICPC2 || found == ICD11MMS
	case ICPC2: // Detect needs a hint to tell ICPC-2 from a local list
		ok = found == ICPC2 || found == Table
	}
	if !ok {
		return fmt.Errorf("code import: expected %s, but the file is %s", what[f], describe(head))
	}
	return nil
}

var (
	bom       = []byte("\ufeff")
	orderLine = regexp.MustCompile(`^[0-9]{5} [A-Z0-9]{3,7} *[01] `)
	icpcCode  = regexp.MustCompile(`^[ABDFHKLNPRSTUWXYZ][0-9]{2}$`)
)

// Detect guesses the format from a file's first bytes (and name), for the
// Admin screen's default. It returns "" when the file is none of them.
func Detect(name string, head []byte) Format {
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b { // look inside gzip
		if zr, err := gzip.NewReader(bytes.NewReader(head)); err == nil {
			inner, _ := io.ReadAll(io.LimitReader(zr, 4096))
			head = inner
		}
	}
	head = bytes.TrimPrefix(head, bom)
	text := bytes.TrimSpace(head)
	if len(text) == 0 || bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(head, []byte("%PDF")) {
		return ""
	}
	if text[0] == '<' {
		switch xmlRoot(text) {
		case "ClaML":
			return WHOClaML
		case "ICD10PCS.tabular":
			return CMSPCSTables
		}
		return ""
	}
	lines := strings.Split(string(text), "\n")
	if orderLine.MatchString(lines[0]) {
		return CMSOrder
	}
	var header, first string // first line that is not a comment, and the next
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" || l[0] == '#' {
			continue
		}
		if header == "" {
			header = strings.ToLower(l)
		} else {
			first = l
			break
		}
	}
	if strings.Contains(header, "classkind") {
		return ICD11MMS
	}
	code, _, _ := strings.Cut(strings.Trim(first, `"`), string(spreadsheet.Sniff(header)))
	if strings.Contains(strings.ToLower(name), "icpc") || strings.Contains(header, "icpc") ||
		icpcCode.MatchString(strings.Trim(code, `" `)) {
		return ICPC2
	}
	return Table
}

// describe says what a file seems to be, for the wrong-format error.
func describe(head []byte) string {
	head = bytes.TrimPrefix(head, bom)
	text := bytes.TrimSpace(head)
	switch {
	case len(text) == 0:
		return "empty"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a ZIP archive (perhaps an Excel workbook: save it as CSV)"
	case bytes.IndexByte(head, 0) >= 0:
		return "binary data, not text"
	case Detect("", head) != "":
		return what[Detect("", head)]
	case text[0] == '<':
		if root := xmlRoot(text); root != "" {
			return fmt.Sprintf("XML whose root element is <%s>", root)
		}
		return "not well-formed XML"
	}
	return "text of an unknown layout"
}

// xmlRoot is the name of the first element, or "" if none can be read.
func xmlRoot(text []byte) string {
	d := xml.NewDecoder(bytes.NewReader(text))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s.Name.Local
		}
	}
}
