package codes

import (
	"fmt"
	"io"
	"strings"
)

// icpcChapters are ICPC-2's chapters, named by the code's first letter.
var icpcChapters = map[byte]string{
	'A': "General and unspecified", 'B': "Blood, blood forming organs and immune mechanism",
	'D': "Digestive", 'F': "Eye", 'H': "Ear", 'K': "Cardiovascular", 'L': "Musculoskeletal",
	'N': "Neurological", 'P': "Psychological", 'R': "Respiratory", 'S': "Skin",
	'T': "Endocrine/metabolic and nutritional", 'U': "Urological",
	'W': "Pregnancy, childbearing, family planning", 'X': "Female genital", 'Y': "Male genital",
	'Z': "Social problems",
}

// readICPC2 reads an ICPC-2 list: a code column and a title column. Every
// ICPC-2 code is reportable; the chapter comes from the code's letter.
func readICPC2(r io.Reader, b *builder) error {
	known := map[string]string{"code": "code", "icpc": "code", "icpc2": "code", "icpc2code": "code",
		"title": "title", "preferred": "title", "label": "title", "description": "title", "rubric": "title", "text": "title"}
	seen := map[byte]bool{}
	err := readRows(r, b, columns(known, "code", "title"), func(line int, get func(string) string) {
		c := strings.ToUpper(get("code"))
		b.add(line, c, get("title"), true, "", icpcCode, "A01")
		if icpcCode.MatchString(c) {
			seen[c[0]] = true
		}
	})
	for _, l := range "ABDFHKLNPRSTUWXYZ" {
		if seen[byte(l)] {
			b.spans = append(b.spans, span{'C', string(l), string(l) + "00", string(l) + "99", icpcChapters[byte(l)]})
		}
	}
	return err
}

// localFields are the headers a local list's columns are known by without
// a mapping (normalised: lower case, no spaces).
var localFields = map[string]string{"code": "code", "ref": "code", "id": "code",
	"title": "title", "description": "title", "name": "title", "label": "title",
	"parent": "parent", "group": "parent", "parentcode": "parent",
	"billable": "billable", "reportable": "billable", "leaf": "billable"}

// readLocal reads a clinic's own list. mapping names columns whose headers
// are not recognised (header → code, title, parent or billable). Without a
// billable column, codes with nothing below them are billable.
func readLocal(r io.Reader, mapping map[string]string, b *builder) error {
	known := map[string]string{}
	for h, f := range localFields {
		known[h] = f
	}
	for h, f := range mapping {
		switch f {
		case "code", "title", "parent", "billable":
			known[normalize(h)] = f
		default:
			return fmt.Errorf("column %q is mapped to %q: use code, title, parent or billable", h, f)
		}
	}
	cols := func(header []string) (map[int]string, error) {
		m, err := columns(known, "code", "title")(header)
		b.leaves = !hasField(m, "billable")
		return m, err
	}
	return readRows(r, b, cols, func(line int, get func(string) string) {
		billable := false
		switch v := strings.ToLower(get("billable")); v {
		case "", "0", "no", "n", "false", "non":
		case "1", "yes", "y", "true", "x", "oui", "si", "sí":
			billable = true
		default:
			b.bad(line, "billable %q is not yes or no", get("billable"))
			return
		}
		b.add(line, get("code"), get("title"), billable, get("parent"), localCode, "MAL-1")
	})
}
