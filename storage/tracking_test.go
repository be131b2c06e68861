package storage

import (
	"testing"
	"time"

	"dossier/model"
)

func TestBatchLifecycleWithQC(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	checker := addUser(t, admin, "clerk2", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	b := model.Batch{Label: "Box 12", Origin: "Shelf C, 1998–2003", Charts: 40}
	if err := clerk.Batches().Create(&b); err != nil {
		t.Fatal(err)
	}
	var np []NewPage
	for i := 0; i < 30; i++ {
		np = append(np, fakePage("p", 8))
	}
	pages, err := clerk.Pages().Import(b.ID, np)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Batches().Advance(b.ID, model.StageIndexed, ""); err == nil {
		t.Fatal("skipped a stage")
	}
	if _, err := clerk.Batches().Advance(b.ID, model.StageScanned, "30 pages"); err != nil {
		t.Fatal(err)
	}
	ids := make([]model.ID, 25)
	for i := range ids {
		ids[i] = pages[i].ID
	}
	doc := model.Document{PatientID: pt.ID, Type: model.DocCaseNote, Date: model.Date{Year: 2000, Month: 2, Day: 3}, Pages: ids, BatchID: b.ID}
	if err := clerk.Documents().File(&doc); err != nil {
		t.Fatal(err)
	}
	st, err := clerk.Batches().Progress(b.ID)
	if err != nil || st.Pages != 30 || st.Filed != 25 || st.Unfiled != 5 || len(st.Clerks) != 1 || st.Clerks[0].Indexed != 25 {
		t.Fatalf("progress: %v %+v", err, st)
	}
	if _, err := clerk.Batches().Advance(b.ID, model.StageIndexed, ""); err != nil {
		t.Fatal(err)
	}
	got, err := clerk.Batches().DrawQCSample(b.ID)
	if err != nil || len(got.QC.Sample) != 5 {
		t.Fatalf("sample: %v %d", err, len(got.QC.Sample))
	}
	again, _ := clerk.Batches().DrawQCSample(b.ID)
	if again.QC.Sample[0] != got.QC.Sample[0] {
		t.Fatal("the sample was redrawn")
	}
	checks := make([]model.QCCheck, len(got.QC.Sample))
	for i, id := range got.QC.Sample {
		checks[i] = model.QCCheck{PageID: id, OK: true}
	}
	if _, err := clerk.Batches().RecordQC(b.ID, checks); err == nil {
		t.Fatal("the indexer checked their own work")
	}
	checks[2] = model.QCCheck{PageID: checks[2].PageID, Problem: "Upside down or sideways"}
	if got, err = checker.Batches().RecordQC(b.ID, checks); err != nil || got.QC.Passed {
		t.Fatalf("failed check: %v %+v", err, got.QC)
	}
	checker.Batches().Advance(b.ID, model.StageTranscribed, "")
	if _, err := checker.Batches().Advance(b.ID, model.StageVerified, ""); err == nil {
		t.Fatal("verified after a failed check")
	}
	checks[2] = model.QCCheck{PageID: checks[2].PageID, OK: true}
	if got, err = checker.Batches().RecordQC(b.ID, checks); err != nil || !got.QC.Passed {
		t.Fatalf("recheck: %v", err)
	}
	for _, s := range []model.BatchStage{model.StageVerified, model.StageReturned} {
		if _, err := checker.Batches().Advance(b.ID, s, ""); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if _, err := checker.Batches().Advance(b.ID, model.StageRetained, ""); err == nil {
		t.Fatal("a finished batch moved on")
	}
}

func TestChartMovements(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	if _, ok, _ := clerk.ChartFiles().Of(pt.ID); ok {
		t.Fatal("chart record before shelving")
	}
	if _, err := clerk.ChartFiles().Shelve(pt.ID, "", ""); err == nil {
		t.Fatal("shelved nowhere")
	}
	if _, err := clerk.ChartFiles().Shelve(pt.ID, "Room 1 / Shelf 23", ""); err != nil {
		t.Fatal(err)
	}
	today := model.DateOf(time.Now())
	if _, err := clerk.ChartFiles().CheckOut(pt.ID, "Ward 3 (Dr Achieng)", model.DateOf(time.Now().AddDate(0, 0, -1)), ""); err == nil {
		t.Fatal("due date in the past accepted")
	}
	if _, err := clerk.ChartFiles().CheckOut(pt.ID, "Ward 3 (Dr Achieng)", today, "ward round"); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.ChartFiles().CheckOut(pt.ID, "Theatre", today, ""); err == nil {
		t.Fatal("checked out twice")
	}
	out, err := clerk.ChartFiles().Out()
	if err != nil || len(out) != 1 || out[0].Holder != "Ward 3 (Dr Achieng)" || out[0].Overdue(today) {
		t.Fatalf("charts out: %v %+v", err, out)
	}
	if !out[0].Overdue(model.DateOf(time.Now().AddDate(0, 0, 1))) {
		t.Fatal("not overdue tomorrow")
	}
	if _, err := clerk.ChartFiles().Return(pt.ID, ""); err != nil {
		t.Fatal(err)
	}
	moves, err := clerk.ChartFiles().Movements(pt.ID)
	if err != nil || len(moves) != 3 || moves[1].Status != model.ChartCheckedOut || moves[2].Status != model.ChartOnShelf || moves[2].By != "clerk1" {
		t.Fatalf("history: %v %+v", err, moves)
	}
	if out, _ := clerk.ChartFiles().Out(); len(out) != 0 {
		t.Fatal("returned chart still out")
	}
}

func TestSpecimenLog(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	s1 := model.Specimen{PatientID: pt.ID, Type: "Blood", Tests: "Malaria RDT, FBC", Collected: time.Now().Add(-time.Hour), Lab: "District lab"}
	s2 := s1
	if err := clerk.Specimens().Log(&s1); err != nil {
		t.Fatal(err)
	}
	if err := clerk.Specimens().Log(&s2); err != nil {
		t.Fatal(err)
	}
	if s1.Code == s2.Code || s2.Code != model.SpecimenCode(pt.MRN, 2) {
		t.Fatalf("codes %q %q", s1.Code, s2.Code)
	}
	bad := model.Specimen{PatientID: pt.ID, Type: "Urine", Collected: time.Now()}
	if err := clerk.Specimens().Log(&bad); err == nil {
		t.Fatal("specimen without tests logged")
	}
	if _, err := clerk.Specimens().SetOutcome(s1.ID, model.SpecimenResulted, "negative"); err != nil {
		t.Fatal(err)
	}
	waiting, _ := clerk.Specimens().List(true)
	all, _ := clerk.Specimens().List(false)
	if len(waiting) != 1 || waiting[0].ID != s2.ID || len(all) != 2 || waiting[0].Patient.MRN != pt.MRN {
		t.Fatalf("log: %d waiting, %d all", len(waiting), len(all))
	}
}

func TestInpatientStaysDoNotOverlap(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	pt := newPatient(t, clerk, "Amina")
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	stay := model.Encounter{PatientID: pt.ID, Type: model.EncInpatient, Start: day("2015-03-01"), End: day("2015-03-10"), Ward: "Maternity"}
	if err := clerk.Encounters().Create(&stay); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		enc        model.Encounter
		wantRefuse bool
	}{
		{"overlapping stay", model.Encounter{Type: model.EncInpatient, Start: day("2015-03-05"), End: day("2015-03-12")}, true},
		{"stay inside", model.Encounter{Type: model.EncInpatient, Start: day("2015-03-02"), End: day("2015-03-03")}, true},
		{"next day", model.Encounter{Type: model.EncInpatient, Start: day("2015-03-10"), End: day("2015-03-11")}, false},
		{"outpatient visit during stay", model.Encounter{Type: model.EncOutpatient, Start: day("2015-03-04")}, false},
		{"discharge before admission", model.Encounter{Type: model.EncInpatient, Start: day("2016-03-04"), End: day("2016-03-01")}, true},
		{"future", model.Encounter{Type: model.EncOutpatient, Start: time.Now().Add(72 * time.Hour)}, true},
	}
	for _, c := range cases {
		c.enc.PatientID = pt.ID
		err := clerk.Encounters().Create(&c.enc)
		if (err != nil) != c.wantRefuse {
			t.Errorf("%s: err %v", c.name, err)
		}
	}
}
