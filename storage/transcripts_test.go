package storage

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/clinical"
)

func TestTranscribeAndDoubleKey(t *testing.T) {
	_, admin, _ := newTestStore(t)
	c, _ := admin.Clinic()
	c.DoubleEntry = true
	if err := admin.Admin().UpdateClinic(c, "double-key transcriptions"); err != nil {
		t.Fatal(err)
	}
	clerk1 := addUser(t, admin, "clerk1", model.RoleClerk)
	clerk2 := addUser(t, admin, "clerk2", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk1, "Amina")
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := clerk1.Documents().Import(&doc, []NewPage{fakePage("lab", 9)}); err != nil {
		t.Fatal(err)
	}
	// A result that cannot be right is named beside its field.
	bad := clinical.Entry{"test": "hb", "value": "112", "unit": "g/dL", "collected": "12/03/2024 08:30"}
	_, err := clerk1.Transcripts().Save(doc.ID, doc.Pages, bad)
	if model.CodeOf(err) != model.Invalid || model.FieldsOf(err)["value"] == "" {
		t.Fatalf("implausible haemoglobin: %v", err)
	}
	first := clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30", "reported": "13/03/2024"}
	tr, err := clerk1.Transcripts().Save(doc.ID, doc.Pages, first)
	if err != nil || tr.Status != clinical.TranscriptAwaitingSecond {
		t.Fatalf("first keying: %v %s", err, tr.Status)
	}
	if _, err := clerk1.Transcripts().KeySecond(tr.ID, first); err == nil {
		t.Fatal("the same clerk keyed twice")
	}
	if q, _ := clerk1.Transcripts().Queue(clinical.TranscriptAwaitingSecond); len(q) != 0 {
		t.Fatal("clerk1 is offered their own keying to check")
	}
	if q, _ := clerk2.Transcripts().Queue(clinical.TranscriptAwaitingSecond); len(q) != 1 {
		t.Fatal("clerk2 is not offered the second keying")
	}
	second := clinical.Entry{"test": "hb", "value": "11.7", "unit": "g/dL", "collected": "12.3.24 8:30", "reported": "13/03/2024"}
	tr, err = clerk2.Transcripts().KeySecond(tr.ID, second)
	if err != nil || tr.Status != clinical.TranscriptMismatched || len(tr.Mismatches) != 1 || tr.Mismatches[0].Field != "value" {
		t.Fatalf("second keying: %v %s %+v", err, tr.Status, tr.Mismatches)
	}
	if _, err := clerk2.Transcripts().Settle(tr.ID, map[string]string{"value": "11.2"}); err == nil {
		t.Fatal("a clerk settled the differences")
	}
	if _, err := super.Transcripts().Settle(tr.ID, map[string]string{}); err == nil {
		t.Fatal("settled without a choice")
	}
	tr, err = super.Transcripts().Settle(tr.ID, map[string]string{"value": "11.2"})
	if err != nil || tr.Status != clinical.TranscriptVerified || tr.Final["value"] != "11.2" {
		t.Fatalf("settle: %v %+v", err, tr)
	}
	byClerk, byField, err := super.Transcripts().AgreementRates()
	if err != nil || byClerk["clerk1"].Percent != 100 || byClerk["clerk2"].Agreed != byClerk["clerk2"].Total-1 || byField["value"].Agreed != 1 {
		t.Fatalf("agreement: %v %+v %+v", err, byClerk, byField)
	}
	if _, err := clerk1.Transcripts().Save(doc.ID, doc.Pages, first); err == nil {
		t.Fatal("a double-keyed document was changed by a clerk")
	}
	got, ok, err := super.Transcripts().OfDocument(doc.ID)
	if err != nil || !ok || got.ID != tr.ID {
		t.Fatalf("read back: %v %v", ok, err)
	}
}

func TestScannedOnlyDocumentsHaveNoForm(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	doc := model.Document{PatientID: pt.ID, Type: model.DocImaging, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := clerk.Documents().Import(&doc, []NewPage{fakePage("x", 9)}); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, clinical.Entry{"x": "y"}); err == nil {
		t.Fatal("keyed an imaging report")
	}
}

// Diagnoses keyed from a discharge summary reach its encounter, uncoded,
// for the coding queue.
func TestKeyedDiagnosesReachTheCodingQueue(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	enc := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: day("2016-03-02"), End: day("2016-03-09"), Diagnoses: []string{"Severe malaria"}}
	if err := clerk.Encounters().Create(&enc); err != nil {
		t.Fatal(err)
	}
	doc := model.Document{PatientID: pt.ID, EncounterID: enc.ID, Type: model.DocDischarge, Date: model.Date{Year: 2016, Month: 3, Day: 9}}
	if err := clerk.Documents().Import(&doc, []NewPage{fakePage("d", 9)}); err != nil {
		t.Fatal(err)
	}
	fields := clinical.Entry{"discharged": "09/03/2016 11:00", "disposition": "home", "principal_diagnosis": "severe malaria",
		"secondary_diagnoses": "Anaemia, severe; Hypoglycaemia"}
	if _, err := clerk.Transcripts().Save(doc.ID, doc.Pages, fields); err != nil {
		t.Fatal(err)
	}
	ch, _ := clerk.Encounters().Chart(pt.ID)
	got := strings.Join(ch.Encounters[0].Diagnoses, "|")
	if got != "Severe malaria|Anaemia, severe|Hypoglycaemia" {
		t.Fatalf("encounter diagnoses: %q", got)
	}
}

// The clinic chooses the fields keyed twice: a difference elsewhere is not
// a mismatch, and the second clerk keys only the chosen fields.
func TestClinicChoosesDoubleEntryFields(t *testing.T) {
	_, admin, _ := newTestStore(t)
	c, _ := admin.Clinic()
	c.DoubleEntry = true
	c.DoubleEntryFields = map[model.DocType][]string{model.DocLab: {"test", "value"}}
	if err := admin.Admin().UpdateClinic(c, "double-key results only"); err != nil {
		t.Fatal(err)
	}
	clerk1 := addUser(t, admin, "clerk1", model.RoleClerk)
	clerk2 := addUser(t, admin, "clerk2", model.RoleClerk)
	pt := newPatient(t, clerk1, "Amina")
	doc := model.Document{PatientID: pt.ID, Type: model.DocLab, Date: model.Date{Year: 2024, Month: 3, Day: 12}}
	if err := clerk1.Documents().Import(&doc, []NewPage{fakePage("lab", 9)}); err != nil {
		t.Fatal(err)
	}
	tr, err := clerk1.Transcripts().Save(doc.ID, doc.Pages, clinical.Entry{"test": "hb", "value": "11.2", "unit": "g/dL", "collected": "12/03/2024 08:30"})
	if err != nil {
		t.Fatal(err)
	}
	tr, err = clerk2.Transcripts().KeySecond(tr.ID, clinical.Entry{"test": "hb", "value": "11.2"})
	if err != nil || tr.Status != clinical.TranscriptVerified {
		t.Fatalf("second keying of the chosen fields: %v %s %+v", err, tr.Status, tr.Mismatches)
	}
	byClerk, _, _ := admin.Transcripts().AgreementRates()
	if byClerk["clerk2"].Total != 2 {
		t.Fatalf("rates count the chosen fields only: %+v", byClerk)
	}
}
