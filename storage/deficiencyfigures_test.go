package storage

import (
	"testing"

	"dossier/model"
)

func TestDeficiencyFigures(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	addUser(t, admin, "drachieng", model.RoleClinician)
	pt := newPatient(t, clerk, "Amina")

	e := model.Encounter{PatientID: pt.ID, Start: stayDay(50, 10, 0), Ward: "Medical", AdmittedBy: "drachieng",
		Reason: "fever", Diagnoses: []string{"malaria"}}
	if err := clerk.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	discharged := stayDay(45, 9, 0)
	if _, err := clerk.Admissions().Discharge(e.ID, discharged, "Discharged home", ""); err != nil {
		t.Fatal(err)
	}
	from, to := model.MonthOf(discharged), model.MonthOf(stayDay(0, 9, 0))
	if _, err := clerk.Deficiencies().Figures(from, to); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk read the figures: %v", err)
	}
	f, err := super.Deficiencies().Figures(from, to)
	if err != nil {
		t.Fatal(err)
	}
	discharges := 0
	for _, m := range f.Months {
		discharges += m.Discharges
	}
	if discharges != 1 {
		t.Errorf("discharges over the period = %d, want 1: %+v", discharges, f.Months)
	}
	// 45 days after discharge with the summary still missing the record is
	// delinquent now (the month still running is measured at now).
	if last := f.Months[len(f.Months)-1]; last.Delinquent != 1 || !last.HasRate {
		t.Errorf("this month: %+v, want the one record delinquent", last)
	}
	raised := 0
	for _, r := range f.ByRule {
		raised += r.Raised
	}
	if raised == 0 || f.DelinquentDays != 30 {
		t.Errorf("figures: %+v", f)
	}
	// A period before anything happened counts nothing.
	early := model.MonthOf(stayDay(400, 9, 0))
	if f, err := super.Deficiencies().Figures(early, early); err != nil || f.Months[0].Discharges != 0 || f.Months[0].Delinquent != 0 {
		t.Errorf("an empty period: %+v, %v", f, err)
	}
	if _, err := super.Deficiencies().Figures(to, from); err == nil && from != to {
		t.Error("a period ending before it starts was accepted")
	}
}
