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
