package codes

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// The CMS readers stream the XML so each bad element can be named by line;
// gen/ uses them to build the code sets shipped in assets/codes.

var (
	cmCode  = regexp.MustCompile(`^[A-Z][0-9][A-Z0-9]{1,5}$`)
	pcsChar = regexp.MustCompile(`^[0-9A-HJ-NP-Z]$`) // PCS never uses I or O
)

// readOrder reads the order file: columns are order number (5), code (7),
// billable flag (1) and short title (60), each followed by a space, then
// the long title, which is the one kept.
func readOrder(r io.Reader, tabular io.Reader, b *builder) error {
	if tabular != nil {
		if err := readTabular(tabular, b); err != nil {
			return err
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(line) < 78 {
			b.bad(n, "line too short for the order-file layout (%d characters, at least 78 expected)", len(line))
			continue
		}
		flag := line[14:15]
		if flag != "0" && flag != "1" {
			b.bad(n, "billable flag %q is not 0 or 1", flag)
			continue
		}
		b.add(n, line[6:13], line[77:], flag == "1", "", cmCode, "E11.22")
	}
	return sc.Err()
}

type notes struct {
	Note []string `xml:"note"`
}

// noted holds the tabular's notes kept, with their letter in the format.
type noted struct {
	Inclusion     []notes `xml:"inclusionTerm"`
	Includes      []notes `xml:"includes"`
	Excludes1     []notes `xml:"excludes1"`
	Excludes2     []notes `xml:"excludes2"`
	CodeFirst     []notes `xml:"codeFirst"`
	UseAdditional []notes `xml:"useAdditionalCode"`
	CodeAlso      []notes `xml:"codeAlso"`
}

func (n noted) write(b *builder, key string) {
	for _, k := range []struct {
		kind string
		ns   []notes
	}{{"i", n.Inclusion}, {"n", n.Includes}, {"1", n.Excludes1}, {"2", n.Excludes2},
		{"f", n.CodeFirst}, {"u", n.UseAdditional}, {"a", n.CodeAlso}} {
		for _, ns := range k.ns {
			for _, t := range ns.Note {
				if t = clean(t); t != "" {
					b.extra = append(b.extra, "N\t"+key+"\t"+k.kind+"\t"+t)
				}
			}
		}
	}
}

type diag struct {
	Name string `xml:"name"`
	noted
	SevenDef *struct {
		Ext []struct {
			Char string `xml:"char,attr"`
			Text string `xml:",chardata"`
		} `xml:"extension"`
	} `xml:"sevenChrDef"`
	Diags []diag `xml:"diag"`
}

type chapterXML struct {
	Name string `xml:"name"`
	Desc string `xml:"desc"`
	noted
	Sections []struct {
		ID   string `xml:"id,attr"`
		Desc string `xml:"desc"`
		noted
		Diags []diag `xml:"diag"`
	} `xml:"section"`
}

// splitRange takes "Title (A00-B99)" apart.
func splitRange(desc string) (title, first, last string) {
	desc = clean(desc)
	i := strings.LastIndex(desc, " (")
	if i < 0 || !strings.HasSuffix(desc, ")") {
		return desc, "", ""
	}
	first, last, _ = strings.Cut(desc[i+2:len(desc)-1], "-")
	if last == "" {
		last = first
	}
	return desc[:i], first, last
}

// readTabular takes chapters, blocks, notes and 7th characters from the
// tabular list. Its problems are row errors prefixed "tabular list", as
// their line numbers are in that file, not the order file.
func readTabular(r io.Reader, b *builder) error {
	return eachElement(r, "ICD10CM.tabular", "the ICD-10-CM tabular list", b, "tabular list: ",
		func(d *xml.Decoder, start xml.StartElement, line int) error {
			if start.Name.Local != "chapter" {
				return d.Skip()
			}
			var ch chapterXML
			if err := d.DecodeElement(&ch, &start); err != nil {
				return err
			}
			title, first, last := splitRange(ch.Desc)
			name := clean(ch.Name)
			if name == "" || first == "" {
				b.bad(line, "tabular list: chapter without a name or code range")
				return nil
			}
			b.spans = append(b.spans, span{'C', name, first, last, title})
			ch.noted.write(b, "C:"+name)
			for _, sec := range ch.Sections {
				title, first, last := splitRange(sec.Desc)
				if first == "" {
					first, last, _ = strings.Cut(clean(sec.ID), "-")
					if last == "" {
						last = first
					}
				}
				name := first
				if last != first {
					name += "-" + last
				}
				b.spans = append(b.spans, span{'B', name, first, last, title})
				sec.noted.write(b, "B:"+name)
				var walk func(ds []diag)
				walk = func(ds []diag) {
					for _, d := range ds {
						key := strings.ReplaceAll(clean(d.Name), ".", "")
						d.noted.write(b, key)
						if d.SevenDef != nil {
							for _, x := range d.SevenDef.Ext {
								b.extra = append(b.extra, "7\t"+key+"\t"+clean(x.Char)+"\t"+clean(x.Text))
							}
						}
						walk(d.Diags)
					}
				}
				walk(sec.Diags)
			}
			return nil
		})
}

type pcsAxis struct {
	Pos    int    `xml:"pos,attr"`
	Title  string `xml:"title"`
	Labels []struct {
		Code string `xml:"code,attr"`
		Text string `xml:",chardata"`
	} `xml:"label"`
}

type pcsTable struct {
	Axes []pcsAxis `xml:"axis"`
	Rows []struct {
		Axes []pcsAxis `xml:"axis"`
	} `xml:"pcsRow"`
}

// readPCS keeps the tables as tables (one line per row), as the generator
// does; the engine expands them to codes when it loads.
func readPCS(r io.Reader, b *builder) error {
	tables := map[string]int{}
	return eachElement(r, "ICD10PCS.tabular", what[CMSPCSTables], b, "",
		func(d *xml.Decoder, start xml.StartElement, line int) error {
			if start.Name.Local != "pcsTable" {
				return d.Skip()
			}
			var t pcsTable
			if err := d.DecodeElement(&t, &start); err != nil {
				return err
			}
			rec, code, problem := pcsRecords(t)
			if prev, dup := tables[code]; problem == "" && dup {
				problem = fmt.Sprintf("duplicate table %s (first on line %d)", code, prev)
			}
			if problem != "" {
				b.bad(line, "%s", problem)
				return nil
			}
			tables[code] = line
			b.pcs = append(b.pcs, rec...)
			return nil
		})
}

// pcsRecords makes a table's P and R records, or says what is wrong.
func pcsRecords(t pcsTable) (rec []string, code, problem string) {
	if len(t.Axes) != 3 {
		return nil, "", fmt.Sprintf("a table with %d axes instead of 3", len(t.Axes))
	}
	fields := []string{}
	for _, a := range t.Axes {
		if len(a.Labels) != 1 {
			return nil, "", fmt.Sprintf("table axis %d with %d labels instead of 1", a.Pos, len(a.Labels))
		}
		c, l := clean(a.Labels[0].Code), clean(a.Labels[0].Text)
		if !pcsChar.MatchString(c) || l == "" || strings.Contains(l, "|") {
			return nil, "", fmt.Sprintf("table axis %d: bad label %q = %q", a.Pos, c, l)
		}
		code += c
		fields = append(fields, clean(a.Title)+"="+l)
	}
	rec = append(rec, "P\t"+code+"\t"+strings.Join(fields, "\t"))
	for _, r := range t.Rows {
		if len(r.Axes) != 4 {
			return nil, "", fmt.Sprintf("table %s has a row with %d axes instead of 4", code, len(r.Axes))
		}
		f := []string{"R"}
		for _, a := range r.Axes {
			chars, labels := "", []string{}
			for _, l := range a.Labels {
				c, s := clean(l.Code), clean(l.Text)
				if !pcsChar.MatchString(c) || s == "" || strings.Contains(s, "|") {
					return nil, "", fmt.Sprintf("table %s, axis %d: bad label %q = %q", code, a.Pos, c, s)
				}
				chars += c
				labels = append(labels, s)
			}
			if chars == "" {
				return nil, "", fmt.Sprintf("table %s, axis %d has no labels", code, a.Pos)
			}
			f = append(f, clean(a.Title), chars, strings.Join(labels, "|"))
		}
		rec = append(rec, strings.Join(f, "\t"))
	}
	return rec, code, ""
}

// eachElement streams an XML file whose root must be root, calling fn for
// each child element of the root with the line it starts on. A syntax
// error stops the file and becomes a row error at its line: nothing after
// it can be trusted.
func eachElement(r io.Reader, root, expected string, b *builder, prefix string,
	fn func(d *xml.Decoder, start xml.StartElement, line int) error) error {
	d := xml.NewDecoder(r)
	depth, sawRoot := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sawRoot {
				return fmt.Errorf("expected %s, but found no <%s> element", expected, root)
			}
			return nil
		}
		line, _ := d.InputPos()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			b.bad(line, "%smalformed XML: %v", prefix, err)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if t.Name.Local != root {
					return fmt.Errorf("expected %s, but the XML's root element is <%s>", expected, t.Name.Local)
				}
				depth, sawRoot = 1, true
				continue
			}
			if err := fn(d, t, line); err != nil {
				var se *xml.SyntaxError
				if errors.As(err, &se) {
					line = se.Line
				}
				b.bad(line, "%smalformed XML element <%s>: %v", prefix, t.Name.Local, err)
				return nil
			}
		case xml.EndElement:
			depth = 0
		}
	}
}
