package storage

import (
	"strings"
	"testing"

	"dossier/model"
	"dossier/model/coding"
)

func TestShorthandDefaultsSaveAndRefuse(t *testing.T) {
	_, admin, _ := newTestStore(t)
	list, err := admin.CodeSets().Shorthand()
	if err != nil || list["ccf"] != "congestive cardiac failure" {
		t.Fatalf("defaults: %v %v", list["ccf"], err)
	}
	if _, saved, _ := admin.CodeSets().ShorthandText(); saved {
		t.Fatal("a list is saved before anyone saved one")
	}
	if err := admin.CodeSets().SaveShorthand("CCF = congestive cardiac failure\nBBA = born before arrival\n", "our register"); err != nil {
		t.Fatal(err)
	}
	if err := admin.CodeSets().SaveShorthand("CCF = congestive cardiac failure\nBBA born before arrival\n", "typo"); model.CodeOf(err) != model.Invalid ||
		!strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a bad line was accepted or not named: %v", err)
	}
	if err := admin.CodeSets().SaveShorthand("NND = neonatal death\n", " "); model.CodeOf(err) != model.Invalid {
		t.Fatalf("saved without a reason: %v", err)
	}
	text, saved, err := admin.CodeSets().ShorthandText()
	if err != nil || !saved || !strings.Contains(text, "BBA = born before arrival") {
		t.Fatalf("saved list: %q %v %v", text, saved, err)
	}
	if err := admin.CodeSets().SaveShorthand("NND = neonatal death\n", "second edit"); err != nil {
		t.Fatal(err)
	}
	if list, _ := admin.CodeSets().Shorthand(); len(list) != 1 || list["nnd"] != "neonatal death" {
		t.Fatalf("after the second edit: %v", list)
	}
	// The list is not a code set to load.
	if sets, _ := admin.CodeSets().List(); len(sets) != 0 {
		t.Fatalf("the shorthand is listed as a code set: %+v", sets)
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if err := clerk.CodeSets().SaveShorthand("X = y\n", "mine"); err == nil {
		t.Fatal("a clerk changed the clinic's shorthand")
	}
	if _, err := clerk.CodeSets().Shorthand(); err != nil {
		t.Fatalf("a clerk cannot read the shorthand: %v", err)
	}
}

func TestInstallIndexBook(t *testing.T) {
	_, admin, _ := newTestStore(t)
	ix := &coding.Index{Kind: coding.DrugTable, Version: "2026", Columns: []string{"Substance", "A", "B"}}
	ix.Append(coding.IndexRow{Term: "Amitriptyline", Cells: []string{"T43.011", "T43.012"}})
	var buf strings.Builder
	coding.WriteIndex(&buf, ix)
	if err := admin.CodeSets().InstallIndex(coding.DrugTable, "2026", 1, []byte(buf.String())); err != nil {
		t.Fatal(err)
	}
	sets, err := admin.CodeSets().List()
	if err != nil || len(sets) != 1 || sets[0].Name != "ICD-10-CM Table of Drugs and Chemicals" {
		t.Fatalf("sets: %+v %v", sets, err)
	}
	kind, ok := IndexKindOf(sets[0])
	if !ok || kind != coding.DrugTable {
		t.Fatalf("kind %v %v", kind, ok)
	}
	data, err := admin.CodeSets().Data(sets[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadIndex(data)
	if err != nil || len(back.Rows) != 1 || back.Rows[0].Cells[1] != "T43.012" {
		t.Fatalf("read back: %+v %v", back, err)
	}
	if err := admin.CodeSets().InstallIndex(coding.DrugTable, "2027", 0, nil); err == nil {
		t.Fatal("installed an empty book")
	}
}
