package storage

import (
	"testing"

	"dossier/model"
)

// Charts made while a rule was off are checked when the supervisor asks
// (ReviewExisting), not only at their next change; checking twice opens
// nothing twice; a clerk cannot start it.
func TestReviewExistingChartsAfterRulesChange(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	pt := newPatient(t, clerk, "Amina")

	rules := model.DefaultChartRules()
	off := model.DefaultChartRules()
	for i := range off.Rules {
		off.Rules[i].Off = true
	}
	if err := super.Deficiencies().SaveRules(off, "paper charts until the ward is trained"); err != nil {
		t.Fatal(err)
	}
	e := model.Encounter{PatientID: pt.ID, Start: stayDay(20, 10, 0), Ward: "Medical", Reason: "fever", Diagnoses: []string{"malaria"}}
	if err := clerk.Admissions().Admit(&e); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Admissions().Discharge(e.ID, stayDay(18, 0, 1), "Discharged home", ""); err != nil {
		t.Fatal(err)
	}
	if err := super.Deficiencies().SaveRules(rules, "the ward is trained"); err != nil {
		t.Fatal(err)
	}
	if got := openRules(t, super, e.ID); len(got) != 0 {
		t.Fatalf("rules applied before the chart changed or was checked: %v", got)
	}
	if _, err := clerk.Deficiencies().ReviewExisting(nil, nil); model.CodeOf(err) != model.Denied {
		t.Errorf("a clerk started the chart check: %v", err)
	}
	var last [2]int
	n, err := super.Deficiencies().ReviewExisting(func(done, total int) { last = [2]int{done, total} }, nil)
	if err != nil || n != 1 || last != [2]int{1, 1} {
		t.Fatalf("checked %d, progress %v, %v", n, last, err)
	}
	first := openRules(t, super, e.ID)
	for _, r := range []model.RuleCode{model.RuleAdmissionForm, model.RuleDischargeSummary, model.RulePrincipalCoded} {
		if _, ok := first[r]; !ok {
			t.Errorf("after the check %s is not open: %v", r, first)
		}
	}
	if _, err := super.Deficiencies().ReviewExisting(nil, nil); err != nil {
		t.Fatal(err)
	}
	if again := openRules(t, super, e.ID); len(again) != len(first) {
		t.Errorf("a second check changed the open deficiencies: %v → %v", first, again)
	}
	stop := make(chan struct{})
	close(stop)
	if n, err := super.Deficiencies().ReviewExisting(nil, stop); err != nil || n != 0 {
		t.Errorf("a stopped check went on: %d %v", n, err)
	}
}
