// Package codes turns code-set files a clinic can obtain (CMS ICD-10-CM
// and ICD-10-PCS releases, WHO ICD-10 ClaML, an ICD-11 MMS tabulation, an
// ICPC-2 list, or its own spreadsheet) into the line format of
// dossier/model/coding, so the Admin screen can install a new release or a
// local list without a developer rebuilding the shipped sets (gen/).
//
// Import is all or nothing: a file with one bad row installs nothing,
// because a half-loaded code set silently hides codes that staff then code
// around, and that is worse than an error they can fix in the file.
package codes

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"dossier/model/coding"
)

// Format is the kind of file Import reads.
type Format string

// The formats Import reads.
const (
	CMSOrder     Format = "cms-cm-order"   // CMS ICD-10-CM order file (fixed width), optionally with the tabular XML for notes/7th characters
	CMSPCSTables Format = "cms-pcs-tables" // CMS ICD-10-PCS tables XML
	WHOClaML     Format = "who-claml"      // WHO ICD-10 in ClaML XML
	ICD11MMS     Format = "icd11-mms"      // ICD-11 MMS simple tabulation exported as TSV/CSV
	ICPC2        Format = "icpc2"          // ICPC-2 list as CSV/TSV
	Table        Format = "csv"            // a local list from CSV/TSV with a column mapping
)

// what names each format in error messages, as an administrator knows it.
var what = map[Format]string{
	CMSOrder:     "a CMS ICD-10-CM order file (fixed-width text)",
	CMSPCSTables: "a CMS ICD-10-PCS tables XML file",
	WHOClaML:     "a WHO ICD-10 ClaML XML file",
	ICD11MMS:     "an ICD-11 MMS tabulation (CSV/TSV with Code, Title and ClassKind columns)",
	ICPC2:        "an ICPC-2 code list (CSV/TSV)",
	Table:        "a CSV/TSV code list",
}

// Options says how to read a file and what to install it as.
type Options struct {
	Format  Format
	Name    string            // system name to install under, e.g. "ICD-10-CM", "ICD-11 MMS", "ICPC-2", "Clinic list"
	Version string            // e.g. "2026"
	Mapping map[string]string // for Table: header → one of code, title, parent, billable
	Tabular io.Reader         // for CMSOrder: optional tabular XML
	// FileName is the file's name, for the release year CMS puts in it
	// ("icd10cm_order_2026.txt"); optional.
	FileName string
}

// RowError is one bad row (or XML element) of the file.
type RowError struct {
	Line    int // 1-based line in the file
	Problem string
}

// String is "line N: problem", as the administrator sees it.
func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// ErrBadRows is wrapped by Import's error when rows are bad.
var ErrBadRows = errors.New("bad rows: nothing was imported")

// Import reads a code-set file, validates every row, and returns the set in
// the engine's line format (gzip-compressed, ready to store) together with
// the loaded set. With any bad row it returns the rows, an error wrapping
// ErrBadRows and no data. The file may itself be gzip-compressed.
func Import(r io.Reader, opt Options) (data []byte, set *coding.Set, rowErrs []RowError, err error) {
	opt.Name, opt.Version = clean(opt.Name), clean(opt.Version)
	if opt.Name == "" || opt.Version == "" {
		return nil, nil, nil, errors.New("code import: a system name and a version are required")
	}
	if _, ok := what[opt.Format]; !ok {
		return nil, nil, nil, fmt.Errorf("code import: unknown format %q", opt.Format)
	}
	br := bufio.NewReader(r)
	if m, _ := br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("code import: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	head, _ := br.Peek(4096) // shorter files give what they have
	if err := checkFormat(opt.Format, head); err != nil {
		return nil, nil, nil, err
	}
	if err := checkRelease(opt, head); err != nil {
		return nil, nil, nil, err
	}
	if opt.Format == CMSOrder && opt.Tabular != nil {
		tb := bufio.NewReader(opt.Tabular)
		th, _ := tb.Peek(4096)
		if v := releaseIn(th); v != "" && v != opt.Version {
			return nil, nil, nil, fmt.Errorf("code import: the tabular list is the %s release, not %s: use the tabular list of the same release, or check the version typed", v, opt.Version)
		}
		opt.Tabular = tb
	}
	b := &builder{opt: opt, byCode: map[string]int{}}
	switch opt.Format {
	case CMSOrder:
		err = readOrder(br, opt.Tabular, b)
	case CMSPCSTables:
		err = readPCS(br, b)
	case WHOClaML:
		err = readClaML(br, b)
	case ICD11MMS:
		err = readICD11(br, b)
	case ICPC2:
		err = readICPC2(br, b)
	case Table:
		err = readLocal(br, opt.Mapping, b)
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("code import: %w", err)
	}
	b.checkParents()
	if len(b.errs) > 0 {
		sort.SliceStable(b.errs, func(i, j int) bool { return b.errs[i].Line < b.errs[j].Line })
		return nil, nil, b.errs, fmt.Errorf("code import: %d %w", len(b.errs), ErrBadRows)
	}
	if len(b.codes) == 0 && len(b.pcs) == 0 {
		return nil, nil, nil, fmt.Errorf("code import: the file holds no codes (expected %s)", what[opt.Format])
	}
	data, set, err = b.build()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("code import: %w", err)
	}
	return data, set, nil, nil
}

// builder gathers a set's records and its row errors, then writes the
// line format. Codes are kept compact (coding.Compact), as the engine
// looks them up.
type builder struct {
	opt    Options
	codes  []code
	byCode map[string]int
	spans  []span   // chapters and blocks
	extra  []string // N and 7 records
	pcs    []string // P and R records, in file order (R belongs to the P above)
	errs   []RowError
	leaves bool // billable means "has no codes below it" (formats without a flag)
}

type code struct {
	code, title, parent string
	billable            bool
	line                int
}

type span struct {
	kind                     byte // 'C' or 'B'
	name, first, last, title string
}

func (b *builder) bad(line int, format string, a ...any) {
	b.errs = append(b.errs, RowError{Line: line, Problem: fmt.Sprintf(format, a...)})
}

// add checks and keeps one code; valid is the spelling the system allows,
// and sample an example of it for the error message.
func (b *builder) add(line int, raw, title string, billable bool, parent string, valid *regexp.Regexp, sample string) {
	raw, title = strings.ToUpper(strings.TrimSpace(raw)), clean(title)
	c := coding.Compact(raw)
	switch prev, dup := b.byCode[c]; {
	case raw == "":
		b.bad(line, "empty code")
	case !valid.MatchString(raw):
		b.bad(line, "code %q is not a %s code (like %s)", raw, b.opt.Name, sample)
	case title == "":
		b.bad(line, "code %s has no title", raw)
	case dup:
		b.bad(line, "duplicate code %s (first on line %d)", raw, b.codes[prev].line)
	default:
		b.byCode[c] = len(b.codes)
		b.codes = append(b.codes, code{code: c, title: title, parent: parent, billable: billable, line: line})
	}
}

// checkParents checks that every parent named exists and is a prefix of
// its child: the engine stores no parent links but derives them from code
// prefixes, so any other parent would be silently lost.
func (b *builder) checkParents() {
	for _, c := range b.codes {
		if c.parent == "" {
			continue
		}
		p := coding.Compact(c.parent)
		switch _, ok := b.byCode[p]; {
		case !ok:
			b.bad(c.line, "parent %q of %s does not exist", c.parent, c.code)
		case p == c.code || !strings.HasPrefix(c.code, p):
			b.bad(c.line, "parent %s is not the start of code %s (Dossier derives parents from code prefixes)", c.parent, c.code)
		}
	}
}

// build writes the line format, compresses it, and loads it back: the set
// returned is what the engine will see, so a file that passes here loads.
func (b *builder) build() ([]byte, *coding.Set, error) {
	// Code order puts every prefix before the codes that start with it,
	// which the engine needs to find parents and children.
	sort.SliceStable(b.codes, func(i, j int) bool { return b.codes[i].code < b.codes[j].code })
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "#dossier-codes 1\t%s\t%s\n", b.opt.Name, b.opt.Version)
	for _, s := range b.spans {
		if s.kind == 'C' {
			fmt.Fprintf(w, "C\t%s\t%s\t%s\t%s\n", s.name, s.first, s.last, s.title)
		} else {
			fmt.Fprintf(w, "B\t%s\t%s\t%s\n", s.first, s.last, s.title)
		}
	}
	for _, x := range b.extra {
		fmt.Fprintln(w, x)
	}
	for i, c := range b.codes {
		if b.leaves {
			c.billable = i+1 == len(b.codes) || !strings.HasPrefix(b.codes[i+1].code, c.code)
		}
		flag := "0"
		if c.billable {
			flag = "1"
		}
		fmt.Fprintf(w, "D\t%s\t%s\t%s\n", c.code, flag, c.title)
	}
	for _, x := range b.pcs {
		fmt.Fprintln(w, x)
	}
	if err := w.Flush(); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	set, err := coding.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), set, nil
}

// clean makes a field safe for the tab-separated format: whitespace,
// tabs and newlines included, becomes single spaces.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// cat3 is a code's category, the key the engine finds chapters and blocks by.
func cat3(c string) string {
	if len(c) > 3 {
		return c[:3]
	}
	return c
}

// widen stretches a span's range to hold a code's category.
func (s *span) widen(c string) {
	c = cat3(c)
	if s.first == "" || c < s.first {
		s.first = c
	}
	if c > s.last {
		s.last = c
	}
}

// keepSpans adds the spans that hold codes; one without codes cannot be
// placed in the engine's ranges and would only add an empty heading.
func (b *builder) keepSpans(sp []*span) {
	for _, s := range sp {
		if s.first != "" {
			b.spans = append(b.spans, *s)
		}
	}
}

// ParseMapping reads the column mapping of a local list, "Column=field"
// pairs separated by commas (fields: code, title, parent, billable), as the
// Code sets screen and `dossier codes import --map` take it.
func ParseMapping(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		col, field, ok := strings.Cut(pair, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, fmt.Errorf("a column mapping is Column=field pairs separated by commas, not %q", pair)
		}
		out[col] = field
	}
	return out, nil
}

// versionTag is a CMS XML file's own statement of its release.
var versionTag = regexp.MustCompile(`<version>\s*([0-9]{4})\s*</version>`)

// releaseIn is the release a CMS XML file says it is ("2025"), or "".
func releaseIn(head []byte) string {
	if m := versionTag.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// yearInName is a file name's release year ("icd10cm_order_2026.txt").
var yearInName = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)

// checkRelease refuses a CMS file whose own release (its <version>, or the
// year in the order file's name) is not the version the administrator
// typed: a 2025 file installed as "2026" would be coded under the wrong
// release for ever.
func checkRelease(opt Options, head []byte) error {
	if opt.Format != CMSOrder && opt.Format != CMSPCSTables {
		return nil
	}
	v := releaseIn(head)
	if v == "" && opt.FileName != "" {
		if m := yearInName.FindStringSubmatch(opt.FileName); m != nil {
			v = m[1]
		}
	}
	if v != "" && v != opt.Version {
		return fmt.Errorf("code import: the file is the %s release, not %s: check the version typed", v, opt.Version)
	}
	return nil
}
