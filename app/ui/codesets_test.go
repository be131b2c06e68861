package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"dossier/model"
	codeimport "dossier/reports/imports/codes"
)

// The import itself, from the Code sets screen, is tested in the admin
// package (admin.TestImportCodeSetTellsCodingAndRefusesBadRows); here the
// window passes the news on to coding, whose coders then search the set.
func TestAdminImportsACodeSetCodersCanSearch(t *testing.T) {
	ui := openUI(t, newDemoStore(t))
	signInAs(t, ui, "admin")
	openSection(t, ui, "Code sets")
	wantText(t, ui, "ICD-10-CM 2021 — shipped with Dossier")
	if err := ui.codes.load(ui.sess); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	opt := codeimport.Options{Format: codeimport.ICPC2, Name: "ICPC-2", Version: "2015"}
	packed, set, _, err := codeimport.Import(bytes.NewReader(data), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := ui.sess.CodeSets().Install(model.CodeSet{Name: opt.Name, Version: opt.Version, Format: string(opt.Format),
		Codes: set.Len(), Data: packed}); err != nil {
		t.Fatal(err)
	}
	onUI(ui, ui.h.Links.CodeSetsChanged)
	openSection(t, ui, "Code sets")
	wantText(t, ui, "ICPC-2 2015 —")
	if err := ui.codes.load(ui.sess); err != nil {
		t.Fatal(err)
	}
	hits := ui.codes.searcher.Search("pain general", 5)
	if len(hits) == 0 || hits[0].Code.System.Name != "ICPC-2" {
		t.Fatalf("imported set not searched: %+v", hits)
	}
}
