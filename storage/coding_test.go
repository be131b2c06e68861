package storage

import (
	"errors"
	"testing"
	"time"

	"dossier/model"
)

func TestCodingQueueSaveAndProductivity(t *testing.T) {
	_, admin, _ := newTestStore(t)
	p := samplePatient("Amina", "Nakato")
	admin.Patients().Register(&p)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	old := model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -9), Diagnoses: []string{"malaria", "anaemia"}}
	recent := model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -1), Diagnoses: []string{"cough"}}
	clerk.Encounters().Create(&recent)
	clerk.Encounters().Create(&old)
	clerk.Encounters().Create(&model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow()}) // nothing to code

	coder := addUser(t, admin, "coder1", model.RoleCoder)
	if _, err := clerk.Coding().Queue(0); err == nil {
		t.Fatal("a clerk read the coding queue")
	}
	q, err := coder.Coding().Queue(0)
	if err != nil || len(q) != 2 || q[0].Encounter.ID != old.ID || q[0].Patient.MRN != p.MRN {
		t.Fatalf("queue %+v %v", q, err)
	}
	items := q[0].Encounter.ItemsToCode()
	items[0].System, items[0].Version, items[0].Code = "ICD-10-CM", "2021", "B54"
	if err := coder.Coding().Save(old.ID, items, true, q[0].Rev); err == nil {
		t.Fatal("marked coded with an uncoded item")
	}
	if err := coder.Coding().Save(old.ID, items, false, q[0].Rev); err != nil {
		t.Fatal(err)
	}
	items[1].System, items[1].Version, items[1].Code = "ICD-10-CM", "2021", "D64.9"
	items[0].Principal, items[1].Principal = false, false
	if err := coder.Coding().Save(old.ID, items, true, q[0].Rev+1); !errors.Is(err, ErrNoPrincipal) {
		t.Fatalf("no principal: %v", err)
	}
	items[0].Principal = true
	if err := coder.Coding().Save(old.ID, items, true, q[0].Rev); !errors.Is(err, ErrStale) {
		t.Fatalf("stale save: %v", err)
	}
	if err := coder.Coding().Save(old.ID, items, true, q[0].Rev+1); err != nil {
		t.Fatal(err)
	}
	if q, _ := coder.Coding().Queue(0); len(q) != 1 {
		t.Fatalf("coded encounter still queued: %d", len(q))
	}
	prod, _ := coder.Coding().Productivity(time.Now().Add(-time.Hour))
	if prod["coder1"] != 1 {
		t.Fatalf("productivity %v", prod)
	}
	hist, _ := coder.History(model.KindEncounter, old.ID)
	if last := hist[len(hist)-1]; last.User != "coder1" || last.Reason != "coded: B54, D64.9" {
		t.Fatalf("coding revision %+v", last)
	}
}

func TestCodeCounts(t *testing.T) {
	_, admin, _ := newTestStore(t)
	p := samplePatient("Amina", "Nakato")
	admin.Patients().Register(&p)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	for i := 0; i < 3; i++ {
		e := model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -i-1), Diagnoses: []string{"malaria"}}
		clerk.Encounters().Create(&e)
		coder.Coding().Save(e.ID, []model.CodedItem{{Kind: model.ItemDiagnosis, Text: "malaria", System: "ICD-10-CM", Version: "2021", Code: "B54", Principal: true}}, true, 1)
	}
	counts, err := coder.Coding().Counts()
	if err != nil || counts["B54"] != 3 {
		t.Fatalf("counts %v %v", counts, err)
	}
}

// Issue 11, defect 3: storage accepted two principal diagnoses; only the
// Coding screen refused them.
func TestStorageRefusesTwoPrincipalDiagnoses(t *testing.T) {
	_, admin, _ := newTestStore(t)
	p := samplePatient("Amina", "Nakato")
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	two := []model.CodedItem{
		{Kind: model.ItemDiagnosis, Text: "malaria", System: "ICD-10-CM", Code: "B54", Principal: true},
		{Kind: model.ItemDiagnosis, Text: "anaemia", System: "ICD-10-CM", Code: "D64.9", Principal: true},
	}
	bad := model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -2), Coding: two}
	if err := admin.Encounters().Create(&bad); model.CodeOf(err) != model.Invalid || model.FieldsOf(err)["principal"] == "" {
		t.Fatalf("encounter with two principal diagnoses: %v", err)
	}
	e := model.Encounter{PatientID: p.ID, Type: model.EncOutpatient, Start: wallNow().AddDate(0, 0, -1), Diagnoses: []string{"malaria", "anaemia"}}
	if err := admin.Encounters().Create(&e); err != nil {
		t.Fatal(err)
	}
	coder := addUser(t, admin, "coder1", model.RoleCoder)
	for _, done := range []bool{false, true} {
		if err := coder.Coding().Save(e.ID, two, done, 1); model.CodeOf(err) != model.Invalid || model.FieldsOf(err)["principal"] == "" {
			t.Fatalf("coding save (done %v) with two principal diagnoses: %v", done, err)
		}
	}
	two[1].Principal = false
	if err := coder.Coding().Save(e.ID, two, true, 1); err != nil {
		t.Fatal(err)
	}
}
