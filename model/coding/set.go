package coding

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// The data format is UTF-8 text, one record a line, fields separated by
// tabs, optionally gzip-compressed (Load sniffs the magic bytes). Text was
// chosen over a binary layout so a clinic (or a test) can build a set with
// any editor, and because gzip makes it as small as a packed encoding:
//
//	#dossier-codes 1	ICD-10-CM	2021          header: format, system, version
//	C	1	A00	B99	Certain infectious …      chapter: name, first, last, title
//	B	A00	A09	Intestinal infectious …   block: first, last category, title
//	D	E1122	1	Type 2 diabetes mellitus …   code (no dot), billable 0/1, title
//	N	E1122	1	text                        note on a code (or C:1, B:A00-A09, B:B20)
//	7	S52	A	initial encounter …         a 7th character defined at S52
//	P	021	Section=Medical and Surgical	Body System=…	Operation=…   PCS table
//	R	Body Part	0123	label|label|…	Approach	…              PCS row, axes 4..7
//
// Note kinds: i inclusion term, n includes, 1 excludes1, 2 excludes2,
// f code first, u use additional code, a code also. Parents are not stored:
// a code's parent is its longest proper prefix present in the set.
const formatHeader = "#dossier-codes 1"

// Set is one loaded code system. It is read-only after Load and safe for
// concurrent use.
type Set struct {
	System   System
	entries  []entry
	byCode   map[string]int32
	chapters []span
	blocks   []span
	notes    map[int32][]rawNote // by entry
	sevenths map[int32][]Seventh // by entry that defines them
	axisVals []Axis              // PCS: interned axis values
	pcsAxes  [][7]int32          // PCS: per entry, or nil for CM
	idx      *index

	// Remembered lookups of short words (see wordMatches).
	memo   sync.Map // memoKey → *memoEntry
	memoN  atomic.Int64
	warmed sync.Map // k → true: the single letters are looked up for k
	warmN  atomic.Int32
}

type entry struct {
	code     string // compact
	title    string // empty for PCS codes: built from the axes
	parent   int32
	chapter  int16
	block    int16
	billable bool
}

type span struct {
	name, first, last, title string
	notes                    []rawNote
}

type rawNote struct {
	kind byte
	text string
}

// Seventh is one allowed 7th character.
type Seventh struct {
	Char    string
	Meaning string
}

// Load reads a set in the format above (plain or gzip) and builds its
// search index, so the first search after Load costs no more than later ones.
func Load(r io.Reader) (*Set, error) {
	// One string for the whole file: every title is a substring of it, which
	// saves one allocation per line (~170,000 of them for CM and PCS).
	data, err := readText(r)
	if err != nil {
		return nil, fmt.Errorf("code set: %w", err)
	}
	return parse(data)
}

func parse(data string) (*Set, error) {
	s, err := parseText(data)
	if err != nil {
		return nil, err
	}
	s.idx = buildIndex(s)
	return s, nil
}

// parseText reads the records; the search index is not built.
func parseText(data string) (*Set, error) {
	// Size the tables from a count of records: growing them costs more
	// than the count (PCS rows hold ~33 codes each).
	est := strings.Count(data, "\nD\t") + 34*strings.Count(data, "\nR\t")
	s := &Set{byCode: make(map[string]int32, est), entries: make([]entry, 0, est),
		notes: map[int32][]rawNote{}, sevenths: map[int32][]Seventh{}}
	var fbuf [16]string
	line, rest, _ := strings.Cut(data, "\n")
	hdr := strings.Split(strings.TrimRight(line, "\r"), "\t")
	if len(hdr) < 3 || hdr[0] != formatHeader {
		return nil, errors.New("code set: not a Dossier code-set file (bad first line)")
	}
	s.System = System{Name: hdr[1], Version: hdr[2]}
	type pendingNote struct {
		key  string
		note rawNote
	}
	var pending []pendingNote
	var pending7 []struct{ key, char, meaning string }
	axisIDs := map[Axis]int32{}
	var table [3]int32
	tableEntry := int32(-1)
	n := 1
	for rest != "" {
		n++
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		f := split(line, fbuf[:0])
		bad := func() (*Set, error) { return nil, fmt.Errorf("code set: line %d: malformed %q record", n, f[0]) }
		switch f[0] {
		case "C":
			if len(f) < 5 {
				return bad()
			}
			s.chapters = append(s.chapters, span{name: f[1], first: f[2], last: f[3], title: f[4]})
		case "B":
			if len(f) < 4 {
				return bad()
			}
			name := f[1]
			if f[2] != f[1] {
				name += "-" + f[2]
			}
			s.blocks = append(s.blocks, span{name: name, first: f[1], last: f[2], title: f[3]})
		case "D":
			if len(f) < 4 {
				return bad()
			}
			s.add(f[1], f[3], f[2] == "1", -2)
		case "N":
			if len(f) < 4 || len(f[2]) != 1 {
				return bad()
			}
			pending = append(pending, pendingNote{f[1], rawNote{f[2][0], f[3]}})
		case "7":
			if len(f) < 4 {
				return bad()
			}
			pending7 = append(pending7, struct{ key, char, meaning string }{f[1], f[2], f[3]})
		case "P":
			if len(f) < 5 || len(f[1]) != 3 {
				return bad()
			}
			if s.pcsAxes == nil { // a PCS set: one axes record an entry
				s.pcsAxes = make([][7]int32, 0, cap(s.entries))
			}
			var labels []string
			for i := 0; i < 3; i++ {
				t, l, _ := strings.Cut(f[2+i], "=")
				table[i] = s.axisID(axisIDs, Axis{Pos: i + 1, Title: t, Char: f[1][i : i+1], Label: l})
				labels = append(labels, l)
			}
			tableEntry = s.add(f[1], strings.Join(labels, ", "), false, -2)
		case "R":
			if len(f) < 13 || tableEntry < 0 {
				return bad()
			}
			if err := s.addRow(axisIDs, table, tableEntry, f[1:]); err != nil {
				return nil, fmt.Errorf("code set: line %d: %w", n, err)
			}
		default:
			return nil, fmt.Errorf("code set: line %d: unknown record %q", n, f[0])
		}
	}
	sortSpans(s.chapters)
	sortSpans(s.blocks)
	for _, p := range pending {
		switch {
		case strings.HasPrefix(p.key, "C:"):
			if i := findSpan(s.chapters, p.key[2:], true); i >= 0 {
				s.chapters[i].notes = append(s.chapters[i].notes, p.note)
			}
		case strings.HasPrefix(p.key, "B:"):
			if i := findSpan(s.blocks, p.key[2:], true); i >= 0 {
				s.blocks[i].notes = append(s.blocks[i].notes, p.note)
			}
		default:
			if i, ok := s.byCode[Compact(p.key)]; ok {
				s.notes[i] = append(s.notes[i], p.note)
			}
		}
	}
	for _, p := range pending7 {
		if i, ok := s.byCode[Compact(p.key)]; ok {
			s.sevenths[i] = append(s.sevenths[i], Seventh{p.char, p.meaning})
		}
	}
	for i := range s.entries {
		e := &s.entries[i]
		cat := e.code
		if len(cat) > 3 {
			cat = cat[:3]
		}
		e.chapter = int16(findSpan(s.chapters, cat, false))
		e.block = int16(findSpan(s.blocks, cat, false))
	}
	return s, nil
}

// split cuts a line at tabs into buf without allocating.
func split(line string, buf []string) []string {
	for {
		f, rest, more := strings.Cut(line, "\t")
		buf = append(buf, f)
		if !more {
			return buf
		}
		line = rest
	}
}

// add appends a code. Its parent (when given as -2) is the longest proper
// prefix already added: the order file and the PCS tables list parents
// before children, and a header's descendants follow it without a gap.
func (s *Set) add(code, title string, billable bool, parent int32) int32 {
	i := int32(len(s.entries))
	if parent == -2 {
		parent = -1
		for l := len(code) - 1; l >= 1; l-- {
			if p, ok := s.byCode[code[:l]]; ok {
				parent = p
				break
			}
		}
	}
	s.entries = append(s.entries, entry{code: code, title: title, parent: parent, billable: billable})
	if len(s.axisVals) > 0 { // a PCS set: keep pcsAxes aligned with entries
		for len(s.pcsAxes) < len(s.entries) {
			s.pcsAxes = append(s.pcsAxes, [7]int32{-1, -1, -1, -1, -1, -1, -1})
		}
	}
	s.byCode[code] = i
	return i
}

func (s *Set) axisID(ids map[Axis]int32, a Axis) int32 {
	if id, ok := ids[a]; ok {
		return id
	}
	id := int32(len(s.axisVals))
	s.axisVals = append(s.axisVals, a)
	ids[a] = id
	return id
}

// addRow expands one PCS row: every combination of its axis 4..7 values
// is a valid code (that is how the PCS tables are defined).
func (s *Set) addRow(ids map[Axis]int32, table [3]int32, tableEntry int32, f []string) error {
	var vals [4][]int32
	for a := 0; a < 4; a++ {
		title, chars, labels := f[3*a], f[3*a+1], strings.Split(f[3*a+2], "|")
		if len(labels) != len(chars) {
			return fmt.Errorf("axis %d has %d characters but %d labels", a+4, len(chars), len(labels))
		}
		for j := range labels {
			vals[a] = append(vals[a], s.axisID(ids, Axis{Pos: a + 4, Title: title, Char: chars[j : j+1], Label: labels[j]}))
		}
	}
	// All the row's codes share one string: one allocation, not thousands.
	prefix := s.entries[tableEntry].code
	n := len(vals[0]) * len(vals[1]) * len(vals[2]) * len(vals[3])
	buf := make([]byte, 0, 7*n)
	var axes [][7]int32
	for _, v4 := range vals[0] {
		for _, v5 := range vals[1] {
			for _, v6 := range vals[2] {
				for _, v7 := range vals[3] {
					buf = append(buf, prefix...)
					for _, v := range []int32{v4, v5, v6, v7} {
						buf = append(buf, s.axisVals[v].Char...)
					}
					axes = append(axes, [7]int32{table[0], table[1], table[2], v4, v5, v6, v7})
				}
			}
		}
	}
	all := string(buf)
	for k, ax := range axes {
		code := all[7*k : 7*k+7]
		if _, dup := s.byCode[code]; dup {
			continue
		}
		i := s.add(code, "", true, tableEntry)
		s.pcsAxes[i] = ax
	}
	return nil
}

func sortSpans(sp []span) { sort.Slice(sp, func(i, j int) bool { return sp[i].first < sp[j].first }) }

// findSpan finds a span by name, or (byName false) the one whose range holds
// the 3-character category cat.
func findSpan(sp []span, key string, byName bool) int {
	if byName {
		for i, c := range sp {
			if c.name == key {
				return i
			}
		}
		return -1
	}
	// Binary search for the last span starting at or before key, then step
	// back: ranges nest oddly where letters sort after digits (C7A is
	// inside C76-C80 as strings but has its own block).
	i := sort.Search(len(sp), func(i int) bool { return cat3(sp[i].first) > key }) - 1
	for stop := i - 8; i >= 0 && i > stop; i-- {
		if key <= cat3(sp[i].last) {
			return i
		}
	}
	return -1
}

func cat3(s string) string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}
