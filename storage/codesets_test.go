package storage

import (
	"testing"

	"dossier/model"
)

func TestInstallCodeSetRefusesSameVersionTwice(t *testing.T) {
	_, admin, _ := newTestStore(t)
	cs := model.CodeSet{Name: "ICD-10-CM", Version: "2021", Format: "icd10cm", Codes: 2, Data: []byte("gz")}
	if err := admin.CodeSets().Install(cs); err != nil {
		t.Fatal(err)
	}
	cs.Codes = 3
	err := admin.CodeSets().Install(cs)
	if model.CodeOf(err) != model.Conflict || err.Error() != "install the code set: ICD-10-CM 2021 is already installed" {
		t.Fatalf("second install: %v", err)
	}
	sets, err := admin.CodeSets().List()
	if err != nil || len(sets) != 1 || sets[0].Codes != 2 || sets[0].Data != nil {
		t.Fatalf("sets %+v %v", sets, err)
	}
	if data, _ := admin.CodeSets().Data(sets[0].ID); string(data) != "gz" {
		t.Fatalf("data %q", data)
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	cs.Version = "2022"
	if err := clerk.CodeSets().Install(cs); err == nil {
		t.Fatal("a clerk installed a code set")
	}
	if err := admin.CodeSets().Install(model.CodeSet{Name: "X", Version: "1"}); err == nil {
		t.Fatal("installed an empty set")
	}
}
