package storage

import (
	"slices"
	"testing"

	"dossier/model"
)

func TestRecordAuditDrawAnswerAndPermission(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	// Five stays discharged from Medical in the period, one from Surgical,
	// one discharged before it: only the five may be drawn for Medical.
	var medical []model.ID
	for i, name := range []string{"Amina", "Baraka", "Chege", "Dalia", "Eshe", "Faraji", "Gathoni"} {
		pt := newPatient(t, clerk, name)
		ward, day := "Medical", 20-i
		switch i {
		case 5:
			ward = "Surgical"
		case 6:
			day = 40
		}
		e := admit(t, clerk, pt, stayDay(day, 9, 0), ward, "")
		if _, err := clerk.Admissions().Discharge(e.ID, stayDay(day-1, 9, 0), "Discharged home", ""); err != nil {
			t.Fatal(err)
		}
		if ward == "Medical" && day != 40 {
			medical = append(medical, e.ID)
		}
	}
	from, to := stayDay(30, 0, 0), stayDay(0, 0, 0)

	if _, err := clerk.RecordAudits().Draw(from, to, "Medical", 3, 7); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk drew an audit: %v", err)
	}
	if err := clerk.RecordAudits().SaveChecklist(model.DefaultAuditChecklist(), "x"); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk edited the checklist: %v", err)
	}
	if err := super.RecordAudits().SaveChecklist(model.AuditChecklist{Questions: []string{"Legible", "Consent present"}}, ""); err == nil {
		t.Fatal("the checklist changed without a reason")
	}
	if err := super.RecordAudits().SaveChecklist(model.AuditChecklist{Questions: []string{"Legible", " Consent  present"}}, "shorter for the pilot"); err != nil {
		t.Fatal(err)
	}

	a, err := super.RecordAudits().Draw(from, to, " medical ", 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Stays) != 3 || a.Seed != 7 || !slices.Equal(a.Questions, []string{"Legible", "Consent present"}) {
		t.Fatalf("audit %+v", a)
	}
	again, err := super.RecordAudits().Draw(from, to, "Medical", 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Stays {
		if a.Stays[i].Encounter != again.Stays[i].Encounter {
			t.Errorf("the same seed drew another sample: %v then %v", a.Stays, again.Stays)
		}
		if !slices.Contains(medical, a.Stays[i].Encounter) || a.Stays[i].MRN == "" {
			t.Errorf("stay %d is not a Medical stay of the period, or has no MRN: %+v", i, a.Stays[i])
		}
	}
	all, err := super.RecordAudits().Draw(from, to, "", 50, 0)
	if err != nil || len(all.Stays) != 6 || all.Seed == 0 {
		t.Fatalf("every ward: %d stays, seed %d, %v; want the 6 of the period", len(all.Stays), all.Seed, err)
	}
	if _, err := super.RecordAudits().Draw(from, to, "Maternity", 3, 0); model.CodeOf(err) != model.NotFound {
		t.Errorf("an empty ward drew: %v", err)
	}

	if _, err := super.RecordAudits().Answer(a.ID, 0, []model.AuditAnswer{model.AnswerYes}); err == nil {
		t.Error("answers for half the questions were saved")
	}
	if _, err := clerk.RecordAudits().Answer(a.ID, 0, []model.AuditAnswer{model.AnswerYes, model.AnswerNA}); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk answered: %v", err)
	}
	if _, err := super.RecordAudits().Answer(a.ID, 1, []model.AuditAnswer{model.AnswerYes, model.AnswerNo}); err != nil {
		t.Fatal(err)
	}
	got, rev, err := super.RecordAudits().Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rev.Rev != 2 || got.Result().Overall.Shown() != "50%" || got.Reviewed() != 1 {
		t.Errorf("after one answer: revision %d, score %s, reviewed %d", rev.Rev, got.Result().Overall.Shown(), got.Reviewed())
	}
	list, err := super.RecordAudits().List()
	if err != nil || len(list) != 3 {
		t.Errorf("list: %d audits, %v", len(list), err)
	}
	hist, err := super.History(model.KindRecordAudit, a.ID)
	if err != nil || len(hist) != 2 {
		t.Errorf("history: %d revisions, %v", len(hist), err)
	}
}
