package coding

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"dossier/model"
)

// IndexKind says which of the ICD-10-CM indexes (or the PCS Index) a book is.
type IndexKind uint8

// The kinds. Stored in the line format by name, not number.
const (
	DiseaseIndex   IndexKind = iota + 1 // Alphabetic Index to Diseases and Injuries
	DrugTable                           // Table of Drugs and Chemicals
	NeoplasmTable                       // Neoplasm Table
	ExternalIndex                       // External Cause of Injuries Index
	ProcedureIndex                      // ICD-10-PCS Index
)

var kindNames = map[IndexKind]string{DiseaseIndex: "disease", DrugTable: "drug",
	NeoplasmTable: "neoplasm", ExternalIndex: "external", ProcedureIndex: "pcs"}

// String is the kind's name in the line format ("drug").
func (k IndexKind) String() string { return kindNames[k] }

// Title is what a screen calls the book.
func (k IndexKind) Title() string {
	switch k {
	case DiseaseIndex:
		return "Alphabetic Index"
	case DrugTable:
		return "Table of Drugs and Chemicals"
	case NeoplasmTable:
		return "Neoplasm Table"
	case ExternalIndex:
		return "External Cause Index"
	case ProcedureIndex:
		return "ICD-10-PCS Index"
	}
	return "index"
}

// ParseIndexKind reads a kind's name.
func ParseIndexKind(s string) (IndexKind, bool) {
	for k, n := range kindNames {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// IndexRow is one line of an index as the book prints it: a main term
// (Level 0) or a subterm indented under the row before it at Level-1.
type IndexRow struct {
	Level   int
	Term    string   // "Sepsis", "newborn"
	NonEss  string   // nonessential modifiers as printed: "(generalized) (unspecified organism)"
	See     string   // "Pain, abdominal": look there instead
	SeeAlso string   // another place worth a look
	Code    string   // as the book gives it; a trailing "-" means more characters are needed
	Cells   []string // table columns (drugs, neoplasms); "" or "--" where none
}

// Index is one book: its rows in document order with the tree rebuilt
// from the levels, and an inverted index over each row's own words.
type Index struct {
	Kind    IndexKind
	Version string   // "2025"
	Columns []string // table column titles, for drugs and neoplasms
	Rows    []IndexRow

	parent []int32 // -1 for main terms
	end    []int32 // row i's subterms are rows i+1 .. end[i]-1
	sig    []uint8 // significant words on the path from the main term to the row
	x      *index  // vocab and postings; docs are rows
	mains  map[string]int32

	freeMu sync.Mutex
	free   []*rowScratch // per-lookup working memory not in use
}

// ParseIndex reads the line format WriteIndex writes: a header
// "#index <kind> <version> <col|col|…>" then one row per line:
// level, term, nonessential, see, see also, code, cells joined by "|".
func ParseIndex(r io.Reader) (*Index, error) {
	ix, err := parseIndexText(r)
	if err != nil {
		return nil, err
	}
	ix.Build()
	return ix, nil
}

// parseIndexText reads the rows; the tree and word index are not built.
func parseIndexText(r io.Reader) (*Index, error) {
	// The whole book as one string, every field a substring of it: a row
	// costs no allocation for its text, and the rows are allocated once at
	// their count instead of regrown (each regrow copied every row before).
	data, err := readText(r)
	if err != nil {
		return nil, model.Errorf(model.Invalid, "reading the index: %s", err.Error())
	}
	ix := &Index{Rows: make([]IndexRow, 0, strings.Count(data, "\n")+1)}
	line := 0
	for rest := data; rest != ""; {
		var t string
		t, rest, _ = strings.Cut(rest, "\n")
		t = strings.TrimSuffix(t, "\r") // as bufio.ScanLines read it
		line++
		if line == 1 {
			f := strings.Split(t, "\t")
			if len(f) < 3 || f[0] != "#index" {
				return nil, model.Errorf(model.Invalid, "not an index file (the first line is %q)", clip(t, 40))
			}
			k, ok := ParseIndexKind(f[1])
			if !ok {
				return nil, model.Errorf(model.Invalid, "unknown index kind %q", clip(f[1], 20))
			}
			ix.Kind, ix.Version = k, f[2]
			if len(f) > 3 && f[3] != "" {
				ix.Columns = strings.Split(f[3], "|")
			}
			continue
		}
		if t == "" {
			continue
		}
		var f [7]string
		n := 0
		for rest := t; ; n++ {
			tab := strings.IndexByte(rest, '\t')
			if n == 7 || tab < 0 {
				if n < 7 {
					f[n] = rest
				}
				n++
				break
			}
			f[n], rest = rest[:tab], rest[tab+1:]
		}
		if n != 7 {
			return nil, model.Errorf(model.Invalid, "index line %d has %d fields, not 7", line, n)
		}
		lv, err := strconv.Atoi(f[0])
		if err != nil || lv < 0 || lv > 12 {
			return nil, model.Errorf(model.Invalid, "index line %d: level %q", line, clip(f[0], 10))
		}
		row := IndexRow{Level: lv, Term: f[1], NonEss: f[2], See: f[3], SeeAlso: f[4], Code: f[5]}
		if f[6] != "" {
			row.Cells = strings.Split(f[6], "|")
		}
		// The fields were split at tabs and the cells at "|": Append's
		// check of them would find nothing; the levels still need one.
		prevLevel := -1
		if n := len(ix.Rows); n > 0 {
			prevLevel = ix.Rows[n-1].Level
		}
		if lv > prevLevel+1 {
			return nil, model.Errorf(model.Invalid, "index line %d: level %d follows level %d", line, lv, prevLevel)
		}
		ix.Rows = append(ix.Rows, row)
	}
	if ix.Kind == 0 {
		return nil, model.Errorf(model.Invalid, "the index file is empty")
	}
	return ix, nil
}

// Append adds a row after the last; its level may be at most one deeper.
func (ix *Index) Append(r IndexRow) error {
	prev := -1
	if n := len(ix.Rows); n > 0 {
		prev = ix.Rows[n-1].Level
	}
	if r.Level > prev+1 {
		return fmt.Errorf("level %d follows level %d", r.Level, prev)
	}
	for _, f := range [...]string{r.Term, r.NonEss, r.See, r.SeeAlso, r.Code} {
		if strings.ContainsAny(f, "\t\n|") {
			return fmt.Errorf("a tab, line break or | in %q", clip(r.Term, 40))
		}
	}
	for _, c := range r.Cells {
		if strings.ContainsAny(c, "\t\n|") {
			return fmt.Errorf("a tab, line break or | in a cell of %q", clip(r.Term, 40))
		}
	}
	ix.Rows = append(ix.Rows, r)
	return nil
}

// WriteIndex writes the line format ParseIndex reads.
func WriteIndex(w io.Writer, ix *Index) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "#index\t%s\t%s\t%s\n", ix.Kind, ix.Version, strings.Join(ix.Columns, "|"))
	for _, r := range ix.Rows {
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Level, r.Term, r.NonEss, r.See, r.SeeAlso, r.Code, strings.Join(r.Cells, "|"))
	}
	return bw.Flush()
}

// Build rebuilds the tree and the word index after rows were appended.
func (ix *Index) Build() {
	ix.buildTree()
	ix.x = buildRowIndex(ix.Rows)
}

// buildTree rebuilds the parents, subtree ends, path weights and main terms.
func (ix *Index) buildTree() {
	n := len(ix.Rows)
	ix.parent = make([]int32, n)
	ix.end = make([]int32, n)
	ix.sig = make([]uint8, n)
	ix.mains = map[string]int32{}
	var stack []int32
	for i := range ix.Rows {
		r := &ix.Rows[i]
		for len(stack) > r.Level {
			top := stack[len(stack)-1]
			ix.end[top] = int32(i)
			stack = stack[:len(stack)-1]
		}
		ix.parent[i] = -1
		// A term's comma forms are one word's spellings ("Ulcer, ulcerated,
		// ulcerating", "pleura, pleural, pleurisy", "from, off, out of") or
		// the book's own qualifier ("Fracture, traumatic"): only the first
		// part is a word a coder types.
		first, _, _ := strings.Cut(r.Term, ",")
		own := significant(first)
		// "specified type NEC", "other": a type the query has to name
		// ("postpartum NEC" alone is the usual case, not a named type).
		if namesType(r.Term) {
			own++
		}
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			ix.parent[i] = p
			ix.sig[i] = uint8(min(int(ix.sig[p])+own, 255))
		} else {
			ix.sig[i] = uint8(min(own, 255))
			// A "see" names the main term by its first form ("see
			// Hemorrhage, intracranial" for "Hemorrhage, hemorrhagic").
			if k := strings.ToLower(strings.TrimSpace(first)); k != "" {
				if _, taken := ix.mains[k]; !taken {
					ix.mains[k] = int32(i)
				}
			}
		}
		if r.Level == 0 {
			ix.mains[strings.ToLower(r.Term)] = int32(i)
		}
		stack = append(stack, int32(i))
	}
	for _, top := range stack {
		ix.end[top] = int32(n)
	}
}

// namesType reports whether a term has the word "specified" or "other"
// between spaces (or the term's ends), in any case.
func namesType(term string) bool {
	for i := 0; i < len(term); i++ {
		if term[i] >= 0x80 { // ToLower's Unicode cases, as before
			lt := " " + strings.ToLower(term) + " "
			return strings.Contains(lt, " specified ") || strings.Contains(lt, " other ")
		}
	}
	// ASCII: the words between spaces, compared without a lower-case copy
	// (one allocation a row for the 80,000 rows read on first use).
	for rest := term; ; {
		w, more, found := strings.Cut(rest, " ")
		if strings.EqualFold(w, "specified") || strings.EqualFold(w, "other") {
			return true
		}
		if !found {
			return false
		}
		rest = more
	}
}

// significant counts a text's words that say something: not stopwords, not
// "NEC"/"NOS"/"unspecified".
func significant(text string) int {
	// eachWord's loop written out: passed to a function, the buffer and the
	// closure went to the heap for each of the 80,000 rows.
	n := 0
	var buf [64]byte
	for i := 0; i < len(text); {
		for i < len(text) && !wordByte(text[i]) {
			i++
		}
		w := buf[:0]
		for ; i < len(text) && wordByte(text[i]); i++ {
			c := text[i]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			w = append(w, c)
		}
		if len(w) > 0 && !stopwords[string(w)] && !generic[string(w)] && string(w) != "nec" {
			n++
		}
	}
	return n
}

// eachWord calls fn with each lower-case word of text (as tokens splits
// it), in a buffer reused between words: no allocation per word, which
// matters for the 80,000 rows read on first use.
func eachWord(text string, buf []byte, fn func(w []byte)) {
	for i := 0; i < len(text); {
		for i < len(text) && !wordByte(text[i]) {
			i++
		}
		buf = buf[:0]
		for ; i < len(text) && wordByte(text[i]); i++ {
			c := text[i]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			buf = append(buf, c)
		}
		if len(buf) > 0 {
			fn(buf)
		}
	}
}

// buildRowIndex indexes each row's own words as two documents: 2i, its
// term (a hyphenated word also written whole: "co-trimoxazole" is found by
// "cotrimoxazole"), and 2i+1, its nonessential modifiers.
func buildRowIndex(rows []IndexRow) *index {
	x := &index{docOff: make([]int32, 1, 2*len(rows)+1)}
	x.docEnt = make([]int32, 0, 2*len(rows))
	x.docTok = make([]int32, 0, 4*len(rows))
	ids := make(map[string]int32, len(rows)/4+64)
	var buf [64]byte
	start := 0
	addBytes := func(w []byte) {
		id, ok := ids[string(w)] // no allocation for a word already seen
		if !ok {
			word := string(w)
			if stopwords[word] {
				ids[word] = -1
				return
			}
			id = int32(len(x.vocab))
			x.vocab = append(x.vocab, word)
			ids[word] = id
		}
		if id < 0 {
			return
		}
		for _, u := range x.docTok[start:] {
			if u == id {
				return
			}
		}
		x.docTok = append(x.docTok, id)
	}
	add := func(w string) { addBytes([]byte(w)) }
	for i := range rows {
		r := &rows[i]
		start = len(x.docTok)
		eachWord(r.Term, buf[:0], addBytes)
		if strings.IndexByte(r.Term, '-') >= 0 {
			for _, f := range strings.Fields(strings.ToLower(r.Term)) {
				if strings.Contains(f, "-") {
					add(strings.Join(tokens(f, nil), ""))
				}
			}
		}
		x.docEnt = append(x.docEnt, int32(i))
		x.docOff = append(x.docOff, int32(len(x.docTok)))
		// Doc 2i+1: the nonessential modifiers, which may be typed but are
		// not the term ("Lightning (shock) (stroke)" is not a stroke).
		start = len(x.docTok)
		eachWord(r.NonEss, buf[:0], addBytes)
		x.docEnt = append(x.docEnt, int32(i))
		x.docOff = append(x.docOff, int32(len(x.docTok)))
	}
	sortVocab(x)
	return x
}

// sortVocab renumbers terms in sorted order (so a typed prefix is a range
// of ids) and builds the posting lists.
func sortVocab(x *index) {
	order := make([]int32, len(x.vocab))
	for i := range order {
		order[i] = int32(i)
	}
	sortByVocab(order, x.vocab)
	remap := make([]int32, len(order))
	sorted := make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		sorted[newID] = x.vocab[old]
	}
	x.vocab = sorted
	for i, t := range x.docTok {
		x.docTok[i] = remap[t]
	}
	buildPostings(x, heapInt32s)
}

// Path is the row's terms from its main term down: "Sepsis › newborn".
func (ix *Index) Path(i int) string {
	var parts []string
	for r := int32(i); r >= 0; r = ix.parent[r] {
		parts = append(parts, ix.Rows[r].Term)
	}
	for a, b := 0, len(parts)-1; a < b; a, b = a+1, b-1 {
		parts[a], parts[b] = parts[b], parts[a]
	}
	return strings.Join(parts, " › ")
}

// Parent is the row's parent row, or -1 for a main term.
func (ix *Index) Parent(i int) int { return int(ix.parent[i]) }

// Subtree is the range of rows under row i (its subterms at every level).
func (ix *Index) Subtree(i int) (first, end int) { return i + 1, int(ix.end[i]) }

// MainTerm finds a main term by its printed words ("Pain"), or -1.
func (ix *Index) MainTerm(term string) int {
	if i, ok := ix.mains[strings.ToLower(term)]; ok {
		return int(i)
	}
	return -1
}

// FollowSee resolves a cross-reference such as "Pain, abdominal" or
// "Complication, fixation device, infection": the longest run of its
// comma-separated parts that names a main term, then each later part as a
// subterm somewhere below it. The result is the deepest row reached (-1
// when the main term is not in the book); ok is false when a part was not
// found, and the row is then where the reference stopped making sense.
func (ix *Index) FollowSee(ref string) (row int, ok bool) {
	ref = strings.TrimSpace(ref)
	parts := strings.Split(ref, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	row = -1
	used := 0
	for n := len(parts); n >= 1; n-- {
		if r := ix.MainTerm(strings.Join(parts[:n], ", ")); r >= 0 {
			row, used = r, n
			break
		}
	}
	if row < 0 {
		return -1, false
	}
	for _, p := range parts[used:] {
		lp := strings.ToLower(p)
		if lp == "by site" || strings.HasPrefix(lp, "by ") || lp == "" {
			return row, false
		}
		// The nearest level first: "Herpes, zoster" is Herpes › zoster,
		// not Herpes › conjunctivitis › zoster.
		found := -1
		first, end := ix.Subtree(row)
		for depth := ix.Rows[row].Level + 1; found < 0 && depth <= ix.Rows[row].Level+4; depth++ {
			for j := first; j < end; j++ {
				if ix.Rows[j].Level == depth && strings.EqualFold(ix.Rows[j].Term, p) {
					found = j
					break
				}
			}
		}
		if found < 0 {
			return row, false
		}
		row = found
	}
	return row, true
}

func sortByVocab(order []int32, vocab []string) {
	sort.Slice(order, func(a, b int) bool { return vocab[order[a]] < vocab[order[b]] })
}

// LoadIndex reads a book in the line format, plain or gzip (ParseIndex
// sniffs which).
func LoadIndex(r io.Reader) (*Index, error) { return ParseIndex(r) }
