// Command gen builds Dossier's embedded code sets from the CMS releases.
// It is run by hand when a new release is adopted, never by go generate or
// the build:
//
//	go run ./assets/codes/gen \
//	    -cm-order   /path/icd10cm-order-2021.txt \
//	    -cm-tabular /path/icd10cm-tabular-2021.xml \
//	    -pcs        /path/icd10pcs-tables-2020.xml \
//	    -out        assets/codes
//
// It writes icd10cm-<version>.tsv.gz and icd10pcs-<version>.tsv.gz in the
// line format documented in dossier/model/coding (set.go). Update the file
// names in codes.go when the versions change. The order file gives every
// code and whether it is billable; the tabular list adds chapters, blocks,
// instructional notes and 7th-character definitions; the PCS tables are
// stored as tables (one line per row) and expanded when loaded, which keeps
// the file ~20 times smaller than listing 77,000 codes.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	order := flag.String("cm-order", "", "ICD-10-CM order file (fixed width)")
	tabular := flag.String("cm-tabular", "", "ICD-10-CM tabular list XML")
	pcs := flag.String("pcs", "", "ICD-10-PCS tables XML")
	out := flag.String("out", "assets/codes", "output folder")
	flag.Parse()
	if *order == "" || *tabular == "" || *pcs == "" {
		log.Fatal("gen: -cm-order, -cm-tabular and -pcs are all required")
	}
	if err := writeCM(*order, *tabular, *out); err != nil {
		log.Fatal(err)
	}
	if err := writePCS(*pcs, *out); err != nil {
		log.Fatal(err)
	}
}

// clean makes a field safe for the tab-separated format.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func compact(code string) string { return strings.ReplaceAll(strings.TrimSpace(code), ".", "") }

type notes struct {
	Note []string `xml:"note"`
}

// noteKinds are the tabular elements kept, with their letter in the format.
type noted struct {
	Inclusion     []notes `xml:"inclusionTerm"`
	Includes      []notes `xml:"includes"`
	Excludes1     []notes `xml:"excludes1"`
	Excludes2     []notes `xml:"excludes2"`
	CodeFirst     []notes `xml:"codeFirst"`
	UseAdditional []notes `xml:"useAdditionalCode"`
	CodeAlso      []notes `xml:"codeAlso"`
}

func (n noted) write(w io.Writer, key string) {
	for _, k := range []struct {
		kind string
		ns   []notes
	}{{"i", n.Inclusion}, {"n", n.Includes}, {"1", n.Excludes1}, {"2", n.Excludes2},
		{"f", n.CodeFirst}, {"u", n.UseAdditional}, {"a", n.CodeAlso}} {
		for _, ns := range k.ns {
			for _, t := range ns.Note {
				if t = clean(t); t != "" {
					fmt.Fprintf(w, "N\t%s\t%s\t%s\n", key, k.kind, t)
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

type tabularXML struct {
	Version  string `xml:"version"`
	Chapters []struct {
		Name string `xml:"name"`
		Desc string `xml:"desc"`
		noted
		Sections []struct {
			ID   string `xml:"id,attr"`
			Desc string `xml:"desc"`
			noted
			Diags []diag `xml:"diag"`
		} `xml:"section"`
	} `xml:"chapter"`
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

func writeCM(orderPath, tabularPath, outDir string) error {
	raw, err := os.ReadFile(tabularPath)
	if err != nil {
		return err
	}
	var tab tabularXML
	if err := xml.Unmarshal(raw, &tab); err != nil {
		return fmt.Errorf("%s: %w", tabularPath, err)
	}
	version := clean(tab.Version)
	return writeGz(filepath.Join(outDir, "icd10cm-"+version+".tsv.gz"), func(w io.Writer) error {
		fmt.Fprintf(w, "#dossier-codes 1\tICD-10-CM\t%s\n", version)
		for _, ch := range tab.Chapters {
			title, first, last := splitRange(ch.Desc)
			fmt.Fprintf(w, "C\t%s\t%s\t%s\t%s\n", clean(ch.Name), first, last, title)
			ch.noted.write(w, "C:"+clean(ch.Name))
			for _, sec := range ch.Sections {
				title, first, last := splitRange(sec.Desc)
				if first == "" {
					first, last, _ = strings.Cut(sec.ID, "-")
				}
				name := first
				if last != first {
					name += "-" + last
				}
				fmt.Fprintf(w, "B\t%s\t%s\t%s\n", first, last, title)
				sec.noted.write(w, "B:"+name)
				var walk func(ds []diag)
				walk = func(ds []diag) {
					for _, d := range ds {
						key := compact(d.Name)
						d.noted.write(w, key)
						if d.SevenDef != nil {
							for _, x := range d.SevenDef.Ext {
								fmt.Fprintf(w, "7\t%s\t%s\t%s\n", key, clean(x.Char), clean(x.Text))
							}
						}
						walk(d.Diags)
					}
				}
				walk(sec.Diags)
			}
		}
		return writeOrder(w, orderPath)
	})
}

// writeOrder copies the order file's codes: columns are order number (5),
// code (7), billable flag (1) and short title (60), each followed by a
// space, then the long title.
func writeOrder(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		n++
		if len(line) < 78 {
			return fmt.Errorf("%s:%d: line too short for the order-file layout", path, n)
		}
		code, flag, long := strings.TrimSpace(line[6:13]), line[14:15], clean(line[77:])
		if flag != "0" && flag != "1" {
			return fmt.Errorf("%s:%d: billable flag %q", path, n, flag)
		}
		fmt.Fprintf(w, "D\t%s\t%s\t%s\n", code, flag, long)
	}
	return sc.Err()
}

type pcsXML struct {
	Version string `xml:"version"`
	Tables  []struct {
		Axes []pcsAxis `xml:"axis"`
		Rows []struct {
			Axes []pcsAxis `xml:"axis"`
		} `xml:"pcsRow"`
	} `xml:"pcsTable"`
}

type pcsAxis struct {
	Pos    int    `xml:"pos,attr"`
	Title  string `xml:"title"`
	Labels []struct {
		Code string `xml:"code,attr"`
		Text string `xml:",chardata"`
	} `xml:"label"`
}

func writePCS(path, outDir string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var p pcsXML
	if err := xml.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	version := clean(p.Version)
	safe := func(s string) (string, error) {
		s = clean(s)
		if strings.ContainsAny(s, "|\t") {
			return "", fmt.Errorf("%s: label %q holds a separator", path, s)
		}
		return s, nil
	}
	return writeGz(filepath.Join(outDir, "icd10pcs-"+version+".tsv.gz"), func(w io.Writer) error {
		fmt.Fprintf(w, "#dossier-codes 1\tICD-10-PCS\t%s\n", version)
		for _, t := range p.Tables {
			if len(t.Axes) != 3 {
				return fmt.Errorf("%s: a table with %d axes", path, len(t.Axes))
			}
			code, fields := "", []string{}
			for _, a := range t.Axes {
				if len(a.Labels) != 1 {
					return fmt.Errorf("%s: table axis %d with %d labels", path, a.Pos, len(a.Labels))
				}
				l, err := safe(a.Labels[0].Text)
				if err != nil {
					return err
				}
				code += clean(a.Labels[0].Code)
				fields = append(fields, clean(a.Title)+"="+l)
			}
			fmt.Fprintf(w, "P\t%s\t%s\n", code, strings.Join(fields, "\t"))
			for _, r := range t.Rows {
				if len(r.Axes) != 4 {
					return fmt.Errorf("%s: table %s has a row with %d axes", path, code, len(r.Axes))
				}
				f := []string{"R"}
				for _, a := range r.Axes {
					chars, labels := "", []string{}
					for _, l := range a.Labels {
						s, err := safe(l.Text)
						if err != nil {
							return err
						}
						chars += clean(l.Code)
						labels = append(labels, s)
					}
					f = append(f, clean(a.Title), chars, strings.Join(labels, "|"))
				}
				fmt.Fprintln(w, strings.Join(f, "\t"))
			}
		}
		return nil
	})
}

func writeGz(path string, body func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	if err := body(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("wrote %s", path)
	return f.Close()
}
