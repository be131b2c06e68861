package storage

import (
	"testing"

	"dossier/model"
)

func TestInstallCodeSetReplacesSameVersion(t *testing.T) {
	_, admin, _ := newTestStore(t)
	cs := model.CodeSet{Name: "ICPC-2", Version: "2015", Format: "icpc2", Codes: 2, Data: []byte("gz")}
	if err := admin.CodeSets().Install(cs); err != nil {
		t.Fatal(err)
	}
	cs.Codes = 3
	if err := admin.CodeSets().Install(cs); err != nil {
		t.Fatal(err)
	}
	sets, err := admin.CodeSets().List()
	if err != nil || len(sets) != 1 || sets[0].Codes != 3 || sets[0].Data != nil {
		t.Fatalf("sets %+v %v", sets, err)
	}
	if data, _ := admin.CodeSets().Data(sets[0].ID); string(data) != "gz" {
		t.Fatalf("data %q", data)
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if err := clerk.CodeSets().Install(cs); err == nil {
		t.Fatal("a clerk installed a code set")
	}
	if err := admin.CodeSets().Install(model.CodeSet{Name: "X", Version: "1"}); err == nil {
		t.Fatal("installed an empty set")
	}
}
