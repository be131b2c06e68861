package codes

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model/coding"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestImportFormats imports each sample and proves the data Import returns
// loads with coding.Load and finds codes by code and by words, with the
// hierarchy and headings the engine derives.
func TestImportFormats(t *testing.T) {
	tests := []struct {
		name, file string
		opt        Options
		tabular    string
		n          int // codes in the set
		query      string
		want       string // top hit's printed code
		lookup     string
		billable   bool
		parent     string // Children(parent) holds lookup
		chapter    string // lookup's chapter title
	}{
		{"CMS order with a newer code", "icd10cm-order-excerpt.txt", Options{Format: CMSOrder, Name: coding.ICD10CM, Version: "2022"},
			"", 20, "U09.9", "U09.9", "U09.9", true, "U09", ""},
		{"CMS order with tabular", "icd10cm-order-excerpt.txt", Options{Format: CMSOrder, Name: coding.ICD10CM, Version: "2021"},
			"icd10cm-tabular-excerpt.xml", 20, "classical cholera", "A00.0", "A00.0", true, "A00", "Certain infectious and parasitic diseases"},
		{"CMS PCS tables", "icd10pcs-tables-excerpt.xml", Options{Format: CMSPCSTables, Name: coding.ICD10PCS, Version: "2020"},
			"", 0, "001U0J2", "001U0J2", "00160JB", true, "001", ""},
		{"WHO ClaML", "who-claml-sample.xml", Options{Format: WHOClaML, Name: "ICD-10", Version: "2019"},
			"", 7, "bronchopneumonia", "J18.0", "A00.0", true, "A00", "Certain infectious and parasitic diseases"},
		{"ICD-11 MMS", "icd11-mms-sample.tsv", Options{Format: ICD11MMS, Name: "ICD-11 MMS", Version: "2024-01"},
			"", 12, "streptococcal pharyngitis", "CA020", "1A03.Y", true, "1A03", "Certain infectious or parasitic diseases"},
		{"ICPC-2", "icpc2-sample.csv", Options{Format: ICPC2, Name: "ICPC-2", Version: "2"},
			"", 15, "pain general", "A01", "R05", true, "", "Respiratory"},
		{"local list", "clinic-list.csv", Options{Format: Table, Name: "Clinic list", Version: "2026-03"},
			"", 9, "malaria test", "MAL1", "WND-1", true, "WND", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tabular != "" {
				tc.opt.Tabular = open(t, tc.tabular)
			}
			data, set, rows, err := Import(open(t, tc.file), tc.opt)
			if err != nil {
				t.Fatalf("Import: %v %v", err, rows)
			}
			loaded, err := coding.Load(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if loaded.System != (coding.System{Name: tc.opt.Name, Version: tc.opt.Version}) || loaded.Len() != set.Len() {
				t.Errorf("loaded %v with %d codes, Import's set has %d", loaded.System, loaded.Len(), set.Len())
			}
			if tc.n > 0 && set.Len() != tc.n {
				t.Errorf("%d codes, want %d", set.Len(), tc.n)
			}
			hits := loaded.Search(tc.query, 5)
			if len(hits) == 0 || hits[0].Code.Code != tc.want {
				t.Errorf("Search(%q) = %v, want %s first", tc.query, hits, tc.want)
			}
			c, ok := loaded.Lookup(tc.lookup)
			if !ok || c.Billable != tc.billable || c.Chapter.Title != tc.chapter {
				t.Errorf("Lookup(%s) = %+v, %v", tc.lookup, c, ok)
			}
			if tc.parent != "" {
				found := false
				for _, k := range loaded.Children(tc.parent) {
					found = found || k.Code == c.Code
				}
				if !found {
					t.Errorf("%s is not a child of %s", tc.lookup, tc.parent)
				}
			}
		})
	}
}

// TestBadRows proves that each kind of bad row is named by its line and
// that nothing at all is returned from a file with bad rows.
func TestBadRows(t *testing.T) {
	order := func(code, flag, title string) string {
		return "00001 " + (code + "        ")[:7] + " " + flag + " " + (title + strings.Repeat(" ", 60))[:60] + " " + title + "\n"
	}
	tests := []struct {
		name string
		opt  Options
		in   string
		want []RowError // Problem is matched as a substring
	}{
		{"CSV problems", Options{Format: Table}, "code,title,parent\nA1,One,\nA1,Again,\n,No code,\nB2,,\nC3,Three,ZZ\nD 4!,Bad,\nE5,Five\nA12,Child,A1\nF6,Six,E5X\n",
			[]RowError{{3, "duplicate code A1 (first on line 2)"}, {4, "empty code"}, {5, "no title"}, {6, `parent "ZZ"`},
				{7, "is not a"}, {8, "2 values, but the header has 3"}, {10, "parent"}}},
		{"parent not a prefix", Options{Format: Table}, "code;title;group\nFEV;Fever;\nMAL;Malaria;FEV\n",
			[]RowError{{3, "not the start of code MAL"}}},
		{"ICPC-2 codes", Options{Format: ICPC2}, "code\ttitle\nA01\tPain\nQ01\tNo such chapter\nA1\tShort\n",
			[]RowError{{3, `"Q01"`}, {4, `"A1"`}}},
		{"ICD-11 depth", Options{Format: ICD11MMS}, "Code\tTitle\tClassKind\n\tChapter\tchapter\n1A00\t- - - Too deep\tcategory\n1A01\t- Fine\tcategory\n1A02\t- Odd\twindow\n",
			[]RowError{{3, "leading dashes"}, {5, `class kind "window"`}}},
		{"order file", Options{Format: CMSOrder}, order("A00", "0", "Cholera") + order("A000", "2", "Flag") + "00003 A001 short\n" + order("a0$1", "1", "Bad code"),
			[]RowError{{2, "billable flag"}, {3, "too short"}, {4, "is not a"}}},
		{"ClaML problems", Options{Format: WHOClaML}, `<ClaML>
<Class code="A00" kind="category"><Rubric kind="preferred"><Label>Cholera</Label></Rubric></Class>
<Class code="A00.1" kind="category"><SuperClass code="A99"/><Rubric kind="preferred"><Label>X</Label></Rubric></Class>
<Class code="A01" kind="category"></Class>
<Class code="A02" kind="category"><Rubric kind="preferred"><Label>Unclosed</Rubric></Class>
</ClaML>`, []RowError{{3, `parent "A99"`}, {4, "no preferred label"}, {5, "malformed XML"}}},
		{"PCS table", Options{Format: CMSPCSTables}, `<ICD10PCS.tabular>
  <pcsTable><axis pos="1"><title>Section</title><label code="0">Medical</label></axis></pcsTable>
</ICD10PCS.tabular>`, []RowError{{2, "1 axes instead of 3"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Name, tc.opt.Version = "Test", "1"
			data, set, rows, err := Import(strings.NewReader(tc.in), tc.opt)
			if !errors.Is(err, ErrBadRows) || data != nil || set != nil {
				t.Fatalf("Import = %d bytes, %v, %v; want ErrBadRows and nothing", len(data), set, err)
			}
			if len(rows) != len(tc.want) {
				t.Fatalf("row errors %v, want %v", rows, tc.want)
			}
			for i, w := range tc.want {
				if rows[i].Line != w.Line || !strings.Contains(rows[i].Problem, w.Problem) {
					t.Errorf("row error %v, want line %d with %q", rows[i], w.Line, w.Problem)
				}
			}
		})
	}
}

// TestWrongFormat proves a file of another kind is one error naming what
// was expected and what was found, with no row errors.
func TestWrongFormat(t *testing.T) {
	orderText, _ := os.ReadFile(filepath.Join("testdata", "icd10cm-order-excerpt.txt"))
	tests := []struct {
		name   string
		format Format
		in     string
		want   []string
	}{
		{"PDF as CSV", Table, "%PDF-1.4\n%âãÏÓ\n1 0 obj", []string{"CSV/TSV code list", "PDF document"}},
		{"order file as ICPC-2", ICPC2, string(orderText), []string{"ICPC-2 code list", "CMS ICD-10-CM order file"}},
		{"ClaML as PCS", CMSPCSTables, `<?xml version="1.0"?><ClaML></ClaML>`, []string{"ICD-10-PCS tables", "WHO ICD-10 ClaML"}},
		{"tabular as PCS", CMSPCSTables, `<ICD10CM.tabular><version>2021</version></ICD10CM.tabular>`, []string{"ICD-10-PCS", "<ICD10CM.tabular>"}},
		{"CSV as order file", CMSOrder, "code,title\nA01,Pain\n", []string{"order file", "ICPC-2"}},
		{"xlsx as ICD-11", ICD11MMS, "PK\x03\x04\x14\x00", []string{"ICD-11", "Excel"}},
		{"empty", WHOClaML, "", []string{"ClaML", "empty"}},
		{"no code column", Table, "name,notes\nx,y\n", []string{`no code column: the columns are "name", "notes"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, _, rows, err := Import(strings.NewReader(tc.in), Options{Format: tc.format, Name: "X", Version: "1"})
			if err == nil || data != nil || rows != nil {
				t.Fatalf("Import = %d bytes, %v, %v; want one error", len(data), rows, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	if _, _, _, err := Import(strings.NewReader("code,title\nA,B\n"), Options{Format: Table, Name: "X"}); err == nil {
		t.Error("no error without a version")
	}
}

// TestDetect proves the Admin screen's default guess for each sample.
func TestDetect(t *testing.T) {
	for file, want := range map[string]Format{
		"icd10cm-order-excerpt.txt": CMSOrder, "icd10pcs-tables-excerpt.xml": CMSPCSTables,
		"who-claml-sample.xml": WHOClaML, "icd11-mms-sample.tsv": ICD11MMS,
		"icpc2-sample.csv": ICPC2, "clinic-list.csv": Table, "icd10cm-tabular-excerpt.xml": "",
	} {
		head, _ := os.ReadFile(filepath.Join("testdata", file))
		if got := Detect(file, head[:min(len(head), 4096)]); got != want {
			t.Errorf("Detect(%s) = %q, want %q", file, got, want)
		}
	}
	if got := Detect("x.pdf", []byte("%PDF-1.7")); got != "" {
		t.Errorf("Detect(PDF) = %q", got)
	}
}
