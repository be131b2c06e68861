package ui

import (
	"os"
	"path/filepath"
	"testing"

	codeimport "dossier/reports/imports/codes"
)

func TestAdminImportsACodeSetCodersCanSearch(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Code sets")
	wantText(t, ui, "ICD-10-CM 2021 — shipped with Dossier")
	data, err := os.ReadFile(filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	onUI(ui, func() {
		ui.runCodeSetImport("icpc2-sample.csv", data, "", codeimport.Options{Format: codeimport.ICPC2, Name: "ICPC-2", Version: "2015"},
			func() { ui.OpenSection("Code sets") })
	})
	ui.Wait()
	wantText(t, ui, "ICPC-2 2015 installed")
	wantText(t, ui, "ICPC-2 2015 —")
	if err := ui.codes.load(ui.sess); err != nil {
		t.Fatal(err)
	}
	hits := ui.codes.searcher.Search("pain general", 5)
	if len(hits) == 0 || hits[0].Code.System.Name != "ICPC-2" {
		t.Fatalf("imported set not searched: %+v", hits)
	}

	bad := []byte("code,title\nA01,Pain general\n,No code\n")
	onUI(ui, func() {
		ui.runCodeSetImport("bad.csv", bad, "", codeimport.Options{Format: codeimport.Table, Name: "Clinic list", Version: "1"}, func() {})
	})
	ui.Wait()
	wantText(t, ui, "Nothing was installed.")
	wantText(t, ui, "line 3")
}
