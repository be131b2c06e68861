package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/model"
	codeimport "dossier/reports/imports/codes"
	"dossier/storage"

	"fyne.io/fyne/v2/widget"
)

// The import itself, from the Code sets screen, is tested in the admin
// package (admin.TestImportCodeSetTellsCodingAndRefusesBadRows); here the
// window passes the news on to coding, whose coders then search the set.
func TestAdminImportsACodeSetCodersCanSearch(t *testing.T) {
	path := newDemoStore(t)
	addCoderWork(t, path)
	ui := openUI(t, path)
	signInAs(t, ui, "admin")
	openSection(t, ui, "Code sets")
	wantText(t, ui, "ICD-10-CM 2021 — shipped with Dossier")
	data, err := os.ReadFile(filepath.Join("..", "..", "reports", "imports", "codes", "testdata", "icpc2-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	opt := codeimport.Options{Format: codeimport.ICPC2, Name: "ICPC-2", Version: "2015"}
	packed, set, _, err := codeimport.Import(bytes.NewReader(data), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := ui.h.Session().CodeSets().Install(model.CodeSet{Name: opt.Name, Version: opt.Version, Format: string(opt.Format),
		Codes: set.Len(), Data: packed}); err != nil {
		t.Fatal(err)
	}
	onUI(ui, ui.h.Links.CodeSetsChanged)
	openSection(t, ui, "Code sets")
	wantText(t, ui, "ICPC-2 2015 —")

	// A coder's picker now finds the imported codes first.
	onUI(ui, func() { ui.lock("lock") })
	ui.Wait()
	signInAs(t, ui, "coder1")
	openSection(t, ui, "Coding")
	onUI(ui, func() { firstTable(t, ui).Select(widget.TableCellID{Row: 0, Col: 1}) })
	ui.Wait()
	tap(ui, findButton(t, ui, "Code…"))
	box := pickerBox(t, ui)
	onUI(ui, func() { box.SetText("pain general") })
	ui.Wait()
	// The imported code is among the first results, beside the path the
	// ICD-10-CM Alphabetic Index reads for the same words ("Pain ›
	// generalized NOS → R52"), which ranks first by design.
	wantText(t, ui, "A01  Pain general/multiple sites")
	wantText(t, ui, "Pain › generalized NOS → R52")
}

// addCoderWork adds a coder and an encounter waiting for codes to the
// store at path.
func addCoderWork(t *testing.T, path string) {
	t.Helper()
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin, _ := s.SignIn("admin", pw)
	if _, err := admin.Admin().CreateUser(model.User{Username: "coder1", FullName: "Cora Coder", Role: model.RoleCoder}, pw); err != nil {
		t.Fatal(err)
	}
	clerk, _ := s.SignIn("clerk1", pw)
	list, _ := clerk.Patients().List(false)
	enc := model.Encounter{PatientID: list[0].ID, Type: model.EncOutpatient, Start: time.Now().AddDate(0, 0, -1), Diagnoses: []string{"general pain"}}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
}
