package codes

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model/coding"
)

// FuzzImportTable proves Import never panics on any CSV text, and that
// whatever it accepts loads in the engine: a file that installs must work.
func FuzzImportTable(f *testing.F) {
	seed, _ := os.ReadFile(filepath.Join("testdata", "clinic-list.csv"))
	f.Add(string(seed))
	f.Add("code,title,parent,billable\nA,B,,1\nA1,C,A,no\n")
	f.Add("code\ttitle\n\"A\t\"x\n")
	f.Fuzz(func(t *testing.T, in string) {
		data, set, _, err := Import(strings.NewReader(in), Options{Format: Table, Name: "Fuzz", Version: "1"})
		if err != nil {
			return
		}
		if _, err := coding.Load(bytes.NewReader(data)); err != nil || set == nil {
			t.Fatalf("accepted data does not load: %v", err)
		}
		set.Search(in[:min(len(in), 20)], 5)
	})
}

// FuzzImportClaML does the same for the XML reader.
func FuzzImportClaML(f *testing.F) {
	seed, _ := os.ReadFile(filepath.Join("testdata", "who-claml-sample.xml"))
	f.Add(string(seed))
	f.Add(`<ClaML><Class code="A00" kind="category"><SuperClass code="A00"/><Rubric kind="preferred"><Label>x</Label></Rubric></Class></ClaML>`)
	f.Fuzz(func(t *testing.T, in string) {
		data, _, _, err := Import(strings.NewReader(in), Options{Format: WHOClaML, Name: "Fuzz", Version: "1"})
		if err != nil {
			return
		}
		if _, err := coding.Load(bytes.NewReader(data)); err != nil {
			t.Fatalf("accepted data does not load: %v", err)
		}
	})
}

// fuzzImport is the check every code-set fuzzer shares: Import never
// panics, and whatever it accepts loads in the engine and can be searched.
// Import returns the set coding.Load read back from exactly the data it
// returns, so a second Load here would only double the cost of each input.
func fuzzImport(t *testing.T, in string, opt Options) {
	opt.Name, opt.Version = "Fuzz", "1"
	data, set, _, err := Import(strings.NewReader(in), opt)
	if err != nil {
		return
	}
	if len(data) == 0 || set == nil || set.Len() == 0 {
		t.Fatalf("accepted %d bytes of data and a set %v", len(data), set)
	}
	set.Search(in[:min(len(in), 20)], 5)
}

func seed(f *testing.F, name string) string {
	f.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	return string(b)
}

// FuzzImportCMSOrder fuzzes the fixed-width ICD-10-CM order file together
// with the optional tabular XML that adds notes and 7th characters.
func FuzzImportCMSOrder(f *testing.F) {
	order, tabular := seed(f, "icd10cm-order-excerpt.txt"), seed(f, "icd10cm-tabular-excerpt.xml")
	f.Add(order, "")
	f.Add(order, tabular)
	f.Add("00001 A00     0 Cholera                                                      Cholera\n", "")
	f.Add("00001 S72     0 Fracture of femur                                            Fracture of femur\n"+
		"00002 S7200   1 Fracture of unspecified part of neck of femur                Fracture of neck of femur\n",
		`<ICD10CM.tabular><chapter><section><diag><name>S72</name><desc>Fracture of femur</desc>`+
			`<sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef></diag></section></chapter></ICD10CM.tabular>`)
	f.Add("1 A\n", "<x/>")
	f.Fuzz(func(t *testing.T, in, tab string) {
		opt := Options{Format: CMSOrder}
		if tab != "" {
			opt.Tabular = strings.NewReader(tab)
		}
		fuzzImport(t, in, opt)
	})
}

// FuzzImportPCSTables fuzzes the ICD-10-PCS tables XML.
func FuzzImportPCSTables(f *testing.F) {
	f.Add(seed(f, "icd10pcs-tables-excerpt.xml"))
	f.Add(`<ICD10PCS.tabular><pcsTable><axis pos="1" values="1"><title>Section</title><label code="0">Medical</label></axis>` +
		`<axis pos="2" values="1"><title>Body System</title><label code="0">CNS</label></axis>` +
		`<axis pos="3" values="1"><title>Operation</title><label code="1">Bypass</label></axis>` +
		`<pcsRow codes="4"><axis pos="4" values="1"><title>Body Part</title><label code="6">Ventricle</label></axis>` +
		`<axis pos="5" values="1"><title>Approach</title><label code="0">Open</label></axis>` +
		`<axis pos="6" values="1"><title>Device</title><label code="7">Substitute</label></axis>` +
		`<axis pos="7" values="1"><title>Qualifier</title><label code="0">Nasopharynx</label></axis></pcsRow></pcsTable></ICD10PCS.tabular>`)
	f.Add(`<ICD10PCS.tabular><pcsTable><axis pos="9"/></pcsTable></ICD10PCS.tabular>`)
	f.Fuzz(func(t *testing.T, in string) { fuzzImport(t, in, Options{Format: CMSPCSTables}) })
}

// FuzzImportICD11 fuzzes the ICD-11 MMS simple tabulation (TSV or CSV).
func FuzzImportICD11(f *testing.F) {
	f.Add(seed(f, "icd11-mms-sample.tsv"))
	f.Add("Code\tBlockId\tTitle\tClassKind\tDepthInKind\tIsResidual\tChapterNo\tisLeaf\n" +
		"\t\tCertain infectious diseases\tchapter\t1\tFalse\t01\tFalse\n" +
		"1A00\t\tCholera\tcategory\t1\tFalse\t01\tTrue\n")
	f.Add("Code,Title,ClassKind\n1A00,\"- - Cholera\",category\n1A00.0,x,category\n")
	f.Fuzz(func(t *testing.T, in string) { fuzzImport(t, in, Options{Format: ICD11MMS}) })
}

// FuzzImportICPC2 fuzzes an ICPC-2 list (CSV or TSV).
func FuzzImportICPC2(f *testing.F) {
	f.Add(seed(f, "icpc2-sample.csv"))
	f.Add("code,title\nA01,Pain general\nA03,Fever\n")
	f.Add("\ufeffcode\ttitle\n# comment\nR74\tUpper respiratory infection acute\n")
	f.Fuzz(func(t *testing.T, in string) { fuzzImport(t, in, Options{Format: ICPC2}) })
}
