package codes

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dossier/model/coding"
)

// ImportIndex reads one of the official index files CMS publishes with each
// release: the ICD-10-CM Alphabetic Index, Table of Drugs and Chemicals,
// Neoplasm Table and External Cause Index (all ICD10CM.index XML, see
// icd10cm-index.xsd), or the ICD-10-PCS Index (ICD10PCS.index XML). kind
// says which book the file is (the disease and external cause indexes share
// one schema); version is what the administrator typed, and must match the
// file's own <version> when it has one. It returns the book in the line
// format coding.ParseIndex reads, and the book itself.
func ImportIndex(r io.Reader, kind coding.IndexKind, version string) ([]byte, *coding.Index, error) {
	ix, err := parseIndexXML(r, kind)
	if err != nil {
		return nil, nil, err
	}
	if version = strings.TrimSpace(version); version == "" {
		version = ix.Version
	}
	if ix.Version != "" && version != ix.Version {
		return nil, nil, fmt.Errorf("the file is the %s release, not %s: check the version typed", ix.Version, version)
	}
	ix.Version = version
	if ix.Version == "" {
		return nil, nil, errors.New("the file does not say its release: type the version")
	}
	return finishIndex(ix)
}

// finishIndex writes the book in the line format and reads it back, so
// what is installed is exactly what the app will load.
func finishIndex(ix *coding.Index) ([]byte, *coding.Index, error) {
	if len(ix.Rows) == 0 {
		return nil, nil, errors.New("the file has no index terms")
	}
	var buf bytes.Buffer
	if err := coding.WriteIndex(&buf, ix); err != nil {
		return nil, nil, err
	}
	back, err := coding.ParseIndex(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), back, nil
}

// xmlRow is a row being read: text gathers as the elements close.
type xmlRow struct {
	row   coding.IndexRow
	cells map[int]string
	depth int // nesting of <term> (0 = mainTerm)
}

// parseIndexXML streams the file: the books are megabytes, and a term's
// subterms nest inside it, so rows are written as each term's own fields
// end (at its first subterm or its close).
func parseIndexXML(r io.Reader, kind coding.IndexKind) (*coding.Index, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	ix := &coding.Index{Kind: kind}
	var stack []*xmlRow // open mainTerm/term elements
	var path []string   // open element names
	var text strings.Builder
	heads := map[int]string{}
	root := ""
	pending := func() *xmlRow {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	// emit writes the innermost open term's row once its own fields are read.
	emitted := map[*xmlRow]bool{}
	emit := func(x *xmlRow) error {
		if x == nil || emitted[x] {
			return nil
		}
		emitted[x] = true
		row := x.row
		row.Term = strings.Join(strings.Fields(row.Term), " ")
		if row.Term == "" {
			row.Term = strings.TrimSpace(row.See)
		}
		if row.Term == "" {
			row.Term = strings.TrimSpace(row.SeeAlso)
		}
		if len(x.cells) > 0 {
			n := 0
			for c := range x.cells {
				n = max(n, c)
			}
			row.Cells = make([]string, n-1)
			for c, v := range x.cells {
				if c >= 2 {
					row.Cells[c-2] = v
				}
			}
		}
		if err := ix.Append(row); err != nil {
			return err
		}
		return nil
	}
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' || r == '|' {
				return ' '
			}
			return r
		}, strings.TrimSpace(s))
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not a readable index file: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if root == "" {
				root = name
				if name != "ICD10CM.index" && name != "ICD10PCS.index" {
					return nil, fmt.Errorf("not an ICD-10 index file (it starts with <%s>)", name)
				}
				if (name == "ICD10PCS.index") != (kind == coding.ProcedureIndex) {
					return nil, fmt.Errorf("the file is an %s index, not the %s", strings.TrimSuffix(name, ".index"), kind.Title())
				}
			}
			switch name {
			case "mainTerm", "term":
				if err := emit(pending()); err != nil {
					return nil, err
				}
				lv := 0
				if name == "term" {
					if len(stack) == 0 {
						return nil, errors.New("a <term> outside a <mainTerm>")
					}
					lv = len(stack)
					for _, a := range t.Attr {
						if a.Name.Local == "level" {
							if n, err := strconv.Atoi(a.Value); err != nil || n != lv {
								return nil, fmt.Errorf("a <term level=%q> at depth %d", a.Value, lv)
							}
						}
					}
				} else if len(stack) != 0 {
					return nil, errors.New("a <mainTerm> inside a term")
				}
				if lv > 12 {
					return nil, errors.New("terms nested deeper than 12 levels")
				}
				stack = append(stack, &xmlRow{row: coding.IndexRow{Level: lv}, cells: map[int]string{}, depth: lv})
			case "cell", "head":
				col := 0
				for _, a := range t.Attr {
					if a.Name.Local == "col" {
						col, _ = strconv.Atoi(a.Value)
					}
				}
				if col < 1 || col > 9 {
					return nil, fmt.Errorf("a <%s> with column %d (1 to 9)", name, col)
				}
				path = append(path, name+":"+strconv.Itoa(col))
				text.Reset()
				continue
			}
			// Mixed content: the title's (or see's) text before a child
			// element belongs to it, not to the child.
			if x := pending(); x != nil && !emitted[x] && len(path) > 0 {
				switch path[len(path)-1] {
				case "title":
					x.row.Term += " " + clean(text.String())
				case "see", "seecat":
					x.row.See = strings.TrimSpace(x.row.See + " " + clean(text.String()))
				}
			}
			path = append(path, name)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(path) == 0 && t.Name.Local != "mainTerm" && t.Name.Local != "term" {
				continue
			}
			name := t.Name.Local
			if name == "mainTerm" || name == "term" {
				x := pending()
				if err := emit(x); err != nil {
					return nil, err
				}
				stack = stack[:len(stack)-1]
				delete(emitted, x)
				continue
			}
			el := path[len(path)-1]
			path = path[:len(path)-1]
			s := clean(text.String())
			x := pending()
			switch {
			case strings.HasPrefix(el, "head:"):
				c, _ := strconv.Atoi(el[5:])
				heads[c] = s
			case el == "version" && x == nil:
				ix.Version = s
			case x == nil || emitted[x]:
				// letters' titles, the book's title: not rows
			case el == "nemod":
				x.row.NonEss = strings.TrimSpace(x.row.NonEss + " " + s)
			case el == "title":
				x.row.Term += " " + s
			case el == "see" || el == "seecat":
				x.row.See = strings.TrimSpace(x.row.See + " " + s)
			case el == "seeAlso":
				x.row.SeeAlso = s
			case el == "use":
				x.row.SeeAlso = "use " + s
			case el == "code" || el == "codes" || el == "tab" || el == "subcat":
				if x.row.Code == "" {
					x.row.Code = s
				}
			case el == "manif":
				if x.row.Code != "" && s != "" {
					x.row.Code += " [" + s + "]"
				}
			case strings.HasPrefix(el, "cell:"):
				c, _ := strconv.Atoi(el[5:])
				x.cells[c] = s
			}
			text.Reset()
		}
	}
	if root == "" {
		return nil, errors.New("the file is empty")
	}
	if len(heads) > 0 {
		n := 0
		for c := range heads {
			n = max(n, c)
		}
		ix.Columns = make([]string, n)
		for c, h := range heads {
			ix.Columns[c-1] = h
		}
	}
	return ix, nil
}

// ImportDerivedIndexCSV reads the Alphabetic Index as rows with their level
// (RowID, Letter, Level, Term, See, SeeAlso, NonEssModif, Code), the form the
// shipped FY2025 index was published in. Used by gen/ to build the embedded
// book; a clinic imports the official XML instead.
func ImportDerivedIndexCSV(r io.Reader, version string) ([]byte, *coding.Index, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 8
	ix := &coding.Index{Kind: coding.DiseaseIndex, Version: version}
	line := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("index CSV: %w", err)
		}
		line++
		if line == 1 {
			if rec[2] != "Level" || rec[3] != "Term" {
				return nil, nil, errors.New("index CSV: the header is not RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code")
			}
			continue
		}
		lv, err := strconv.Atoi(rec[2])
		if err != nil {
			return nil, nil, fmt.Errorf("index CSV line %d: level %q", line, rec[2])
		}
		row := coding.IndexRow{Level: lv, Term: rec[3], See: rec[4], SeeAlso: rec[5], NonEss: rec[6], Code: rec[7]}
		if err := ix.Append(row); err != nil {
			return nil, nil, fmt.Errorf("index CSV line %d: %w", line, err)
		}
	}
	return finishIndex(ix)
}

// DetectIndex says which book an index XML file is, from its start: the
// PCS Index, the Table of Drugs or the Neoplasm Table (by their column
// headings), the External Cause Index (by its title), else the Alphabetic
// Index. ok is false when the file is not an index.
func DetectIndex(head []byte) (coding.IndexKind, bool) {
	h := string(head)
	switch {
	case strings.Contains(h, "<ICD10PCS.index"):
		return coding.ProcedureIndex, true
	case !strings.Contains(h, "<ICD10CM.index"):
		return 0, false
	case strings.Contains(h, `<head col="1">Substance`):
		return coding.DrugTable, true
	case strings.Contains(h, `<head col="1">Neoplasm`):
		return coding.NeoplasmTable, true
	case strings.Contains(strings.ToUpper(h), "EXTERNAL CAUSE"):
		return coding.ExternalIndex, true
	}
	return coding.DiseaseIndex, true
}

// IndexFormats are the index books' format names, as the Code sets screen
// and "dossier codes import --format" take them.
var IndexFormats = map[string]coding.IndexKind{"cms-index-disease": coding.DiseaseIndex, "cms-index-drug": coding.DrugTable,
	"cms-index-neoplasm": coding.NeoplasmTable, "cms-index-external": coding.ExternalIndex, "cms-index-pcs": coding.ProcedureIndex}

// PackIndex is ImportIndex with the book compressed, ready to install
// (CodeSets().InstallIndex): the one path both front ends take.
func PackIndex(r io.Reader, kind coding.IndexKind, version string) ([]byte, *coding.Index, error) {
	data, ix, err := ImportIndex(r, kind, version)
	if err != nil {
		return nil, nil, err
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	if _, err := zw.Write(data); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return z.Bytes(), ix, nil
}
