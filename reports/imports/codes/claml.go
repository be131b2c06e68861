package codes

import (
	"encoding/xml"
	"io"
	"regexp"
	"strings"

	"dossier/model/coding"
)

// claCode is a WHO ICD-10 category: A00, A00.0; the dagger and asterisk
// marks are attributes in ClaML, not part of the code.
var claCode = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,2})?$`)

type claClass struct {
	Code   string `xml:"code,attr"`
	Kind   string `xml:"kind,attr"`
	Supers []struct {
		Code string `xml:"code,attr"`
	} `xml:"SuperClass"`
	Rubrics []struct {
		Kind   string    `xml:"kind,attr"`
		Labels []anyText `xml:"Label"`
	} `xml:"Rubric"`
}

// anyText is an element's text with its markup dropped: ClaML labels hold
// <Reference> and <Fragment> elements inside the words.
type anyText string

func (t *anyText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case xml.CharData:
			b.Write(v)
		case xml.StartElement:
			depth++
			b.WriteByte(' ')
		case xml.EndElement:
			depth--
		}
	}
	*t = anyText(clean(b.String()))
	return nil
}

type claEntry struct {
	kind, code, title, super string
	line                     int
}

// readClaML reads WHO ClaML: each Class is a chapter, block or category
// with its preferred label as title; SuperClass gives the parent.
// Inclusion rubrics become inclusion terms, which search indexes as other
// names of the code. Exclusions are not kept: ClaML does not say whether
// they are Excludes1 or Excludes2, and the encounter edits rely on that.
func readClaML(r io.Reader, b *builder) error {
	b.leaves = true // ICD-10 has no billable flag: the most specific code is the one to report
	var all []claEntry
	byCode := map[string]int{}
	err := eachElement(r, "ClaML", what[WHOClaML], b, "",
		func(d *xml.Decoder, start xml.StartElement, line int) error {
			if start.Name.Local != "Class" {
				return d.Skip()
			}
			var c claClass
			if err := d.DecodeElement(&c, &start); err != nil {
				return err
			}
			e := claEntry{kind: c.Kind, code: strings.TrimSpace(c.Code), line: line}
			for _, s := range c.Supers {
				e.super = strings.TrimSpace(s.Code) // ICD-10 classes have one
			}
			var incl []string
			for _, rb := range c.Rubrics {
				for _, l := range rb.Labels {
					switch rb.Kind {
					case "preferred":
						if e.title == "" {
							e.title = string(l)
						}
					case "inclusion":
						if l != "" {
							incl = append(incl, string(l))
						}
					}
				}
			}
			switch {
			case e.code == "":
				b.bad(line, "class without a code")
			case e.kind != "chapter" && e.kind != "block" && e.kind != "category":
				b.bad(line, "class %s has kind %q (chapter, block or category expected)", e.code, e.kind)
			case e.title == "":
				b.bad(line, "class %s has no preferred label", e.code)
			case byCode[e.code] > 0:
				b.bad(line, "duplicate class %s (first on line %d)", e.code, all[byCode[e.code]-1].line)
			default:
				all = append(all, e)
				byCode[e.code] = len(all) // +1, so 0 is "absent"
				if e.kind == "category" {
					for _, t := range incl {
						b.extra = append(b.extra, "N\t"+e.code+"\ti\t"+t)
					}
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	spans := map[string]*span{}
	var order []*span
	for _, e := range all {
		switch e.kind {
		case "chapter":
			s := &span{kind: 'C', name: e.code, title: e.title}
			spans[e.code], order = s, append(order, s)
		case "block":
			first, last, _ := strings.Cut(e.code, "-")
			if last == "" {
				last = first
			}
			s := &span{kind: 'B', title: e.title}
			s.widen(first)
			s.widen(last)
			spans[e.code], order = s, append(order, s)
		}
	}
	for _, e := range all {
		if e.super != "" && byCode[e.super] == 0 {
			b.bad(e.line, "parent %q of %s does not exist", e.super, e.code)
			continue
		}
		if e.kind != "category" {
			continue
		}
		parent := ""
		if i := byCode[e.super]; i > 0 && all[i-1].kind == "category" {
			parent = all[i-1].code
		}
		b.add(e.line, e.code, e.title, false, parent, claCode, "A00.0")
		// Widen every heading above (the chapter's range comes from its
		// codes: ClaML gives it none). Bounded, in case of a cycle.
		for up, n := e.super, 0; byCode[up] > 0 && n < 10; n++ {
			if s := spans[up]; s != nil && s.kind == 'C' {
				s.widen(coding.Compact(e.code))
			}
			up = all[byCode[up]-1].super
		}
	}
	b.keepSpans(order)
	return nil
}
