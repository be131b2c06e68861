package codes

import (
	"bufio"
	"bytes"
	"dossier/reports/imports/spreadsheet"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"dossier/model/coding"
)

var (
	// ICD-11 stem codes (1A00, 1A00.0, 1A00.Y) and extension codes (XN6P4).
	icd11Code = regexp.MustCompile(`^[0-9A-Z]{4,6}(\.[0-9A-Z]{1,2})?$`)
	// A local list's codes: letters and digits, with . - / _ inside for
	// readability (the engine stores only the letters and digits).
	localCode = regexp.MustCompile(`^[A-Z0-9]([A-Z0-9./_-]{0,18}[A-Z0-9])?$`)
)

// readRows reads comma-, semicolon- or tab-separated text (the header line
// decides), '#' comment lines and blank rows skipped, as people.Read does.
// cols maps the normalised header to a field; row gets each row's values by
// field. A row whose column count differs from the header's is a row error.
func readRows(r io.Reader, b *builder, cols func(header []string) (map[int]string, error),
	row func(line int, get func(string) string)) error {
	br := bufio.NewReader(r)
	head, header, err := spreadsheet.HeaderLine(br)
	if err != nil {
		return err
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(head), br))
	cr.Comma = spreadsheet.Sniff(header)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // counted here, to say which rows are wrong
	rec, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read the header line: %w", err)
	}
	fields, err := cols(rec)
	if err != nil {
		return err
	}
	width := len(rec)
	values := map[string]string{}
	get := func(f string) string { return values[f] }
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			b.bad(pe.StartLine, "bad quoting: %v", pe.Err)
			continue
		}
		if err != nil {
			return err
		}
		line, _ := cr.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		if len(rec) != width {
			b.bad(line, "%d values, but the header has %d columns", len(rec), width)
			continue
		}
		clear(values)
		for i, f := range fields {
			values[f] = strings.TrimSpace(rec[i])
		}
		row(line, get)
	}
}

// normalize makes "Class Kind", "class_kind" and "ClassKind" one header.
func normalize(h string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(h)))
}

// columns finds the fields in a header: known maps normalised headers to
// fields; the required fields must all be there, or the error lists the
// columns the file has.
func columns(known map[string]string, required ...string) func([]string) (map[int]string, error) {
	return func(header []string) (map[int]string, error) {
		out, have, found := map[int]string{}, map[string]bool{}, []string{}
		for i, h := range header {
			found = append(found, strconv.Quote(strings.TrimSpace(h)))
			if f := known[normalize(h)]; f != "" && !have[f] {
				out[i], have[f] = f, true
			}
		}
		for _, f := range required {
			if !have[f] {
				sort.Strings(found)
				return nil, fmt.Errorf("no %s column: the columns are %s", f, strings.Join(found, ", "))
			}
		}
		return out, nil
	}
}

// readICD11 reads the MMS simple tabulation. Rows without a code are
// groupings (chapters, blocks); a row's depth is the number of leading
// dashes of its title, and its parent the nearest row above one level up.
func readICD11(r io.Reader, b *builder) error {
	type level struct {
		code  string // "" for a grouping
		spans []*span
	}
	var stack []level
	var order []*span
	chapters := 0
	known := map[string]string{"code": "code", "title": "title", "classkind": "kind", "isleaf": "leaf", "chapterno": "chapter"}
	cols := func(header []string) (map[int]string, error) {
		m, err := columns(known, "code", "title", "kind")(header)
		b.leaves = !hasField(m, "leaf") // without isLeaf, codes with none below are the leaves
		return m, err
	}
	err := readRows(r, b, cols, func(line int, get func(string) string) {
		title := get("title")
		depth := 0
		for strings.HasPrefix(title, "-") {
			title, depth = strings.TrimSpace(title[1:]), depth+1
		}
		kind, code := strings.ToLower(get("kind")), get("code")
		switch {
		case kind != "chapter" && kind != "block" && kind != "category":
			b.bad(line, "class kind %q (chapter, block or category expected)", get("kind"))
			return
		case (kind == "chapter") != (depth == 0):
			b.bad(line, "%s at depth %d (only chapters have no leading dashes)", kind, depth)
			return
		case depth > len(stack):
			b.bad(line, "title has %d leading dashes, more than one below the row above", depth)
			return
		case title == "":
			b.bad(line, "empty title")
			return
		}
		stack = stack[:depth]
		var above []*span
		if depth > 0 {
			above = stack[depth-1].spans
		}
		lv := level{code: code, spans: above}
		if code == "" { // a grouping
			s := &span{kind: 'B', title: title}
			if kind == "chapter" {
				chapters++
				name := strings.TrimLeft(get("chapter"), "0")
				if name == "" {
					name = strconv.Itoa(chapters)
				}
				s = &span{kind: 'C', name: name, title: title}
			}
			order = append(order, s)
			lv.spans = append(append([]*span(nil), above...), s)
		} else {
			parent := ""
			if depth > 0 {
				parent = stack[depth-1].code
			}
			leaf := strings.ToLower(get("leaf"))
			b.add(line, code, title, leaf == "true" || leaf == "1" || leaf == "yes", parent, icd11Code, "1A00.0")
			for _, s := range above {
				s.widen(coding.Compact(code))
			}
		}
		stack = append(stack, lv)
	})
	b.keepSpans(order)
	return err
}

func hasField(m map[int]string, f string) bool {
	for _, v := range m {
		if v == f {
			return true
		}
	}
	return false
}
