package codes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model/coding"
)

func importSample(t *testing.T, file string, kind coding.IndexKind, version string) (*coding.Index, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, ix, err := ImportIndex(f, kind, version)
	return ix, err
}

func TestImportIndexBooks(t *testing.T) {
	ix, err := importSample(t, "icd10cm-index-sample.xml", coding.DiseaseIndex, "2026")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i, r := range ix.Rows {
		paths = append(paths, ix.Path(i)+"="+r.Code+"|"+r.NonEss+"|"+r.See)
	}
	want := []string{
		"Abdominalgia=||Pain, abdominal",
		"Pain=R52|(s)|",
		"Pain › abdominal=R10.9||",
		"Pain › abdominal › lower=R10.30||",
		"Sepsis=A41.9|(generalized) (unspecified organism)|",
		"Sepsis › newborn NEC=P36.9|(organism unspecified)|",
		"Sepsis › with=||",
		"Sepsis › with › organ dysfunction=R65.20||",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s", strings.Join(paths, "\n"))
	}
	if r, ok := ix.FollowSee("Pain, abdominal"); !ok || ix.Rows[r].Code != "R10.9" {
		t.Errorf("see Pain, abdominal: row %d %v", r, ok)
	}
	hits := ix.Find([]string{"abdominalgia"}, false, -1, 5)
	if len(hits) == 0 || hits[0].Code != "R109" || hits[0].Path() != "Abdominalgia → see Pain › abdominal" {
		t.Errorf("abdominalgia: %+v", hits)
	}
	hits = ix.Find([]string{"sepsis", "newborn"}, false, -1, 5)
	if len(hits) == 0 || hits[0].Code != "P369" {
		t.Errorf("sepsis newborn: %+v", hits)
	}

	drug, err := importSample(t, "icd10cm-drug-sample.xml", coding.DrugTable, "2026")
	if err != nil {
		t.Fatal(err)
	}
	if len(drug.Columns) != 7 || drug.Rows[0].Term != "Amitriptyline" || len(drug.Rows[0].Cells) != 6 || drug.Rows[0].Cells[1] != "T43.012" {
		t.Errorf("drug table: %+v %+v", drug.Columns, drug.Rows[0])
	}
	if drug.Rows[1].Term != "Kerosene, kerosine" || drug.Rows[1].NonEss != "(fuel) (solvent) NEC" || drug.Rows[2].Level != 1 {
		t.Errorf("kerosene: %+v %+v", drug.Rows[1], drug.Rows[2])
	}
	col, rest, ok := tableColumnForTest(coding.DrugTable, "overdose of amitriptyline intentional")
	if hits := drug.Find(rest, false, col, 3); !ok || len(hits) == 0 || hits[0].Code != "T43012" {
		t.Errorf("intentional amitriptyline: %d %v %+v", col, rest, hits)
	}

	neo, err := importSample(t, "icd10cm-neoplasm-sample.xml", coding.NeoplasmTable, "")
	if err != nil || neo.Version != "2026" {
		t.Fatal(err)
	}
	col, rest, _ = tableColumnForTest(coding.NeoplasmTable, "metastatic liver")
	if hits := neo.Find(rest, false, col, 3); len(hits) == 0 || hits[0].Code != "C787" {
		t.Errorf("metastatic liver: %+v", hits)
	}
	col, rest, _ = tableColumnForTest(coding.NeoplasmTable, "carcinoma of breast")
	if hits := neo.Find(rest, false, col, 3); len(hits) == 0 || hits[0].Code != "C509" || !hits[0].More {
		t.Errorf("carcinoma of breast: %+v", hits)
	}

	ext, err := importSample(t, "icd10cm-eindex-sample.xml", coding.ExternalIndex, "2026")
	if err != nil {
		t.Fatal(err)
	}
	if hits := ext.Find([]string{"fall", "tree"}, false, -1, 3); len(hits) == 0 || hits[0].Code != "W14" {
		t.Errorf("fall from tree: %+v", hits)
	}

	pcs, err := importSample(t, "icd10pcs-index-sample.xml", coding.ProcedureIndex, "2026")
	if err != nil {
		t.Fatal(err)
	}
	if pcs.Rows[1].Code != "0DBJ" || pcs.Rows[1].See != "Excision, Appendix" || pcs.Rows[3].SeeAlso != "use Appendix" {
		t.Errorf("pcs: %+v", pcs.Rows)
	}
}

func TestImportIndexRefuses(t *testing.T) {
	if _, err := importSample(t, "icd10cm-index-sample.xml", coding.DiseaseIndex, "2027"); err == nil || !strings.Contains(err.Error(), "2026") {
		t.Errorf("a version other than the file's was accepted: %v", err)
	}
	if _, err := importSample(t, "icd10pcs-index-sample.xml", coding.DiseaseIndex, "2026"); err == nil {
		t.Error("a PCS index was accepted as the disease index")
	}
	if _, err := importSample(t, "who-claml-sample.xml", coding.DiseaseIndex, "2026"); err == nil {
		t.Error("ClaML was accepted as an index")
	}
	for _, bad := range []string{
		`<ICD10CM.index><version>1</version><letter><title>A</title><mainTerm><title>x</title><term level="2"><title>y</title></term></mainTerm></letter></ICD10CM.index>`,
		`<ICD10CM.index><version>1</version><letter><title>A</title><term level="1"><title>y</title></term></letter></ICD10CM.index>`,
		`<ICD10CM.index><version>1</version><letter><title>A</title><mainTerm><title>x</title><cell col="12">A</cell></mainTerm></letter></ICD10CM.index>`,
		`<ICD10CM.index><version>1</version></ICD10CM.index>`,
		`<ICD10CM.index><mainTerm>`,
	} {
		if _, _, err := ImportIndex(strings.NewReader(bad), coding.DiseaseIndex, ""); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// FuzzImportIndex proves the index reader never panics, and that a book it
// accepts loads and can be searched.
func FuzzImportIndex(f *testing.F) {
	for _, name := range []string{"icd10cm-index-sample.xml", "icd10cm-drug-sample.xml", "icd10cm-neoplasm-sample.xml",
		"icd10cm-eindex-sample.xml", "icd10pcs-index-sample.xml"} {
		seed, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(string(seed), uint8(0))
	}
	f.Fuzz(func(t *testing.T, in string, k uint8) {
		kind := coding.IndexKind(1 + k%5)
		data, ix, err := ImportIndex(strings.NewReader(in), kind, "")
		if err != nil {
			return
		}
		back, err := coding.ParseIndex(strings.NewReader(string(data)))
		if err != nil || len(back.Rows) != len(ix.Rows) {
			t.Fatalf("accepted book does not load: %v", err)
		}
		for i := range back.Rows {
			back.Path(i)
		}
		back.Find([]string{"a"}, true, -1, 5)
		back.Find([]string{"pain", "x"}, false, 1, 5)
	})
}

// FuzzParseIndex proves the line-format reader (what storage hands back)
// never panics on damaged data.
func FuzzParseIndex(f *testing.F) {
	f.Add("#index\tdisease\t2025\t\n0\tSepsis\t(x)\t\t\tA41.9\t\n1\tnewborn\t\t\t\tP36.9\t\n")
	f.Add("#index\tdrug\t2025\tA|B\n0\tX\t\t\t\t\tT1|T2\n")
	f.Fuzz(func(t *testing.T, in string) {
		ix, err := coding.ParseIndex(strings.NewReader(in))
		if err != nil {
			return
		}
		for i := range ix.Rows {
			ix.Path(i)
			ix.FollowSee(ix.Rows[i].See)
		}
		ix.Find([]string{"x", "y"}, true, 0, 5)
	})
}

// TestImportChecksRelease refuses a CMS file whose own release is not the
// version typed.
func TestImportChecksRelease(t *testing.T) {
	order, _ := os.ReadFile(filepath.Join("testdata", "icd10cm-order-excerpt.txt"))
	tab, _ := os.ReadFile(filepath.Join("testdata", "icd10cm-tabular-excerpt.xml"))
	pcs, _ := os.ReadFile(filepath.Join("testdata", "icd10pcs-tables-excerpt.xml"))
	cases := []struct {
		name string
		data []byte
		opt  Options
		ok   bool
	}{
		{"tabular 2021 typed 2022", order, Options{Format: CMSOrder, Name: "ICD-10-CM", Version: "2022", Tabular: strings.NewReader(string(tab))}, false},
		{"tabular 2021 typed 2021", order, Options{Format: CMSOrder, Name: "ICD-10-CM", Version: "2021", Tabular: strings.NewReader(string(tab))}, true},
		{"file name 2026 typed 2025", order, Options{Format: CMSOrder, Name: "ICD-10-CM", Version: "2025", FileName: "icd10cm_order_2026.txt"}, false},
		{"file name 2026 typed 2026", order, Options{Format: CMSOrder, Name: "ICD-10-CM", Version: "2026", FileName: "icd10cm_order_2026.txt"}, true},
		{"PCS 2020 typed 2021", pcs, Options{Format: CMSPCSTables, Name: "ICD-10-PCS", Version: "2021"}, false},
	}
	for _, tc := range cases {
		_, _, _, err := Import(strings.NewReader(string(tc.data)), tc.opt)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && !tc.ok && !strings.Contains(err.Error(), "release") {
			t.Errorf("%s: the error does not say the release: %v", tc.name, err)
		}
	}
}
